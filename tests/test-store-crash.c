/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-crash"

#include "config.h"

#include "okp-progress-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Kills okp-store-crash-helper with SIGKILL at random moments (1 to 50 ms
 * after it has loaded the file) while it saves in a tight loop, and checks
 * after each kill that the file is whole and holds a state the helper had
 * reported saved, or the one it was writing. --seed reproduces a run's
 * timings; -m slow runs more kills.
 */

#define CRASH_CHECKLIST "crash"
#define CRASH_STEPS 12
#define KILLS 200
#define KILLS_SLOW 1000

typedef struct
{
  guint64 last_reported;   /* 0: none in this run */
  guint   reported;
} HelperRun;

static void
run_helper (const char *helper,
            const char *path,
            guint       delay_ms,
            HelperRun  *run)
{
  const char *argv[] = { helper, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  GPid pid;
  int out_fd;
  int wait_status;
  char buffer[4096];
  gssize n;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* The delay counts from when the helper has loaded the file, so that it
   * means the same on a slow machine or under a sanitizer. */
  for (;;)
    {
      char c;

      n = read (out_fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("The helper stopped before it was ready");
      if (c == '\n')
        break;
      g_string_append_c (output, c);
    }
  g_assert_cmpstr (output->str, ==, "ready");
  g_string_truncate (output, 0);

  g_usleep (delay_ms * 1000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  while ((n = read (out_fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (output, buffer, n);
    }
  close (out_fd);

  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);

  /* The helper never stops by itself: an exit means it failed. */
  if (!WIFSIGNALED (wait_status) || WTERMSIG (wait_status) != SIGKILL)
    g_error ("The helper stopped by itself (wait status %d)", wait_status);

  /* Each line is written whole after its save returned; a line without
   * its newline cannot happen for writes this small, but is not trusted. */
  lines = g_strsplit (output->str, "\n", -1);
  run->last_reported = 0;
  run->reported = 0;
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      guint64 value = g_ascii_strtoull (lines[i], NULL, 10);

      g_assert_cmpuint (value, >, run->last_reported);
      run->last_reported = value;
      run->reported++;
    }
}

/* Reads the file on its own, without the store, and returns the state it
 * holds, checking that the ticks agree with the counter. */
static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static guint64
read_state (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *checklist;
  JsonObject *notes;
  JsonObject *steps;
  guint64 counter;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  /* An empty file parses, to nothing. */
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  checklist = get_object (get_object (json_node_get_object (root), "checklists"), CRASH_CHECKLIST);
  notes = get_object (checklist, "notes");
  steps = get_object (checklist, "steps");
  g_assert_nonnull (notes);
  g_assert_nonnull (steps);
  g_assert_true (json_object_has_member (notes, "counter"));

  counter = g_ascii_strtoull (json_object_get_string_member (notes, "counter"), NULL, 10);
  g_assert_cmpuint (counter, >, 0);

  for (guint k = 0; k < CRASH_STEPS; k++)
    {
      g_autofree char *step = g_strdup_printf ("step-%u", k);
      JsonObject *step_object = get_object (steps, step);
      gboolean done = FALSE;

      if (step_object != NULL)
        done = json_object_get_boolean_member (step_object, "done");
      g_assert_cmpint (done, ==, (counter >> k) & 1);
    }

  return counter;
}

static void
test_crash (void)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "okp-store-crash-helper", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("okp-crash-XXXXXX", &error);
  g_autofree char *path = NULL;
  guint kills = g_test_slow () ? KILLS_SLOW : KILLS;
  guint64 on_disk = 0;
  guint runs_with_saves = 0;
  guint caught_writing = 0;
  guint64 saves = 0;
  guint temp_files = 0;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_no_error (error);
  g_assert_true (g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE));
  path = g_build_filename (tmpdir, "progress.json", NULL);

  for (guint i = 0; i < kills; i++)
    {
      HelperRun run;
      guint64 before = on_disk;
      guint64 expected;
      GStatBuf st;

      run_helper (helper, path, g_test_rand_int_range (1, 51), &run);
      if (run.reported > 0)
        runs_with_saves++;
      saves += run.reported;

      /* The last state reported saved, or the one after it, half written
       * when the kill came; never anything else, never a broken file. */
      expected = run.reported > 0 ? run.last_reported : before;
      if (g_lstat (path, &st) != 0)
        {
          g_assert_cmpint (errno, ==, ENOENT);
          g_assert_cmpuint (before, ==, 0);
          g_assert_cmpuint (run.reported, ==, 0);
          continue;
        }

      g_assert_true (S_ISREG (st.st_mode));
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      on_disk = read_state (path);
      if (on_disk != expected && on_disk != expected + 1)
        g_error ("Kill %u: the file holds state %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT
                 " or %" G_GUINT64_FORMAT, i, on_disk, expected, expected + 1);
      if (on_disk == expected + 1)
        caught_writing++;
    }

  /* The store reads what the helper left, as a whole file. */
  {
    g_autoptr(OkpProgressStore) store = okp_progress_store_new (path);

    g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
    g_assert_cmpuint (g_ascii_strtoull (okp_progress_store_get_note (store, CRASH_CHECKLIST,
                                                                     "counter"), NULL, 10),
                      ==, on_disk);
  }

  g_test_message ("%u kills, %u after at least one save, %" G_GUINT64_FORMAT " saves, "
                  "%u with the next state already on disk",
                  kills, runs_with_saves, saves, caught_writing);

  /* Without kills landing after saves the test proves nothing: tune the
   * delays if this fails on a very slow machine. */
  g_assert_cmpuint (runs_with_saves, >=, kills / 4);

  /* Kills during a write leave the store's temporary files behind; the
   * store removes them once they are a minute old, so here they are only
   * counted, and nothing else may be there. */
  dir = g_dir_open (tmpdir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (tmpdir, name, NULL);

      if (g_str_has_prefix (name, ".progress.json.okp-tmp-"))
        temp_files++;
      else
        g_assert_cmpstr (name, ==, "progress.json");
      g_unlink (file);
    }
  g_rmdir (tmpdir);
  g_test_message ("%u temporary files left by interrupted writes", temp_files);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/progress-store/crash", test_crash);

  return g_test_run ();
}
