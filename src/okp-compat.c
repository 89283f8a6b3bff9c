/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-compat"

#include "config.h"

#include "okp-compat.h"

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

/* == Dialogs == */

/* == Printing and files == */
