/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-mail"

#include "config.h"

#include "okp-mail.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/*
 * The Email portal is called directly with GDBus rather than through
 * libportal: its API is one method and one signal, and libportal would be
 * a new dependency for the Debian 12 build and for the Flatpak runtime
 * built locally from Debian packages, for no more than what is below.
 */

#define PORTAL_BUS_NAME       "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH    "/org/freedesktop/portal/desktop"
#define PORTAL_EMAIL          "org.freedesktop.portal.Email"
#define PORTAL_REQUEST        "org.freedesktop.portal.Request"
#define PORTAL_REQUEST_PREFIX "/org/freedesktop/portal/desktop/request/"

G_DEFINE_QUARK (okp-mail-error-quark, okp_mail_error)

/* ---- Is there an Email portal? ---------------------------------------- */

static void
version_got_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          /* No portal service, or one without the Email interface. */
          g_debug ("No Email portal: %s", error->message);
          g_task_return_int (task, 0);
        }
      return;
    }

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    {
      g_task_return_int (task, 0);
      return;
    }
  g_task_return_int (task, g_variant_get_uint32 (value));
}

static void
probe_bus_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_int (task, 0);
      return;
    }

  /* Portals are started by D-Bus on demand, so the call may start one. */
  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", PORTAL_EMAIL, "version"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), version_got_cb,
                          g_object_ref (task));
}

/**
 * okp_mail_portal_available_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the answer is known
 * @user_data: data for @callback
 *
 * Finds out whether the session has the Email portal, by reading the
 * "version" property of org.freedesktop.portal.Email on the portal's
 * object. Every version takes attachments ("attachment_fds" is in the
 * first one), so any version will do.
 */
void
okp_mail_portal_available_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, okp_mail_portal_available_async);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, probe_bus_cb, g_steal_pointer (&task));
}

/**
 * okp_mail_portal_available_finish:
 * @result: the result passed to the callback
 * @version: (out) (optional): the portal's version, 0 without one
 * @error: set only when the check was cancelled
 *
 * Returns: whether the Email portal is there
 */
gboolean
okp_mail_portal_available_finish (GAsyncResult  *result,
                                  guint         *version,
                                  GError       **error)
{
  gssize found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  found = g_task_propagate_int (G_TASK (result), error);
  if (found < 0)
    found = 0;
  if (version != NULL)
    *version = found;
  return found > 0;
}

/* ---- Composing through the portal -------------------------------------- */

typedef struct {
  GDBusConnection *bus;
  GVariant *options;        /* floating until sent */
  GUnixFDList *fds;
  char *parent_window;
  char *request_path;
  guint response_id;
  gulong cancelled_id;
  gboolean returned;
} Compose;

static void
compose_unsubscribe (Compose *compose)
{
  if (compose->response_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (compose->bus, compose->response_id);
      compose->response_id = 0;
    }
}

static void
compose_free (Compose *compose)
{
  compose_unsubscribe (compose);
  g_clear_pointer (&compose->options, g_variant_unref);
  g_clear_object (&compose->fds);
  g_clear_object (&compose->bus);
  g_free (compose->parent_window);
  g_free (compose->request_path);
  g_free (compose);
}

/* Ends the task once, whichever comes first: the portal's answer, an
 * error, or cancellation. */
static void
compose_return (GTask  *task,
                GError *error)
{
  Compose *compose = g_task_get_task_data (task);

  g_assert (!compose->returned);
  compose->returned = TRUE;
  compose_unsubscribe (compose);
  if (compose->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), compose->cancelled_id);
      compose->cancelled_id = 0;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
response_cb (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Compose *compose = g_task_get_task_data (task);
  guint32 response = 2;

  if (compose->returned)
    return;
  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    g_variant_get (parameters, "(u@a{sv})", &response, NULL);

  switch (response)
    {
    case 0:
      compose_return (task, NULL);
      break;
    case 1:
      compose_return (task, g_error_new_literal (OKP_MAIL_ERROR, OKP_MAIL_ERROR_DISMISSED,
                                                 _("Writing the email was cancelled.")));
      break;
    default:
      compose_return (task, g_error_new_literal (OKP_MAIL_ERROR, OKP_MAIL_ERROR_FAILED,
                                                 _("No mail program could be opened.")));
      break;
    }
}

