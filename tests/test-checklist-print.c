/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-checklist-print"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "okp-checklist-printer.h"
#include "okp-checklist-progress.h"
#include "okp-content.h"

/*
 * The printed checklist, read back from the PDF with poppler's tools: the
 * text (pdftotext), the fonts (pdffonts) and the drawn check boxes
 * (pdftoppm, sampled at the places the printer says it drew them). The
 * test runs once in English and once in Chinese (see tests/meson.build).
 */

/* What pdftoppm renders at: 2 pixels a point. */
#define RENDER_DPI 144
#define PIXELS_PER_POINT (RENDER_DPI / 72.0)

static GDateTime *
print_date (void)
{
  return g_date_time_new_local (2026, 3, 14, 9, 30, 0);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return g_steal_pointer (&out);
}

/* pdftotext breaks lines where the PDF does, and Chinese has no spaces to
 * break at: compare text with all white space removed. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *first = g_strdup_printf ("%d", page);
  const char *all[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *one[] = { "pdftotext", "-enc", "UTF-8", "-f", first, "-l", first, path, "-", NULL };

  return run (page > 0 ? one : all);
}

static int
pdf_n_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return atoi (pages + strlen ("\nPages:"));
}

static void
assert_contains (const char *haystack,
                 const char *needle,
                 const char *what)
{
  g_autofree char *squeezed_haystack = squeeze (haystack);
  g_autofree char *squeezed_needle = squeeze (needle);

  if (strstr (squeezed_haystack, squeezed_needle) == NULL)
    g_error ("The PDF does not contain the %s “%s”", what, needle);
}

static gboolean
is_chinese (void)
{
  return g_strcmp0 (g_getenv ("OKP_EXPECT_LANGUAGE"), "zh-CN") == 0;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
        return TRUE;
    }

  return FALSE;
}

static OkpGuide *
load_guide (void)
{
  g_autoptr(GError) error = NULL;
  OkpGuide *guide = okp_content_load_guide (&error);

  g_assert_no_error (error);

  /* A run meant to be Chinese that shows English would prove nothing. */
  if (is_chinese ())
    {
      const OkpChecklistDef *def = g_ptr_array_index (okp_guide_get_checklists (guide), 0);

      g_assert_cmpstr (okp_content_page_language (), ==, "zh-CN");
      g_assert_true (has_han (def->title));
    }

  return guide;
}

/* A grey-level picture of one page, from pdftoppm. */
typedef struct {
  int     width;
  int     height;
  GBytes *bytes;
} Picture;

static void
picture_clear (Picture *picture)
{
  g_clear_pointer (&picture->bytes, g_bytes_unref);
}

static void
render_page (const char *pdf,
             int         page,
             const char *dir,
             Picture    *picture)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *pgm = g_strconcat (prefix, ".pgm", NULL);
  const char *argv[] = { "pdftoppm", "-gray", "-r", G_STRINGIFY (RENDER_DPI),
                         "-f", number, "-l", number, "-singlefile", pdf, prefix, NULL };
  g_autofree char *out = run (argv);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  int maxval, offset = 0;

  g_file_get_contents (pgm, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (data, "P5 %d %d %d%n", &picture->width, &picture->height,
                           &maxval, &offset), ==, 3);
  g_assert_cmpint (maxval, ==, 255);
  offset++;  /* the one white space character after the header */
  g_assert_cmpuint (length - offset, ==, (gsize) picture->width * picture->height);
  picture->bytes = g_bytes_new (data + offset, length - offset);
  g_unlink (pgm);
}

