/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-bench-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "okp-application.h"
#include "okp-bench-util.h"
#include "okp-page.h"
#include "okp-checklist-page.h"
#include "okp-guide-view.h"
#include "okp-search-panel.h"
#include "okp-window.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

/*
 * The user's actions, timed in the real window: this program runs the
 * application itself (OkpApplication, its window, its store) and drives it
 * by doing what a click or a key press does to the widgets: activating a
 * sidebar row, activating a step's check box, typing into the search
 * entry. Times run from just before the action to the first frame painted
 * after it (GdkFrameClock::after-paint), or, for a tick, to the moment the
 * progress file is durable on disk.
 *
 * usage: okp-bench-ui [--repeat N] [--ticks N] [--switches N] QUERY...
 *
 * The queries are typed a character at a time into the search entry; they
 * should be in the language of the locale the program runs in.
 */

#define TIMEOUT_S 60

typedef struct {
  OkpApplication   *app;
  OkpWindow        *window;
  OkpGuide         *guide;
  OkpProgressStore *store;
  OkpGuideView     *guide_view;
  WebKitWebView    *web_view;
  OkpChecklistPage *checklist_page;
  OkpSearchPanel   *search_panel;
  GtkEditable      *search_entry;

  guint             repeat;
  guint             ticks;
  guint             switches;
  char            **queries;

  /* Set by the signal handlers the waits below connect. */
  gboolean          loaded;
  gboolean          painted;
  gint64            painted_at;

  /* How long the last show_page() spent in the row's handler. */
  double            handler_ms;
} Bench;

/* Waiting */

static gboolean
timed_out_cb (gpointer user_data)
{
  g_error ("Timed out: %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
iterate_until (gboolean   *flag,
               const char *what)
{
  guint timeout_id = g_timeout_add_seconds (TIMEOUT_S, timed_out_cb, (gpointer) what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout_id);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms: whatever was scheduled (a save, a redraw,
 * a garbage collection in the web process) gets its chance. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  iterate_until (&done, "settling");
}

static void
drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->painted = TRUE;
  bench->painted_at = g_get_monotonic_time ();
}

/* Waits for the next frame to be painted and returns when it was; the
 * handler is connected before anything is done so that no frame is
 * missed. */
static void
paint_watch_start (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));

  bench->painted = FALSE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static gint64
paint_watch_finish (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));

  iterate_until (&bench->painted, "a frame");
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, bench);

  return bench->painted_at;
}

static void
wait_for_paint (Bench *bench)
{
  paint_watch_start (bench);
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
  paint_watch_finish (bench);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Bench           *bench)
{
  if (event == WEBKIT_LOAD_FINISHED)
    bench->loaded = TRUE;
}

/* Finding the widgets, as a user finds them: by walking the window */

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *data_key,
             const char *data_value)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (data_key == NULL ||
       g_strcmp0 (g_object_get_data (G_OBJECT (root), data_key), data_value) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, data_key, data_value);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_widgets (GtkWidget  *root,
                 GType       type,
                 const char *data_key,
                 GPtrArray  *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_object_get_data (G_OBJECT (root), data_key) != NULL)
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, data_key, found);
}

/* The row under @root whose page (an OkpPage, as the sidebar keeps it) is
 * written @page. */
