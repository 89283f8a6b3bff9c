/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-checklist-progress"

#include "config.h"

#include "okp-checklist-progress.h"
#include "okp-test-util.h"
#include "okp-cli.h"
#include "okp-content.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

/*
 * A checklist's progress as counted for the sidebar and the command line,
 * the read-only reading behind `okpay-help --list`, and the listing itself,
 * both as a function and through the built program.
 */

static const char guide_xml[] =
  "<guide>"
  "<section id=\"one\" checklist=\"alpha\"><title>One</title><p>Text.</p></section>"
  "<checklist id=\"alpha\" section=\"one\"><title>Alpha problems</title><summary>S.</summary>"
  "<step id=\"a1\"><title>A1</title><detail>D.</detail></step>"
  "<step id=\"a2\"><title>A2</title><detail>D.</detail></step>"
  "<step id=\"a3\"><title>A3</title><detail>D.</detail></step>"
  "<field id=\"f\" multiline=\"false\"><label>F</label></field>"
  "</checklist>"
  "<checklist id=\"beta\" section=\"one\"><title>Beta</title><summary>S.</summary>"
  "<step id=\"b1\"><title>B1</title><detail>D.</detail></step>"
  "<field id=\"f\" multiline=\"false\"><label>F</label></field>"
  "</checklist>"
  "</guide>";

/* a1 and a3 done, plus a step the content no longer has; beta solved. */
static const char progress_json[] =
  "{\n"
  "  \"version\" : 1,\n"
  "  \"checklists\" : {\n"
  "    \"alpha\" : { \"steps\" : {\n"
  "      \"a1\" : { \"done\" : true, \"changed\" : \"2026-11-26T10:00:00Z\" },\n"
  "      \"a2\" : { \"done\" : false, \"changed\" : \"2026-11-26T10:00:00Z\" },\n"
  "      \"a3\" : { \"done\" : true, \"changed\" : \"2026-11-26T10:00:00Z\" },\n"
  "      \"gone\" : { \"done\" : true, \"changed\" : \"2026-11-26T10:00:00Z\" } } },\n"
  "    \"beta\" : { \"solved\" : true },\n"
  "    \"retired\" : { \"steps\" : { \"x\" : { \"done\" : true } } }\n"
  "  }\n"
  "}\n";

typedef OkpStoreFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  okp_store_fixture_setup (f, data);
  okp_store_fixture_mkdir (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  okp_store_fixture_teardown (f, data);
}

static OkpGuide *
test_guide (void)
{
  g_autoptr(GError) error = NULL;
  OkpGuide *guide = okp_guide_new_from_data (guide_xml, -1, NULL, &error);

  g_assert_no_error (error);
  return guide;
}

static void
test_step_ids (void)
{
  g_autoptr(OkpGuide) guide = test_guide ();
  g_auto(GStrv) ids = okp_checklist_progress_dup_step_ids (okp_guide_lookup_checklist (guide, "alpha"));
  const char * const expected[] = { "a1", "a2", "a3", NULL };

  g_assert_cmpstrv (ids, expected);
}

static void
test_count_done (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = test_guide ();
  g_autoptr(OkpProgressStore) store = NULL;
  const OkpChecklistDef *alpha = okp_guide_lookup_checklist (guide, "alpha");
  const OkpChecklistDef *beta = okp_guide_lookup_checklist (guide, "beta");

  okp_test_write_file (f->path, progress_json, -1);
  store = okp_progress_store_new (f->path);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  /* "gone" is done in the file but is not one of today's steps. */
  g_assert_cmpuint (okp_checklist_progress_count_done (store, alpha), ==, 2);
  g_assert_cmpuint (okp_checklist_progress_count_done (store, beta), ==, 0);

  okp_progress_store_set_step_done (store, "alpha", "a2", TRUE);
  okp_progress_store_set_step_done (store, "beta", "b1", TRUE);
  g_assert_cmpuint (okp_checklist_progress_count_done (store, alpha), ==, 3);
  g_assert_cmpuint (okp_checklist_progress_count_done (store, beta), ==, 1);

  okp_progress_store_set_step_done (store, "alpha", "a1", FALSE);
  g_assert_cmpuint (okp_checklist_progress_count_done (store, alpha), ==, 2);

  /* Written before the store goes, so the folder can be removed cleanly. */
  okp_progress_store_flush (store);
}

/* Reading for the listing: whatever is found, the folder keeps exactly the
 * files it had, and each keeps its bytes. */
#define NUL_DOC "{\"version\": 1,\0 \"checklists\": {}}"

typedef struct
{
  const char     *name;
  const char     *contents;     /* NULL: no file */
  gssize          length;
  OkpStoreStatus  status;
  guint           alpha_done;
  gboolean        beta_solved;
} ReadCase;

