/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-guide"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "okp-content.h"
#include "okp-guide.h"
#include "okp-guide-renderer.h"
#include "okp-resources.h"

static const char *section_ids[] = {
  "introduction", "overview", "common-problems", "support-channels", "stay-safe",
  "question-login", "question-transaction-failed", "question-withdrawal",
  "question-identity-verification", "question-support-communication", "conclusion",
};

static const char *checklist_ids[] = {
  "login", "transaction-failed", "funds-delayed", "withdrawal",
  "identity-verification", "support-communication",
};

static const char *channel_ids[] = { "chat", "email", "social", "phone" };

static OkpGuide *
load_guide (const char *domain)
{
  g_autoptr(GError) error = NULL;
  OkpGuide *guide;

  g_resources_register (okp_get_resource ());
  guide = okp_guide_new_from_resource (RESOURCE_PREFIX "/guide/guide.xml", domain, &error);
  g_assert_no_error (error);
  g_assert_nonnull (guide);

  return guide;
}

/* Calls @func with every user-visible string of the guide. */
static void
foreach_string (OkpGuide *guide,
                void    (*func) (const char *what, const char *text, gpointer data),
                gpointer  data)
{
  GPtrArray *items;

  items = okp_guide_get_groups (guide);
  for (guint i = 0; i < items->len; i++)
    func ("group title", ((OkpGroup *)g_ptr_array_index (items, i))->title, data);

  items = okp_guide_get_sections (guide);
  for (guint i = 0; i < items->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (items, i);

      func ("section title", section->title, data);
      for (guint j = 0; j < section->blocks->len; j++)
        {
          const OkpBlock *block = g_ptr_array_index (section->blocks, j);

          if (block->text != NULL)
            func ("section text", block->text, data);
          for (guint k = 0; block->items != NULL && k < block->items->len; k++)
            func ("list item", g_ptr_array_index (block->items, k), data);
        }
    }

  items = okp_guide_get_checklists (guide);
  for (guint i = 0; i < items->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (items, i);

      func ("checklist title", def->title, data);
      func ("checklist summary", def->summary, data);
      /* The start page lists every problem by its symptom. */
      g_assert_nonnull (def->symptom);
      func ("checklist symptom", def->symptom, data);
      for (guint j = 0; j < def->steps->len; j++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, j);

          func ("step title", step->title, data);
          func ("step detail", step->detail, data);
          if (step->fallback != NULL)
            func ("step fallback", step->fallback, data);
        }
      for (guint j = 0; j < def->fields->len; j++)
        {
          const OkpField *field = g_ptr_array_index (def->fields, j);

          func ("field label", field->label, data);
          if (field->hint != NULL)
            func ("field hint", field->hint, data);
        }
    }

  items = okp_guide_get_channels (guide);
  for (guint i = 0; i < items->len; i++)
    {
      const OkpChannelDef *def = g_ptr_array_index (items, i);

      func ("channel title", def->title, data);
      func ("channel when", def->when, data);
      func ("channel expect", def->expect, data);
      func ("channel ready", def->ready, data);
    }
}

static void
test_guide_ids (void)
{
  g_autoptr(OkpGuide) guide = load_guide (NULL);
  GPtrArray *sections = okp_guide_get_sections (guide);
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  GPtrArray *channels = okp_guide_get_channels (guide);

  /* The ids are stable keys: saved progress and links depend on them. */
  g_assert_cmpuint (sections->len, ==, G_N_ELEMENTS (section_ids));
  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    g_assert_cmpstr (((OkpSection *)g_ptr_array_index (sections, i))->id, ==, section_ids[i]);

  g_assert_cmpuint (checklists->len, ==, G_N_ELEMENTS (checklist_ids));
  for (guint i = 0; i < G_N_ELEMENTS (checklist_ids); i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      const OkpStep *last;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_cmpstr (def->id, ==, checklist_ids[i]);
      g_assert_nonnull (okp_guide_lookup_section (guide, def->section_id));
      g_assert_cmpuint (def->steps->len, >=, 3);
      g_assert_cmpuint (def->fields->len, >=, 1);

      /* Every checklist ends with the way to support. */
      last = g_ptr_array_index (def->steps, def->steps->len - 1);
      g_assert_cmpstr (last->id, ==, "contact-support");

      for (guint j = 0; j < def->steps->len; j++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, j);
          g_assert_true (g_hash_table_add (seen, step->id));
        }
    }

  g_assert_cmpuint (channels->len, ==, G_N_ELEMENTS (channel_ids));
  for (guint i = 0; i < G_N_ELEMENTS (channel_ids); i++)
    g_assert_cmpstr (((OkpChannelDef *)g_ptr_array_index (channels, i))->id, ==, channel_ids[i]);

  /* Every question section links to its checklist, and back. */
  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);

      if (g_str_has_prefix (section->id, "question-"))
        {
          g_assert_cmpstr (section->checklist_id, ==, section->id + strlen ("question-"));
          g_assert_cmpstr (section->group_id, ==, "questions");
        }
    }
}

