/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-renderer"

/*
 * The HTML renderer on every section of a fuzzed guide. Content strings
 * are escaped, so whatever the content says, the page holds only the
 * elements and attributes the renderer writes itself (never a script, a
 * frame, an image or an event handler), and it is always valid UTF-8.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-guide-renderer.h"

#include <string.h>

/* The elements and attributes the renderer writes itself. Content is
 * escaped, so whatever it says, nothing else can appear as markup. */
static const char * const elements[] = {
  "!DOCTYPE", "html", "head", "meta", "title", "link", "body", "main", "article", "p", "h1",
  "h2", "ul", "ol", "li", "a", "aside", "dl", "dt", "dd",
};

static const char * const attributes[] = {
  "lang", "charset", "name", "content", "rel", "href", "id", "class", "html",
};

static gboolean
in_list (const char * const *list,
         gsize               n,
         const char         *start,
         gsize               length)
{
  for (gsize i = 0; i < n; i++)
    if (strlen (list[i]) == length && g_ascii_strncasecmp (list[i], start, length) == 0)
      return TRUE;
  return FALSE;
}

/* Walks every tag of @html; returns the offending tag, or NULL when all
 * of them are the renderer's own with only its own attributes, each
 * quoted. */
static const char *
find_foreign_markup (const char *html)
{
  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      const char *q = p + 1;
      const char *name;

      if (*q == '/')
        q++;
      name = q;
      while (g_ascii_isalnum (*q) || *q == '!')
        q++;
      if (!in_list (elements, G_N_ELEMENTS (elements), name, q - name))
        return p;

      /* Attributes: name="value" with no quote inside, or a bare word
       * (the doctype's "html"). */
      for (;;)
        {
          const char *attribute;

          while (*q == ' ')
            q++;
          if (*q == '>')
            break;
          attribute = q;
          while (g_ascii_isalpha (*q) || *q == '-')
            q++;
          if (!in_list (attributes, G_N_ELEMENTS (attributes), attribute, q - attribute))
            return p;
          if (*q == '=')
            {
              if (q[1] != '"')
                return p;
              q = strchr (q + 2, '"');
              if (q == NULL)
                return p;
              q++;
            }
          else if (*q != ' ' && *q != '>')
            return p;
        }
    }

  return NULL;
}

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
      const char *foreign;
      g_autofree char *uri = okp_guide_section_uri (section->id);

      okp_fuzz_check (html != NULL);
      okp_fuzz_check (g_utf8_validate (html, -1, NULL));
      okp_fuzz_check (uri != NULL && g_str_has_prefix (uri, OKP_URI_SCHEME ":"));
      okp_fuzz_check (strpbrk (uri, " \"<>\n\r\t") == NULL);

      foreign = find_foreign_markup (html);
      if (foreign != NULL)
        {
          g_printerr ("The page for section %s holds markup of its own at “%.40s”:\n%s\n",
                      section->id, foreign, html);
          abort ();
        }
    }

  return 0;
}
