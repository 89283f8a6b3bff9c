/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-guide-view"

#include "config.h"

#include "okp-guide-view.h"

#include <glib/gi18n.h>

#include "okp-content.h"
#include "okp-guide-renderer.h"

#include <unistd.h>

/*
 * The guide is shown in one WebKitWebView that is reused for every section.
 * Pages come from our own URI scheme, rendered from the content model; the
 * view runs no page scripts, and its default content security policy allows
 * nothing but our own scheme, so a page can neither run code nor reach the
 * network. Links to our scheme that are not pages (open a checklist, contact
 * support) and links to anything else are decided in decide-policy.
 */

#define CSP "default-src 'none'; style-src " OKP_URI_SCHEME ": ; img-src " OKP_URI_SCHEME ": ; " \
            "font-src " OKP_URI_SCHEME ": ; form-action 'none'; base-uri 'none'"

struct _OkpGuideView
{
  AdwBin         parent_instance;

  /* owned */
  OkpGuide      *guide;
  char          *section_id;
  WebKitUserStyleSheet *dark_sheet;
  WebKitUserStyleSheet *high_contrast_sheet;
  WebKitUserStyleSheet *high_contrast_dark_sheet;

  /* A block to scroll to once the page being loaded is there. */
  gboolean       loading;
  int            pending_block;

  /* borrowed: our child */
  WebKitWebView *web_view;
};

G_DEFINE_FINAL_TYPE (OkpGuideView, okp_guide_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_GUIDE,
  PROP_SECTION_ID,
  N_PROPS
};

enum {
  OPEN_CHECKLIST,
  CONTACT,
  OPEN_EXTERNAL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define NO_BLOCK (-2)

/* Screen only: paper stays white, with the page's own print style. */
static const char dark_css[] =
  "@media screen { :root { color-scheme: dark !important; "
  "--page-bg: #1e1e1e !important; --page-fg: #ffffff !important; "
  "--dim-fg: rgba(255,255,255,0.7) !important; --link: #78aeed !important; "
  "--card-bg: rgba(255,255,255,0.08) !important; --rule: rgba(255,255,255,0.15) !important; "
  "--button-bg: #3584e4 !important; --button-fg: #ffffff !important; } }";

static void
finish_with_error (WebKitURISchemeRequest *request,
                   const char             *message)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, message);
  webkit_uri_scheme_request_finish_error (request, error);
}

static void
finish_with_bytes (WebKitURISchemeRequest *request,
                   GBytes                 *bytes,
                   const char             *content_type)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(WebKitURISchemeResponse) response = NULL;

  response = webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  webkit_uri_scheme_response_set_content_type (response, content_type);
  webkit_uri_scheme_request_finish_with_response (request, response);
}

/* One handler serves every view; it finds the guide through the view that
 * asked, so views with different guides (tests) do not interfere. */
