/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-version-info"

/* dladdr() and Dl_info. */
#define _GNU_SOURCE

#include "config.h"

#include "okp-version-info.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <webkit/webkit.h>

/*
 * Every version here is the one of the library loaded into this process,
 * asked of the library itself, not the one of the headers the program was
 * built with: in Flatpak the runtime, not the build machine, decides.
 */

/**
 * okp_version_info_json_glib_from_file_name:
 * @file_name: the file name of a loaded json-glib library, such as
 *   "libjson-glib-1.0.so.0.600.6"
 *
 * json-glib has no call that returns its version at run time, but its
 * shared library is named after it: version 1.MINOR.MICRO is installed as
 * libjson-glib-1.0.so.0.(100 × MINOR).MICRO.
 *
 * Returns: (transfer full) (nullable): "1.MINOR.MICRO", or %NULL if the
 *   name does not follow that rule
 */
char *
okp_version_info_json_glib_from_file_name (const char *file_name)
{
  g_autofree char *basename = NULL;
  const char *prefix = "libjson-glib-1.0.so.0.";
  guint64 age, micro;
  char *end;

  g_return_val_if_fail (file_name != NULL, NULL);

  basename = g_path_get_basename (file_name);
  if (!g_str_has_prefix (basename, prefix))
    return NULL;

  age = g_ascii_strtoull (basename + strlen (prefix), &end, 10);
  if (end == basename + strlen (prefix) || *end != '.' || age % 100 != 0)
    return NULL;

  micro = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || end[-1] == '.')
    return NULL;

  return g_strdup_printf ("1.%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT, age / 100, micro);
}

/**
 * okp_version_info_json_glib:
 *
 * The version of the json-glib library loaded into this process, from the
 * name of the file it was loaded from.
 *
 * Returns: (transfer full) (nullable): the version, or %NULL if it cannot
 *   be told
 */
char *
okp_version_info_json_glib (void)
{
  g_autofree char *resolved = NULL;
  Dl_info info;

  if (dladdr ((void *) json_parser_new, &info) == 0 || info.dli_fname == NULL)
    return NULL;

  /* The loader gives the name it opened, usually the soname, which is a
   * link to the file that carries the full version. */
  resolved = realpath (info.dli_fname, NULL);

  return okp_version_info_json_glib_from_file_name (resolved != NULL ? resolved
                                                                     : info.dli_fname);
}

static char *
flatpak_runtime (void)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();

  if (!g_key_file_load_from_file (info, "/.flatpak-info", G_KEY_FILE_NONE, NULL))
    return NULL;

  /* "runtime/org.gnome.Platform/x86_64/50" */
  return g_key_file_get_string (info, "Application", "runtime", NULL);
}

/**
 * okp_version_info_text:
 *
 * The application's version, the versions of GTK, libadwaita, WebKitGTK,
 * json-glib and GLib it is running with, and whether it runs inside
 * Flatpak, one a line. It needs no display.
 *
 * Returns: (transfer full): the text, ending in a newline
 */
char *
okp_version_info_text (void)
{
  GString *text = g_string_new (NULL);
  g_autofree char *json_glib = okp_version_info_json_glib ();

  g_string_append_printf (text, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
  /* Translators: before the list of libraries and their versions */
  g_string_append_printf (text, "%s\n", _("Running with:"));
  g_string_append_printf (text, "  GTK %u.%u.%u\n", gtk_get_major_version (),
                          gtk_get_minor_version (), gtk_get_micro_version ());
  g_string_append_printf (text, "  libadwaita %u.%u.%u\n", adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version ());
  g_string_append_printf (text, "  WebKitGTK %u.%u.%u\n", webkit_get_major_version (),
                          webkit_get_minor_version (), webkit_get_micro_version ());
  g_string_append_printf (text, "  json-glib %s\n",
                          /* Translators: a library version that cannot be found out */
                          json_glib != NULL ? json_glib : _("unknown"));
  g_string_append_printf (text, "  GLib %u.%u.%u\n", glib_major_version, glib_minor_version,
                          glib_micro_version);

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_autofree char *runtime = flatpak_runtime ();

      if (runtime != NULL)
        /* Translators: %s is the Flatpak runtime, such as
         * runtime/org.gnome.Platform/x86_64/50 */
        {
          g_string_append_printf (text, _("Flatpak: yes, on %s"), runtime);
          g_string_append_c (text, '\n');
        }
      else
        g_string_append_printf (text, "%s\n", _("Flatpak: yes"));
    }
  else
    {
      g_string_append_printf (text, "%s\n", _("Flatpak: no"));
    }

  return g_string_free (text, FALSE);
}
