/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-preferences-page"

#include "config.h"

#include "okp-preferences-page.h"

#include <glib/gi18n.h>

#include "okp-compat.h"
#include "okp-content.h"

/*
 * The support channels' endpoints, one entry each, saved in GSettings. A
 * value is checked as it is typed, with the same validation the contact
 * dialog relies on, and the entry shows why it is wrong. It is saved when
 * the user applies it (the row's apply button or Enter), and only if it is
 * valid: saving as one types would store "555" on the way to "555-CALL".
 * An empty entry means "use the default this copy was built with".
 *
 * The page goes into a preferences dialog (okp_preferences_present()).
 */

typedef enum {
  GROUP_EMAIL,
  GROUP_CHAT,
  GROUP_PHONE,
  GROUP_SOCIAL,
} RowGroup;

typedef struct {
  const char      *key;
  const char      *title;
  GtkInputPurpose  purpose;
  RowGroup         group;
} RowInfo;

static const RowInfo row_infos[] = {
  { "email",        N_("Support email address"), GTK_INPUT_PURPOSE_EMAIL,     GROUP_EMAIL },
  { "chat-url",     N_("Chat page address"),     GTK_INPUT_PURPOSE_URL,       GROUP_CHAT },
  { "chat-hours",   N_("Chat opening hours"),    GTK_INPUT_PURPOSE_FREE_FORM, GROUP_CHAT },
  { "phone",        N_("Hotline number"),        GTK_INPUT_PURPOSE_PHONE,     GROUP_PHONE },
  { "phone-hours",  N_("Hotline opening hours"), GTK_INPUT_PURPOSE_FREE_FORM, GROUP_PHONE },
  { "facebook-url", N_("Facebook page address"), GTK_INPUT_PURPOSE_URL,       GROUP_SOCIAL },
  { "twitter-url",  N_("Twitter page address"),  GTK_INPUT_PURPOSE_URL,       GROUP_SOCIAL },
};

#define N_ROWS G_N_ELEMENTS (row_infos)
#define ROW_INDEX_KEY "okp-row-index"

struct _OkpPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *email_group;
  AdwPreferencesGroup  *chat_group;
  AdwPreferencesGroup  *phone_group;
  AdwPreferencesGroup  *social_group;

  /* owned by their groups */
  AdwEntryRow          *entries[N_ROWS];
  GtkLabel             *messages[N_ROWS];

  /* owned */
  GSettings            *settings;
  OkpEndpoints         *defaults;
};

G_DEFINE_FINAL_TYPE (OkpPreferencesPage, okp_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

/* Shows whether the row's text is valid; returns TRUE if it is. */
static gboolean
update_row (OkpPreferencesPage *self,
            guint               index)
{
  const RowInfo *info = &row_infos[index];
  GtkWidget *entry = GTK_WIDGET (self->entries[index]);
  GtkLabel *message = self->messages[index];
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *fallback = okp_endpoints_get (self->defaults, info->key);
  g_autoptr(GError) error = NULL;

  if (!okp_endpoints_validate (info->key, text, &error))
    {
      g_autofree char *shown = g_strdup_printf (_("%s: %s"), _(info->title), error->message);

      /* No apply button for a value that cannot be saved. */
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), FALSE);
      gtk_widget_add_css_class (entry, "error");
      gtk_widget_add_css_class (GTK_WIDGET (message), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (message), "dim-label");
      gtk_label_set_text (message, shown);
      gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      return FALSE;
    }

  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  gtk_widget_remove_css_class (entry, "error");
  gtk_widget_remove_css_class (GTK_WIDGET (message), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (*text == '\0' && fallback != NULL)
    {
      /* Translators: under an empty setting; the first %s is the setting,
       * such as "Hotline number", the second the value used instead */
      g_autofree char *shown = g_strdup_printf (_("%s: empty, so the default is used: %s"),
                                                _(info->title), fallback);

      gtk_widget_add_css_class (GTK_WIDGET (message), "dim-label");
      gtk_label_set_text (message, shown);
      gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (message), FALSE);

  return TRUE;
}

