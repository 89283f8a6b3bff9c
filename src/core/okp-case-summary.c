/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-case-summary"

#include "config.h"

#include "okp-case-summary.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Times are written as an ISO date and time with the UTC offset, whatever
 * the language: the agent may work in another time zone, and this form
 * cannot be misread as day/month or month/day. */
static char *
format_time (gint64     unix_time,
             GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (unix_time);
  if (utc == NULL)
    return NULL;

  local = tz != NULL ? g_date_time_to_timezone (utc, tz) : g_date_time_to_local (utc);
  if (local == NULL)
    return NULL;

  return g_date_time_format (local, "%Y-%m-%d %H:%M UTC%:z");
}

/* The user's note as it goes into the summary: line breaks as \n, outer
 * white space dropped. Returns NULL for a note that says nothing, which
 * counts as a field the user did not fill. */
static char *
clean_note (const char *note)
{
  g_autoptr(GString) text = NULL;

  if (note == NULL)
    return NULL;

  text = g_string_new (note);
  g_string_replace (text, "\r\n", "\n", 0);
  g_string_replace (text, "\r", "\n", 0);
  g_strstrip (text->str);
  text->len = strlen (text->str);

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
append_note (GString        *out,
             const OkpField *field,
             const char     *note)
{
  if (strchr (note, '\n') == NULL)
    {
      /* Translators: one of the user's details in the case summary sent
       * to support: the field's label, then what the user wrote */
      g_string_append_printf (out, _("%s: %s"), field->label, note);
      g_string_append_c (out, '\n');
      return;
    }

  /* Several lines (an error message) are indented under their label, so
   * the agent sees where the user's text ends. */
  /* Translators: the label of one of the user's details in the case
   * summary, followed on the next lines by several lines the user wrote */
  g_string_append_printf (out, _("%s:"), field->label);
  g_string_append_c (out, '\n');
  for (const char *line = note; line != NULL; )
    {
      const char *end = strchr (line, '\n');

      g_string_append (out, "  ");
      g_string_append_len (out, line, end != NULL ? end - line : (gssize) strlen (line));
      g_string_append_c (out, '\n');
      line = end != NULL ? end + 1 : NULL;
    }
}

static char *
build_general (void)
{
  GString *out = g_string_new (NULL);

  /* With no checklist to go on, the summary is an outline the user fills
   * in: it names what an agent asks for first. */
  g_string_append (out, _("Problem:"));
  g_string_append (out, "\n\n");
  g_string_append (out, _("What I have tried:"));
  g_string_append (out, "\n\n");
  g_string_append (out, _("Details (transaction ID, date and time, amount, error message):"));
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/**
 * okp_case_summary_build:
 * @def: (nullable): the checklist about the user's problem, or %NULL for a
 *   general outline
 * @store: (nullable): the user's progress; %NULL reads as nothing done yet
 * @tz: (nullable): the time zone to write times in; %NULL for the local one
 *
 * Writes the case summary: the problem, since when the user has been
 * working on it, the steps done (each with when) and those not done yet,
 * and the "details for support" the user filled, in the interface
 * language. Fields left empty are left out, labels and all.
 *
 * Returns: (transfer full): the summary, plain text with \n line breaks
 */
char *
okp_case_summary_build (const OkpChecklistDef *def,
                        OkpProgressStore      *store,
                        GTimeZone             *tz)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  g_autoptr(GPtrArray) not_done = g_ptr_array_new ();
  g_autofree char *started = NULL;
  gboolean has_notes = FALSE;

  g_return_val_if_fail (store == NULL || OKP_IS_PROGRESS_STORE (store), NULL);

  if (def == NULL)
    return build_general ();

  out = g_string_new (NULL);

  /* Translators: the first line of the case summary sent to support; %s
   * is the problem, such as "Login problems" */
  g_string_append_printf (out, _("Problem: %s"), def->title);
  g_string_append_c (out, '\n');

  if (store != NULL)
    started = format_time (okp_progress_store_get_started (store, def->id), tz);
  if (started != NULL)
    {
      /* Translators: in the case summary; %s is a date and time such as
       * "2026-05-03 14:20 UTC+08:00" */
      g_string_append_printf (out, _("Working on it since: %s"), started);
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);

      if (store != NULL && okp_progress_store_get_step_done (store, def->id, step->id))
        g_ptr_array_add (done, (gpointer) step);
      else
        g_ptr_array_add (not_done, (gpointer) step);
    }

  g_string_append_c (out, '\n');
  if (done->len == 0)
    {
      g_string_append (out, _("Steps done: none yet"));
      g_string_append_c (out, '\n');
    }
  else
    {
      g_string_append (out, _("Steps done:"));
      g_string_append_c (out, '\n');
      for (guint i = 0; i < done->len; i++)
        {
          const OkpStep *step = g_ptr_array_index (done, i);
          g_autofree char *when = format_time (okp_progress_store_get_step_time (store, def->id,
                                                                                 step->id),
                                               tz);

          if (when != NULL)
            /* Translators: a step done, in the case summary: the step,
             * then the date and time it was ticked */
            g_string_append_printf (out, _("- %s (%s)"), step->title, when);
          else
            g_string_append_printf (out, "- %s", step->title);
          g_string_append_c (out, '\n');
        }
    }

  if (not_done->len > 0)
    {
      g_string_append_c (out, '\n');
      g_string_append (out, _("Steps not done yet:"));
      g_string_append_c (out, '\n');
      for (guint i = 0; i < not_done->len; i++)
        {
          const OkpStep *step = g_ptr_array_index (not_done, i);

          g_string_append_printf (out, "- %s\n", step->title);
        }
    }

  for (guint i = 0; store != NULL && i < def->fields->len; i++)
    {
      const OkpField *field = g_ptr_array_index (def->fields, i);
      g_autofree char *note = clean_note (okp_progress_store_get_note (store, def->id, field->id));

      if (note == NULL)
        continue;

      if (!has_notes)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, _("Details:"));
          g_string_append_c (out, '\n');
          has_notes = TRUE;
        }

      append_note (out, field, note);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * okp_case_summary_build_subject:
 * @def: (nullable): the checklist about the user's problem, or %NULL
 *
 * Returns: (transfer full): an email subject naming the problem, one line
 */
char *
okp_case_summary_build_subject (const OkpChecklistDef *def)
{
  if (def == NULL)
    return g_strdup (_("OKPay support request"));

  /* Translators: the subject of an email to support; %s is the problem,
   * such as "Login problems" */
  return g_strdup_printf (_("OKPay support request: %s"), def->title);
}

/**
 * okp_case_summary_find_recent:
 * @guide: the guide
 * @store: (nullable): the user's progress
 *
 * Finds the checklist the user worked on last, which is what a support
 * request made from outside any checklist is most likely about.
 *
 * Returns: (transfer none) (nullable): that checklist, or %NULL when the
 *   user has not worked on any
 */
const OkpChecklistDef *
okp_case_summary_find_recent (OkpGuide         *guide,
                              OkpProgressStore *store)
{
  GPtrArray *checklists;
  const OkpChecklistDef *recent = NULL;
  gint64 recent_time = 0;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (store == NULL || OKP_IS_PROGRESS_STORE (store), NULL);

  if (store == NULL)
    return NULL;

  checklists = okp_guide_get_checklists (guide);
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      gint64 updated = okp_progress_store_get_updated (store, def->id);

      if (updated > recent_time)
        {
          recent = def;
          recent_time = updated;
        }
    }

  return recent;
}
