/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-window"

#include "config.h"

#include "okp-window.h"

#include <glib/gi18n.h>

#include "okp-compat.h"
#include "okp-contact-dialog.h"
#include "okp-search-panel.h"
#include "okp-start-page.h"
#include "okp-window-private.h"

/*
 * The window: the sidebar beside the content, which is a guide section or
 * a checklist. It is given the guide, the progress, the search and the
 * settings when it is made. This file lays it out and switches pages; its
 * actions (printing, contact, search, find, history, zoom) are in
 * okp-window-actions.c.
 */

G_DEFINE_FINAL_TYPE (OkpWindow, okp_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_GUIDE,
  PROP_STORE,
  PROP_SEARCH,
  PROP_SETTINGS,
  PROP_PROGRESS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * okp_window_show_content:
 *
 * Whatever asked for a page (the sidebar, the command line, a search
 * result, Back) wants to read it: on a narrow window the content replaces
 * the sidebar; on a wide one this changes nothing.
 */
void
okp_window_show_content (OkpWindow *self)
{
  okp_compat_split_view_show_content (self->split_view, TRUE);
}

gboolean
okp_window_showing_guide (OkpWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "guide") == 0;
}

static void
set_page (OkpWindow     *self,
          const OkpPage *page,
          const char    *title)
{
  g_autofree char *text = okp_page_to_string (page);

  g_clear_pointer (&self->page, okp_page_free);
  self->page = okp_page_copy (page);
  okp_history_visit (self->history, page);

  /* Only guide pages have anything to find in. */
  if (page->kind != OKP_PAGE_SECTION)
    okp_find_bar_close (self->find_bar);

  okp_sidebar_select_page (self->sidebar, page);
  adw_window_title_set_title (self->content_title, title);
  okp_compat_split_view_set_content_title (self->split_view, title);
  g_settings_set_string (self->settings, "last-page", text);

  okp_window_show_content (self);
}

void
okp_window_show_section (OkpWindow  *self,
                         const char *section_id)
{
  const OkpSection *section;
  g_autoptr(OkpPage) page = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));

  section = okp_guide_lookup_section (self->guide, section_id);
  g_return_if_fail (section != NULL);

  page = okp_page_new (OKP_PAGE_SECTION, section_id);
  okp_guide_view_show_section (self->guide_view, section_id);
  gtk_stack_set_visible_child_name (self->content_stack, "guide");
  set_page (self, page, section->title);
}

/**
 * okp_window_show_start:
 *
 * Shows the start page, "What's wrong?", with the focus where Enter opens
 * the checklist under way or the first problem.
 */
void
okp_window_show_start (OkpWindow *self)
{
  g_autoptr(OkpPage) page = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));

  page = okp_page_new (OKP_PAGE_START, OKP_PAGE_START_ID);
  gtk_stack_set_visible_child_name (self->content_stack, "start");
  set_page (self, page, _("What’s wrong?"));
  gtk_widget_grab_focus (self->start_page);
}

void
okp_window_show_checklist (OkpWindow  *self,
                           const char *checklist_id)
{
  const OkpChecklistDef *def;
  g_autoptr(OkpPage) page = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));

  def = okp_guide_lookup_checklist (self->guide, checklist_id);
  g_return_if_fail (def != NULL);

  page = okp_page_new (OKP_PAGE_CHECKLIST, checklist_id);
  okp_checklist_page_set_checklist_id (self->checklist_page, checklist_id);
  gtk_stack_set_visible_child_name (self->content_stack, "checklist");
  set_page (self, page, def->title);
}

/* A support channel is introduced by a heading in the guide's section
 * about support: that section, scrolled to the heading. */
static gboolean
show_channel (OkpWindow  *self,
              const char *channel_id)
{
  GPtrArray *sections = okp_guide_get_sections (self->guide);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->blocks->len; j++)
        {
          const OkpBlock *block = g_ptr_array_index (section->blocks, j);

          if (g_strcmp0 (block->channel_id, channel_id) == 0)
            {
              okp_window_show_section (self, section->id);
              okp_guide_view_reveal_block (self->guide_view, j);
              return TRUE;
            }
        }
    }

  return FALSE;
}

/**
 * okp_window_show_page:
 * @page: (nullable): the page to show
 *
 * Returns: %TRUE if @page names something the guide has, now shown
 */