static GtkWidget *
find_page_row (GtkWidget  *root,
               const char *page)
{
  const OkpPage *row_page = g_object_get_data (G_OBJECT (root), "okp-page");

  if (GTK_IS_LIST_BOX_ROW (root) && row_page != NULL)
    {
      g_autofree char *text = okp_page_to_string (row_page);

      if (g_strcmp0 (text, page) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page_row (child, page);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The sidebar row of a page ("section:ID" or "checklist:ID"). */
static GtkWidget *
sidebar_row (Bench      *bench,
             const char *page)
{
  GtkWidget *row = find_page_row (GTK_WIDGET (bench->window), page);

  if (row == NULL)
    g_error ("No sidebar row for %s", page);

  return row;
}

/* Going to a page as a click on its sidebar row does, and waiting until it
 * is on screen: for a guide section, loaded and painted. Returns the time
 * it took, in milliseconds. */
static double
show_page (Bench      *bench,
           const char *page)
{
  GtkWidget *row = sidebar_row (bench, page);
  gboolean loads = g_str_has_prefix (page, "section:") &&
                   g_strcmp0 (okp_guide_view_get_section_id (bench->guide_view),
                              page + strlen ("section:")) != 0;
  gint64 start;

  bench->loaded = FALSE;
  paint_watch_start (bench);

  start = g_get_monotonic_time ();
  gtk_widget_activate (row);
  bench->handler_ms = okp_bench_ms_since (start);

  /* A frame even if the page was already there and nothing changed. */
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));

  if (loads)
    {
      /* The frame that counts is the first after the page loaded. */
      iterate_until (&bench->loaded, page);
      paint_watch_finish (bench);
      paint_watch_start (bench);
      gtk_widget_queue_draw (GTK_WIDGET (bench->web_view));
    }

  return (paint_watch_finish (bench) - start) / 1000.0;
}

static GPtrArray *
step_checks (Bench *bench)
{
  GPtrArray *checks = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (bench->checklist_page), GTK_TYPE_CHECK_BUTTON, "okp-step-id",
                   checks);
  if (checks->len == 0)
    g_error ("The checklist page shows no step");

  return checks;
}

static gint64
median3 (gint64 a,
         gint64 b,
         gint64 c)
{
  return MAX (MIN (a, b), MIN (MAX (a, b), c));
}

/* The memory of this process and of the WebKit processes it started, once
 * what was going to be written, drawn and collected has been: the median
 * of three readings half a second apart, so that a passing allocation
 * (a timer's, a frame's) does not count. */
static OkpBenchMemory
memory_kib (Bench *bench)
{
  OkpBenchMemory readings[3];
  OkpBenchMemory memory;
  guint n_processes = 0;

  okp_progress_store_flush (bench->store);
  wait_for_paint (bench);
  settle (1000);

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      g_autoptr(GString) details = g_string_new (NULL);

      if (i > 0)
        settle (500);
      n_processes = okp_bench_tree_memory_kib (getpid (), &readings[i], details);
      if (i == 0)
        g_printerr ("  memory: %s\n", details->str);
    }

  memory.pss = median3 (readings[0].pss, readings[1].pss, readings[2].pss);
  memory.private = median3 (readings[0].private, readings[1].private, readings[2].private);
  g_printerr ("  memory: %" G_GINT64_FORMAT " KiB PSS, %" G_GINT64_FORMAT " KiB private "
              "in %u processes\n", memory.pss, memory.private, n_processes);
  return memory;
}

static void
emit_memory_point (const char     *what,
                   const char     *when,
                   OkpBenchMemory  memory)
{
  g_autofree char *pss = g_strdup_printf ("memory.%s.%s", what, when);
  g_autofree char *private = g_strdup_printf ("memory.%s.%s-private", what, when);

  okp_bench_emit_value (pss, "KiB", memory.pss);
  okp_bench_emit_value (private, "KiB", memory.private);
}

/* Memory after the first operation, after the first pass over everything
 * (each step ticked and unticked, each page shown: the caches of what is
 * drawn are full then), and after all of them. */
static void
emit_memory (const char     *what,
             OkpBenchMemory  first,
             OkpBenchMemory  pass,
             OkpBenchMemory  after)
{
  emit_memory_point (what, "first", first);
  emit_memory_point (what, "pass", pass);
  emit_memory_point (what, "after", after);
  g_printerr ("%s: %+.2f MiB PSS, %+.2f MiB private; after the first pass %+.2f MiB private\n",
              what, (after.pss - first.pss) / 1024.0, (after.private - first.private) / 1024.0,
              (after.private - pass.private) / 1024.0);
}

/* The benchmarks */

/* Opening a checklist from a guide page: the click on its sidebar row to
 * the first frame that shows it, for each checklist in turn. */
