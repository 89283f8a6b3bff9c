/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-checklist-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "okp-checklist-page.h"
#include "okp-checklist-progress.h"
#include "okp-content.h"

/*
 * The checklist page in a real window: what the user changes goes to the
 * progress store, what the store says shows on the page, Start over is
 * undone exactly, and the page tells assistive technologies what each
 * check box is and how far along the checklist is. Run once in English and
 * once in Chinese; the expected texts come from the guide and the catalog.
 */

static OkpGuide *guide;

typedef struct
{
  char             *dir;
  OkpProgressStore *store;
  GtkWindow        *window;
  OkpChecklistPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("test-checklist-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "progress.json", NULL);

  f->store = okp_progress_store_new (path);
  g_assert_cmpint (okp_progress_store_load (f->store, NULL), ==, OKP_STORE_STATUS_NEW);

  f->page = OKP_CHECKLIST_PAGE (okp_checklist_page_new (guide, f->store));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  okp_progress_store_flush (f->store);
  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Hidden widgets are left out: the building blocks some widgets keep
 * hidden (an entry's progress bar, an expander row's switch) are not what
 * the user sees. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Every visible widget of @type under @root, in the order they are laid out. */
static GPtrArray *
find_all (gpointer root,
          GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), type, found);
  return found;
}

static gpointer
find_one (gpointer root,
          GType    type)
{
  g_autoptr(GPtrArray) found = find_all (root, type);

  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static GtkButton *
find_button (gpointer    root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);

  g_error ("no button labelled %s", label);
  return NULL;
}

static const char *
first_entry_text (gpointer root)
{
  g_autoptr(GPtrArray) entries = find_all (root, GTK_TYPE_ENTRY);

  g_assert_cmpuint (entries->len, >, 0);
  return gtk_editable_get_text (g_ptr_array_index (entries, 0));
}

/* A button's "activate" clicks it only after a short animation; what the
 * click does is what is tested here. */
static void
click (GtkButton *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static void
assert_accessible (gpointer               widget,
                   GtkAccessibleProperty  property,
                   const char            *expected)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  property, expected);

  if (mismatch != NULL)
    g_error ("accessible property %d: %s", property, mismatch);
}

static char *
progress_text (guint done,
               guint total)
{
  return g_strdup_printf (ngettext ("%u of %u step done", "%u of %u steps done", total), done, total);
}

static void
assert_progress (Fixture *f,
                 guint    done,
                 guint    total)
{
  GtkProgressBar *bar = find_one (f->page, GTK_TYPE_PROGRESS_BAR);
  g_autofree char *text = progress_text (done, total);

  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, text);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (bar), (double) done / total, 1e-9);
  assert_accessible (bar, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
}

/* The steps as the guide has them, each with a check box named after it. */
static void
test_steps_shown (Fixture       *f,
                  gconstpointer  data)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "login");
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  gboolean title_shown = FALSE;

  okp_checklist_page_set_checklist_id (f->page, "login");
  spin ();

  checks = find_all (f->page, GTK_TYPE_CHECK_BUTTON);
  rows = find_all (f->page, ADW_TYPE_EXPANDER_ROW);
  g_assert_cmpuint (checks->len, ==, def->steps->len);
  g_assert_cmpuint (rows->len, ==, def->steps->len);

  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);

      g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), ==, step->title);
      assert_accessible (g_ptr_array_index (checks, i), GTK_ACCESSIBLE_PROPERTY_LABEL, step->title);
      g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, i)));
    }

  labels = find_all (f->page, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    title_shown |= g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), def->title) == 0;
  g_assert_true (title_shown);

  assert_progress (f, 0, def->steps->len);
  g_assert_cmpstr (okp_checklist_page_get_checklist_id (f->page), ==, "login");
}

static void
test_ticks_go_to_store (Fixture       *f,
                        gconstpointer  data)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "transaction-failed");
  g_autoptr(GPtrArray) checks = NULL;
  const OkpStep *first = g_ptr_array_index (def->steps, 0);
  const OkpStep *third = g_ptr_array_index (def->steps, 2);
  GtkSwitch *solved;

  okp_checklist_page_set_checklist_id (f->page, "transaction-failed");
  checks = find_all (f->page, GTK_TYPE_CHECK_BUTTON);

  gtk_widget_activate (g_ptr_array_index (checks, 0));
  gtk_widget_activate (g_ptr_array_index (checks, 2));
  spin ();

  g_assert_true (okp_progress_store_get_step_done (f->store, def->id, first->id));
  g_assert_true (okp_progress_store_get_step_done (f->store, def->id, third->id));
  g_assert_cmpuint (okp_checklist_progress_count_done (f->store, def), ==, 2);
  assert_progress (f, 2, def->steps->len);

  gtk_widget_activate (g_ptr_array_index (checks, 0));
  g_assert_false (okp_progress_store_get_step_done (f->store, def->id, first->id));
  assert_progress (f, 1, def->steps->len);

  solved = find_one (f->page, GTK_TYPE_SWITCH);
  gtk_switch_set_active (solved, TRUE);
  g_assert_true (okp_progress_store_get_solved (f->store, def->id));

  /* Every change is written soon after, without anyone asking. */
  g_assert_true (okp_progress_store_get_dirty (f->store));
}