static void
compose_subscribe (GTask *task)
{
  Compose *compose = g_task_get_task_data (task);

  /* The task is kept alive by its own pending D-Bus call or by the
   * response, whichever ends it; the subscription holds a reference that
   * is dropped when it is removed. */
  compose->response_id =
    g_dbus_connection_signal_subscribe (compose->bus, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                        "Response", compose->request_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        response_cb, g_object_ref (task), g_object_unref);
}

static void
close_request_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_debug ("Closing the portal request failed: %s", error->message);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Compose *compose = g_task_get_task_data (task);

  /* Runs in the thread that cancels; the task is ended from the main
   * context through an idle. */
  g_dbus_connection_call (compose->bus, PORTAL_BUS_NAME, compose->request_path,
                          PORTAL_REQUEST, "Close", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, close_request_cb, NULL);
}

static gboolean
return_cancelled_idle (gpointer user_data)
{
  GTask *task = user_data;
  Compose *compose = g_task_get_task_data (task);

  if (!compose->returned)
    compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("Writing the email was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
cancelled_idle_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GSource) idle = g_idle_source_new ();

  cancelled_cb (cancellable, task);
  /* Never from within the signal: ending the task disconnects from it. */
  g_source_set_callback (idle, return_cancelled_idle, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
}

static void
composed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Compose *compose = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *handle = NULL;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (compose->bus, NULL, result, &error);
  if (compose->returned)
    return;
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        compose_return (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
               || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
               || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE)
               || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
        compose_return (task, g_error_new_literal (OKP_MAIL_ERROR, OKP_MAIL_ERROR_NO_PORTAL,
                                                   _("This desktop cannot write an email with files attached.")));
      else
        {
          g_dbus_error_strip_remote_error (error);
          compose_return (task, g_error_new (OKP_MAIL_ERROR, OKP_MAIL_ERROR_FAILED,
                                             _("No mail program could be opened: %s"),
                                             error->message));
        }
      return;
    }

  /* Portals older than the handle_token option answer on a path of
   * their own choosing. */
  g_variant_get (reply, "(&o)", &handle);
  if (g_strcmp0 (handle, compose->request_path) != 0)
    {
      compose_unsubscribe (compose);
      g_free (compose->request_path);
      compose->request_path = g_strdup (handle);
      compose_subscribe (task);
    }
}

static void
compose_bus_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Compose *compose = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  GVariantBuilder *builder;

  compose->bus = g_bus_get_finish (result, &error);
  if (compose->bus == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      compose_return (task, g_steal_pointer (&error));
      return;
    }
  if (compose->bus == NULL)
    {
      compose_return (task, g_error_new_literal (OKP_MAIL_ERROR, OKP_MAIL_ERROR_NO_PORTAL,
                                                 _("This desktop cannot write an email with files attached.")));
      return;
    }

  if (g_task_get_cancellable (task) != NULL
      && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      compose_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("Writing the email was cancelled.")));
      return;
    }

  /* The request's path is known before the call (the portal's
   * Request/Response pattern): subscribing first means the response
   * cannot come before anyone listens for it. */
  sender = g_strdup (g_dbus_connection_get_unique_name (compose->bus) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("okp_mail_%u", g_random_int ());
  compose->request_path = g_strconcat (PORTAL_REQUEST_PREFIX, sender, "/", token, NULL);

  builder = g_variant_builder_new (G_VARIANT_TYPE_VARDICT);
  {
    g_autoptr(GVariantIter) iter = g_variant_iter_new (compose->options);
    const char *key;
    GVariant *value;

    while (g_variant_iter_next (iter, "{&sv}", &key, &value))
      {
        g_variant_builder_add (builder, "{sv}", key, value);
        g_variant_unref (value);
      }
  }
  g_variant_builder_add (builder, "{sv}", "handle_token", g_variant_new_string (token));

  compose_subscribe (task);
  if (g_task_get_cancellable (task) != NULL)
    compose->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                                   G_CALLBACK (cancelled_idle_cb),
                                                   task, NULL);

  g_dbus_connection_call_with_unix_fd_list (compose->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH,
                                            PORTAL_EMAIL, "ComposeEmail",
                                            g_variant_new ("(sa{sv})", compose->parent_window,
                                                           builder),
                                            G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                            compose->fds, NULL, composed_cb,
                                            g_object_ref (task));
  g_variant_builder_unref (builder);
}