gboolean
okp_window_show_page (OkpWindow     *self,
                      const OkpPage *page)
{
  g_return_val_if_fail (OKP_IS_WINDOW (self), FALSE);

  if (page == NULL)
    return FALSE;

  switch (page->kind)
    {
    case OKP_PAGE_SECTION:
      if (okp_guide_lookup_section (self->guide, page->id) == NULL)
        return FALSE;
      okp_window_show_section (self, page->id);
      return TRUE;

    case OKP_PAGE_CHECKLIST:
      if (okp_guide_lookup_checklist (self->guide, page->id) == NULL)
        return FALSE;
      okp_window_show_checklist (self, page->id);
      return TRUE;

    case OKP_PAGE_CONTACT:
      return show_channel (self, page->id);

    case OKP_PAGE_START:
      okp_window_show_start (self);
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * okp_window_get_page:
 *
 * Returns: (nullable): the page shown
 */
const OkpPage *
okp_window_get_page (OkpWindow *self)
{
  g_return_val_if_fail (OKP_IS_WINDOW (self), NULL);

  return self->page;
}

/**
 * okp_window_start_search:
 * @text: (nullable): what to search for, or %NULL to keep what is there
 *
 * Opens the sidebar's search with the keyboard focus in it.
 */
void
okp_window_start_search (OkpWindow  *self,
                         const char *text)
{
  g_return_if_fail (OKP_IS_WINDOW (self));

  if (okp_compat_split_view_get_collapsed (self->split_view))
    okp_compat_split_view_show_content (self->split_view, FALSE);
  okp_search_panel_start (okp_sidebar_get_search_panel (self->sidebar), text);
}

/**
 * okp_window_open_search_result:
 * @result_id: a result id of the search, as GNOME Shell passes it
 * @query: (nullable): what was searched for
 *
 * Shows the place a search for @query found under @result_id (the section
 * scrolled to the words, the checklist at the step), or the page @result_id
 * names when the search no longer finds it there. An id that names nothing
 * the guide has changes nothing.
 */
void
okp_window_open_search_result (OkpWindow  *self,
                               const char *result_id,
                               const char *query)
{
  g_autoptr(OkpPage) page = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));
  g_return_if_fail (result_id != NULL);

  page = okp_page_parse (result_id);
  if (page == NULL)
    return;

  results = okp_search_query (self->search, query != NULL ? query : "");
  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      if (okp_page_equal (result->page, page))
        {
          okp_window_open_result (self, result);
          return;
        }
    }

  okp_window_show_page (self, page);
}

static void
page_activated_cb (OkpWindow     *self,
                   const OkpPage *page)
{
  okp_window_show_page (self, page);
}

static void
collapsed_changed_cb (OkpWindow *self)
{
  okp_sidebar_set_collapsed (self->sidebar,
                             okp_compat_split_view_get_collapsed (self->split_view));
}

static void
open_external_cb (OkpWindow  *self,
                  const char *uri)
{
  /* Links to elsewhere are not followed from the guide; the user sees the
   * address and may copy it. */
  g_autofree char *title = g_strdup_printf (_("Link to %s not opened"), uri);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
open_checklist_cb (OkpWindow  *self,
                   const char *checklist_id)
{
  if (okp_guide_lookup_checklist (self->guide, checklist_id) != NULL)
    okp_window_show_checklist (self, checklist_id);
}

static void
open_section_cb (OkpWindow  *self,
                 const char *section_id)
{
  if (okp_guide_lookup_section (self->guide, section_id) != NULL)
    okp_window_show_section (self, section_id);
}

/* "I think I've been scammed": the safety advice, whose first words say
 * what to do at once. */
static void
safety_chosen_cb (OkpWindow *self)
{
  if (okp_guide_lookup_section (self->guide, "stay-safe") != NULL)
    okp_window_show_section (self, "stay-safe");
}

static void
start_contact_cb (OkpWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.contact", "s", "");
}

static void
contact_cb (OkpWindow  *self,
            const char *channel_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.contact", "s",
                              channel_id != NULL ? channel_id : "");
}

