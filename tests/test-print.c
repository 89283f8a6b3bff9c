/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-print"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <webkit/webkit.h>

#include "okp-content.h"
#include "okp-guide-view.h"
#include "okp-print.h"

/*
 * Printing from the window, without a printer: GTK's print operation
 * exports to PDF, WebKit's prints to GTK's "Print to File" printer, and
 * the files are read back with poppler's tools.
 */

static OkpGuide *guide;
static char *tmpdir;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
spin_until (gboolean   *flag,
            const char *what)
{
  guint id = g_timeout_add_seconds (60, timeout_cb, (gpointer) what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return out;
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  return run (argv);
}

/* pdftotext breaks lines where the page does, and may put spaces between
 * Chinese characters: compare with all white space removed, and with
 * ligatures (ﬁ) taken apart. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n;

      if (g_unichar_isspace (c))
        continue;

      /* Radicals are kept as they are: see char_matches(). */
      if (c >= 0x2E80 && c <= 0x2FDF)
        {
          g_string_append_unichar (out, c);
          continue;
        }

      n = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));
      for (gsize i = 0; i < n; i++)
        g_string_append_unichar (out, parts[i]);
    }

  return g_string_free (out, FALSE);
}

/* WebKit embeds its fonts as Type 3 glyphs; pdftotext maps a few Chinese
 * characters back to the CJK radical that shares the glyph (户 comes back
 * as ⼾). Such a radical in the extracted text stands for any Han
 * character. */
static gboolean
char_matches (gunichar extracted,
              gunichar wanted)
{
  if (extracted == wanted)
    return TRUE;

  return extracted >= 0x2E80 && extracted <= 0x2FDF &&
         g_unichar_get_script (wanted) == G_UNICODE_SCRIPT_HAN;
}

static gboolean
text_contains (const char *text,
               const char *needle)
{
  g_autofree char *a = squeeze (text);
  g_autofree char *b = squeeze (needle);
  g_autofree gunichar *haystack = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *wanted = g_utf8_to_ucs4_fast (b, -1, NULL);

  for (gsize i = 0; haystack[i] != 0; i++)
    {
      gsize j = 0;

      while (wanted[j] != 0 && haystack[i + j] != 0 && char_matches (haystack[i + j], wanted[j]))
        j++;
      if (wanted[j] == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
pdf_info_line (const char *path,
               const char *key)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], key))
        return g_strstrip (g_strdup (lines[i] + strlen (key)));
    }

  g_error ("pdfinfo gives no %s for %s", key, path);
}

/* The page rendered in grey levels, 72 pixels an inch. */
static GBytes *
render (const char *pdf,
        int         page,
        int        *width,
        int        *height)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  g_autofree char *prefix = g_build_filename (tmpdir, "render", NULL);
  g_autofree char *pgm = g_strconcat (prefix, ".pgm", NULL);
  const char *argv[] = { "pdftoppm", "-gray", "-r", "72", "-f", number, "-l", number,
                         "-singlefile", pdf, prefix, NULL };
  g_autofree char *out = run (argv);
  g_autofree char *data = NULL;
  gsize length;
  int maxval, offset = 0;

  g_assert_true (g_file_get_contents (pgm, &data, &length, NULL));
  g_unlink (pgm);
  g_assert_cmpint (sscanf (data, "P5 %d %d %d%n", width, height, &maxval, &offset), ==, 3);
  offset++;
  g_assert_cmpuint (length - offset, ==, (gsize) *width * *height);

  return g_bytes_new (data + offset, length - offset);
}

static OkpChecklistPrinter *
test_printer (OkpProgressStore *store)
{
  g_autoptr(OkpEndpoints) endpoints = okp_endpoints_new ();
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 5, 4, 12, 0, 0);
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "withdrawal");
  OkpChecklistPrinter *printer;

  g_assert_true (okp_endpoints_set (endpoints, "email", "help@example.com", NULL));
  okp_progress_store_set_step_done (store, def->id,
                                    ((OkpStep *) g_ptr_array_index (def->steps, 0))->id, TRUE);
  okp_progress_store_set_note (store, def->id,
                               ((OkpField *) g_ptr_array_index (def->fields, 0))->id, "W-77");

  printer = okp_checklist_printer_new (guide, store, endpoints, NULL);
  okp_checklist_printer_set_date (printer, date);

  return printer;
}

/* What the print dialog prints is what the command line exports: the
 * print operation, exporting to PDF as GTK does for "Print to File" and
 * the preview, gives the same pages, text and pixels. */
