/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-compat"

#include "config.h"

#include "okp-compat.h"

#include <glib/gi18n.h>

/* See okp-compat.h: the one place where toolkit versions differ. */

/* == Opening URIs == */

static void
uri_launched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

#if GTK_CHECK_VERSION (4, 10, 0)
  ok = gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (source), result, &error);
#else
  ok = gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error);
#endif

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
okp_compat_launch_uri_async (GtkWindow           *parent,
                             const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (uri != NULL);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, okp_compat_launch_uri_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, parent, cancellable, uri_launched_cb, task);
  }
#else
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, cancellable, uri_launched_cb, task);
#endif
}

gboolean
okp_compat_launch_uri_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == okp_compat_launch_uri_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
okp_compat_present_window (GtkWindow *window,
                           guint32    timestamp)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

#if GTK_CHECK_VERSION (4, 14, 0)
  (void) timestamp;
  gtk_window_present (window);
#else
  gtk_window_present_with_time (window, timestamp);
#endif
}

/* == Window and sidebar == */

/* Where the panes stop fitting side by side, with the sidebar at its
 * widest and the content at its narrowest (360 px, a phone). */
#define COLLAPSE_CONDITION "max-width: 400sp"

#if ADW_CHECK_VERSION (1, 4, 0)

static AdwNavigationPage *
pane_new (GtkWidget  *header,
          GtkWidget  *child,
          const char *title)
{
  GtkWidget *toolbar_view = adw_toolbar_view_new ();

  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar_view), header);
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar_view), child);

  return adw_navigation_page_new (toolbar_view, title);
}

GtkWidget *
okp_compat_split_view_new (AdwApplicationWindow *window,
                           GtkWidget            *sidebar_header,
                           GtkWidget            *sidebar,
                           const char           *sidebar_title,
                           GtkWidget            *content_header,
                           GtkWidget            *content,
                           int                   sidebar_width)
{
  GtkWidget *split_view = adw_navigation_split_view_new ();
  AdwBreakpoint *breakpoint;
  GValue collapsed = G_VALUE_INIT;

  g_return_val_if_fail (ADW_IS_APPLICATION_WINDOW (window), NULL);

  adw_navigation_split_view_set_sidebar (ADW_NAVIGATION_SPLIT_VIEW (split_view),
                                         pane_new (sidebar_header, sidebar, sidebar_title));
  adw_navigation_split_view_set_content (ADW_NAVIGATION_SPLIT_VIEW (split_view),
                                         pane_new (content_header, content, ""));
  adw_navigation_split_view_set_max_sidebar_width (ADW_NAVIGATION_SPLIT_VIEW (split_view),
                                                   sidebar_width);

  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse (COLLAPSE_CONDITION));
  g_value_init (&collapsed, G_TYPE_BOOLEAN);
  g_value_set_boolean (&collapsed, TRUE);
  adw_breakpoint_add_setter (breakpoint, G_OBJECT (split_view), "collapsed", &collapsed);
  g_value_unset (&collapsed);
  adw_application_window_add_breakpoint (window, breakpoint);

  return split_view;
}

gboolean
okp_compat_split_view_get_collapsed (GtkWidget *split_view)
{
  return adw_navigation_split_view_get_collapsed (ADW_NAVIGATION_SPLIT_VIEW (split_view));
}

void
okp_compat_split_view_show_content (GtkWidget *split_view,
                                    gboolean   show_content)
{
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (split_view),
                                              show_content);
}

void
okp_compat_split_view_set_content_title (GtkWidget  *split_view,
                                         const char *title)
{
  AdwNavigationPage *page =
    adw_navigation_split_view_get_content (ADW_NAVIGATION_SPLIT_VIEW (split_view));

  adw_navigation_page_set_title (page, title);
}

void
okp_compat_split_view_connect_collapsed (GtkWidget *split_view,
                                         GCallback  callback,
                                         gpointer   user_data)
{
  g_signal_connect_object (split_view, "notify::collapsed", callback, user_data,
                           G_CONNECT_SWAPPED);
}

#else /* libadwaita 1.2 and 1.3: AdwLeaflet */

#define LEAFLET_CONTENT_KEY "okp-leaflet-content"

static GtkWidget *
pane_new (GtkWidget *header,
          GtkWidget *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), child);

  return box;
}