/* The part of the square (in points) that is dark. */
static double
dark_fraction (const Picture *picture,
               double         x,
               double         y,
               double         size)
{
  const guint8 *pixels = g_bytes_get_data (picture->bytes, NULL);
  int x0 = (int) ((x) * PIXELS_PER_POINT);
  int y0 = (int) ((y) * PIXELS_PER_POINT);
  int x1 = (int) ((x + size) * PIXELS_PER_POINT);
  int y1 = (int) ((y + size) * PIXELS_PER_POINT);
  int dark = 0, total = 0;

  g_assert_cmpint (x0, >=, 0);
  g_assert_cmpint (y0, >=, 0);
  g_assert_cmpint (x1, <=, picture->width);
  g_assert_cmpint (y1, <=, picture->height);

  for (int j = y0; j < y1; j++)
    for (int i = x0; i < x1; i++)
      {
        dark += pixels[j * picture->width + i] < 128;
        total++;
      }

  return (double) dark / total;
}

static OkpEndpoints *
test_endpoints (void)
{
  OkpEndpoints *endpoints = okp_endpoints_new ();

  g_assert_true (okp_endpoints_set (endpoints, "email", "help@example.com", NULL));
  g_assert_true (okp_endpoints_set (endpoints, "phone", "+1 555 0100", NULL));
  g_assert_true (okp_endpoints_set (endpoints, "phone-hours", "Mon–Fri 9:00–18:00", NULL));
  g_assert_true (okp_endpoints_set (endpoints, "chat-url", "https://example.com/chat", NULL));

  return endpoints;
}

