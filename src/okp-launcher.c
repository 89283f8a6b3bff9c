/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-launcher"

#include "config.h"

#include "okp-launcher.h"

#include <glib/gi18n.h>

#include "okp-channel-uri.h"
#include "okp-compat.h"

#include <string.h>

/**
 * okp_launcher_check_uri:
 * @uri: a URI about to be opened
 * @error: return location for a #GError
 *
 * Checks that @uri is a mailto:, tel: or https: URI exactly as the core
 * builders write it: taken apart and built again, it must come out the
 * same. A URI with a header the builders never write (bcc, cc), a
 * recipient or number that does not validate, or any other scheme is
 * refused.
 *
 * Returns: %TRUE if @uri may leave the application
 */
gboolean
okp_launcher_check_uri (const char  *uri,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *rebuilt = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_has_prefix (uri, "mailto:"))
    {
      g_autofree char *to = NULL;
      g_autofree char *subject = NULL;
      g_autofree char *body = NULL;

      if (okp_uri_parse_mailto (uri, &to, &subject, &body, &local_error))
        rebuilt = okp_uri_build_mailto (to, subject, body, &local_error);
    }
  else if (g_str_has_prefix (uri, "tel:"))
    rebuilt = okp_uri_build_tel (uri + strlen ("tel:"), &local_error);
  else if (g_str_has_prefix (uri, "https:"))
    rebuilt = okp_uri_build_https (uri, &local_error);

  if (rebuilt != NULL && g_str_equal (rebuilt, uri))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               /* Translators: %s is the reason, which ends in a full stop */
               _("This address is not opened, for your safety. %s"),
               local_error != NULL
               ? local_error->message
               : _("Only email, phone and secure web (https) addresses are opened."));
  return FALSE;
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!okp_compat_launch_uri_finish (result, &error))
    {
      g_debug ("Opening %s failed: %s", (const char *) g_task_get_task_data (task),
               error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * okp_launcher_open_async:
 * @parent: (nullable): the window the request comes from
 * @uri: a mailto:, tel: or https: URI from the core builders
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the URI was handed over, or could not be
 * @user_data: data for @callback
 *
 * Opens @uri after okp_launcher_check_uri() accepted it. Failure (no
 * program for the scheme, a refused URI) is reported through
 * okp_launcher_open_finish(), so the caller can tell the user and show
 * the address to copy.
 */
void
okp_launcher_open_async (GtkWindow           *parent,
                         const char          *uri,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, okp_launcher_open_async);
  g_task_set_task_data (task, g_strdup (uri), g_free);

  if (!okp_launcher_check_uri (uri, &error))
    {
      /* The builders never produce such a URI, so this is a bug: it is
       * logged, and the caller tells the user as for any failure. */
      g_warning ("Refusing to open %s: %s", uri, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  okp_compat_launch_uri_async (parent, uri, cancellable, launched_cb, g_steal_pointer (&task));
}

/**
 * okp_launcher_open_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the URI was handed to an application
 */
gboolean
okp_launcher_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == okp_launcher_open_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
