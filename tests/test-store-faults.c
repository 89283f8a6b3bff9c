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
#include "okp-test-util.h"

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
  OkpStoreFixture files;
  OkpSaveWatch    watch;   /* what the store reported */
} Fixture;

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
  okp_store_fixture_setup (&f->files, data);
  okp_store_fixture_mkdir (&f->files);
  g_setenv ("OKP_FAULTINJECT_DIR", f->files.datadir, TRUE);
  set_fault (NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  set_fault (NULL);
  g_unsetenv ("OKP_FAULTINJECT_DIR");
  okp_store_fixture_teardown (&f->files, data);
  okp_save_watch_clear (&f->watch);
}

static OkpProgressStore *
fixture_store (Fixture *f)
{
  OkpProgressStore *store = okp_progress_store_new (f->files.path);

  okp_save_watch_connect (&f->watch, store);
  return store;
}

static void
write_old_file (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->files.path, OLD_DOC, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->files.path, 0600), ==, 0);
}

/* Only progress.json: no temporary file survives a failed write. */
static void
assert_only_progress_file (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->files.datadir, 0, NULL);
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
  okp_test_assert_file (f->files.path, OLD_DOC, -1);
  assert_only_progress_file (f);

  /* The scheduled save fails the same way and tells whoever listens. */
  okp_progress_store_set_note (store, "login", "error-message", "账户已锁定");
  g_assert_true (okp_test_wait_for_count (&f->watch.failed, 1, 5000));
  g_assert_error (f->watch.error, G_FILE_ERROR, fault->code);
  /* The message is for the user: it says what could not be done. */
  g_assert_nonnull (strstr (f->watch.error->message, f->files.datadir));
  g_assert_cmpuint (f->watch.saved, ==, 0);

  /* Nothing was lost in memory, nothing changed on disk. */
  g_assert_true (okp_progress_store_get_dirty (store));
  g_assert_true (okp_progress_store_get_step_done (store, "login", "reset-password"));
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==,
                   "账户已锁定");
  okp_test_assert_file (f->files.path, OLD_DOC, -1);
  assert_only_progress_file (f);

  /* It keeps trying while the fault lasts... */
  g_assert_true (okp_test_wait_for_count (&f->watch.failed, 2, 5000));
  okp_test_assert_file (f->files.path, OLD_DOC, -1);

  /* ...and once it is gone, the next retry writes everything. */
  set_fault (NULL);
  g_assert_true (okp_test_wait_for_count (&f->watch.saved, 1, 10000));
  g_assert_false (okp_progress_store_get_dirty (store));
  assert_only_progress_file (f);

  again = okp_progress_store_new (f->files.path);
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
  g_assert_cmpuint (f->watch.failed, ==, 1);
  g_assert_error (f->watch.error, G_FILE_ERROR, G_FILE_ERROR_IO);
  okp_test_assert_file (f->files.path, OLD_DOC, -1);
  assert_only_progress_file (f);
  g_assert_true (okp_progress_store_get_solved (store, "login"));

  set_fault (NULL);
  okp_progress_store_flush (store);
  g_assert_cmpuint (f->watch.saved, ==, 1);
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

  okp_test_rm_rf (f->files.datadir);
  g_file_set_contents (f->files.datadir, "someone else's file\n", -1, &error);
  g_assert_no_error (error);

  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_true (okp_test_wait_for_count (&f->watch.failed, 1, 5000));
  g_assert_error (f->watch.error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  okp_test_assert_file (f->files.datadir, "someone else's file\n", -1);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  g_assert_true (okp_progress_store_get_dirty (store));

  /* The folder is back: the retry writes the state kept in memory. */
  g_assert_cmpint (g_unlink (f->files.datadir), ==, 0);
  g_assert_cmpint (g_mkdir (f->files.datadir, 0700), ==, 0);
  g_assert_true (okp_test_wait_for_count (&f->watch.saved, 1, 10000));
  g_assert_false (okp_progress_store_get_dirty (store));
}

/* The file replaced by a symbolic link to another file while the
 * application runs: saves fail, again and again, and the other file is
 * never written through, replaced or moved. */
static void
test_file_replaced_by_symlink (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->files.tmpdir, "bank-statement.txt", NULL);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  write_old_file (f);
  g_file_set_contents (elsewhere, "not progress\n", -1, &error);
  g_assert_no_error (error);

  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  g_assert_cmpint (g_unlink (f->files.path), ==, 0);
  g_assert_cmpint (symlink (elsewhere, f->files.path), ==, 0);

  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_true (okp_test_wait_for_count (&f->watch.failed, 2, 8000));
  g_assert_error (f->watch.error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_SYMLINK);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));

  /* Flushing on quit does not write through it either, nor does dispose. */
  okp_progress_store_flush (store);
  g_clear_object (&store);

  okp_test_assert_file (elsewhere, "not progress\n", -1);
  target = g_file_read_link (f->files.path, &error);
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

  if (!g_test_subprocess () && !can_mount_privately (f->files.datadir))
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
      mount ("tmpfs", f->files.datadir, "tmpfs", MS_NOSUID | MS_NODEV, "size=16k,mode=0700") != 0)
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
  g_file_get_contents (f->files.path, &before, &before_length, NULL);
  g_assert_cmpmem (before, before_length, OLD_DOC, strlen (OLD_DOC));
  assert_only_progress_file (f);
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==, big);

  /* The user shortens the note: it fits, and is saved. */
  g_clear_error (&error);
  okp_progress_store_set_note (store, "login", "error-message", "locked");
  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
  assert_only_progress_file (f);

  umount2 (f->files.datadir, MNT_DETACH);
}

static void
test_real_read_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess () && !can_mount_privately (f->files.datadir))
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
      mount (f->files.datadir, f->files.datadir, NULL, MS_BIND, NULL) != 0 ||
      mount (NULL, f->files.datadir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
    {
      g_test_skip ("no read-only bind mount can be made here");
      return;
    }

  store = fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ROFS);
  okp_test_assert_file (f->files.path, OLD_DOC, -1);
  assert_only_progress_file (f);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));

  /* Quietly not saved on dispose either: the folder is still read-only. */
  g_clear_object (&store);
  okp_test_assert_file (f->files.path, OLD_DOC, -1);

  umount2 (f->files.datadir, MNT_DETACH);
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
  g_assert_cmpint (g_stat (f->files.path, &before), ==, 0);
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
  g_assert_cmpuint (f->watch.failed, ==, 0);
  g_assert_false (okp_progress_store_get_dirty (store));
  assert_only_progress_file (f);

  g_assert_cmpint (g_stat (f->files.path, &after), ==, 0);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mode & 0777, ==, 0600);

  set_fault (NULL);
  again = okp_progress_store_new (f->files.path);
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

  if (!g_test_subprocess () && !can_mount_privately (f->files.datadir))
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
  outside = g_build_filename (f->files.tmpdir, "mounted.json", NULL);
  g_assert_true (g_file_set_contents (outside, OLD_DOC, -1, NULL));
  g_assert_cmpint (g_chmod (outside, 0600), ==, 0);
  if (!enter_private_mount_namespace () || mount (outside, f->files.path, NULL, MS_BIND, NULL) != 0)
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

  again = okp_progress_store_new (f->files.path);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "check-network"));

  /* Written through the mount, to the file mounted. */
  umount2 (f->files.path, MNT_DETACH);
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
  okp_test_init (&argc, &argv, "C.UTF-8");

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
