/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-guide"

/*
 * The content loader on any bytes: it either fails with an error or gives
 * a guide whose references all resolve (every section's checklist, every
 * checklist's section, every group) and whose strings are UTF-8.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-guide.h"

static void
check_text (const char *text)
{
  okp_fuzz_check (text == NULL || g_utf8_validate (text, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *section_ids = NULL;
  g_autofree char *checklist_ids = NULL;
  GPtrArray *sections, *groups, *checklists, *channels;

  okp_fuzz_init ();

  guide = okp_guide_new_from_data ((const char *) data, size, NULL, &error);
  if (guide == NULL)
    {
      /* Not checked for UTF-8: GMarkup quotes the offending bytes of a
       * file that is not UTF-8 as they are. The content comes from the
       * application's own resources, and the message only goes to a log. */
      okp_fuzz_check (error != NULL && error->message != NULL);
      return 0;
    }
  okp_fuzz_check (error == NULL);

  sections = okp_guide_get_sections (guide);
  groups = okp_guide_get_groups (guide);
  checklists = okp_guide_get_checklists (guide);
  channels = okp_guide_get_channels (guide);
  okp_fuzz_check (sections != NULL && groups != NULL && checklists != NULL && channels != NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);

      okp_fuzz_check (section->id != NULL);
      okp_fuzz_check (okp_guide_lookup_section (guide, section->id) != NULL);
      check_text (section->title);
      if (section->group_id != NULL)
        okp_fuzz_check (okp_guide_lookup_group (guide, section->group_id) != NULL);
      if (section->checklist_id != NULL)
        okp_fuzz_check (okp_guide_lookup_checklist (guide, section->checklist_id) != NULL);

      for (guint j = 0; section->blocks != NULL && j < section->blocks->len; j++)
        {
          const OkpBlock *block = g_ptr_array_index (section->blocks, j);

          check_text (block->text);
          for (guint k = 0; block->items != NULL && k < block->items->len; k++)
            check_text (g_ptr_array_index (block->items, k));
          if (block->channel_id != NULL)
            okp_fuzz_check (okp_guide_lookup_channel (guide, block->channel_id) != NULL);
        }
    }

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);

      okp_fuzz_check (def->id != NULL);
      okp_fuzz_check (okp_guide_lookup_checklist (guide, def->id) == def);
      check_text (def->title);
      check_text (def->summary);
      if (def->section_id != NULL)
        okp_fuzz_check (okp_guide_lookup_section (guide, def->section_id) != NULL);
      for (guint j = 0; def->steps != NULL && j < def->steps->len; j++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, j);

          okp_fuzz_check (step->id != NULL);
          okp_fuzz_check (okp_checklist_def_lookup_step (def, step->id) != NULL);
          check_text (step->title);
          check_text (step->detail);
          check_text (step->fallback);
        }
      for (guint j = 0; def->fields != NULL && j < def->fields->len; j++)
        {
          const OkpField *field = g_ptr_array_index (def->fields, j);

          okp_fuzz_check (field->id != NULL);
          check_text (field->label);
          check_text (field->hint);
        }
    }

  for (guint i = 0; i < channels->len; i++)
    {
      const OkpChannelDef *channel = g_ptr_array_index (channels, i);

      okp_fuzz_check (channel->id != NULL);
      okp_fuzz_check (okp_guide_lookup_channel (guide, channel->id) == channel);
      check_text (channel->title);
      check_text (channel->when);
      check_text (channel->expect);
      check_text (channel->ready);
    }

  okp_fuzz_check (okp_guide_lookup_section (guide, "no-such-section") == NULL ||
                  sections->len > 0);
  section_ids = okp_guide_dup_section_ids (guide);
  checklist_ids = okp_guide_dup_checklist_ids (guide);
  okp_fuzz_check (section_ids != NULL && checklist_ids != NULL);

  return 0;
}
