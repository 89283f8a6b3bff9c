/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-case-summary"

/*
 * The case summary for every checklist of the real guide, from progress
 * the fuzzer makes: either a progress file (input starting with "{"), or a
 * list of the user's actions (tick, untick, type a note, mark solved, at
 * any time the clock allows). The summary and the email subject are
 * always UTF-8, the subject is one line, every ticked step is named.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-case-summary.h"
#include "okp-progress-store.h"

#include <string.h>

typedef struct
{
  gint64 now;
} Clock;

static gint64
fuzz_clock (gpointer user_data)
{
  Clock *clock = user_data;

  return clock->now;
}

static void
apply_actions (OkpProgressStore *store,
               OkpGuide         *guide,
               Clock            *clock,
               const guint8     *data,
               size_t            size)
{
  GPtrArray *checklists = okp_guide_get_checklists (guide);
  size_t i = 0;

  while (i + 3 <= size)
    {
      guint8 op = data[i] % 5;
      const OkpChecklistDef *def = g_ptr_array_index (checklists, data[i + 1] % checklists->len);
      guint8 which = data[i + 2];

      i += 3;
      switch (op)
        {
        case 0:
        case 1:
          if (def->steps->len > 0)
            {
              const OkpStep *step = g_ptr_array_index (def->steps, which % def->steps->len);

              okp_progress_store_set_step_done (store, def->id, step->id, op == 0);
            }
          break;

        case 2:
          {
            /* A note of up to 255 bytes, made valid UTF-8 as a text entry would. */
            size_t length = MIN ((size_t) which, size - i);
            g_autofree char *text = g_utf8_make_valid ((const char *) data + i, length);

            i += length;
            if (def->fields->len > 0)
              {
                guint index = (length + op) % def->fields->len;
                const OkpField *field = g_ptr_array_index (def->fields, index);

                okp_progress_store_set_note (store, def->id, field->id, text);
              }
          }
          break;

        case 3:
          okp_progress_store_set_solved (store, def->id, which & 1);
          break;

        case 4:
          /* Any time at all: the store clamps it, the summary writes it. */
          if (i + 8 <= size)
            {
              gint64 t;

              memcpy (&t, data + i, sizeof t);
              clock->now = t;
              i += 8;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char * const zones[] = { "UTC", "+08:00", "-12:00", "+14:00", "-03:30" };
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *path = NULL;
  OkpGuide *guide;
  GPtrArray *checklists;
  Clock clock = { G_GINT64_CONSTANT (1795687200) };
  const char *dir;

  okp_fuzz_init ();
  guide = okp_fuzz_real_guide ();
  checklists = okp_guide_get_checklists (guide);
  dir = okp_fuzz_tmpdir ();
  okp_fuzz_clear_dir (dir);
  path = g_build_filename (dir, "progress.json", NULL);

  if (size > 0 && data[0] == '{')
    {
      if (!g_file_set_contents (path, (const char *) data, size, NULL))
        abort ();
    }

  store = okp_progress_store_new (path);
  okp_progress_store_set_clock (store, fuzz_clock, &clock);
  okp_progress_store_load (store, NULL);
  if (size == 0 || data[0] != '{')
    apply_actions (store, guide, &clock, data, size);

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      const char *zone = zones[(size + i) % G_N_ELEMENTS (zones)];
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
      g_autofree char *summary = okp_case_summary_build (def, store, tz);
      g_autofree char *subject = okp_case_summary_build_subject (def);

      okp_fuzz_check (tz != NULL);
      okp_fuzz_check (summary != NULL && g_utf8_validate (summary, -1, NULL));
      okp_fuzz_check (subject != NULL && g_utf8_validate (subject, -1, NULL));
      okp_fuzz_check (strpbrk (subject, "\r\n") == NULL);

      for (guint j = 0; j < def->steps->len; j++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, j);

          if (okp_progress_store_get_step_done (store, def->id, step->id))
            okp_fuzz_check (strstr (summary, step->title) != NULL);
        }
    }

  {
    const OkpChecklistDef *recent = okp_case_summary_find_recent (guide, store);
    g_autofree char *general = okp_case_summary_build (NULL, store, NULL);

    okp_fuzz_check (recent == NULL || okp_guide_lookup_checklist (guide, recent->id) == recent);
    okp_fuzz_check (general != NULL && g_utf8_validate (general, -1, NULL));
  }

  /* Nothing is written: the store is thrown away unsaved. */
  okp_fuzz_clear_dir (dir);
  return 0;
}
