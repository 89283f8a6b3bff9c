/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-progress-store"

#include "config.h"

#include "okp-progress-store.h"
#include "okp-test-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <utime.h>

#define FIXED_NOW OKP_TEST_NOW
#define FIXED_STAMP OKP_TEST_STAMP

typedef OkpStoreFixture Fixture;

#define VALID_DOC \
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
  "      \"solved\" : false,\n" \
  "      \"started\" : \"2026-11-26T10:00:00Z\",\n" \
  "      \"updated\" : \"2026-11-26T10:00:00Z\"\n" \
  "    }\n" \
  "  }\n" \
  "}\n"

static char *
save_and_read (OkpProgressStore *store)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
  g_file_get_contents (okp_progress_store_get_path (store), &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static JsonNode *
parse_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static JsonNode *
parse_string (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* Looks a member up along a path of object member names. */
static JsonNode *
lookup (JsonNode   *root,
        const char *first,
        ...)
{
  JsonNode *node = root;
  const char *name = first;
  va_list args;

  va_start (args, first);
  while (name != NULL && node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        node = NULL;
      else
        node = json_object_get_member (json_node_get_object (node), name);
      name = va_arg (args, const char *);
    }
  va_end (args);

  return node;
}

static guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Tests */

static void
test_default_path (void)
{
  g_autofree char *path = okp_progress_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (),
                                                "io.github.okpayhelp.OKPayHelp",
                                                "progress.json", NULL);

  /* A development build may carry a different application ID. */
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, G_DIR_SEPARATOR_S "progress.json"));
  if (g_strcmp0 (APP_ID, "io.github.okpayhelp.OKPayHelp") == 0)
    g_assert_cmpstr (path, ==, expected);
}

