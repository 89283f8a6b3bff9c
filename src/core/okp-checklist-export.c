/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-checklist-export"

/* renameat2() and RENAME_NOREPLACE, for a new file that must not replace
 * one that appeared meanwhile. */
#define _GNU_SOURCE

#include "config.h"

#include "okp-checklist-printer.h"

#include "okp-checklist-printer-private.h"
#include "okp-progress-store.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The PDF export of OkpChecklistPrinter: the pages rendered into a PDF
 * stream, written to a file descriptor or, safely, to a file.
 *
 * A file is only ever replaced whole, and only if it is a regular file the
 * user may write: the document goes to a temporary file of our own in the
 * same folder, is flushed to disk and renamed over the target. Devices,
 * pipes, sockets, folders, symbolic links, read-only files and the
 * application's own data are refused with the reason. A cancellation (the
 * command line cancels on SIGINT or SIGTERM) stops the work between two
 * chunks of text or two writes and removes the temporary file.
 */

typedef struct {
  int           fd;
  int           error;        /* errno of the first failed write, or 0 */
  gboolean      discard;      /* the document failed: write nothing more */
  GCancellable *cancellable;
} WriteClosure;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  WriteClosure *out = closure;

  if (g_cancellable_is_cancelled (out->cancellable))
    return CAIRO_STATUS_WRITE_ERROR;
  if (out->discard)
    return CAIRO_STATUS_SUCCESS;

  while (length > 0)
    {
      ssize_t written = write (out->fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          out->error = written < 0 ? errno : EIO;
          return CAIRO_STATUS_WRITE_ERROR;
        }

      data += written;
      length -= written;
    }

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
set_write_error (GError     **error,
                 const char  *name,
                 int          saved_errno)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: %s are a file name and the system's reason */
               _("Cannot write “%s”: %s"), name, g_strerror (saved_errno));

  return FALSE;
}

/* A refusal: the file is there but is not one an export may replace. */
static gboolean
set_refusal (GError     **error,
             GFileError   code,
             const char  *name,
             const char  *reason)
{
  g_set_error (error, G_FILE_ERROR, code, _("Cannot write “%s”: %s"), name, reason);

  return FALSE;
}

static gboolean
render_pdf (OkpChecklistPrinter  *printer,
            int                   fd,
            const char           *name,
            double                paper_width,
            double                paper_height,
            GCancellable         *cancellable,
            GError              **error)
{
  WriteClosure closure = { fd, 0, FALSE, cancellable };
  const char *title;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n_pages;

  surface = cairo_pdf_surface_create_for_stream (write_cb, &closure, paper_width, paper_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME);
  title = okp_checklist_printer_get_title (printer);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  title != NULL ? title : _("OKPay Help"));
  cr = cairo_create (surface);

  n_pages = okp_checklist_printer_paginate_full (printer, cr, paper_width, paper_height, TRUE,
                                                 cancellable, error);
  for (int page = 0; page < n_pages && !g_cancellable_is_cancelled (cancellable); page++)
    {
      okp_checklist_printer_draw_page (printer, cr, page);
      cairo_show_page (cr);
    }

  /* Nothing of a document that could not be laid out reaches the file
   * or standard output: not even an empty PDF. */
  closure.discard = n_pages == 0;

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (n_pages == 0)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (closure.error != 0)
    return set_write_error (error, name, closure.error);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write “%s”: %s"), name, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/**
 * okp_checklist_export_pdf_to_fd:
 * @printer: an #OkpChecklistPrinter
 * @fd: an open file descriptor to write the PDF to, such as standard output
 * @name: what to call @fd in messages
 * @paper_width: the paper width in points
 * @paper_height: the paper height in points
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the printer's checklists as a PDF document to @fd, from where it
 * is. The descriptor stays open.
 *
 * Returns: %TRUE if the whole document was written
 */
gboolean
okp_checklist_export_pdf_to_fd (OkpChecklistPrinter  *printer,
                                int                   fd,
                                const char           *name,
                                double                paper_width,
                                double                paper_height,
                                GCancellable         *cancellable,
                                GError              **error)
{
  struct stat st;

  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (printer), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!render_pdf (printer, fd, name, paper_width, paper_height, cancellable, error))
    return FALSE;

  /* A file on disk is flushed before success is reported; a pipe or a
   * terminal has nothing to flush. */
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && fsync (fd) != 0 && errno != EINVAL)
    return set_write_error (error, name, errno);

  return TRUE;
}

