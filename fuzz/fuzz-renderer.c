/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-renderer"

/*
 * The HTML renderer on every section of a fuzzed guide. Content strings
 * are escaped, so whatever the content says, the page holds only the
 * elements the renderer writes itself: never a script, a frame, an image
 * or an event handler attribute, and always valid UTF-8.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-guide-renderer.h"

#include <string.h>

/* Markup a page must never contain, lower case; the content cannot bring
 * it in unless escaping failed. */
static const char * const forbidden[] = {
  "<script", "<iframe", "<img", "<object", "<embed", "<svg", "<style", "<form", "<base",
  " onerror=", " onload=", " onclick=", " style=", "<!--",
};

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(OkpGuide) guide = NULL;
  GPtrArray *sections;
  const OkpRenderOptions options = {
    .lang = "en",
    .stylesheet = OKP_URI_SCHEME ":///style/guide.css",
  };

  okp_fuzz_init ();

  guide = okp_guide_new_from_data ((const char *) data, size, NULL, NULL);
  if (guide == NULL)
    return 0;

  sections = okp_guide_get_sections (guide);
  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      g_autofree char *html = okp_guide_render_section (guide, section, &options);
      g_autofree char *lower = NULL;
      g_autofree char *uri = okp_guide_section_uri (section->id);

      okp_fuzz_check (html != NULL);
      okp_fuzz_check (g_utf8_validate (html, -1, NULL));
      okp_fuzz_check (uri != NULL && g_str_has_prefix (uri, OKP_URI_SCHEME ":"));
      okp_fuzz_check (strpbrk (uri, " \"<>\n\r\t") == NULL);

      lower = g_ascii_strdown (html, -1);
      for (guint k = 0; k < G_N_ELEMENTS (forbidden); k++)
        if (strstr (lower, forbidden[k]) != NULL)
          {
            g_printerr ("The page for section %s holds %s:\n%s\n", section->id, forbidden[k], html);
            abort ();
          }
    }

  return 0;
}
