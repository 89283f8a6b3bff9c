/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Every difference between the toolkit versions the application is built
 * on lives here, and nowhere else.
 *
 * The design targets the GNOME 50 runtime (GTK 4.22, libadwaita 1.9) and is
 * tested on Debian 13 (GTK 4.18, libadwaita 1.7). Debian 12 (GTK 4.8,
 * libadwaita 1.2) is the floor: it gets a working fallback, kept as small as
 * possible. Each function below names the API it stands for and the version
 * that brings it, so that the fallback can be deleted the day the floor
 * moves past it. The rest of the code calls these functions and never tests
 * a version itself.
 *
 * A deprecated call is silenced only where the version at hand has no
 * replacement, with a comment naming the replacement and its version.
 */

#include <adwaita.h>

G_BEGIN_DECLS

/* == Opening URIs ==
 * GtkUriLauncher (GTK 4.10) in place of gtk_show_uri_full (deprecated in
 * 4.10). The callback receives @parent's window as the source object on
 * every version; finish with okp_compat_launch_uri_finish(). */
void     okp_compat_launch_uri_async  (GtkWindow           *parent,
                                       const char          *uri,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean okp_compat_launch_uri_finish (GAsyncResult        *result,
                                       GError             **error);

/* == Window and sidebar ==
 * AdwNavigationSplitView (libadwaita 1.4) with an AdwToolbarView on each
 * pane, collapsed by an AdwBreakpoint on windows narrower than 400 sp, in
 * place of AdwLeaflet (deprecated in 1.4). Before 1.4 an AdwLeaflet folds
 * by itself when the panes no longer fit side by side, and a button in the
 * content's header bar brings the sidebar back; from 1.4 the content's
 * header bar has a back button of its own. */
GtkWidget *okp_compat_split_view_new          (AdwApplicationWindow *window,
                                               GtkWidget            *sidebar_header,
                                               GtkWidget            *sidebar,
                                               const char           *sidebar_title,
                                               GtkWidget            *content_header,
                                               GtkWidget            *content,
                                               int                   sidebar_width);
gboolean   okp_compat_split_view_get_collapsed (GtkWidget           *split_view);
void       okp_compat_split_view_show_content (GtkWidget            *split_view,
                                               gboolean              show_content);
void       okp_compat_split_view_set_content_title (GtkWidget       *split_view,
                                               const char           *title);
void       okp_compat_split_view_connect_collapsed (GtkWidget       *split_view,
                                               GCallback             callback,
                                               gpointer              user_data);

/* GTK 4.8 gives the shortcuts window's search button no accessible name,
 * so a screen reader says just "toggle button"; this names it. Later
 * versions name it themselves, and GTK 4.18 deprecates the shortcuts
 * window: there this does nothing. */
void       okp_compat_name_shortcuts_search   (GtkApplicationWindow *window);

/* AdwBanner (libadwaita 1.3): a message, and a button if @button_label is
 * not %NULL, across the top of the content; a %NULL message hides it. Before
 * 1.3, a revealer styled like one (see style.css), which screen readers
 * hear as an alert. @clicked is called with @user_data (swapped). */
GtkWidget *okp_compat_banner_new              (GCallback             clicked,
                                               gpointer              user_data);
void       okp_compat_banner_set              (GtkWidget            *banner,
                                               const char           *message,
                                               const char           *button_label);

/* == Dialogs == */

/* == Printing and files == */

G_END_DECLS
