/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-guide"

#include "config.h"

#include "okp-guide.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * The guide is read with GMarkup rather than a DOM: the file is small, its
 * grammar is fixed (see resources/guide/guide.xml), and a strict streaming
 * parser lets us reject anything unexpected with a precise position, so a
 * malformed content file fails the tests instead of half-loading.
 */

struct _OkpGuide
{
  GObject     parent_instance;

  /* owned */
  GPtrArray  *groups;
  GPtrArray  *sections;
  GPtrArray  *checklists;
  GPtrArray  *channels;
  GHashTable *section_index;
  GHashTable *group_index;
  GHashTable *checklist_index;
  GHashTable *channel_index;
};

G_DEFINE_FINAL_TYPE (OkpGuide, okp_guide, G_TYPE_OBJECT)

G_DEFINE_QUARK (okp-guide-error-quark, okp_guide_error)

static void
okp_block_free (OkpBlock *block)
{
  g_free (block->text);
  g_clear_pointer (&block->items, g_ptr_array_unref);
  g_clear_pointer (&block->item_checklists, g_ptr_array_unref);
  g_free (block->channel_id);
  g_free (block);
}

static void
okp_section_free (OkpSection *section)
{
  g_free (section->id);
  g_free (section->title);
  g_free (section->group_id);
  g_free (section->checklist_id);
  g_ptr_array_unref (section->blocks);
  g_free (section);
}

static void
okp_group_free (OkpGroup *group)
{
  g_free (group->id);
  g_free (group->title);
  g_free (group);
}

static void
okp_step_free (OkpStep *step)
{
  g_free (step->id);
  g_free (step->title);
  g_free (step->detail);
  g_free (step->fallback);
  g_free (step);
}

static void
okp_field_free (OkpField *field)
{
  g_free (field->id);
  g_free (field->label);
  g_free (field->hint);
  g_free (field);
}

static void
okp_checklist_def_free (OkpChecklistDef *def)
{
  g_free (def->id);
  g_free (def->title);
  g_free (def->summary);
  g_free (def->symptom);
  g_free (def->section_id);
  g_ptr_array_unref (def->steps);
  g_ptr_array_unref (def->fields);
  g_free (def);
}

static void
okp_channel_def_free (OkpChannelDef *def)
{
  g_free (def->id);
  g_free (def->title);
  g_free (def->when);
  g_free (def->expect);
  g_free (def->ready);
  g_free (def);
}

static void
okp_guide_finalize (GObject *object)
{
  OkpGuide *self = (OkpGuide *)object;

  g_clear_pointer (&self->section_index, g_hash_table_unref);
  g_clear_pointer (&self->group_index, g_hash_table_unref);
  g_clear_pointer (&self->checklist_index, g_hash_table_unref);
  g_clear_pointer (&self->channel_index, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->checklists, g_ptr_array_unref);
  g_clear_pointer (&self->channels, g_ptr_array_unref);

  G_OBJECT_CLASS (okp_guide_parent_class)->finalize (object);
}

static void
okp_guide_class_init (OkpGuideClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = okp_guide_finalize;
}

static void
okp_guide_init (OkpGuide *self)
{
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_group_free);
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_section_free);
  self->checklists = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_checklist_def_free);
  self->channels = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_channel_def_free);
  self->section_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->group_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->checklist_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->channel_index = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Parsing */

typedef struct
{
  OkpGuide        *guide;
  const char      *domain;
  GString         *text;
  gboolean         in_text;

  /* What we are inside of; borrowed from guide once added. */
  OkpGroup        *group;
  OkpSection      *section;
  OkpBlock        *list;
  char            *heading_channel;
  char            *item_checklist;
  OkpChecklistDef *checklist;
  OkpStep         *step;
  OkpField        *field;
  OkpChannelDef   *channel;
} ParseState;

static const char *text_elements[] = {
  "title", "p", "li", "h2", "summary", "symptom", "detail", "fallback", "label", "hint",
  "when", "expect", "ready", NULL,
};

static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || id[0] == '\0' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  return id[0] != '-';
}