static void
test_new (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autofree char *message = NULL;
  OkpStoreStatus status;

  status = okp_progress_store_load (store, &message);
  g_assert_cmpint (status, ==, OKP_STORE_STATUS_NEW);
  g_assert_null (message);
  g_assert_null (okp_progress_store_get_recovered_path (store));
  g_assert_false (okp_progress_store_get_read_only (store));
  g_assert_false (okp_progress_store_get_dirty (store));

  /* Loading writes nothing, not even the folder. */
  g_assert_false (g_file_test (f->datadir, G_FILE_TEST_EXISTS));
  g_assert_false (okp_progress_store_get_step_done (store, "login", "reset-password"));
  g_assert_cmpint (okp_progress_store_get_started (store, "login"), ==, 0);

  /* Setting a value it already has is no change. */
  okp_progress_store_set_step_done (store, "login", "reset-password", FALSE);
  okp_progress_store_set_note (store, "login", "error-message", "");
  okp_progress_store_set_solved (store, "login", FALSE);
  g_assert_false (okp_progress_store_get_dirty (store));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *note = "He said \"no\"\\ \n line two\t\x01 身份验证失败 😀 </script>";
  const char * const login_steps[] = { "reset-password", "unlock-account", "check-network", NULL };
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GStatBuf st;

  okp_progress_store_load (store, NULL);

  okp_progress_store_set_step_done (store, "login", "reset-password", TRUE);
  f->now += 60;
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  okp_progress_store_set_note (store, "login", "error-message", note);
  f->now += 60;
  okp_progress_store_set_step_done (store, "login", "check-network", FALSE);
  okp_progress_store_set_solved (store, "withdrawal", TRUE);
  okp_progress_store_set_note (store, "withdrawal", "amount", "100.00 USD");
  g_assert_true (okp_progress_store_get_dirty (store));

  first = save_and_read (store);
  g_assert_false (okp_progress_store_get_dirty (store));
  g_assert_nonnull (strstr (first, "\"version\":1"));
  g_assert_nonnull (strstr (first, "\"2026-11-26T10:00:00Z\""));
  g_assert_nonnull (strstr (first, "\"2026-11-26T10:02:00Z\""));

  again = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_cmpint (okp_progress_store_get_status (again), ==, OKP_STORE_STATUS_OK);

  g_assert_true (okp_progress_store_get_step_done (again, "login", "reset-password"));
  g_assert_false (okp_progress_store_get_step_done (again, "login", "check-network"));
  g_assert_false (okp_progress_store_get_step_done (again, "login", "unlock-account"));
  g_assert_cmpuint (okp_progress_store_count_done (again, "login", login_steps), ==, 1);
  g_assert_cmpint (okp_progress_store_get_step_time (again, "login", "reset-password"), ==,
                   FIXED_NOW);
  g_assert_cmpint (okp_progress_store_get_step_time (again, "login", "check-network"), ==,
                   FIXED_NOW + 120);
  g_assert_cmpint (okp_progress_store_get_step_time (again, "login", "unlock-account"), ==, 0);
  g_assert_cmpstr (okp_progress_store_get_note (again, "login", "error-message"), ==, note);
  g_assert_null (okp_progress_store_get_note (again, "login", "amount"));
  g_assert_false (okp_progress_store_get_solved (again, "login"));
  g_assert_true (okp_progress_store_get_solved (again, "withdrawal"));
  g_assert_cmpstr (okp_progress_store_get_note (again, "withdrawal", "amount"), ==, "100.00 USD");
  g_assert_cmpint (okp_progress_store_get_started (again, "login"), ==, FIXED_NOW);
  g_assert_cmpint (okp_progress_store_get_updated (again, "login"), ==, FIXED_NOW + 120);
  g_assert_cmpint (okp_progress_store_get_started (again, "withdrawal"), ==, FIXED_NOW + 120);
  g_assert_cmpint (okp_progress_store_get_started (again, "funds-delayed"), ==, 0);

  /* What the store writes, it reads back and writes the same. */
  second = save_and_read (again);
  g_assert_cmpstr (first, ==, second);

  /* Removing a note. */
  okp_progress_store_set_note (again, "login", "error-message", NULL);
  g_assert_null (okp_progress_store_get_note (again, "login", "error-message"));

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_modes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *parent = g_path_get_dirname (f->datadir);
  GStatBuf st;
  mode_t old_umask;

  /* A permissive umask must not leak into the modes. */
  old_umask = umask (0);

  store = okp_store_fixture_store (f);
  okp_progress_store_load (store, NULL);
  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  g_free (save_and_read (store));

  g_assert_cmpint (g_stat (f->datadir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A file someone made readable to all becomes private again. */
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  okp_progress_store_set_step_done (store, "login", "b", TRUE);
  g_free (save_and_read (store));
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  umask (old_umask);
}

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;   /* -1: up to the NUL */
  const char *reason;
} BadFile;

static const BadFile bad_files[] = {
  { "empty", "", 0, "invalid-json" },
  { "blank", " \n\t\n", -1, "invalid-json" },
  { "truncated", VALID_DOC, (sizeof VALID_DOC - 1) / 2, "invalid-json" },
  { "truncated-in-string", "{\"version\": 1, \"checklists\": {\"lo", -1, "invalid-json" },
  { "not-json", "login=done\n", -1, "invalid-json" },
  { "html", "<html><body>404</body></html>", -1, "invalid-json" },
  { "nul-inside", "{\"version\": 1,\0 \"checklists\": {}}", 34, "invalid-json" },
  { "nul-in-string", "{\"version\": 1, \"x\": \"a\0b\"}", 26, "invalid-json" },
  { "invalid-utf8", "{\"version\": 1, \"x\": \"\xff\xfe\"}", -1, "invalid-json" },
  { "comment", "/* mine */ {\"version\": 1}", -1, "invalid-json" },
  { "single-quotes", "{'version': 1}", -1, "invalid-json" },
  { "trailing-garbage", "{\"version\": 1} trailing", -1, "invalid-json" },
  { "two-documents", "{\"version\": 1}{\"version\": 1}", -1, "invalid-json" },
  { "trailing-comma", "{\"version\": 1, \"checklists\": {},}", -1, "invalid-json" },
  { "control-char-in-string", "{\"version\": 1, \"x\": \"a\tb\"}", -1, "invalid-json" },
  { "bad-escape", "{\"version\": 1, \"x\": \"\\q\"}", -1, "invalid-json" },
  { "escaped-nul", "{\"version\": 1, \"x\": \"a\\u0000b\"}", -1, "invalid-json" },
  { "lone-high-surrogate", "{\"version\": 1, \"x\": \"\\ud800x\"}", -1, "invalid-json" },
  { "lone-low-surrogate", "{\"version\": 1, \"x\": \"\\udc00\"}", -1, "invalid-json" },
  { "short-unicode-escape", "{\"version\": 1, \"x\": \"\\u12\"}", -1, "invalid-json" },
  { "huge-double", "{\"version\": 1, \"x\": 1e999}", -1, "invalid-json" },
  { "huge-integer", "{\"version\": 1, \"x\": 99999999999999999999}", -1, "invalid-json" },
  /* Found by fuzz/fuzz-progress-store: json-glib would write these back as
   * "1e-300.0" and "1e+22.0", which no JSON parser reads. */
  { "unwritable-double", "{\"version\": 1, \"x\": 1e-300}", -1, "invalid-json" },
  { "unwritable-double-large", "{\"version\": 1, \"x\": [1.5, 1E22]}", -1, "invalid-json" },
  { "leading-zero", "{\"version\": 01}", -1, "invalid-json" },
  { "bare-word", "{\"version\": 1, \"x\": yes}", -1, "invalid-json" },
  { "unbalanced", "{\"version\": 1]]", -1, "invalid-json" },
  { "array", "[]", -1, "wrong-shape" },
  { "array-of-objects", "[{\"version\": 1}]", -1, "wrong-shape" },
  { "string", "\"progress\"", -1, "wrong-shape" },
  { "number", "1", -1, "wrong-shape" },
  { "null", "null", -1, "wrong-shape" },
  { "empty-object", "{}", -1, "wrong-shape" },
  { "version-missing", "{\"checklists\": {}}", -1, "wrong-shape" },
  { "version-string", "{\"version\": \"1\", \"checklists\": {}}", -1, "wrong-shape" },
  { "version-double", "{\"version\": 1.0, \"checklists\": {}}", -1, "wrong-shape" },
  { "version-zero", "{\"version\": 0, \"checklists\": {}}", -1, "wrong-shape" },
  { "version-negative", "{\"version\": -2, \"checklists\": {}}", -1, "wrong-shape" },
  { "version-null", "{\"version\": null}", -1, "wrong-shape" },
  { "checklists-array", "{\"version\": 1, \"checklists\": []}", -1, "wrong-shape" },
  { "checklists-string", "{\"version\": 1, \"checklists\": \"login\"}", -1, "wrong-shape" },
  { "checklist-true", "{\"version\": 1, \"checklists\": {\"login\": true}}", -1, "wrong-shape" },
  { "steps-array",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": [\"reset-password\"]}}}", -1,
    "wrong-shape" },
  { "step-true",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"reset-password\": true}}}}", -1,
    "wrong-shape" },
  { "done-string",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": \"yes\"}}}}}", -1,
    "wrong-shape" },
  { "done-number",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": 1}}}}}", -1,
    "wrong-shape" },
  { "done-null",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": null}}}}}", -1,
    "wrong-shape" },
  { "notes-array", "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": [\"x\"]}}}", -1,
    "wrong-shape" },
  { "note-number",
    "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": {\"amount\": 100}}}}", -1,
    "wrong-shape" },
  { "solved-string", "{\"version\": 1, \"checklists\": {\"login\": {\"solved\": \"no\"}}}", -1,
    "wrong-shape" },
  /* A time that cannot be read is not a wrong shape: test-store-document. */
};

static void
check_recovered (Fixture          *f,
                 OkpProgressStore *store,
                 OkpStoreStatus    status,
                 const char       *message,
                 const char       *reason)
{
  g_autofree char *expected_name = g_strdup_printf ("progress.json.broken-" FIXED_STAMP "-%s",
                                                    reason);
  g_autofree char *expected_path = g_build_filename (f->datadir, expected_name, NULL);
  g_autofree char *display = g_filename_display_name (expected_path);
  GStatBuf st;

  g_assert_cmpint (status, ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_cmpint (okp_progress_store_get_status (store), ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_cmpstr (okp_progress_store_get_recovered_path (store), ==, expected_path);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, display));
  g_assert_false (okp_progress_store_get_read_only (store));

  /* The original name is free for a fresh file. */
  g_assert_cmpint (g_lstat (f->path, &st), ==, -1);
  g_assert_cmpint (errno, ==, ENOENT);

  /* A fresh state. */
  g_assert_false (okp_progress_store_get_step_done (store, "login", "reset-password"));
  g_assert_false (okp_progress_store_get_step_done (store, "login", "a"));
  g_assert_false (okp_progress_store_get_solved (store, "login"));
  g_assert_null (okp_progress_store_get_note (store, "login", "amount"));
  g_assert_cmpint (okp_progress_store_get_updated (store, "login"), ==, 0);
}

/* After a recovery, work goes on: the next save makes a good file and the
 * one kept aside is left alone. */
static void
check_fresh_file_works (Fixture          *f,
                        OkpProgressStore *store)
{
  g_autoptr(OkpProgressStore) again = NULL;

  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  g_free (save_and_read (store));

  again = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "a"));
}

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  const BadFile *bad = data;
  gsize length = bad->length >= 0 ? (gsize) bad->length : strlen (bad->data);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *message = NULL;
  OkpStoreStatus status;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, bad->data, length);

  store = okp_store_fixture_store (f);
  status = okp_progress_store_load (store, &message);
  check_recovered (f, store, status, message, bad->reason);
  okp_test_assert_file (okp_progress_store_get_recovered_path (store), bad->data, length);

  check_fresh_file_works (f, store);
  okp_test_assert_file (okp_progress_store_get_recovered_path (store), bad->data, length);
}