static gboolean
leaflet_escape_cb (GtkWidget *leaflet,
                   GVariant  *args,
                   gpointer   user_data)
{
  GtkWidget *content = g_object_get_data (G_OBJECT (leaflet), LEAFLET_CONTENT_KEY);

  if (!adw_leaflet_get_folded (ADW_LEAFLET (leaflet)) ||
      adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet)) != content)
    return FALSE;

  return gtk_widget_activate_action (leaflet, "win.show-sidebar", NULL);
}

GtkWidget *
okp_compat_split_view_new (AdwApplicationWindow *window,
                           GtkWidget            *sidebar_header,
                           GtkWidget            *sidebar,
                           const char           *sidebar_title,
                           GtkWidget            *content_header,
                           GtkWidget            *content,
                           int                   sidebar_width)
{
  GtkWidget *leaflet = adw_leaflet_new ();
  GtkWidget *sidebar_pane = pane_new (sidebar_header, sidebar);
  GtkWidget *content_pane = pane_new (content_header, content);
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *show_sidebar = gtk_button_new_from_icon_name ("sidebar-show-symbolic");
  GtkEventController *controller;
  GtkWidget *start_box;
  GtkShortcut *escape;

  g_return_val_if_fail (ADW_IS_APPLICATION_WINDOW (window), NULL);

  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (leaflet), TRUE);
  gtk_widget_set_size_request (sidebar_pane, sidebar_width, -1);
  gtk_widget_set_hexpand (content_pane, TRUE);
  gtk_widget_set_size_request (content_pane, 360, -1);
  gtk_widget_add_css_class (separator, "sidebar");

  adw_leaflet_append (ADW_LEAFLET (leaflet), sidebar_pane);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (leaflet), separator), FALSE);
  adw_leaflet_append (ADW_LEAFLET (leaflet), content_pane);
  g_object_set_data (G_OBJECT (leaflet), LEAFLET_CONTENT_KEY, content_pane);

  /* Window buttons on the outer edges only, and a way back to the sidebar
   * once the content replaces it. */
  g_object_bind_property (leaflet, "folded", sidebar_header, "show-end-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (leaflet, "folded", content_header, "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);
  gtk_widget_set_tooltip_text (show_sidebar, _("Show Contents"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show_sidebar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show contents"),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show_sidebar), "win.show-sidebar");
  g_object_bind_property (leaflet, "folded", show_sidebar, "visible", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (content_header), show_sidebar);
  /* First, where the back button of later versions is. */
  start_box = gtk_widget_get_parent (show_sidebar);
  if (GTK_IS_BOX (start_box))
    gtk_box_reorder_child_after (GTK_BOX (start_box), show_sidebar, NULL);

  /* Escape goes back to the sidebar, as AdwNavigationSplitView's
   * pop-on-escape does; whatever else handles Escape (a search, find in
   * page) has it first. */
  controller = gtk_shortcut_controller_new ();
  escape = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                             gtk_callback_action_new (leaflet_escape_cb, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), escape);
  gtk_widget_add_controller (leaflet, controller);

  return leaflet;
}

gboolean
okp_compat_split_view_get_collapsed (GtkWidget *split_view)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (split_view));
}

void
okp_compat_split_view_show_content (GtkWidget *split_view,
                                    gboolean   show_content)
{
  if (show_content)
    adw_leaflet_set_visible_child (ADW_LEAFLET (split_view),
                                   g_object_get_data (G_OBJECT (split_view), LEAFLET_CONTENT_KEY));
  else
    adw_leaflet_navigate (ADW_LEAFLET (split_view), ADW_NAVIGATION_DIRECTION_BACK);
}

void
okp_compat_split_view_set_content_title (GtkWidget  *split_view,
                                         const char *title)
{
  /* A leaflet's panes have no titles: the header bar shows the page's. */
}

void
okp_compat_split_view_connect_collapsed (GtkWidget *split_view,
                                         GCallback  callback,
                                         gpointer   user_data)
{
  g_signal_connect_object (split_view, "notify::folded", callback, user_data,
                           G_CONNECT_SWAPPED);
}

#endif



#if ADW_CHECK_VERSION (1, 3, 0)

GtkWidget *
okp_compat_banner_new (GCallback clicked,
                       gpointer  user_data)
{
  GtkWidget *banner = adw_banner_new ("");

  g_signal_connect_object (banner, "button-clicked", clicked, user_data, G_CONNECT_SWAPPED);

  return banner;
}

