/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-cli"

#include "config.h"

#include "okp-cli.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdarg.h>
#include <unistd.h>

#include "okp-checklist-printer.h"
#include "okp-checklist-progress.h"
#include "okp-content.h"
#include "okp-resources.h"
#include "okp-search.h"

static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Prints "  ID  TITLE  EXTRA" with the titles, and so the extras, lined
 * up; title_width is the widest title of the block, for the extras. */
static void
print_row (FILE       *out,
           const char *id,
           const char *title,
           int         title_width,
           const char *extra)
{
  int pad = 34 - display_width (id);

  fprintf (out, "  %s%*s%s", id, pad > 1 ? pad : 1, "", title);
  if (extra != NULL)
    fprintf (out, "%*s%s", MAX (title_width - display_width (title), 0) + 2, "", extra);
  fputc ('\n', out);
}

/**
 * okp_cli_print_list:
 * @guide: the guide
 * @store: (nullable): the saved progress, or %NULL to show none
 * @out: where to print
 *
 * Prints the guide's sections, then each checklist with its progress as
 * "done/total", for people and for scripts.
 */
void
okp_cli_print_list (OkpGuide         *guide,
                    OkpProgressStore *store,
                    FILE             *out)
{
  GPtrArray *sections = okp_guide_get_sections (guide);
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  int title_width = 0;

  fprintf (out, "%s\n", _("Guide sections:"));
  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      print_row (out, section->id, section->title, 0, NULL);
    }

  fputc ('\n', out);
  fprintf (out, "%s\n", _("Checklists:"));
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      title_width = MAX (title_width, display_width (def->title));
    }
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      guint done = store != NULL ? okp_checklist_progress_count_done (store, def) : 0;
      g_autofree char *progress = NULL;

      if (store != NULL && okp_progress_store_get_solved (store, def->id))
        /* Translators: a checklist's progress on the command line, e.g.
         * "2/6, solved"; keep the numbers together as they are */
        progress = g_strdup_printf (_("%u/%u, solved"), done, def->steps->len);
      else
        progress = g_strdup_printf ("%u/%u", done, def->steps->len);

      print_row (out, def->id, def->title, title_width, progress);
    }
}

/**
 * okp_cli_usage_error:
 * @format: printf()-style format of what is wrong
 *
 * Reports a mistake in the command line, with a pointer to `--help`, the
 * way command-line tools do.
 *
 * Returns: the exit status for usage errors, 2
 */
int
okp_cli_usage_error (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", g_get_prgname () != NULL ? g_get_prgname () : "okpay-help", message);
  /* Translators: after a mistake in the command line */
  g_printerr ("%s\n", _("Try “okpay-help --help” for more information."));

  return 2;
}

/**
 * okp_cli_finish_output:
 * @out: where a command printed its result
 *
 * Flushes @out and tells whether everything printed reached it: a full
 * disk or a closed pipe is a failure the user must hear of, not a
 * successful command with its output missing.
 *
 * Returns: %TRUE if everything was written; otherwise it says why on
 *   standard error
 */
gboolean
okp_cli_finish_output (FILE *out)
{
  int saved_errno;

  errno = 0;
  if (fflush (out) == 0 && !ferror (out))
    return TRUE;

  saved_errno = errno != 0 ? errno : EIO;
  clearerr (out);
  /* Translators: %s is the system's reason, e.g. "No space left on device" */
  g_printerr (_("Cannot write to standard output: %s"), g_strerror (saved_errno));
  g_printerr ("\n");

  return FALSE;
}

typedef struct {
  GMainLoop    *loop;
  GCancellable *cancellable;
  int           signal;     /* the signal that interrupted the export, or 0 */
  gboolean      done;
} ExportRun;

/* The printer is borrowed: the export waits for the thread, and the
 * printer and the progress it holds are then released in the main thread
 * before the program ends, whatever the thread still holds. */
typedef struct {
  OkpChecklistPrinter *printer;
  char                *output;
  double               width;
  double               height;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->output);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  gboolean written;

  if (g_str_equal (job->output, "-"))
    written = okp_checklist_export_pdf_to_fd (job->printer, STDOUT_FILENO,
                                              /* Translators: where `--output -` writes */
                                              _("standard output"),
                                              job->width, job->height, cancellable, &error);
  else
    written = okp_checklist_export_pdf_full (job->printer, job->output, job->width, job->height,
                                             cancellable, &error);

  if (written)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportRun *run = user_data;

  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  ExportRun *run = ((gpointer *) user_data)[0];

  run->signal = GPOINTER_TO_INT (((gpointer *) user_data)[1]);
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_CONTINUE;
}

/* Everything of the export but the exit on a signal: when it returns, the
 * temporary file and everything else it made is gone. */
