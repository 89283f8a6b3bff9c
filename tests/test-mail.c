/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mail"

#include "config.h"

#include "okp-channel-uri.h"
#include "okp-checklist-printer.h"
#include "okp-content.h"
#include "okp-mail.h"

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Sending a case by email through the Email portal, against a recording
 * stand-in for the portal (tests/mail-portal-recorder.py) on a private
 * session bus: what the portal receives is what the application meant to
 * send, attachments byte for byte, in English and in Chinese; and without
 * the portal the application knows it has none.
 *
 * Every wait has a bound: a wait that runs out fails the test with what
 * it waited for, and is never counted as a pass.
 */

#define WAIT_BOUND_SECONDS 60

static GTestDBus *test_bus;

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
  GAsyncResult *result;
  gboolean done;
} Wait;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static gboolean
bound_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done is TRUE or the bound runs out. */
static void
run_until (gboolean   *done,
           const char *what)
{
  gboolean timed_out = FALSE;
  guint bound = g_timeout_add_seconds (WAIT_BOUND_SECONDS, bound_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No end after %d s waiting for %s", WAIT_BOUND_SECONDS, what);
  g_source_remove (bound);
}

static gboolean
probe (guint *version)
{
  Wait wait = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean available;

  okp_mail_portal_available_async (NULL, got_result_cb, &wait);
  run_until (&wait.done, "the portal check");
  available = okp_mail_portal_available_finish (wait.result, version, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return available;
}

static gboolean
compose (const char    *to,
         const char    *subject,
         const char    *body,
         GFile * const *attachments,
         GError       **error)
{
  Wait wait = { 0 };
  gboolean sent;

  okp_mail_compose_async ("x11:2a", to, subject, body, attachments, NULL, got_result_cb, &wait);
  run_until (&wait.done, "the portal's response");
  sent = okp_mail_compose_finish (wait.result, error);
  g_object_unref (wait.result);
  return sent;
}

/* The recording portal, started on the private bus. */
typedef struct {
  GSubprocess *process;
  char *folder;
  char *record;
  char *response_file;
  gboolean ended;   /* before it was on the bus */
  guint check;
} Recorder;

static void
name_appeared_cb (GDBusConnection *bus,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
name_vanished_cb (GDBusConnection *bus,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Ends the wait for the name too: a recorder that died never owns it. */
static gboolean
recorder_check_cb (gpointer user_data)
{
  Recorder *recorder = user_data;

  if (g_subprocess_get_identifier (recorder->process) != NULL)
    return G_SOURCE_CONTINUE;
  recorder->ended = TRUE;
  recorder->check = 0;
  return G_SOURCE_REMOVE;
}

static Recorder *
recorder_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "mail-portal-recorder.py", NULL);
  const char *python = g_getenv ("OKP_PYTHON") != NULL ? g_getenv ("OKP_PYTHON") : "/usr/bin/python3";
  Recorder *recorder = g_new0 (Recorder, 1);
  gboolean appeared = FALSE;
  gboolean timed_out = FALSE;
  guint bound;
  guint watch;

  recorder->folder = g_dir_make_tmp ("okp-test-mail-XXXXXX", &error);
  g_assert_no_error (error);
  recorder->record = g_build_filename (recorder->folder, "record.json", NULL);
  recorder->response_file = g_build_filename (recorder->folder, "response", NULL);
  recorder->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                        python, script, "--record", recorder->record,
                                        "--response-file", recorder->response_file, NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.portal.Desktop",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb, NULL,
                            &appeared, NULL);
  recorder->check = g_timeout_add (100, recorder_check_cb, recorder);
  bound = g_timeout_add_seconds (WAIT_BOUND_SECONDS, bound_cb, &timed_out);
  while (!appeared && !recorder->ended && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No end after %d s waiting for the recording portal on the bus",
             WAIT_BOUND_SECONDS);
  g_source_remove (bound);
  g_clear_handle_id (&recorder->check, g_source_remove);
  g_bus_unwatch_name (watch);
  if (recorder->ended)
    g_error ("The recording portal (%s %s) ended before it was on the bus: "
             "it needs Python 3 with the dbus module", python, script);
  return recorder;
}

static void
recorder_stop (Recorder *recorder)
{
  g_autoptr(GError) error = NULL;
  gboolean vanished = FALSE;
  guint watch;

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.portal.Desktop",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, name_vanished_cb,
                            &vanished, NULL);
  g_subprocess_send_signal (recorder->process, SIGTERM);
  g_subprocess_wait (recorder->process, NULL, &error);
  g_assert_no_error (error);
  run_until (&vanished, "the recording portal to leave the bus");
  g_bus_unwatch_name (watch);

  g_unlink (recorder->record);
  g_unlink (recorder->response_file);
  g_rmdir (recorder->folder);
  g_object_unref (recorder->process);
  g_free (recorder->folder);
  g_free (recorder->record);
  g_free (recorder->response_file);
  g_free (recorder);
}

