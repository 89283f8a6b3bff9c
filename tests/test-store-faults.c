/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-faults"

/*
 * Saving progress when the system says no: a full disk, a read-only
 * folder, fsync or rename failing, the folder replaced by a file, the file
 * replaced by a symbolic link to another file. For each, the user's state
 * stays in memory, the failure is reported through the store's
 * save-failed signal, the save is retried, and the file on disk is the old
 * one or the new one, byte for byte, with no temporary file left behind.
 *
 * The faults come from tests/faultinject.c, preloaded into this test (see
 * tests/meson.build): root ignores file modes, so permissions alone cannot
 * make a folder read-only here. Where this process may make a private
 * mount namespace (root, and a kernel that allows it), the full disk and
 * the read-only folder are also tried for real, on a tiny tmpfs and a
 * read-only bind mount.
 */

/* unshare() and CLONE_NEWNS, for the private mount namespace. */
#define _GNU_SOURCE

#include "config.h"

#include "okp-progress-store.h"

#include <dlfcn.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define OLD_DOC \
  "{\n" \
  "  \"version\" : 1,\n" \
  "  \"checklists\" : {\n" \
  "    \"login\" : {\n" \
  "      \"steps\" : {\n" \
  "        \"reset-password\" : {\n" \
  "          \"done\" : true,\n" \
  "          \"changed\" : \"2026-11-26T10:00:00Z\"\n" \
  "        }\n" \
  "      },\n" \
  "      \"updated\" : \"2026-11-26T10:00:00Z\"\n" \
  "    }\n" \
  "  }\n" \
  "}\n"

typedef struct
{
  char *tmpdir;
  char *datadir;
  char *path;

  /* what the store reported */
  guint   failed;
  guint   saved;
  GError *error;
} Fixture;

static void
rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
set_fault (const char *spec)
{
  if (spec != NULL)
    g_setenv ("OKP_FAULTINJECT", spec, TRUE);
  else
    g_unsetenv ("OKP_FAULTINJECT");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("okp-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->datadir = g_build_filename (f->tmpdir, "app", NULL);
  f->path = g_build_filename (f->datadir, "progress.json", NULL);
  g_assert_cmpint (g_mkdir (f->datadir, 0700), ==, 0);

  g_setenv ("OKP_FAULTINJECT_DIR", f->datadir, TRUE);
  set_fault (NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  set_fault (NULL);
  g_unsetenv ("OKP_FAULTINJECT_DIR");
  rm_rf (f->tmpdir);
  g_clear_error (&f->error);
  g_free (f->tmpdir);
  g_free (f->datadir);
  g_free (f->path);
}

static void
save_failed_cb (OkpProgressStore *store,
                const GError     *error,
                Fixture          *f)
{
  f->failed++;
  g_clear_error (&f->error);
  f->error = g_error_copy (error);
}

static void
saved_cb (OkpProgressStore *store,
          Fixture          *f)
{
  f->saved++;
}

static OkpProgressStore *
fixture_store (Fixture *f)
{
  OkpProgressStore *store = okp_progress_store_new (f->path);

  g_signal_connect (store, "save-failed", G_CALLBACK (save_failed_cb), f);
  g_signal_connect (store, "saved", G_CALLBACK (saved_cb), f);
  return store;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *counter reaches @count or @timeout_ms pass. */
static gboolean
run_until (guint *counter,
           guint  count,
           guint  timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (*counter < count && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return *counter >= count;
}

static void
write_old_file (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, OLD_DOC, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->path, 0600), ==, 0);
}

static void
assert_file_is (const char *path,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, expected, strlen (expected));
}

/* Only progress.json: no temporary file survives a failed write. */
static void
assert_only_progress_file (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->datadir, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "progress.json");
      count++;
    }
  g_assert_cmpuint (count, ==, 1);
}

typedef struct
{
  const char *name;
  const char *spec;        /* what the fault injector makes fail */
  int         code;        /* the G_FILE_ERROR reported */
} Fault;