/* The notice about the progress file. It stays until what it says is
 * resolved: a failing save until a save succeeds, what loading found
 * until the user dismisses it. A file from a newer version cannot be
 * resolved here, so that notice has no button and stays: every change
 * made meanwhile is lost at exit, and the user must not forget it. */

static void
update_notice (OkpWindow *self)
{
  if (self->save_error != NULL)
    okp_compat_banner_set (self->notice, self->save_error, _("_Try Again"));
  else if (self->progress_message != NULL)
    okp_compat_banner_set (self->notice, self->progress_message,
                           okp_progress_store_get_read_only (self->store) ? NULL : _("_Dismiss"));
  else
    okp_compat_banner_set (self->notice, NULL, NULL);
}

static void
notice_button_clicked_cb (OkpWindow *self)
{
  if (self->save_error != NULL)
    okp_progress_store_flush (self->store);  /* "saved" or "save-failed" follows */
  else
    okp_window_set_progress_message (self, NULL);

  update_notice (self);
}

static void
save_failed_cb (OkpWindow    *self,
                const GError *error)
{
  g_free (self->save_error);
  self->save_error = g_strdup (error->message);
  update_notice (self);
}

static void
saved_cb (OkpWindow *self)
{
  g_clear_pointer (&self->save_error, g_free);
  update_notice (self);
}

const char *
okp_window_get_progress_message (OkpWindow *self)
{
  g_return_val_if_fail (OKP_IS_WINDOW (self), NULL);

  return self->progress_message;
}

/**
 * okp_window_set_progress_message:
 * @message: (nullable): what loading the progress had to tell the user (a
 *   file kept aside, a file from a newer version), or %NULL
 *
 * Shows @message above the content until the user dismisses it, which
 * sets the property back to %NULL.
 */
void
okp_window_set_progress_message (OkpWindow  *self,
                                 const char *message)
{
  g_return_if_fail (OKP_IS_WINDOW (self));

  if (g_strcmp0 (self->progress_message, message) == 0)
    return;

  g_free (self->progress_message);
  self->progress_message = g_strdup (message);
  if (self->notice != NULL)
    update_notice (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_MESSAGE]);
}

/* The template holds the parts of both panes in one box; they are taken
 * out and laid out as the toolkit at hand does it (see okp-compat.h). */
static void
lay_out (OkpWindow *self)
{
  GtkWidget *parts[] = { self->sidebar_header, self->content_header, self->content_box };
  OkpSearchPanel *search_panel = okp_sidebar_get_search_panel (self->sidebar);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_object_ref (parts[i]);
      gtk_box_remove (GTK_BOX (self->parts), parts[i]);
    }

  self->split_view = okp_compat_split_view_new (ADW_APPLICATION_WINDOW (self),
                                                self->sidebar_header,
                                                GTK_WIDGET (self->sidebar),
                                                _("OKPay Help"),
                                                self->content_header,
                                                self->content_box,
                                                g_settings_get_int (self->settings,
                                                                    "sidebar-width"));
  adw_toast_overlay_set_child (self->toast_overlay, self->split_view);
  self->parts = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_object_unref (parts[i]);

  okp_compat_split_view_connect_collapsed (self->split_view, G_CALLBACK (collapsed_changed_cb),
                                           self);
  collapsed_changed_cb (self);

  g_object_bind_property (search_panel, "search-mode", self->search_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->sidebar, "page-activated",
                           G_CALLBACK (page_activated_cb), self, G_CONNECT_SWAPPED);
}

