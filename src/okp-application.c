/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-application"

#include "config.h"

#include "okp-application.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "okp-checklist-progress.h"
#include "okp-cli.h"
#include "okp-compat.h"
#include "okp-preferences-window.h"
#include "okp-search-provider.h"
#include "okp-window.h"

#include <malloc.h>

struct _OkpApplication
{
  AdwApplication  parent_instance;

  /* owned */
  OkpGuide         *guide;
  GSettings        *settings;
  OkpProgressStore *store;
  char             *store_message;
  OkpSearch        *search;
  OkpSearchProvider *search_provider;
};

G_DEFINE_FINAL_TYPE (OkpApplication, okp_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "section", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the guide at section ID"), N_("ID") },
  { "checklist", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the checklist ID"), N_("ID") },
  { "list", 'l', 0, G_OPTION_ARG_NONE, NULL,
    N_("List the guide’s sections and checklists with their progress, and exit"), NULL },
  { "export-checklist", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Save the checklist ID, or all of them, with the saved progress as a PDF file "
       "(see --output), and exit"), N_("ID|all") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The PDF file --export-checklist writes"), N_("FILE") },
  { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print what a search for QUERY finds, best first, and exit"), N_("QUERY") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

OkpApplication *
okp_application_new (void)
{
  return g_object_new (OKP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * okp_application_get_guide:
 *
 * The guide, loaded on first use in the interface language. The content is
 * compiled into the binary and checked by the test suite, so a failure here
 * means a broken build: it is reported and the program exits.
 */
OkpGuide *
okp_application_get_guide (OkpApplication *self)
{
  g_return_val_if_fail (OKP_IS_APPLICATION (self), NULL);

  if (self->guide == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->guide = okp_cli_load_guide (&error);
      if (self->guide == NULL)
        g_error ("The guide could not be loaded: %s", error->message);
    }

  return self->guide;
}

GSettings *
okp_application_get_settings (OkpApplication *self)
{
  g_return_val_if_fail (OKP_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  return self->settings;
}

/**
 * okp_application_get_progress_store:
 *
 * The user's checklist progress, loaded when the application started.
 * Every window shows and changes this one store.
 */
OkpProgressStore *
okp_application_get_progress_store (OkpApplication *self)
{
  g_return_val_if_fail (OKP_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * okp_application_get_progress_message:
 *
 * Returns: (nullable): what loading the progress had to tell the user (a
 *   file kept aside, a file from a newer version), until it is dismissed
 */
const char *
okp_application_get_progress_message (OkpApplication *self)
{
  g_return_val_if_fail (OKP_IS_APPLICATION (self), NULL);

  return self->store_message;
}

void
okp_application_dismiss_progress_message (OkpApplication *self)
{
  g_return_if_fail (OKP_IS_APPLICATION (self));

  g_clear_pointer (&self->store_message, g_free);
}

static OkpWindow *
get_window (OkpApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (okp_window_new (self));

  return OKP_WINDOW (window);
}

/**
 * okp_application_get_search:
 *
 * The search index over the guide, built on first use: by the window's
 * search or by GNOME Shell's, whichever asks first.
 */
OkpSearch *
okp_application_get_search (OkpApplication *self)
{
  g_return_val_if_fail (OKP_IS_APPLICATION (self), NULL);

  if (self->search == NULL)
    self->search = okp_search_new (okp_application_get_guide (self));

  return self->search;
}

static OkpSearch *
get_search_cb (gpointer user_data)
{
  return okp_application_get_search (user_data);
}

static void
search_provider_activate_result_cb (OkpApplication *self,
                                    const char     *result_id,
                                    const char     *query,
                                    guint           timestamp)
{
  OkpWindow *window = get_window (self);

  okp_window_open_search_result (window, result_id, query);
  okp_compat_present_window (GTK_WINDOW (window), timestamp);
}

static void
search_provider_launch_search_cb (OkpApplication *self,
                                  const char     *query,
                                  guint           timestamp)
{
  OkpWindow *window = get_window (self);

  okp_window_start_search (window, query);
  okp_compat_present_window (GTK_WINDOW (window), timestamp);
}

/* GNOME Shell's search provider lives on the application's own bus
 * connection, at the path the search provider ini file names. */
static gboolean
okp_application_dbus_register (GApplication     *app,
                               GDBusConnection  *connection,
                               const char       *object_path,
                               GError          **error)
{
  OkpApplication *self = OKP_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (okp_application_parent_class)->dbus_register (app, connection,
                                                                           object_path, error))
    return FALSE;

  /* Started by D-Bus for the Shell's search, with no window to keep it,
   * the application stays a little after each call rather than exiting
   * between the Shell's calls while the user types. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, 10000);

  self->search_provider = okp_search_provider_new (app, get_search_cb, self);
  g_signal_connect_object (self->search_provider, "activate-result",
                           G_CALLBACK (search_provider_activate_result_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_provider, "launch-search",
                           G_CALLBACK (search_provider_launch_search_cb), self,
                           G_CONNECT_SWAPPED);

  return okp_search_provider_register (self->search_provider, connection, path, error);
}

static void
okp_application_dbus_unregister (GApplication    *app,
                                 GDBusConnection *connection,
                                 const char      *object_path)
{
  OkpApplication *self = OKP_APPLICATION (app);

  if (self->search_provider != NULL)
    okp_search_provider_unregister (self->search_provider);
  g_clear_object (&self->search_provider);

  G_APPLICATION_CLASS (okp_application_parent_class)->dbus_unregister (app, connection,
                                                                       object_path);
}

static int
okp_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *path = NULL;
  OkpStoreStatus status;
  const char *section = NULL;
  const char *checklist = NULL;
  const char *query = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  /* Searching needs no display: exit status 0 with results, 1 without. */
  if (g_variant_dict_lookup (options, "search", "&s", &query))
    return okp_cli_search (query, stdout);

  /* The export needs no display either, and does nothing else. */
  if (g_variant_dict_contains (options, "export-checklist") ||
      g_variant_dict_contains (options, "output"))
    {
      const char *export_id = NULL;
      const char *output = NULL;

      g_variant_dict_lookup (options, "export-checklist", "&s", &export_id);
      g_variant_dict_lookup (options, "output", "^&ay", &output);

      return okp_cli_export (export_id, output);
    }

  if (!g_variant_dict_contains (options, "list"))
    return -1;

  /* Everything below runs without a display or a session bus. */
  guide = okp_cli_load_guide (&error);
  if (guide == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_variant_dict_lookup (options, "section", "&s", &section);
  if (section != NULL && okp_guide_lookup_section (guide, section) == NULL)
    {
      g_autofree char *ids = okp_guide_dup_section_ids (guide);
      g_printerr (_("Unknown section “%s”. Valid sections are: %s\n"), section, ids);
      return 2;
    }

  g_variant_dict_lookup (options, "checklist", "&s", &checklist);
  if (checklist != NULL && okp_guide_lookup_checklist (guide, checklist) == NULL)
    {
      g_autofree char *ids = okp_guide_dup_checklist_ids (guide);
      g_printerr (_("Unknown checklist “%s”. Valid checklists are: %s\n"), checklist, ids);
      return 2;
    }

  /* The listing only reads the progress: the running application, if
   * any, owns the file. */
  path = okp_progress_store_default_path ();
  store = okp_checklist_progress_read (path, &status);
  if (status == OKP_STORE_STATUS_RECOVERED)
    g_printerr (_("The saved progress could not be read and is shown as not started. "
                  "OKPay Help keeps the file aside the next time it opens.\n"));

  okp_cli_print_list (guide, store, stdout);
  return 0;
}

static int
okp_application_command_line (GApplication            *app,
                              GApplicationCommandLine *command_line)
{
  OkpApplication *self = OKP_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *section = NULL;
  const char *checklist = NULL;
  OkpWindow *window;

  window = get_window (self);

  if (g_variant_dict_lookup (options, "section", "&s", &section))
    {
      OkpGuide *guide = okp_application_get_guide (self);

      if (okp_guide_lookup_section (guide, section) != NULL)
        okp_window_show_section (window, section);
      else
        {
          g_autofree char *ids = okp_guide_dup_section_ids (guide);
          const OkpSection *first = g_ptr_array_index (okp_guide_get_sections (guide), 0);

          g_application_command_line_printerr (command_line,
                                               _("Unknown section “%s”. Valid sections are: %s\n"),
                                               section, ids);
          okp_window_show_section (window, first->id);
        }
    }

  if (g_variant_dict_lookup (options, "checklist", "&s", &checklist))
    {
      OkpGuide *guide = okp_application_get_guide (self);

      if (okp_guide_lookup_checklist (guide, checklist) != NULL)
        okp_window_show_checklist (window, checklist);
      else
        {
          g_autofree char *ids = okp_guide_dup_checklist_ids (guide);
          const OkpSection *first = g_ptr_array_index (okp_guide_get_sections (guide), 0);

          g_application_command_line_printerr (command_line,
                                               _("Unknown checklist “%s”. Valid checklists are: %s\n"),
                                               checklist, ids);
          okp_window_show_section (window, first->id);
        }
    }

  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

static void
okp_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (OKP_APPLICATION (app))));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  OkpApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows properly so each saves its state before we go. */
  for (GList *l = windows; l != NULL; l = windows = gtk_application_get_windows (GTK_APPLICATION (self)))
    gtk_window_destroy (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  OkpApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "OKPay Help developers", NULL };

  adw_show_about_window (window,
                         "application-name", _("OKPay Help"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("OKPay Help developers"),
                         "developers", developers,
                         "comments", _("Step-by-step help for problems with OKPay payments"),
                         "website", "https://github.com/okpayhelp/okpay-help",
                         "issue-url", "https://github.com/okpayhelp/okpay-help/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one a line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
show_section_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  OkpApplication *self = user_data;
  OkpWindow *window = get_window (self);
  const char *id = g_variant_get_string (parameter, NULL);

  if (okp_guide_lookup_section (okp_application_get_guide (self), id) != NULL)
    okp_window_show_section (window, id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_checklist (OkpApplication *self,
                const char     *checklist_id)
{
  OkpWindow *window = get_window (self);

  if (okp_guide_lookup_checklist (okp_application_get_guide (self), checklist_id) != NULL)
    okp_window_show_checklist (window, checklist_id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_checklist_action_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  show_checklist (user_data, g_variant_get_string (parameter, NULL));
}

/* The desktop entry's actions ("checklist-login", …) are activated over
 * D-Bus by name and without a parameter, so each checklist has an action
 * of its own; the checklist id is the action's name after the prefix. */
static void
checklist_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  const char *name = g_action_get_name (G_ACTION (action));

  show_checklist (user_data, name + strlen ("checklist-"));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  OkpApplication *self = user_data;
  OkpWindow *window = get_window (self);
  GtkWidget *preferences = okp_preferences_window_new (GTK_WINDOW (window),
                                                       okp_application_get_settings (self));

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Contact support from outside any page (the menu, the desktop): the
 * window picks the case, the dialog the channel. */
static void
contact_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  OkpWindow *window = get_window (user_data);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.contact", "s", "");
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
  { "preferences", preferences_action_cb },
  { "contact", contact_action_cb },
  { "show-section", show_section_action_cb, "s" },
  { "show-checklist", show_checklist_action_cb, "s" },
};

static void
add_checklist_actions (OkpApplication *self)
{
  GPtrArray *checklists = okp_guide_get_checklists (okp_application_get_guide (self));

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      g_autofree char *name = g_strconcat ("checklist-", def->id, NULL);
      g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (checklist_action_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

static void
load_progress (OkpApplication *self)
{
  g_autofree char *path = okp_progress_store_default_path ();

  self->store = okp_progress_store_new (path);
  okp_progress_store_load (self->store, &self->store_message);
  if (self->store_message != NULL)
    g_message ("%s", self->store_message);
}

static void
okp_application_startup (GApplication *app)
{
  OkpApplication *self = OKP_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *print_accels[] = { "<Control>p", NULL };

  /* Every page shown passes large buffers (the web view's frames, a few
   * MiB each) through malloc. Once one is freed, glibc would raise its mmap
   * threshold and serve the next ones from the heap, where freed memory
   * stays with the process: memory then grows with every page the user
   * reads. A fixed threshold keeps them mapped on their own and returned
   * when freed. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);

  G_APPLICATION_CLASS (okp_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  add_checklist_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.print", print_accels);

  gtk_window_set_default_icon_name (APP_ID);

  load_progress (self);
}

static void
okp_application_shutdown (GApplication *app)
{
  OkpApplication *self = OKP_APPLICATION (app);

  /* The last change may still be waiting for its scheduled save. */
  if (self->store != NULL)
    okp_progress_store_flush (self->store);

  G_APPLICATION_CLASS (okp_application_parent_class)->shutdown (app);
}

static void
okp_application_dispose (GObject *object)
{
  OkpApplication *self = (OkpApplication *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->store_message, g_free);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->search);
  g_clear_object (&self->guide);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (okp_application_parent_class)->dispose (object);
}

static void
okp_application_class_init (OkpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = okp_application_dispose;

  app_class->handle_local_options = okp_application_handle_local_options;
  app_class->command_line = okp_application_command_line;
  app_class->activate = okp_application_activate;
  app_class->startup = okp_application_startup;
  app_class->shutdown = okp_application_shutdown;
  app_class->dbus_register = okp_application_dbus_register;
  app_class->dbus_unregister = okp_application_dbus_unregister;
}

static void
okp_application_init (OkpApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Help for problems with OKPay payments: the guide, "
                                              "step-by-step checklists and support contacts."));
}