static const Fault faults[] = {
  { "full-disk/write", "write=ENOSPC", G_FILE_ERROR_NOSPC },
  { "full-disk/create", "create=ENOSPC", G_FILE_ERROR_NOSPC },
  { "full-disk/quota", "write=EDQUOT", G_FILE_ERROR_FAILED },
  { "read-only-directory/erofs", "create=EROFS", G_FILE_ERROR_ROFS },
  { "read-only-directory/eacces", "create=EACCES,mkdir=EACCES", G_FILE_ERROR_ACCES },
  { "fsync-fails", "fsync=EIO", G_FILE_ERROR_IO },
  { "rename-fails", "rename=EIO", G_FILE_ERROR_IO },
  { "everything-fails", "create=EIO,write=EIO,fsync=EIO,rename=EIO,mkdir=EIO", G_FILE_ERROR_IO },
};

/* One fault, end to end: a direct save fails with the right error and
 * changes nothing on disk; the scheduled save reports it through
 * save-failed and keeps retrying; once the fault is gone, the retry writes
 * the whole state and says so with "saved". */
static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const Fault *fault = data;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpProgressStore) again = NULL;
  g_autoptr(GError) error = NULL;

  write_old_file (f);
  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  set_fault (fault->spec);

  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, G_FILE_ERROR, fault->code);
  assert_file_is (f->path, OLD_DOC);
  assert_only_progress_file (f);

  /* The scheduled save fails the same way and tells whoever listens. */
  okp_progress_store_set_note (store, "login", "error-message", "账户已锁定");
  g_assert_true (run_until (&f->failed, 1, 5000));
  g_assert_error (f->error, G_FILE_ERROR, fault->code);
  /* The message is for the user: it says what could not be done. */
  g_assert_nonnull (strstr (f->error->message, f->datadir));
  g_assert_cmpuint (f->saved, ==, 0);

  /* Nothing was lost in memory, nothing changed on disk. */
  g_assert_true (okp_progress_store_get_dirty (store));
  g_assert_true (okp_progress_store_get_step_done (store, "login", "reset-password"));
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==,
                   "账户已锁定");
  assert_file_is (f->path, OLD_DOC);
  assert_only_progress_file (f);

  /* It keeps trying while the fault lasts... */
  g_assert_true (run_until (&f->failed, 2, 5000));
  assert_file_is (f->path, OLD_DOC);

  /* ...and once it is gone, the next retry writes everything. */
  set_fault (NULL);
  g_assert_true (run_until (&f->saved, 1, 10000));
  g_assert_false (okp_progress_store_get_dirty (store));
  assert_only_progress_file (f);

  again = okp_progress_store_new (f->path);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "reset-password"));
  g_assert_true (okp_progress_store_get_step_done (again, "login", "check-network"));
  g_assert_cmpstr (okp_progress_store_get_note (again, "login", "error-message"), ==,
                   "账户已锁定");
}

/* A fault while the application quits: flush reports it and the old file
 * stays whole; the state is still in memory for a later flush. */
static void
test_fault_on_flush (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;

  write_old_file (f);
  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  okp_progress_store_set_solved (store, "login", TRUE);
  set_fault ("fsync=EIO");
  okp_progress_store_flush (store);
  g_assert_cmpuint (f->failed, ==, 1);
  g_assert_error (f->error, G_FILE_ERROR, G_FILE_ERROR_IO);
  assert_file_is (f->path, OLD_DOC);
  assert_only_progress_file (f);
  g_assert_true (okp_progress_store_get_solved (store, "login"));

  set_fault (NULL);
  okp_progress_store_flush (store);
  g_assert_cmpuint (f->saved, ==, 1);
  g_assert_false (okp_progress_store_get_dirty (store));
}

/* The folder replaced by a file while the application runs: the save
 * fails, the file in the folder's place is never touched. */