static void
bench_open_checklist (Bench *bench)
{
  GPtrArray *sections = okp_guide_get_sections (bench->guide);
  GPtrArray *checklists = okp_guide_get_checklists (bench->guide);
  g_autoptr(OkpBenchSeries) open = okp_bench_series_new ("open-checklist", "ms");
  g_autoptr(OkpBenchSeries) handler = okp_bench_series_new ("open-checklist.handler", "ms");
  g_autoptr(OkpBenchSeries) section = okp_bench_series_new ("open-section", "ms");

  for (guint i = 0; i < bench->repeat + 1; i++)
    {
      const OkpSection *s = g_ptr_array_index (sections, (i + 1) % sections->len);
      const OkpChecklistDef *c = g_ptr_array_index (checklists, i % checklists->len);
      g_autofree char *section_page = g_strconcat ("section:", s->id, NULL);
      g_autofree char *checklist_page = g_strconcat ("checklist:", c->id, NULL);
      double section_ms = show_page (bench, section_page);
      double checklist_ms;

      settle (100);
      checklist_ms = show_page (bench, checklist_page);
      settle (100);

      /* The first of each is the first time its widgets are made. */
      if (i == 0)
        {
          okp_bench_emit_value ("open-checklist.first", "ms", checklist_ms);
          continue;
        }

      okp_bench_series_add (section, section_ms);
      okp_bench_series_add (open, checklist_ms);
      okp_bench_series_add (handler, bench->handler_ms);
    }

  okp_bench_series_emit (open);
  okp_bench_series_emit (handler);
  okp_bench_series_emit (section);
  g_printerr ("open checklist: median %.1f ms; open section: median %.1f ms\n",
              okp_bench_series_median (open), okp_bench_series_median (section));
}

/* Ticking a step until the change is durable on disk: the step's check box
 * activated as a click does, then the store's pending save done at once
 * (it is otherwise scheduled a moment later, so that quick ticks are
 * written together). The save alone is timed too, and alternates with a
 * bare g_file_set_contents_full() of the same bytes in the same folder,
 * the floor for any durable save. */
static void
bench_tick (Bench *bench)
{
  const OkpChecklistDef *def = g_ptr_array_index (okp_guide_get_checklists (bench->guide), 0);
  g_autofree char *page = g_strconcat ("checklist:", def->id, NULL);
  const char *path = okp_progress_store_get_path (bench->store);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *bare_path = g_build_filename (dir, "bench-bare-write.json", NULL);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(OkpBenchSeries) tick = okp_bench_series_new ("tick.durable", "ms");
  g_autoptr(OkpBenchSeries) save = okp_bench_series_new ("tick.save", "ms");
  g_autoptr(OkpBenchSeries) bare = okp_bench_series_new ("tick.bare-write", "ms");
  g_autoptr(OkpBenchSeries) scheduled = okp_bench_series_new ("tick.scheduled", "ms");
  g_autoptr(OkpBenchSeries) size = okp_bench_series_new ("tick.file-size", "bytes");
  guint n = MAX (bench->repeat, 10) * 4;

  show_page (bench, page);
  checks = step_checks (bench);

  for (guint i = 0; i < n + 1; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i % checks->len);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;
      gint64 start, saving;
      double tick_ms, save_ms, bare_ms;

      wait_for_paint (bench);

      start = g_get_monotonic_time ();
      gtk_widget_activate (check);
      saving = g_get_monotonic_time ();
      okp_progress_store_flush (bench->store);
      tick_ms = okp_bench_ms_since (start);
      save_ms = okp_bench_ms_since (saving);

      if (okp_progress_store_get_dirty (bench->store))
        g_error ("The progress was not saved");
      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("%s", error->message);

      wait_for_paint (bench);

      start = g_get_monotonic_time ();
      if (!g_file_set_contents_full (bare_path, contents, length,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0600, &error))
        g_error ("%s", error->message);
      bare_ms = okp_bench_ms_since (start);

      /* The first save creates the file and its folder. */
      if (i == 0)
        continue;

      okp_bench_series_add (tick, tick_ms);
      okp_bench_series_add (save, save_ms);
      okp_bench_series_add (bare, bare_ms);
      okp_bench_series_add (size, length);
    }

  /* The save as it happens when the user just ticks: scheduled. */
  for (guint i = 0; i < 5; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i % checks->len);
      gint64 start;

      wait_for_paint (bench);
      start = g_get_monotonic_time ();
      gtk_widget_activate (check);
      while (okp_progress_store_get_dirty (bench->store))
        g_main_context_iteration (NULL, TRUE);
      okp_bench_series_add (scheduled, okp_bench_ms_since (start));
    }

  g_unlink (bare_path);

  okp_bench_series_emit (tick);
  okp_bench_series_emit (save);
  okp_bench_series_emit (bare);
  okp_bench_series_emit (scheduled);
  okp_bench_series_emit (size);
  g_printerr ("tick until durable: median %.2f ms, of which the save %.2f ms; "
              "bare durable write: median %.2f ms\n", okp_bench_series_median (tick),
              okp_bench_series_median (save), okp_bench_series_median (bare));
}

