/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-bench-core"

#include "config.h"

#include <glib/gi18n.h>

#include "okp-bench-util.h"
#include "okp-checklist-printer.h"
#include "okp-cli.h"
#include "okp-content.h"
#include "okp-guide-renderer.h"
#include "okp-resources.h"
#include "okp-search.h"

#include <locale.h>
#include <string.h>

/*
 * The benchmarks that need no display, on the application's own core
 * library: the size of the first guide page (for the baseline's page),
 * search per keystroke on the real guide and on a synthetic one many times
 * larger, and the PDF export of every checklist.
 *
 * usage:
 *   okp-bench-core page-size
 *   okp-bench-core search LABEL SCALE REPEAT QUERY...
 *   okp-bench-core export REPEAT FILE.pdf
 *
 * The guide and the interface follow the locale, as in the application
 * (OKP_LOCALEDIR points at the build tree's catalogs).
 */

static OkpGuide *
load_guide (void)
{
  g_autoptr(GError) error = NULL;
  OkpGuide *guide = okp_content_load_guide (&error);

  if (guide == NULL)
    g_error ("The guide could not be loaded: %s", error->message);

  return guide;
}

/* The first page the window shows, rendered as the guide view's URI
 * handler renders it, so the baseline's page can be made as large. */
static int
page_size (void)
{
  g_autoptr(OkpGuide) guide = load_guide ();
  const OkpSection *first = g_ptr_array_index (okp_guide_get_sections (guide), 0);
  OkpRenderOptions options = {
    .lang = okp_content_page_language (),
    .stylesheet = OKP_URI_SCHEME ":///web/guide.css",
  };
  g_autofree char *html = okp_guide_render_section (guide, first, &options);

  g_print ("%s %zu\n", first->id, strlen (html));
  return 0;
}

/* The guide's content repeated @scale times. Every copy after the first
 * gets its own ids (and its references follow), so it is a valid guide
 * of @scale times the sections, checklists and channels, in which every
 * string is still one the catalogs translate. */
static OkpGuide *
load_scaled_guide (guint scale)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GRegex) ids = NULL;
  g_autoptr(GString) xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const char *data;
  const char *open;
  const char *close;
  OkpGuide *guide;

  if (scale <= 1)
    return load_guide ();

  g_resources_register (okp_get_resource ());
  bytes = g_resources_lookup_data (RESOURCE_PREFIX "/guide/guide.xml", 0, &error);
  if (bytes == NULL)
    g_error ("%s", error->message);

  data = g_bytes_get_data (bytes, NULL);
  open = strstr (data, "<guide>");
  close = strstr (data, "</guide>");
  g_assert (open != NULL && close != NULL);
  open += strlen ("<guide>");
  body = g_strndup (open, close - open);

  ids = g_regex_new ("\\b(id|checklist|section|group|channel)=\"([a-z0-9-]+)\"", 0, 0, NULL);
  xml = g_string_new_len (data, open - data);
  g_string_append (xml, body);
  for (guint copy = 1; copy < scale; copy++)
    {
      g_autofree char *replacement = g_strdup_printf ("\\1=\"\\2-x%u\"", copy);
      g_autofree char *renamed = g_regex_replace (ids, body, -1, 0, replacement, 0, &error);

      if (renamed == NULL)
        g_error ("%s", error->message);
      g_string_append (xml, renamed);
    }
  g_string_append (xml, close);

  guide = okp_guide_new_from_data (xml->str, xml->len, GETTEXT_PACKAGE, &error);
  if (guide == NULL)
    g_error ("The scaled guide could not be loaded: %s", error->message);

  return guide;
}

/* Types each query a character at a time, as a user does, and times the
 * search for every prefix, results freed included; a first search (which
 * builds the index, as the window's first keystroke does) is timed
 * apart. */
static int
search (const char  *label,
        guint        scale,
        guint        repeat,
        char       **queries)
{
  g_autoptr(OkpGuide) guide = load_scaled_guide (scale);
  g_autoptr(OkpSearch) search = NULL;
  g_autofree char *keystroke_name = g_strdup_printf ("search.%s.keystroke", label);
  g_autofree char *first_name = g_strdup_printf ("search.%s.first", label);
  g_autofree char *results_name = g_strdup_printf ("search.%s.results", label);
  g_autoptr(OkpBenchSeries) keystrokes = okp_bench_series_new (keystroke_name, "ms");
  g_autoptr(OkpBenchSeries) results_count = okp_bench_series_new (results_name, "count");
  gint64 start;

  start = g_get_monotonic_time ();
  search = okp_search_new (guide);
  g_ptr_array_unref (okp_search_query (search, queries[0]));
  okp_bench_emit_value (first_name, "ms", okp_bench_ms_since (start));

  for (guint r = 0; r < repeat; r++)
    {
      for (char **query = queries; *query != NULL; query++)
        {
          for (const char *end = g_utf8_next_char (*query); ; end = g_utf8_next_char (end))
            {
              g_autofree char *prefix = g_strndup (*query, end - *query);
              GPtrArray *results;
              double ms;

              start = g_get_monotonic_time ();
              results = okp_search_query (search, prefix);
              ms = okp_bench_ms_since (start);

              okp_bench_series_add (keystrokes, ms);
              if (r == 0)
                okp_bench_series_add (results_count, results->len);
              g_ptr_array_unref (results);

              if (*end == '\0')
                break;
            }
        }
    }

  okp_bench_series_emit (keystrokes);
  okp_bench_series_emit (results_count);
  g_printerr ("search %s (%u×): %u keystrokes, median %.3f ms\n", label, scale,
              keystrokes->samples->len, okp_bench_series_median (keystrokes));
  return 0;
}

/* The command line's own export, in this process: load the guide, read
 * the progress, lay out and write every checklist. The first run pays
 * for font discovery and is reported apart. */
static int
export (guint       repeat,
        const char *output)
{
  g_autoptr(OkpBenchSeries) runs = okp_bench_series_new ("export.in-process", "ms");
  gint64 start;

  for (guint r = 0; r <= repeat; r++)
    {
      int status;
      double ms;

      start = g_get_monotonic_time ();
      status = okp_cli_export ("all", output);
      ms = okp_bench_ms_since (start);

      if (status != 0)
        g_error ("The export failed with status %d", status);

      if (r == 0)
        okp_bench_emit_value ("export.in-process.first", "ms", ms);
      else
        okp_bench_series_add (runs, ms);
    }

  okp_bench_series_emit (runs);
  g_printerr ("export in process: median %.1f ms\n", okp_bench_series_median (runs));
  return 0;
}

static guint
parse_count (const char *text)
{
  guint64 value;
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 1000000, &value, &error))
    g_error ("%s", error->message);

  return value;
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");

  /* As the application does (src/main.c). */
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc == 2 && g_str_equal (argv[1], "page-size"))
    return page_size ();

  if (argc >= 6 && g_str_equal (argv[1], "search"))
    return search (argv[2], parse_count (argv[3]), parse_count (argv[4]), argv + 5);

  if (argc == 4 && g_str_equal (argv[1], "export"))
    return export (parse_count (argv[2]), argv[3]);

  g_printerr ("usage: %s page-size\n"
              "       %s search LABEL SCALE REPEAT QUERY...\n"
              "       %s export REPEAT FILE.pdf\n", argv[0], argv[0], argv[0]);
  return 2;
}