static void
test_directory_replaced (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;

  write_old_file (f);
  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  rm_rf (f->datadir);
  g_file_set_contents (f->datadir, "someone else's file\n", -1, &error);
  g_assert_no_error (error);

  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_true (run_until (&f->failed, 1, 5000));
  g_assert_error (f->error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  assert_file_is (f->datadir, "someone else's file\n");
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  g_assert_true (okp_progress_store_get_dirty (store));

  /* The folder is back: the retry writes the state kept in memory. */
  g_assert_cmpint (g_unlink (f->datadir), ==, 0);
  g_assert_cmpint (g_mkdir (f->datadir, 0700), ==, 0);
  g_assert_true (run_until (&f->saved, 1, 10000));
  g_assert_false (okp_progress_store_get_dirty (store));
}

/* The file replaced by a symbolic link to another file while the
 * application runs: saves fail, again and again, and the other file is
 * never written through, replaced or moved. */
static void
test_file_replaced_by_symlink (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "bank-statement.txt", NULL);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  write_old_file (f);
  g_file_set_contents (elsewhere, "not progress\n", -1, &error);
  g_assert_no_error (error);

  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  g_assert_cmpint (g_unlink (f->path), ==, 0);
  g_assert_cmpint (symlink (elsewhere, f->path), ==, 0);

  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_true (run_until (&f->failed, 2, 8000));
  g_assert_error (f->error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_SYMLINK);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));

  /* Flushing on quit does not write through it either, nor does dispose. */
  okp_progress_store_flush (store);
  g_clear_object (&store);

  assert_file_is (elsewhere, "not progress\n");
  target = g_file_read_link (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, elsewhere);
}

/* Real file systems, in a private mount namespace so nothing outlives the
 * test: a 16 KiB tmpfs that the user's notes do not fit on, and the folder
 * bind-mounted read-only. Skipped where mounting is not allowed. */
static gboolean
enter_private_mount_namespace (void)
{
  if (unshare (CLONE_NEWNS) != 0)
    return FALSE;

  /* Mounts made here must not propagate back to the rest of the system. */
  return mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
}

/* Whether this process may mount a tmpfs in a private namespace, tried in
 * a child so the test itself can say it skipped. */
static gboolean
can_mount_privately (const char *dir)
{
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    _exit (enter_private_mount_namespace () &&
           mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=16k") == 0 ? 0 : 1);

  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static void
test_real_full_disk (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = NULL;
  g_autofree char *before = NULL;
  gsize before_length;

  if (!g_test_subprocess () && !can_mount_privately (f->datadir))
    {
      g_test_skip ("this process may not mount file systems");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  if (!enter_private_mount_namespace () ||
      mount ("tmpfs", f->datadir, "tmpfs", MS_NOSUID | MS_NODEV, "size=16k,mode=0700") != 0)
    {
      g_test_skip ("no tmpfs can be mounted here");
      return;
    }

  write_old_file (f);
  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  /* Twice the size of the file system: the new file cannot fit, while
   * the old one is still there. */
  big = g_strnfill (32 * 1024, 'x');
  okp_progress_store_set_note (store, "login", "error-message", big);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_file_get_contents (f->path, &before, &before_length, NULL);
  g_assert_cmpmem (before, before_length, OLD_DOC, strlen (OLD_DOC));
  assert_only_progress_file (f);
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==, big);

  /* The user shortens the note: it fits, and is saved. */
  g_clear_error (&error);
  okp_progress_store_set_note (store, "login", "error-message", "locked");
  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
  assert_only_progress_file (f);

  umount2 (f->datadir, MNT_DETACH);
}

static void
test_real_read_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess () && !can_mount_privately (f->datadir))
    {
      g_test_skip ("this process may not mount file systems");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  write_old_file (f);
  if (!enter_private_mount_namespace () ||
      mount (f->datadir, f->datadir, NULL, MS_BIND, NULL) != 0 ||
      mount (NULL, f->datadir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
    {
      g_test_skip ("no read-only bind mount can be made here");
      return;
    }

  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ROFS);
  assert_file_is (f->path, OLD_DOC);
  assert_only_progress_file (f);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));

  /* Quietly not saved on dispose either: the folder is still read-only. */
  g_clear_object (&store);
  assert_file_is (f->path, OLD_DOC);

  umount2 (f->datadir, MNT_DETACH);
}