static const ReadCase read_cases[] = {
  { "good", progress_json, -1, OKP_STORE_STATUS_OK, 2, TRUE },
  { "missing", NULL, 0, OKP_STORE_STATUS_NEW, 0, FALSE },
  { "not-json", "{\"version\": 1, \"checklists\": {", -1, OKP_STORE_STATUS_RECOVERED, 0, FALSE },
  { "empty", "", 0, OKP_STORE_STATUS_RECOVERED, 0, FALSE },
  { "wrong-shape", "[1, 2, 3]", -1, OKP_STORE_STATUS_RECOVERED, 0, FALSE },
  { "nul-bytes", NUL_DOC, sizeof (NUL_DOC) - 1, OKP_STORE_STATUS_RECOVERED, 0, FALSE },
  { "newer",
    "{\"version\": 7, \"checklists\": {\"alpha\": {\"steps\": {\"a2\": {\"done\": true}}}}}", -1,
    OKP_STORE_STATUS_READ_ONLY, 1, FALSE },
};

static void
test_read_changes_nothing (Fixture       *f,
                           gconstpointer  data)
{
  const ReadCase *c = data;
  g_autoptr(OkpGuide) guide = test_guide ();
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  OkpStoreStatus status = -1;
  GStatBuf st_before, st_after;

  if (c->contents != NULL)
    {
      okp_test_write_file (f->path, c->contents, c->length);
      g_assert_cmpint (g_stat (f->path, &st_before), ==, 0);
    }
  before = okp_test_list_dir (f->datadir);

  store = okp_checklist_progress_read (f->path, &status);
  g_assert_cmpint (status, ==, c->status);
  g_assert_cmpuint (okp_checklist_progress_count_done (store, okp_guide_lookup_checklist (guide, "alpha")),
                    ==, c->alpha_done);
  g_assert_cmpint (okp_progress_store_get_solved (store, "beta"), ==, c->beta_solved);

  /* Even a change and a save are never written. */
  okp_progress_store_set_step_done (store, "alpha", "a2", TRUE);
  g_assert_false (okp_progress_store_save (store, NULL));
  g_clear_object (&store);

  after = okp_test_list_dir (f->datadir);
  g_assert_cmpstr (after, ==, before);

  if (c->contents != NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;
      /* Computed apart: g_assert_cmpmem() does not parenthesize its length
       * arguments in every GLib version. */
      gsize expected_length = c->length < 0 ? strlen (c->contents) : (gsize) c->length;

      g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
      g_assert_cmpmem (contents, length, c->contents, expected_length);
      g_assert_cmpint (g_stat (f->path, &st_after), ==, 0);
      g_assert_cmpint (st_after.st_mtime, ==, st_before.st_mtime);
      g_assert_cmpint (st_after.st_ino, ==, st_before.st_ino);
    }
  else
    {
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
    }
}

static char *
print_list (OkpGuide         *guide,
            OkpProgressStore *store)
{
  char *buffer = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buffer, &size);

  g_assert_nonnull (out);
  okp_cli_print_list (guide, store, out);
  fclose (out);

  return buffer;
}

static void
test_print_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = test_guide ();
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *with_progress = NULL;
  g_autofree char *without = NULL;

  okp_test_write_file (f->path, progress_json, -1);
  store = okp_checklist_progress_read (f->path, NULL);

  with_progress = print_list (guide, store);
  g_assert_cmpstr (with_progress, ==,
                   "Guide sections:\n"
                   "  one                               One\n"
                   "\n"
                   "Checklists:\n"
                   "  alpha                             Alpha problems  2/3\n"
                   "  beta                              Beta            0/1, solved\n");

  without = print_list (guide, NULL);
  g_assert_nonnull (strstr (without, "  alpha                             Alpha problems  0/3\n"));
  g_assert_nonnull (strstr (without, "  beta                              Beta            0/1\n"));
}

/* The environment the program runs in: no display, no session bus,
 * English, its data in @data_home. */
static GStrv
program_environ (const char *data_home)
{
  GStrv env = g_get_environ ();

  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "en", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_unsetenv (env, "DBUS_SESSION_BUS_ADDRESS");
  return env;
}

/* The built program: `--list` with a saved file, and with an unknown
 * checklist, without a display, changing nothing. */