/* Typing into the sidebar's search entry: each character inserted as a
 * key press inserts it, and the entry's search-changed (which GTK emits
 * after a pause in typing) emitted at once, so what is timed is the work
 * of one keystroke: the search and the new list of results. The frame
 * showing them is timed too. */
static void
bench_search (Bench *bench)
{
  g_autoptr(OkpBenchSeries) keystroke = okp_bench_series_new ("search.window.keystroke", "ms");
  g_autoptr(OkpBenchSeries) painted = okp_bench_series_new ("search.window.keystroke-painted",
                                                            "ms");

  for (guint r = 0; r < bench->repeat + 1; r++)
    {
      for (char **query = bench->queries; *query != NULL; query++)
        {
          okp_search_panel_start (bench->search_panel, "");
          wait_for_paint (bench);

          for (const char *p = *query; *p != '\0'; p = g_utf8_next_char (p))
            {
              int position = -1;
              gint64 start;
              double ms;

              paint_watch_start (bench);
              start = g_get_monotonic_time ();
              position = gtk_editable_get_position (bench->search_entry);
              gtk_editable_insert_text (bench->search_entry, p, g_utf8_next_char (p) - p,
                                        &position);
              gtk_editable_set_position (bench->search_entry, position);
              g_signal_emit_by_name (bench->search_entry, "search-changed");
              ms = okp_bench_ms_since (start);

              /* The first round includes the first search ever made. */
              if (r > 0)
                okp_bench_series_add (keystroke, ms);
              ms = (paint_watch_finish (bench) - start) / 1000.0;
              if (r > 0)
                okp_bench_series_add (painted, ms);
            }

          okp_search_panel_stop (bench->search_panel);
        }
    }

  wait_for_paint (bench);

  okp_bench_series_emit (keystroke);
  okp_bench_series_emit (painted);
  g_printerr ("search in the window: median %.3f ms a keystroke, %.1f ms to the screen\n",
              okp_bench_series_median (keystroke), okp_bench_series_median (painted));
}

/* Memory after many ticks and unticks, against memory after the first. */
static void
bench_tick_memory (Bench *bench)
{
  const OkpChecklistDef *def = g_ptr_array_index (okp_guide_get_checklists (bench->guide), 0);
  g_autofree char *page = g_strconcat ("checklist:", def->id, NULL);
  g_autoptr(GPtrArray) checks = NULL;
  OkpBenchMemory first, pass = { 0 }, after;
  guint pass_end;
  gint64 start;

  show_page (bench, page);
  checks = step_checks (bench);
  pass_end = 2 * checks->len;

  gtk_widget_activate (g_ptr_array_index (checks, 0));
  first = memory_kib (bench);

  start = g_get_monotonic_time ();
  for (guint i = 1; i < bench->ticks; i++)
    {
      /* Round the steps: every step is ticked, then every one unticked. */
      gtk_widget_activate (g_ptr_array_index (checks, i % checks->len));
      drain ();
      if (i % 64 == 0)
        wait_for_paint (bench);
      if (i + 1 == pass_end)
        pass = memory_kib (bench);
    }
  okp_bench_emit_value ("ticks.duration", "ms", okp_bench_ms_since (start));

  after = memory_kib (bench);

  okp_bench_emit_value ("memory.ticks.count", "count", bench->ticks);
  emit_memory ("ticks", first, pass_end < bench->ticks ? pass : first, after);
}

/* Memory after many page switches (a section, a checklist, the next
 * section, …), against memory after the first. */
