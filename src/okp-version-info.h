/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What `okpay-help --version` prints and the About dialog shows for
 * troubleshooting: the application's version, the versions of the
 * libraries it is running with, and whether it runs inside Flatpak. */

char *okp_version_info_text            (void);
char *okp_version_info_json_glib       (void);
char *okp_version_info_json_glib_from_file_name (const char *file_name);

G_END_DECLS
