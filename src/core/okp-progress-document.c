/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-document"

#include "config.h"

#include "okp-progress-document.h"
#include "okp-progress-json.h"

#include <string.h>

/**
 * okp_progress_doc_result_reason:
 *
 * Returns: the word naming a file kept aside for @result
 *   ("progress.json.broken-…-REASON"), or %NULL if the file is used
 */
const char *
okp_progress_doc_result_reason (OkpProgressDocResult result)
{
  switch (result)
    {
    case OKP_PROGRESS_DOC_INVALID_JSON:
      return "invalid-json";
    case OKP_PROGRESS_DOC_DUPLICATE:
      return "duplicate-member";
    case OKP_PROGRESS_DOC_WRONG_SHAPE:
      return "wrong-shape";
    case OKP_PROGRESS_DOC_OK:
    case OKP_PROGRESS_DOC_NEWER:
    default:
      return NULL;
    }
}

static gboolean
node_is_value_of_type (JsonNode *node,
                       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/**
 * okp_progress_doc_copy:
 *
 * json_node_copy() shares the objects, arrays and values of the node it
 * copies; a snapshot must not change when the live tree does.
 *
 * Returns: (transfer full): a deep copy of @node
 */
JsonNode *
okp_progress_doc_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) object_copy = json_object_new ();
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (object_copy, l->data,
                                  okp_progress_doc_copy (json_object_get_member (object, l->data)));

        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (copy, object_copy);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);
        g_autoptr(JsonArray) array_copy = json_array_sized_new (length);

        for (guint i = 0; i < length; i++)
          json_array_add_element (array_copy,
                                  okp_progress_doc_copy (json_array_get_element (array, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (copy, array_copy);
        return copy;
      }

    case JSON_NODE_VALUE:
      {
        g_auto(GValue) value = G_VALUE_INIT;

        json_node_get_value (node, &value);
        copy = json_node_new (JSON_NODE_VALUE);
        json_node_set_value (copy, &value);
        return copy;
      }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/* NULL is a missing member, equal only to another. */
gboolean
okp_progress_doc_equal (JsonNode *a,
                        JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return json_node_equal (a, b);
}

/**
 * okp_progress_doc_new:
 *
 * Returns: (transfer full): an empty document of the current version
 */
JsonNode *
okp_progress_doc_new (void)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonNode *node;

  json_object_set_int_member (root, "version", OKP_PROGRESS_DOC_VERSION);
  json_object_set_object_member (root, "checklists", json_object_new ());

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

/* Times */

/**
 * okp_progress_doc_format_time:
 *
 * Returns: (transfer full): @unix_seconds, kept within the range of
 *   times, as "YYYY-MM-DDTHH:MM:SSZ"
 */
char *
okp_progress_doc_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt =
    g_date_time_new_from_unix_utc (CLAMP (unix_seconds, 0, OKP_PROGRESS_DOC_TIME_MAX));

  g_assert (dt != NULL);

  /* Written by hand rather than with g_date_time_format_iso8601() so the
   * form never depends on the GLib version: seconds, no fraction, "Z". */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (dt),
                          g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt));
}

/**
 * okp_progress_doc_parse_time:
 * @text: (nullable): a time from the file
 * @unix_out: (out) (optional): the time in seconds since 1970
 *
 * Reads every ISO 8601 form g_date_time_new_from_iso8601() reads; a time
 * without an offset is taken as UTC, which is how the store writes them.
 * A time outside 1970 .. 9999-12-31T00:00:00Z is brought within it, so that it is a
 * valid date wherever it is shown.
 *
 * Returns: whether @text is a time
 */
gboolean
okp_progress_doc_parse_time (const char *text,
                             gint64     *unix_out)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;

  if (unix_out != NULL)
    *unix_out = CLAMP (g_date_time_to_unix (dt), 0, OKP_PROGRESS_DOC_TIME_MAX);

  return TRUE;
}

/**
 * okp_progress_doc_time_of:
 * @object: (nullable): a checklist or a step
 * @name: the member
 *
 * A time that cannot be read is only that time lost: it reads as 0 and is
 * kept in the file as it is.
 *
 * Returns: the time in seconds since 1970, or 0 if there is none that can
 *   be read
 */
gint64
okp_progress_doc_time_of (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  gint64 result = 0;

  if (node_is_value_of_type (node, G_TYPE_STRING) &&
      okp_progress_doc_parse_time (json_node_get_string (node), &result))
    return result;

  return 0;
}

/* The shape of format version 1. Known members must have their type; what
 * is not known is kept, whatever it is. One bad member makes the whole
 * file a wrong shape: a partly trusted file is harder to reason about than
 * a file kept aside whole. Times are the exception: they are only shown,
 * so one that cannot be read loses only itself. */

static gboolean
check_boolean_member (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || node_is_value_of_type (node, G_TYPE_BOOLEAN);
}

static gboolean
check_object_of (JsonNode *node,
                 gboolean  (*check) (JsonNode *member))
{
  JsonObject *object;
  g_autoptr(GList) names = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!check (json_object_get_member (object, l->data)))
      return FALSE;

  return TRUE;
}