/* What the portal received, one object a call. */
static JsonArray *
recorded (Recorder   *recorder,
          JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_test (recorder->record, G_FILE_TEST_EXISTS))
    return NULL;
  json_parser_load_from_file (parser, recorder->record, &error);
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static char *
write_png (const char *folder)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 48);
  cairo_t *cr = cairo_create (surface);
  char *path = g_build_filename (folder, "screenshot.png", NULL);

  /* Not a blank picture: a corrupted copy must not compare equal. */
  for (int i = 0; i < 64; i++)
    {
      cairo_set_source_rgb (cr, i / 64.0, 1.0 - i / 64.0, (i % 7) / 7.0);
      cairo_rectangle (cr, i, 0, 1, 48);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
assert_attachment (JsonObject *entry,
                   guint       index,
                   GFile      *file)
{
  JsonArray *attachments = json_object_get_array_member (entry, "attachments");
  JsonObject *attachment = json_array_get_object_element (attachments, index);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *expected = NULL;
  g_autofree guchar *received = NULL;
  gsize expected_length = 0;
  gsize received_length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (json_object_get_string_member (attachment, "name"), ==, name);
  g_file_get_contents (path, &expected, &expected_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected_length, >, 0);
  received = g_base64_decode (json_object_get_string_member (attachment, "base64"),
                              &received_length);
  g_assert_cmpmem (received, received_length, expected, expected_length);
}

/* ---- tests ---------------------------------------------------------------- */

/* Without the portal, the application says there is none, and composing
 * says why, so the caller falls back to a mailto: URI. */
static void
test_no_portal (void)
{
  g_autoptr(GError) error = NULL;
  guint version = 99;

  g_assert_false (probe (&version));
  g_assert_cmpuint (version, ==, 0);

  g_assert_false (compose ("help@example.com", "Case", "Body", NULL, &error));
  g_assert_error (error, OKP_MAIL_ERROR, OKP_MAIL_ERROR_NO_PORTAL);
}

typedef struct {
  const char *name;
  const char *subject;
  const char *summary;
  guint repeat;         /* the note is repeated to make a long case */
} CaseText;

static const CaseText cases[] = {
  { "en", "Failed transaction – case for support",
    "Problem: Failed transaction\nProgress: 2 of 6 steps done\n\n"
    "Transaction ID: TX-2024-0042\nError text: “Payment declined (E51)”\n", 1 },
  { "zh", "交易失败——提交给客服的问题",
    "问题：交易失败\n进度：已完成 2/6 步\n\n交易编号：TX-2024-0042\n错误提示：“支付被拒绝（E51）”\n", 1 },
  { "en-long", "Withdrawal blocked",
    "Notes: the withdrawal of 120.00 was refused twice, see the receipt. ", 300 },
  { "zh-long", "提现受阻",
    "备注：提现 120.00 元两次被拒，请看收据截图。", 700 },
};

/* In both languages, a short case and a long one: the checklist PDF and a
 * screenshot reach the portal byte for byte, and a long summary goes along
 * whole as case-summary.txt while the body keeps its start. */
static void
test_portal_attachments (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = okp_content_load_guide (&error);
  g_autofree char *outside = NULL;
  g_autofree char *png_path = NULL;
  Recorder *recorder;
  guint version = 0;

  g_assert_no_error (error);
  outside = g_dir_make_tmp ("okp-test-mail-files-XXXXXX", &error);
  g_assert_no_error (error);
  png_path = write_png (outside);

  recorder = recorder_start ();
  g_assert_true (probe (&version));
  g_assert_cmpuint (version, ==, 4);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OkpMailFiles) files = okp_mail_files_new (&error);
      g_autoptr(OkpChecklistPrinter) printer = NULL;
      g_autoptr(GFile) pdf = NULL;
      g_autoptr(GFile) png = g_file_new_for_path (png_path);
      g_autoptr(GFile) summary_file = NULL;
      g_autoptr(GString) built = g_string_new (NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *body = NULL;
      g_autofree char *folder = NULL;
      GFile *attachments[4] = { NULL, };
      OkpCaseRest rest = OKP_CASE_REST_NONE;
      JsonArray *entries;
      JsonObject *entry;
      guint n = 0;

      g_test_message ("case %s", cases[i].name);
      g_assert_no_error (error);
      for (guint r = 0; r < cases[i].repeat; r++)
        g_string_append (built, cases[i].summary);

      printer = okp_checklist_printer_new (guide, NULL, NULL,
                                           (const char * const[]) { "transaction-failed", NULL });
      pdf = okp_mail_files_add_checklist_pdf (files, printer, "checklist.pdf", &error);
      g_assert_no_error (error);
      attachments[n++] = pdf;
      attachments[n++] = png;

      body = okp_mail_case_body ("help@example.com", cases[i].subject, built->str, TRUE,
                                 &rest, NULL, &error);
      g_assert_no_error (error);
      if (cases[i].repeat > 1)
        {
          g_assert_cmpint (rest, ==, OKP_CASE_REST_ATTACHMENT);
          summary_file = okp_mail_files_add_text (files, OKP_CASE_SUMMARY_FILENAME, built->str,
                                                  &error);
          g_assert_no_error (error);
          attachments[n++] = summary_file;
          g_assert_true (g_str_has_prefix (built->str, "Notes") || g_str_has_prefix (built->str, "备注"));
          g_assert_cmpuint (strlen (body), <, built->len);
        }
      else
        {
          g_assert_cmpint (rest, ==, OKP_CASE_REST_NONE);
          g_assert_cmpstr (body, ==, built->str);
        }

      g_assert_true (compose ("help@example.com", cases[i].subject, body, attachments, &error));
      g_assert_no_error (error);

      entries = recorded (recorder, parser);
      g_assert_nonnull (entries);
      g_assert_cmpuint (json_array_get_length (entries), ==, i + 1);
      entry = json_array_get_object_element (entries, i);
      g_assert_cmpstr (json_object_get_string_member (entry, "parent_window"), ==, "x11:2a");
      g_assert_cmpstr (json_object_get_string_member (entry, "address"), ==, "help@example.com");
      g_assert_cmpstr (json_object_get_string_member (entry, "subject"), ==, cases[i].subject);
      g_assert_cmpstr (json_object_get_string_member (entry, "body"), ==, body);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "attachments")),
                        ==, n);
      for (guint a = 0; a < n; a++)
        assert_attachment (entry, a, attachments[a]);

      /* The files written for the email go with their folder. */
      folder = g_file_get_path (okp_mail_files_get_folder (files));
      g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
      g_clear_pointer (&files, okp_mail_files_free);
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    }

  recorder_stop (recorder);
  g_unlink (png_path);
  g_rmdir (outside);
}

