/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Opens a support channel's address in the application the user chose for
 * it (mail program, browser, dialer). Through GtkUriLauncher where GTK has
 * it and gtk_show_uri_full() before, so inside Flatpak it goes through the
 * OpenURI portal. Only mailto:, tel: and https: URIs that the core
 * builders would produce are ever handed over; anything else fails with
 * G_IO_ERROR_NOT_SUPPORTED without being opened.
 */

gboolean okp_launcher_check_uri   (const char           *uri,
                                   GError              **error);
void     okp_launcher_open_async  (GtkWindow            *parent,
                                   const char           *uri,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean okp_launcher_open_finish (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
