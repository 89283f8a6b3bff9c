/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-file"

#include "config.h"

#include "okp-progress-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_INFIX ".okp-tmp-"
#define TEMP_RANDOM "XXXXXX"
#define BACKUP_SUFFIX ".okp-backup"

/**
 * okp_progress_file_read:
 * @path: the file
 * @max_size: the largest file that is read
 * @bytes_out: (out) (transfer full): its bytes, for %OKP_PROGRESS_FILE_READ_OK
 *
 * Reads the file without ever blocking on something that is not a
 * regular file (a FIFO in its place would hang the application) and
 * without reading more than @max_size bytes. Symbolic links are followed
 * for reading: reading is harmless, only writing through one is not.
 * Nothing on disk changes.
 */
OkpProgressFileRead
okp_progress_file_read (const char  *path,
                        gsize        max_size,
                        GBytes     **bytes_out)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize capacity;
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* ENOTDIR: a part of the path is not a folder, so there is no file;
       * the first save reports why it cannot write one. */
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return OKP_PROGRESS_FILE_READ_MISSING;

      g_debug ("Cannot open %s: %s", path, g_strerror (saved_errno));
      return OKP_PROGRESS_FILE_READ_UNREADABLE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      return OKP_PROGRESS_FILE_READ_UNREADABLE;
    }

  if ((guint64) st.st_size > max_size)
    {
      g_close (fd, NULL);
      return OKP_PROGRESS_FILE_READ_TOO_LARGE;
    }

  /* The file may grow while it is read: room for one byte more than the
   * limit shows when it has. */
  capacity = MIN ((gsize) st.st_size, max_size) + 1;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (length == capacity)
        {
          if (capacity > max_size)
            break;
          capacity = MIN (capacity * 2, max_size + 1);
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + length, capacity - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_debug ("Cannot read %s: %s", path, g_strerror (errno));
          g_close (fd, NULL);
          return OKP_PROGRESS_FILE_READ_UNREADABLE;
        }
      if (n == 0)
        break;
      length += n;
    }

  g_close (fd, NULL);

  if (length > max_size)
    return OKP_PROGRESS_FILE_READ_TOO_LARGE;

  *bytes_out = g_bytes_new_take (g_steal_pointer (&buffer), length);
  return OKP_PROGRESS_FILE_READ_OK;
}

/**
 * okp_progress_file_move_aside:
 * @now: the time of the move, in seconds since 1970
 * @reason: a word saying why, part of the new name
 *
 * Moves a file that cannot be used out of the way, keeping its bytes:
 * "progress.json.broken-YYYYMMDD-HHMMSS-REASON" next to it, the time in
 * UTC. An existing file of that name is never replaced. If a rename is not
 * possible (the file is a mount point, for instance), the file is copied,
 * and the original is then replaced by the next save.
 *
 * Returns: (transfer full): where the file's bytes are now, or %NULL
 */
char *
okp_progress_file_move_aside (const char  *path,
                              gint64       now,
                              const char  *reason,
                              GError     **error)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autofree char *stamp = g_date_time_format (dt, "%Y%m%d-%H%M%S");
  g_autofree char *display = g_filename_display_name (path);

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *target = NULL;
      g_autoptr(GFile) source_file = NULL;
      g_autoptr(GFile) target_file = NULL;
      g_autoptr(GError) copy_error = NULL;
      GStatBuf st;
      int rename_errno;

      if (i == 1)
        target = g_strdup_printf ("%s.broken-%s-%s", path, stamp, reason);
      else
        target = g_strdup_printf ("%s.broken-%s-%s-%u", path, stamp, reason, i);

      if (g_lstat (target, &st) == 0)
        continue;

      if (g_rename (path, target) == 0)
        return g_steal_pointer (&target);
      rename_errno = errno;

      source_file = g_file_new_for_path (path);
      target_file = g_file_new_for_path (target);
      if (g_file_copy (source_file, target_file, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                       NULL, NULL, NULL, &copy_error))
        return g_steal_pointer (&target);

      g_debug ("Copying %s aside failed too: %s", path, copy_error->message);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (rename_errno),
                   /* Translators: the first %s is a file name, the second why it failed. */
                   _("“%s” could not be moved aside: %s"),
                   display, g_strerror (rename_errno));
      return NULL;
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
               _("“%s” could not be moved aside: too many files of that name"), display);
  return NULL;
}

