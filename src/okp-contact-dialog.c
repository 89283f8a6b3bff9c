/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-contact-dialog"

#include "config.h"

#include "okp-contact-dialog.h"

#include <glib/gi18n.h>

#include "okp-channel-uri.h"
#include "okp-content.h"
#include "okp-endpoints.h"
#include "okp-compat.h"
#include "okp-launcher.h"
#include "okp-preferences-page.h"

/*
 * The last stop before anything leaves the application: the channel, the
 * exact destination (or, when none is configured, where to find the
 * official one), the case summary to check and edit, and the one button
 * that hands it over. The reminder never to give anyone a secret is
 * always in view.
 *
 * The widget is the dialog's content: okp_contact_dialog_present() puts it
 * in a dialog over the window, a bottom sheet on a phone. Everything in it
 * scrolls but the header and the button that sends, so it fits a
 * 360 × 640 screen.
 */

struct _OkpContactDialog
{
  AdwBin           parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkBox          *channel_switcher;
  GtkLabel        *channel_heading;
  GtkLabel        *when_label;
  GtkLabel        *expect_label;
  GtkLabel        *destination_heading;
  GtkWidget       *destination_row;
  GtkLabel        *destination_label;
  GtkWidget       *copy_destination_button;
  GtkLabel        *hours_label;
  GtkWidget       *social_buttons;
  GtkWidget       *facebook_button;
  GtkWidget       *twitter_button;
  GtkWidget       *not_configured_box;
  GtkLabel        *not_configured_label;
  GtkLabel        *ready_label;
  GtkWidget       *summary_box;
  GtkWidget       *subject_box;
  GtkEntry        *subject_entry;
  GtkTextView     *summary_view;
  GtkWidget       *failure_box;
  GtkLabel        *failure_label;
  GtkLabel        *failure_address_label;
  GtkWidget       *action_bar;
  GtkButton       *action_button;