static gboolean
check_step (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node) &&
         check_boolean_member (json_node_get_object (node), "done");
}

static gboolean
check_note (JsonNode *node)
{
  return node_is_value_of_type (node, G_TYPE_STRING);
}

static gboolean
check_checklist (JsonNode *node)
{
  JsonObject *checklist;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  checklist = json_node_get_object (node);

  return check_object_of (json_object_get_member (checklist, "steps"), check_step) &&
         check_object_of (json_object_get_member (checklist, "notes"), check_note) &&
         check_boolean_member (checklist, "solved");
}

static gboolean
check_shape (JsonNode *root)
{
  return check_object_of (json_object_get_member (json_node_get_object (root), "checklists"),
                          check_checklist);
}

/* Returns the version, or 0 if the file has none that can be trusted. */
static gint64
get_version (JsonNode *root)
{
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  member = json_object_get_member (json_node_get_object (root), "version");
  if (!node_is_value_of_type (member, G_TYPE_INT64))
    return 0;

  return MAX (json_node_get_int (member), 0);
}

/**
 * okp_progress_doc_parse:
 * @data: the file's bytes
 * @length: their number
 * @root_out: (out) (transfer full): the document, for
 *   %OKP_PROGRESS_DOC_OK, and for %OKP_PROGRESS_DOC_NEWER when it has the
 *   shape this version knows; %NULL otherwise
 *
 * Returns: what @data is
 */
OkpProgressDocResult
okp_progress_doc_parse (const char  *data,
                        gsize        length,
                        JsonNode   **root_out)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version;

  g_return_val_if_fail (root_out != NULL, OKP_PROGRESS_DOC_INVALID_JSON);

  *root_out = NULL;

  switch (okp_progress_json_check (data, length))
    {
    case OKP_PROGRESS_JSON_INVALID:
      return OKP_PROGRESS_DOC_INVALID_JSON;
    case OKP_PROGRESS_JSON_DUPLICATE:
      return OKP_PROGRESS_DOC_DUPLICATE;
    case OKP_PROGRESS_JSON_OK:
    default:
      break;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      g_debug ("Not JSON: %s", error->message);
      return OKP_PROGRESS_DOC_INVALID_JSON;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    return OKP_PROGRESS_DOC_INVALID_JSON;

  version = get_version (root);
  if (version < 1)
    return OKP_PROGRESS_DOC_WRONG_SHAPE;

  if (version > OKP_PROGRESS_DOC_VERSION)
    {
      if (check_shape (root))
        *root_out = g_steal_pointer (&root);
      return OKP_PROGRESS_DOC_NEWER;
    }

  if (!check_shape (root))
    return OKP_PROGRESS_DOC_WRONG_SHAPE;

  *root_out = g_steal_pointer (&root);
  return OKP_PROGRESS_DOC_OK;
}

/**
 * okp_progress_doc_serialize:
 * @length_out: (out): the length of what is returned
 *
 * Writes the document compactly, one line: the file's size limit is the
 * same for what is read and what is written, and indentation would make a
 * large file that was read too large to be read back.
 *
 * Returns: (transfer full): the file's bytes
 */
char *
okp_progress_doc_serialize (JsonNode *root,
                            gsize    *length_out)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;
  gsize length = 0;
  char *result;

  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  result = g_malloc (length + 2);
  memcpy (result, data, length);
  result[length] = '\n';
  result[length + 1] = '\0';
  *length_out = length + 1;
  return result;
}

/**
 * okp_progress_doc_string_size:
 *
 * Returns: how many bytes @text takes in the file, quotes and escapes
 *   included
 */
gsize
okp_progress_doc_string_size (const char *text)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (text == NULL)
    return 0;

  generator = json_generator_new ();
  node = json_node_init_string (json_node_alloc (), text);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return length;
}

/* Access. Everything read has been checked by okp_progress_doc_parse(),
 * or was put there by these functions. */

static JsonObject *
get_child_object (JsonObject *parent,
                  const char *name,
                  gboolean    create)
{
  JsonNode *node;

  if (parent == NULL)
    return NULL;

  node = json_object_get_member (parent, name);
  if (node != NULL)
    return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (!create)
    return NULL;

  json_object_set_object_member (parent, name, json_object_new ());
  return json_object_get_object_member (parent, name);
}

JsonObject *
okp_progress_doc_get_checklists (JsonNode *root,
                                 gboolean  create)
{
  return get_child_object (json_node_get_object (root), "checklists", create);
}

JsonObject *
okp_progress_doc_get_checklist (JsonNode   *root,
                                const char *checklist_id,
                                gboolean    create)
{
  return get_child_object (okp_progress_doc_get_checklists (root, create), checklist_id, create);
}

JsonObject *
okp_progress_doc_get_step (JsonNode   *root,
                           const char *checklist_id,
                           const char *step_id)
{
  JsonObject *checklist = okp_progress_doc_get_checklist (root, checklist_id, FALSE);

  return get_child_object (get_child_object (checklist, "steps", FALSE), step_id, FALSE);
}