/* The user closing the portal's dialog, or the portal failing, is told
 * apart from success; a file that cannot be opened stops the email before
 * anything reaches the portal. */
static void
test_portal_refusals (void)
{
  static const struct {
    const char *response;
    int code;
  } answers[] = {
    { "1", OKP_MAIL_ERROR_DISMISSED },
    { "2", OKP_MAIL_ERROR_FAILED },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/receipt.png");
  GFile *attachments[] = { missing, NULL };
  Recorder *recorder = recorder_start ();
  JsonArray *entries;

  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (recorder->response_file, answers[i].response, -1, NULL));
      g_assert_false (compose (NULL, "主题", "正文", NULL, &error));
      g_assert_error (error, OKP_MAIL_ERROR, answers[i].code);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (compose (NULL, "Case", "Body", attachments, &error));
    g_assert_error (error, OKP_MAIL_ERROR, OKP_MAIL_ERROR_ATTACHMENT);
    g_assert_nonnull (strstr (error->message, "receipt.png"));
  }

  /* Two calls reached the portal: the refused attachment did not. */
  entries = recorded (recorder, parser);
  g_assert_nonnull (entries);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  recorder_stop (recorder);
}

static gboolean
recorded_count_is (Recorder *recorder,
                   guint     count)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *entries = recorded (recorder, parser);

  return entries != NULL && json_array_get_length (entries) == count;
}

