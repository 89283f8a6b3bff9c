/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "okp-guide.h"
#include "okp-resources.h"
#include "okp-search.h"

/*
 * The search index over the real guide, in English and in Chinese: a table
 * of queries with the result each must put first, then the properties every
 * query must keep (grouping, order, highlight offsets), the odd inputs (empty,
 * blank, invalid, 10 kB), and folding on a small guide made for it.
 */

static OkpSearch *english;
static OkpSearch *chinese;

typedef struct {
  const char    *name;
  gboolean       zh;
  const char    *query;
  OkpSearchKind  kind;          /* of the first result */
  const char    *id;
  OkpSearchRank  rank;
  const char    *match;         /* the text highlighted, as the guide writes it */
  const char    *step_id;       /* checklists: the step shown, or NULL */
  int            block;         /* sections: the block scrolled to */
} Case;

static const Case cases[] = {
  /* Exact titles */
  { "en/exact-checklist-title", FALSE, "Login problems",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_TITLE_EXACT, "Login problems", NULL, -1 },
  { "en/exact-section-title", FALSE, "Conclusion",
    OKP_SEARCH_KIND_SECTION, "conclusion", OKP_SEARCH_RANK_TITLE_EXACT, "Conclusion", NULL, -1 },
  { "en/exact-channel-title", FALSE, "Phone hotline",
    OKP_SEARCH_KIND_CHANNEL, "phone", OKP_SEARCH_RANK_TITLE_EXACT, "Phone hotline", NULL, 7 },
  { "zh/exact-checklist-title", TRUE, "提现受阻",
    OKP_SEARCH_KIND_CHECKLIST, "withdrawal", OKP_SEARCH_RANK_TITLE_EXACT, "提现受阻", NULL, -1 },
  { "zh/exact-section-title", TRUE, "结论",
    OKP_SEARCH_KIND_SECTION, "conclusion", OKP_SEARCH_RANK_TITLE_EXACT, "结论", NULL, -1 },
  { "zh/exact-channel-title", TRUE, "在线客服",
    OKP_SEARCH_KIND_CHANNEL, "chat", OKP_SEARCH_RANK_TITLE_EXACT, "在线客服", NULL, 1 },

  /* Part of a title */
  { "en/title-prefix", FALSE, "withdraw",
    OKP_SEARCH_KIND_CHECKLIST, "withdrawal", OKP_SEARCH_RANK_TITLE_PREFIX, "Withdraw", NULL, -1 },
  { "zh/title-prefix", TRUE, "提现",
    OKP_SEARCH_KIND_SECTION, "question-withdrawal", OKP_SEARCH_RANK_TITLE_PREFIX, "提现", NULL, -1 },
  { "zh/title-inside", TRUE, "登录问题",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_TITLE_EXACT, "登录问题", NULL, -1 },

  /* Step titles and section headings */
  { "en/step-title", FALSE, "reset your password",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "Reset your password",
    "reset-password", -1 },
  { "zh/step-title", TRUE, "重置密码",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "重置密码", "reset-password", -1 },
  { "en/password", FALSE, "password",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "password", "reset-password", -1 },
  { "zh/browser", TRUE, "浏览器",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "浏览器", "check-browser", -1 },

  /* Words inside details and body text */
  { "en/inside-detail", FALSE, "choose “Forgot password”",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_TEXT, "choose “Forgot password”",
    "reset-password", -1 },
  { "en/inside-section", FALSE, "24 hours",
    OKP_SEARCH_KIND_SECTION, "support-channels", OKP_SEARCH_RANK_TEXT, "24 hours", NULL, 4 },
  { "zh/inside-detail", TRUE, "交易编号",
    OKP_SEARCH_KIND_CHECKLIST, "transaction-failed", OKP_SEARCH_RANK_TEXT, "交易编号",
    "keep-record", -1 },
  { "zh/inside-section", TRUE, "网络状态和浏览器设置",
    OKP_SEARCH_KIND_SECTION, "question-login", OKP_SEARCH_RANK_TEXT, "网络状态和浏览器设置", NULL, 1 },

  /* Case does not matter */
  { "en/upper-case", FALSE, "LOGIN PROBLEMS",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_TITLE_EXACT, "Login problems", NULL, -1 },
  { "en/mixed-case", FALSE, "pAsSwOrD",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "password", "reset-password", -1 },
  { "zh/mixed-case-latin", TRUE, "okPAY概述",
    OKP_SEARCH_KIND_SECTION, "overview", OKP_SEARCH_RANK_TITLE_EXACT, "OKPay概述", NULL, -1 },

  /* Full-width and half-width forms are the same text */
  { "en/full-width-latin", FALSE, "ｐａｓｓｗｏｒｄ",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "password", "reset-password", -1 },
  { "zh/full-width-latin", TRUE, "ＯＫＰａｙ概述",
    OKP_SEARCH_KIND_SECTION, "overview", OKP_SEARCH_RANK_TITLE_EXACT, "OKPay概述", NULL, -1 },
  { "zh/full-width-question-mark", TRUE, "如何处理账户登录问题？",
    OKP_SEARCH_KIND_SECTION, "question-login", OKP_SEARCH_RANK_TITLE_EXACT,
    "如何处理账户登录问题？", NULL, -1 },
  { "zh/half-width-colon", TRUE, "账户:忘记",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_TEXT, "账户：忘记", NULL, -1 },
  { "zh/full-width-digits", TRUE, "２４小时",
    OKP_SEARCH_KIND_SECTION, "support-channels", OKP_SEARCH_RANK_TEXT, "24小时", NULL, 4 },

  /* White space at the ends and in between does not matter */
  { "en/spaces", FALSE, "  reset   your\tpassword ",
    OKP_SEARCH_KIND_CHECKLIST, "login", OKP_SEARCH_RANK_HEADING, "Reset your password",
    "reset-password", -1 },
  { "zh/ideographic-space", TRUE, "\u3000提现受阻\u3000",
    OKP_SEARCH_KIND_CHECKLIST, "withdrawal", OKP_SEARCH_RANK_TITLE_EXACT, "提现受阻", NULL, -1 },
};