static void
test_bad_file_deep (Fixture       *f,
                    gconstpointer  data)
{
  /* Enough nesting to overflow the stack of a recursive parser. */
  gsize depth = 200000;
  g_autoptr(GString) text = g_string_new ("{\"version\": 1, \"x\": ");
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *message = NULL;
  OkpStoreStatus status;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, text->str, text->len);

  store = okp_store_fixture_store (f);
  status = okp_progress_store_load (store, &message);
  check_recovered (f, store, status, message, "invalid-json");
  okp_test_assert_file (okp_progress_store_get_recovered_path (store), text->str, text->len);
}

static void
test_bad_file_moderate_nesting (Fixture       *f,
                                gconstpointer  data)
{
  /* Unknown members may nest; a few levels are fine and kept. */
  const char *text = "{\"version\": 1, \"x\": [[[[[[[[[[{\"y\": [[[]]]}]]]]]]]]]]}";
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, text, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
}

static void
test_escapes (Fixture       *f,
              gconstpointer  data)
{
  const char *text =
    "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": {\"error-message\": "
    "\"\\ud83d\\ude00 \\u00e9\\n\\/\\\"\\\\\\t\\u4e2d\"}}}}";
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);

  /* Escapes JSON allows are read as they mean. */
  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, text, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==,
                   "\xf0\x9f\x98\x80 \xc3\xa9\n/\"\\\t\xe4\xb8\xad");
}