static void
test_store_shows_on_page (Fixture       *f,
                          gconstpointer  data)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "withdrawal");
  const OkpStep *last = g_ptr_array_index (def->steps, def->steps->len - 1);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) views = NULL;
  const OkpField *first_field = g_ptr_array_index (def->fields, 0);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *multiline_id = NULL;

  okp_checklist_page_set_checklist_id (f->page, "withdrawal");
  checks = find_all (f->page, GTK_TYPE_CHECK_BUTTON);
  entries = find_all (f->page, GTK_TYPE_ENTRY);
  views = find_all (f->page, GTK_TYPE_TEXT_VIEW);
  g_assert_cmpuint (entries->len + views->len, ==, def->fields->len);
  g_assert_cmpuint (views->len, >=, 1);
  g_assert_false (first_field->multiline);

  for (guint i = 0; i < def->fields->len; i++)
    {
      const OkpField *field = g_ptr_array_index (def->fields, i);
      if (field->multiline)
        multiline_id = field->id;
    }

  okp_progress_store_set_step_done (f->store, def->id, last->id, TRUE);
  okp_progress_store_set_note (f->store, def->id, first_field->id, "WD-2026-0042");
  okp_progress_store_set_note (f->store, def->id, multiline_id, "Line one\nLine two");
  okp_progress_store_set_solved (f->store, def->id, TRUE);

  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, checks->len - 1)));
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 0)), ==, "WD-2026-0042");
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 0));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Line one\nLine two");
  g_assert_true (gtk_switch_get_active (find_one (f->page, GTK_TYPE_SWITCH)));
  assert_progress (f, 1, def->steps->len);

  /* And typing goes the other way, as it is typed. */
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "WD-2026-0043");
  g_assert_cmpstr (okp_progress_store_get_note (f->store, def->id, first_field->id), ==, "WD-2026-0043");
  gtk_text_buffer_set_text (buffer, "Changed", -1);
  g_assert_cmpstr (okp_progress_store_get_note (f->store, def->id, multiline_id), ==, "Changed");
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "");
  g_assert_null (okp_progress_store_get_note (f->store, def->id, first_field->id));
}

static void
test_start_over_and_undo (Fixture       *f,
                          gconstpointer  data)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "identity-verification");
  const OkpStep *step = g_ptr_array_index (def->steps, 1);
  const OkpField *field = g_ptr_array_index (def->fields, 0);
  g_autoptr(GPtrArray) checks = NULL;
  gint64 started, updated, changed;

  okp_checklist_page_set_checklist_id (f->page, def->id);
  okp_progress_store_set_step_done (f->store, def->id, step->id, TRUE);
  okp_progress_store_set_note (f->store, def->id, field->id, "Passport");
  okp_progress_store_set_solved (f->store, def->id, TRUE);
  started = okp_progress_store_get_started (f->store, def->id);
  updated = okp_progress_store_get_updated (f->store, def->id);
  changed = okp_progress_store_get_step_time (f->store, def->id, step->id);
  g_assert_cmpint (started, >, 0);

  /* No question: the checklist is cleared at once. */
  click (find_button (f->page, _("Start Over")));
  spin ();
  checks = find_all (f->page, GTK_TYPE_CHECK_BUTTON);
  g_assert_false (okp_progress_store_get_step_done (f->store, def->id, step->id));
  g_assert_null (okp_progress_store_get_note (f->store, def->id, field->id));
  g_assert_false (okp_progress_store_get_solved (f->store, def->id));
  g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, 1)));
  g_assert_cmpstr (first_entry_text (f->page), ==, "");
  g_assert_false (gtk_switch_get_active (find_one (f->page, GTK_TYPE_SWITCH)));
  assert_progress (f, 0, def->steps->len);

  /* The toast's Undo gives back exactly what there was, times included. */
  click (find_button (f->page, _("_Undo")));
  spin ();
  g_assert_true (okp_progress_store_get_step_done (f->store, def->id, step->id));
  g_assert_cmpstr (okp_progress_store_get_note (f->store, def->id, field->id), ==, "Passport");
  g_assert_true (okp_progress_store_get_solved (f->store, def->id));
  g_assert_cmpint (okp_progress_store_get_started (f->store, def->id), ==, started);
  g_assert_cmpint (okp_progress_store_get_updated (f->store, def->id), ==, updated);
  g_assert_cmpint (okp_progress_store_get_step_time (f->store, def->id, step->id), ==, changed);
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 1)));
  g_assert_cmpstr (first_entry_text (f->page), ==, "Passport");
  g_assert_true (gtk_switch_get_active (find_one (f->page, GTK_TYPE_SWITCH)));
  assert_progress (f, 1, def->steps->len);
}

