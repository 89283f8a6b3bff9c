/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-search"

#include "config.h"

#include "okp-search.h"

#include <string.h>

/*
 * The index is one entry per page (section, checklist, support channel),
 * each with its fields (the title, headings and step titles, body text).
 * Every field keeps its folded form and, for each byte of it, the offset
 * of the original character it came from, so a match found in folded text
 * can be highlighted in the text the user reads, even where folding changed
 * the length ("ß" → "ss", full-width "Ａ" → "a").
 *
 * Folding works on clusters (a character and the combining marks after it)
 * so that composed and decomposed forms of the same letter fold alike. A
 * query is folded with the same rules, but runs of non-ASCII text are
 * folded in one call rather than cluster by cluster, so even a long
 * Chinese query costs a couple of allocations, not thousands.
 */

#define SNIPPET_BEFORE 24   /* characters of context before a match */
#define SNIPPET_LENGTH 96   /* characters in a snippet, roughly */

typedef enum {
  FIELD_TITLE,
  FIELD_HEADING,
  FIELD_TEXT,
} FieldKind;

typedef struct {
  FieldKind   kind;
  const char *text;        /* borrowed from the guide */
  char       *folded;
  gsize       folded_len;
  guint32    *map;         /* folded_len + 1 offsets into text */
  int         block;       /* the section block it is in, or -1 */
  const char *step_id;     /* the checklist step it is in, or NULL */
} Field;

typedef struct {
  OkpSearchKind  kind;
  guint          order;         /* position in the guide, for stable sorting */
  OkpPage       *page;
  char          *result_id;     /* the page, written out */
  const char    *id;
  const char    *title;
  const char    *section_id;    /* sections and channels: where to show it */
  int            section_block; /* channels: the heading that introduces them */
  const char    *checklist_id;
  GArray        *fields;        /* (element-type Field) */
} Entry;

struct _OkpSearch
{
  GObject     parent_instance;

  /* owned */
  OkpGuide   *guide;
  GPtrArray  *entries;          /* (element-type Entry) */
  gsize       max_folded_len;
};

G_DEFINE_FINAL_TYPE (OkpSearch, okp_search, G_TYPE_OBJECT)

/* Folding */

static gsize
cluster_length (const char *p,
                const char *end)
{
  const char *q = g_utf8_next_char (p);

  while (q < end && g_unichar_ismark (g_utf8_get_char (q)))
    q = g_utf8_next_char (q);

  return q - p;
}

/* Appends folded text, collapsing white space to single spaces; every byte
 * appended records @origin in @map when there is one. */
static void
emit (GString    *out,
      GArray     *map,
      guint32     origin,
      const char *folded,
      gsize       length)
{
  const char *end = folded + length;

  for (const char *p = folded; p < end; p = g_utf8_next_char (p))
    {
      gsize n = g_utf8_next_char (p) - p;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (out->len == 0 || out->str[out->len - 1] == ' ')
            continue;
          g_string_append_c (out, ' ');
          n = 1;
        }
      else
        g_string_append_len (out, p, n);

      for (gsize i = 0; map != NULL && i < n; i++)
        g_array_append_val (map, origin);
    }
}

static void
emit_folded (GString    *out,
             GArray     *map,
             guint32     origin,
             const char *text,
             gsize       length)
{
  g_autofree char *nfkc = g_utf8_normalize (text, length, G_NORMALIZE_NFKC);
  g_autofree char *folded = NULL;

  if (nfkc == NULL)
    return;

  folded = g_utf8_casefold (nfkc, -1);
  emit (out, map, origin, folded, strlen (folded));
}

/* Folds @text into @out. With @map, per cluster, recording where each
 * byte came from; without, non-ASCII runs at once. */
