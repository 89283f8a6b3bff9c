/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-progress-merge"

/*
 * The merge of a progress file another process wrote meanwhile. The input
 * holds, separated by NUL bytes, the file this store loads, the file the
 * other process writes before this store saves, and the changes this
 * store makes meanwhile (a byte each: which step of the login checklist
 * to tick or untick). Whatever the files hold:
 * - the save leaves a file that loads again;
 * - a step only the other process changed comes out as it wrote it, a
 *   step only this store changed as this store has it;
 * - top-level members only the other process added are kept.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-progress-store.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static const char * const steps[] = {
  "reset-password", "unlock-account", "check-network", "check-browser", "error-message", "contact",
};

static gint64
fixed_clock (gpointer user_data)
{
  return G_GINT64_CONSTANT (1795687200);
}

/* Parses text the store has accepted. json-glib alone leaks on some bad
 * input (a string followed by an object, for one); the store checks the
 * syntax itself before json-glib sees anything, so only text that the
 * store loads is handed to json-glib here. */
static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static JsonObject *
object_at (JsonNode   *root,
           const char *first,
           ...)
{
  JsonNode *node = root;
  const char *name = first;
  va_list args;

  va_start (args, first);
  while (name != NULL)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          va_end (args);
          return NULL;
        }
      node = json_object_get_member (json_node_get_object (node), name);
      name = va_arg (args, const char *);
    }
  va_end (args);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A step as a file holds it, or NULL. */
static JsonNode *
step_in (JsonNode   *root,
         const char *step)
{
  JsonObject *all = object_at (root, "checklists", "login", "steps", NULL);

  return all != NULL ? json_object_get_member (all, step) : NULL;
}

static gboolean
same (JsonNode *a,
      JsonNode *b)
{
  return a == NULL || b == NULL ? a == b : json_node_equal (a, b);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(GStrv) parts = okp_fuzz_split (data, size, 3);
  const char *dir;
  g_autofree char *path = NULL;
  g_autofree char *saved_text = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(OkpProgressStore) again = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean touched[G_N_ELEMENTS (steps)] = { FALSE, };
  gboolean ours_changed[G_N_ELEMENTS (steps)] = { FALSE, };
  gboolean ours_done[G_N_ELEMENTS (steps)] = { FALSE, };

  okp_fuzz_init ();
  dir = okp_fuzz_tmpdir ();
  okp_fuzz_clear_dir (dir);
  path = g_build_filename (dir, "progress.json", NULL);

  /* Whether the other process's file is one the store can use. */
  {
    g_autoptr(OkpProgressStore) check = NULL;

    if (!g_file_set_contents (path, parts[1], -1, NULL))
      abort ();
    check = okp_progress_store_new (path);
    if (okp_progress_store_load (check, NULL) == OKP_STORE_STATUS_OK)
      theirs = parse (parts[1]);
    g_clear_object (&check);
    okp_fuzz_clear_dir (dir);
  }

  if (!g_file_set_contents (path, parts[0], -1, NULL))
    abort ();
  store = okp_progress_store_new (path);
  okp_progress_store_set_clock (store, fixed_clock, NULL);
  if (okp_progress_store_load (store, NULL) != OKP_STORE_STATUS_OK)
    return 0;
  base = parse (parts[0]);
  okp_fuzz_check (base != NULL);

  for (const char *p = parts[2]; *p != '\0'; p++)
    {
      guint i = (guchar) *p % G_N_ELEMENTS (steps);
      gboolean done = (*p & 0x80) == 0;

      okp_progress_store_set_step_done (store, "login", steps[i], done);
      touched[i] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      JsonNode *was = step_in (base, steps[i]);
      JsonObject *step = was != NULL && JSON_NODE_HOLDS_OBJECT (was) ?
                         json_node_get_object (was) : NULL;
      gboolean was_done = step != NULL && json_object_has_member (step, "done") &&
                          json_object_get_boolean_member (step, "done");

      ours_done[i] = okp_progress_store_get_step_done (store, "login", steps[i]);
      ours_changed[i] = ours_done[i] != was_done;
    }

  /* The other process writes its file, whole, in place. */
  {
    g_autofree char *temporary = g_strconcat (path, ".other", NULL);

    if (!g_file_set_contents (temporary, parts[1], -1, NULL) || g_rename (temporary, path) != 0)
      abort ();
  }

  if (!okp_progress_store_save (store, &error))
    {
      /* Only a newer version's file is refused; it is left as it was. */
      g_autofree char *left = NULL;

      okp_fuzz_check (g_error_matches (error, OKP_PROGRESS_STORE_ERROR,
                                       OKP_PROGRESS_STORE_ERROR_NEWER_VERSION));
      okp_fuzz_check (g_file_get_contents (path, &left, NULL, NULL));
      okp_fuzz_check (strcmp (left, parts[1]) == 0);
      return 0;
    }

  /* What was saved loads again. */
  again = okp_progress_store_new (path);
  okp_fuzz_check (okp_progress_store_load (again, NULL) == OKP_STORE_STATUS_OK);
  okp_fuzz_check (g_file_get_contents (path, &saved_text, NULL, NULL));
  result = parse (saved_text);
  okp_fuzz_check (result != NULL);

  /* If the other file was usable, it was merged. */
  if (theirs != NULL && okp_progress_store_get_recovered_path (store) == NULL &&
      g_strcmp0 (parts[1], parts[0]) != 0)
    {
      gboolean merged = TRUE;

      /* An unusable file was moved aside rather than merged. */
      {
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *name;

        while (d != NULL && (name = g_dir_read_name (d)) != NULL)
          if (strstr (name, ".broken-") != NULL)
            merged = FALSE;
      }

      if (merged)
        {
          for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
            {
              JsonNode *b = step_in (base, steps[i]);
              JsonNode *t = step_in (theirs, steps[i]);
              JsonNode *r = step_in (result, steps[i]);

              /* Untouched here (a tick and an untick still change the
               * step's time, so only untouched steps count). */
              if (!touched[i] && !same (t, b))
                okp_fuzz_check (same (r, t));
              if (ours_changed[i] && same (t, b))
                okp_fuzz_check (okp_progress_store_get_step_done (again, "login", steps[i]) ==
                                ours_done[i]);
            }

          if (JSON_NODE_HOLDS_OBJECT (theirs))
            {
              JsonObject *t = json_node_get_object (theirs);
              JsonObject *b = json_node_get_object (base);
              JsonObject *r = json_node_get_object (result);
              g_autoptr(GList) names = json_object_get_members (t);

              for (GList *l = names; l != NULL; l = l->next)
                if (!json_object_has_member (b, l->data))
                  okp_fuzz_check (json_object_has_member (r, l->data));
            }
        }
    }

  return 0;
}
