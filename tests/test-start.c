/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-start"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "okp-start.h"

/*
 * The start page's model: every problem with its progress, in the guide's
 * order, and the one to continue, which is the one worked on last among
 * those started and not solved.
 */

static const char content[] =
  "<guide>"
  "<section id=\"s\"><title>S</title><p>x</p></section>"
  "<checklist id=\"alpha\" section=\"s\"><title>Alpha</title><symptom>A hurts</symptom>"
  "<summary>S.</summary>"
  "<step id=\"a1\"><title>T</title><detail>D</detail></step>"
  "<step id=\"a2\"><title>T</title><detail>D</detail></step></checklist>"
  "<checklist id=\"beta\" section=\"s\"><title>Beta</title><summary>S.</summary>"
  "<step id=\"b1\"><title>T</title><detail>D</detail></step>"
  "<step id=\"b2\"><title>T</title><detail>D</detail></step>"
  "<step id=\"b3\"><title>T</title><detail>D</detail></step></checklist>"
  "<checklist id=\"gamma\" section=\"s\"><title>Gamma</title><summary>S.</summary>"
  "<step id=\"g1\"><title>T</title><detail>D</detail></step></checklist>"
  "</guide>";

typedef struct {
  char             *dir;
  OkpGuide         *guide;
  OkpProgressStore *store;
  gint64            now;
} Fixture;

static gint64
fixture_clock (gpointer data)
{
  Fixture *f = data;

  return f->now;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("test-start-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "progress.json", NULL);
  f->guide = okp_guide_new_from_data (content, -1, NULL, &error);
  g_assert_no_error (error);
  f->store = okp_progress_store_new (path);
  f->now = 1700000000;
  okp_progress_store_set_clock (f->store, fixture_clock, f);
  g_assert_cmpint (okp_progress_store_load (f->store, NULL), ==, OKP_STORE_STATUS_NEW);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "progress.json", NULL);

  g_clear_object (&f->store);
  g_clear_object (&f->guide);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
test_problems_listed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GArray) problems = NULL;
  const OkpProblem *p;

  okp_progress_store_set_step_done (f->store, "beta", "b2", TRUE);
  okp_progress_store_set_step_done (f->store, "gamma", "g1", TRUE);
  okp_progress_store_set_solved (f->store, "gamma", TRUE);

  problems = okp_start_list_problems (f->guide, f->store);
  g_assert_cmpuint (problems->len, ==, 3);

  p = &g_array_index (problems, OkpProblem, 0);
  g_assert_cmpstr (p->def->id, ==, "alpha");
  g_assert_cmpstr (p->def->symptom, ==, "A hurts");
  g_assert_cmpuint (p->done, ==, 0);
  g_assert_cmpuint (p->total, ==, 2);
  g_assert_false (okp_problem_is_started (p));
  g_assert_false (p->solved);

  p = &g_array_index (problems, OkpProblem, 1);
  g_assert_cmpstr (p->def->id, ==, "beta");
  g_assert_null (p->def->symptom);
  g_assert_cmpuint (p->done, ==, 1);
  g_assert_cmpuint (p->total, ==, 3);
  g_assert_true (okp_problem_is_started (p));

  p = &g_array_index (problems, OkpProblem, 2);
  g_assert_true (p->solved);
}

static void
test_nothing_under_way (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GArray) problems = okp_start_list_problems (f->guide, f->store);

  g_assert_null (okp_start_find_current (problems));
}

static void
test_current_is_last_worked_on (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) third = NULL;
  g_autoptr(GArray) fourth = NULL;

  okp_progress_store_set_step_done (f->store, "alpha", "a1", TRUE);
  f->now += 60;
  okp_progress_store_set_step_done (f->store, "beta", "b1", TRUE);
  first = okp_start_list_problems (f->guide, f->store);
  g_assert_cmpstr (okp_start_find_current (first)->def->id, ==, "beta");

  /* Working on alpha again makes it the current one. */
  f->now += 60;
  okp_progress_store_set_step_done (f->store, "alpha", "a2", TRUE);
  second = okp_start_list_problems (f->guide, f->store);
  g_assert_cmpstr (okp_start_find_current (second)->def->id, ==, "alpha");
  g_assert_cmpuint (okp_start_find_current (second)->done, ==, 2);

  /* A solved checklist is not offered, even the last one worked on. */
  f->now += 60;
  okp_progress_store_set_solved (f->store, "alpha", TRUE);
  third = okp_start_list_problems (f->guide, f->store);
  g_assert_cmpstr (okp_start_find_current (third)->def->id, ==, "beta");

  /* Nor one with every tick taken back. */
  f->now += 60;
  okp_progress_store_set_step_done (f->store, "beta", "b1", FALSE);
  fourth = okp_start_list_problems (f->guide, f->store);
  g_assert_null (okp_start_find_current (fourth));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/okp/start/problems-listed", Fixture, NULL, set_up, test_problems_listed, tear_down);
  g_test_add ("/okp/start/nothing-under-way", Fixture, NULL, set_up, test_nothing_under_way,
              tear_down);
  g_test_add ("/okp/start/current-is-last-worked-on", Fixture, NULL, set_up,
              test_current_is_last_worked_on, tear_down);

  return g_test_run ();
}