static void
test_bad_file_too_large (Fixture       *f,
                         gconstpointer  data)
{
  /* Valid JSON, padded past the limit: only its size is wrong. */
  gsize length = 8 * 1024 * 1024 + 64;
  g_autofree char *text = g_malloc (length);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *message = NULL;
  const char *doc = "{\"version\": 1, \"checklists\": {}}";
  OkpStoreStatus status;

  memset (text, ' ', length);
  memcpy (text, doc, strlen (doc));
  text[length - 1] = '\n';

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, text, length);

  store = okp_store_fixture_store (f);
  status = okp_progress_store_load (store, &message);
  check_recovered (f, store, status, message, "too-large");
  okp_test_assert_file (okp_progress_store_get_recovered_path (store), text, length);
  check_fresh_file_works (f, store);
}

static void
test_bad_file_directory (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *inside = g_build_filename (f->path, "keep.txt", NULL);
  g_autofree char *moved_inside = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *message = NULL;
  OkpStoreStatus status;

  /* A folder where the file should be is moved aside whole. */
  g_assert_cmpint (g_mkdir_with_parents (f->path, 0700), ==, 0);
  okp_test_write_file (inside, "mine", -1);

  store = okp_store_fixture_store (f);
  status = okp_progress_store_load (store, &message);
  check_recovered (f, store, status, message, "unreadable");
  moved_inside = g_build_filename (okp_progress_store_get_recovered_path (store), "keep.txt", NULL);
  okp_test_assert_file (moved_inside, "mine", 4);
  check_fresh_file_works (f, store);
}

static void
test_bad_file_fifo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *message = NULL;
  OkpStoreStatus status;
  GStatBuf st;

  /* Opening a FIFO for reading blocks until a writer comes; the store
   * must not hang on one. */
  okp_store_fixture_mkdir (f);
  g_assert_cmpint (mkfifo (f->path, 0600), ==, 0);

  store = okp_store_fixture_store (f);
  status = okp_progress_store_load (store, &message);
  check_recovered (f, store, status, message, "unreadable");
  g_assert_cmpint (g_lstat (okp_progress_store_get_recovered_path (store), &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  check_fresh_file_works (f, store);
}

static void
test_bad_file_same_second (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(OkpProgressStore) first = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) second = okp_store_fixture_store (f);
  g_autofree char *first_path = NULL;

  /* Two recoveries within one second keep both files. */
  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, "one", -1);
  g_assert_cmpint (okp_progress_store_load (first, NULL), ==, OKP_STORE_STATUS_RECOVERED);
  first_path = g_strdup (okp_progress_store_get_recovered_path (first));

  okp_test_write_file (f->path, "two", -1);
  g_assert_cmpint (okp_progress_store_load (second, NULL), ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_cmpstr (okp_progress_store_get_recovered_path (second), !=, first_path);
  g_assert_true (g_str_has_suffix (okp_progress_store_get_recovered_path (second),
                                   FIXED_STAMP "-invalid-json-2"));
  okp_test_assert_file (first_path, "one", 3);
  okp_test_assert_file (okp_progress_store_get_recovered_path (second), "two", 3);
}

static void
test_unmovable (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  OkpStoreStatus status;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores the folder's permissions");
      return;
    }

  /* A bad file in a folder that cannot be written: it can be neither moved
   * nor overwritten, and must stay as it is until it can be moved. */
  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, "not json", -1);
  g_assert_cmpint (g_chmod (f->datadir, 0500), ==, 0);

  store = okp_store_fixture_store (f);
  status = okp_progress_store_load (store, &message);
  g_assert_cmpint (status, ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_null (okp_progress_store_get_recovered_path (store));
  g_assert_nonnull (message);

  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOT_MOVED);
  okp_test_assert_file (f->path, "not json", 8);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "a"));

  /* Once the folder is writable, the next save moves it first. */
  g_assert_cmpint (g_chmod (f->datadir, 0700), ==, 0);
  g_free (save_and_read (store));
  g_assert_nonnull (okp_progress_store_get_recovered_path (store));
  okp_test_assert_file (okp_progress_store_get_recovered_path (store), "not json", 8);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  const char *text = (const char *) data;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_auto(OkpSaveWatch) watch = { 0 };

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, text, -1);

  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, &message), ==, OKP_STORE_STATUS_READ_ONLY);
  g_assert_nonnull (message);
  g_assert_true (okp_progress_store_get_read_only (store));
  g_assert_cmpint (okp_progress_store_get_status (store), ==, OKP_STORE_STATUS_READ_ONLY);
  g_assert_null (okp_progress_store_get_recovered_path (store));

  /* Changes are kept in memory. */
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  okp_progress_store_set_note (store, "login", "error-message", "locked");
  okp_progress_store_set_solved (store, "login", TRUE);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==, "locked");

  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NEWER_VERSION);

  /* Nothing is scheduled either, and flushing and disposing write nothing. */
  okp_save_watch_connect (&watch, store);
  okp_progress_store_flush (store);
  okp_test_wait_for_count (&watch.failed, 1, 600);
  g_assert_cmpuint (watch.failed, ==, 0);
  g_assert_cmpuint (watch.saved, ==, 0);
  g_clear_object (&store);

  okp_test_assert_file (f->path, text, strlen (text));
  g_assert_cmpuint (count_dir_entries (f->datadir), ==, 1);
}

