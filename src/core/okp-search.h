/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "okp-guide.h"
#include "okp-page.h"

G_BEGIN_DECLS

/*
 * Search over everything the guide holds, in the language it was loaded
 * in: section titles and text, checklist titles, summaries, steps and their
 * details, and the support channels.
 *
 * Matching is by substring on normalised (NFKC), case-folded text, not by
 * word: Chinese is written without spaces, and NFKC makes full-width and
 * half-width forms of the same character match. The index is built once;
 * a query only folds the query and scans the precomputed strings.
 */

/* The kind of page a result opens; it is also the result's group. Groups
 * are listed in this order when they are equally good. */
typedef enum {
  OKP_SEARCH_KIND_SECTION,    /* a section of the guide */
  OKP_SEARCH_KIND_CHECKLIST,  /* a checklist */
  OKP_SEARCH_KIND_CHANNEL,    /* a support channel ("contact") */
} OkpSearchKind;

/* How good a match is: lower is better. */
typedef enum {
  OKP_SEARCH_RANK_TITLE_EXACT,   /* the page title is the query */
  OKP_SEARCH_RANK_TITLE_PREFIX,  /* the page title starts with the query */
  OKP_SEARCH_RANK_TITLE,         /* the page title contains the query */
  OKP_SEARCH_RANK_HEADING,       /* a heading or step title contains it */
  OKP_SEARCH_RANK_TEXT,          /* body text contains it */
} OkpSearchRank;

typedef struct {
  OkpSearchKind  kind;
  OkpSearchRank  rank;
  const OkpPage *page;          /* the place the result names */
  const char    *result_id;     /* that place written out, for D-Bus */
  const char    *id;            /* the section, checklist or channel id */
  const char    *title;         /* the page's title */
  int            title_start;   /* byte offsets of the match in title, or -1 */
  int            title_end;

  /* The matching text in context, with the byte offsets of the match; NULL
   * when the match is in the title. */
  char          *snippet;
  int            snippet_start;
  int            snippet_end;

  /* Where the match is. For sections and channels: the section to show and
   * the block to scroll to (-1 for the top). For checklists: the step to
   * show (NULL for the top). */
  const char    *section_id;
  int            block;
  const char    *checklist_id;
  const char    *step_id;
} OkpSearchResult;

#define OKP_TYPE_SEARCH (okp_search_get_type ())

G_DECLARE_FINAL_TYPE (OkpSearch, okp_search, OKP, SEARCH, GObject)

OkpSearch    *okp_search_new                  (OkpGuide              *guide);
OkpGuide     *okp_search_get_guide            (OkpSearch             *self);
GPtrArray    *okp_search_query                (OkpSearch             *self,
                                               const char            *query);
char         *okp_search_fold                 (const char            *text);

const char   *okp_search_kind_to_string       (OkpSearchKind          kind);
char         *okp_search_result_dup_match     (const OkpSearchResult *result);

G_END_DECLS
