/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-history"

#include "config.h"

#include "okp-history.h"

#include "okp-page.h"

/*
 * Back and Forward as a help viewer does them, step by step, with the
 * notifications a window's buttons follow.
 */

typedef struct {
  guint back;
  guint forward;
} Notified;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notified   *notified)
{
  if (g_str_equal (pspec->name, "can-go-back"))
    notified->back++;
  else
    notified->forward++;
}

/* Pages are written here as the settings write them, to read easily. */
static void
visit (OkpHistory *history,
       const char *place)
{
  g_autoptr(OkpPage) page = okp_page_parse (place);

  g_assert_nonnull (page);
  okp_history_visit (history, page);
}

static void
assert_page (const OkpPage *page,
             const char    *expected)
{
  g_autofree char *text = page != NULL ? okp_page_to_string (page) : NULL;

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_state (OkpHistory *history,
              const char *current,
              gboolean    back,
              gboolean    forward)
{
  assert_page (okp_history_get_current (history), current);
  g_assert_cmpint (okp_history_can_go_back (history), ==, back);
  g_assert_cmpint (okp_history_can_go_forward (history), ==, forward);
}

static void
test_history_back_forward (void)
{
  g_autoptr(OkpHistory) history = okp_history_new (50);
  Notified notified = { 0 };

  g_signal_connect (history, "notify", G_CALLBACK (notify_cb), &notified);

  assert_state (history, NULL, FALSE, FALSE);
  g_assert_null (okp_history_go_back (history));
  g_assert_null (okp_history_go_forward (history));

  visit (history, "section:introduction");
  assert_state (history, "section:introduction", FALSE, FALSE);
  g_assert_cmpuint (notified.back, ==, 0);

  visit (history, "checklist:login");
  assert_state (history, "checklist:login", TRUE, FALSE);
  g_assert_cmpuint (notified.back, ==, 1);

  /* Showing the same place again is not a new place. */
  visit (history, "checklist:login");
  assert_state (history, "checklist:login", TRUE, FALSE);

  visit (history, "section:conclusion");
  g_assert_cmpuint (notified.back, ==, 1);

  assert_page (okp_history_go_back (history), "checklist:login");
  assert_state (history, "checklist:login", TRUE, TRUE);
  g_assert_cmpuint (notified.forward, ==, 1);

  assert_page (okp_history_go_back (history), "section:introduction");
  assert_state (history, "section:introduction", FALSE, TRUE);
  g_assert_cmpuint (notified.back, ==, 2);
  g_assert_null (okp_history_go_back (history));

  assert_page (okp_history_go_forward (history), "checklist:login");
  assert_state (history, "checklist:login", TRUE, TRUE);

  /* A new place after going back drops what was ahead. */
  visit (history, "section:overview");
  assert_state (history, "section:overview", TRUE, FALSE);
  assert_page (okp_history_go_back (history), "checklist:login");
  assert_page (okp_history_go_back (history), "section:introduction");
  g_assert_null (okp_history_go_back (history));
  assert_page (okp_history_go_forward (history), "checklist:login");
  assert_page (okp_history_go_forward (history), "section:overview");
  g_assert_null (okp_history_go_forward (history));
}

static void
test_history_limit (void)
{
  g_autoptr(OkpHistory) history = okp_history_new (3);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *place = g_strdup_printf ("section:s%u", i);
      visit (history, place);
    }

  /* The oldest places went. */
  assert_page (okp_history_go_back (history), "section:s8");
  assert_page (okp_history_go_back (history), "section:s7");
  g_assert_null (okp_history_go_back (history));
  assert_state (history, "section:s7", FALSE, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/history/back-forward", test_history_back_forward);
  g_test_add_func ("/okp/history/limit", test_history_limit);

  return g_test_run ();
}