typedef struct {
  const char *name;
  gboolean    zh;
  const char *query;
} NoResult;

static const NoResult no_results[] = {
  { "en/unknown-word", FALSE, "quantum" },
  { "zh/unknown-word", TRUE, "量子计算" },
  { "en/chinese-in-english", FALSE, "提现" },
  { "en/empty", FALSE, "" },
  { "zh/empty", TRUE, "" },
  { "en/blank", FALSE, "   \t " },
  { "zh/blank", TRUE, "\u3000\u3000" },
  { "en/invalid-utf8", FALSE, "pass\xff\xfeword" },
};

static OkpSearch *
search_for (gboolean zh)
{
  return zh ? chinese : english;
}

static void
assert_match_offsets (const OkpSearchResult *result)
{
  /* The highlight is on whole characters of the text shown. */
  if (result->title_start >= 0)
    {
      g_assert_null (result->snippet);
      g_assert_cmpint (result->title_start, <, result->title_end);
      g_assert_cmpint (result->title_end, <=, (int)strlen (result->title));
      g_assert_true (g_utf8_validate (result->title + result->title_start,
                                      result->title_end - result->title_start, NULL));
    }
  else
    {
      g_assert_nonnull (result->snippet);
      g_assert_true (g_utf8_validate (result->snippet, -1, NULL));
      g_assert_cmpint (result->snippet_start, >=, 0);
      g_assert_cmpint (result->snippet_start, <, result->snippet_end);
      g_assert_cmpint (result->snippet_end, <=, (int)strlen (result->snippet));
      g_assert_true (g_utf8_validate (result->snippet + result->snippet_start,
                                      result->snippet_end - result->snippet_start, NULL));
    }
}

/* Results come in groups, each group's results best first. */
static void
assert_grouped (GPtrArray *results)
{
  g_autoptr(GHashTable) finished = g_hash_table_new (NULL, NULL);

  for (guint i = 1; i < results->len; i++)
    {
      const OkpSearchResult *before = g_ptr_array_index (results, i - 1);
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      if (before->kind == result->kind)
        g_assert_cmpint (before->rank, <=, result->rank);
      else
        {
          g_assert_false (g_hash_table_contains (finished, GINT_TO_POINTER (result->kind + 1)));
          g_hash_table_add (finished, GINT_TO_POINTER (before->kind + 1));
        }
    }
}