/* The folder the application keeps its own data in: the progress file,
 * the files set aside, the temporary files of its saves. */
static char *
own_data_dir (void)
{
  g_autofree char *progress = okp_progress_store_default_path ();

  return g_path_get_dirname (progress);
}

/* Whether the folder open at @dir_fd is @data (given by its stat), or
 * lies inside it, by device and inode: a second name, a symbolic link or
 * a bind mount of the data folder is recognised too. */
static gboolean
dir_is_inside (int                dir_fd,
               const struct stat *data)
{
  int fd = dup (dir_fd);

  for (int depth = 0; fd >= 0 && depth < 4096; depth++)
    {
      struct stat st, parent_st;
      int parent;

      if (fstat (fd, &st) != 0)
        break;
      if (st.st_dev == data->st_dev && st.st_ino == data->st_ino)
        {
          close (fd);
          return TRUE;
        }

      parent = openat (fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      close (fd);
      fd = parent;
      if (fd < 0 || fstat (fd, &parent_st) != 0 ||
          (parent_st.st_dev == st.st_dev && parent_st.st_ino == st.st_ino))
        break;
    }

  if (fd >= 0)
    close (fd);

  return FALSE;
}

/* Whether @target is one of the files in the data folder under another
 * name (a hard link). */
static gboolean
is_own_file (const char        *data_dir,
             const struct stat *target)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (data_dir, name, NULL);
      struct stat st;

      if (lstat (path, &st) == 0 && st.st_dev == target->st_dev && st.st_ino == target->st_ino)
        return TRUE;
    }

  return FALSE;
}

/* What an export may write over: nothing yet, or a regular file that is
 * writable and not the application's own. @exists tells which. */