static const char newer_known_shape[] =
  "{\"version\": 2, \"checklists\": {\"login\": {\"steps\": {\"reset-password\": "
  "{\"done\": true, \"changed\": \"2026-11-26T10:00:00Z\", \"how\": \"email\"}}}}, "
  "\"profiles\": [1, 2.5, \"x\"]}";
static const char newer_other_shape[] =
  "{\"version\": 7, \"checklists\": [\"login\"]}";

static void
test_newer_version_shown (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, newer_known_shape, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_READ_ONLY);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "reset-password"));
  g_assert_cmpint (okp_progress_store_get_step_time (store, "login", "reset-password"), ==,
                   FIXED_NOW);
}

static const char unknown_doc[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"written-by\": {\"name\": \"OKPay Help\", \"release\": [1, 4, 0]},\n"
  "  \"checklists\": {\n"
  "    \"old-checklist\": {\"steps\": {\"gone\": {\"done\": true,\n"
  "                                \"changed\": \"2025-01-01T00:00:00Z\"}},\n"
  "                      \"notes\": {\"old-field\": \"kept\"}, \"colour\": \"blue\"},\n"
  "    \"login\": {\n"
  "      \"steps\": {\n"
  "        \"removed-step\": {\"done\": true, \"changed\": \"2025-02-03T04:05:06+08:00\"},\n"
  "        \"check-network\": {\"done\": false, \"skipped\": true, \"attempts\": [1, 2.5, null]}\n"
  "      },\n"
  "      \"priority\": 3,\n"
  "      \"notes\": {\"transaction-id\": \"TX-1\"}\n"
  "    }\n"
  "  },\n"
  "  \"extra\": null\n"
  "}\n";

static void
test_unknown_preserved (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(JsonNode) before = parse_string (unknown_doc);
  g_autoptr(JsonNode) after = NULL;
  static const char * const kept[][5] = {
    { "written-by", NULL },
    { "extra", NULL },
    { "checklists", "old-checklist", NULL },
    { "checklists", "login", "steps", "removed-step", NULL },
    { "checklists", "login", "steps", "check-network", "skipped" },
    { "checklists", "login", "steps", "check-network", "attempts" },
    { "checklists", "login", "priority", NULL },
    { "checklists", "login", "notes", "transaction-id", NULL },
  };

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, unknown_doc, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  /* Unknown ids are readable like any other. */
  g_assert_true (okp_progress_store_get_step_done (store, "old-checklist", "gone"));
  g_assert_true (okp_progress_store_get_step_done (store, "login", "removed-step"));
  g_assert_cmpint (okp_progress_store_get_step_time (store, "login", "removed-step"), ==,
                   1738526706);

  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  okp_progress_store_set_step_done (store, "login", "reset-password", TRUE);
  okp_progress_store_set_note (store, "login", "amount", "12");
  okp_progress_store_set_solved (store, "withdrawal", TRUE);
  g_free (save_and_read (store));

  after = parse_file (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      const char * const *names = kept[i];
      JsonNode *a = lookup (before, names[0], names[1], names[2], names[3], names[4], NULL);
      JsonNode *b = lookup (after, names[0], names[1], names[2], names[3], names[4], NULL);

      g_test_message ("checking %s/%s/%s/%s/%s", kept[i][0], kept[i][1], kept[i][2],
                      kept[i][3], kept[i][4]);
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      g_assert_true (json_node_equal (a, b));
    }

  g_assert_true (json_node_get_boolean (lookup (after, "checklists", "login", "steps",
                                                "check-network", "done", NULL)));
  g_assert_true (json_node_get_boolean (lookup (after, "checklists", "withdrawal", "solved",
                                                NULL)));
}

static void
test_dir_replaced_by_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpProgressStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (f->datadir);
  g_auto(OkpSaveWatch) watch = { 0 };

  /* The application's folder is a file: this fails even for root. */
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  okp_test_write_file (f->datadir, "not a folder", -1);

  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_NEW);
  okp_save_watch_connect (&watch, store);

  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "a"));
  g_assert_true (okp_progress_store_get_dirty (store));

  /* The scheduled save reports the failure, naming the folder... */
  okp_progress_store_set_step_done (store, "login", "b", TRUE);
  g_assert_true (okp_test_wait_for_count (&watch.failed, 1, 10000));
  g_assert_error (watch.error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_nonnull (strstr (watch.error->message, f->datadir));
  g_assert_cmpuint (watch.saved, ==, 0);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "a"));
  g_assert_true (okp_progress_store_get_step_done (store, "login", "b"));
  g_assert_true (okp_progress_store_get_dirty (store));

  /* ...and once the folder is a folder again, the retry saves and says so. */
  g_assert_cmpint (g_unlink (f->datadir), ==, 0);
  g_assert_true (okp_test_wait_for_count (&watch.saved, 1, 10000));
  g_assert_cmpuint (watch.failed, ==, 1);
  g_assert_false (okp_progress_store_get_dirty (store));

  again = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "a"));
  g_assert_true (okp_progress_store_get_step_done (again, "login", "b"));
}

