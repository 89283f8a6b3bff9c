/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fault injector for the progress store's tests, loaded with LD_PRELOAD
 * (or linked into a test). It makes the system calls that saving a file
 * uses fail, on demand, for files inside one folder only:
 *
 *   OKP_FAULTINJECT_DIR      the folder whose files are affected (required;
 *                            without it nothing is ever injected)
 *   OKP_FAULTINJECT          what fails, for example "write=ENOSPC,fsync=EIO"
 *   OKP_FAULTINJECT_CONTROL  a file holding the same, read at every call, so
 *                            that another process can switch faults on and off
 *
 * The operations are "create" (opening a file for writing with O_CREAT),
 * "mkdir", "write" (write(), pwrite() and fallocate()), "fsync" (fsync()
 * and fdatasync()) and "rename"; the errors are ENOSPC, EDQUOT, EIO, EROFS,
 * EACCES, EPERM, EBUSY and EXDEV (a rename onto a bind-mounted file, or
 * across file systems). Root ignores file modes and a container may not allow
 * mounting a small or read-only file system, so this is how the tests get
 * a full disk, a read-only folder and a failing fsync everywhere.
 *
 * Only the C library's wrappers are replaced: code that GLib runs through
 * them (g_file_set_contents_full(), g_mkdir_with_parents(), g_rename())
 * sees the faults, the kernel is not involved.
 */
/* The interposed names must be the C library's own: with 64-bit file
 * offsets requested, the headers would rename open() to open64(). */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Lets a test check that the injector is really loaded. */
extern const int okp_faultinject_version;
const int okp_faultinject_version = 1;

typedef enum {
  OP_CREATE,
  OP_MKDIR,
  OP_WRITE,
  OP_FSYNC,
  OP_RENAME,
} Op;

static const char * const op_names[] = { "create", "mkdir", "write", "fsync", "rename" };

static const struct {
  const char *name;
  int         value;
} errno_names[] = {
  { "ENOSPC", ENOSPC },
  { "EDQUOT", EDQUOT },
  { "EIO", EIO },
  { "EROFS", EROFS },
  { "EACCES", EACCES },
  { "EPERM", EPERM },
  { "EBUSY", EBUSY },
  { "EXDEV", EXDEV },
};

#define REAL(name) \
  static __typeof__ (name) *real_##name; \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name)

/* The spec, from the control file if there is one, else the environment.
 * Read with raw system calls only: this runs inside write() and open(). */
static int
read_spec (char   *buffer,
           size_t  size)
{
  const char *control = getenv ("OKP_FAULTINJECT_CONTROL");
  const char *spec;

  buffer[0] = '\0';

  if (control != NULL && *control != '\0')
    {
      static __typeof__ (open) *real_open_for_spec;
      static __typeof__ (read) *real_read_for_spec;
      ssize_t n;
      int fd;

      if (real_open_for_spec == NULL)
        real_open_for_spec = (__typeof__ (open) *) dlsym (RTLD_NEXT, "open");
      if (real_read_for_spec == NULL)
        real_read_for_spec = (__typeof__ (read) *) dlsym (RTLD_NEXT, "read");

      fd = real_open_for_spec (control, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return 0;
      n = real_read_for_spec (fd, buffer, size - 1);
      close (fd);
      if (n < 0)
        n = 0;
      buffer[n] = '\0';
      return 1;
    }

  spec = getenv ("OKP_FAULTINJECT");
  if (spec == NULL)
    return 0;

  strncpy (buffer, spec, size - 1);
  buffer[size - 1] = '\0';
  return 1;
}

/* The errno to fail @op with, or 0. */
static int
fault_for (Op op)
{
  char spec[256];
  const char *name = op_names[op];
  size_t name_length = strlen (name);
  char *p;

  if (!read_spec (spec, sizeof spec))
    return 0;

  for (p = spec; *p != '\0'; )
    {
      size_t length = strcspn (p, ",\n ");

      if (length > name_length + 1 && strncmp (p, name, name_length) == 0 && p[name_length] == '=')
        {
          const char *value = p + name_length + 1;
          size_t value_length = length - name_length - 1;

          for (size_t i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++)
            if (strlen (errno_names[i].name) == value_length &&
                strncmp (errno_names[i].name, value, value_length) == 0)
              return errno_names[i].value;
        }

      p += length;
      while (*p == ',' || *p == '\n' || *p == ' ')
        p++;
    }

  return 0;
}

static int
path_is_affected (const char *path)
{
  const char *dir = getenv ("OKP_FAULTINJECT_DIR");
  size_t length;

  if (dir == NULL || *dir == '\0' || path == NULL)
    return 0;

  length = strlen (dir);
  while (length > 1 && dir[length - 1] == '/')
    length--;

  return strncmp (path, dir, length) == 0 && (path[length] == '\0' || path[length] == '/');
}

static int
fd_is_affected (int fd)
{
  char link[64];
  char target[PATH_MAX];
  ssize_t n;

  if (fd < 0 || getenv ("OKP_FAULTINJECT_DIR") == NULL)
    return 0;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, target, sizeof target - 1);
  if (n < 0)
    return 0;
  target[n] = '\0';

  return path_is_affected (target);
}