void
okp_compat_banner_set (GtkWidget  *banner,
                       const char *message,
                       const char *button_label)
{
  /* The banner's title is markup; the message may name a file. */
  g_autofree char *markup = g_markup_escape_text (message != NULL ? message : "", -1);

  adw_banner_set_title (ADW_BANNER (banner), markup);
  adw_banner_set_button_label (ADW_BANNER (banner), button_label);
  adw_banner_set_revealed (ADW_BANNER (banner), message != NULL);
}

#else /* libadwaita 1.2: a revealer */

#define BANNER_LABEL_KEY "okp-banner-label"
#define BANNER_BUTTON_KEY "okp-banner-button"

/* A revealer hides its folded child from the eye only; hiding it once it
 * has folded takes an empty alert away from screen readers too. */
static void
banner_child_revealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

GtkWidget *
okp_compat_banner_new (GCallback clicked,
                       gpointer  user_data)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_HORIZONTAL,
                                 "spacing", 12,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                 NULL);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *revealer = gtk_revealer_new ();

  gtk_widget_add_css_class (box, "okp-notice");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", clicked, user_data, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);

  gtk_revealer_set_transition_type (GTK_REVEALER (revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  gtk_widget_set_visible (revealer, FALSE);
  g_signal_connect (revealer, "notify::child-revealed",
                    G_CALLBACK (banner_child_revealed_cb), NULL);
  g_object_set_data (G_OBJECT (revealer), BANNER_LABEL_KEY, label);
  g_object_set_data (G_OBJECT (revealer), BANNER_BUTTON_KEY, button);

  return revealer;
}

void
okp_compat_banner_set (GtkWidget  *banner,
                       const char *message,
                       const char *button_label)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (banner), BANNER_LABEL_KEY);
  GtkWidget *button = g_object_get_data (G_OBJECT (banner), BANNER_BUTTON_KEY);

  gtk_label_set_text (label, message != NULL ? message : "");
  if (button_label != NULL)
    gtk_button_set_label (GTK_BUTTON (button), button_label);
  gtk_widget_set_visible (button, button_label != NULL);
  if (message != NULL)
    gtk_widget_set_visible (banner, TRUE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (banner), message != NULL);
}

#endif

/* == Dialogs == */

GtkWidget *
okp_compat_dialog_new (const char *title,
                       GtkWidget  *content,
                       int         width,
                       int         height)
{
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (content), NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *dialog = adw_dialog_new ();

    /* On a narrow window (a phone) AdwDialog comes up as a bottom sheet by
     * itself; on a short one it is given less height and the content's
     * scrolled window takes the difference. */
    adw_dialog_set_title (dialog, title);
    adw_dialog_set_content_width (dialog, width);
    adw_dialog_set_content_height (dialog, height);
    adw_dialog_set_child (dialog, content);

    return GTK_WIDGET (dialog);
  }
#else
  {
    GtkWidget *window = adw_window_new ();
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_window_set_title (GTK_WINDOW (window), title);
    gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
    /* A phone's screen, less the panels around it. */
    gtk_widget_set_size_request (window, 360, 294);
    adw_window_set_content (ADW_WINDOW (window), content);

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, controller);

    return window;
  }
#endif
}

void
okp_compat_dialog_present (GtkWidget *dialog,
                           GtkWidget *parent)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (dialog));
  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));

#if ADW_CHECK_VERSION (1, 5, 0)
  if (ADW_IS_DIALOG (dialog))
    {
      adw_dialog_present (ADW_DIALOG (dialog), parent);
      return;
    }
#endif

  g_return_if_fail (GTK_IS_WINDOW (dialog));

  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (GTK_IS_WINDOW (root))
    {
      int width = gtk_widget_get_width (GTK_WIDGET (root));
      int height = gtk_widget_get_height (GTK_WIDGET (root));
      int default_width, default_height;

      /* As a sheet would, the dialog keeps within a window as small as a
       * phone's screen rather than hang over its edges. */
      gtk_window_get_default_size (GTK_WINDOW (dialog), &default_width, &default_height);
      if (width > 0 && default_width > width)
        default_width = width;
      if (height > 0 && default_height > height)
        default_height = height;
      gtk_window_set_default_size (GTK_WINDOW (dialog), default_width, default_height);

      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
okp_compat_dialog_get_window (GtkWidget *content)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (content), NULL);

  /* An AdwDialog lives inside its parent's window (or a window of its own
   * when there is no parent); the fallback is a window itself. Either way
   * the root is the window. */
  root = gtk_widget_get_root (content);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