static void
set_error (GMarkupParseContext  *context,
           GError              **error,
           const char           *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
set_error (GMarkupParseContext  *context,
           GError              **error,
           const char           *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;
  int line = 0;
  int col = 0;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_markup_parse_context_get_position (context, &line, &col);
  g_set_error (error, OKP_GUIDE_ERROR, OKP_GUIDE_ERROR_INVALID,
               "line %d, column %d: %s", line, col, message);
}

/* Collapse runs of white space to one space and trim, exactly as xgettext
 * does when it extracts the string, so the lookup finds the translation. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *
translate (ParseState *state,
           const char *raw)
{
  g_autofree char *normalized = normalize_space (raw);

  if (state->domain == NULL || normalized[0] == '\0')
    return g_steal_pointer (&normalized);

  return g_strdup (g_dgettext (state->domain, normalized));
}

static gboolean
collect_id (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            const char          **id,
            GError              **error)
{
  if (!g_markup_collect_attributes (element, names, values, error,
                                    G_MARKUP_COLLECT_STRING, "id", id,
                                    G_MARKUP_COLLECT_INVALID))
    return FALSE;

  if (!is_valid_id (*id))
    {
      set_error (context, error, "<%s> has an invalid id “%s” (lowercase letters, digits, hyphens)",
                 element, *id);
      return FALSE;
    }

  return TRUE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  ParseState *state = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next ? stack->next->data : NULL;
  const char *id = NULL;

  if (state->in_text)
    {
      set_error (context, error, "<%s> may not contain markup (found <%s>)", parent, element);
      return;
    }

  if (parent == NULL)
    {
      if (g_strcmp0 (element, "guide") != 0)
        set_error (context, error, "the root element must be <guide>, not <%s>", element);
      else
        g_markup_collect_attributes (element, names, values, error,
                                     G_MARKUP_COLLECT_INVALID, NULL);
      return;
    }

  if (g_strv_contains (text_elements, element))
    {
      gboolean allowed = FALSE;
      const char *channel = NULL;

      if (g_str_equal (element, "title"))
        allowed = g_str_equal (parent, "group") || g_str_equal (parent, "section") ||
                  g_str_equal (parent, "checklist") || g_str_equal (parent, "step") ||
                  g_str_equal (parent, "channel");
      else if (g_str_equal (element, "p"))
        allowed = g_str_equal (parent, "section");
      else if (g_str_equal (element, "h2"))
        allowed = g_str_equal (parent, "section");
      else if (g_str_equal (element, "li"))
        allowed = g_str_equal (parent, "ul") || g_str_equal (parent, "ol");
      else if (g_str_equal (element, "summary") || g_str_equal (element, "symptom"))
        allowed = g_str_equal (parent, "checklist");
      else if (g_str_equal (element, "detail") || g_str_equal (element, "fallback"))
        allowed = g_str_equal (parent, "step");
      else if (g_str_equal (element, "label") || g_str_equal (element, "hint"))
        allowed = g_str_equal (parent, "field");
      else
        allowed = g_str_equal (parent, "channel");

      if (!allowed)
        {
          set_error (context, error, "<%s> is not allowed inside <%s>", element, parent);
          return;
        }

      if (g_str_equal (element, "h2"))
        {
          if (!g_markup_collect_attributes (element, names, values, error,
                                            G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL,
                                            "channel", &channel,
                                            G_MARKUP_COLLECT_INVALID))
            return;
          g_free (state->heading_channel);
          state->heading_channel = g_strdup (channel);
        }
      else if (g_str_equal (element, "li"))
        {
          const char *checklist = NULL;

          if (!g_markup_collect_attributes (element, names, values, error,
                                            G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL,
                                            "checklist", &checklist,
                                            G_MARKUP_COLLECT_INVALID))
            return;
          g_free (state->item_checklist);
          state->item_checklist = g_strdup (checklist);
        }
      else if (!g_markup_collect_attributes (element, names, values, error,
                                             G_MARKUP_COLLECT_INVALID, NULL))
        return;

      g_string_truncate (state->text, 0);
      state->in_text = TRUE;
      return;
    }

  if (g_str_equal (element, "group") && g_str_equal (parent, "guide"))
    {
      if (!collect_id (context, element, names, values, &id, error))
        return;
      if (g_hash_table_contains (state->guide->group_index, id))
        {
          set_error (context, error, "duplicate group id “%s”", id);
          return;
        }
      state->group = g_new0 (OkpGroup, 1);
      state->group->id = g_strdup (id);
      g_ptr_array_add (state->guide->groups, state->group);
      g_hash_table_insert (state->guide->group_index, state->group->id, state->group);
    }
  else if (g_str_equal (element, "section") && g_str_equal (parent, "guide"))
    {
      const char *group = NULL;
      const char *checklist = NULL;

      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING, "id", &id,
                                        G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL,
                                        "group", &group,
                                        G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL,
                                        "checklist", &checklist,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      if (!is_valid_id (id))
        {
          set_error (context, error, "<section> has an invalid id “%s”", id);
          return;
        }
      if (g_hash_table_contains (state->guide->section_index, id))
        {
          set_error (context, error, "duplicate section id “%s”", id);
          return;
        }
      if (group != NULL && !g_hash_table_contains (state->guide->group_index, group))
        {
          set_error (context, error, "section “%s” names an unknown group “%s”", id, group);
          return;
        }
      state->section = g_new0 (OkpSection, 1);
      state->section->id = g_strdup (id);
      state->section->group_id = g_strdup (group);
      state->section->checklist_id = g_strdup (checklist);
      state->section->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_block_free);
      g_ptr_array_add (state->guide->sections, state->section);
      g_hash_table_insert (state->guide->section_index, state->section->id, state->section);
    }
  else if ((g_str_equal (element, "ul") || g_str_equal (element, "ol")) &&
           g_str_equal (parent, "section"))
    {
      if (!g_markup_collect_attributes (element, names, values, error,
                                     G_MARKUP_COLLECT_INVALID, NULL))
        return;
      state->list = g_new0 (OkpBlock, 1);
      state->list->kind = element[0] == 'u' ? OKP_BLOCK_LIST : OKP_BLOCK_ORDERED_LIST;
      state->list->items = g_ptr_array_new_with_free_func (g_free);
      state->list->item_checklists = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (state->section->blocks, state->list);
    }
  else if (g_str_equal (element, "checklist") && g_str_equal (parent, "guide"))
    {
      const char *section = NULL;

      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING, "id", &id,
                                        G_MARKUP_COLLECT_STRING, "section", &section,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      if (!is_valid_id (id))
        {
          set_error (context, error, "<checklist> has an invalid id “%s”", id);
          return;
        }
      if (g_hash_table_contains (state->guide->checklist_index, id))
        {
          set_error (context, error, "duplicate checklist id “%s”", id);
          return;
        }
      state->checklist = g_new0 (OkpChecklistDef, 1);
      state->checklist->id = g_strdup (id);
      state->checklist->section_id = g_strdup (section);
      state->checklist->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_step_free);
      state->checklist->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_field_free);
      g_ptr_array_add (state->guide->checklists, state->checklist);
      g_hash_table_insert (state->guide->checklist_index, state->checklist->id, state->checklist);
    }
  else if (g_str_equal (element, "step") && g_str_equal (parent, "checklist"))
    {
      if (!collect_id (context, element, names, values, &id, error))
        return;
      if (okp_checklist_def_lookup_step (state->checklist, id) != NULL)
        {
          set_error (context, error, "duplicate step id “%s” in checklist “%s”",
                     id, state->checklist->id);
          return;
        }
      state->step = g_new0 (OkpStep, 1);
      state->step->id = g_strdup (id);
      g_ptr_array_add (state->checklist->steps, state->step);
    }
  else if (g_str_equal (element, "field") && g_str_equal (parent, "checklist"))
    {
      const char *multiline = NULL;
      gboolean is_multiline = FALSE;

      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING, "id", &id,
                                        G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL,
                                        "multiline", &multiline,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      if (!is_valid_id (id))
        {
          set_error (context, error, "<field> has an invalid id “%s”", id);
          return;
        }
      if (multiline != NULL)
        {
          if (g_str_equal (multiline, "true"))
            is_multiline = TRUE;
          else if (!g_str_equal (multiline, "false"))
            {
              set_error (context, error, "multiline must be true or false, not “%s”", multiline);
              return;
            }
        }
      for (guint i = 0; i < state->checklist->fields->len; i++)
        {
          const OkpField *other = g_ptr_array_index (state->checklist->fields, i);
          if (g_str_equal (other->id, id))
            {
              set_error (context, error, "duplicate field id “%s”", id);
              return;
            }
        }
      state->field = g_new0 (OkpField, 1);
      state->field->id = g_strdup (id);
      state->field->multiline = is_multiline;
      g_ptr_array_add (state->checklist->fields, state->field);
    }
  else if (g_str_equal (element, "channel") && g_str_equal (parent, "guide"))
    {
      const char *kind = NULL;
      static const char *kinds[] = { "chat", "email", "social", "phone", NULL };
      guint kind_index;

      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING, "id", &id,
                                        G_MARKUP_COLLECT_STRING, "kind", &kind,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      if (!is_valid_id (id) || g_hash_table_contains (state->guide->channel_index, id))
        {
          set_error (context, error, "<channel> id “%s” is invalid or used twice", id);
          return;
        }
      for (kind_index = 0; kinds[kind_index] != NULL; kind_index++)
        if (g_str_equal (kinds[kind_index], kind))
          break;
      if (kinds[kind_index] == NULL)
        {
          set_error (context, error, "unknown channel kind “%s”", kind);
          return;
        }
      state->channel = g_new0 (OkpChannelDef, 1);
      state->channel->id = g_strdup (id);
      state->channel->kind = (OkpChannelKind)kind_index;
      g_ptr_array_add (state->guide->channels, state->channel);
      g_hash_table_insert (state->guide->channel_index, state->channel->id, state->channel);
    }
  else
    {
      set_error (context, error, "unexpected <%s> inside <%s>", element, parent);
    }
}

static gboolean
store_text (ParseState           *state,
            GMarkupParseContext  *context,
            const char           *element,
            const char           *parent,
            GError              **error)
{
  g_autofree char *text = translate (state, state->text->str);
  char **slot = NULL;

  if (text[0] == '\0')
    {
      set_error (context, error, "<%s> inside <%s> is empty", element, parent);
      return FALSE;
    }

  if (g_str_equal (element, "p") || g_str_equal (element, "h2"))
    {
      OkpBlock *block = g_new0 (OkpBlock, 1);
      block->kind = element[0] == 'p' ? OKP_BLOCK_PARAGRAPH : OKP_BLOCK_HEADING;
      block->text = g_steal_pointer (&text);
      block->channel_id = g_steal_pointer (&state->heading_channel);
      g_ptr_array_add (state->section->blocks, block);
      return TRUE;
    }

  if (g_str_equal (element, "li"))
    {
      g_ptr_array_add (state->list->items, g_steal_pointer (&text));
      g_ptr_array_add (state->list->item_checklists, g_steal_pointer (&state->item_checklist));
      return TRUE;
    }

  if (g_str_equal (element, "title"))
    {
      if (g_str_equal (parent, "group"))
        slot = &state->group->title;
      else if (g_str_equal (parent, "section"))
        slot = &state->section->title;
      else if (g_str_equal (parent, "checklist"))
        slot = &state->checklist->title;
      else if (g_str_equal (parent, "step"))
        slot = &state->step->title;
      else
        slot = &state->channel->title;
    }
  else if (g_str_equal (element, "summary"))
    slot = &state->checklist->summary;
  else if (g_str_equal (element, "symptom"))
    slot = &state->checklist->symptom;
  else if (g_str_equal (element, "detail"))
    slot = &state->step->detail;
  else if (g_str_equal (element, "fallback"))
    slot = &state->step->fallback;
  else if (g_str_equal (element, "label"))
    slot = &state->field->label;
  else if (g_str_equal (element, "hint"))
    slot = &state->field->hint;
  else if (g_str_equal (element, "when"))
    slot = &state->channel->when;
  else if (g_str_equal (element, "expect"))
    slot = &state->channel->expect;
  else
    slot = &state->channel->ready;

  if (*slot != NULL)
    {
      set_error (context, error, "<%s> appears twice inside <%s>", element, parent);
      return FALSE;
    }

  *slot = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
require (GMarkupParseContext  *context,
         GError              **error,
         const char           *what,
         const char           *id,
         const char           *value,
         const char           *name)
{
  if (value != NULL)
    return TRUE;

  set_error (context, error, "%s “%s” has no <%s>", what, id, name);
  return FALSE;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  ParseState *state = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next ? stack->next->data : NULL;

  if (state->in_text)
    {
      state->in_text = FALSE;
      store_text (state, context, element, parent, error);
      return;
    }

  if (g_str_equal (element, "group"))
    {
      require (context, error, "group", state->group->id, state->group->title, "title");
      state->group = NULL;
    }
  else if (g_str_equal (element, "section"))
    {
      if (require (context, error, "section", state->section->id, state->section->title, "title") &&
          state->section->blocks->len == 0)
        set_error (context, error, "section “%s” has no text", state->section->id);
      state->section = NULL;
    }
  else if (g_str_equal (element, "ul") || g_str_equal (element, "ol"))
    {
      if (state->list->items->len == 0)
        set_error (context, error, "an empty <%s>", element);
      state->list = NULL;
    }
  else if (g_str_equal (element, "checklist"))
    {
      OkpChecklistDef *def = state->checklist;

      if (require (context, error, "checklist", def->id, def->title, "title") &&
          require (context, error, "checklist", def->id, def->summary, "summary") &&
          def->steps->len == 0)
        set_error (context, error, "checklist “%s” has no steps", def->id);
      state->checklist = NULL;
    }
  else if (g_str_equal (element, "step"))
    {
      if (require (context, error, "step", state->step->id, state->step->title, "title"))
        require (context, error, "step", state->step->id, state->step->detail, "detail");
      state->step = NULL;
    }
  else if (g_str_equal (element, "field"))
    {
      require (context, error, "field", state->field->id, state->field->label, "label");
      state->field = NULL;
    }
  else if (g_str_equal (element, "channel"))
    {
      OkpChannelDef *def = state->channel;

      if (require (context, error, "channel", def->id, def->title, "title") &&
          require (context, error, "channel", def->id, def->when, "when") &&
          require (context, error, "channel", def->id, def->expect, "expect"))
        require (context, error, "channel", def->id, def->ready, "ready");
      state->channel = NULL;
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (state->in_text)
    {
      g_string_append_len (state->text, text, text_len);
      return;
    }

  for (gsize i = 0; i < text_len; i++)
    {
      if (!g_ascii_isspace (text[i]))
        {
          set_error (context, error, "text outside of a text element");
          return;
        }
    }
}

static const GMarkupParser parser = {
  start_element,
  end_element,
  text_cb,
  NULL,
  NULL,
};

static gboolean
check_references (OkpGuide  *self,
                  GError   **error)
{
  if (self->sections->len == 0)
    {
      g_set_error (error, OKP_GUIDE_ERROR, OKP_GUIDE_ERROR_INVALID, "the guide has no sections");
      return FALSE;
    }

  for (guint i = 0; i < self->sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (self->sections, i);

      if (section->checklist_id != NULL &&
          !g_hash_table_contains (self->checklist_index, section->checklist_id))
        {
          g_set_error (error, OKP_GUIDE_ERROR, OKP_GUIDE_ERROR_INVALID,
                       "section “%s” links to an unknown checklist “%s”",
                       section->id, section->checklist_id);
          return FALSE;
        }

      for (guint j = 0; j < section->blocks->len; j++)
        {
          const OkpBlock *block = g_ptr_array_index (section->blocks, j);

          for (guint k = 0; block->item_checklists != NULL && k < block->item_checklists->len; k++)
            {
              const char *checklist = g_ptr_array_index (block->item_checklists, k);

              if (checklist != NULL && !g_hash_table_contains (self->checklist_index, checklist))
                {
                  g_set_error (error, OKP_GUIDE_ERROR, OKP_GUIDE_ERROR_INVALID,
                               "a list item of section “%s” links to an unknown checklist “%s”",
                               section->id, checklist);
                  return FALSE;
                }
            }

          if (block->channel_id != NULL &&
              !g_hash_table_contains (self->channel_index, block->channel_id))
            {
              g_set_error (error, OKP_GUIDE_ERROR, OKP_GUIDE_ERROR_INVALID,
                           "section “%s” names an unknown channel “%s”",
                           section->id, block->channel_id);
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < self->checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (self->checklists, i);

      if (!g_hash_table_contains (self->section_index, def->section_id))
        {
          g_set_error (error, OKP_GUIDE_ERROR, OKP_GUIDE_ERROR_INVALID,
                       "checklist “%s” names an unknown section “%s”",
                       def->id, def->section_id);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * okp_guide_new_from_data:
 * @data: the content file's text
 * @length: its length, or -1 if nul-terminated
 * @domain: (nullable): the gettext domain to translate strings with, or
 *   %NULL to keep the English source strings
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the guide, or %NULL with @error set
 */
OkpGuide *
okp_guide_new_from_data (const char  *data,
                         gssize       length,
                         const char  *domain,
                         GError     **error)
{
  g_autoptr(OkpGuide) guide = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  ParseState state = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  guide = g_object_new (OKP_TYPE_GUIDE, NULL);
  state.guide = guide;
  state.domain = domain;
  state.text = g_string_new (NULL);

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);
  ok = g_markup_parse_context_parse (context, data, length, error) &&
       g_markup_parse_context_end_parse (context, error);

  g_string_free (state.text, TRUE);
  g_free (state.heading_channel);
  g_free (state.item_checklist);

  if (!ok)
    return NULL;

  if (!check_references (guide, error))
    return NULL;

  return g_steal_pointer (&guide);
}

