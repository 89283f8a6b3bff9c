/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * A place in the application: a section of the guide, a checklist, or a
 * support channel (shown in the guide's section that introduces it). It is
 * what the window shows, what Back and Forward go through, and what a
 * search result opens.
 *
 * Outside the program a place is written as "KIND:ID" ("section:overview",
 * "checklist:login", "contact:chat"), and the start page ("What's wrong?")
 * as "start": in the last-page setting and in the result ids GNOME Shell's
 * search passes over D-Bus. Only this module reads and writes that form.
 */

typedef enum {
  OKP_PAGE_SECTION,
  OKP_PAGE_CHECKLIST,
  OKP_PAGE_CONTACT,
  OKP_PAGE_START,     /* "What's wrong?"; its id is always "start" */
} OkpPageKind;

#define OKP_PAGE_START_ID "start"

typedef struct {
  OkpPageKind  kind;
  char        *id;
} OkpPage;

#define OKP_TYPE_PAGE (okp_page_get_type ())

GType       okp_page_get_type  (void) G_GNUC_CONST;
OkpPage    *okp_page_new       (OkpPageKind    kind,
                                const char    *id);
OkpPage    *okp_page_copy      (const OkpPage *page);
void        okp_page_free      (OkpPage       *page);
OkpPage    *okp_page_parse     (const char    *text);
char       *okp_page_to_string (const OkpPage *page);
gboolean    okp_page_equal     (const OkpPage *a,
                                const OkpPage *b);
const char *okp_page_kind_to_string (OkpPageKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkpPage, okp_page_free)

G_END_DECLS