static void
test_paper_size (void)
{
  static const struct {
    int    width_mm;
    int    height_mm;
    double width;
    double height;
  } sizes[] = {
    { 216, 279, OKP_PAPER_LETTER_WIDTH, OKP_PAPER_LETTER_HEIGHT },
    { 210, 297, OKP_PAPER_A4_WIDTH, OKP_PAPER_A4_HEIGHT },
    { 216, 356, OKP_PAPER_A4_WIDTH, OKP_PAPER_A4_HEIGHT },   /* legal: not in anyone's tray */
    { 0, 0, OKP_PAPER_A4_WIDTH, OKP_PAPER_A4_HEIGHT },
  };
  static const struct {
    const char *locale;
    double      width;
  } locales[] = {
    { "en_US.UTF-8", OKP_PAPER_LETTER_WIDTH },
    { "zh_CN.UTF-8", OKP_PAPER_A4_WIDTH },
    { "C", OKP_PAPER_A4_WIDTH },
  };
  g_autofree char *saved = g_strdup (setlocale (LC_PAPER, NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      double width, height;

      okp_paper_size_for_mm (sizes[i].width_mm, sizes[i].height_mm, &width, &height);
      g_assert_cmpfloat (width, ==, sizes[i].width);
      g_assert_cmpfloat (height, ==, sizes[i].height);
    }

  /* The locales the test suite installs (build-aux/install-deps.sh). */
  for (gsize i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      double width, height;

      g_assert_nonnull (setlocale (LC_PAPER, locales[i].locale));
      okp_paper_size_for_locale (&width, &height);
      g_assert_cmpfloat (width, ==, locales[i].width);
    }

  setlocale (LC_PAPER, saved);
}

/* Every checklist, with two steps ticked and one note: the text of the
 * PDF has every step, the progress, the note, the labels of the blank
 * fields and the configured destinations; exactly the two ticked boxes
 * are drawn ticked; Chinese comes with an embedded Chinese font. */
static void
test_export_each (void)
{
  g_autoptr(OkpGuide) guide = load_guide ();
  g_autoptr(OkpEndpoints) endpoints = test_endpoints ();
  g_autoptr(GDateTime) date = print_date ();
  g_autofree char *dir = g_dir_make_tmp ("okp-print-XXXXXX", NULL);
  GPtrArray *checklists = okp_guide_get_checklists (guide);

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      g_autofree char *store_path = g_build_filename (dir, "progress.json", NULL);
      g_autoptr(OkpProgressStore) store = okp_progress_store_new (store_path);
      g_autoptr(OkpChecklistPrinter) printer = NULL;
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", dir, def->id);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *progress = NULL;
      g_autofree char *date_text = NULL;
      const OkpStep *ticked[2];
      const OkpField *noted;
      const char *note = "TX-2026-0314-深圳-42";
      int n_pages;

      g_assert_cmpuint (def->steps->len, >=, 3);
      g_assert_cmpuint (def->fields->len, >=, 2);

      /* The second and the last step, so one is not simply the first. */
      ticked[0] = g_ptr_array_index (def->steps, 1);
      ticked[1] = g_ptr_array_index (def->steps, def->steps->len - 1);
      okp_progress_store_set_step_done (store, def->id, ticked[0]->id, TRUE);
      okp_progress_store_set_step_done (store, def->id, ticked[1]->id, TRUE);
      noted = g_ptr_array_index (def->fields, 0);
      okp_progress_store_set_note (store, def->id, noted->id, note);

      printer = okp_checklist_printer_new (guide, store, endpoints,
                                           (const char * const[]) { def->id, NULL });
      okp_checklist_printer_set_date (printer, date);
      g_assert_true (okp_checklist_export_pdf (printer, pdf, OKP_PAPER_A4_WIDTH,
                                               OKP_PAPER_A4_HEIGHT, &error));
      g_assert_no_error (error);
      n_pages = okp_checklist_printer_get_n_pages (printer);
      g_assert_cmpint (pdf_n_pages (pdf), ==, n_pages);

      text = pdf_text (pdf, 0);
      assert_contains (text, def->title, "title");
      assert_contains (text, def->summary, "summary");
      for (guint j = 0; j < def->steps->len; j++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, j);

          assert_contains (text, step->title, "step title");
          assert_contains (text, step->detail, "step detail");
          if (step->fallback != NULL)
            assert_contains (text, step->fallback, "step fallback");
        }

      progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done",
                                               "%u of %u steps done", def->steps->len),
                                  2, def->steps->len);
      assert_contains (text, progress, "progress line");

      assert_contains (text, note, "note");
      for (guint j = 0; j < def->fields->len; j++)
        assert_contains (text, ((OkpField *) g_ptr_array_index (def->fields, j))->label,
                         "field label");

      assert_contains (text, "help@example.com", "email address");
      assert_contains (text, "+1 555 0100", "phone number");
      assert_contains (text, "Mon–Fri 9:00–18:00", "phone hours");
      assert_contains (text, "https://example.com/chat", "chat address");
      assert_contains (text, g_dgettext (GETTEXT_PACKAGE, "OKPay Help"), "application name");
      date_text = g_date_time_format (date, g_dgettext (GETTEXT_PACKAGE, "%Y-%m-%d"));
      assert_contains (text, date_text, "date printed");
      for (int page = 1; page <= n_pages; page++)
        {
          g_autofree char *number = g_strdup_printf ("%d / %d", page, n_pages);
          assert_contains (text, number, "page number");
        }

      /* The boxes, as drawn: exactly the two ticked steps are filled. */
      for (guint j = 0; j < def->steps->len; j++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, j);
          gboolean done = step == ticked[0] || step == ticked[1];
          Picture picture = { 0, };
          double x, y, size, fraction;
          int page;

          g_assert_true (okp_checklist_printer_get_step_box (printer, def->id, step->id,
                                                             &page, &x, &y, &size));
          render_page (pdf, page + 1, dir, &picture);
          /* The inside of the box, clear of its outline. */
          fraction = dark_fraction (&picture, x + 2, y + 2, size - 4);
          g_test_message ("%s/%s: box %.0f%% dark", def->id, step->id, fraction * 100);
          if (done)
            g_assert_cmpfloat (fraction, >, 0.45);
          else
            g_assert_cmpfloat (fraction, <, 0.05);

          /* And the outline is there for the unticked ones too. */
          g_assert_cmpfloat (dark_fraction (&picture, x, y, size), >, 0.1);
          picture_clear (&picture);
        }

      if (is_chinese ())
        {
          const char *argv[] = { "pdffonts", pdf, NULL };
          g_autofree char *fonts = run (argv);
          g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
          gboolean found = FALSE;

          g_assert_true (has_han (text));
          /* name, type, encoding, then "emb sub uni": embedded, and
           * a face made for Chinese. */
          for (guint j = 2; lines[j] != NULL; j++)
            {
              if (strstr (lines[j], "CJK") != NULL &&
                  (strstr (lines[j], "sc-") != NULL || strstr (lines[j], "SC") != NULL) &&
                  strstr (lines[j], " yes ") != NULL)
                found = TRUE;
            }
          if (!found)
            g_error ("No embedded Simplified Chinese font in:\n%s", fonts);
        }

      g_unlink (pdf);
    }

  g_rmdir (dir);
}