static void
fold_into (GString    *out,
           GArray     *map,
           const char *text,
           gsize       length)
{
  const char *end = text + length;
  const char *p = text;

  while (p < end)
    {
      gsize n = cluster_length (p, end);

      if (n == 1 && (guchar)*p < 0x80)
        {
          char c = g_ascii_tolower (*p);

          if (g_ascii_isspace (c))
            {
              if (out->len > 0 && out->str[out->len - 1] != ' ')
                {
                  g_string_append_c (out, ' ');
                  if (map != NULL)
                    g_array_append_val (map, (guint32) { p - text });
                }
            }
          else
            {
              g_string_append_c (out, c);
              if (map != NULL)
                g_array_append_val (map, (guint32) { p - text });
            }
          p++;
          continue;
        }

      if (map == NULL)
        {
          /* Extend to the end of the run of clusters that need Unicode
           * folding. */
          const char *q = p + n;

          while (q < end)
            {
              gsize m = cluster_length (q, end);

              if (m == 1 && (guchar)*q < 0x80)
                break;
              q += m;
            }
          n = q - p;
        }

      emit_folded (out, map, p - text, p, n);
      p += n;
    }

  /* No trailing space: a query "password " should still match "password". */
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    {
      g_string_truncate (out, out->len - 1);
      if (map != NULL)
        g_array_set_size (map, map->len - 1);
    }
}

/**
 * okp_search_fold:
 * @text: UTF-8 text
 *
 * The form text is compared in: NFKC-normalised, case-folded, with runs
 * of white space collapsed to one space and none at either end.
 *
 * Returns: (transfer full) (nullable): the folded text, or %NULL if @text
 *   is not valid UTF-8
 */
char *
okp_search_fold (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  out = g_string_sized_new (strlen (text));
  fold_into (out, NULL, text, strlen (text));

  return g_string_free (out, FALSE);
}

/* Building the index */

static void
field_clear (Field *field)
{
  g_free (field->folded);
  g_free (field->map);
}

static void
entry_free (Entry *entry)
{
  okp_page_free (entry->page);
  g_free (entry->result_id);
  g_array_unref (entry->fields);
  g_free (entry);
}

static Entry *
entry_new (OkpSearch     *self,
           OkpSearchKind  kind,
           OkpPageKind    page_kind,
           const char    *id,
           const char    *title)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->kind = kind;
  entry->order = self->entries->len;
  entry->page = okp_page_new (page_kind, id);
  entry->result_id = okp_page_to_string (entry->page);
  entry->id = id;
  entry->title = title;
  entry->section_block = -1;
  entry->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (entry->fields, (GDestroyNotify)field_clear);
  g_ptr_array_add (self->entries, entry);

  return entry;
}

static void
add_field (OkpSearch  *self,
           Entry      *entry,
           FieldKind   kind,
           const char *text,
           int         block,
           const char *step_id)
{
  gsize length = strlen (text);
  GString *folded = g_string_sized_new (length);
  GArray *map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), length + 1);
  Field field = { 0 };

  fold_into (folded, map, text, length);
  g_array_append_val (map, (guint32) { length });

  field.kind = kind;
  field.text = text;
  field.folded_len = folded->len;
  field.folded = g_string_free (folded, FALSE);
  field.map = (guint32 *)(gpointer)g_array_free (map, FALSE);
  field.block = block;
  field.step_id = step_id;
  g_array_append_val (entry->fields, field);

  self->max_folded_len = MAX (self->max_folded_len, field.folded_len);
}

static void
index_section (OkpSearch        *self,
               const OkpSection *section)
{
  Entry *entry = entry_new (self, OKP_SEARCH_KIND_SECTION, OKP_PAGE_SECTION, section->id, section->title);

  entry->section_id = section->id;
  add_field (self, entry, FIELD_TITLE, section->title, -1, NULL);

  for (guint i = 0; i < section->blocks->len; i++)
    {
      const OkpBlock *block = g_ptr_array_index (section->blocks, i);

      if (block->kind == OKP_BLOCK_HEADING)
        add_field (self, entry, FIELD_HEADING, block->text, i, NULL);
      else if (block->text != NULL)
        add_field (self, entry, FIELD_TEXT, block->text, i, NULL);

      for (guint j = 0; block->items != NULL && j < block->items->len; j++)
        add_field (self, entry, FIELD_TEXT, g_ptr_array_index (block->items, j), i, NULL);
    }
}