/* The words of someone who fears a scam, or has been tricked into sharing a
 * code, find the safety advice, in both languages. */
typedef struct {
  gboolean    zh;
  const char *query;
} SafetyQuery;

static const SafetyQuery safety_queries[] = {
  { TRUE, "验证码" }, { TRUE, "诈骗" }, { TRUE, "钓鱼" },
  { FALSE, "phishing" }, { FALSE, "scam" }, { FALSE, "code" },
};

static void
test_search_finds_safety (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (safety_queries); i++)
    {
      const SafetyQuery *q = &safety_queries[i];
      g_autoptr(GPtrArray) results = okp_search_query (search_for (q->zh), q->query);
      gboolean found = FALSE;

      for (guint j = 0; j < results->len && !found; j++)
        {
          const OkpSearchResult *result = g_ptr_array_index (results, j);

          found = result->kind == OKP_SEARCH_KIND_SECTION && g_str_equal (result->id, "stay-safe");
        }
      if (!found)
        g_error ("searching for “%s” does not find the section “stay-safe”", q->query);
    }
}

static void
test_search_case (gconstpointer data)
{
  const Case *c = data;
  OkpSearch *search = search_for (c->zh);
  g_autoptr(GPtrArray) results = okp_search_query (search, c->query);
  const OkpSearchResult *first;
  g_autofree char *match = NULL;
  g_autofree char *result_id = NULL;

  g_assert_cmpuint (results->len, >, 0);
  first = g_ptr_array_index (results, 0);

  g_assert_cmpstr (okp_search_kind_to_string (first->kind), ==, okp_search_kind_to_string (c->kind));
  g_assert_cmpstr (first->id, ==, c->id);
  g_assert_cmpint (first->rank, ==, c->rank);

  match = okp_search_result_dup_match (first);
  g_assert_cmpstr (match, ==, c->match);
  assert_match_offsets (first);

  result_id = g_strdup_printf ("%s:%s", okp_search_kind_to_string (c->kind), c->id);
  g_assert_cmpstr (first->result_id, ==, result_id);

  if (c->kind == OKP_SEARCH_KIND_CHECKLIST)
    {
      g_assert_cmpstr (first->checklist_id, ==, c->id);
      g_assert_cmpstr (first->step_id, ==, c->step_id);
      g_assert_null (first->section_id);
    }
  else
    {
      g_assert_null (first->checklist_id);
      g_assert_nonnull (okp_guide_lookup_section (okp_search_get_guide (search), first->section_id));
      g_assert_cmpint (first->block, ==, c->block);
    }

  for (guint i = 0; i < results->len; i++)
    assert_match_offsets (g_ptr_array_index (results, i));
  assert_grouped (results);
}

static void
test_search_no_result (gconstpointer data)
{
  const NoResult *c = data;
  g_autoptr(GPtrArray) results = okp_search_query (search_for (c->zh), c->query);

  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 0);
}

/* A 10 kB query, pasted by mistake: no result, and no time spent on it.
 * The time is reported, not asserted (bench/ measures). */
static void
test_search_long_query (void)
{
  g_autoptr(GString) ascii = g_string_new (NULL);
  g_autoptr(GString) han = g_string_new (NULL);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  while (ascii->len < 10 * 1024)
    g_string_append (ascii, "password ");
  while (han->len < 10 * 1024)
    g_string_append (han, "提现");

  a = okp_search_query (english, ascii->str);
  b = okp_search_query (chinese, han->str);
  g_string_truncate (han, 3 * 1024);
  c = okp_search_query (chinese, han->str);
  g_test_message ("three long queries took %.3f ms", g_timer_elapsed (timer, NULL) * 1000);

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
  g_assert_cmpuint (c->len, ==, 0);
}

/* Every result of a query really contains it: the text highlighted folds to
 * the folded query. */