static char *
long_guide_xml (guint n_steps,
                guint huge_step)
{
  GString *xml = g_string_new ("<guide>\n"
                               "  <section id=\"long\"><title>Long</title><p>Text.</p></section>\n"
                               "  <checklist id=\"long\" section=\"long\">\n"
                               "    <title>A very long checklist</title>\n"
                               "    <summary>Sixty long steps.</summary>\n");

  for (guint i = 1; i <= n_steps; i++)
    {
      g_string_append_printf (xml,
                              "    <step id=\"step-%u\">\n"
                              "      <title>Step number %u begins here</title>\n"
                              "      <detail>Detail of step %u starts.", i, i, i);
      for (guint j = 0; j < (i == huge_step ? 900 : 12 + i % 9); j++)
        g_string_append_printf (xml, " Word%u.%u of the long explanation", i, j);
      g_string_append_printf (xml, " and step %u ends here.</detail>\n"
                                   "      <fallback>Fallback of step %u.</fallback>\n"
                                   "    </step>\n", i, i);
    }

  g_string_append (xml,
                   "    <field id=\"note\" multiline=\"true\"><label>A note</label></field>\n"
                   "  </checklist>\n"
                   "</guide>\n");

  return g_string_free (xml, FALSE);
}

/* A page's text, squeezed, without its running header and page number,
 * which must be there. */
static char *
page_body (const char *squeezed_page,
           const char *header_date,
           int         page,
           int         n_pages)
{
  g_autofree char *number = g_strdup_printf ("%d/%d", page, n_pages);
  g_autofree char *printed = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Printed %s"),
                                              header_date);
  g_autofree char *name = squeeze (g_dgettext (GETTEXT_PACKAGE, "OKPay Help"));
  g_autofree char *printed_squeezed = squeeze (printed);
  const char *body = squeezed_page;
  const char *end;

  g_assert_true (g_str_has_prefix (body, name));
  body += strlen (name);
  g_assert_true (g_str_has_prefix (body, printed_squeezed));
  body += strlen (printed_squeezed);
  end = g_strrstr (body, number);
  g_assert_nonnull (end);
  g_assert_cmpstr (end, ==, number);

  return g_strndup (body, end - body);
}

/* Many long steps: several pages, numbered, and each step wholly on one
 * page, where the printer says it is. A step longer than a page (@huge_step,
 * or 0 for none) is continued over pages, every line once and in order. */