static void
index_checklist (OkpSearch             *self,
                 const OkpChecklistDef *def)
{
  Entry *entry = entry_new (self, OKP_SEARCH_KIND_CHECKLIST, OKP_PAGE_CHECKLIST, def->id, def->title);

  entry->checklist_id = def->id;
  add_field (self, entry, FIELD_TITLE, def->title, -1, NULL);
  add_field (self, entry, FIELD_TEXT, def->summary, -1, NULL);

  /* Step titles first, so "Reset your password" ranks as a heading even
   * when an earlier step's detail mentions passwords. */
  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);
      add_field (self, entry, FIELD_HEADING, step->title, -1, step->id);
    }

  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);

      add_field (self, entry, FIELD_TEXT, step->detail, -1, step->id);
      if (step->fallback != NULL)
        add_field (self, entry, FIELD_TEXT, step->fallback, -1, step->id);
    }
}

/* A channel is shown where the guide introduces it: the section heading
 * that names it. */
static void
find_channel_heading (OkpGuide    *guide,
                      const char  *channel_id,
                      const char **section_id,
                      int         *block_index)
{
  GPtrArray *sections = okp_guide_get_sections (guide);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->blocks->len; j++)
        {
          const OkpBlock *block = g_ptr_array_index (section->blocks, j);

          if (g_strcmp0 (block->channel_id, channel_id) == 0)
            {
              *section_id = section->id;
              *block_index = j;
              return;
            }
        }
    }
}

static void
index_channel (OkpSearch           *self,
               const OkpChannelDef *def)
{
  Entry *entry = entry_new (self, OKP_SEARCH_KIND_CHANNEL, OKP_PAGE_CONTACT, def->id, def->title);

  find_channel_heading (self->guide, def->id, &entry->section_id, &entry->section_block);
  add_field (self, entry, FIELD_TITLE, def->title, -1, NULL);
  add_field (self, entry, FIELD_TEXT, def->when, -1, NULL);
  add_field (self, entry, FIELD_TEXT, def->expect, -1, NULL);
  add_field (self, entry, FIELD_TEXT, def->ready, -1, NULL);
}

static void
build_index (OkpSearch *self)
{
  GPtrArray *items;

  items = okp_guide_get_sections (self->guide);
  for (guint i = 0; i < items->len; i++)
    index_section (self, g_ptr_array_index (items, i));

  items = okp_guide_get_checklists (self->guide);
  for (guint i = 0; i < items->len; i++)
    index_checklist (self, g_ptr_array_index (items, i));

  items = okp_guide_get_channels (self->guide);
  for (guint i = 0; i < items->len; i++)
    index_channel (self, g_ptr_array_index (items, i));
}

/* Querying */

/* The original text's byte range for a match at folded [start, end). A
 * match may begin or end inside what one cluster folded to; it then
 * covers the whole cluster. */
static void
map_range (const Field *field,
           gsize        start,
           gsize        end,
           gsize       *text_start,
           gsize       *text_end)
{
  gsize k = end;

  *text_start = field->map[start];
  while (k < field->folded_len && field->map[k] == field->map[end - 1])
    k++;
  *text_end = field->map[k];
}

static gboolean
is_latin_space (const char *p)
{
  return *p == ' ';
}

