/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-cli"

#include "config.h"

#include "okp-cli.h"

#include <glib/gi18n-lib.h>

#include "okp-checklist-printer.h"
#include "okp-checklist-progress.h"
#include "okp-content.h"
#include "okp-resources.h"
#include "okp-search.h"

static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Prints "  ID  TITLE  EXTRA" with the titles, and so the extras, lined
 * up; title_width is the widest title of the block, for the extras. */
static void
print_row (FILE       *out,
           const char *id,
           const char *title,
           int         title_width,
           const char *extra)
{
  int pad = 34 - display_width (id);

  fprintf (out, "  %s%*s%s", id, pad > 1 ? pad : 1, "", title);
  if (extra != NULL)
    fprintf (out, "%*s%s", MAX (title_width - display_width (title), 0) + 2, "", extra);
  fputc ('\n', out);
}

/**
 * okp_cli_print_list:
 * @guide: the guide
 * @store: (nullable): the saved progress, or %NULL to show none
 * @out: where to print
 *
 * Prints the guide's sections, then each checklist with its progress as
 * "done/total", for people and for scripts.
 */
void
okp_cli_print_list (OkpGuide         *guide,
                    OkpProgressStore *store,
                    FILE             *out)
{
  GPtrArray *sections = okp_guide_get_sections (guide);
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  int title_width = 0;

  fprintf (out, "%s\n", _("Guide sections:"));
  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      print_row (out, section->id, section->title, 0, NULL);
    }

  fputc ('\n', out);
  fprintf (out, "%s\n", _("Checklists:"));
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      title_width = MAX (title_width, display_width (def->title));
    }
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      guint done = store != NULL ? okp_checklist_progress_count_done (store, def) : 0;
      g_autofree char *progress = NULL;

      if (store != NULL && okp_progress_store_get_solved (store, def->id))
        /* Translators: a checklist's progress on the command line, e.g.
         * "2/6, solved"; keep the numbers together as they are */
        progress = g_strdup_printf (_("%u/%u, solved"), done, def->steps->len);
      else
        progress = g_strdup_printf ("%u/%u", done, def->steps->len);

      print_row (out, def->id, def->title, title_width, progress);
    }
}

/**
 * okp_cli_export:
 * @checklist_id: (nullable): a checklist id, or "all"
 * @output: (nullable) (type filename): the PDF file to write
 *
 * `--export-checklist ID|all --output FILE.pdf`: writes the checklists
 * with the saved progress (only read, never written) to a PDF on the
 * locale's paper, with no display.
 *
 * Returns: the exit status: 0 when written, 2 for a usage error or an
 *   unknown id, 1 when the file could not be written
 */
int
okp_cli_export (const char *checklist_id,
                const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpEndpoints) endpoints = NULL;
  g_autoptr(OkpChecklistPrinter) printer = NULL;
  g_autofree char *path = NULL;
  const char *ids[] = { checklist_id, NULL };
  gboolean all;
  OkpStoreStatus status;
  double width, height;

  if (checklist_id == NULL)
    {
      g_printerr ("%s\n", _("--output is for --export-checklist ID|all"));
      return 2;
    }

  if (output == NULL || *output == '\0')
    {
      g_printerr ("%s\n", _("--export-checklist needs --output FILE.pdf"));
      return 2;
    }

  guide = okp_content_load_guide (&error);
  if (guide == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  all = g_str_equal (checklist_id, "all");
  if (!all && okp_guide_lookup_checklist (guide, checklist_id) == NULL)
    {
      g_autofree char *valid = okp_guide_dup_checklist_ids (guide);

      g_printerr (_("Unknown checklist “%s”. Valid checklists are: %s, or “all” for every one.\n"),
                  checklist_id, valid);
      return 2;
    }

  /* Read only: the running application, if any, owns the file. */
  path = okp_progress_store_default_path ();
  store = okp_checklist_progress_read (path, &status);
  if (status == OKP_STORE_STATUS_RECOVERED)
    g_printerr (_("The saved progress could not be read and is shown as not started. "
                  "OKPay Help keeps the file aside the next time it opens.\n"));

  endpoints = okp_content_dup_endpoints (NULL);
  printer = okp_checklist_printer_new (guide, store, endpoints, all ? NULL : ids);
  okp_checklist_printer_set_language (printer, okp_content_page_language ());
  okp_paper_size_for_locale (&width, &height);

  if (!okp_checklist_export_pdf (printer, output, width, height, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  return 0;
}

/**
 * okp_cli_search:
 * @query: what to search for
 * @out: where to print
 *
 * Prints what the window's search finds for @query, best first, one result
 * a line: kind ("section", "checklist" or "contact"), id and title,
 * separated by tabs so scripts can split them.
 *
 * Returns: the exit status: 0 with results, 1 with none
 */
int
okp_cli_search (const char *query,
                FILE       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(OkpSearch) search = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (query != NULL, 1);

  guide = okp_content_load_guide (&error);
  if (guide == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  search = okp_search_new (guide);
  results = okp_search_query (search, query);

  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      fprintf (out, "%s\t%s\t%s\n", okp_search_kind_to_string (result->kind),
               result->id, result->title);
    }

  return results->len > 0 ? 0 : 1;
}
