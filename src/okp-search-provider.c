/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-search-provider"

#include "config.h"

#include "okp-search-provider.h"

#include "okp-page.h"

#include <string.h>

/*
 * GNOME Shell's search provider interface (org.gnome.Shell.SearchProvider2),
 * answered from the application's own process with the same index as the
 * window's search. Result ids are the pages results name, written out as
 * okp_page_to_string() does. The Shell splits what the user types into
 * terms at spaces; they are joined again and searched as one text, as the
 * window does, so "reset password" finds what the window would.
 *
 * Opening a result or the application's own search is the application's
 * business: the provider emits a signal and the application shows the
 * window there.
 */

struct _OkpSearchProvider
{
  GObject           parent_instance;

  /* borrowed: the application outlives its provider */
  GApplication     *application;
  OkpSearchGetFunc  get_search;
  gpointer          get_search_data;

  /* owned */
  GDBusConnection  *connection;
  guint             registration_id;
  char             *last_query;     /* the results GetResultMetas describes */
  GPtrArray        *last_results;
};

G_DEFINE_FINAL_TYPE (OkpSearchProvider, okp_search_provider, G_TYPE_OBJECT)

enum {
  ACTIVATE_RESULT,
  LAUNCH_SEARCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDBusInterfaceInfo *
interface_info (void)
{
  static GDBusNodeInfo *node;

  if (node == NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      bytes = g_resources_lookup_data (RESOURCE_PREFIX "/dbus/org.gnome.Shell.SearchProvider2.xml",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        node = g_dbus_node_info_new_for_xml (g_bytes_get_data (bytes, NULL), &error);
      if (node == NULL)
        g_error ("The search provider interface is broken: %s", error->message);
    }

  return node->interfaces[0];
}

static char *
join_terms (GVariant *terms)
{
  g_autofree const char **strv = g_variant_get_strv (terms, NULL);

  return g_strjoinv (" ", (char **)strv);
}

/* Runs the search, keeping the results for GetResultMetas, which the
 * Shell calls right after with some of the ids. */
static GPtrArray *
run_query (OkpSearchProvider *self,
           const char        *query)
{
  OkpSearch *search = self->get_search (self->get_search_data);

  if (self->last_results == NULL || g_strcmp0 (self->last_query, query) != 0)
    {
      g_clear_pointer (&self->last_results, g_ptr_array_unref);
      g_free (self->last_query);
      self->last_query = g_strdup (query);
      self->last_results = okp_search_query (search, query);
    }

  return self->last_results;
}

static GVariant *
result_ids (GPtrArray          *results,
            const char * const *among)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      if (among == NULL || g_strv_contains (among, result->result_id))
        g_variant_builder_add (&builder, "s", result->result_id);
    }

  return g_variant_new ("(as)", &builder);
}

/* What a result says under its name when it was not in the last search
 * (the Shell may ask for any id it has seen): what the page is about. */
static const char *
describe (OkpGuide    *guide,
          const char  *result_id,
          const char **title)
{
  g_autoptr(OkpPage) page = okp_page_parse (result_id);

  if (page == NULL)
    return NULL;

  switch (page->kind)
    {
    case OKP_PAGE_SECTION:
      {
        const OkpSection *section = okp_guide_lookup_section (guide, page->id);

        if (section == NULL)
          return NULL;
        *title = section->title;
        for (guint i = 0; i < section->blocks->len; i++)
          {
            const OkpBlock *block = g_ptr_array_index (section->blocks, i);

            if (block->kind == OKP_BLOCK_PARAGRAPH)
              return block->text;
          }
        return "";
      }

    case OKP_PAGE_CHECKLIST:
      {
        const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, page->id);

        if (def == NULL)
          return NULL;
        *title = def->title;
        return def->summary;
      }

    case OKP_PAGE_CONTACT:
      {
        const OkpChannelDef *def = okp_guide_lookup_channel (guide, page->id);

        if (def == NULL)
          return NULL;
        *title = def->title;
        return def->when;
      }

    default:
      return NULL;
    }
}

