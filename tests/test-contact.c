/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-contact"

#include "config.h"

#include "okp-channel-uri.h"
#include "okp-launcher.h"
#include "okp-content.h"
#include "okp-preferences-page.h"
#include "okp-resources.h"

#include <locale.h>

/* What the contact dialog relies on without a display: which URIs the
 * launcher lets out, and which endpoints the buttons use. */

static void
test_launcher_accepts_built (void)
{
  const struct {
    const char *to;
    const char *subject;
    const char *body;
  } mails[] = {
    { "support@example.com", "OKPay support request: Login problems", "Problem: x\nSteps done:\n- y\n" },
    { NULL, "问题：登录问题", "已完成的步骤：\r\n- 重置密码（2026-05-03 14:20 UTC+08:00）" },
    { "", "& ? # % + = /", "a & b ? c # d % e + f = g\rh" },
  };
  const char *numbers[] = { "+86 400 000 0000", "(555) 010-0100", "+1.555.0100" };
  const char *urls[] = { "https://chat.example.com/help", "https://www.example.com/a?b=c#d" };

  for (guint i = 0; i < G_N_ELEMENTS (mails); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = okp_uri_build_mailto (mails[i].to, mails[i].subject, mails[i].body,
                                                   &error);

      g_assert_no_error (error);
      g_assert_true (okp_launcher_check_uri (uri, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = okp_uri_build_tel (numbers[i], &error);

      g_assert_no_error (error);
      g_assert_true (okp_launcher_check_uri (uri, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = okp_uri_build_https (urls[i], &error);

      g_assert_no_error (error);
      g_assert_true (okp_launcher_check_uri (uri, &error));
      g_assert_no_error (error);
    }
}

static const char *refused_uris[] = {
  "",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "data:text/html,<script>alert(1)</script>",
  "http://chat.example.com/",
  "ftp://example.com/",
  "sms:+15550100",
  "mailto:support@example.com?bcc=someone@example.com",
  "mailto:support@example.com?cc=someone@example.com&subject=x",
  "mailto:support@example.com%0ABcc:%20someone@example.com",
  "mailto:support@example.com?subject=x%0D%0ABcc:%20someone@example.com",
  "mailto:support@example.com,someone@example.com",
  "mailto:not an address",
  "tel:+1555CALLNOW",
  "tel:+15550100;phone-context=example.com",
  "https://user:secret@example.com/",
  "https://",
  "https://example.com/a b",
};

static void
test_launcher_refuses (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused_uris); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", refused_uris[i]);
      g_assert_false (okp_launcher_check_uri (refused_uris[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (okp_launcher_open_finish (result, error));
}

/* A refused URI never reaches GTK: the request fails, through the usual
 * callback, so the dialog can tell the user. */
static void
test_launcher_open_refused (void)
{
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("okp-launcher", G_LOG_LEVEL_WARNING, "Refusing to open javascript:*");
  okp_launcher_open_async (NULL, "javascript:alert(1)", NULL, open_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_assert_expected_messages ();

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* The effective endpoints: a value set in Preferences wins, an empty one
 * falls back to the build default, an invalid one (written around the
 * Preferences window) is never used. */
static void
test_effective_endpoints (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OkpEndpoints) defaults = okp_content_dup_default_endpoints ();
  g_autoptr(OkpEndpoints) none = NULL;
  g_autoptr(OkpEndpoints) set = NULL;
  g_autoptr(OkpEndpoints) bad = NULL;
  const char * const *keys = okp_endpoints_get_keys ();

  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  none = okp_content_dup_endpoints (settings);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (okp_endpoints_get (none, keys[i]), ==, okp_endpoints_get (defaults, keys[i]));

  g_settings_set_string (settings, "email", "help@example.com");
  g_settings_set_string (settings, "phone", "+86 400 000 0000");
  g_settings_set_string (settings, "chat-url", "https://chat.example.com/help");
  set = okp_content_dup_endpoints (settings);
  g_assert_cmpstr (set->email, ==, "help@example.com");
  g_assert_cmpstr (set->phone, ==, "+86 400 000 0000");
  g_assert_cmpstr (set->chat_url, ==, "https://chat.example.com/help");
  g_assert_cmpstr (set->twitter_url, ==, defaults->twitter_url);

  g_settings_set_string (settings, "chat-url", "javascript:alert(1)");
  g_settings_set_string (settings, "email", "help@example.com?bcc=x@example.com");
  g_test_expect_message ("okp-content", G_LOG_LEVEL_WARNING, "*email*");
  g_test_expect_message ("okp-content", G_LOG_LEVEL_WARNING, "*chat-url*");
  bad = okp_content_dup_endpoints (settings);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (bad->chat_url, ==, defaults->chat_url);
  g_assert_cmpstr (bad->email, ==, defaults->email);
  g_assert_cmpstr (bad->phone, ==, "+86 400 000 0000");

  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_init (&argc, &argv, NULL);
  g_resources_register (okp_get_resource ());

  g_test_add_func ("/okp/contact/launcher/accepts-built", test_launcher_accepts_built);
  g_test_add_func ("/okp/contact/launcher/refuses", test_launcher_refuses);
  g_test_add_func ("/okp/contact/launcher/open-refused", test_launcher_open_refused);
  g_test_add_func ("/okp/contact/effective-endpoints", test_effective_endpoints);

  return g_test_run ();
}