static void
check_long (guint n_steps,
            guint huge_step)
{
  g_autofree char *xml = long_guide_xml (n_steps, huge_step);
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = okp_guide_new_from_data (xml, -1, NULL, &error);
  g_autoptr(OkpChecklistPrinter) printer = NULL;
  g_autoptr(GDateTime) date = print_date ();
  g_autofree char *date_text = NULL;
  g_autofree char *dir = g_dir_make_tmp ("okp-print-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  const OkpChecklistDef *def;
  int n_pages;

  g_assert_no_error (error);
  def = okp_guide_lookup_checklist (guide, "long");
  g_assert_cmpuint (def->steps->len, ==, n_steps);

  printer = okp_checklist_printer_new (guide, NULL, NULL, NULL);
  okp_checklist_printer_set_date (printer, date);
  date_text = g_date_time_format (date, g_dgettext (GETTEXT_PACKAGE, "%Y-%m-%d"));
  g_assert_true (okp_checklist_export_pdf (printer, pdf, OKP_PAPER_LETTER_WIDTH,
                                           OKP_PAPER_LETTER_HEIGHT, &error));
  g_assert_no_error (error);

  n_pages = pdf_n_pages (pdf);
  g_assert_cmpint (n_pages, ==, okp_checklist_printer_get_n_pages (printer));
  g_assert_cmpint (n_pages, >=, 4);

  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (pdf, page);
      g_autofree char *squeezed = squeeze (text);

      g_ptr_array_add (pages, page_body (squeezed, date_text, page, n_pages));
    }

  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);
      g_autofree char *whole = g_strconcat (step->title, step->detail,
                                            g_dgettext (GETTEXT_PACKAGE, "If this does not help:"),
                                            step->fallback, NULL);
      g_autofree char *squeezed = squeeze (whole);
      g_autofree char *start = g_strdup_printf ("Stepnumber%ubeginshere", i + 1);
      g_autofree char *end = g_strdup_printf ("Fallbackofstep%u.", i + 1);
      int first = -1, last = -1, page;

      for (guint p = 0; p < pages->len; p++)
        {
          const char *text = g_ptr_array_index (pages, p);

          if (strstr (text, start) != NULL)
            {
              g_assert_cmpint (first, ==, -1);
              first = p;
            }
          if (strstr (text, end) != NULL)
            {
              g_assert_cmpint (last, ==, -1);
              last = p;
            }
        }
      g_assert_cmpint (first, >=, 0);
      g_assert_cmpint (last, >=, first);

      if (i + 1 != huge_step)
        {
          /* On one page, whole. */
          g_assert_cmpint (last, ==, first);
          if (strstr (g_ptr_array_index (pages, first), squeezed) == NULL)
            g_error ("Step %u is not wholly on page %d", i + 1, first + 1);
        }
      else
        {
          /* Over several pages, from the top of the first (it cannot be
           * kept whole, so it is cut as few times as can be), and read
           * in order, every line once. */
          g_autoptr(GString) joined = g_string_new (NULL);

          g_assert_cmpint (last, >, first);
          g_assert_true (g_str_has_prefix (g_ptr_array_index (pages, first), start));
          for (int p = first; p <= last; p++)
            g_string_append (joined, g_ptr_array_index (pages, p));
          if (strstr (joined->str, squeezed) == NULL)
            g_error ("Step %u is not complete over pages %d–%d", i + 1, first + 1, last + 1);
        }

      g_assert_true (okp_checklist_printer_get_step_box (printer, "long", step->id,
                                                         &page, NULL, NULL, NULL));
      g_assert_cmpint (page, ==, first);
    }

  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_long (void)
{
  check_long (60, 0);
}

static void
test_longer_than_a_page (void)
{
  check_long (8, 4);
}

static void
assert_dir_unchanged (const char *dir,
                      guint       n_entries)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing) != NULL)
    n++;

  /* Nothing left behind: no temporary file, no partial document. */
  g_assert_cmpuint (n, ==, n_entries);
}

static OkpChecklistPrinter *
small_printer (OkpGuide *guide)
{
  return okp_checklist_printer_new (guide, NULL, NULL, (const char * const[]) { "login", NULL });
}