static int
export_checklists (const char *checklist_id,
                   const char *output,
                   int        *signal_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpEndpoints) endpoints = NULL;
  g_autoptr(OkpChecklistPrinter) printer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  const char *ids[] = { checklist_id, NULL };
  const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  gpointer signal_data[G_N_ELEMENTS (signals)][2];
  guint signal_sources[G_N_ELEMENTS (signals)];
  ExportJob *job;
  ExportRun run = { 0 };
  gboolean all;
  double width, height;
  int exit_status = 0;

  if (checklist_id == NULL)
    return okp_cli_usage_error ("%s", _("--output is for --export-checklist ID|all"));

  if (output == NULL || *output == '\0')
    return okp_cli_usage_error ("%s", _("--export-checklist needs --output FILE.pdf, "
                                        "or --output - for standard output"));

  /* A PDF is no text for a terminal. */
  if (g_str_equal (output, "-") && isatty (STDOUT_FILENO))
    {
      g_printerr ("%s\n", _("Standard output is a terminal: redirect it to a file, as in "
                            "“--output - > checklist.pdf”."));
      return 1;
    }

  /* From here an interruption stops the export cleanly: the signal is
   * noted, the work cancelled and everything made so far removed, and then
   * the program ends as the signal asked. */
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.loop = loop;
  run.cancellable = cancellable;
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      struct sigaction current;

      /* A signal the caller chose to ignore (nohup, a background job of
       * a script) stays ignored. */
      signal_sources[i] = 0;
      if (sigaction (signals[i], NULL, &current) == 0 && current.sa_handler == SIG_IGN)
        continue;

      signal_data[i][0] = &run;
      signal_data[i][1] = GINT_TO_POINTER (signals[i]);
      signal_sources[i] = g_unix_signal_add (signals[i], interrupted_cb, signal_data[i]);
    }

  guide = okp_content_load_guide (&error);
  if (guide == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit_status = 1;
      goto out;
    }

  all = g_str_equal (checklist_id, "all");
  if (!all && okp_guide_lookup_checklist (guide, checklist_id) == NULL)
    {
      g_autofree char *valid = okp_guide_dup_checklist_ids (guide);

      g_printerr (_("Unknown checklist “%s”. Valid checklists are: %s, or “all” for every one.\n"),
                  checklist_id, valid);
      exit_status = 2;
      goto out;
    }

  /* Read only: the running application, if any, owns the file. */
  path = okp_progress_store_default_path ();
  store = okp_checklist_progress_load (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit_status = 1;
      goto out;
    }

  endpoints = okp_content_dup_endpoints (NULL);
  printer = okp_checklist_printer_new (guide, store, endpoints, all ? NULL : ids);
  okp_checklist_printer_set_language (printer, okp_content_page_language ());
  okp_paper_size_for_locale (&width, &height);

  /* The pages are drawn in a thread of their own, so that the main loop
   * is free to hear a signal and cancel them. */
  job = g_new0 (ExportJob, 1);
  job->printer = printer;
  job->output = g_strdup (output);
  job->width = width;
  job->height = height;
  task = g_task_new (NULL, cancellable, export_done_cb, &run);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);

  while (!run.done)
    g_main_loop_run (loop);

  if (!g_task_propagate_boolean (task, &error))
    {
      if (run.signal == 0)
        g_printerr ("%s\n", error->message);
      exit_status = 1;
    }

out:
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    if (signal_sources[i] != 0)
      g_source_remove (signal_sources[i]);

  /* A signal before the work began counts too. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  *signal_out = run.signal;

  return exit_status;
}

/**
 * okp_cli_export:
 * @checklist_id: (nullable): a checklist id, or "all"
 * @output: (nullable) (type filename): the PDF file to write, or "-" for
 *   standard output
 *
 * `--export-checklist ID|all --output FILE.pdf`: writes the checklists
 * with the saved progress (only read, never written) to a PDF on the
 * locale's paper, with no display. Only a new or a regular file is
 * written, never the application's own data, and atomically; SIGINT,
 * SIGTERM or SIGHUP stop it with nothing left behind.
 *
 * Returns: the exit status: 0 when written, 2 for a usage error or an
 *   unknown id, 1 when the saved progress cannot be read or the file
 *   could not be written
 */
int
okp_cli_export (const char *checklist_id,
                const char *output)
{
  int signal_number = 0;
  int status;

  status = export_checklists (checklist_id, output, &signal_number);

  /* Everything is cleaned up: end as the signal asked, so that the shell
   * or the script that sent it sees it. */
  if (signal_number != 0)
    {
      signal (signal_number, SIG_DFL);
      raise (signal_number);
    }

  return status;
}

/**
 * okp_cli_search:
 * @query: what to search for
 * @out: where to print
 *
 * Prints what the window's search finds for @query, best first, one result
 * a line: kind ("section", "checklist" or "contact"), id and title,
 * separated by tabs so scripts can split them.
 *
 * Returns: the exit status: 0 with results, 1 with none
 */
int
okp_cli_search (const char *query,
                FILE       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(OkpSearch) search = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (query != NULL, 1);

  guide = okp_content_load_guide (&error);
  if (guide == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  search = okp_search_new (guide);
  results = okp_search_query (search, query);

  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      fprintf (out, "%s\t%s\t%s\n", okp_search_kind_to_string (result->kind),
               result->id, result->title);
    }

  return results->len > 0 ? 0 : 1;
}