/**
 * okp_progress_file_is_temp_name:
 * @path: the progress file
 * @name: a file name in its folder
 *
 * Returns: whether @name is a temporary file of a write of @path:
 *   ".progress.json.okp-tmp-" and six letters or digits, nothing else
 */
gboolean
okp_progress_file_is_temp_name (const char *path,
                                const char *name)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (".", basename, TEMP_INFIX, NULL);
  gsize prefix_length = strlen (prefix);

  if (strlen (name) != prefix_length + strlen (TEMP_RANDOM) ||
      strncmp (name, prefix, prefix_length) != 0)
    return FALSE;

  for (const char *p = name + prefix_length; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;

  return TRUE;
}

static char *
temp_template (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (".", basename, TEMP_INFIX, TEMP_RANDOM, NULL);

  return g_build_filename (dirname, name, NULL);
}

/**
 * okp_progress_file_backup_path:
 *
 * Returns: (transfer full): where the previous file is kept while @path
 *   is rewritten in place
 */
char *
okp_progress_file_backup_path (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (".", basename, BACKUP_SUFFIX, NULL);

  return g_build_filename (dirname, name, NULL);
}

/**
 * okp_progress_file_remove_stale_temps:
 * @now: the time, in seconds since 1970
 *
 * Removes the temporary files of writes of @path that were killed midway,
 * once they are OKP_PROGRESS_FILE_STALE_AGE_S old. Only regular files
 * named as okp_progress_file_is_temp_name() says are touched.
 */
void
okp_progress_file_remove_stale_temps (const char *path,
                                      gint64      now)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dirname, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = NULL;
      GStatBuf st;

      if (!okp_progress_file_is_temp_name (path, name))
        continue;

      full = g_build_filename (dirname, name, NULL);
      if (g_lstat (full, &st) == 0 && S_ISREG (st.st_mode) &&
          st.st_mtime < now - OKP_PROGRESS_FILE_STALE_AGE_S)
        {
          g_debug ("Removing %s, left by an interrupted save", full);
          g_unlink (full);
        }
    }
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      length -= n;
    }

  return TRUE;
}

static void
sync_folder (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  int fd = g_open (dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  /* The file itself is synced; a folder that cannot be synced only makes
   * the rename less certain to survive a power cut. */
  if (fd < 0)
    return;
  if (fsync (fd) != 0 && errno != EINVAL)
    g_debug ("Cannot sync %s: %s", dirname, g_strerror (errno));
  g_close (fd, NULL);
}

typedef enum {
  FAILED_WRITE,
  FAILED_CREATE,
  FAILED_REPLACE,
} Failure;

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 Failure      failure,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);
  int code = g_file_error_from_errno (saved_errno);
  const char *reason = g_strerror (saved_errno);

  switch (failure)
    {
    case FAILED_CREATE:
      /* Translators: the first %s is a folder, the second why it failed. */
      g_set_error (error, G_FILE_ERROR, code, _("No file could be created in “%s”: %s"),
                   display, reason);
      break;

    case FAILED_REPLACE:
      /* Translators: the first %s is a file name, the second why it failed. */
      g_set_error (error, G_FILE_ERROR, code, _("“%s” could not be replaced: %s"),
                   display, reason);
      break;

    case FAILED_WRITE:
    default:
      /* Translators: the first %s is a file name, the second why it failed. */
      g_set_error (error, G_FILE_ERROR, code, _("Writing “%s” failed: %s"), display, reason);
      break;
    }

  return FALSE;
}

