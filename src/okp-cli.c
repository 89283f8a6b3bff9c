/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-cli"

#include "config.h"

#include "okp-cli.h"

#include <glib/gi18n-lib.h>

#include "okp-checklist-progress.h"
#include "okp-resources.h"

/**
 * okp_cli_load_guide:
 *
 * Loads the guide compiled into the program, translated into the interface
 * language.
 */
OkpGuide *
okp_cli_load_guide (GError **error)
{
  /* Referencing the resource keeps the linker from dropping it. */
  g_resources_register (okp_get_resource ());

  return okp_guide_new_from_resource (RESOURCE_PREFIX "/guide/guide.xml", GETTEXT_PACKAGE, error);
}

/**
 * okp_cli_page_language:
 *
 * The language the guide is shown in, as a BCP 47 tag for the page: the
 * catalog tells us, through a string translators set, so the page's lang
 * attribute (and with it font selection for Chinese) always matches the text.
 */
const char *
okp_cli_page_language (void)
{
  /* Translators: the BCP 47 language tag of this translation, e.g. zh-CN */
  return _("en");
}

static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Prints "  ID  TITLE  EXTRA" with the titles, and so the extras, lined
 * up; title_width is the widest title of the block, for the extras. */
static void
print_row (FILE       *out,
           const char *id,
           const char *title,
           int         title_width,
           const char *extra)
{
  int pad = 34 - display_width (id);

  fprintf (out, "  %s%*s%s", id, pad > 1 ? pad : 1, "", title);
  if (extra != NULL)
    fprintf (out, "%*s%s", MAX (title_width - display_width (title), 0) + 2, "", extra);
  fputc ('\n', out);
}

/**
 * okp_cli_print_list:
 * @guide: the guide
 * @store: (nullable): the saved progress, or %NULL to show none
 * @out: where to print
 *
 * Prints the guide's sections, then each checklist with its progress as
 * "done/total", for people and for scripts.
 */
void
okp_cli_print_list (OkpGuide         *guide,
                    OkpProgressStore *store,
                    FILE             *out)
{
  GPtrArray *sections = okp_guide_get_sections (guide);
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  int title_width = 0;

  fprintf (out, "%s\n", _("Guide sections:"));
  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      print_row (out, section->id, section->title, 0, NULL);
    }

  fputc ('\n', out);
  fprintf (out, "%s\n", _("Checklists:"));
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      title_width = MAX (title_width, display_width (def->title));
    }
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      guint done = store != NULL ? okp_checklist_progress_count_done (store, def) : 0;
      g_autofree char *progress = NULL;

      if (store != NULL && okp_progress_store_get_solved (store, def->id))
        /* Translators: a checklist's progress on the command line, e.g.
         * "2/6, solved"; keep the numbers together as they are */
        progress = g_strdup_printf (_("%u/%u, solved"), done, def->steps->len);
      else
        progress = g_strdup_printf ("%u/%u", done, def->steps->len);

      print_row (out, def->id, def->title, title_width, progress);
    }
}
