/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-content"

#include "config.h"

#include "okp-content.h"

#include <glib/gi18n-lib.h>

#include "okp-resources.h"

/* Referencing the resource keeps the linker from dropping it. */
static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      g_resources_register (okp_get_resource ());
      g_once_init_leave (&registered, 1);
    }
}

/**
 * okp_content_load_guide:
 *
 * Loads the guide compiled into the program, translated into the interface
 * language.
 */
OkpGuide *
okp_content_load_guide (GError **error)
{
  ensure_resources ();

  return okp_guide_new_from_resource (RESOURCE_PREFIX "/guide/guide.xml", GETTEXT_PACKAGE, error);
}

/**
 * okp_content_page_language:
 *
 * The language the guide is shown in, as a BCP 47 tag for the page: the
 * catalog tells us, through a string translators set, so the page's lang
 * attribute (and with it font selection for Chinese) always matches the text.
 */
const char *
okp_content_page_language (void)
{
  /* Translators: the BCP 47 language tag of this translation, e.g. zh-CN */
  return _("en");
}

/**
 * okp_content_dup_default_endpoints:
 *
 * Returns: (transfer full): the endpoints this copy was built with, from
 *   the defaults file in the resources
 */
OkpEndpoints *
okp_content_dup_default_endpoints (void)
{
  g_autoptr(GError) error = NULL;
  OkpEndpoints *defaults;

  ensure_resources ();
  defaults = okp_endpoints_new_from_resource (RESOURCE_PREFIX "/endpoints.ini", &error);
  if (defaults == NULL)
    {
      g_warning ("The default support endpoints could not be read: %s", error->message);
      defaults = okp_endpoints_new ();
    }

  return defaults;
}

/**
 * okp_content_dup_endpoints:
 * @settings: (nullable): the application's settings, or %NULL to use them
 *   if the schema is installed
 *
 * The support channels' effective destinations: each key set in the
 * settings (and valid), else the default chosen at build time. Reading
 * settings needs no display, so the command line gives what the window
 * shows.
 *
 * Returns: (transfer full): the endpoints
 */
OkpEndpoints *
okp_content_dup_endpoints (GSettings *settings)
{
  g_autoptr(OkpEndpoints) endpoints = NULL;
  g_autoptr(GSettings) own_settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *keys = okp_endpoints_get_keys ();

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  endpoints = okp_content_dup_default_endpoints ();

  if (settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        settings = own_settings = g_settings_new_full (schema, NULL, NULL);
    }
  else
    {
      g_object_get (settings, "settings-schema", &schema, NULL);
    }

  for (gsize i = 0; settings != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_settings_schema_has_key (schema, keys[i]))
        continue;

      value = g_settings_get_string (settings, keys[i]);
      if (*value != '\0' && !okp_endpoints_set (endpoints, keys[i], value, &local_error))
        g_warning ("Ignoring the setting %s: %s", keys[i], local_error->message);
    }

  return g_steal_pointer (&endpoints);
}