/* Records that a checklist changed at @now: its "updated" time, and its
 * "started" time if this is the first change. */
static void
touch_checklist (JsonObject *checklist,
                 gint64      now)
{
  g_autofree char *stamp = okp_progress_doc_format_time (now);

  if (!json_object_has_member (checklist, "started"))
    json_object_set_string_member (checklist, "started", stamp);
  json_object_set_string_member (checklist, "updated", stamp);
}

gboolean
okp_progress_doc_get_step_done (JsonNode   *root,
                                const char *checklist_id,
                                const char *step_id)
{
  JsonObject *step = okp_progress_doc_get_step (root, checklist_id, step_id);

  return step != NULL && json_object_has_member (step, "done") &&
         json_object_get_boolean_member (step, "done");
}

/**
 * okp_progress_doc_set_step_done:
 * @now: the time of the change, in seconds since 1970
 *
 * Returns: whether the document changed
 */
gboolean
okp_progress_doc_set_step_done (JsonNode   *root,
                                const char *checklist_id,
                                const char *step_id,
                                gboolean    done,
                                gint64      now)
{
  g_autofree char *stamp = NULL;
  JsonObject *checklist;
  JsonObject *step;

  done = !!done;
  if (okp_progress_doc_get_step_done (root, checklist_id, step_id) == done)
    return FALSE;

  stamp = okp_progress_doc_format_time (now);
  checklist = okp_progress_doc_get_checklist (root, checklist_id, TRUE);
  step = get_child_object (get_child_object (checklist, "steps", TRUE), step_id, TRUE);
  json_object_set_boolean_member (step, "done", done);
  json_object_set_string_member (step, "changed", stamp);
  touch_checklist (checklist, now);
  return TRUE;
}

const char *
okp_progress_doc_get_note (JsonNode   *root,
                           const char *checklist_id,
                           const char *field_id)
{
  JsonObject *checklist = okp_progress_doc_get_checklist (root, checklist_id, FALSE);
  JsonObject *notes = get_child_object (checklist, "notes", FALSE);
  const char *text;

  if (notes == NULL || !json_object_has_member (notes, field_id))
    return NULL;

  text = json_object_get_string_member (notes, field_id);
  return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * okp_progress_doc_set_note:
 * @text: (nullable): the note; %NULL or "" removes it
 *
 * Returns: whether the document changed
 */
gboolean
okp_progress_doc_set_note (JsonNode   *root,
                           const char *checklist_id,
                           const char *field_id,
                           const char *text,
                           gint64      now)
{
  JsonObject *checklist;
  JsonObject *notes;

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (okp_progress_doc_get_note (root, checklist_id, field_id), text) == 0)
    return FALSE;

  checklist = okp_progress_doc_get_checklist (root, checklist_id, TRUE);
  notes = get_child_object (checklist, "notes", TRUE);
  if (text != NULL)
    json_object_set_string_member (notes, field_id, text);
  else
    json_object_remove_member (notes, field_id);

  touch_checklist (checklist, now);
  return TRUE;
}

gboolean
okp_progress_doc_get_solved (JsonNode   *root,
                             const char *checklist_id)
{
  JsonObject *checklist = okp_progress_doc_get_checklist (root, checklist_id, FALSE);

  return checklist != NULL && json_object_has_member (checklist, "solved") &&
         json_object_get_boolean_member (checklist, "solved");
}

gboolean
okp_progress_doc_set_solved (JsonNode   *root,
                             const char *checklist_id,
                             gboolean    solved,
                             gint64      now)
{
  JsonObject *checklist;

  solved = !!solved;
  if (okp_progress_doc_get_solved (root, checklist_id) == solved)
    return FALSE;

  checklist = okp_progress_doc_get_checklist (root, checklist_id, TRUE);
  json_object_set_boolean_member (checklist, "solved", solved);
  touch_checklist (checklist, now);
  return TRUE;
}

/**
 * okp_progress_doc_reset_checklist:
 *
 * "Start over": removes the checklist's ticks (of every step, including
 * those the content no longer has), notes, solved flag and start time,
 * and sets its "updated" time. Members this version does not know stay.
 *
 * Returns: whether the document changed
 */
gboolean
okp_progress_doc_reset_checklist (JsonNode   *root,
                                  const char *checklist_id,
                                  gint64      now)
{
  static const char * const progress_members[] = { "steps", "notes", "solved", "started" };
  JsonObject *checklist = okp_progress_doc_get_checklist (root, checklist_id, FALSE);
  gboolean had_progress = FALSE;
  g_autofree char *stamp = NULL;

  if (checklist == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (progress_members); i++)
    {
      if (json_object_has_member (checklist, progress_members[i]))
        {
          json_object_remove_member (checklist, progress_members[i]);
          had_progress = TRUE;
        }
    }

  if (!had_progress)
    return FALSE;

  stamp = okp_progress_doc_format_time (now);
  json_object_set_string_member (checklist, "updated", stamp);
  return TRUE;
}