  /* owned */
  OkpGuide        *guide;
  GSettings       *settings;
  OkpEndpoints    *endpoints;
  char            *channel_id;
  gboolean         long_case_copied;  /* the email's summary went on the clipboard */
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (OkpContactDialog, okp_contact_dialog, ADW_TYPE_BIN)

#define CHANNEL_ID_KEY "okp-channel-id"

static const OkpChannelDef *
current_channel (OkpContactDialog *self)
{
  return okp_guide_lookup_channel (self->guide, self->channel_id);
}

static void
show_toast (OkpContactDialog *self,
            const char       *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
copy_text (OkpContactDialog *self,
           const char       *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/**
 * okp_contact_dialog_dup_summary:
 *
 * Returns: (transfer full): the summary as the user left it
 */
char *
okp_contact_dialog_dup_summary (OkpContactDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (OKP_IS_CONTACT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->summary_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
hide_failure (OkpContactDialog *self)
{
  gtk_widget_set_visible (self->failure_box, FALSE);
}

/* Nothing could be opened: say so where the user is looking, with the
 * address to copy when there is one. */
static void
show_failure (OkpContactDialog *self,
              const char       *message,
              const char       *address)
{
  gtk_label_set_text (self->failure_label, message);
  gtk_label_set_text (self->failure_address_label, address != NULL ? address : "");
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->failure_address_label)),
                          address != NULL);
  gtk_widget_set_visible (self->failure_box, TRUE);
}

static void
launch_failed (OkpContactDialog *self,
               OkpChannelKind    kind,
               const char       *address)
{
  switch (kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      if (self->endpoints->email != NULL)
        show_failure (self,
                      _("No email program could be opened. Copy the summary and send it "
                        "from your email to this address:"),
                      self->endpoints->email);
      else
        show_failure (self,
                      _("No email program could be opened. Copy the summary and send it "
                        "from your email to the support address shown on the official "
                        "OKPay website."),
                      NULL);
      break;

    case OKP_CHANNEL_KIND_CHAT:
      show_failure (self,
                    _("The browser could not be opened. The summary is copied: open this "
                      "address in your browser and paste it into the chat."),
                    address);
      break;

    case OKP_CHANNEL_KIND_PHONE:
      show_failure (self,
                    _("No app for phone calls could be opened. Call this number from "
                      "your phone:"),
                    self->endpoints->phone);
      break;

    case OKP_CHANNEL_KIND_SOCIAL:
      show_failure (self,
                    _("The browser could not be opened. Open this address in your "
                      "browser:"),
                    address);
      break;

    default:
      g_assert_not_reached ();
    }
}

typedef struct {
  OkpContactDialog *self;
  OkpChannelKind    kind;
  char             *address;  /* what to show if nothing opens */
} LaunchData;

static void
launch_data_free (LaunchData *data)
{
  g_clear_object (&data->self);
  g_free (data->address);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LaunchData, launch_data_free)

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LaunchData) data = user_data;
  OkpContactDialog *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!okp_launcher_open_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        launch_failed (self, data->kind, data->address);
      return;
    }

  switch (data->kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      if (self->long_case_copied)
        show_toast (self, _("The summary is too long for one email link: the message has its "
                            "start, and all of it is on your clipboard to paste at its end."));
      else
        show_toast (self, _("Your email program opens with the message. Check it and send it "
                            "from there."));
      self->long_case_copied = FALSE;
      break;
    case OKP_CHANNEL_KIND_PHONE:
      show_toast (self, _("The number is passed to your phone app."));
      break;
    case OKP_CHANNEL_KIND_CHAT:
    case OKP_CHANNEL_KIND_SOCIAL:
      /* The browser coming up says enough; chat already said that the
       * summary is on the clipboard. */
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
launch (OkpContactDialog *self,
        OkpChannelKind    kind,
        const char       *uri,
        const char       *address)
{
  LaunchData *data = g_new0 (LaunchData, 1);

  data->self = g_object_ref (self);
  data->kind = kind;
  data->address = g_strdup (address);

  hide_failure (self);
  okp_launcher_open_async (okp_compat_dialog_get_window (GTK_WIDGET (self)), uri,
                           self->cancellable, launched_cb, data);
}

static void
launch_https (OkpContactDialog *self,
              OkpChannelKind    kind,
              const char       *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = okp_uri_build_https (url, &error);

  if (uri == NULL)
    {
      /* The endpoints were validated when they were loaded; this is the
       * second line of defence, so it is still reported in words. */
      g_warning ("Not opening %s: %s", url, error->message);
      launch_failed (self, kind, url);
      return;
    }

  launch (self, kind, uri, url);
}

static void
send_email (OkpContactDialog *self)
{
  g_autofree char *summary = okp_contact_dialog_dup_summary (self);
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  OkpCaseRest rest = OKP_CASE_REST_NONE;

  self->long_case_copied = FALSE;

  /* With no address configured the composer opens with the recipient
   * left empty, still carrying the subject and the summary. A summary too
   * long for a mailto: URI that every mail program takes whole keeps its
   * start in the body, which says that all of it is on the clipboard. */
  body = okp_mail_case_body (self->endpoints->email, subject, summary, FALSE, &rest, &uri,
                             &error);
  if (body == NULL)
    {
      g_warning ("Not opening the email composer: %s", error->message);
      launch_failed (self, OKP_CHANNEL_KIND_EMAIL, NULL);
      return;
    }

  if (rest == OKP_CASE_REST_CLIPBOARD)
    {
      copy_text (self, summary);
      self->long_case_copied = TRUE;
    }

  launch (self, OKP_CHANNEL_KIND_EMAIL, uri, self->endpoints->email);
}

static void
open_chat (OkpContactDialog *self)
{
  g_autofree char *summary = okp_contact_dialog_dup_summary (self);

  g_return_if_fail (self->endpoints->chat_url != NULL);

  /* The chat page cannot be given the text: it goes on the clipboard, and
   * the user is told before the browser takes the focus. */
  copy_text (self, summary);
  show_toast (self, _("Summary copied. Paste it into the chat when the page opens."));

  launch_https (self, OKP_CHANNEL_KIND_CHAT, self->endpoints->chat_url);
}

static void
call (OkpContactDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (self->endpoints->phone != NULL);

  uri = okp_uri_build_tel (self->endpoints->phone, &error);
  if (uri == NULL)
    {
      g_warning ("Not calling: %s", error->message);
      launch_failed (self, OKP_CHANNEL_KIND_PHONE, NULL);
      return;
    }

  launch (self, OKP_CHANNEL_KIND_PHONE, uri, self->endpoints->phone);
}

static void
action_clicked_cb (OkpContactDialog *self)
{
  const OkpChannelDef *channel = current_channel (self);

  g_return_if_fail (channel != NULL);

  switch (channel->kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      send_email (self);
      break;
    case OKP_CHANNEL_KIND_CHAT:
      open_chat (self);
      break;
    case OKP_CHANNEL_KIND_PHONE:
      call (self);
      break;
    case OKP_CHANNEL_KIND_SOCIAL:
      /* Each official page has a button of its own. */
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
facebook_clicked_cb (OkpContactDialog *self)
{
  g_return_if_fail (self->endpoints->facebook_url != NULL);
  launch_https (self, OKP_CHANNEL_KIND_SOCIAL, self->endpoints->facebook_url);
}

static void
twitter_clicked_cb (OkpContactDialog *self)
{
  g_return_if_fail (self->endpoints->twitter_url != NULL);
  launch_https (self, OKP_CHANNEL_KIND_SOCIAL, self->endpoints->twitter_url);
}

static void
copy_destination_clicked_cb (OkpContactDialog *self)
{
  copy_text (self, gtk_label_get_text (self->destination_label));
  show_toast (self, _("Copied"));
}

static void
copy_summary_clicked_cb (OkpContactDialog *self)
{
  g_autofree char *summary = okp_contact_dialog_dup_summary (self);

  copy_text (self, summary);
  show_toast (self, _("Summary copied"));
}

static void
copy_failure_clicked_cb (OkpContactDialog *self)
{
  copy_text (self, gtk_label_get_text (self->failure_address_label));
  show_toast (self, _("Copied"));
}

static const char *
destination_heading (OkpChannelKind kind)
{
  switch (kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      return _("Support email address");
    case OKP_CHANNEL_KIND_CHAT:
      return _("Chat page");
    case OKP_CHANNEL_KIND_PHONE:
      return _("Hotline number");
    case OKP_CHANNEL_KIND_SOCIAL:
      return _("Official pages");
    default:
      g_assert_not_reached ();
    }
}

static const char *
not_configured_text (OkpChannelKind kind)
{
  switch (kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      return _("No support email address is set, so your email program opens with the "
               "recipient left empty. Find the official address on the official OKPay "
               "website, in its help or contact pages, and set it in Preferences to have "
               "it filled in.");
    case OKP_CHANNEL_KIND_CHAT:
      return _("No chat page is set. Go to the official OKPay website yourself and start "
               "the online chat there; you may need to log in first. Copy the summary to "
               "paste it into the chat. You can set the chat page in Preferences.");
    case OKP_CHANNEL_KIND_PHONE:
      return _("No hotline number is set. Find the official number on the official OKPay "
               "website, in its help or contact pages, and set it in Preferences.");
    case OKP_CHANNEL_KIND_SOCIAL:
      return _("No official pages are set. Follow the links to them from the official "
               "OKPay website, and set them in Preferences.");
    default:
      g_assert_not_reached ();
    }
}

static void
update_switcher (OkpContactDialog *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->channel_switcher));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *id = g_object_get_data (G_OBJECT (child), CHANNEL_ID_KEY);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child),
                                    g_strcmp0 (id, self->channel_id) == 0);
    }
}