static void
no_secret_fields (const char *what,
                  const char *text,
                  gpointer    data)
{
  /* Field labels never ask for a secret; the guide may mention them only
   * to warn. */
  if (g_str_equal (what, "field label"))
    {
      g_autofree char *lower = g_utf8_strdown (text, -1);

      g_assert_null (strstr (lower, "password"));
      g_assert_null (strstr (lower, "pin"));
      g_assert_null (strstr (lower, "verification code"));
    }
}

static void
test_guide_fields_ask_no_secrets (void)
{
  g_autoptr(OkpGuide) guide = load_guide (NULL);

  foreach_string (guide, no_secret_fields, NULL);
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static void
collect_string (const char *what,
                const char *text,
                gpointer    data)
{
  g_ptr_array_add (data, g_strdup_printf ("%s\t%s", what, text));
}

static void
test_guide_chinese (void)
{
  g_autoptr(OkpGuide) english = load_guide (NULL);
  g_autoptr(OkpGuide) chinese = NULL;
  g_autoptr(GPtrArray) en_strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) zh_strings = g_ptr_array_new_with_free_func (g_free);

  chinese = load_guide (GETTEXT_PACKAGE);
  foreach_string (english, collect_string, en_strings);
  foreach_string (chinese, collect_string, zh_strings);

  g_assert_cmpuint (en_strings->len, ==, zh_strings->len);
  g_assert_cmpuint (en_strings->len, >, 100);

  /* Every string of the content has a Chinese translation. */
  for (guint i = 0; i < zh_strings->len; i++)
    {
      const char *en = g_ptr_array_index (en_strings, i);
      const char *zh = g_ptr_array_index (zh_strings, i);

      if (g_str_equal (en, zh) || !has_han (zh))
        g_error ("not translated into Chinese: %s", en);
    }

  g_assert_cmpstr (((OkpSection *)g_ptr_array_index (okp_guide_get_sections (chinese), 0))->title,
                   ==, "引言");
  g_assert_cmpstr (okp_guide_lookup_checklist (chinese, "login")->title, !=,
                   okp_guide_lookup_checklist (english, "login")->title);
  g_assert_cmpstr (okp_content_page_language (), ==, "zh-CN");
}

/* The Chinese text writes full-width punctuation where the seed has
 * half-width (“，” for “,”); compatibility normalisation maps one onto the
 * other and changes nothing else, so comparing after it still proves that
 * every word of the seed is there, in its order. */
static void
add_to_set (const char *what,
            const char *text,
            gpointer    data)
{
  g_hash_table_add (data, g_utf8_normalize (text, -1, G_NORMALIZE_NFKC));
}

/* Nothing of the seed is left out: every line of the original Chinese guide
 * is a heading, paragraph or list item of the Chinese content, verbatim but
 * for the width of its punctuation. */
static void
test_guide_covers_seed (void)
{
  g_autoptr(OkpGuide) chinese = load_guide (GETTEXT_PACKAGE);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seed-zh_CN.txt", NULL);
  g_autofree char *seed = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  g_file_get_contents (path, &seed, NULL, &error);
  g_assert_no_error (error);

  foreach_string (chinese, add_to_set, texts);

  lines = g_strsplit (seed, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "•"))
        line = g_strstrip (line + strlen ("•"));
      if (line[0] == '\0')
        continue;

      {
        g_autofree char *normal = g_utf8_normalize (line, -1, G_NORMALIZE_NFKC);

        if (!g_hash_table_contains (texts, normal))
          g_error ("the seed's line %u is missing from the Chinese guide: %s", i + 1, line);
      }
      checked++;
    }

  g_assert_cmpuint (checked, >=, 40);
}

