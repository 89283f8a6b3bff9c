/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-application"

#include "config.h"

#include "okp-application.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "okp-checklist-progress.h"
#include "okp-cli.h"
#include "okp-compat.h"
#include "okp-content.h"
#include "okp-preferences-page.h"
#include "okp-search-provider.h"
#include "okp-version-info.h"
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
    N_("The PDF file --export-checklist writes, or - for standard output"), N_("FILE") },
  /* Bytes, not text: a query the locale cannot read gets a message of its
   * own (see search_query_to_utf8()). */
  { "search", 0, 0, G_OPTION_ARG_FILENAME, NULL,
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

      self->guide = okp_content_load_guide (&error);
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

static void
window_progress_message_cb (OkpApplication *self,
                            GParamSpec     *pspec,
                            OkpWindow      *window)
{
  /* Dismissed in the window: a later window does not show it again. */
  if (okp_window_get_progress_message (window) == NULL)
    g_clear_pointer (&self->store_message, g_free);
}

static OkpWindow *
get_window (OkpApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      OkpWindow *new_window = okp_window_new (self,
                                              okp_application_get_guide (self),
                                              self->store,
                                              okp_application_get_search (self),
                                              okp_application_get_settings (self));

      okp_window_set_progress_message (new_window, self->store_message);
      g_signal_connect_object (new_window, "notify::progress-message",
                               G_CALLBACK (window_progress_message_cb), self,
                               G_CONNECT_SWAPPED);
      window = GTK_WINDOW (new_window);
    }

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

/* Whether @arguments ask for help, which GApplication gives itself. */
static gboolean
asks_for_help (char **arguments)
{
  for (gsize i = 1; arguments[i] != NULL; i++)
    {
      if (g_str_equal (arguments[i], "--"))
        break;
      if (g_str_equal (arguments[i], "-h") || g_str_equal (arguments[i], "-?") ||
          g_str_has_prefix (arguments[i], "--help"))
        return TRUE;
    }

  return FALSE;
}

/* Parses a copy of the command line as GApplication will, to tell usage
 * errors apart: GApplication reports them with exit status 1, the status
 * of a failure, and without a word about --help. */
static gboolean
check_usage (char **arguments)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) copy = g_strdupv (arguments);
  g_autofree char *section = NULL, *checklist = NULL, *export_id = NULL;
  g_autofree char *output = NULL, *query = NULL;
  gboolean list = FALSE, version = FALSE, service = FALSE;
  GOptionEntry entries[G_N_ELEMENTS (option_entries)];
  GOptionEntry service_entries[] = {
    { "gapplication-service", 0, 0, G_OPTION_ARG_NONE, &service, NULL, NULL },
    { NULL }
  };
  GOptionGroup *group;

  memcpy (entries, option_entries, sizeof option_entries);
  for (gsize i = 0; entries[i].long_name != NULL; i++)
    {
      const char *name = entries[i].long_name;

      if (g_str_equal (name, "section"))
        entries[i].arg_data = &section;
      else if (g_str_equal (name, "checklist"))
        entries[i].arg_data = &checklist;
      else if (g_str_equal (name, "list"))
        entries[i].arg_data = &list;
      else if (g_str_equal (name, "export-checklist"))
        entries[i].arg_data = &export_id;
      else if (g_str_equal (name, "output"))
        entries[i].arg_data = &output;
      else if (g_str_equal (name, "search"))
        entries[i].arg_data = &query;
      else if (g_str_equal (name, "version"))
        entries[i].arg_data = &version;
      else
        g_assert_not_reached ();
    }

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  group = g_option_group_new ("gapplication", "", "", NULL, NULL);
  g_option_group_add_entries (group, service_entries);
  g_option_context_add_group (context, group);

  if (!g_option_context_parse_strv (context, &copy, &error))
    {
      if (g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE) ||
          g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT))
        {
          const char *charset;

          g_get_charset (&charset);
          okp_cli_usage_error (_("An argument is not valid text in this locale’s encoding (%s)."),
                               charset);
        }
      else
        {
          okp_cli_usage_error ("%s", error->message);
        }
      return FALSE;
    }

  /* No command takes other arguments; a lone "--" is harmless. */
  for (gsize i = 1; copy[0] != NULL && copy[i] != NULL; i++)
    {
      g_autofree char *shown = NULL;

      if (i == 1 && g_str_equal (copy[i], "--"))
        continue;

      shown = g_filename_display_name (copy[i]);

      okp_cli_usage_error (_("Unexpected argument “%s”."), shown);
      return FALSE;
    }

  return TRUE;
}

