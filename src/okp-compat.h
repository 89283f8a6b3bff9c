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

/* Presents @window to open what the desktop asked for (a search result from
 * GNOME Shell), with the timestamp of that request where the version can
 * use one: gtk_window_present_with_time() is deprecated in GTK 4.14, where
 * gtk_window_present() takes over. */
void     okp_compat_present_window    (GtkWindow           *window,
                                       guint32              timestamp);

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

/* AdwBanner (libadwaita 1.3): a message, and a button if @button_label is
 * not %NULL, across the top of the content; a %NULL message hides it. Before
 * 1.3, a revealer styled like one (see style.css), which screen readers
 * hear as an alert. @clicked is called with @user_data (swapped). */
GtkWidget *okp_compat_banner_new              (GCallback             clicked,
                                               gpointer              user_data);
void       okp_compat_banner_set              (GtkWidget            *banner,
                                               const char           *message,
                                               const char           *button_label);

/* == Dialogs ==
 * AdwDialog and its kin (libadwaita 1.5) in place of separate windows:
 * AdwDialog, AdwPreferencesDialog, AdwAboutDialog and AdwAlertDialog,
 * presented over the window and shown as a bottom sheet when the window is
 * narrow. Before 1.5 the same content goes into an AdwWindow,
 * AdwPreferencesWindow, AdwAboutWindow or AdwMessageDialog. Keyboard
 * shortcuts: AdwShortcutsDialog (libadwaita 1.8), else GtkShortcutsWindow.
 *
 * A "dialog" below is whichever of the two a version has: create it with
 * these functions and present it with okp_compat_dialog_present(). */

/* Wraps @content (a header bar, then the rest) in a dialog titled @title
 * that Escape closes. @width and @height are the size it asks for; on a
 * smaller window it shrinks and its content scrolls. */
GtkWidget *okp_compat_dialog_new             (const char         *title,
                                              GtkWidget          *content,
                                              int                 width,
                                              int                 height);
/* Shows @dialog over the window @parent is in. */
void       okp_compat_dialog_present         (GtkWidget          *dialog,
                                              GtkWidget          *parent);
/* The window an open dialog's content sits in, for what needs a parent
 * window (opening a URI, a file chooser). */
GtkWindow *okp_compat_dialog_get_window      (GtkWidget          *content);

/* A preferences dialog titled @title, showing @page. */
GtkWidget *okp_compat_preferences_dialog_new (const char         *title,
                                              AdwPreferencesPage *page);

/* The about dialog, filled from the AppStream metadata at @appdata_resource
 * where the version can (name, icon, developer, links, licence, and the
 * release notes of @release_notes_version); the caller sets the properties
 * both versions share (application-name, version, copyright, debug-info,
 * …), which AdwAboutDialog and AdwAboutWindow name alike. */
GtkWidget *okp_compat_about_dialog_new       (const char         *appdata_resource,
                                              const char         *release_notes_version);

/* An alert over @parent's window with @heading, @body and a Close button. */
void       okp_compat_alert                  (GtkWidget          *parent,
                                              const char         *heading,
                                              const char         *body);

/* One line of the keyboard shortcuts dialog. An entry with neither
 * @action_name nor @accelerator starts a group titled @title. Titles are
 * already translated. */
typedef struct {
  const char *title;
  const char *action_name;
  const char *accelerator;
} OkpShortcut;

GtkWidget *okp_compat_shortcuts_dialog_new   (const OkpShortcut  *shortcuts,
                                              gsize               n_shortcuts);

/* == Printing and files ==
 * GtkFileDialog (GTK 4.10; the file chooser portal inside Flatpak) in
 * place of GtkFileChooserNative (deprecated in 4.10). The callback
 * receives @parent as the source object on every version; finish with
 * okp_compat_save_file_finish(), which returns %NULL with
 * G_IO_ERROR_CANCELLED when the user cancelled. */
void   okp_compat_save_file_async  (GtkWindow            *parent,
                                    const char           *title,
                                    const char           *initial_name,
                                    GtkFileFilter        *filter,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GFile *okp_compat_save_file_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