static void
test_guide_render_escapes (void)
{
  static const char content[] =
    "<guide>"
    "<section id=\"evil\"><title>&lt;b&gt;Bold&lt;/b&gt; &amp; \"quotes\"</title>"
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    "<ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>"
    "</section></guide>";
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = okp_guide_new_from_data (content, -1, NULL, &error);
  OkpRenderOptions options = { .lang = "en\"><script>", .stylesheet = "okpay-help:///web/guide.css" };
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  html = okp_guide_render_section (guide, okp_guide_lookup_section (guide, "evil"), &options);

  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<img"));
  g_assert_null (strstr (html, "<b>"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (html, "&lt;img src=x onerror=alert(1)&gt;"));
  g_assert_nonnull (strstr (html, "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quotes&quot;"));
}

static void
test_guide_render_sections (void)
{
  g_autoptr(OkpGuide) guide = load_guide (NULL);
  GPtrArray *sections = okp_guide_get_sections (guide);
  OkpRenderOptions options = { .lang = "en", .stylesheet = "okpay-help:///web/guide.css" };

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      g_autofree char *html = okp_guide_render_section (guide, section, &options);
      g_autofree char *escaped = g_markup_escape_text (section->title, -1);
      g_autofree char *h1 = g_strdup_printf ("<h1>%s</h1>", escaped);

      g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
      g_assert_nonnull (strstr (html, h1));
      if (section->checklist_id != NULL)
        {
          g_autofree char *link = g_strdup_printf ("href=\"okpay-help:///checklist/%s\"",
                                                   section->checklist_id);
          g_assert_nonnull (strstr (html, link));
        }
    }
}

/* "Common problems" lists five problems; each is a link to its checklist. */
static void
test_guide_common_problems_link_checklists (void)
{
  static const char *expected[] = {
    "login", "transaction-failed", "funds-delayed", "identity-verification",
    "support-communication",
  };
  g_autoptr(OkpGuide) guide = load_guide (NULL);
  const OkpSection *section = okp_guide_lookup_section (guide, "common-problems");
  OkpRenderOptions options = { .lang = "en" };
  g_autofree char *html = NULL;
  const OkpBlock *list = NULL;

  g_assert_nonnull (section);
  for (guint i = 0; i < section->blocks->len && list == NULL; i++)
    {
      const OkpBlock *block = g_ptr_array_index (section->blocks, i);

      if (block->kind == OKP_BLOCK_LIST)
        list = block;
    }
  g_assert_nonnull (list);
  g_assert_cmpuint (list->items->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (list->item_checklists->len, ==, list->items->len);

  html = okp_guide_render_section (guide, section, &options);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (list->items, i), -1);
      g_autofree char *link = g_strdup_printf ("<li><a href=\"okpay-help:///checklist/%s\">%s</a></li>",
                                               expected[i], escaped);

      g_assert_cmpstr (g_ptr_array_index (list->item_checklists, i), ==, expected[i]);
      g_assert_nonnull (okp_guide_lookup_checklist (guide, expected[i]));
      if (strstr (html, link) == NULL)
        g_error ("no link to the checklist “%s” in: %s", expected[i], html);
    }
}

typedef struct {
  const char *name;
  const char *content;
} BadContent;