static gboolean
okp_application_local_command_line (GApplication   *app,
                                    char         ***arguments,
                                    int            *exit_status)
{
  if (!asks_for_help (*arguments) && !check_usage (*arguments))
    {
      *exit_status = 2;
      return TRUE;
    }

  return G_APPLICATION_CLASS (okp_application_parent_class)->local_command_line (app, arguments,
                                                                              exit_status);
}

/* The query as UTF-8: text in the locale's encoding, or, in a locale that
 * only knows ASCII (LANG=C), the UTF-8 that terminals send anyway. */
static char *
search_query_to_utf8 (const char *query)
{
  const char *charset;
  char *utf8;

  if (g_get_charset (&charset))
    return g_utf8_validate (query, -1, NULL) ? g_strdup (query) : NULL;

  utf8 = g_locale_to_utf8 (query, -1, NULL, NULL, NULL);
  if (utf8 == NULL && g_utf8_validate (query, -1, NULL))
    utf8 = g_strdup (query);

  return utf8;
}

static int
okp_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *path = NULL;
  const char *section = NULL;
  const char *checklist = NULL;
  const char *query = NULL;
  const char *commands[] = { "version", "search", "export-checklist", "list" };
  const char *given[G_N_ELEMENTS (commands)];
  guint n_given = 0;

  /* One command at a time: anything else would quietly do one of them. */
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_variant_dict_contains (options, commands[i]))
      given[n_given++] = commands[i];
  if (n_given > 1)
    /* Translators: two command-line options that exclude each other */
    return okp_cli_usage_error (_("--%s and --%s cannot be used together: give one command "
                                  "at a time."), given[0], given[1]);

  if (g_variant_dict_contains (options, "output") &&
      !g_variant_dict_contains (options, "export-checklist"))
    return okp_cli_usage_error ("%s", _("--output is for --export-checklist ID|all"));

  /* --section and --checklist open the window; --list checks their ids. */
  if (n_given == 1 && !g_str_equal (given[0], "list"))
    {
      const char *place = g_variant_dict_contains (options, "section") ? "section"
                          : g_variant_dict_contains (options, "checklist") ? "checklist"
                          : NULL;

      if (place != NULL)
        return okp_cli_usage_error (_("--%s and --%s cannot be used together: give one command "
                                      "at a time."), given[0], place);
    }

  if (g_variant_dict_contains (options, "version"))
    {
      g_autofree char *text = okp_version_info_text ();

      fputs (text, stdout);
      return okp_cli_finish_output (stdout) ? 0 : 1;
    }

  /* Searching needs no display: exit status 0 with results, 1 without. */
  if (g_variant_dict_lookup (options, "search", "^&ay", &query))
    {
      g_autofree char *text = search_query_to_utf8 (query);
      const char *charset;
      int found;

      if (text == NULL)
        {
          g_get_charset (&charset);
          return okp_cli_usage_error (_("The search text is not valid text in this locale’s "
                                        "encoding (%s). Check the terminal’s encoding or the "
                                        "LANG setting."), charset);
        }

      found = okp_cli_search (text, stdout);
      return okp_cli_finish_output (stdout) ? found : 1;
    }

  /* The export needs no display either, and does nothing else. */
  if (g_variant_dict_contains (options, "export-checklist"))
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
  guide = okp_content_load_guide (&error);
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
  store = okp_checklist_progress_load (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  okp_cli_print_list (guide, store, stdout);
  return okp_cli_finish_output (stdout) ? 0 : 1;
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
  /* What `--version` prints: what a bug report needs to say about this
   * copy and the toolkit it runs on. */
  g_autofree char *debug_info = okp_version_info_text ();
  GtkWidget *about;

  /* The metadata gives the name, links, licence and the release notes of
   * this version where libadwaita reads it; the properties below say the
   * same for the versions that cannot, translated, and add what the
   * metadata does not have. */
  about = okp_compat_about_dialog_new (RESOURCE_PREFIX "/" APP_ID ".metainfo.xml",
                                       PACKAGE_VERSION);
  g_object_set (about,
                "application-name", _("OKPay Help"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("OKPay Help developers"),
                "developers", developers,
                "comments", _("Step-by-step help for problems with OKPay payments"),
                "website", "https://github.com/okpayhelp/okpay-help",
                "issue-url", "https://github.com/okpayhelp/okpay-help/issues",
                "license-type", GTK_LICENSE_GPL_3_0,
                "copyright", _("© 2026 OKPay Help developers"),
                "debug-info", debug_info,
                "debug-info-filename", "okpay-help-debug-info.txt",
                /* Translators: put your names here, one a line */
                "translator-credits", _("translator-credits"),
                NULL);
  okp_compat_dialog_present (about, window != NULL ? GTK_WIDGET (window) : NULL);
}

/* The keyboard shortcuts, in the groups the dialog shows them in. */
static void
shortcuts_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  OkpApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
#define GROUP(title) { title, NULL, NULL }
#define ACTION(title, action) { title, action, NULL }
#define KEYS(title, keys) { title, NULL, keys }
  const OkpShortcut shortcuts[] = {
    GROUP (C_("shortcut window", "General")),
    ACTION (C_("shortcut window", "Show Shortcuts"), "app.shortcuts"),
    ACTION (C_("shortcut window", "Print"), "win.print"),
    ACTION (C_("shortcut window", "Preferences"), "app.preferences"),
    ACTION (C_("shortcut window", "Close the window"), "window.close"),
    ACTION (C_("shortcut window", "Quit"), "app.quit"),
    KEYS (C_("shortcut window", "Main Menu"), "F10"),
    GROUP (C_("shortcut window", "Search")),
    ACTION (C_("shortcut window", "Search everything (or start typing in the sidebar)"),
            "win.search"),
    ACTION (C_("shortcut window", "Find in the guide page; search on a checklist"), "win.find"),
    ACTION (C_("shortcut window", "Next match"), "win.find-next"),
    ACTION (C_("shortcut window", "Previous match"), "win.find-previous"),
    KEYS (C_("shortcut window", "Next match, in the find bar"), "Return"),
    KEYS (C_("shortcut window", "Previous match, in the find bar"), "<Shift>Return"),
    KEYS (C_("shortcut window", "From the search to its results"), "Down"),
    KEYS (C_("shortcut window", "Open the first result"), "Return"),
    KEYS (C_("shortcut window", "Close the search or the find bar"), "Escape"),
    GROUP (C_("shortcut window", "Navigation")),
    ACTION (C_("shortcut window", "What’s wrong? (the start page)"), "win.show-start"),
    ACTION (C_("shortcut window", "Back"), "win.go-back"),
    ACTION (C_("shortcut window", "Forward"), "win.go-forward"),
    KEYS (C_("shortcut window", "Next or previous control"), "Tab <Shift>Tab"),
    KEYS (C_("shortcut window", "Open the focused page, result or step"), "Return"),
    KEYS (C_("shortcut window", "Tick or untick the focused step"), "space"),
    GROUP (C_("shortcut window", "Zoom")),
    ACTION (C_("shortcut window", "Zoom in"), "win.zoom-in"),
    ACTION (C_("shortcut window", "Zoom out"), "win.zoom-out"),
    ACTION (C_("shortcut window", "Reset zoom"), "win.zoom-reset"),
  };
#undef GROUP
#undef ACTION
#undef KEYS
  GtkWidget *dialog = okp_compat_shortcuts_dialog_new (shortcuts, G_N_ELEMENTS (shortcuts));

  okp_compat_dialog_present (dialog, window != NULL ? GTK_WIDGET (window) : NULL);
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

  gtk_window_present (GTK_WINDOW (window));
  okp_preferences_present (GTK_WIDGET (window), okp_application_get_settings (self));
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
  { "shortcuts", shortcuts_action_cb },
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
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

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
  /* GtkWindow's own action: closing the only window ends the application,
   * and closing saves the window's state and the progress first. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         shortcuts_accels);

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

  app_class->local_command_line = okp_application_local_command_line;
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