OkpGuide *
okp_guide_new_from_resource (const char  *resource_path,
                             const char  *domain,
                             GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (resource_path != NULL, NULL);

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return okp_guide_new_from_data (data, size, domain, error);
}

GPtrArray *
okp_guide_get_sections (OkpGuide *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return self->sections;
}

GPtrArray *
okp_guide_get_groups (OkpGuide *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return self->groups;
}

GPtrArray *
okp_guide_get_checklists (OkpGuide *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return self->checklists;
}

GPtrArray *
okp_guide_get_channels (OkpGuide *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return self->channels;
}

const OkpSection *
okp_guide_lookup_section (OkpGuide   *self,
                          const char *id)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return id ? g_hash_table_lookup (self->section_index, id) : NULL;
}

const OkpGroup *
okp_guide_lookup_group (OkpGuide   *self,
                        const char *id)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return id ? g_hash_table_lookup (self->group_index, id) : NULL;
}

const OkpChecklistDef *
okp_guide_lookup_checklist (OkpGuide   *self,
                            const char *id)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return id ? g_hash_table_lookup (self->checklist_index, id) : NULL;
}

const OkpChannelDef *
okp_guide_lookup_channel (OkpGuide   *self,
                          const char *id)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return id ? g_hash_table_lookup (self->channel_index, id) : NULL;
}

const OkpStep *
okp_checklist_def_lookup_step (const OkpChecklistDef *def,
                               const char            *step_id)
{
  g_return_val_if_fail (def != NULL, NULL);

  for (guint i = 0; step_id != NULL && i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);
      if (g_str_equal (step->id, step_id))
        return step;
    }

  return NULL;
}

static char *
join_ids (GPtrArray *items)
{
  GString *out = g_string_new (NULL);

  /* Every item struct starts with its id. */
  for (guint i = 0; i < items->len; i++)
    {
      const char * const *id = g_ptr_array_index (items, i);
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, *id);
    }

  return g_string_free (out, FALSE);
}

char *
okp_guide_dup_section_ids (OkpGuide *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return join_ids (self->sections);
}

char *
okp_guide_dup_checklist_ids (OkpGuide *self)
{
  g_return_val_if_fail (OKP_IS_GUIDE (self), NULL);
  return join_ids (self->checklists);
}
