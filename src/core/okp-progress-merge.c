/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-merge"

#include "config.h"

#include "okp-progress-merge.h"
#include "okp-progress-document.h"

#include <string.h>

/* A three-way choice between what this side has (@ours), what the other
 * side has (@theirs) and what both started from (@base): a side that did
 * not change gives way to the one that did; if both changed, the newer
 * wins. NULL is a missing member. */
static JsonNode *
choose (JsonNode *base,
        JsonNode *ours,
        JsonNode *theirs,
        gboolean  theirs_newer)
{
  if (okp_progress_doc_equal (theirs, base))
    return ours;
  if (okp_progress_doc_equal (ours, base))
    return theirs;
  return theirs_newer ? theirs : ours;
}

static JsonObject *
object_or_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonNode *
member_or_null (JsonObject *object,
                const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static JsonNode *
copy_or_null (JsonNode *node)
{
  return node != NULL ? okp_progress_doc_copy (node) : NULL;
}

/* The union of the members of up to three objects, in a stable order:
 * the first's first, then what only the others have. */
static GPtrArray *
member_union (JsonObject *a,
              JsonObject *b,
              JsonObject *c)
{
  JsonObject *objects[] = { a, b, c };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr(GList) members = NULL;

      if (objects[i] == NULL)
        continue;

      members = json_object_get_members (objects[i]);
      for (GList *l = members; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          g_ptr_array_add (names, g_strdup (l->data));
    }

  return names;
}

/* Merges one member that is an object of objects or values keyed by id
 * ("steps", "notes"), id by id. For steps, the newer "changed" time
 * decides a conflict; otherwise @theirs_newer does. */
static JsonNode *
merge_keyed (JsonNode *base,
             JsonNode *ours,
             JsonNode *theirs,
             gboolean  by_changed_time,
             gboolean  theirs_newer)
{
  JsonObject *b = object_or_null (base);
  JsonObject *o = object_or_null (ours);
  JsonObject *t = object_or_null (theirs);
  g_autoptr(GPtrArray) names = member_union (o, t, b);
  g_autoptr(JsonObject) merged = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *bn = member_or_null (b, name);
      JsonNode *on = member_or_null (o, name);
      JsonNode *tn = member_or_null (t, name);
      gboolean newer = theirs_newer;
      JsonNode *chosen;

      if (by_changed_time)
        newer = okp_progress_doc_time_of (object_or_null (tn), "changed") >
                okp_progress_doc_time_of (object_or_null (on), "changed");

      chosen = choose (bn, on, tn, newer);
      if (chosen != NULL)
        json_object_set_member (merged, name, okp_progress_doc_copy (chosen));
    }

  /* Emptied on a side that removed the member ("Start over" removes
   * "steps"): the member stays removed. */
  if (json_object_get_size (merged) == 0 && (ours == NULL || theirs == NULL))
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, merged);
  return node;
}

static gboolean
holds_object_or_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_OBJECT (node);
}

static JsonNode *
merge_checklist (JsonNode *base,
                 JsonNode *ours,
                 JsonNode *theirs)
{
  JsonObject *b = object_or_null (base);
  JsonObject *o = object_or_null (ours);
  JsonObject *t = object_or_null (theirs);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(JsonObject) merged = NULL;
  gboolean theirs_newer;
  JsonNode *node;

  if (okp_progress_doc_equal (theirs, base))
    return copy_or_null (ours);
  if (okp_progress_doc_equal (ours, base))
    return copy_or_null (theirs);

  /* Both changed it: member by member, the steps each by its own time,
   * everything else by which side changed the checklist last. */
  theirs_newer = okp_progress_doc_time_of (t, "updated") > okp_progress_doc_time_of (o, "updated");
  names = member_union (o, t, b);
  merged = json_object_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *bn = member_or_null (b, name);
      JsonNode *on = member_or_null (o, name);
      JsonNode *tn = member_or_null (t, name);
      gboolean keyed = holds_object_or_null (on) && holds_object_or_null (tn);
      JsonNode *result;

      if (keyed && strcmp (name, "steps") == 0)
        result = merge_keyed (bn, on, tn, TRUE, theirs_newer);
      else if (keyed && strcmp (name, "notes") == 0)
        result = merge_keyed (bn, on, tn, FALSE, theirs_newer);
      else
        result = copy_or_null (choose (bn, on, tn, theirs_newer));

      if (result != NULL)
        json_object_set_member (merged, name, result);
    }

  /* The checklist was changed last when the later of the two changed it. */
  if (theirs_newer)
    json_object_set_member (merged, "updated",
                            okp_progress_doc_copy (json_object_get_member (t, "updated")));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, merged);
  return node;
}

/**
 * okp_progress_merge:
 * @base: (nullable): the document both sides started from; %NULL for none
 * @ours: this side's document
 * @theirs: the other side's document
 * @changed_ids: (element-type utf8): gets the ids of the checklists whose
 *   content differs from @ours in the result
 *
 * Per step the later tick or untick wins, the rest of a checklist comes
 * from the side that changed it last, and a member either side does not
 * know is kept. None of the documents is changed.
 *
 * Returns: (transfer full): the merged document, of the current version
 */
JsonNode *
okp_progress_merge (JsonNode  *base,
                    JsonNode  *ours,
                    JsonNode  *theirs,
                    GPtrArray *changed_ids)
{
  JsonObject *base_root = object_or_null (base);
  JsonObject *our_root = object_or_null (ours);
  JsonObject *their_root = object_or_null (theirs);
  JsonObject *bc = object_or_null (member_or_null (base_root, "checklists"));
  JsonObject *oc = object_or_null (member_or_null (our_root, "checklists"));
  JsonObject *tc = object_or_null (member_or_null (their_root, "checklists"));
  g_autoptr(GPtrArray) ids = member_union (oc, tc, bc);
  g_autoptr(GPtrArray) names = member_union (our_root, their_root, base_root);
  g_autoptr(JsonObject) checklists = json_object_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (changed_ids != NULL, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonNode *on = member_or_null (oc, id);
      JsonNode *merged = merge_checklist (member_or_null (bc, id), on, member_or_null (tc, id));

      if (!okp_progress_doc_equal (merged, on))
        g_ptr_array_add (changed_ids, g_strdup (id));
      if (merged != NULL)
        json_object_set_member (checklists, id, merged);
    }

  /* Other top-level members, unknown to this version: kept, and a change
   * made by the other side is taken unless this side changed them too. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *chosen;

      if (strcmp (name, "checklists") == 0)
        {
          json_object_set_object_member (root, "checklists", json_object_ref (checklists));
          continue;
        }

      chosen = choose (member_or_null (base_root, name), member_or_null (our_root, name),
                       member_or_null (their_root, name), FALSE);
      if (chosen != NULL)
        json_object_set_member (root, name, okp_progress_doc_copy (chosen));
    }

  if (!json_object_has_member (root, "checklists"))
    json_object_set_object_member (root, "checklists", json_object_ref (checklists));
  json_object_set_int_member (root, "version", OKP_PROGRESS_DOC_VERSION);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}
