/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "okp-endpoints.h"
#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

/* The command-line side of the application: what runs without a display. */

void        okp_cli_print_list     (OkpGuide          *guide,
                                    OkpProgressStore  *store,
                                    FILE              *out);
int           okp_cli_export        (const char        *checklist_id,
                                     const char        *output);
int           okp_cli_search        (const char        *query,
                                     FILE              *out);
int           okp_cli_usage_error   (const char        *format,
                                     ...) G_GNUC_PRINTF (1, 2);
gboolean      okp_cli_finish_output (FILE              *out);

G_END_DECLS