static void
bench_switch_memory (Bench *bench)
{
  GPtrArray *sections = okp_guide_get_sections (bench->guide);
  GPtrArray *checklists = okp_guide_get_checklists (bench->guide);
  g_autoptr(OkpBenchSeries) section = okp_bench_series_new ("switch.section", "ms");
  g_autoptr(OkpBenchSeries) checklist = okp_bench_series_new ("switch.checklist", "ms");
  OkpBenchMemory first = { 0 }, pass = { 0 }, after;
  guint pass_end = 2 * MAX (sections->len, checklists->len);
  gint64 start = 0;

  for (guint i = 0; i < bench->switches; i++)
    {
      g_autofree char *page = NULL;

      if (i % 2 == 0)
        {
          const OkpSection *s = g_ptr_array_index (sections, (i / 2) % sections->len);
          page = g_strconcat ("section:", s->id, NULL);
          okp_bench_series_add (section, show_page (bench, page));
        }
      else
        {
          const OkpChecklistDef *c = g_ptr_array_index (checklists, (i / 2) % checklists->len);
          page = g_strconcat ("checklist:", c->id, NULL);
          okp_bench_series_add (checklist, show_page (bench, page));
        }

      if (i == 0)
        {
          first = memory_kib (bench);
          start = g_get_monotonic_time ();
        }
      if (i + 1 == pass_end)
        pass = memory_kib (bench);
    }
  okp_bench_emit_value ("switches.duration", "ms", okp_bench_ms_since (start));

  after = memory_kib (bench);

  okp_bench_series_emit (section);
  okp_bench_series_emit (checklist);
  okp_bench_emit_value ("memory.switches.count", "count", bench->switches);
  emit_memory ("switches", first, pass_end < bench->switches ? pass : first, after);
}

static gboolean
run_cb (gpointer user_data)
{
  Bench *bench = user_data;

  bench->guide = okp_application_get_guide (bench->app);
  bench->store = okp_application_get_progress_store (bench->app);
  bench->guide_view = OKP_GUIDE_VIEW (find_widget (GTK_WIDGET (bench->window),
                                                   OKP_TYPE_GUIDE_VIEW, NULL, NULL));
  bench->checklist_page = OKP_CHECKLIST_PAGE (find_widget (GTK_WIDGET (bench->window),
                                                           OKP_TYPE_CHECKLIST_PAGE, NULL, NULL));
  bench->search_panel = OKP_SEARCH_PANEL (find_widget (GTK_WIDGET (bench->window),
                                                       OKP_TYPE_SEARCH_PANEL, NULL, NULL));
  g_assert (bench->guide_view != NULL);
  g_assert (bench->checklist_page != NULL);
  g_assert (bench->search_panel != NULL);
  bench->search_entry = GTK_EDITABLE (find_widget (GTK_WIDGET (bench->search_panel),
                                                   GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
  g_assert (bench->search_entry != NULL);
  bench->web_view = okp_guide_view_get_web_view (bench->guide_view);
  g_signal_connect (bench->web_view, "load-changed", G_CALLBACK (load_changed_cb), bench);

  /* The first page, as at start-up. */
  while (webkit_web_view_is_loading (bench->web_view))
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (bench);
  settle (500);

  bench_open_checklist (bench);
  bench_tick (bench);
  if (bench->queries[0] != NULL)
    bench_search (bench);
  bench_tick_memory (bench);
  bench_switch_memory (bench);

  g_action_group_activate_action (G_ACTION_GROUP (bench->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (bench->window != NULL || !OKP_IS_WINDOW (window))
    return;

  /* The window sets itself up once it has its application: start once
   * the main loop runs again. */
  bench->window = OKP_WINDOW (window);
  g_idle_add (run_cb, bench);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkpApplication) app = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  char *app_argv[] = { argv[0], NULL };
  int repeat = 10;
  int ticks = 10000;
  int switches = 1000;
  Bench bench = { 0 };
  const GOptionEntry entries[] = {
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Measure each action N times", "N" },
    { "ticks", 0, 0, G_OPTION_ARG_INT, &ticks, "Tick and untick N times for memory", "N" },
    { "switches", 0, 0, G_OPTION_ARG_INT, &switches, "Switch pages N times for memory", "N" },
    { NULL }
  };

  /* As the application does (src/main.c). */
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new ("QUERY… — time the user's actions in the window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (repeat < 1 || ticks < 2 || switches < 2)
    {
      g_printerr ("--repeat must be at least 1, --ticks and --switches at least 2\n");
      return 2;
    }

  bench.repeat = repeat;
  bench.ticks = ticks;
  bench.switches = switches;
  bench.queries = argv + 1;

  app = okp_application_new ();
  bench.app = app;
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &bench);

  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