/* Relative paths are not resolved: the store only uses absolute ones. */
static int
path_fault (Op          op,
            const char *path)
{
  return path_is_affected (path) ? fault_for (op) : 0;
}

static int
fd_fault (Op  op,
          int fd)
{
  return fd_is_affected (fd) ? fault_for (op) : 0;
}

#define FAIL_WITH(e) \
  do { errno = (e); return -1; } while (0)

static int
open_flags_create (int flags)
{
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

int
open (const char *path,
      int         flags,
      ...)
{
  mode_t mode = 0;
  int e;
  REAL (open);

  if (open_flags_create (flags))
    {
      va_list args;

      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);

      if ((e = path_fault (OP_CREATE, path)) != 0)
        FAIL_WITH (e);
    }

  return real_open (path, flags, mode);
}

int
open64 (const char *path,
        int         flags,
        ...)
{
  mode_t mode = 0;
  int e;
  REAL (open64);

  if (open_flags_create (flags))
    {
      va_list args;

      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);

      if ((e = path_fault (OP_CREATE, path)) != 0)
        FAIL_WITH (e);
    }

  return real_open64 (path, flags, mode);
}

int
openat (int         dirfd,
        const char *path,
        int         flags,
        ...)
{
  mode_t mode = 0;
  int e;
  REAL (openat);

  if (open_flags_create (flags))
    {
      va_list args;

      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);

      if ((e = path_fault (OP_CREATE, path)) != 0)
        FAIL_WITH (e);
    }

  return real_openat (dirfd, path, flags, mode);
}

int
openat64 (int         dirfd,
          const char *path,
          int         flags,
          ...)
{
  mode_t mode = 0;
  int e;
  REAL (openat64);

  if (open_flags_create (flags))
    {
      va_list args;

      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);

      if ((e = path_fault (OP_CREATE, path)) != 0)
        FAIL_WITH (e);
    }

  return real_openat64 (dirfd, path, flags, mode);
}

int
mkdir (const char *path,
       mode_t      mode)
{
  int e;
  REAL (mkdir);

  if ((e = path_fault (OP_MKDIR, path)) != 0)
    FAIL_WITH (e);

  return real_mkdir (path, mode);
}

ssize_t
write (int         fd,
       const void *buffer,
       size_t      count)
{
  int e;
  REAL (write);

  if (count > 0 && (e = fd_fault (OP_WRITE, fd)) != 0)
    FAIL_WITH (e);

  return real_write (fd, buffer, count);
}

ssize_t
pwrite (int         fd,
        const void *buffer,
        size_t      count,
        off_t       offset)
{
  int e;
  REAL (pwrite);

  if (count > 0 && (e = fd_fault (OP_WRITE, fd)) != 0)
    FAIL_WITH (e);

  return real_pwrite (fd, buffer, count, offset);
}

int
fallocate (int   fd,
           int   mode,
           off_t offset,
           off_t length)
{
  int e;
  REAL (fallocate);

  if ((e = fd_fault (OP_WRITE, fd)) != 0)
    FAIL_WITH (e);

  return real_fallocate (fd, mode, offset, length);
}

int
fallocate64 (int     fd,
             int     mode,
             off64_t offset,
             off64_t length)
{
  int e;
  REAL (fallocate64);

  if ((e = fd_fault (OP_WRITE, fd)) != 0)
    FAIL_WITH (e);

  return real_fallocate64 (fd, mode, offset, length);
}

int
fsync (int fd)
{
  int e;
  REAL (fsync);

  if ((e = fd_fault (OP_FSYNC, fd)) != 0)
    FAIL_WITH (e);

  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  int e;
  REAL (fdatasync);

  if ((e = fd_fault (OP_FSYNC, fd)) != 0)
    FAIL_WITH (e);

  return real_fdatasync (fd);
}

int
rename (const char *old_path,
        const char *new_path)
{
  int e;
  REAL (rename);

  if ((e = path_fault (OP_RENAME, new_path)) != 0 || (e = path_fault (OP_RENAME, old_path)) != 0)
    FAIL_WITH (e);

  return real_rename (old_path, new_path);
}

int
renameat (int         old_dirfd,
          const char *old_path,
          int         new_dirfd,
          const char *new_path)
{
  int e;
  REAL (renameat);

  if ((e = path_fault (OP_RENAME, new_path)) != 0 || (e = path_fault (OP_RENAME, old_path)) != 0)
    FAIL_WITH (e);

  return real_renameat (old_dirfd, old_path, new_dirfd, new_path);
}

int
renameat2 (int           old_dirfd,
           const char   *old_path,
           int           new_dirfd,
           const char   *new_path,
           unsigned int  flags)
{
  int e;
  REAL (renameat2);

  if ((e = path_fault (OP_RENAME, new_path)) != 0 || (e = path_fault (OP_RENAME, old_path)) != 0)
    FAIL_WITH (e);

  return real_renameat2 (old_dirfd, old_path, new_dirfd, new_path, flags);
}