/* Writes @data to a new file @path, or replaces what is at @path, through
 * the descriptor @fd opened on it; synced before it is closed. */
static gboolean
write_and_sync (int          fd,
                const char  *path,
                const char  *data,
                gsize        length,
                GError     **error)
{
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      return set_errno_error (error, saved_errno, FAILED_WRITE, path);
    }

  if (!g_close (fd, NULL))
    return set_errno_error (error, EIO, FAILED_WRITE, path);

  return TRUE;
}

/* When @path cannot be replaced by a rename (it is a file bind-mounted
 * into the folder, or the rename crosses file systems), it is rewritten in
 * place: first its current content goes to the backup file, synced; then
 * the file is emptied and written, and synced; then the backup goes. If
 * the write is interrupted, the file is empty or a prefix that is not
 * JSON, and the next load restores the backup. */
static gboolean
write_in_place (const char  *path,
                const char  *data,
                gsize        length,
                GError     **error)
{
  g_autofree char *backup = okp_progress_file_backup_path (path);
  g_autoptr(GBytes) old = NULL;
  struct stat st;
  int fd;

  /* The previous content, whole, or nothing to keep. */
  if (okp_progress_file_read (path, G_MAXSIZE / 2, &old) == OKP_PROGRESS_FILE_READ_OK)
    {
      gsize old_length;
      const char *old_data = g_bytes_get_data (old, &old_length);

      fd = g_open (backup, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                   0600);
      if (fd < 0)
        return set_errno_error (error, errno, FAILED_WRITE, backup);
      if (!write_and_sync (fd, backup, old_data, old_length, error))
        {
          g_unlink (backup);
          return FALSE;
        }
      sync_folder (backup);
    }

  fd = g_open (path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    return set_errno_error (error, errno, FAILED_WRITE, path);

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      return set_errno_error (error, EINVAL, FAILED_WRITE, path);
    }

  /* Private, like a file written the usual way, whatever mode it had. */
  if (fchmod (fd, 0600) != 0)
    g_debug ("Could not make %s private: %s", path, g_strerror (errno));

  if (ftruncate (fd, 0) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      return set_errno_error (error, saved_errno, FAILED_WRITE, path);
    }

  if (!write_and_sync (fd, path, data, length, error))
    return FALSE;

  g_unlink (backup);
  sync_folder (backup);
  return TRUE;
}

/**
 * okp_progress_file_write:
 * @path: the file
 * @data: (array length=length): what it is to hold
 * @length: the length of @data
 *
 * Writes atomically and durably, with mode 0600: a temporary file in the
 * same folder, named as okp_progress_file_is_temp_name() says, written and
 * synced, renamed over @path, and the folder synced. Whenever the process
 * dies, @path holds the old content or the new, whole. If a rename cannot
 * replace @path (EBUSY, EXDEV), it is rewritten in place safely instead.
 * Symbolic links are the caller's business.
 */
gboolean
okp_progress_file_write (const char  *path,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autofree char *temp = temp_template (path);
  int saved_errno;
  int fd;

  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_autofree char *dirname = g_path_get_dirname (path);

      return set_errno_error (error, errno, FAILED_CREATE, dirname);
    }

  if (!write_and_sync (fd, temp, data, length, error))
    {
      g_unlink (temp);
      return FALSE;
    }

  if (g_rename (temp, path) == 0)
    {
      sync_folder (path);
      return TRUE;
    }

  saved_errno = errno;
  g_unlink (temp);

  if (saved_errno == EBUSY || saved_errno == EXDEV)
    {
      g_debug ("%s cannot be replaced by a rename (%s); writing it in place",
               path, g_strerror (saved_errno));
      return write_in_place (path, data, length, error);
    }

  return set_errno_error (error, saved_errno, FAILED_REPLACE, path);
}