static gboolean
poll_record_cb (gpointer user_data)
{
  gpointer *poll = user_data;

  if (recorded_count_is (poll[0], GPOINTER_TO_UINT (poll[1])))
    {
      *(gboolean *) poll[2] = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Waits until the record has @count entries. */
static void
wait_recorded (Recorder *recorder,
               guint     count)
{
  gboolean done = FALSE;
  gpointer poll[] = { recorder, GUINT_TO_POINTER (count), &done };

  /* The poll ends itself once the record is there. */
  g_timeout_add (50, poll_record_cb, poll);
  run_until (&done, "the recording portal's record");
}

/* Cancelling while the user has not decided closes the portal's request
 * and ends the call as cancelled. */
static void
test_portal_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Recorder *recorder = recorder_start ();
  Wait wait = { 0 };
  JsonArray *entries;
  JsonObject *closed;

  g_assert_true (g_file_set_contents (recorder->response_file, "none", -1, NULL));
  okp_mail_compose_async (NULL, "help@example.com", "Case", "Body", NULL, cancellable,
                          got_result_cb, &wait);
  wait_recorded (recorder, 1);
  g_assert_false (wait.done);

  g_cancellable_cancel (cancellable);
  run_until (&wait.done, "the cancelled call to end");
  g_assert_false (okp_mail_compose_finish (wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (wait.result);

  wait_recorded (recorder, 2);
  entries = recorded (recorder, parser);
  closed = json_array_get_object_element (entries, 1);
  g_assert_true (json_object_has_member (closed, "closed"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (closed, "closed"),
                                   "/org/freedesktop/portal/desktop/request/"));
  recorder_stop (recorder);
}

/* The folder is private, refuses names that would leave it, and keeps
 * what it did not write. */
static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpMailFiles) files = okp_mail_files_new (&error);
  g_autofree char *folder = NULL;
  g_autofree char *foreign = NULL;
  g_autoptr(GFile) text = NULL;
  static const char *bad_names[] = { "", ".", "..", "../escape.txt", "a/b.txt" };
  GStatBuf st;

  g_assert_no_error (error);
  folder = g_file_get_path (okp_mail_files_get_folder (files));
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_autoptr(GError) name_error = NULL;
      g_autoptr(GFile) file = okp_mail_files_add_text (files, bad_names[i], "x", &name_error);

      g_assert_null (file);
      g_assert_error (name_error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    }

  text = okp_mail_files_add_text (files, OKP_CASE_SUMMARY_FILENAME, "摘要", &error);
  g_assert_no_error (error);
  foreign = g_build_filename (folder, "kept.txt", NULL);
  g_assert_true (g_file_set_contents (foreign, "x", -1, NULL));

  g_clear_pointer (&files, okp_mail_files_free);
  g_assert_false (g_file_query_exists (text, NULL));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));
  g_unlink (foreign);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  /* The files for an email go to the user's cache folder: a private one
   * here. */
  cache = g_dir_make_tmp ("okp-test-mail-cache-XXXXXX", NULL);
  g_assert_nonnull (cache);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  /* A private session bus with no services on it but the ones the tests
   * start, so the desktop's own portal cannot answer. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);

  g_test_add_func ("/okp/mail/no-portal", test_no_portal);
  g_test_add_func ("/okp/mail/portal-attachments", test_portal_attachments);
  g_test_add_func ("/okp/mail/portal-refusals", test_portal_refusals);
  g_test_add_func ("/okp/mail/portal-cancel", test_portal_cancel);
  g_test_add_func ("/okp/mail/files", test_files);

  status = g_test_run ();

  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);
  {
    g_autofree char *app = g_build_filename (cache, APP_ID, NULL);

    g_rmdir (app);
    g_rmdir (cache);
  }
  return status;
}
