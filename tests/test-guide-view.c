/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-guide-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <webkit/webkit.h>

#include "okp-content.h"
#include "okp-guide-view.h"

/*
 * The guide view in a real window on a real (virtual) display: every section
 * loads and its text, read back from the page, carries its title; and the
 * view's lock-down holds: no page script runs, nothing remote loads, and
 * links elsewhere are not followed.
 */

static OkpGuide *guide;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *)data);
  return G_SOURCE_REMOVE;
}

static void
spin_until (gboolean   *flag,
            const char *what)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer)what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

static void
wait_for_load (WebKitWebView *web_view)
{
  gboolean finished = FALSE;
  gulong id = g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), &finished);

  spin_until (&finished, "the page to load");
  g_signal_handler_disconnect (web_view, id);
}

typedef struct {
  gboolean  done;
  char     *result;
} Eval;

static void
evaluate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Eval *eval = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source),
                                                                         result, &error);

  g_assert_no_error (error);
  eval->result = jsc_value_to_string (value);
  eval->done = TRUE;
}

/* Reads something back from the page. Page scripts are off; scripts the
 * application itself evaluates still run, which is what tests rely on. */
static char *
evaluate (WebKitWebView *web_view,
          const char    *script)
{
  Eval eval = { 0 };

  webkit_web_view_evaluate_javascript (web_view, script, -1, NULL, NULL, NULL, evaluate_cb, &eval);
  spin_until (&eval.done, script);

  return eval.result;
}

static OkpGuideView *
new_view (GtkWidget **window_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = okp_guide_view_new (guide);

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  *window_out = window;

  return OKP_GUIDE_VIEW (view);
}

static void
test_every_section_loads (void)
{
  GtkWidget *window;
  OkpGuideView *view = new_view (&window);
  WebKitWebView *web_view = okp_guide_view_get_web_view (view);
  GPtrArray *sections = okp_guide_get_sections (guide);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      g_autofree char *text = NULL;
      g_autofree char *heading = NULL;
      g_autofree char *lang = NULL;
      g_autofree char *styled = NULL;

      okp_guide_view_show_section (view, section->id);
      wait_for_load (web_view);

      text = evaluate (web_view, "document.body.innerText");
      heading = evaluate (web_view, "document.querySelector('h1').textContent");
      lang = evaluate (web_view, "document.documentElement.lang");
      /* The stylesheet from our own scheme applied (CSP allows it). */
      styled = evaluate (web_view, "getComputedStyle(document.querySelector('main')).maxWidth");

      g_assert_cmpstr (heading, ==, section->title);
      g_assert_nonnull (strstr (text, section->title));
      g_assert_cmpstr (lang, ==, okp_content_page_language ());
      g_assert_cmpstr (styled, !=, "none");
      g_assert_cmpstr (okp_guide_view_get_section_id (view), ==, section->id);

      /* Every paragraph of the section is on the page. */
      for (guint j = 0; j < section->blocks->len; j++)
        {
          const OkpBlock *block = g_ptr_array_index (section->blocks, j);

          if (block->kind == OKP_BLOCK_PARAGRAPH)
            g_assert_nonnull (strstr (text, block->text));
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A tiny HTTP server that only counts the requests it gets. */
static void
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             guint             *requests)
{
  (*requests)++;
}

static void
test_lockdown (void)
{
  GtkWidget *window;
  OkpGuideView *view = new_view (&window);
  WebKitWebView *web_view = okp_guide_view_get_web_view (view);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *title = NULL;
  g_autofree char *marker = NULL;
  guint requests = 0;
  guint16 port;

  /* Each layer of the lock-down on its own: the behaviour below would hold
   * if either alone were in place, so check both are. */
  g_assert_false (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (web_view)));
  g_assert_true (g_str_has_prefix (webkit_web_view_get_default_content_security_policy (web_view),
                                   "default-src 'none';"));
  g_assert_null (strstr (webkit_web_view_get_default_content_security_policy (web_view), "http"));

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &requests);
  g_socket_service_start (service);

  /* Content that tries everything: an inline script, an event handler, a
   * remote image, a remote stylesheet and a remote script. */
  html = g_strdup_printf ("<!DOCTYPE html><html><head><title>untouched</title>"
                          "<link rel=\"stylesheet\" href=\"http://127.0.0.1:%u/style.css\">"
                          "<script src=\"http://127.0.0.1:%u/script.js\"></script></head>"
                          "<body><p id=\"marker\">clean</p>"
                          "<script>document.title = 'script ran';"
                          "document.getElementById('marker').textContent = 'dirty';</script>"
                          "<img src=\"http://127.0.0.1:%u/image.png\" onerror=\"document.title='handler ran'\">"
                          "<img src=\"http://127.0.0.1:%u/image2.png\">"
                          "</body></html>",
                          port, port, port, port);
  webkit_web_view_load_html (web_view, html, "okpay-help:///section/introduction");
  wait_for_load (web_view);

  /* Give any stray request time to arrive. */
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (25 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  title = evaluate (web_view, "document.title");
  marker = evaluate (web_view, "document.getElementById('marker').textContent");

  g_assert_cmpstr (title, ==, "untouched");
  g_assert_cmpstr (marker, ==, "clean");
  g_assert_cmpuint (requests, ==, 0);

  g_socket_service_stop (service);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
open_external_cb (OkpGuideView *view,
                  const char   *uri,
                  char        **out)
{
  g_free (*out);
  *out = g_strdup (uri);
}

static void
open_checklist_cb (OkpGuideView *view,
                   const char   *id,
                   char        **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static void
test_links_are_decided (void)
{
  GtkWidget *window;
  OkpGuideView *view = new_view (&window);
  WebKitWebView *web_view = okp_guide_view_get_web_view (view);
  g_autofree char *external = NULL;
  g_autofree char *checklist = NULL;
  g_autofree char *uri = NULL;

  g_signal_connect (view, "open-external", G_CALLBACK (open_external_cb), &external);
  g_signal_connect (view, "open-checklist", G_CALLBACK (open_checklist_cb), &checklist);

  okp_guide_view_show_section (view, "question-login");
  wait_for_load (web_view);

  /* Following a link to the web does not navigate: it is handed to the
   * window, which shows the address. */
  g_free (evaluate (web_view, "window.location.href = 'https://example.com/'; 'ok'"));
  for (guint i = 0; i < 40 && external == NULL; i++)
    {
      g_usleep (25 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  uri = evaluate (web_view, "window.location.href");
  g_assert_cmpstr (uri, ==, "okpay-help:///section/question-login");

  /* The "open the checklist" link reaches the window as an id. */
  g_free (evaluate (web_view, "document.querySelector('.checklist-link a').click(); 'ok'"));
  for (guint i = 0; i < 40 && checklist == NULL; i++)
    {
      g_usleep (25 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpstr (checklist, ==, "login");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  guide = okp_content_load_guide (&error);
  g_assert_no_error (error);

  /* The language comes from the environment: meson runs this test once in
   * English and once in Chinese. */
  if (g_strcmp0 (g_getenv ("OKP_EXPECT_LANGUAGE"), "zh-CN") == 0)
    g_assert_cmpstr (okp_content_page_language (), ==, "zh-CN");
  else
    g_assert_cmpstr (okp_content_page_language (), ==, "en");

  g_test_add_func ("/okp/guide-view/every-section-loads", test_every_section_loads);
  g_test_add_func ("/okp/guide-view/lockdown", test_lockdown);
  g_test_add_func ("/okp/guide-view/links-are-decided", test_links_are_decided);

  return g_test_run ();
}
