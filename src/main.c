/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "okp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkpApplication) app = NULL;
  const char *localedir = g_getenv ("OKP_LOCALEDIR");

  /* OKP_LOCALEDIR lets the test suite and `meson devenv` use the catalogs in
   * the build tree before anything is installed. */
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = okp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
