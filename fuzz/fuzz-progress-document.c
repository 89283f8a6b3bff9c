/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-progress-document"

/*
 * The pure parts of the progress store, with no file: the strict JSON
 * check, the document and the merge. The input holds up to three progress
 * files separated by NUL bytes: a base, this side's and the other side's.
 * Whatever they hold:
 * - a file with a member given twice is never used;
 * - a document that is used is written in a form that parses again as
 *   the same document, and writing it twice gives the same bytes;
 * - the merge of any three used documents is itself one that writes and
 *   parses again, leaves its inputs as they were, and gives back this
 *   side's checklists when the other side did not change anything.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-progress-document.h"
#include "okp-progress-json.h"
#include "okp-progress-merge.h"

#include <string.h>

static JsonNode *
checked_parse (const char *text)
{
  gsize length = strlen (text);
  JsonNode *root = NULL;
  OkpProgressDocResult result = okp_progress_doc_parse (text, length, &root);

  /* A file with a member twice is never used, whatever else it holds. */
  if (okp_progress_json_check (text, length) == OKP_PROGRESS_JSON_DUPLICATE)
    okp_fuzz_check (result == OKP_PROGRESS_DOC_DUPLICATE);

  if (result != OKP_PROGRESS_DOC_OK)
    {
      g_clear_pointer (&root, json_node_unref);
      return NULL;
    }

  okp_fuzz_check (root != NULL);
  return root;
}

/* Written out and read back: the same document, the same bytes twice. */
static void
check_round_trip (JsonNode *root)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) again = NULL;
  gsize first_length, second_length;

  first = okp_progress_doc_serialize (root, &first_length);
  okp_fuzz_check (strlen (first) == first_length);
  okp_fuzz_check (okp_progress_doc_parse (first, first_length, &again) == OKP_PROGRESS_DOC_OK);
  okp_fuzz_check (json_node_equal (root, again));

  second = okp_progress_doc_serialize (again, &second_length);
  okp_fuzz_check (first_length == second_length && memcmp (first, second, first_length) == 0);
}

static JsonNode *
checklists_of (JsonNode *root)
{
  return json_object_get_member (json_node_get_object (root), "checklists");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *docs[3] = { NULL, NULL, NULL };

  okp_fuzz_init ();

  parts = okp_fuzz_split (data, size, 3);
  for (guint i = 0; i < 3; i++)
    {
      docs[i] = checked_parse (parts[i]);
      if (docs[i] != NULL)
        check_round_trip (docs[i]);
    }

  if (docs[1] != NULL && docs[2] != NULL)
    {
      g_autoptr(JsonNode) ours_before = okp_progress_doc_copy (docs[1]);
      g_autoptr(JsonNode) theirs_before = okp_progress_doc_copy (docs[2]);
      g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) merged = okp_progress_merge (docs[0], docs[1], docs[2], changed);
      g_autoptr(JsonNode) unchanged = NULL;

      check_round_trip (merged);
      okp_fuzz_check (json_node_equal (docs[1], ours_before));
      okp_fuzz_check (json_node_equal (docs[2], theirs_before));

      /* The other side is the base itself: this side's checklists, as
       * they are. */
      unchanged = okp_progress_merge (docs[2], docs[1], docs[2], changed);
      okp_fuzz_check (okp_progress_doc_equal (checklists_of (unchanged), checklists_of (docs[1])) ||
                      checklists_of (docs[1]) == NULL);
    }

  for (guint i = 0; i < 3; i++)
    g_clear_pointer (&docs[i], json_node_unref);

  return 0;
}