static char *
make_snippet (const char *text,
              gsize       start,
              gsize       end,
              int        *snippet_start,
              int        *snippet_end)
{
  gsize length = strlen (text);
  const char *cut_start = text + start;
  const char *cut_end = text + end;
  const char *p;
  guint before = 0;
  guint used;
  GString *out;

  while (cut_start > text && before < SNIPPET_BEFORE)
    {
      cut_start = g_utf8_prev_char (cut_start);
      before++;
    }

  /* In text with spaces, start at a word. */
  if (cut_start > text)
    {
      for (p = cut_start; p < text + start; p++)
        if (is_latin_space (p))
          {
            cut_start = p + 1;
            break;
          }
    }

  used = g_utf8_strlen (cut_start, cut_end - cut_start);
  while (*cut_end != '\0' && used < SNIPPET_LENGTH)
    {
      cut_end = g_utf8_next_char (cut_end);
      used++;
    }

  if (*cut_end != '\0')
    {
      for (p = cut_end; p > text + end; p--)
        if (is_latin_space (p))
          {
            cut_end = p;
            break;
          }
    }

  out = g_string_sized_new ((cut_end - cut_start) + 8);
  if (cut_start > text)
    g_string_append (out, "…");
  *snippet_start = out->len + (text + start - cut_start);
  *snippet_end = out->len + (text + end - cut_start);
  g_string_append_len (out, cut_start, cut_end - cut_start);
  if ((gsize)(cut_end - text) < length)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* A result and where its page is in the guide, for a stable order. */
typedef struct {
  OkpSearchResult public;
  guint           order;
} Result;

static void
result_free (OkpSearchResult *result)
{
  g_free (result->snippet);
  g_free ((Result *)result);
}

static OkpSearchResult *
make_result (const Entry   *entry,
             const Field   *field,
             OkpSearchRank  rank,
             gsize          start,
             gsize          end)
{
  Result *private = g_new0 (Result, 1);
  OkpSearchResult *result = &private->public;
  gsize text_start, text_end;

  private->order = entry->order;
  map_range (field, start, end, &text_start, &text_end);

  result->kind = entry->kind;
  result->rank = rank;
  result->page = entry->page;
  result->result_id = entry->result_id;
  result->id = entry->id;
  result->title = entry->title;
  result->title_start = -1;
  result->title_end = -1;
  result->snippet_start = -1;
  result->snippet_end = -1;
  result->section_id = entry->section_id;
  result->block = entry->section_block;
  result->checklist_id = entry->checklist_id;

  if (field->kind == FIELD_TITLE)
    {
      result->title_start = text_start;
      result->title_end = text_end;
    }
  else
    {
      result->snippet = make_snippet (field->text, text_start, text_end,
                                      &result->snippet_start, &result->snippet_end);
      if (entry->kind == OKP_SEARCH_KIND_SECTION)
        result->block = field->block;
      result->step_id = field->step_id;
    }

  return result;
}

static OkpSearchResult *
match_entry (const Entry *entry,
             const char  *query,
             gsize        query_len)
{
  const Field *best = NULL;
  OkpSearchRank best_rank = OKP_SEARCH_RANK_TEXT + 1;
  gsize best_start = 0;

  for (guint i = 0; i < entry->fields->len; i++)
    {
      const Field *field = &g_array_index (entry->fields, Field, i);
      const char *found;
      OkpSearchRank rank;

      if (field->folded_len < query_len)
        continue;

      found = strstr (field->folded, query);
      if (found == NULL)
        continue;

      if (field->kind == FIELD_TITLE)
        {
          if (field->folded_len == query_len)
            rank = OKP_SEARCH_RANK_TITLE_EXACT;
          else if (found == field->folded)
            rank = OKP_SEARCH_RANK_TITLE_PREFIX;
          else
            rank = OKP_SEARCH_RANK_TITLE;
        }
      else if (field->kind == FIELD_HEADING)
        rank = OKP_SEARCH_RANK_HEADING;
      else
        rank = OKP_SEARCH_RANK_TEXT;

      if (rank < best_rank)
        {
          best = field;
          best_rank = rank;
          best_start = found - field->folded;
        }

      /* Nothing can beat the page title. */
      if (field->kind == FIELD_TITLE)
        break;
    }

  if (best == NULL)
    return NULL;

  return make_result (entry, best, best_rank, best_start, best_start + query_len);
}

typedef struct {
  OkpSearchRank group_best[OKP_SEARCH_KIND_CHANNEL + 1];
} SortData;

static int
compare_results (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const OkpSearchResult *ra = *(OkpSearchResult * const *)a;
  const OkpSearchResult *rb = *(OkpSearchResult * const *)b;
  const SortData *data = user_data;

  /* Grouped, the group with the better best match first; within a group,
   * better matches first, then in the guide's order. */
  if (data->group_best[ra->kind] != data->group_best[rb->kind])
    return data->group_best[ra->kind] < data->group_best[rb->kind] ? -1 : 1;
  if (ra->kind != rb->kind)
    return ra->kind < rb->kind ? -1 : 1;
  if (ra->rank != rb->rank)
    return ra->rank < rb->rank ? -1 : 1;

  return (int)((const Result *)ra)->order - (int)((const Result *)rb)->order;
}

/**
 * okp_search_query:
 * @query: what the user typed
 *
 * Finds every page that contains @query, at most one result per page (its
 * best match). The results are grouped by kind, the group with the best
 * match first, and within a group best first: title matches before
 * heading matches before text matches, then in the guide's order.
 *
 * The results borrow strings from @self, which must outlive them.
 *
 * Returns: (transfer full) (element-type OkpSearchResult): the results,
 *   empty for an empty query or one that matches nothing
 */
GPtrArray *
okp_search_query (OkpSearch  *self,
                  const char *query)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) folded = NULL;
  gsize length;
  SortData data = { 0 };

  g_return_val_if_fail (OKP_IS_SEARCH (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)result_free);

  length = strlen (query);
  if (length == 0 || !g_utf8_validate (query, length, NULL))
    return g_steal_pointer (&results);

  /* Folding shortens text by a few bytes at most per character (a letter
   * composed with its accent, Hangul jamo into a syllable), so a query
   * several times longer than any indexed text cannot match, and is not
   * worth folding. */
  if (length > 4 * (self->max_folded_len + 1))
    return g_steal_pointer (&results);

  folded = g_string_sized_new (length);
  fold_into (folded, NULL, query, length);
  if (folded->len == 0 || folded->len > self->max_folded_len)
    return g_steal_pointer (&results);

  for (guint i = 0; i <= OKP_SEARCH_KIND_CHANNEL; i++)
    data.group_best[i] = OKP_SEARCH_RANK_TEXT + 1;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      OkpSearchResult *result = match_entry (entry, folded->str, folded->len);

      if (result == NULL)
        continue;

      data.group_best[result->kind] = MIN (data.group_best[result->kind], result->rank);
      g_ptr_array_add (results, result);
    }

  g_ptr_array_sort_with_data (results, compare_results, &data);

  return g_steal_pointer (&results);
}