static void
test_read_only_dir (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores the folder's permissions");
      return;
    }

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, VALID_DOC, -1);
  g_assert_cmpint (g_chmod (f->datadir, 0500), ==, 0);

  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  okp_test_assert_file (f->path, VALID_DOC, strlen (VALID_DOC));

  g_assert_cmpint (g_chmod (f->datadir, 0700), ==, 0);
}

static void
test_symlink (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "elsewhere.json", NULL);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (elsewhere, VALID_DOC, -1);
  g_assert_cmpint (symlink (elsewhere, f->path), ==, 0);

  /* Read through the link, never written through it nor replaced. */
  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "reset-password"));
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_SYMLINK);
  g_assert_true (okp_progress_store_get_step_done (store, "login", "check-network"));
  g_clear_object (&store);

  okp_test_assert_file (elsewhere, VALID_DOC, strlen (VALID_DOC));
  target = g_file_read_link (f->path, NULL);
  g_assert_cmpstr (target, ==, elsewhere);
}

static void
test_symlink_dangling (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "not-there.json", NULL);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;

  okp_store_fixture_mkdir (f);
  g_assert_cmpint (symlink (elsewhere, f->path), ==, 0);

  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_NEW);
  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_SYMLINK);
  g_clear_object (&store);

  g_assert_false (g_file_test (elsewhere, G_FILE_TEST_EXISTS));
}