/* The portal refuses a subject with a line break in it. */
static char *
one_line (const char *text)
{
  char *line = g_strdup (text);

  g_strdelimit (line, "\r\n", ' ');
  return line;
}

/**
 * okp_mail_compose_async:
 * @parent_window: (nullable): the parent window's handle as the portals
 *   name it ("x11:XID", "wayland:HANDLE"), or %NULL
 * @to: (nullable): the recipient's address
 * @subject: (nullable): the subject
 * @body: (nullable): the body, as okp_mail_case_body() made it
 * @attachments: (nullable) (array zero-terminated=1): local files to attach
 * @cancellable: (nullable): a #GCancellable; cancelling closes the
 *   portal's request
 * @callback: called once the mail program has the message, or not
 * @user_data: data for @callback
 *
 * Opens the user's mail program with a new message through the Email
 * portal's ComposeEmail, the files attached. Each file is opened here,
 * read-only, and handed over as a file descriptor, as the portal asks,
 * so a sandboxed application can attach files only it can see. The
 * portal gives the mail program their paths: they must stay where they
 * are until the message is sent, which is why #OkpMailFiles keeps its
 * folder until it is freed rather than until this call ends.
 */
void
okp_mail_compose_async (const char          *parent_window,
                        const char          *to,
                        const char          *subject,
                        const char          *body,
                        GFile * const       *attachments,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariantBuilder) handles = NULL;
  GVariantBuilder options;
  Compose *compose;

  g_return_if_fail (to == NULL || g_utf8_validate (to, -1, NULL));
  g_return_if_fail (subject == NULL || g_utf8_validate (subject, -1, NULL));
  g_return_if_fail (body == NULL || g_utf8_validate (body, -1, NULL));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, okp_mail_compose_async);

  fds = g_unix_fd_list_new ();
  handles = g_variant_builder_new (G_VARIANT_TYPE ("ah"));
  for (gsize i = 0; attachments != NULL && attachments[i] != NULL; i++)
    {
      g_autofree char *path = g_file_get_path (attachments[i]);
      g_autofree char *name = g_file_get_parse_name (attachments[i]);
      g_autoptr(GError) error = NULL;
      int fd;
      int index;

      if (path == NULL)
        {
          g_task_return_new_error (task, OKP_MAIL_ERROR, OKP_MAIL_ERROR_ATTACHMENT,
                                   _("“%s” cannot be attached: it is not a file on this computer."),
                                   name);
          return;
        }
      fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      if (fd < 0)
        {
          int saved = errno;

          g_task_return_new_error (task, OKP_MAIL_ERROR, OKP_MAIL_ERROR_ATTACHMENT,
                                   _("“%s” cannot be attached: %s"),
                                   name, g_strerror (saved));
          return;
        }
      index = g_unix_fd_list_append (fds, fd, &error);
      close (fd);
      if (index < 0)
        {
          g_task_return_new_error (task, OKP_MAIL_ERROR, OKP_MAIL_ERROR_ATTACHMENT,
                                   _("“%s” cannot be attached: %s"), name, error->message);
          return;
        }
      g_variant_builder_add (handles, "h", index);
    }

  /* One recipient: "address" is understood by every version of the
   * portal, where "addresses" needs version 2; sending both would name
   * the recipient twice. */
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  if (to != NULL && *to != '\0')
    g_variant_builder_add (&options, "{sv}", "address", g_variant_new_string (to));
  if (subject != NULL)
    {
      g_autofree char *line = one_line (subject);

      g_variant_builder_add (&options, "{sv}", "subject", g_variant_new_string (line));
    }
  if (body != NULL)
    g_variant_builder_add (&options, "{sv}", "body", g_variant_new_string (body));
  g_variant_builder_add (&options, "{sv}", "attachment_fds", g_variant_builder_end (handles));

  compose = g_new0 (Compose, 1);
  compose->options = g_variant_ref_sink (g_variant_builder_end (&options));
  compose->fds = g_steal_pointer (&fds);
  compose->parent_window = g_strdup (parent_window != NULL ? parent_window : "");
  g_task_set_task_data (task, compose, (GDestroyNotify) compose_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, compose_bus_cb, g_steal_pointer (&task));
}

/**
 * okp_mail_compose_finish:
 * @result: the result passed to the callback
 * @error: an #OKP_MAIL_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Returns: whether the mail program has the message
 */