static void
scheme_request_cb (WebKitURISchemeRequest *request,
                   gpointer                user_data)
{
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  OkpGuideView *self = g_object_get_data (G_OBJECT (web_view), "okp-guide-view");
  const char *path = webkit_uri_scheme_request_get_path (request);

  if (self == NULL || path == NULL)
    {
      finish_with_error (request, "Not a guide page");
      return;
    }

  if (g_str_has_prefix (path, "/section/"))
    {
      const OkpSection *section = okp_guide_lookup_section (self->guide, path + strlen ("/section/"));
      OkpRenderOptions options = {
        .lang = okp_content_page_language (),
        .stylesheet = OKP_URI_SCHEME ":///web/guide.css",
      };
      g_autoptr(GBytes) page = NULL;
      char *html;

      if (section == NULL)
        {
          finish_with_error (request, "No such section");
          return;
        }

      /* The response's stream holds its own reference to the page. */
      html = okp_guide_render_section (self->guide, section, &options);
      page = g_bytes_new_take (html, strlen (html));
      finish_with_bytes (request, page, "text/html; charset=utf-8");
      return;
    }

  if (g_str_has_prefix (path, "/web/") && strstr (path, "..") == NULL)
    {
      g_autofree char *resource = g_strconcat (RESOURCE_PREFIX, path, NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
      const char *type = g_str_has_suffix (path, ".css") ? "text/css" : "application/octet-stream";

      if (bytes == NULL)
        finish_with_error (request, "Not found");
      else
        finish_with_bytes (request, bytes, type);
      return;
    }

  finish_with_error (request, "Not found");
}

static void
ensure_scheme (WebKitWebContext *context)
{
  WebKitSecurityManager *security;

  if (g_object_get_data (G_OBJECT (context), "okp-scheme") != NULL)
    return;

  webkit_web_context_register_uri_scheme (context, OKP_URI_SCHEME, scheme_request_cb, NULL, NULL);
  security = webkit_web_context_get_security_manager (context);
  webkit_security_manager_register_uri_scheme_as_secure (security, OKP_URI_SCHEME);
  g_object_set_data (G_OBJECT (context), "okp-scheme", GINT_TO_POINTER (1));
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  OkpGuideView             *self)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;
  g_autoptr(GUri) parsed = NULL;
  const char *path;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  if (parsed == NULL)
    {
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  if (g_strcmp0 (g_uri_get_scheme (parsed), OKP_URI_SCHEME) != 0)
    {
      /* Never navigate away from the guide: hand the address to the window,
       * which shows it to the user before anything is opened. */
      webkit_policy_decision_ignore (decision);
      if (webkit_navigation_action_is_user_gesture (action) ||
          type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
        g_signal_emit (self, signals[OPEN_EXTERNAL], 0, uri);
      return TRUE;
    }

  path = g_uri_get_path (parsed);

  if (g_str_has_prefix (path, "/checklist/"))
    {
      webkit_policy_decision_ignore (decision);
      g_signal_emit (self, signals[OPEN_CHECKLIST], 0, path + strlen ("/checklist/"));
      return TRUE;
    }

  if (g_str_has_prefix (path, "/contact/"))
    {
      webkit_policy_decision_ignore (decision);
      g_signal_emit (self, signals[CONTACT], 0, path + strlen ("/contact/"));
      return TRUE;
    }

  if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    {
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  return FALSE;
}

/* The high-contrast style: text and rules in full black (or white), links
 * underlined, so that nothing depends on shades of grey or on colour. It
 * comes after the dark sheet and wins over it. */
static const char high_contrast_css[] =
  "@media screen { :root { --page-fg: #000000 !important; --dim-fg: #000000 !important; "
  "--link: #0033a0 !important; --rule: #000000 !important; --card-bg: transparent !important; "
  "--button-bg: #1a4b91 !important; --button-fg: #ffffff !important; } "
  "a { text-decoration: underline !important; } "
  "a.button, .checklist-link { border-width: 2px !important; } }";

static const char high_contrast_dark_css[] =
  "@media screen { :root { --page-bg: #000000 !important; --page-fg: #ffffff !important; "
  "--dim-fg: #ffffff !important; --link: #a8d1ff !important; --rule: #ffffff !important; "
  "--card-bg: transparent !important; --button-bg: #a8d1ff !important; "
  "--button-fg: #000000 !important; } "
  "a { text-decoration: underline !important; } "
  "a.button, .checklist-link { border-width: 2px !important; } }";

static void
update_style (OkpGuideView *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (self->web_view);
  gboolean dark = adw_style_manager_get_dark (style);

  webkit_user_content_manager_remove_all_style_sheets (manager);
  if (dark)
    webkit_user_content_manager_add_style_sheet (manager, self->dark_sheet);
  if (adw_style_manager_get_high_contrast (style))
    webkit_user_content_manager_add_style_sheet (manager, dark ? self->high_contrast_dark_sheet
                                                               : self->high_contrast_sheet);
}

static void
dark_changed_cb (OkpGuideView *self)
{
  update_style (self);
}

/**
 * okp_guide_view_show_section:
 *
 * Shows the section with the id @section_id. Showing the section that is
 * already shown does nothing, so the reader keeps their scroll position.
 */
void
okp_guide_view_show_section (OkpGuideView *self,
                             const char   *section_id)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (OKP_IS_GUIDE_VIEW (self));
  g_return_if_fail (section_id != NULL);

  if (g_strcmp0 (self->section_id, section_id) == 0)
    return;

  g_free (self->section_id);
  self->section_id = g_strdup (section_id);

  uri = okp_guide_section_uri (section_id);
  self->loading = TRUE;
  self->pending_block = NO_BLOCK;
  webkit_web_view_load_uri (self->web_view, uri);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION_ID]);
}

/* Scrolls to the block and puts the (collapsed) selection at its start,
 * where find-in-page then starts looking, so the first match found is the
 * one in that block and not an earlier one. The renderer gives blocks the
 * ids b0, b1, …; the script runs in a world of its own, apart from the
 * page's (which has no scripts anyway). */
