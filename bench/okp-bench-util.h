/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/*
 * What the benchmark programs share: samples and how they are reported,
 * and the memory of a process and the processes it started.
 *
 * Every figure goes to standard output as one line of JSON,
 *   {"name": "…", "unit": "ms", "samples": [ … ]}
 * which bench/bench.py reads; the median is taken there.
 */

typedef struct {
  char   *name;
  char   *unit;
  GArray *samples;   /* (element-type double) */
} OkpBenchSeries;

OkpBenchSeries *okp_bench_series_new      (const char     *name,
                                           const char     *unit);
void            okp_bench_series_add      (OkpBenchSeries *series,
                                           double          value);
double          okp_bench_series_median   (OkpBenchSeries *series);
void            okp_bench_series_emit     (OkpBenchSeries *series);
void            okp_bench_series_free     (OkpBenchSeries *series);

void            okp_bench_emit_value      (const char     *name,
                                           const char     *unit,
                                           double          value);

double          okp_bench_ms_since        (gint64          start_us);

typedef struct {
  gint64 pss;       /* proportional set size */
  gint64 private;   /* pages no other process maps */
} OkpBenchMemory;

gboolean        okp_bench_memory_kib      (pid_t           pid,
                                           OkpBenchMemory *memory);
guint           okp_bench_tree_memory_kib (pid_t           root,
                                           OkpBenchMemory *memory,
                                           GString        *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkpBenchSeries, okp_bench_series_free)

G_END_DECLS