static void
test_symlink_to_bad_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "precious.txt", NULL);
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *message = NULL;
  g_autofree char *target = NULL;
  GStatBuf st;

  /* The link itself is moved aside; what it points to is not touched. */
  okp_store_fixture_mkdir (f);
  okp_test_write_file (elsewhere, "precious", -1);
  g_assert_cmpint (symlink (elsewhere, f->path), ==, 0);

  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, &message), ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_cmpint (g_lstat (okp_progress_store_get_recovered_path (store), &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  target = g_file_read_link (okp_progress_store_get_recovered_path (store), NULL);
  g_assert_cmpstr (target, ==, elsewhere);

  check_fresh_file_works (f, store);
  g_assert_cmpint (g_lstat (f->path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  okp_test_assert_file (elsewhere, "precious", 8);
}

static void
count_cb (OkpProgressStore *store,
          const char       *checklist_id,
          gpointer          user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_reset_restore (Fixture       *f,
                    gconstpointer  data)
{
  const char * const steps[] = { "reset-password", "check-network", "removed-step", NULL };
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressSnapshot) snapshot = NULL;
  g_autoptr(OkpProgressSnapshot) nothing = NULL;
  g_autofree char *before = NULL;
  g_autofree char *reset = NULL;
  g_autofree char *restored = NULL;
  guint changes = 0;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, unknown_doc, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  okp_progress_store_set_step_done (store, "login", "reset-password", TRUE);
  okp_progress_store_set_solved (store, "login", TRUE);
  f->now += 3600;
  before = save_and_read (store);
  g_assert_cmpuint (okp_progress_store_count_done (store, "login", steps), ==, 2);

  g_signal_connect (store, "changed::login", G_CALLBACK (count_cb), &changes);
  snapshot = okp_progress_store_reset_checklist (store, "login");
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (okp_progress_store_count_done (store, "login", steps), ==, 0);
  g_assert_false (okp_progress_store_get_solved (store, "login"));
  g_assert_null (okp_progress_store_get_note (store, "login", "transaction-id"));
  g_assert_cmpint (okp_progress_store_get_started (store, "login"), ==, 0);
  g_assert_cmpint (okp_progress_store_get_updated (store, "login"), ==, FIXED_NOW + 3600);
  /* Other checklists are not touched. */
  g_assert_true (okp_progress_store_get_step_done (store, "old-checklist", "gone"));

  /* Changes after the reset must not leak into the snapshot. */
  f->now += 60;
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  okp_progress_store_set_note (store, "login", "transaction-id", "TX-2");
  reset = save_and_read (store);
  g_assert_cmpstr (reset, !=, before);

  okp_progress_store_restore_checklist (store, snapshot);
  restored = save_and_read (store);
  g_assert_cmpstr (restored, ==, before);
  g_assert_cmpuint (okp_progress_store_count_done (store, "login", steps), ==, 2);
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "transaction-id"), ==, "TX-1");

  /* Restoring twice gives the same. */
  okp_progress_store_restore_checklist (store, snapshot);
  g_free (restored);
  restored = save_and_read (store);
  g_assert_cmpstr (restored, ==, before);

  /* A checklist never touched: reset is no change, and undoing it after
   * changes takes them away again. */
  changes = 0;
  nothing = okp_progress_store_reset_checklist (store, "funds-delayed");
  g_assert_nonnull (nothing);
  okp_progress_store_set_step_done (store, "funds-delayed", "check-status", TRUE);
  okp_progress_store_restore_checklist (store, nothing);
  g_assert_false (okp_progress_store_get_step_done (store, "funds-delayed", "check-status"));
  g_free (restored);
  restored = save_and_read (store);
  g_assert_cmpstr (restored, ==, before);
  g_assert_cmpuint (changes, ==, 0);
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  guint all = 0;
  guint login = 0;

  okp_progress_store_load (store, NULL);
  g_signal_connect (store, "changed", G_CALLBACK (count_cb), &all);
  g_signal_connect (store, "changed::login", G_CALLBACK (count_cb), &login);

  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  okp_progress_store_set_step_done (store, "withdrawal", "a", TRUE);
  okp_progress_store_set_note (store, "login", "amount", "5");
  okp_progress_store_set_note (store, "login", "amount", "5");
  okp_progress_store_set_solved (store, "login", TRUE);
  okp_progress_store_set_solved (store, "login", TRUE);
  okp_progress_store_set_note (store, "login", "amount", NULL);

  g_assert_cmpuint (all, ==, 5);
  g_assert_cmpuint (login, ==, 4);
}

static gint64
out_of_range_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_times (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) again = NULL;
  gint64 odd_now;

  okp_progress_store_load (store, NULL);
  okp_progress_store_set_note (store, "login", "amount", "5");
  f->now += 10;
  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  f->now += 10;
  okp_progress_store_set_step_done (store, "login", "b", TRUE);
  g_assert_cmpint (okp_progress_store_get_started (store, "login"), ==, FIXED_NOW);
  g_assert_cmpint (okp_progress_store_get_updated (store, "login"), ==, FIXED_NOW + 20);
  g_assert_cmpint (okp_progress_store_get_step_time (store, "login", "a"), ==, FIXED_NOW + 10);
  f->now += 10;
  okp_progress_store_set_step_done (store, "login", "a", FALSE);
  g_assert_cmpint (okp_progress_store_get_step_time (store, "login", "a"), ==, FIXED_NOW + 30);

  /* A clock far outside what ISO 8601 years hold still gives a file that
   * reads back. */
  odd_now = G_MININT64;
  okp_progress_store_set_clock (store, out_of_range_clock, &odd_now);
  okp_progress_store_set_step_done (store, "login", "c", TRUE);
  g_assert_cmpint (okp_progress_store_get_step_time (store, "login", "c"), ==, 0);
  odd_now = G_MAXINT64;
  okp_progress_store_set_step_done (store, "login", "d", TRUE);
  g_assert_cmpint (okp_progress_store_get_step_time (store, "login", "d"), ==,
                   G_GINT64_CONSTANT (253402214400));
  g_free (save_and_read (store));

  again = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_cmpint (okp_progress_store_get_step_time (again, "login", "d"), ==,
                   G_GINT64_CONSTANT (253402214400));
}

static void
test_scheduled_save (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) again = NULL;

  okp_progress_store_load (store, NULL);

  /* Several quick changes, as ticking boxes makes them. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *step = g_strdup_printf ("step-%u", i);

      okp_progress_store_set_step_done (store, "login", step, TRUE);
    }
  g_assert_true (okp_progress_store_get_dirty (store));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  /* The promise is "on disk within one second": run the main loop for one
   * second and look. */
  okp_test_run_for (1000);

  g_assert_false (okp_progress_store_get_dirty (store));
  again = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *step = g_strdup_printf ("step-%u", i);

      g_assert_true (okp_progress_store_get_step_done (again, "login", step));
    }
}

static void
test_flush (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) again = okp_store_fixture_store (f);
  GStatBuf st;

  okp_progress_store_load (store, NULL);

  /* Nothing pending: nothing written. */
  okp_progress_store_flush (store);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  okp_progress_store_set_step_done (store, "login", "a", TRUE);
  okp_progress_store_flush (store);
  g_assert_false (okp_progress_store_get_dirty (store));
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "a"));

  /* A change left unsaved is written when the store goes away. */
  okp_progress_store_set_step_done (store, "login", "b", TRUE);
  g_assert_true (okp_progress_store_get_dirty (store));
  g_clear_object (&store);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "b"));
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
}

