/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-guide-renderer"

#include "config.h"

#include "okp-guide-renderer.h"

#include <glib/gi18n-lib.h>

/*
 * Every string that reaches the page goes through append_escaped(): content is
 * data, and data is never markup. The page carries no script and no inline
 * style, so the web view's content security policy can forbid both.
 */

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

static void
append_escaped_printf (GString    *out,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
append_escaped_printf (GString    *out,
                       const char *format,
                       ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  append_escaped (out, text);
}

char *
okp_guide_section_uri (const char *section_id)
{
  g_return_val_if_fail (section_id != NULL, NULL);
  return g_strconcat (OKP_URI_SCHEME ":///section/", section_id, NULL);
}

static void
render_channel_link (GString             *out,
                     const OkpChannelDef *channel)
{
  g_string_append (out, "<p class=\"contact\"><a class=\"button\" href=\"" OKP_URI_SCHEME ":///contact/");
  append_escaped (out, channel->id);
  g_string_append (out, "\">");
  /* Translators: a button in the guide; %s is a support channel such as "Online chat" */
  append_escaped_printf (out, _("Contact support: %s"), channel->title);
  g_string_append (out, "</a></p>\n<dl class=\"channel-facts\">\n<dt>");
  append_escaped (out, _("When to use it"));
  g_string_append (out, "</dt><dd>");
  append_escaped (out, channel->when);
  g_string_append (out, "</dd>\n<dt>");
  append_escaped (out, _("What to expect"));
  g_string_append (out, "</dt><dd>");
  append_escaped (out, channel->expect);
  g_string_append (out, "</dd>\n<dt>");
  append_escaped (out, _("Have ready"));
  g_string_append (out, "</dt><dd>");
  append_escaped (out, channel->ready);
  g_string_append (out, "</dd>\n</dl>\n");
}

/**
 * okp_guide_render_section:
 *
 * Renders one section as a complete, self-contained HTML document.
 *
 * Returns: (transfer full): UTF-8 HTML
 */
char *
okp_guide_render_section (OkpGuide               *guide,
                          const OkpSection       *section,
                          const OkpRenderOptions *options)
{
  GString *out;
  const OkpChannelDef *pending_channel = NULL;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (section != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  out = g_string_sized_new (4096);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  append_escaped (out, options->lang ? options->lang : "en");
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>");
  append_escaped (out, section->title);
  g_string_append (out, "</title>\n");
  if (options->stylesheet != NULL)
    {
      g_string_append (out, "<link rel=\"stylesheet\" href=\"");
      append_escaped (out, options->stylesheet);
      g_string_append (out, "\">\n");
    }
  g_string_append (out, "</head>\n<body>\n<main>\n<article id=\"section-");
  append_escaped (out, section->id);
  g_string_append (out, "\">\n");

  if (section->group_id != NULL)
    {
      const OkpGroup *group = okp_guide_lookup_group (guide, section->group_id);

      if (group != NULL)
        {
          g_string_append (out, "<p class=\"group\">");
          append_escaped (out, group->title);
          g_string_append (out, "</p>\n");
        }
    }

  g_string_append (out, "<h1>");
  append_escaped (out, section->title);
  g_string_append (out, "</h1>\n");

  for (guint i = 0; i < section->blocks->len; i++)
    {
      const OkpBlock *block = g_ptr_array_index (section->blocks, i);

      switch (block->kind)
        {
        case OKP_BLOCK_HEADING:
          if (pending_channel != NULL)
            render_channel_link (out, pending_channel);
          pending_channel = okp_guide_lookup_channel (guide, block->channel_id);
          g_string_append_printf (out, "<h2 id=\"b%u\">", i);
          append_escaped (out, block->text);
          g_string_append (out, "</h2>\n");
          break;

        case OKP_BLOCK_PARAGRAPH:
          g_string_append_printf (out, "<p id=\"b%u\">", i);
          append_escaped (out, block->text);
          g_string_append (out, "</p>\n");
          break;

        case OKP_BLOCK_LIST:
        case OKP_BLOCK_ORDERED_LIST:
          {
            const char *tag = block->kind == OKP_BLOCK_LIST ? "ul" : "ol";

            g_string_append_printf (out, "<%s id=\"b%u\">\n", tag, i);
            for (guint j = 0; j < block->items->len; j++)
              {
                const char *checklist = g_ptr_array_index (block->item_checklists, j);

                g_string_append (out, "<li>");
                if (checklist != NULL)
                  {
                    g_string_append (out, "<a href=\"" OKP_URI_SCHEME ":///checklist/");
                    append_escaped (out, checklist);
                    g_string_append (out, "\">");
                  }
                append_escaped (out, g_ptr_array_index (block->items, j));
                if (checklist != NULL)
                  g_string_append (out, "</a>");
                g_string_append (out, "</li>\n");
              }
            g_string_append_printf (out, "</%s>\n", tag);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (pending_channel != NULL)
    render_channel_link (out, pending_channel);

  if (section->checklist_id != NULL)
    {
      const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, section->checklist_id);

      if (def != NULL)
        {
          g_string_append (out, "<aside class=\"checklist-link\">\n<p>");
          append_escaped (out, _("Work through it step by step, and keep track of what you have tried."));
          g_string_append (out, "</p>\n<p><a class=\"button suggested\" href=\"" OKP_URI_SCHEME
                                ":///checklist/");
          append_escaped (out, def->id);
          g_string_append (out, "\">");
          /* Translators: a link from a guide page; %s is a checklist title */
          append_escaped_printf (out, _("Open the checklist: %s"), def->title);
          g_string_append (out, "</a></p>\n</aside>\n");
        }
    }

  g_string_append (out, "</article>\n</main>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}