static void
test_program_list (Fixture       *f,
                   gconstpointer  data)
{
  const char *program = g_getenv ("OKP_PROGRAM");
  g_autofree char *app_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  const char *list_argv[] = { program, "--list", NULL };
  const char *unknown_argv[] = { program, "--list", "--checklist", "no-such-list", NULL };
  const char *good_argv[] = { program, "--list", "--checklist", "login", NULL };
  static const char saved[] =
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {"
    "\"reset-password\": {\"done\": true}, \"check-network\": {\"done\": true}}},"
    "\"withdrawal\": {\"solved\": true}}}\n";
  int status;

  if (program == NULL)
    {
      g_test_skip ("OKP_PROGRAM is not set");
      return;
    }

  app_dir = g_build_filename (f->datadir, APP_ID, NULL);
  g_assert_cmpint (g_mkdir (app_dir, 0700), ==, 0);
  path = g_build_filename (app_dir, "progress.json", NULL);
  okp_test_write_file (path, saved, -1);

  env = program_environ (f->datadir);

  g_spawn_sync (NULL, (char **) list_argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\nChecklists:\n"));
  g_assert_true (g_regex_match_simple ("^  login +Login problems +2/6$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  withdrawal +Withdrawal blocked +0/4, solved$", out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  funds-delayed +Money hasn’t arrived +0/5$", out,
                                       G_REGEX_MULTILINE, 0));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_spawn_sync (NULL, (char **) good_argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_spawn_sync (NULL, (char **) unknown_argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "“no-such-list”"));
  g_assert_nonnull (strstr (err, "login, transaction-failed, funds-delayed, withdrawal, "
                                 "identity-verification, support-communication"));
  g_assert_cmpstr (out, ==, "");

  /* The listing read the file and left it alone. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, saved);
}

/* The listing and the export read progress with no side effects and no
 * temporary files: with the temporary folder unusable and the data folder
 * read-only, they show the real progress and create nothing; a file that
 * cannot be read makes them say so and exit 1, never show 0/6. */
static void
test_program_read_only (Fixture       *f,
                        gconstpointer  data)
{
  const char *program = g_getenv ("OKP_PROGRAM");
  g_autofree char *app_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *no_tmp = NULL;
  g_autofree char *data_home = NULL;
  g_auto(GStrv) env = NULL;
  static const char saved[] =
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {"
    "\"reset-password\": {\"done\": true}, \"check-network\": {\"done\": true}},"
    "\"solved\": true}}}\n";
  static const char damaged[] = "{\"version\": 1, \"checklists\": {}, \"checklists\": {}}";

  if (program == NULL)
    {
      g_test_skip ("OKP_PROGRAM is not set");
      return;
    }

  data_home = g_build_filename (f->datadir, "data", NULL);
  app_dir = g_build_filename (data_home, APP_ID, NULL);
  g_assert_cmpint (g_mkdir_with_parents (app_dir, 0700), ==, 0);
  path = g_build_filename (app_dir, "progress.json", NULL);
  out_dir = g_build_filename (f->datadir, "out", NULL);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  pdf = g_build_filename (out_dir, "login.pdf", NULL);
  no_tmp = g_build_filename (f->datadir, "no-such-tmp", NULL);

  env = program_environ (data_home);
  env = g_environ_setenv (env, "TMPDIR", no_tmp, TRUE);

  for (guint round = 0; round < 2; round++)
    {
      const char *contents = round == 0 ? saved : damaged;
      const char *list_argv[] = { program, "--list", NULL };
      const char *export_argv[] = { program, "--export-checklist", "login", "--output", pdf, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      g_assert_cmpint (g_chmod (app_dir, 0700), ==, 0);
      okp_test_write_file (path, contents, -1);
      g_assert_cmpint (g_chmod (app_dir, 0500), ==, 0);
      before = okp_test_list_dir (app_dir);

      g_spawn_sync (NULL, (char **) list_argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, &error);
      g_assert_no_error (error);
      if (round == 0)
        {
          g_assert_true (g_spawn_check_wait_status (status, NULL));
          g_assert_true (g_regex_match_simple ("^  login +Login problems +2/6, solved$", out,
                                               G_REGEX_MULTILINE, 0));
        }
      else
        {
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 1);
          g_assert_cmpstr (out, ==, "");
          g_assert_nonnull (strstr (err, "progress.json"));
          g_assert_null (strstr (err, "0/6"));
        }
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);

      g_spawn_sync (NULL, (char **) export_argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, round == 0 ? 0 : 1);
      g_assert_cmpint (g_file_test (pdf, G_FILE_TEST_EXISTS), ==, round == 0);
      g_unlink (pdf);

      after = okp_test_list_dir (app_dir);
      g_assert_cmpstr (after, ==, before);
      g_clear_pointer (&before, g_free);
      g_clear_pointer (&after, g_free);
      {
        g_autofree char *now = NULL;

        g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
        g_assert_cmpstr (now, ==, contents);
      }
      g_assert_false (g_file_test (no_tmp, G_FILE_TEST_EXISTS));
    }

  g_assert_cmpint (g_chmod (app_dir, 0700), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The expected listings are the untranslated strings. */
  g_setenv ("LANGUAGE", "en", TRUE);
  okp_test_init (&argc, &argv, "C.UTF-8");

  g_test_add_func ("/okp/checklist-progress/step-ids", test_step_ids);
  g_test_add ("/okp/checklist-progress/count-done", Fixture, NULL,
              fixture_set_up, test_count_done, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/okp/checklist-progress/read-changes-nothing/%s",
                                               read_cases[i].name);

      g_test_add (name, Fixture, &read_cases[i],
                  fixture_set_up, test_read_changes_nothing, fixture_tear_down);
    }
  g_test_add ("/okp/cli/print-list", Fixture, NULL,
              fixture_set_up, test_print_list, fixture_tear_down);
  g_test_add ("/okp/cli/program-list", Fixture, NULL,
              fixture_set_up, test_program_list, fixture_tear_down);
  g_test_add ("/okp/cli/program-read-only", Fixture, NULL,
              fixture_set_up, test_program_read_only, fixture_tear_down);

  return g_test_run ();
}