static void
okp_window_constructed (GObject *object)
{
  OkpWindow *self = OKP_WINDOW (object);
  g_autofree char *last_page_text = NULL;
  g_autoptr(OkpPage) last_page = NULL;

  G_OBJECT_CLASS (okp_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->sidebar = OKP_SIDEBAR (okp_sidebar_new (self->guide, self->store, self->search));
  lay_out (self);

  self->guide_view = OKP_GUIDE_VIEW (okp_guide_view_new (self->guide));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->guide_view), "guide");
  g_signal_connect_object (self->guide_view, "open-external",
                           G_CALLBACK (open_external_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guide_view, "open-checklist",
                           G_CALLBACK (open_checklist_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guide_view, "contact",
                           G_CALLBACK (contact_cb), self, G_CONNECT_SWAPPED);

  self->checklist_page = OKP_CHECKLIST_PAGE (okp_checklist_page_new (self->guide, self->store));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->checklist_page), "checklist");
  gtk_box_append (okp_checklist_page_get_footer (self->checklist_page),
                  okp_contact_buttons_new (self->guide));
  g_signal_connect_object (self->checklist_page, "open-section",
                           G_CALLBACK (open_section_cb), self, G_CONNECT_SWAPPED);

  self->start_page = okp_start_page_new (self->guide, self->store);
  gtk_stack_add_named (self->content_stack, self->start_page, "start");
  g_signal_connect_object (self->start_page, "checklist-chosen",
                           G_CALLBACK (open_checklist_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->start_page, "safety-chosen",
                           G_CALLBACK (safety_chosen_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->start_page, "contact-chosen",
                           G_CALLBACK (start_contact_cb), self, G_CONNECT_SWAPPED);

  self->notice = okp_compat_banner_new (G_CALLBACK (notice_button_clicked_cb), self);
  adw_bin_set_child (self->notice_bin, self->notice);
  g_signal_connect_object (self->store, "save-failed",
                           G_CALLBACK (save_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "saved",
                           G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  update_notice (self);

  okp_window_actions_setup (self);

  last_page_text = g_settings_get_string (self->settings, "last-page");
  last_page = okp_page_parse (last_page_text);
  /* A first start (the setting's default is the start page), and a page
   * the guide no longer has, show "What's wrong?". */
  if (last_page == NULL || last_page->kind == OKP_PAGE_CONTACT ||
      !okp_window_show_page (self, last_page))
    okp_window_show_start (self);
}

static gboolean
okp_window_close_request (GtkWindow *window)
{
  OkpWindow *self = OKP_WINDOW (window);
  int width, height;

  /* Closing the window is when the user expects their work to be kept. */
  okp_progress_store_flush (self->store);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (okp_window_parent_class)->close_request (window);
}

static void
okp_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OkpWindow *self = OKP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROGRESS_MESSAGE:
      g_value_set_string (value, self->progress_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OkpWindow *self = OKP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      self->guide = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SEARCH:
      self->search = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_PROGRESS_MESSAGE:
      okp_window_set_progress_message (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_window_finalize (GObject *object)
{
  OkpWindow *self = OKP_WINDOW (object);

  g_clear_object (&self->guide);
  g_clear_object (&self->store);
  g_clear_object (&self->search);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_pointer (&self->page, okp_page_free);
  g_clear_pointer (&self->progress_message, g_free);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (okp_window_parent_class)->finalize (object);
}

static void
okp_window_class_init (OkpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = okp_window_constructed;
  object_class->get_property = okp_window_get_property;
  object_class->set_property = okp_window_set_property;
  object_class->finalize = okp_window_finalize;
  window_class->close_request = okp_window_close_request;

  properties[PROP_GUIDE] =
    g_param_spec_object ("guide", NULL, NULL, OKP_TYPE_GUIDE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OKP_TYPE_PROGRESS_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_object ("search", NULL, NULL, OKP_TYPE_SEARCH,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_MESSAGE] =
    g_param_spec_string ("progress-message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/okp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, parts);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, notice_bin);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, find_bar);

  okp_window_class_add_actions (widget_class);

  /* The types the template uses. */
  g_type_ensure (OKP_TYPE_FIND_BAR);
}

static void
okp_window_init (OkpWindow *self)
{
  self->history = okp_history_new (100);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * okp_window_new:
 * @application: the application the window belongs to
 * @guide: the guide it shows
 * @store: the progress its checklists show and change
 * @search: the search over @guide
 * @settings: the application's settings, which it keeps its state in
 *
 * Returns: (transfer none): a new window, owned by @application
 */
OkpWindow *
okp_window_new (OkpApplication   *application,
                OkpGuide         *guide,
                OkpProgressStore *store,
                OkpSearch        *search,
                GSettings        *settings)
{
  OkpWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (store), NULL);
  g_return_val_if_fail (OKP_IS_SEARCH (search), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OKP_TYPE_WINDOW,
                       "guide", guide,
                       "store", store,
                       "search", search,
                       "settings", settings,
                       "application", application,
                       NULL);
  okp_window_set_accels (GTK_APPLICATION (application));

  return self;
}