static void
open_section_cb (OkpChecklistPage *page,
                 const char       *section_id,
                 char            **out)
{
  g_free (*out);
  *out = g_strdup (section_id);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_switch_checklist (Fixture       *f,
                       gconstpointer  data)
{
  GtkBox *footer = okp_checklist_page_get_footer (f->page);
  GtkWidget *extra = gtk_label_new ("Contact");
  g_autofree char *section_id = NULL;
  guint notified = 0;
  GPtrArray *checklists = okp_guide_get_checklists (guide);

  gtk_box_append (footer, extra);
  g_signal_connect (f->page, "open-section", G_CALLBACK (open_section_cb), &section_id);
  g_signal_connect (f->page, "notify::checklist-id", G_CALLBACK (notify_cb), &notified);

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      const OkpSection *section = okp_guide_lookup_section (guide, def->section_id);
      g_autoptr(GPtrArray) checks = NULL;
      g_autofree char *link = g_strdup_printf (_("Read the guide: %s"), section->title);

      okp_checklist_page_set_checklist_id (f->page, def->id);
      spin ();
      checks = find_all (f->page, GTK_TYPE_CHECK_BUTTON);
      g_assert_cmpuint (checks->len, ==, def->steps->len);

      /* The footer, and what another part of the window put in it, stay. */
      g_assert_true (okp_checklist_page_get_footer (f->page) == footer);
      g_assert_true (gtk_widget_get_parent (extra) == GTK_WIDGET (footer));

      click (find_button (f->page, link));
      g_assert_cmpstr (section_id, ==, def->section_id);
    }
  g_assert_cmpuint (notified, ==, checklists->len);

  /* The same checklist again changes nothing. */
  okp_checklist_page_set_checklist_id (f->page, "login");
  okp_checklist_page_set_checklist_id (f->page, "login");
  g_assert_cmpuint (notified, ==, checklists->len + 1);
}

/* The visible message under a field that says why its text is not saved,
 * or NULL. */
static const char *
shown_error (Fixture *f)
{
  g_autoptr(GPtrArray) labels = find_all (f->page, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "error"))
      return gtk_label_get_text (g_ptr_array_index (labels, i));

  return NULL;
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
note_is (Fixture    *f,
         const char *field_id,
         const char *expected)
{
  return g_strcmp0 (okp_progress_store_get_note (f->store, "login", field_id), expected) == 0;
}

/* A note beyond the progress file's limit is not saved: the field keeps
 * the text and says why, the last text that fitted stays saved, and a
 * change elsewhere on the page does not take the text away. (A one-line
 * entry holds at most 65,535 characters, which always fit.) */
static void
test_note_too_long (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *too_long = NULL;
  g_autofree char *shown = NULL;
  GtkTextBuffer *buffer;
  const char *field_id;

  /* Short lines, as a pasted log has them. */
  while (text->len <= OKP_PROGRESS_MAX_NOTE_SIZE)
    g_string_append (text, "error 1234 at step 5\n");
  too_long = g_string_free (g_steal_pointer (&text), FALSE);

  okp_checklist_page_set_checklist_id (f->page, "login");
  spin ();
  views = find_all (f->page, GTK_TYPE_TEXT_VIEW);
  g_assert_cmpuint (views->len, >, 0);
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 0));
  field_id = g_object_get_data (G_OBJECT (buffer), "okp-field-id");
  g_assert_nonnull (field_id);

  gtk_text_buffer_set_text (buffer, "Account locked", -1);
  g_assert_true (note_is (f, field_id, "Account locked"));
  g_assert_null (shown_error (f));

  /* Replacing the text passes through an empty field, which is saved as
   * such; the text that does not fit is not. */
  gtk_text_buffer_set_text (buffer, too_long, -1);
  shown = buffer_text (buffer);
  g_assert_true (g_str_equal (shown, too_long));
  g_assert_true (note_is (f, field_id, NULL));
  g_assert_nonnull (shown_error (f));
  g_assert_cmpstr (shown_error (f), !=, "");

  checks = find_all (f->page, GTK_TYPE_CHECK_BUTTON);
  gtk_widget_activate (g_ptr_array_index (checks, 0));
  spin ();
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (buffer);
  g_assert_true (g_str_equal (shown, too_long));
  g_assert_nonnull (shown_error (f));

  /* Typed at the end: still too long, still not saved. */
  gtk_text_buffer_insert_at_cursor (buffer, "y", -1);
  g_assert_true (note_is (f, field_id, NULL));

  gtk_text_buffer_set_text (buffer, "shorter", -1);
  g_assert_true (note_is (f, field_id, "shorter"));
  g_assert_null (shown_error (f));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  guide = okp_content_load_guide (&error);
  g_assert_no_error (error);

  if (g_strcmp0 (g_getenv ("OKP_EXPECT_LANGUAGE"), "zh-CN") == 0)
    g_assert_cmpstr (_("Start Over"), !=, "Start Over");

#define ADD(name, func) \
  g_test_add ("/okp/checklist-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("steps-shown", test_steps_shown);
  ADD ("ticks-go-to-store", test_ticks_go_to_store);
  ADD ("store-shows-on-page", test_store_shows_on_page);
  ADD ("start-over-and-undo", test_start_over_and_undo);
  ADD ("switch-checklist", test_switch_checklist);
  ADD ("note-too-long", test_note_too_long);
#undef ADD

  return g_test_run ();
}