/**
 * okp_search_kind_to_string:
 *
 * Returns: the kind as it is printed on the command line: "section",
 *   "checklist" or "contact"
 */
const char *
okp_search_kind_to_string (OkpSearchKind kind)
{
  switch (kind)
    {
    case OKP_SEARCH_KIND_SECTION:
      return okp_page_kind_to_string (OKP_PAGE_SECTION);
    case OKP_SEARCH_KIND_CHECKLIST:
      return okp_page_kind_to_string (OKP_PAGE_CHECKLIST);
    case OKP_SEARCH_KIND_CHANNEL:
      return okp_page_kind_to_string (OKP_PAGE_CONTACT);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * okp_search_result_dup_match:
 *
 * The text that matched, as it is written in the guide (not as the query
 * was typed): what find-in-page looks for on the page.
 *
 * Returns: (transfer full): the matched text
 */
char *
okp_search_result_dup_match (const OkpSearchResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->title_start >= 0)
    return g_strndup (result->title + result->title_start,
                      result->title_end - result->title_start);

  g_return_val_if_fail (result->snippet != NULL, NULL);

  return g_strndup (result->snippet + result->snippet_start,
                    result->snippet_end - result->snippet_start);
}

/* The object */

static void
okp_search_finalize (GObject *object)
{
  OkpSearch *self = (OkpSearch *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->guide);

  G_OBJECT_CLASS (okp_search_parent_class)->finalize (object);
}

static void
okp_search_class_init (OkpSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = okp_search_finalize;
}

static void
okp_search_init (OkpSearch *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
}

/**
 * okp_search_new:
 * @guide: the loaded guide, in the language to search in
 *
 * Builds the index. It keeps a reference to @guide, whose strings it
 * points into.
 *
 * Returns: (transfer full): the search index
 */
OkpSearch *
okp_search_new (OkpGuide *guide)
{
  OkpSearch *self;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);

  self = g_object_new (OKP_TYPE_SEARCH, NULL);
  self->guide = g_object_ref (guide);
  build_index (self);

  return self;
}

OkpGuide *
okp_search_get_guide (OkpSearch *self)
{
  g_return_val_if_fail (OKP_IS_SEARCH (self), NULL);

  return self->guide;
}