static void
test_search_highlight_is_the_query (void)
{
  static const char *queries[] = { "pass", "ＯＫＰＡＹ", "support", "账户", "客服", "，", "验证" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    for (guint zh = 0; zh < 2; zh++)
      {
        g_autoptr(GPtrArray) results = okp_search_query (search_for (zh), queries[i]);
        g_autofree char *folded_query = okp_search_fold (queries[i]);

        for (guint j = 0; j < results->len; j++)
          {
            g_autofree char *match = okp_search_result_dup_match (g_ptr_array_index (results, j));
            g_autofree char *folded_match = okp_search_fold (match);

            g_assert_cmpstr (folded_match, ==, folded_query);
          }
      }
}

static void
check_string_found (OkpSearch  *search,
                    const char *text,
                    const char *result_id)
{
  g_autoptr(GPtrArray) results = okp_search_query (search, text);

  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      if (g_str_equal (result->result_id, result_id))
        return;
    }

  g_error ("searching for its own text did not find %s: %s", result_id, text);
}

/* Any whole string of the guide, typed as a query, finds the page it is on:
 * the index folds each string the same way a query is folded, in both
 * languages. */
static void
test_search_finds_every_string (void)
{
  for (guint zh = 0; zh < 2; zh++)
    {
      OkpSearch *search = search_for (zh);
      OkpGuide *guide = okp_search_get_guide (search);
      GPtrArray *items;
      guint checked = 0;

      items = okp_guide_get_sections (guide);
      for (guint i = 0; i < items->len; i++)
        {
          const OkpSection *section = g_ptr_array_index (items, i);
          g_autofree char *result_id = g_strconcat ("section:", section->id, NULL);

          check_string_found (search, section->title, result_id);
          for (guint j = 0; j < section->blocks->len; j++)
            {
              const OkpBlock *block = g_ptr_array_index (section->blocks, j);

              if (block->text != NULL)
                check_string_found (search, block->text, result_id), checked++;
              for (guint k = 0; block->items != NULL && k < block->items->len; k++)
                check_string_found (search, g_ptr_array_index (block->items, k), result_id), checked++;
            }
        }

      items = okp_guide_get_checklists (guide);
      for (guint i = 0; i < items->len; i++)
        {
          const OkpChecklistDef *def = g_ptr_array_index (items, i);
          g_autofree char *result_id = g_strconcat ("checklist:", def->id, NULL);

          check_string_found (search, def->title, result_id);
          check_string_found (search, def->summary, result_id);
          for (guint j = 0; j < def->steps->len; j++)
            {
              const OkpStep *step = g_ptr_array_index (def->steps, j);

              check_string_found (search, step->title, result_id);
              check_string_found (search, step->detail, result_id);
              if (step->fallback != NULL)
                check_string_found (search, step->fallback, result_id);
              checked += 2;
            }
        }

      items = okp_guide_get_channels (guide);
      for (guint i = 0; i < items->len; i++)
        {
          const OkpChannelDef *def = g_ptr_array_index (items, i);
          g_autofree char *result_id = g_strconcat ("contact:", def->id, NULL);

          check_string_found (search, def->title, result_id);
          check_string_found (search, def->when, result_id);
          check_string_found (search, def->expect, result_id);
          check_string_found (search, def->ready, result_id);
          checked += 4;
        }

      g_assert_cmpuint (checked, >, 100);
    }
}

/* Title matches are listed before text matches, and a group whose best
 * result is a title match comes before one whose best is in the text. */
static void
test_search_order (void)
{
  g_autoptr(GPtrArray) results = okp_search_query (english, "withdraw");
  const OkpSearchResult *result;

  /* "Withdrawal blocked" (checklist title), "What should I do when I have
   * trouble withdrawing money?" (section title), then the introduction,
   * which mentions it in its text. */
  g_assert_cmpuint (results->len, ==, 3);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->result_id, ==, "checklist:withdrawal");
  result = g_ptr_array_index (results, 1);
  g_assert_cmpstr (result->result_id, ==, "section:question-withdrawal");
  g_assert_cmpint (result->rank, ==, OKP_SEARCH_RANK_TITLE);
  result = g_ptr_array_index (results, 2);
  g_assert_cmpstr (result->result_id, ==, "section:introduction");
  g_assert_cmpint (result->rank, ==, OKP_SEARCH_RANK_TEXT);
  g_assert_cmpint (result->block, ==, 0);
}

/* A snippet is the match in a little context, cut at words in English and
 * marked with an ellipsis where it was cut. */