/* Where the file cannot be written, the reason, and nothing left. */
static void
test_export_errors (void)
{
  g_autoptr(OkpGuide) guide = load_guide ();
  g_autoptr(OkpChecklistPrinter) printer = small_printer (guide);
  g_autofree char *dir = g_dir_make_tmp ("okp-print-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "out.pdf", NULL);
  g_autofree char *under_file = g_build_filename (file, "out.pdf", NULL);
  g_autofree char *a_dir = g_build_filename (dir, "a-dir", NULL);
  struct {
    const char *path;
    int         code;
  } cases[] = {
    { missing, G_FILE_ERROR_NOENT },
    { under_file, G_FILE_ERROR_NOTDIR },
    { a_dir, G_FILE_ERROR_ISDIR },
  };

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_cmpint (g_mkdir (a_dir, 0700), ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (okp_checklist_export_pdf (printer, cases[i].path, OKP_PAPER_A4_WIDTH,
                                                OKP_PAPER_A4_HEIGHT, &error));
      g_assert_error (error, G_FILE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].path));
      assert_dir_unchanged (dir, 2);
    }

  /* A place nobody may create files in, root included. */
  if (g_file_test ("/sys/kernel", G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (okp_checklist_export_pdf (printer, "/sys/okpay-help-test.pdf",
                                                OKP_PAPER_A4_WIDTH, OKP_PAPER_A4_HEIGHT, &error));
      g_assert_nonnull (error);
      g_assert_false (g_file_test ("/sys/okpay-help-test.pdf", G_FILE_TEST_EXISTS));
    }

  /* Permission bits bind everyone but root. */
  if (geteuid () != 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *locked = g_build_filename (dir, "locked", NULL);
      g_autofree char *target = g_build_filename (locked, "out.pdf", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      g_assert_false (okp_checklist_export_pdf (printer, target, OKP_PAPER_A4_WIDTH,
                                                OKP_PAPER_A4_HEIGHT, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
      assert_dir_unchanged (locked, 0);
      g_rmdir (locked);
    }

  g_unlink (file);
  g_rmdir (a_dir);
  g_rmdir (dir);
}

/* A write that fails half way (the file size limit stands in for a full
 * disk): the previous file is untouched and no partial copy is left. */
static void
test_export_fails_midway (void)
{
  g_autoptr(OkpGuide) guide = load_guide ();
  g_autoptr(OkpChecklistPrinter) printer = small_printer (guide);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("okp-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *contents = NULL;
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  gboolean written;

  g_assert_true (g_file_set_contents (path, "the previous document", -1, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 4096;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  written = okp_checklist_export_pdf (printer, path, OKP_PAPER_A4_WIDTH, OKP_PAPER_A4_HEIGHT,
                                      &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (written);
  /* GFileError has no code for EFBIG; the reason is in the message. */
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the previous document");
  assert_dir_unchanged (dir, 1);

  /* And with room, it replaces the previous file. */
  g_clear_error (&error);
  g_assert_true (okp_checklist_export_pdf (printer, path, OKP_PAPER_A4_WIDTH,
                                           OKP_PAPER_A4_HEIGHT, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  assert_dir_unchanged (dir, 1);

  g_unlink (path);
  g_rmdir (dir);
}

/* "all": every checklist, each starting on a page of its own. */
static void
test_export_all (void)
{
  g_autoptr(OkpGuide) guide = load_guide ();
  g_autoptr(OkpChecklistPrinter) printer = okp_checklist_printer_new (guide, NULL, NULL, NULL);
  g_autofree char *dir = g_dir_make_tmp ("okp-print-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "all.pdf", NULL);
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  g_autoptr(GError) error = NULL;
  int n_pages;
  int previous = -1;

  g_assert_true (okp_checklist_export_pdf (printer, pdf, OKP_PAPER_A4_WIDTH,
                                           OKP_PAPER_A4_HEIGHT, &error));
  g_assert_no_error (error);
  n_pages = pdf_n_pages (pdf);
  g_assert_cmpint (n_pages, >=, (int) checklists->len);

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      const OkpStep *first = g_ptr_array_index (def->steps, 0);
      int page;

      g_assert_true (okp_checklist_printer_get_step_box (printer, def->id, first->id,
                                                         &page, NULL, NULL, NULL));
      g_assert_cmpint (page, >, previous);
      previous = page;

      {
        g_autofree char *text = pdf_text (pdf, page + 1);
        assert_contains (text, def->title, "checklist title on its first page");
      }
    }

  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/checklist-print/paper-size", test_paper_size);
  g_test_add_func ("/okp/checklist-print/export-each", test_export_each);
  g_test_add_func ("/okp/checklist-print/export-all", test_export_all);
  g_test_add_func ("/okp/checklist-print/long", test_long);
  g_test_add_func ("/okp/checklist-print/longer-than-a-page", test_longer_than_a_page);
  g_test_add_func ("/okp/checklist-print/export-errors", test_export_errors);
  g_test_add_func ("/okp/checklist-print/export-fails-midway", test_export_fails_midway);

  return g_test_run ();
}
