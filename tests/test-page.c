/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-page"

#include "config.h"

#include "okp-page.h"

/*
 * A page read from a setting or a D-Bus call and written back: every kind
 * goes round, and anything else is refused rather than guessed at.
 */

static void
test_page_round_trip (void)
{
  static const struct {
    const char  *text;
    OkpPageKind  kind;
    const char  *id;
  } cases[] = {
    { "section:introduction", OKP_PAGE_SECTION, "introduction" },
    { "checklist:login", OKP_PAGE_CHECKLIST, "login" },
    { "contact:chat", OKP_PAGE_CONTACT, "chat" },
    /* Only the first colon separates: an id may hold one. */
    { "section:a:b", OKP_PAGE_SECTION, "a:b" },
    { "checklist:提现", OKP_PAGE_CHECKLIST, "提现" },
    /* The start page has no id of its own. */
    { "start", OKP_PAGE_START, "start" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OkpPage) page = okp_page_parse (cases[i].text);
      g_autoptr(OkpPage) made = okp_page_new (cases[i].kind, cases[i].id);
      g_autoptr(OkpPage) copy = NULL;
      g_autofree char *text = NULL;

      g_assert_nonnull (page);
      g_assert_cmpint (page->kind, ==, cases[i].kind);
      g_assert_cmpstr (page->id, ==, cases[i].id);
      g_assert_true (okp_page_equal (page, made));

      text = okp_page_to_string (made);
      g_assert_cmpstr (text, ==, cases[i].text);

      copy = okp_page_copy (page);
      g_assert_true (copy != page);
      g_assert_true (okp_page_equal (copy, page));
    }
}

static void
test_page_refused (void)
{
  static const char * const bad[] = {
    "", "section", "section:", ":login", "page:login", "Section:login",
    "sectio:login", "sections:login", "checklist login", "contact",
    "start:start", "start:", "Start", "start ",
  };

  g_assert_null (okp_page_parse (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OkpPage) page = okp_page_parse (bad[i]);

      if (page != NULL)
        g_error ("“%s” was read as a page", bad[i]);
    }
}

static void
test_page_equal (void)
{
  g_autoptr(OkpPage) section = okp_page_new (OKP_PAGE_SECTION, "login");
  g_autoptr(OkpPage) checklist = okp_page_new (OKP_PAGE_CHECKLIST, "login");
  g_autoptr(OkpPage) other = okp_page_new (OKP_PAGE_SECTION, "overview");

  /* The same id in another kind is another place. */
  g_assert_false (okp_page_equal (section, checklist));
  g_assert_false (okp_page_equal (section, other));
  g_assert_false (okp_page_equal (section, NULL));
  g_assert_false (okp_page_equal (NULL, section));
  g_assert_true (okp_page_equal (NULL, NULL));
  g_assert_cmpstr (okp_page_kind_to_string (OKP_PAGE_CONTACT), ==, "contact");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/page/round-trip", test_page_round_trip);
  g_test_add_func ("/okp/page/refused", test_page_refused);
  g_test_add_func ("/okp/page/equal", test_page_equal);

  return g_test_run ();
}
