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

#if !GTK_CHECK_VERSION (4, 18, 0)
static void
name_toggle_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search shortcuts"),
                                        -1);
      name_toggle_buttons (child);
    }
}
#endif

void
okp_compat_name_shortcuts_search (GtkApplicationWindow *window)
{
#if !GTK_CHECK_VERSION (4, 18, 0)
  /* The search button is the shortcuts window's only toggle button. */
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay != NULL)
    name_toggle_buttons (GTK_WIDGET (overlay));
#endif
}

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

/* == Printing and files == */