static const BadContent bad_contents[] = {
  { "empty", "" },
  { "not-xml", "this is not a guide" },
  { "truncated", "<guide><section id=\"a\"><title>A</title><p>x" },
  { "wrong-root", "<book/>" },
  { "no-sections", "<guide></guide>" },
  { "unknown-element", "<guide><section id=\"a\"><title>A</title><blink>x</blink></section></guide>" },
  { "unknown-attribute", "<guide><section id=\"a\" colour=\"red\"><title>A</title><p>x</p></section></guide>" },
  { "bad-id", "<guide><section id=\"A B\"><title>A</title><p>x</p></section></guide>" },
  { "duplicate-id", "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
                    "<section id=\"a\"><title>B</title><p>y</p></section></guide>" },
  { "no-title", "<guide><section id=\"a\"><p>x</p></section></guide>" },
  { "two-titles", "<guide><section id=\"a\"><title>A</title><title>B</title><p>x</p></section></guide>" },
  { "empty-text", "<guide><section id=\"a\"><title>  </title><p>x</p></section></guide>" },
  { "markup-in-text", "<guide><section id=\"a\"><title>A</title><p>x <b>y</b></p></section></guide>" },
  { "stray-text", "<guide>hello<section id=\"a\"><title>A</title><p>x</p></section></guide>" },
  { "empty-list", "<guide><section id=\"a\"><title>A</title><ul></ul></section></guide>" },
  { "unknown-group", "<guide><section id=\"a\" group=\"g\"><title>A</title><p>x</p></section></guide>" },
  { "unknown-checklist", "<guide><section id=\"a\" checklist=\"c\"><title>A</title><p>x</p></section></guide>" },
  { "checklist-unknown-section",
    "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
    "<checklist id=\"c\" section=\"b\"><title>C</title><summary>S</summary>"
    "<step id=\"s\"><title>T</title><detail>D</detail></step></checklist></guide>" },
  { "checklist-no-steps",
    "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
    "<checklist id=\"c\" section=\"a\"><title>C</title><summary>S</summary></checklist></guide>" },
  { "duplicate-step",
    "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
    "<checklist id=\"c\" section=\"a\"><title>C</title><summary>S</summary>"
    "<step id=\"s\"><title>T</title><detail>D</detail></step>"
    "<step id=\"s\"><title>T</title><detail>D</detail></step></checklist></guide>" },
  { "step-no-detail",
    "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
    "<checklist id=\"c\" section=\"a\"><title>C</title><summary>S</summary>"
    "<step id=\"s\"><title>T</title></step></checklist></guide>" },
  { "bad-multiline",
    "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
    "<checklist id=\"c\" section=\"a\"><title>C</title><summary>S</summary>"
    "<step id=\"s\"><title>T</title><detail>D</detail></step>"
    "<field id=\"f\" multiline=\"maybe\"><label>L</label></field></checklist></guide>" },
  { "unknown-channel-kind",
    "<guide><section id=\"a\"><title>A</title><p>x</p></section>"
    "<channel id=\"c\" kind=\"fax\"><title>F</title><when>W</when><expect>E</expect><ready>R</ready></channel></guide>" },
  { "item-unknown-checklist",
    "<guide><section id=\"a\"><title>A</title><ul><li checklist=\"nope\">x</li></ul></section></guide>" },
  { "item-unknown-attribute",
    "<guide><section id=\"a\"><title>A</title><ul><li colour=\"red\">x</li></ul></section></guide>" },
  { "heading-unknown-channel",
    "<guide><section id=\"a\"><title>A</title><h2 channel=\"nope\">H</h2></section></guide>" },
  { "nul-byte", "<guide>\0</guide>" },
  { "invalid-utf8", "<guide><section id=\"a\"><title>\xff\xfe</title><p>x</p></section></guide>" },
};

static void
test_guide_bad_content (gconstpointer data)
{
  const BadContent *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  gssize length = strlen (bad->content);

  if (g_str_equal (bad->name, "nul-byte"))
    length = sizeof "<guide>\0</guide>" - 1;

  guide = okp_guide_new_from_data (bad->content, length, NULL, &error);
  g_assert_null (guide);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s: %s", bad->name, error->message);
}

static void
test_guide_missing_resource (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = okp_guide_new_from_resource (RESOURCE_PREFIX "/guide/missing.xml",
                                                            NULL, &error);

  g_assert_null (guide);
  g_assert_error (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");

  /* The Chinese catalog comes from the build tree. The C.UTF-8 locale is
   * enough for gettext to use LANGUAGE, and always exists. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/guide/ids", test_guide_ids);
  g_test_add_func ("/okp/guide/fields-ask-no-secrets", test_guide_fields_ask_no_secrets);
  g_test_add_func ("/okp/guide/chinese", test_guide_chinese);
  g_test_add_func ("/okp/guide/covers-seed", test_guide_covers_seed);
  g_test_add_func ("/okp/guide/common-problems-link-checklists",
                   test_guide_common_problems_link_checklists);
  g_test_add_func ("/okp/guide/render-escapes", test_guide_render_escapes);
  g_test_add_func ("/okp/guide/render-sections", test_guide_render_sections);
  g_test_add_func ("/okp/guide/missing-resource", test_guide_missing_resource);
  for (guint i = 0; i < G_N_ELEMENTS (bad_contents); i++)
    {
      g_autofree char *path = g_strdup_printf ("/okp/guide/bad-content/%s", bad_contents[i].name);
      g_test_add_data_func (path, &bad_contents[i], test_guide_bad_content);
    }

  return g_test_run ();
}
