/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-version-info"

#include "config.h"

#include "okp-version-info.h"

#include <gtk/gtk.h>
#include <locale.h>

/* The version text of `okpay-help --version`, without a display: the
 * json-glib version read from the loaded library's file name, and
 * "unknown" rather than a guess when the name says nothing. */

static void
test_json_glib_file_names (void)
{
  const struct {
    const char *name;
    const char *version;
  } cases[] = {
    { "/usr/lib/x86_64-linux-gnu/libjson-glib-1.0.so.0.600.6", "1.6.6" },
    { "libjson-glib-1.0.so.0.1000.6", "1.10.6" },
    { "/app/lib/libjson-glib-1.0.so.0.800.0", "1.8.0" },
    { "libjson-glib-1.0.so.0", NULL },
    { "libjson-glib-1.0.so.0.601.6", NULL },
    { "libjson-glib-1.0.so.0.600.", NULL },
    { "libjson-glib-1.0.so.0.600.6.1", NULL },
    { "libjson-glib-1.0.so.0.x.6", NULL },
    { "/usr/bin/okpay-help", NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *version = okp_version_info_json_glib_from_file_name (cases[i].name);

      g_assert_cmpstr (version, ==, cases[i].version);
    }
}

static void
test_text (void)
{
  g_autofree char *text = okp_version_info_text ();
  g_autofree char *json_glib = okp_version_info_json_glib ();
  g_autofree char *gtk = g_strdup_printf ("\n  GTK %u.%u.%u\n", gtk_get_major_version (),
                                          gtk_get_minor_version (), gtk_get_micro_version ());
  g_autofree char *glib = g_strdup_printf ("\n  GLib %u.%u.%u\n", glib_major_version,
                                           glib_minor_version, glib_micro_version);
  g_autofree char *json = NULL;

  g_assert_true (g_str_has_prefix (text, PACKAGE_NAME " " PACKAGE_VERSION "\n"));
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_nonnull (strstr (text, gtk));
  g_assert_nonnull (strstr (text, glib));

  /* The library this test runs with is a shared json-glib, named as
   * json-glib names it. */
  g_assert_nonnull (json_glib);
  json = g_strdup_printf ("\n  json-glib %s\n", json_glib);
  g_assert_nonnull (strstr (text, json));

  g_assert_nonnull (strstr (text, g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)
                                  ? "\nFlatpak: yes" : "\nFlatpak: no\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/version-info/json-glib-file-names", test_json_glib_file_names);
  g_test_add_func ("/okp/version-info/text", test_text);

  return g_test_run ();
}