static GVariant *
result_metas (OkpSearchProvider  *self,
              const char * const *ids)
{
  OkpGuide *guide = okp_search_get_guide (self->get_search (self->get_search_data));
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autoptr(GVariant) serialized_icon = g_variant_ref_sink (g_icon_serialize (icon));
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *title = NULL;
      const char *description = NULL;

      for (guint j = 0; self->last_results != NULL && j < self->last_results->len; j++)
        {
          const OkpSearchResult *result = g_ptr_array_index (self->last_results, j);

          if (g_str_equal (result->result_id, ids[i]) && result->snippet != NULL)
            {
              title = result->title;
              description = result->snippet;
              break;
            }
        }

      if (description == NULL)
        description = describe (guide, ids[i], &title);

      /* An id the guide does not have (from an older version): no meta,
       * which the Shell takes as no result. */
      if (description == NULL)
        continue;

      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (title));
      g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (description));
      g_variant_builder_add (&builder, "{sv}", "icon", serialized_icon);
      g_variant_builder_close (&builder);
    }

  return g_variant_new ("(aa{sv})", &builder);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  OkpSearchProvider *self = user_data;

  /* A call restarts the application's idle countdown: started by the
   * Shell for a search, it stays while the user types. */
  g_application_hold (self->application);

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 0);
      g_autofree char *query = join_terms (terms);

      g_dbus_method_invocation_return_value (invocation,
                                             result_ids (run_query (self, query), NULL));
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      g_autoptr(GVariant) previous = g_variant_get_child_value (parameters, 0);
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 1);
      g_autofree const char **among = g_variant_get_strv (previous, NULL);
      g_autofree char *query = join_terms (terms);

      g_dbus_method_invocation_return_value (invocation,
                                             result_ids (run_query (self, query), among));
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autofree const char **ids = NULL;

      g_variant_get (parameters, "(^a&s)", &ids);
      g_dbus_method_invocation_return_value (invocation, result_metas (self, ids));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *result_id = NULL;
      g_autoptr(GVariant) terms = NULL;
      g_autofree char *query = NULL;
      guint32 timestamp = 0;

      g_variant_get (parameters, "(&s@asu)", &result_id, &terms, &timestamp);
      query = join_terms (terms);
      g_signal_emit (self, signals[ACTIVATE_RESULT], 0, result_id, query, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_autoptr(GVariant) terms = NULL;
      g_autofree char *query = NULL;
      guint32 timestamp = 0;

      g_variant_get (parameters, "(@asu)", &terms, &timestamp);
      query = join_terms (terms);
      g_signal_emit (self, signals[LAUNCH_SEARCH], 0, query, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      /* GDBus checks calls against the interface; nothing else arrives. */
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "Unknown method %s", method_name);
    }

  g_application_release (self->application);
}

static const GDBusInterfaceVTable vtable = {
  method_call_cb,
  NULL,
  NULL,
};

/**
 * okp_search_provider_register:
 * @connection: the session bus connection the application registered on
 * @object_path: where the search provider ini file says it is
 *
 * Returns: %TRUE if the object is exported
 */
gboolean
okp_search_provider_register (OkpSearchProvider  *self,
                              GDBusConnection    *connection,
                              const char         *object_path,
                              GError            **error)
{
  g_return_val_if_fail (OKP_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             interface_info (), &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  self->connection = g_object_ref (connection);
  return TRUE;
}

void
okp_search_provider_unregister (OkpSearchProvider *self)
{
  g_return_if_fail (OKP_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

static void
okp_search_provider_dispose (GObject *object)
{
  OkpSearchProvider *self = (OkpSearchProvider *)object;

  okp_search_provider_unregister (self);

  G_OBJECT_CLASS (okp_search_provider_parent_class)->dispose (object);
}

static void
okp_search_provider_finalize (GObject *object)
{
  OkpSearchProvider *self = (OkpSearchProvider *)object;

  g_clear_pointer (&self->last_results, g_ptr_array_unref);
  g_clear_pointer (&self->last_query, g_free);

  G_OBJECT_CLASS (okp_search_provider_parent_class)->finalize (object);
}

static void
okp_search_provider_class_init (OkpSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = okp_search_provider_dispose;
  object_class->finalize = okp_search_provider_finalize;

  /**
   * OkpSearchProvider::activate-result:
   * @result_id: the result the user chose
   * @query: what they searched for
   * @timestamp: the time of the user's action, for focus
   */
  signals[ACTIVATE_RESULT] =
    g_signal_new ("activate-result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
  /**
   * OkpSearchProvider::launch-search:
   * @query: what the user searched for
   * @timestamp: the time of the user's action, for focus
   */
  signals[LAUNCH_SEARCH] =
    g_signal_new ("launch-search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
okp_search_provider_init (OkpSearchProvider *self)
{
}

/**
 * okp_search_provider_new:
 * @application: the application, held while a call is answered
 * @get_search: returns the search index, built on first use
 *
 * Returns: (transfer full): a provider, not yet on the bus
 */
OkpSearchProvider *
okp_search_provider_new (GApplication     *application,
                         OkpSearchGetFunc  get_search,
                         gpointer          user_data)
{
  OkpSearchProvider *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (get_search != NULL, NULL);

  self = g_object_new (OKP_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  self->get_search = get_search;
  self->get_search_data = user_data;

  return self;
}