static void
scroll_to_block (OkpGuideView *self,
                 int           block)
{
  g_autofree char *script = NULL;

  if (block < 0)
    script = g_strdup ("window.scrollTo (0, 0); window.getSelection ().removeAllRanges ();");
  else
    script = g_strdup_printf ("(function () {"
                              "  const block = document.getElementById ('b%d');"
                              "  if (block === null) return;"
                              "  block.scrollIntoView ({ block: 'start' });"
                              "  const range = document.createRange ();"
                              "  range.setStart (block, 0);"
                              "  range.collapse (true);"
                              "  const selection = window.getSelection ();"
                              "  selection.removeAllRanges ();"
                              "  selection.addRange (range);"
                              "}) ();", block);

  webkit_web_view_evaluate_javascript (self->web_view, script, -1, "okp-guide-view", NULL,
                                       NULL, NULL, NULL);
}

/**
 * okp_guide_view_reveal_block:
 * @block: the index of a block of the section shown, or -1 for the top
 *
 * Scrolls the section shown (or being loaded) to the block, where a search
 * found what the user looks for.
 */
void
okp_guide_view_reveal_block (OkpGuideView *self,
                             int           block)
{
  g_return_if_fail (OKP_IS_GUIDE_VIEW (self));

  if (self->loading)
    self->pending_block = block;
  else
    scroll_to_block (self, block);
}

static void
load_changed_cb (OkpGuideView    *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *web_view)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  self->loading = FALSE;
  if (self->pending_block != NO_BLOCK)
    scroll_to_block (self, self->pending_block);
  self->pending_block = NO_BLOCK;
}

const char *
okp_guide_view_get_section_id (OkpGuideView *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE_VIEW (self), NULL);
  return self->section_id;
}

WebKitWebView *
okp_guide_view_get_web_view (OkpGuideView *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE_VIEW (self), NULL);
  return self->web_view;
}

/* The benchmarks (bench/) time start-up from inside: with OKP_BENCH_FD set
 * to an open file descriptor, the view writes "loaded T" there when a page
 * has finished loading and "painted T" when the first frame after that has
 * been drawn, T being g_get_monotonic_time (). Unset, it costs one getenv
 * when the class is made and nothing else: no handler is connected. */
static int bench_fd = -1;

static int
bench_fd_from_environment (void)
{
  const char *fd = g_getenv ("OKP_BENCH_FD");
  guint64 value;

  if (fd == NULL || !g_ascii_string_to_unsigned (fd, 10, 0, G_MAXINT, &value, NULL))
    return -1;

  return (int) value;
}

static void
bench_report (const char *what)
{
  char line[64];
  int length = g_snprintf (line, sizeof line, "%s %" G_GINT64_FORMAT "\n",
                           what, g_get_monotonic_time ());

  /* A benchmark that stopped listening is not the reader's problem. */
  if (write (bench_fd, line, length) != length)
    bench_fd = -1;
}

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      OkpGuideView  *self)
{
  bench_report ("painted");
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
}

static void
bench_load_changed_cb (OkpGuideView    *self,
                       WebKitLoadEvent  event,
                       WebKitWebView   *web_view)
{
  GdkFrameClock *clock;

  if (event != WEBKIT_LOAD_FINISHED)
    return;

  bench_report ("loaded");
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (web_view));
  if (clock == NULL)
    return;

  /* A redraw is asked for so that a frame comes even if nothing else
   * would; the baseline program does the same. */
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (web_view));
}