static void
test_search_snippet (void)
{
  g_autoptr(GPtrArray) results = okp_search_query (english, "has been forgotten");
  gboolean seen = FALSE;

  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      if (!g_str_equal (result->result_id, "section:question-login"))
        continue;

      seen = TRUE;
      g_assert_nonnull (result->snippet);
      g_assert_true (g_str_has_prefix (result->snippet, "…"));
      g_assert_true (g_str_has_suffix (result->snippet, "…"));
      g_assert_cmpuint (g_utf8_strlen (result->snippet, -1), <=, 96 + 2);
      /* Cut after a space, before a space: whole words. */
      g_assert_cmpint (result->snippet[strlen ("…")], !=, ' ');
      g_assert_cmpint (result->snippet[strlen (result->snippet) - strlen ("…") - 1], !=, ' ');
      g_assert_true (strncmp (result->snippet + result->snippet_start, "has been forgotten", 18) == 0);
    }

  g_assert_true (seen);
}

static const char folding_guide[] =
  "<guide>"
  "<section id=\"a\"><title>Straße café</title>"
  "<p>Ｆｕｌｌ-width ｶﾀｶﾅ and the ﬁrst ligature, then cafe\xcc\x81 decomposed.</p>"
  "</section>"
  "</guide>";

typedef struct {
  const char *query;
  const char *match;
} Fold;

static void
test_search_folding (void)
{
  static const Fold folds[] = {
    { "STRASSE", "Straße" },          /* case folding lengthens ß */
    { "ss", "ß" },                    /* half of what ß folds to covers all of it */
    { "CAFÉ", "café" },
    { "cafe\xcc\x81", "café" },       /* decomposed query, composed text */
    { "full-width", "Ｆｕｌｌ-width" }, /* half-width query, full-width text */
    { "カタカナ", "ｶﾀｶﾅ" },           /* full-width query, half-width katakana */
    { "first", "ﬁrst" },              /* compatibility ligature */
    { "café decomposed", "cafe\xcc\x81 decomposed" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = okp_guide_new_from_data (folding_guide, -1, NULL, &error);
  g_autoptr(OkpSearch) search = NULL;

  g_assert_no_error (error);
  search = okp_search_new (guide);

  for (guint i = 0; i < G_N_ELEMENTS (folds); i++)
    {
      g_autoptr(GPtrArray) results = okp_search_query (search, folds[i].query);
      g_autofree char *match = NULL;

      g_test_message ("query %s", folds[i].query);
      g_assert_cmpuint (results->len, ==, 1);
      match = okp_search_result_dup_match (g_ptr_array_index (results, 0));
      g_assert_cmpstr (match, ==, folds[i].match);
      assert_match_offsets (g_ptr_array_index (results, 0));
    }
}

static void
test_search_fold (void)
{
  g_autofree char *a = okp_search_fold ("  ＡＢＣ\u3000def  Straße ");
  g_autofree char *b = okp_search_fold ("\xff");

  g_assert_cmpstr (a, ==, "abc def strasse");
  g_assert_null (b);
}

static OkpSearch *
load (const char *domain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;

  g_resources_register (okp_get_resource ());
  guide = okp_guide_new_from_resource (RESOURCE_PREFIX "/guide/guide.xml", domain, &error);
  g_assert_no_error (error);

  return okp_search_new (guide);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  int status;

  /* As in test-guide: the Chinese catalog from the build tree, through
   * LANGUAGE; the English guide is the untranslated one. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  english = load (NULL);
  chinese = load (GETTEXT_PACKAGE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/okp/search/query/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_search_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no_results); i++)
    {
      g_autofree char *path = g_strdup_printf ("/okp/search/no-result/%s", no_results[i].name);
      g_test_add_data_func (path, &no_results[i], test_search_no_result);
    }
  g_test_add_func ("/okp/search/long-query", test_search_long_query);
  g_test_add_func ("/okp/search/finds-safety", test_search_finds_safety);
  g_test_add_func ("/okp/search/highlight-is-the-query", test_search_highlight_is_the_query);
  g_test_add_func ("/okp/search/finds-every-string", test_search_finds_every_string);
  g_test_add_func ("/okp/search/order", test_search_order);
  g_test_add_func ("/okp/search/snippet", test_search_snippet);
  g_test_add_func ("/okp/search/folding", test_search_folding);
  g_test_add_func ("/okp/search/fold", test_search_fold);

  status = g_test_run ();

  g_clear_object (&english);
  g_clear_object (&chinese);

  return status;
}
