/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-bench-baseline"

#include "config.h"

#include <errno.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <unistd.h>
#include <webkit/webkit.h>

/*
 * The yardstick for the benchmarks: the smallest GTK 4 program that opens a
 * window with a WebKitWebView showing one static HTML page. The benchmark
 * runner gives it a page of the same size as the guide's first section, and
 * it reports the same two moments the application's guide view reports (see
 * okp-guide-view.c), in the same format, to the file descriptor named by
 * OKP_BENCH_FD: when the page has finished loading, and when the first frame
 * after that has been painted.
 *
 * usage: okp-bench-baseline PAGE.html [WIDTH HEIGHT]
 */

static int report_fd = 2;
static gboolean painted;

static void
report (const char *what)
{
  char line[64];
  int length = g_snprintf (line, sizeof line, "%s %" G_GINT64_FORMAT "\n",
                           what, g_get_monotonic_time ());

  if (write (report_fd, line, length) != length)
    g_warning ("Could not report “%s”: %s", what, g_strerror (errno));
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  report ("painted");
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  GdkFrameClock *clock;

  if (event != WEBKIT_LOAD_FINISHED || painted)
    return;

  painted = TRUE;
  report ("loaded");

  /* The first frame drawn from now on; a redraw is asked for so that one
   * comes even if nothing else would. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (web_view));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (web_view));
}

static void
destroy_cb (GtkWidget *window,
            gpointer   user_data)
{
  *(gboolean *) user_data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *fd = g_getenv ("OKP_BENCH_FD");
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *web_view;
  gboolean done = FALSE;
  int width = 960;
  int height = 700;

  if (argc != 2 && argc != 4)
    {
      g_printerr ("usage: %s PAGE.html [WIDTH HEIGHT]\n", argv[0]);
      return 2;
    }

  if (fd != NULL && *fd != '\0')
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (fd, 10, 0, G_MAXINT, &value, &error))
        {
          g_printerr ("OKP_BENCH_FD: %s\n", error->message);
          return 2;
        }
      report_fd = (int) value;
    }

  if (argc == 4)
    {
      width = atoi (argv[2]);
      height = atoi (argv[3]);
    }

  uri = g_filename_to_uri (argv[1], NULL, &error);
  if (uri == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Baseline");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_signal_connect (window, "destroy", G_CALLBACK (destroy_cb), &done);

  web_view = webkit_web_view_new ();
  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), NULL);
  gtk_window_set_child (GTK_WINDOW (window), web_view);
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (web_view), uri);

  gtk_window_present (GTK_WINDOW (window));

  while (!done)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}
