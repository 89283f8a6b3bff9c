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

/* == Window and sidebar == */

/* == Dialogs == */

/* == Printing and files == */

G_END_DECLS