static void
update_channel (OkpContactDialog *self)
{
  const OkpChannelDef *channel = current_channel (self);
  g_autofree char *destination = NULL;
  const char *hours = NULL;
  const char *action_label = NULL;
  gboolean can_act = FALSE;

  g_return_if_fail (channel != NULL);

  destination = okp_channel_destination (self->endpoints, channel->kind);

  adw_window_title_set_subtitle (self->window_title, channel->title);
  gtk_label_set_text (self->channel_heading, channel->title);
  gtk_label_set_text (self->when_label, channel->when);
  gtk_label_set_text (self->expect_label, channel->expect);
  gtk_label_set_text (self->ready_label, channel->ready);

  gtk_label_set_text (self->destination_heading, destination_heading (channel->kind));
  gtk_label_set_text (self->destination_label, destination != NULL ? destination : "");
  gtk_widget_set_visible (self->destination_row, destination != NULL);
  gtk_label_set_text (self->not_configured_label, not_configured_text (channel->kind));
  gtk_widget_set_visible (self->not_configured_box, destination == NULL);

  /* The number is read out to the agent's colleague on the line, or typed
   * into another phone: it is shown large. */
  if (channel->kind == OKP_CHANNEL_KIND_PHONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->destination_label), "title-1");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->destination_label), "title-1");

  /* Two addresses, one per line, are selectable but not one thing to copy. */
  gtk_widget_set_visible (self->copy_destination_button, channel->kind != OKP_CHANNEL_KIND_SOCIAL);
  gtk_widget_set_tooltip_text (self->copy_destination_button,
                               channel->kind == OKP_CHANNEL_KIND_PHONE
                               ? _("Copy the number") : _("Copy the address"));

  switch (channel->kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      action_label = _("Send Email");
      can_act = TRUE;
      break;
    case OKP_CHANNEL_KIND_CHAT:
      hours = self->endpoints->chat_hours;
      action_label = _("Copy and Open Chat");
      can_act = self->endpoints->chat_url != NULL;
      break;
    case OKP_CHANNEL_KIND_PHONE:
      hours = self->endpoints->phone_hours;
      action_label = _("Call");
      can_act = self->endpoints->phone != NULL;
      break;
    case OKP_CHANNEL_KIND_SOCIAL:
      break;
    default:
      g_assert_not_reached ();
    }

  if (hours != NULL)
    {
      /* Translators: when a channel answers, as configured, e.g.
       * "Hours: Mon–Fri 9:00–18:00" */
      g_autofree char *text = g_strdup_printf (_("Hours: %s"), hours);
      gtk_label_set_text (self->hours_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hours_label), hours != NULL);

  gtk_widget_set_visible (self->social_buttons, channel->kind == OKP_CHANNEL_KIND_SOCIAL &&
                                                destination != NULL);
  gtk_widget_set_visible (self->facebook_button, self->endpoints->facebook_url != NULL);
  gtk_widget_set_visible (self->twitter_button, self->endpoints->twitter_url != NULL);

  /* Social media are public: the case summary has no place there. */
  gtk_widget_set_visible (self->summary_box, channel->kind != OKP_CHANNEL_KIND_SOCIAL);
  gtk_widget_set_visible (self->subject_box, channel->kind == OKP_CHANNEL_KIND_EMAIL);

  gtk_widget_set_visible (self->action_bar, action_label != NULL);
  if (action_label != NULL)
    gtk_button_set_label (self->action_button, action_label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), can_act);

  hide_failure (self);
  update_switcher (self);
}