GtkWidget *
okp_compat_preferences_dialog_new (const char         *title,
                                   AdwPreferencesPage *page)
{
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (ADW_IS_PREFERENCES_PAGE (page), NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *dialog = adw_preferences_dialog_new ();

    adw_dialog_set_title (dialog, title);
    adw_preferences_dialog_set_search_enabled (ADW_PREFERENCES_DIALOG (dialog), FALSE);
    adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (dialog), page);

    return GTK_WIDGET (dialog);
  }
#else
  {
    GtkWidget *window = adw_preferences_window_new ();

    gtk_window_set_title (GTK_WINDOW (window), title);
    gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    gtk_window_set_default_size (GTK_WINDOW (window), 600, 680);
    adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), page);

    return window;
  }
#endif
}

GtkWidget *
okp_compat_about_dialog_new (const char *appdata_resource,
                             const char *release_notes_version)
{
  g_return_val_if_fail (appdata_resource != NULL, NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  return GTK_WIDGET (adw_about_dialog_new_from_appdata (appdata_resource, release_notes_version));
#else
  {
    /* AdwAboutWindow cannot read AppStream before libadwaita 1.4: the
     * caller's properties say what the metadata would. */
    GtkWidget *window = adw_about_window_new ();

    gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (window), APP_ID);
    if (release_notes_version != NULL)
      adw_about_window_set_release_notes_version (ADW_ABOUT_WINDOW (window),
                                                  release_notes_version);

    return window;
  }
#endif
}

void
okp_compat_alert (GtkWidget  *parent,
                  const char *heading,
                  const char *body)
{
  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (body != NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *alert = adw_alert_dialog_new (heading, body);

    adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), "close", _("_Close"));
    adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "close");
    adw_dialog_present (alert, parent);
  }
#else
  {
    GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
    GtkWidget *alert = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               heading, body);

    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
    adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (alert), "close");
    gtk_window_present (GTK_WINDOW (alert));
  }
#endif
}

#if !ADW_CHECK_VERSION (1, 8, 0)
/* GTK 4.8 gives the shortcuts window's search button (its only toggle
 * button) no accessible name, so a screen reader would say just "toggle
 * button"; later versions name it themselves, which this then repeats. */
static void
name_shortcuts_search (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search shortcuts"),
                                        -1);
      name_shortcuts_search (child);
    }
}
#endif

