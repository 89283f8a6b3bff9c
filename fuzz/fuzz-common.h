/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "okp-guide.h"

G_BEGIN_DECLS

/* What every fuzz target shares: quiet logging with criticals fatal (a
 * g_return_if_fail() that fires is a bug the fuzzer found), a private
 * folder for files, and the real guide to build checklists from. */

void      okp_fuzz_init         (void);
const char *okp_fuzz_tmpdir     (void);
void      okp_fuzz_clear_dir    (const char *dir);
OkpGuide *okp_fuzz_real_guide   (void);
char    **okp_fuzz_split        (const guint8 *data,
                                 size_t        size,
                                 guint         n_parts);

/* Fails the run, so that libFuzzer keeps the input. */
#define okp_fuzz_check(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

G_END_DECLS