static gboolean
check_target (int          dir_fd,
              const char  *basename,
              const char  *name,
              gboolean    *exists,
              mode_t      *mode,
              GError     **error)
{
  g_autofree char *data_dir = own_data_dir ();
  struct stat data_st;
  struct stat st;

  *exists = FALSE;

  if (stat (data_dir, &data_st) == 0 && dir_is_inside (dir_fd, &data_st))
    return set_refusal (error, G_FILE_ERROR_PERM, name,
                        _("it is in the folder where OKPay Help keeps your progress; "
                          "choose another folder"));

  if (fstatat (dir_fd, basename, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      return set_write_error (error, name, errno);
    }

  *exists = TRUE;
  *mode = st.st_mode & 0777;

  if (S_ISLNK (st.st_mode))
    return set_refusal (error, G_FILE_ERROR_PERM, name,
                        _("it is a symbolic link; give the name of the file it points to"));
  if (S_ISDIR (st.st_mode))
    return set_refusal (error, G_FILE_ERROR_ISDIR, name, _("it is a folder"));
  if (!S_ISREG (st.st_mode))
    return set_refusal (error, G_FILE_ERROR_PERM, name,
                        _("it is not a regular file (a device, a pipe or a socket), "
                          "so it is not replaced"));
  if (is_own_file (data_dir, &st))
    return set_refusal (error, G_FILE_ERROR_PERM, name,
                        _("it is OKPay Help’s own progress file; choose another name"));

  /* Root may write anywhere, so the mode says what the owner meant: a
   * file nobody may write is not replaced, whoever asks. */
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    return set_refusal (error, G_FILE_ERROR_ACCES, name,
                        _("it is read-only, so it is not replaced"));
  if (faccessat (dir_fd, basename, W_OK, AT_EACCESS) != 0)
    return set_write_error (error, name, errno);

  return TRUE;
}

/* Creates a temporary file of our own in @dir_fd, with a short name so
 * that any name the folder allows can be the target. */
static int
create_temporary (int    dir_fd,
                  char **tmp_name)
{
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *candidate = g_strdup_printf (".okpay-help-export-%08x.part",
                                                    g_random_int ());
      int fd;

      /* The mode is what a new file gets, less the umask, as with any
       * other program the user saves a document with. */
      fd = openat (dir_fd, candidate, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (fd >= 0)
        {
          *tmp_name = g_steal_pointer (&candidate);
          return fd;
        }
      if (errno != EEXIST)
        return -1;
    }

  errno = EEXIST;
  return -1;
}

/* Gives the temporary file its name: over the file checked before, or,
 * when there was none, only if nothing has taken the name since. */
static int
rename_into_place (int         dir_fd,
                   const char *tmp_name,
                   const char *basename,
                   gboolean    existed)
{
#ifdef RENAME_NOREPLACE
  if (!existed)
    {
      if (renameat2 (dir_fd, tmp_name, dir_fd, basename, RENAME_NOREPLACE) == 0)
        return 0;
      /* Some file systems cannot promise it; a plain rename then. */
      if (errno != EINVAL && errno != ENOSYS)
        return -1;
    }
#endif

  return renameat (dir_fd, tmp_name, dir_fd, basename);
}

/**
 * okp_checklist_export_pdf_full:
 * @printer: an #OkpChecklistPrinter
 * @path: the PDF file to write
 * @paper_width: the paper width in points
 * @paper_height: the paper height in points
 * @cancellable: (nullable): a #GCancellable, to stop when interrupted
 * @error: return location for a #GError
 *
 * Writes the printer's checklists to a PDF file. Only a new file or an
 * existing regular file is written: a symbolic link, a folder, a device,
 * a pipe or a socket is refused, and so are a read-only file and anything
 * in the application's own data folder (recognised by device and inode,
 * whatever name it is given). The document is written to a temporary file
 * in the same folder, flushed to disk and renamed into place when it is
 * complete, so @path is never left half written: on failure or
 * cancellation it is as it was, and the temporary file is removed.
 *
 * Returns: %TRUE if @path was written
 */
gboolean
okp_checklist_export_pdf_full (OkpChecklistPrinter  *printer,
                               const char           *path,
                               double                paper_width,
                               double                paper_height,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_autofree char *dirname = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmp_name = NULL;
  gboolean existed = FALSE;
  gboolean exists_now = FALSE;
  mode_t mode = 0;
  mode_t mode_now = 0;
  int saved_errno;
  int dir_fd;
  int fd;

  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (printer), FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  dirname = g_path_get_dirname (path);
  basename = g_path_get_basename (path);

  /* "out/" names the folder, never a file in it. */
  if (g_str_has_suffix (path, G_DIR_SEPARATOR_S) || g_str_equal (basename, ".") ||
      g_str_equal (basename, ".."))
    return set_refusal (error, G_FILE_ERROR_ISDIR, name, _("it is a folder"));

  dir_fd = open (dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return set_write_error (error, name, errno);

  if (!check_target (dir_fd, basename, name, &existed, &mode, error))
    {
      close (dir_fd);
      return FALSE;
    }

  fd = create_temporary (dir_fd, &tmp_name);
  if (fd < 0)
    {
      saved_errno = errno;
      close (dir_fd);
      return set_write_error (error, name, saved_errno);
    }

  /* A replaced file keeps its permissions. */
  if (existed && fchmod (fd, mode) != 0)
    g_debug ("Could not keep the mode of %s: %s", name, g_strerror (errno));

  if (!render_pdf (printer, fd, name, paper_width, paper_height, cancellable, error))
    goto fail;

  /* The document is complete on disk before it takes the name. */
  if (fsync (fd) != 0)
    {
      set_write_error (error, name, errno);
      goto fail;
    }

  if (close (fd) != 0)
    {
      fd = -1;
      set_write_error (error, name, errno);
      goto fail;
    }
  fd = -1;

  /* The target is checked again: it may have changed while the pages
   * were drawn. */
  if (!check_target (dir_fd, basename, name, &exists_now, &mode_now, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  if (rename_into_place (dir_fd, tmp_name, basename, exists_now) != 0)
    {
      set_write_error (error, name, errno);
      goto fail;
    }

  /* The new name is on disk too. */
  if (fsync (dir_fd) != 0 && errno != EINVAL)
    g_debug ("Could not flush the folder of %s: %s", name, g_strerror (errno));

  close (dir_fd);
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  if (unlinkat (dir_fd, tmp_name, 0) != 0)
    g_warning ("Could not remove the temporary file %s: %s", tmp_name, g_strerror (errno));
  close (dir_fd);

  return FALSE;
}

/**
 * okp_checklist_export_pdf:
 * @printer: an #OkpChecklistPrinter
 * @path: the PDF file to write
 * @paper_width: the paper width in points
 * @paper_height: the paper height in points
 * @error: return location for a #GError
 *
 * okp_checklist_export_pdf_full() without a #GCancellable.
 *
 * Returns: %TRUE if @path was written
 */
gboolean
okp_checklist_export_pdf (OkpChecklistPrinter  *printer,
                          const char           *path,
                          double                paper_width,
                          double                paper_height,
                          GError              **error)
{
  return okp_checklist_export_pdf_full (printer, path, paper_width, paper_height, NULL, error);
}
