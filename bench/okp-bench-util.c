/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-bench"

#include "config.h"

#include "okp-bench-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

OkpBenchSeries *
okp_bench_series_new (const char *name,
                      const char *unit)
{
  OkpBenchSeries *series = g_new0 (OkpBenchSeries, 1);

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  series->name = g_strdup (name);
  series->unit = g_strdup (unit);
  series->samples = g_array_new (FALSE, FALSE, sizeof (double));

  return series;
}

void
okp_bench_series_add (OkpBenchSeries *series,
                      double          value)
{
  g_return_if_fail (series != NULL);

  g_array_append_val (series->samples, value);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* For the programs' own progress lines; the report's medians are
 * bench.py's. */
double
okp_bench_series_median (OkpBenchSeries *series)
{
  g_autoptr(GArray) sorted = NULL;
  guint n;

  g_return_val_if_fail (series != NULL, 0.0);

  n = series->samples->len;
  if (n == 0)
    return 0.0;

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_array_append_vals (sorted, series->samples->data, n);
  g_array_sort (sorted, compare_doubles);

  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);

  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

void
okp_bench_series_emit (OkpBenchSeries *series)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_return_if_fail (series != NULL);

  /* Names and units are ours, plain ASCII without quotes. */
  g_string_append_printf (line, "{\"name\": \"%s\", \"unit\": \"%s\", \"samples\": [",
                          series->name, series->unit);
  for (guint i = 0; i < series->samples->len; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.4f", g_array_index (series->samples, double, i));
      g_string_append_printf (line, "%s%s", i > 0 ? ", " : "", number);
    }
  g_string_append (line, "]}\n");

  fputs (line->str, stdout);
  fflush (stdout);
}

void
okp_bench_series_free (OkpBenchSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->name);
  g_free (series->unit);
  g_array_unref (series->samples);
  g_free (series);
}

void
okp_bench_emit_value (const char *name,
                      const char *unit,
                      double      value)
{
  g_autoptr(OkpBenchSeries) series = okp_bench_series_new (name, unit);

  okp_bench_series_add (series, value);
  okp_bench_series_emit (series);
}

double
okp_bench_ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static gint64
field_kib (const char *contents,
           const char *field)
{
  const char *line = strstr (contents, field);

  if (line == NULL)
    return 0;

  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

/**
 * okp_bench_memory_kib:
 * @memory: (out): the process's memory
 *
 * Reads /proc/PID/smaps_rollup: the proportional set size (shared pages
 * divided among the processes that map them, wherever they come from)
 * and the private memory (pages only this process maps), in KiB.
 *
 * Returns: %FALSE if the process is gone
 */
gboolean
okp_bench_memory_kib (pid_t           pid,
                      OkpBenchMemory *memory)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  g_autofree char *contents = NULL;

  g_return_val_if_fail (memory != NULL, FALSE);

  memory->pss = memory->private = 0;
  if (!g_file_get_contents (path, &contents, NULL, NULL) || strstr (contents, "\nPss:") == NULL)
    return FALSE;

  memory->pss = field_kib (contents, "\nPss:");
  memory->private = field_kib (contents, "\nPrivate_Clean:") +
                    field_kib (contents, "\nPrivate_Dirty:");
  return TRUE;
}
/* The parent of a process, from /proc/PID/stat: the fourth field, after
 * the command name in parentheses (which may itself hold spaces and
 * parentheses, hence the last ')'). */
static pid_t
parent_of (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *contents = NULL;
  const char *end;
  char state;
  int ppid;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -1;

  end = strrchr (contents, ')');
  if (end == NULL || sscanf (end + 1, " %c %d", &state, &ppid) != 2)
    return -1;

  return ppid;
}

/**
 * okp_bench_tree_memory_kib:
 * @root: a process
 * @memory: (out): the total of @root and every process it started,
 *   directly or not (the WebKit web and network processes, and whatever
 *   they run in)
 * @details: (nullable): where to append "name pss/private" for each process
 *
 * Returns: how many processes were counted
 */
guint
okp_bench_tree_memory_kib (pid_t           root,
                           OkpBenchMemory *memory,
                           GString        *details)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) tree = g_array_new (FALSE, FALSE, sizeof (pid_t));
  const char *name;
  guint counted = 0;

  g_return_val_if_fail (proc != NULL, 0);
  g_return_val_if_fail (memory != NULL, 0);

  memory->pss = memory->private = 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      pid_t ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;

      ppid = parent_of (name);
      if (ppid > 0)
        g_hash_table_insert (parents, GINT_TO_POINTER (atoi (name)), GINT_TO_POINTER (ppid));
    }

  /* Breadth first from the root; each pass adds the children of what is
   * already in the tree. */
  g_array_append_val (tree, root);
  for (guint i = 0; i < tree->len; i++)
    {
      pid_t parent = g_array_index (tree, pid_t, i);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, parents);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (GPOINTER_TO_INT (value) == parent)
            {
              pid_t child = GPOINTER_TO_INT (key);
              g_array_append_val (tree, child);
            }
        }
    }

  for (guint i = 0; i < tree->len; i++)
    {
      pid_t pid = g_array_index (tree, pid_t, i);
      OkpBenchMemory process;

      if (!okp_bench_memory_kib (pid, &process))
        continue;

      memory->pss += process.pss;
      memory->private += process.private;
      counted++;

      if (details != NULL && process.pss > 0)
        {
          g_autofree char *path = g_strdup_printf ("/proc/%d/comm", (int) pid);
          g_autofree char *comm = NULL;

          if (g_file_get_contents (path, &comm, NULL, NULL))
            g_strstrip (comm);
          g_string_append_printf (details, "%s%s %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                  details->len > 0 ? ", " : "", comm ? comm : "?",
                                  process.pss, process.private);
        }
    }

  return counted;
}