static void
entry_changed_cb (GtkEditable        *entry,
                  OkpPreferencesPage *self)
{
  update_row (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), ROW_INDEX_KEY)));
}

static void
entry_apply_cb (AdwEntryRow        *entry,
                OkpPreferencesPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), ROW_INDEX_KEY));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* A wrong value keeps its message and the setting keeps its last good
   * value. */
  if (update_row (self, index))
    g_settings_set_string (self->settings, row_infos[index].key, text);
}

static AdwPreferencesGroup *
group_for (OkpPreferencesPage *self,
           RowGroup            group)
{
  switch (group)
    {
    case GROUP_EMAIL:
      return self->email_group;
    case GROUP_CHAT:
      return self->chat_group;
    case GROUP_PHONE:
      return self->phone_group;
    case GROUP_SOCIAL:
      return self->social_group;
    default:
      g_assert_not_reached ();
    }
}

static void
add_rows (OkpPreferencesPage *self)
{
  /* The messages go under their group's list (a preferences group places
   * anything that is not a row after its rows), so each names its row. */
  for (guint i = 0; i < N_ROWS; i++)
    {
      const RowInfo *info = &row_infos[i];
      AdwPreferencesGroup *group = group_for (self, info->group);
      g_autofree char *value = g_settings_get_string (self->settings, info->key);
      GtkWidget *entry = adw_entry_row_new ();
      GtkWidget *message = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _(info->title));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (entry), value);
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (entry), info->purpose);
      adw_entry_row_set_input_hints (ADW_ENTRY_ROW (entry),
                                     GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
      g_object_set_data (G_OBJECT (entry), ROW_INDEX_KEY, GUINT_TO_POINTER (i));

      gtk_label_set_xalign (GTK_LABEL (message), 0.0);
      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_margin_top (message, 6);
      gtk_widget_set_visible (message, FALSE);
      gtk_widget_add_css_class (message, "caption");

      adw_preferences_group_add (group, entry);
      adw_preferences_group_add (group, message);

      self->entries[i] = ADW_ENTRY_ROW (entry);
      self->messages[i] = GTK_LABEL (message);

      update_row (self, i);
      g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, 0);
      g_signal_connect_object (entry, "apply", G_CALLBACK (entry_apply_cb), self, 0);
    }
}

static void
okp_preferences_page_dispose (GObject *object)
{
  OkpPreferencesPage *self = OKP_PREFERENCES_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->defaults, okp_endpoints_free);

  G_OBJECT_CLASS (okp_preferences_page_parent_class)->dispose (object);
}

static void
okp_preferences_page_class_init (OkpPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = okp_preferences_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/okp-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpPreferencesPage, email_group);
  gtk_widget_class_bind_template_child (widget_class, OkpPreferencesPage, chat_group);
  gtk_widget_class_bind_template_child (widget_class, OkpPreferencesPage, phone_group);
  gtk_widget_class_bind_template_child (widget_class, OkpPreferencesPage, social_group);
}

static void
okp_preferences_page_init (OkpPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * okp_preferences_page_new:
 * @settings: the application's settings
 *
 * Returns: (transfer floating): a new preferences page
 */
GtkWidget *
okp_preferences_page_new (GSettings *settings)
{
  OkpPreferencesPage *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OKP_TYPE_PREFERENCES_PAGE, NULL);
  self->settings = g_object_ref (settings);
  self->defaults = okp_content_dup_default_endpoints ();
  add_rows (self);

  return GTK_WIDGET (self);
}

/**
 * okp_preferences_present:
 * @parent: the widget the request comes from
 * @settings: the application's settings
 *
 * Shows the preferences in a dialog over @parent's window.
 */
void
okp_preferences_present (GtkWidget *parent,
                         GSettings *settings)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (G_IS_SETTINGS (settings));

  dialog = okp_compat_preferences_dialog_new (_("Preferences"),
                                              ADW_PREFERENCES_PAGE (okp_preferences_page_new (settings)));
  okp_compat_dialog_present (dialog, parent);
}
