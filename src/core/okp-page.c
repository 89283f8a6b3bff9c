/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-page"

#include "config.h"

#include "okp-page.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (OkpPage, okp_page, okp_page_copy, okp_page_free)

/* The names of the kinds in the written form, in the order of OkpPageKind. */
static const char * const kind_names[] = {
  [OKP_PAGE_SECTION] = "section",
  [OKP_PAGE_CHECKLIST] = "checklist",
  [OKP_PAGE_CONTACT] = "contact",
  [OKP_PAGE_START] = "start",
};

/**
 * okp_page_new:
 * @kind: what the page is
 * @id: the section's, checklist's or channel's id; not empty
 *
 * Returns: (transfer full): the page
 */
OkpPage *
okp_page_new (OkpPageKind  kind,
              const char  *id)
{
  OkpPage *page;

  g_return_val_if_fail (kind <= OKP_PAGE_START, NULL);
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (kind != OKP_PAGE_START || g_str_equal (id, OKP_PAGE_START_ID), NULL);

  page = g_new (OkpPage, 1);
  page->kind = kind;
  page->id = g_strdup (id);

  return page;
}

OkpPage *
okp_page_copy (const OkpPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);

  return okp_page_new (page->kind, page->id);
}

void
okp_page_free (OkpPage *page)
{
  if (page == NULL)
    return;

  g_free (page->id);
  g_free (page);
}

const char *
okp_page_kind_to_string (OkpPageKind kind)
{
  g_return_val_if_fail (kind <= OKP_PAGE_START, NULL);

  return kind_names[kind];
}

/**
 * okp_page_parse:
 * @text: (nullable): "KIND:ID" or "start", as okp_page_to_string() writes it
 *
 * Reads a page from a setting or a D-Bus call. Anything else (%NULL, an
 * unknown kind, no id) gives %NULL; whether the guide has the id is for
 * the caller to check.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL
 */
OkpPage *
okp_page_parse (const char *text)
{
  const char *colon;

  if (text == NULL)
    return NULL;

  if (g_str_equal (text, OKP_PAGE_START_ID))
    return okp_page_new (OKP_PAGE_START, OKP_PAGE_START_ID);

  colon = strchr (text, ':');
  if (colon == NULL || colon[1] == '\0')
    return NULL;

  for (guint kind = 0; kind < G_N_ELEMENTS (kind_names); kind++)
    {
      size_t length = strlen (kind_names[kind]);

      if (kind != OKP_PAGE_START &&
          (size_t)(colon - text) == length && strncmp (text, kind_names[kind], length) == 0)
        return okp_page_new (kind, colon + 1);
    }

  return NULL;
}

/**
 * okp_page_to_string:
 *
 * Returns: (transfer full): @page as "KIND:ID" (the start page as
 *   "start"), which okp_page_parse() reads back
 */
char *
okp_page_to_string (const OkpPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);

  if (page->kind == OKP_PAGE_START)
    return g_strdup (OKP_PAGE_START_ID);
  return g_strconcat (kind_names[page->kind], ":", page->id, NULL);
}

/**
 * okp_page_equal:
 * @a: (nullable): a page
 * @b: (nullable): another
 *
 * Returns: whether @a and @b are the same place (two %NULL are)
 */
gboolean
okp_page_equal (const OkpPage *a,
                const OkpPage *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->kind == b->kind && g_str_equal (a->id, b->id);
}
