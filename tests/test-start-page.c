/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-start-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "okp-content.h"
#include "okp-start-page.h"

/*
 * The start page in a real window: it lists every problem in the user's
 * words with its progress, offers the checklist under way first, puts the
 * focus where Enter helps, and reports what the user chose. Run in English
 * and in Chinese; the expected texts come from the guide and the catalog.
 */

static OkpGuide *guide;

typedef struct
{
  char             *dir;
  OkpProgressStore *store;
  GtkWindow        *window;
  OkpStartPage     *page;
  char             *chosen;
  guint             safety;
  guint             contact;
} Fixture;

static void
checklist_chosen_cb (OkpStartPage *page,
                     const char   *id,
                     Fixture      *f)
{
  g_free (f->chosen);
  f->chosen = g_strdup (id);
}

static void
safety_chosen_cb (OkpStartPage *page,
                  Fixture      *f)
{
  f->safety++;
}

static void
contact_chosen_cb (OkpStartPage *page,
                   Fixture      *f)
{
  f->contact++;
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A button activated from the keyboard shows itself pressed for a moment
 * before it is clicked: waits, at most five seconds, for @done. */
static void
wait_for (gboolean (*done) (Fixture *f),
          Fixture   *f)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (f) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (done (f));
}

static gboolean
something_chosen (Fixture *f)
{
  return f->chosen != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("test-start-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "progress.json", NULL);
  f->store = okp_progress_store_new (path);
  g_assert_cmpint (okp_progress_store_load (f->store, NULL), ==, OKP_STORE_STATUS_NEW);

  f->page = OKP_START_PAGE (okp_start_page_new (guide, f->store));
  g_signal_connect (f->page, "checklist-chosen", G_CALLBACK (checklist_chosen_cb), f);
  g_signal_connect (f->page, "safety-chosen", G_CALLBACK (safety_chosen_cb), f);
  g_signal_connect (f->page, "contact-chosen", G_CALLBACK (contact_chosen_cb), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  spin ();
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
  g_free (f->chosen);
}

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

/* The visible button whose label starts with @prefix, or NULL. */
static GtkButton *
find_button (gpointer    root,
             const char *prefix)
{
  g_autoptr(GPtrArray) buttons = find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      const char *label = gtk_button_get_label (g_ptr_array_index (buttons, i));

      if (label != NULL && g_str_has_prefix (label, prefix))
        return g_ptr_array_index (buttons, i);
    }
  return NULL;
}

/* Every problem is there in the user's words, in the guide's order, then
 * the scam and contact rows; nothing is under way on a first start. */
static void
test_problems_shown (Fixture       *f,
                     gconstpointer  data)
{
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  g_autoptr(GPtrArray) rows = find_all (f->page, ADW_TYPE_ACTION_ROW);

  g_assert_cmpuint (checklists->len, ==, 6);
  g_assert_cmpuint (rows->len, ==, checklists->len + 2);
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      g_assert_nonnull (def->symptom);
      g_assert_cmpstr (adw_preferences_row_get_title (row), ==, def->symptom);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, def->title);
    }
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, checklists->len)), ==,
                   _("I think I’ve been scammed, or I shared a code"));
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, checklists->len + 1)),
                   ==, _("Contact support"));

  /* On a first start, Enter opens the first problem. */
  {
    /* The continue button's text up to its first conversion. */
    g_auto(GStrv) parts = g_strsplit (_("Continue: %s, %u / %u"), "%s", 2);

    g_assert_null (find_button (f->page, parts[0]));
  }
  gtk_widget_grab_focus (GTK_WIDGET (f->page));
  spin ();
  g_assert_true (gtk_widget_has_focus (g_ptr_array_index (rows, 0)));
  gtk_widget_activate (g_ptr_array_index (rows, 0));
  spin ();
  g_assert_cmpstr (f->chosen, ==, "login");
}

/* A checklist under way is offered first, with its progress, kept up to
 * date as the store changes, and gone once solved. */
static void
test_continue (Fixture       *f,
               gconstpointer  data)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "withdrawal");
  const OkpStep *step = g_ptr_array_index (def->steps, 0);
  g_autofree char *expected = g_strdup_printf (_("Continue: %s, %u / %u"), def->title, 1,
                                               def->steps->len);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %u / %u"), def->title, 1, def->steps->len);
  g_autoptr(GPtrArray) rows = NULL;
  GtkButton *button;

  okp_progress_store_set_step_done (f->store, "withdrawal", step->id, TRUE);
  spin ();

  button = find_button (f->page, expected);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (button), ==, expected);

  rows = find_all (f->page, ADW_TYPE_ACTION_ROW);
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 3)), ==, subtitle);

  /* Enter goes to the checklist under way. */
  gtk_widget_grab_focus (GTK_WIDGET (f->page));
  spin ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (button)));
  gtk_widget_activate (GTK_WIDGET (button));
  wait_for (something_chosen, f);
  g_assert_cmpstr (f->chosen, ==, "withdrawal");

  okp_progress_store_set_solved (f->store, "withdrawal", TRUE);
  spin ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
}

static void
test_safety_and_contact (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = find_all (f->page, ADW_TYPE_ACTION_ROW);

  gtk_widget_activate (g_ptr_array_index (rows, rows->len - 2));
  spin ();
  g_assert_cmpuint (f->safety, ==, 1);
  g_assert_cmpuint (f->contact, ==, 0);
  gtk_widget_activate (g_ptr_array_index (rows, rows->len - 1));
  spin ();
  g_assert_cmpuint (f->contact, ==, 1);
  g_assert_null (f->chosen);
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
    g_assert_cmpstr (_("What’s wrong?"), !=, "What’s wrong?");

#define ADD(name, func) \
  g_test_add ("/okp/start-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("problems-shown", test_problems_shown);
  ADD ("continue", test_continue);
  ADD ("safety-and-contact", test_safety_and_contact);
#undef ADD

  return g_test_run ();
}