static void
okp_guide_view_constructed (GObject *object)
{
  OkpGuideView *self = (OkpGuideView *)object;
  WebKitSettings *settings;
  WebKitWebContext *context = webkit_web_context_get_default ();

  G_OBJECT_CLASS (okp_guide_view_parent_class)->constructed (object);

  ensure_scheme (context);

  settings = webkit_settings_new_with_settings ("enable-javascript-markup", FALSE,
                                                "enable-developer-extras", FALSE,
                                                "enable-html5-database", FALSE,
                                                "enable-html5-local-storage", FALSE,
                                                "enable-webgl", FALSE,
                                                "enable-webaudio", FALSE,
                                                "enable-media", FALSE,
                                                "enable-back-forward-navigation-gestures", FALSE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                "allow-file-access-from-file-urls", FALSE,
                                                "allow-universal-access-from-file-urls", FALSE,
                                                "enable-page-cache", TRUE,
                                                NULL);

  /* Pages of text gain nothing from GPU compositing, and without it the
   * web process holds far less memory and stops growing with each page
   * shown (see docs/benchmarks.md). */
  webkit_settings_set_hardware_acceleration_policy (settings,
                                                    WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context", context,
                                 "settings", settings,
                                 "default-content-security-policy", CSP,
                                 "vexpand", TRUE,
                                 "hexpand", TRUE,
                                 NULL);
  g_object_unref (settings);
  g_object_set_data (G_OBJECT (self->web_view), "okp-guide-view", self);

  /* The page background follows the window's while a page loads. */
  webkit_web_view_set_background_color (self->web_view, &(GdkRGBA) { 0, 0, 0, 0 });

  if (G_UNLIKELY (bench_fd >= 0))
    g_signal_connect_object (self->web_view, "load-changed",
                             G_CALLBACK (bench_load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (decide_policy_cb), self, 0);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);

  self->dark_sheet = webkit_user_style_sheet_new (dark_css,
                                                  WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                  WEBKIT_USER_STYLE_LEVEL_AUTHOR,
                                                  NULL, NULL);
  self->high_contrast_sheet = webkit_user_style_sheet_new (high_contrast_css,
                                                           WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                           WEBKIT_USER_STYLE_LEVEL_AUTHOR,
                                                           NULL, NULL);
  self->high_contrast_dark_sheet = webkit_user_style_sheet_new (high_contrast_dark_css,
                                                                WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                                WEBKIT_USER_STYLE_LEVEL_AUTHOR,
                                                                NULL, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  update_style (self);

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->web_view));
}

static void
okp_guide_view_dispose (GObject *object)
{
  OkpGuideView *self = (OkpGuideView *)object;

  if (self->web_view != NULL)
    g_object_set_data (G_OBJECT (self->web_view), "okp-guide-view", NULL);
  self->web_view = NULL;

  G_OBJECT_CLASS (okp_guide_view_parent_class)->dispose (object);
}

static void
okp_guide_view_finalize (GObject *object)
{
  OkpGuideView *self = (OkpGuideView *)object;

  g_clear_object (&self->guide);
  g_clear_pointer (&self->section_id, g_free);
  g_clear_pointer (&self->dark_sheet, webkit_user_style_sheet_unref);
  g_clear_pointer (&self->high_contrast_sheet, webkit_user_style_sheet_unref);
  g_clear_pointer (&self->high_contrast_dark_sheet, webkit_user_style_sheet_unref);

  G_OBJECT_CLASS (okp_guide_view_parent_class)->finalize (object);
}

static void
okp_guide_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OkpGuideView *self = OKP_GUIDE_VIEW (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      g_value_set_object (value, self->guide);
      break;
    case PROP_SECTION_ID:
      g_value_set_string (value, self->section_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_guide_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OkpGuideView *self = OKP_GUIDE_VIEW (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      self->guide = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_guide_view_class_init (OkpGuideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = okp_guide_view_constructed;
  object_class->dispose = okp_guide_view_dispose;
  object_class->finalize = okp_guide_view_finalize;
  object_class->get_property = okp_guide_view_get_property;
  object_class->set_property = okp_guide_view_set_property;

  properties[PROP_GUIDE] =
    g_param_spec_object ("guide", NULL, NULL, OKP_TYPE_GUIDE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION_ID] =
    g_param_spec_string ("section-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkpGuideView::open-checklist:
   * @checklist_id: the checklist a guide link points to
   */
  signals[OPEN_CHECKLIST] =
    g_signal_new ("open-checklist", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OkpGuideView::contact:
   * @channel_id: the support channel whose button was pressed
   */
  signals[CONTACT] =
    g_signal_new ("contact", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OkpGuideView::open-external:
   * @uri: an address outside the guide that the user followed
   */
  signals[OPEN_EXTERNAL] =
    g_signal_new ("open-external", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);

  bench_fd = bench_fd_from_environment ();
}

static void
okp_guide_view_init (OkpGuideView *self)
{
  self->pending_block = NO_BLOCK;
}

GtkWidget *
okp_guide_view_new (OkpGuide *guide)
{
  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);

  return g_object_new (OKP_TYPE_GUIDE_VIEW, "guide", guide, NULL);
}