/**
 * okp_contact_dialog_set_channel:
 * @channel_id: (nullable): a support channel's id; %NULL or an unknown id
 *   chooses email, which carries the case best
 */
void
okp_contact_dialog_set_channel (OkpContactDialog *self,
                                const char       *channel_id)
{
  GPtrArray *channels;

  g_return_if_fail (OKP_IS_CONTACT_DIALOG (self));

  if (channel_id == NULL || okp_guide_lookup_channel (self->guide, channel_id) == NULL)
    {
      channels = okp_guide_get_channels (self->guide);
      g_return_if_fail (channels->len > 0);

      channel_id = ((OkpChannelDef *) g_ptr_array_index (channels, 0))->id;
      for (guint i = 0; i < channels->len; i++)
        {
          const OkpChannelDef *channel = g_ptr_array_index (channels, i);

          if (channel->kind == OKP_CHANNEL_KIND_EMAIL)
            {
              channel_id = channel->id;
              break;
            }
        }
    }

  if (g_strcmp0 (self->channel_id, channel_id) != 0)
    {
      g_free (self->channel_id);
      self->channel_id = g_strdup (channel_id);
    }

  update_channel (self);
}

const char *
okp_contact_dialog_get_channel (OkpContactDialog *self)
{
  g_return_val_if_fail (OKP_IS_CONTACT_DIALOG (self), NULL);

  return self->channel_id;
}

static void
channel_toggled_cb (GtkToggleButton  *button,
                    OkpContactDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), CHANNEL_ID_KEY);

  if (gtk_toggle_button_get_active (button) && g_strcmp0 (id, self->channel_id) != 0)
    okp_contact_dialog_set_channel (self, id);
}

static void
populate_switcher (OkpContactDialog *self)
{
  GPtrArray *channels = okp_guide_get_channels (self->guide);
  GtkToggleButton *group = NULL;

  for (guint i = 0; i < channels->len; i++)
    {
      const OkpChannelDef *channel = g_ptr_array_index (channels, i);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (channel->title);

      /* Four channels side by side fit a phone only if their names may
       * wrap. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, channel->title,
                                      -1);

      g_object_set_data_full (G_OBJECT (button), CHANNEL_ID_KEY, g_strdup (channel->id), g_free);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);

      g_signal_connect_object (button, "toggled", G_CALLBACK (channel_toggled_cb), self, 0);
      gtk_box_append (self->channel_switcher, button);
    }
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OkpContactDialog *self = OKP_CONTACT_DIALOG (widget);

  g_return_if_fail (self->settings != NULL);

  okp_preferences_present (GTK_WIDGET (self), self->settings);
}

static void
settings_changed_cb (OkpContactDialog *self)
{
  /* Set in Preferences while the dialog is open: show it at once. */
  g_clear_pointer (&self->endpoints, okp_endpoints_free);
  self->endpoints = okp_content_dup_endpoints (self->settings);
  update_channel (self);
}

static void
okp_contact_dialog_dispose (GObject *object)
{
  OkpContactDialog *self = OKP_CONTACT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->guide);

  G_OBJECT_CLASS (okp_contact_dialog_parent_class)->dispose (object);
}