static void
test_operation_matches_export (void)
{
  g_autofree char *store_path = g_build_filename (tmpdir, "progress.json", NULL);
  g_autoptr(OkpProgressStore) store = okp_progress_store_new (store_path);
  g_autoptr(OkpChecklistPrinter) printer = test_printer (store);
  g_autofree char *exported = g_build_filename (tmpdir, "exported.pdf", NULL);
  g_autofree char *printed = g_build_filename (tmpdir, "printed.pdf", NULL);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported_text = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *exported_pages = NULL;
  g_autofree char *printed_pages = NULL;
  g_autofree char *exported_size = NULL;
  g_autofree char *printed_size = NULL;
  GtkPrintOperationResult result;
  int n_pages;

  g_assert_true (okp_checklist_export_pdf (printer, exported, OKP_PAPER_A4_WIDTH,
                                           OKP_PAPER_A4_HEIGHT, &error));
  g_assert_no_error (error);

  operation = okp_print_operation_new (printer, "test");
  gtk_page_setup_set_paper_size (page_setup, a4);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_export_filename (operation, printed);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  exported_pages = pdf_info_line (exported, "Pages:");
  printed_pages = pdf_info_line (printed, "Pages:");
  g_assert_cmpstr (printed_pages, ==, exported_pages);
  n_pages = atoi (exported_pages);
  g_assert_cmpint (n_pages, >=, 6);   /* all six checklists, each on its own pages */
  exported_size = pdf_info_line (exported, "Page size:");
  printed_size = pdf_info_line (printed, "Page size:");
  g_assert_cmpstr (printed_size, ==, exported_size);

  exported_text = pdf_text (exported);
  printed_text = pdf_text (printed);
  g_assert_cmpstr (printed_text, ==, exported_text);
  g_assert_nonnull (strstr (printed_text, "W-77"));
  g_assert_nonnull (strstr (printed_text, "help@example.com"));

  for (int page = 1; page <= n_pages; page++)
    {
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;
      const guint8 *pa, *pb;
      int wa, ha, wb, hb;
      gsize differ = 0;

      a = render (exported, page, &wa, &ha);
      b = render (printed, page, &wb, &hb);
      g_assert_cmpint (wa, ==, wb);
      g_assert_cmpint (ha, ==, hb);
      pa = g_bytes_get_data (a, NULL);
      pb = g_bytes_get_data (b, NULL);
      for (gsize i = 0; i < (gsize) wa * ha; i++)
        differ += ABS ((int) pa[i] - (int) pb[i]) > 48;

      g_test_message ("page %d: %" G_GSIZE_FORMAT " pixels differ", page, differ);
      g_assert_cmpuint (differ, <=, (gsize) wa * ha / 1000);
    }

  g_unlink (exported);
  g_unlink (printed);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

static void
print_finished_cb (WebKitPrintOperation *operation,
                   gboolean             *finished)
{
  *finished = TRUE;
}

static void
print_failed_cb (WebKitPrintOperation *operation,
                 const GError         *error)
{
  g_error ("Printing the guide failed: %s", error->message);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A guide section on paper: its text, without the buttons that only work
 * on screen, black on white even when the screen is dark. */
static void
test_guide_section (void)
{
  const OkpSection *section = okp_guide_lookup_section (guide, "support-channels");
  const OkpChannelDef *channel = g_ptr_array_index (okp_guide_get_channels (guide), 0);
  g_autofree char *pdf = g_build_filename (tmpdir, "guide.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autofree char *text = NULL;
  g_autofree char *button = NULL;
  g_autoptr(WebKitPrintOperation) operation = NULL;
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GBytes) pixels = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = okp_guide_view_new (guide);
  WebKitWebView *web_view = okp_guide_view_get_web_view (OKP_GUIDE_VIEW (view));
  gboolean loaded = FALSE, printed = FALSE, settled = FALSE;
  const guint8 *data;
  gsize light = 0, dark = 0;
  int width, height;

  /* The screen is dark; paper must not be. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), &loaded);
  okp_guide_view_show_section (OKP_GUIDE_VIEW (view), section->id);
  spin_until (&loaded, "the section to load");
  g_timeout_add (300, quit_cb, &settled);
  spin_until (&settled, "the style to settle");

  /* GTK's file printer, by the name GTK gives it in this language. */
  gtk_print_settings_set_printer (settings, g_dgettext ("gtk40", "Print to File"));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_page_setup_set_paper_size (page_setup, a4);

  operation = webkit_print_operation_new (web_view);
  webkit_print_operation_set_print_settings (operation, settings);
  webkit_print_operation_set_page_setup (operation, page_setup);
  g_signal_connect (operation, "finished", G_CALLBACK (print_finished_cb), &printed);
  g_signal_connect (operation, "failed", G_CALLBACK (print_failed_cb), NULL);
  webkit_print_operation_print (operation);
  spin_until (&printed, "the guide to print");

  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  text = pdf_text (pdf);
  g_assert_true (text_contains (text, section->title));
  g_assert_true (text_contains (text, channel->title));
  g_assert_true (text_contains (text, channel->ready));

  /* The contact buttons are not on paper. */
  button = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Contact support: %s"), channel->title);
  g_assert_false (text_contains (text, button));

  /* White paper with dark text: most of the page light, some of it dark. */
  pixels = render (pdf, 1, &width, &height);
  data = g_bytes_get_data (pixels, NULL);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      light += data[i] > 200;
      dark += data[i] < 100;
    }
  g_test_message ("guide page 1: %" G_GSIZE_FORMAT " light, %" G_GSIZE_FORMAT " dark pixels",
                  light, dark);
  g_assert_cmpuint (light, >, (gsize) width * height * 8 / 10);
  g_assert_cmpuint (dark, >, 0);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (pdf);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  guide = okp_content_load_guide (&error);
  g_assert_no_error (error);
  if (g_strcmp0 (g_getenv ("OKP_EXPECT_LANGUAGE"), "zh-CN") == 0)
    g_assert_cmpstr (okp_content_page_language (), ==, "zh-CN");
  else
    g_assert_cmpstr (okp_content_page_language (), ==, "en");

  tmpdir = g_dir_make_tmp ("okp-test-print-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/okp/print/operation-matches-export", test_operation_matches_export);
  g_test_add_func ("/okp/print/guide-section", test_guide_section);

  status = g_test_run ();

  g_rmdir (tmpdir);
  g_free (tmpdir);
  g_clear_object (&guide);

  return status;
}