GtkWidget *
okp_compat_shortcuts_dialog_new (const OkpShortcut *shortcuts,
                                 gsize              n_shortcuts)
{
  g_return_val_if_fail (shortcuts != NULL, NULL);
  g_return_val_if_fail (n_shortcuts > 0, NULL);
  g_return_val_if_fail (shortcuts[0].action_name == NULL && shortcuts[0].accelerator == NULL,
                        NULL);

#if ADW_CHECK_VERSION (1, 8, 0)
  {
    AdwDialog *dialog = adw_shortcuts_dialog_new ();
    AdwShortcutsSection *section = NULL;  /* owned by the dialog */

    /* Both add functions take the reference they are given. */
    for (gsize i = 0; i < n_shortcuts; i++)
      {
        const OkpShortcut *shortcut = &shortcuts[i];
        AdwShortcutsItem *item;

        if (shortcut->action_name == NULL && shortcut->accelerator == NULL)
          {
            section = adw_shortcuts_section_new (shortcut->title);
            adw_shortcuts_dialog_add (ADW_SHORTCUTS_DIALOG (dialog), section);
            continue;
          }

        if (shortcut->action_name != NULL)
          item = adw_shortcuts_item_new_from_action (shortcut->title, shortcut->action_name);
        else
          item = adw_shortcuts_item_new (shortcut->title, shortcut->accelerator);
        adw_shortcuts_section_add (section, item);
      }

    return GTK_WIDGET (dialog);
  }
#else
  {
    /* GtkShortcutsWindow takes its sections only from GtkBuilder before
     * GTK 4.14, so the same table is written out as a definition. */
    g_autoptr(GString) xml = g_string_new ("<interface><object class=\"GtkShortcutsWindow\" "
                                           "id=\"shortcuts\"><property name=\"modal\">True"
                                           "</property><child><object class=\"GtkShortcutsSection\">"
                                           "<property name=\"section-name\">shortcuts</property>"
                                           "<property name=\"max-height\">12</property>");
    g_autoptr(GtkBuilder) builder = NULL;
    g_autoptr(GError) error = NULL;
    GApplication *default_app = g_application_get_default ();
    GtkApplication *app = GTK_IS_APPLICATION (default_app) ? GTK_APPLICATION (default_app) : NULL;
    GtkWidget *window;

    for (gsize i = 0; i < n_shortcuts; i++)
      {
        const OkpShortcut *shortcut = &shortcuts[i];
        g_autofree char *line = NULL;

        if (shortcut->action_name == NULL && shortcut->accelerator == NULL)
          {
            /* A group ends where the next begins. */
            if (i > 0)
              g_string_append (xml, "</object></child>");
            line = g_markup_printf_escaped ("<child><object class=\"GtkShortcutsGroup\">"
                                            "<property name=\"title\">%s</property>",
                                            shortcut->title);
          }
        else
          {
            g_autofree char *accelerator = NULL;

            /* Only a window's own help overlay finds its actions' keys by
             * itself (that link is private to GTK), so they are looked up
             * here. */
            if (shortcut->action_name != NULL && app != NULL)
              {
                g_auto(GStrv) accels = gtk_application_get_accels_for_action (app,
                                                                              shortcut->action_name);

                accelerator = g_strjoinv (" ", accels);
              }
            else
              accelerator = g_strdup (shortcut->accelerator != NULL ? shortcut->accelerator : "");

            line = g_markup_printf_escaped ("<child><object class=\"GtkShortcutsShortcut\">"
                                            "<property name=\"title\">%s</property>"
                                            "<property name=\"accelerator\">%s</property>"
                                            "</object></child>",
                                            shortcut->title, accelerator);
          }
        g_string_append (xml, line);
      }
    g_string_append (xml, "</object></child></object></child></object></interface>");

    builder = gtk_builder_new ();
    if (!gtk_builder_add_from_string (builder, xml->str, xml->len, &error))
      g_error ("The shortcuts window cannot be built: %s", error->message);

    window = GTK_WIDGET (g_object_ref (gtk_builder_get_object (builder, "shortcuts")));

#if GTK_CHECK_VERSION (4, 18, 0)
    /* GtkShortcutsWindow is deprecated since GTK 4.18. Its replacement,
     * AdwShortcutsDialog, comes with libadwaita 1.8, which this build does
     * not have: until then it is the only shortcuts window there is. */
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#endif
    g_assert (GTK_IS_SHORTCUTS_WINDOW (window));
#if GTK_CHECK_VERSION (4, 18, 0)
    G_GNUC_END_IGNORE_DEPRECATIONS
#endif

    name_shortcuts_search (window);

    return window;
  }
#endif
}

/* == Printing and files == */

static void
save_task_return (GTask  *task,
                  GFile  *file,
                  GError *error)
{
  if (file != NULL)
    g_task_return_pointer (task, file, g_object_unref);
  else
    g_task_return_error (task, error);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GFile *file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);

  /* Dismissed and cancelled both mean that nothing is to be saved. */
  if (file == NULL && error->domain == GTK_DIALOG_ERROR)
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
  save_task_return (task, file, error);
}
#else
static void
file_chooser_response_cb (GtkNativeDialog *native,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;
  GError *error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  save_task_return (task, file, error);
}
#endif

void
okp_compat_save_file_async (GtkWindow           *parent,
                            const char          *title,
                            const char          *initial_name,
                            GtkFileFilter       *filter,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (title != NULL);
  g_return_if_fail (initial_name != NULL);
  g_return_if_fail (filter == NULL || GTK_IS_FILE_FILTER (filter));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, okp_compat_save_file_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_initial_name (dialog, initial_name);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (filter != NULL)
      {
        g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

        g_list_store_append (filters, filter);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
        gtk_file_dialog_set_default_filter (dialog, filter);
      }
    gtk_file_dialog_save (dialog, parent, cancellable, file_dialog_saved_cb, task);
  }
#else
  {
    GtkFileChooserNative *native = gtk_file_chooser_native_new (title, parent,
                                                                GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                NULL, NULL);

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
    if (filter != NULL)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    g_signal_connect (native, "response", G_CALLBACK (file_chooser_response_cb), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

GFile *
okp_compat_save_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == okp_compat_save_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