static void
okp_contact_dialog_finalize (GObject *object)
{
  OkpContactDialog *self = OKP_CONTACT_DIALOG (object);

  g_clear_pointer (&self->endpoints, okp_endpoints_free);
  g_clear_pointer (&self->channel_id, g_free);

  G_OBJECT_CLASS (okp_contact_dialog_parent_class)->finalize (object);
}

static void
okp_contact_dialog_class_init (OkpContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = okp_contact_dialog_dispose;
  object_class->finalize = okp_contact_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/okp-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, channel_switcher);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, channel_heading);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, when_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, expect_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, destination_heading);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, destination_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, copy_destination_button);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, hours_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, social_buttons);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, facebook_button);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, twitter_button);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, not_configured_box);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, not_configured_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, ready_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, summary_box);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, subject_box);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, summary_view);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, failure_box);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, failure_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, failure_address_label);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, action_bar);
  gtk_widget_class_bind_template_child (widget_class, OkpContactDialog, action_button);
  gtk_widget_class_bind_template_callback (widget_class, action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, facebook_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, twitter_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_destination_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_summary_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_failure_clicked_cb);

  gtk_widget_class_install_action (widget_class, "contact.preferences", NULL, preferences_action);
}

static void
okp_contact_dialog_init (OkpContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * okp_contact_dialog_new:
 * @guide: the guide, for the channels
 * @settings: (nullable): the application's settings, for the endpoints
 *   set in Preferences
 * @channel_id: (nullable): the channel to show first
 * @subject: the email subject
 * @summary: the case summary, which the user may edit
 *
 * The dialog's content; show it with okp_contact_dialog_present().
 *
 * Returns: (transfer floating): a new contact dialog
 */
GtkWidget *
okp_contact_dialog_new (OkpGuide   *guide,
                        GSettings  *settings,
                        const char *channel_id,
                        const char *subject,
                        const char *summary)
{
  OkpContactDialog *self;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (subject != NULL, NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (OKP_TYPE_CONTACT_DIALOG, NULL);

  self->guide = g_object_ref (guide);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->endpoints = okp_content_dup_endpoints (settings);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.preferences", settings != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->summary_view), summary, -1);

  populate_switcher (self);
  okp_contact_dialog_set_channel (self, channel_id);

  return GTK_WIDGET (self);
}

/**
 * okp_contact_dialog_present:
 * @parent: the widget the request comes from
 *
 * Shows the dialog over @parent's window: a dialog of its own, or a bottom
 * sheet when the window is as narrow as a phone.
 */
void
okp_contact_dialog_present (OkpContactDialog *self,
                            GtkWidget        *parent)
{
  GtkWidget *dialog;

  g_return_if_fail (OKP_IS_CONTACT_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (gtk_widget_get_parent (GTK_WIDGET (self)) == NULL);

  /* Not added to the application: its active window stays the main one. */
  dialog = okp_compat_dialog_new (_("Contact Support"), GTK_WIDGET (self), 620, 760);
  okp_compat_dialog_present (dialog, parent);
}

/**
 * okp_contact_buttons_new:
 * @guide: the guide, for the channels
 *
 * The "Still stuck? Contact support" block at the end of a checklist: a
 * button for each channel, activating win.contact with its id.
 *
 * Returns: (transfer floating): the block
 */
GtkWidget *
okp_contact_buttons_new (OkpGuide *guide)
{
  GPtrArray *channels;
  GtkWidget *box;
  GtkWidget *heading;
  GtkWidget *buttons;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);

  channels = okp_guide_get_channels (guide);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("Still stuck? Contact support"));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  /* Labels wrap rather than push the page wider than a phone screen. */
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  for (guint i = 0; i < channels->len; i++)
    {
      const OkpChannelDef *channel = g_ptr_array_index (channels, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = gtk_label_new (channel->title);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.contact");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", channel->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, channel->title,
                                      -1);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (buttons),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                  -1);

  return box;
}