static void
test_stale_temp_files (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *old_temp = g_build_filename (f->datadir, ".progress.json.okp-tmp-Ab3xZ9", NULL);
  g_autofree char *new_temp = g_build_filename (f->datadir, ".progress.json.okp-tmp-Qw7Er2", NULL);
  g_autofree char *broken = g_build_filename (f->datadir,
                                              "progress.json.broken-20250101-000000-invalid-json",
                                              NULL);
  g_autofree char *other = g_build_filename (f->datadir, "notes.txt.Ab3xZ9", NULL);
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  struct utimbuf times = { .actime = 1000000000, .modtime = 1000000000 };

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, VALID_DOC, -1);
  okp_test_write_file (old_temp, "{\"version\": 1, \"chec", -1);
  okp_test_write_file (new_temp, "{\"version\": 1, \"chec", -1);
  okp_test_write_file (broken, "x", -1);
  okp_test_write_file (other, "x", -1);
  g_assert_cmpint (g_utime (old_temp, &times), ==, 0);
  g_assert_cmpint (g_utime (broken, &times), ==, 0);
  g_assert_cmpint (g_utime (other, &times), ==, 0);

  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_false (g_file_test (old_temp, G_FILE_TEST_EXISTS));
  /* One that may still be being written by another process stays. */
  g_assert_true (g_file_test (new_temp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (broken, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  okp_test_assert_file (f->path, VALID_DOC, strlen (VALID_DOC));
}

/* A write that fails halfway, as on a full disk: RLIMIT_FSIZE makes write()
 * fail with EFBIG beyond the limit, for root too. Run in a subprocess so
 * the limit does not touch the test's own output. */
static void
test_partial_write (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_note = NULL;
  struct rlimit old_limit;
  struct rlimit limit;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, VALID_DOC, -1);
  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  long_note = g_strnfill (4096, 'x');
  okp_progress_store_set_note (store, "login", "error-message", long_note);

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_assert_false (okp_progress_store_save (store, &error));
  /* EFBIG has no GFileError code of its own. */
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);

  /* The old file is whole, no half-written file is left, the note is
   * still in memory and the next save works. */
  okp_test_assert_file (f->path, VALID_DOC, strlen (VALID_DOC));
  g_assert_cmpuint (count_dir_entries (f->datadir), ==, 1);
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==, long_note);
  g_free (save_and_read (store));
  g_clear_object (&store);

  store = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==, long_note);
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autofree char *path = NULL;
  OkpStoreStatus status;
  gboolean read_only;
  guint notified = 0;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, newer_other_shape, -1);
  g_signal_connect (store, "notify::status", G_CALLBACK (notify_count_cb), &notified);
  g_signal_connect (store, "notify::read-only", G_CALLBACK (notify_count_cb), &notified);

  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_READ_ONLY);
  g_object_get (store, "path", &path, "status", &status, "read-only", &read_only, NULL);
  g_assert_cmpstr (path, ==, f->path);
  g_assert_cmpint (status, ==, OKP_STORE_STATUS_READ_ONLY);
  g_assert_true (read_only);
  g_assert_cmpuint (notified, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  okp_test_init (&argc, &argv, "C.UTF-8");

#define ADD(name, func, data) \
  g_test_add ("/okp/progress-store/" name, Fixture, data, okp_store_fixture_setup, func, \
              okp_store_fixture_teardown)

  g_test_add_func ("/okp/progress-store/default-path", test_default_path);
  ADD ("new", test_new, NULL);
  ADD ("round-trip", test_round_trip, NULL);
  ADD ("modes", test_modes, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/okp/progress-store/bad-file/%s",
                                               bad_files[i].name);

      g_test_add (name, Fixture, &bad_files[i], okp_store_fixture_setup, test_bad_file, okp_store_fixture_teardown);
    }
  ADD ("bad-file/deeply-nested", test_bad_file_deep, NULL);
  ADD ("bad-file/moderately-nested-is-fine", test_bad_file_moderate_nesting, NULL);
  ADD ("bad-file/too-large", test_bad_file_too_large, NULL);
  ADD ("escapes", test_escapes, NULL);
  ADD ("bad-file/directory", test_bad_file_directory, NULL);
  ADD ("bad-file/fifo", test_bad_file_fifo, NULL);
  ADD ("bad-file/same-second", test_bad_file_same_second, NULL);
  ADD ("bad-file/not-movable", test_unmovable, NULL);

  ADD ("newer-version/known-shape", test_newer_version, newer_known_shape);
  ADD ("newer-version/other-shape", test_newer_version, newer_other_shape);
  ADD ("newer-version/shown", test_newer_version_shown, NULL);
  ADD ("unknown-preserved", test_unknown_preserved, NULL);

  ADD ("unwritable/directory-replaced-by-file", test_dir_replaced_by_file, NULL);
  ADD ("unwritable/read-only-directory", test_read_only_dir, NULL);
  ADD ("unwritable/partial-write", test_partial_write, NULL);
  ADD ("symlink/not-written-through", test_symlink, NULL);
  ADD ("symlink/dangling", test_symlink_dangling, NULL);
  ADD ("symlink/to-bad-file", test_symlink_to_bad_file, NULL);

  ADD ("reset-restore", test_reset_restore, NULL);
  ADD ("changed-signal", test_changed_signal, NULL);
  ADD ("times", test_times, NULL);
  ADD ("scheduled-save", test_scheduled_save, NULL);
  ADD ("flush", test_flush, NULL);
  ADD ("stale-temp-files", test_stale_temp_files, NULL);
  ADD ("properties", test_properties, NULL);

#undef ADD

  return g_test_run ();
}