/* The file cannot be replaced by a rename (EBUSY: it is a file
 * bind-mounted into the folder; EXDEV: the rename would cross file
 * systems): it is rewritten in place, the same file, and nothing is left
 * beside it. No retry, no failure. */
static void
test_rename_impossible (Fixture       *f,
                        gconstpointer  data)
{
  const char *spec = data;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpProgressStore) again = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;

  write_old_file (f);
  g_assert_cmpint (g_stat (f->path, &before), ==, 0);
  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  set_fault (spec);
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
  assert_only_progress_file (f);

  /* Scheduled saves too. */
  okp_progress_store_set_note (store, "login", "error-message", "账户已锁定");
  okp_progress_store_flush (store);
  g_assert_cmpuint (f->failed, ==, 0);
  g_assert_false (okp_progress_store_get_dirty (store));
  assert_only_progress_file (f);

  g_assert_cmpint (g_stat (f->path, &after), ==, 0);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mode & 0777, ==, 0600);

  set_fault (NULL);
  again = okp_progress_store_new (f->path);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "reset-password"));
  g_assert_true (okp_progress_store_get_step_done (again, "login", "check-network"));
  g_assert_cmpstr (okp_progress_store_get_note (again, "login", "error-message"), ==,
                   "账户已锁定");
}

/* A real bind-mounted file, as a container or a sandbox may give: the
 * rename fails with EBUSY, the save goes to the same file in place. */
static void
test_real_bind_mounted_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpProgressStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *contents = NULL;

  if (!g_test_subprocess () && !can_mount_privately (f->datadir))
    {
      g_test_skip ("this process may not mount file systems");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  write_old_file (f);
  outside = g_build_filename (f->tmpdir, "mounted.json", NULL);
  g_assert_true (g_file_set_contents (outside, OLD_DOC, -1, NULL));
  g_assert_cmpint (g_chmod (outside, 0600), ==, 0);
  if (!enter_private_mount_namespace () || mount (outside, f->path, NULL, MS_BIND, NULL) != 0)
    {
      g_test_skip ("no file can be bind-mounted here");
      return;
    }

  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
  assert_only_progress_file (f);

  again = okp_progress_store_new (f->path);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "check-network"));

  /* Written through the mount, to the file mounted. */
  umount2 (f->path, MNT_DETACH);
  g_assert_true (g_file_get_contents (outside, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "check-network"));
}

/* The injector must really be there, or every fault test above would be
 * testing nothing. */
static void
test_injector_loaded (void)
{
  g_assert_nonnull (dlsym (RTLD_DEFAULT, "okp_faultinject_version"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) \
  g_test_add ("/okp/store-faults/" name, Fixture, data, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/okp/store-faults/injector-loaded", test_injector_loaded);
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *name = g_strdup_printf ("/okp/store-faults/%s", faults[i].name);

      g_test_add (name, Fixture, &faults[i], fixture_setup, test_fault, fixture_teardown);
    }
  ADD ("fault-on-flush", test_fault_on_flush, NULL);
  ADD ("directory-replaced-by-file", test_directory_replaced, NULL);
  ADD ("file-replaced-by-symlink", test_file_replaced_by_symlink, NULL);
  ADD ("real/full-disk", test_real_full_disk, NULL);
  ADD ("real/read-only-directory", test_real_read_only, NULL);
  ADD ("real/bind-mounted-file", test_real_bind_mounted_file, NULL);
  ADD ("rename-impossible/ebusy", test_rename_impossible, "rename=EBUSY");
  ADD ("rename-impossible/exdev", test_rename_impossible, "rename=EXDEV");

#undef ADD

  return g_test_run ();
}