gboolean
okp_mail_compose_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- The files an email carries ---------------------------------------- */

struct _OkpMailFiles {
  GFile *folder;
  GPtrArray *files;  /* of GFile: what was written, to be deleted */
};

/**
 * okp_mail_files_new:
 * @error: return location for a #GError
 *
 * Makes a private folder (mode 0700) for the files an email carries, in
 * the user's cache folder rather than in /tmp: in a Flatpak, /tmp is the
 * sandbox's own, and the mail program outside could not read the files
 * the portal names.
 *
 * Returns: (transfer full): the folder, or %NULL with @error set
 */
OkpMailFiles *
okp_mail_files_new (GError **error)
{
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), APP_ID, NULL);
  g_autofree char *template = g_build_filename (parent, "mail-XXXXXX", NULL);
  OkpMailFiles *self;

  if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No folder could be made for the attached files: %s"),
                   g_strerror (saved));
      return NULL;
    }

  self = g_new0 (OkpMailFiles, 1);
  self->folder = g_file_new_for_path (template);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

/**
 * okp_mail_files_get_folder:
 * @self: the files
 *
 * Returns: (transfer none): the private folder
 */
GFile *
okp_mail_files_get_folder (OkpMailFiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->folder;
}

static GFile *
child_for (OkpMailFiles  *self,
           const char    *basename,
           GError       **error)
{
  if (basename == NULL || *basename == '\0' || strchr (basename, G_DIR_SEPARATOR) != NULL
      || strcmp (basename, ".") == 0 || strcmp (basename, "..") == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” cannot be the name of an attached file."),
                   basename != NULL ? basename : "");
      return NULL;
    }
  return g_file_get_child (self->folder, basename);
}

/**
 * okp_mail_files_add_text:
 * @self: the files
 * @basename: the file's name, such as %OKP_CASE_SUMMARY_FILENAME
 * @text: its contents, UTF-8
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the file written, or %NULL with @error set
 */
GFile *
okp_mail_files_add_text (OkpMailFiles  *self,
                         const char    *basename,
                         const char    *text,
                         GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  file = child_for (self, basename, error);
  if (file == NULL)
    return NULL;
  path = g_file_get_path (file);
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  g_ptr_array_add (self->files, g_object_ref (file));
  return g_steal_pointer (&file);
}

/**
 * okp_mail_files_add_checklist_pdf:
 * @self: the files
 * @printer: the checklists to write, as for printing
 * @basename: the file's name
 * @error: return location for a #GError
 *
 * Writes the checklists as a PDF on the locale's paper, with the same
 * renderer as printing and `--export-checklist`.
 *
 * Returns: (transfer full): the file written, or %NULL with @error set
 */
GFile *
okp_mail_files_add_checklist_pdf (OkpMailFiles         *self,
                                  OkpChecklistPrinter  *printer,
                                  const char           *basename,
                                  GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  double width, height;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (printer), NULL);

  file = child_for (self, basename, error);
  if (file == NULL)
    return NULL;
  path = g_file_get_path (file);
  okp_paper_size_for_locale (&width, &height);
  if (!okp_checklist_export_pdf (printer, path, width, height, error))
    return NULL;
  g_ptr_array_add (self->files, g_object_ref (file));
  return g_steal_pointer (&file);
}

/**
 * okp_mail_files_free:
 * @self: (nullable): the files
 *
 * Deletes the files written and then the folder. Only what was written
 * here is deleted; a folder something else was put in is left alone.
 */
void
okp_mail_files_free (OkpMailFiles *self)
{
  g_autofree char *folder = NULL;

  if (self == NULL)
    return;

  for (guint i = 0; i < self->files->len; i++)
    {
      g_autofree char *path = g_file_get_path (g_ptr_array_index (self->files, i));

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not delete %s: %s", path, g_strerror (errno));
    }
  folder = g_file_get_path (self->folder);
  if (g_rmdir (folder) != 0)
    {
      if (errno == ENOTEMPTY || errno == EEXIST)
        g_debug ("Kept %s: it holds files not written here", folder);
      else if (errno != ENOENT)
        g_warning ("Could not delete %s: %s", folder, g_strerror (errno));
    }

  g_ptr_array_unref (self->files);
  g_object_unref (self->folder);
  g_free (self);
}
