/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-window"

#include "config.h"

#include "okp-window.h"

#include <glib/gi18n.h>

#include "okp-case-summary.h"
#include "okp-checklist-page.h"
#include "okp-checklist-progress.h"
#include "okp-cli.h"
#include "okp-contact-dialog.h"
#include "okp-find-bar.h"
#include "okp-guide-view.h"
#include "okp-history.h"
#include "okp-print.h"
#include "okp-search-panel.h"

/*
 * The window is a sidebar (sections of the guide, then the checklists) and a
 * content area. Pages are named "section:ID" or "checklist:ID"; that name is
 * what the window remembers between runs and what the rest of the
 * application uses to move around.
 */

struct _OkpWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkWidget            *content_box;
  AdwWindowTitle       *content_title;
  AdwBin               *notice_bin;
  GtkStack             *content_stack;
  OkpSearchPanel       *search_panel;
  OkpFindBar           *find_bar;

  /* borrowed */
  OkpApplication       *app;
  OkpGuide             *guide;
  GSettings            *settings;

  /* owned by the stack */
  OkpGuideView         *guide_view;
  OkpChecklistPage     *checklist_page;

  /* owned by notice_bin */
#if ADW_CHECK_VERSION (1, 3, 0)
  AdwBanner            *banner;
#else
  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_label;
  GtkButton            *notice_button;
#endif

  /* owned */
  OkpProgressStore     *store;
  OkpHistory           *history;
  char                 *page;
  char                 *save_error;   /* why saving fails, while it does */
};

G_DEFINE_FINAL_TYPE (OkpWindow, okp_window, ADW_TYPE_APPLICATION_WINDOW)

#define PAGE_KEY "okp-page"
#define GROUP_KEY "okp-group"
#define PROGRESS_LABEL_KEY "okp-progress-label"
#define SOLVED_ICON_KEY "okp-solved-icon"

static GtkListBoxRow *
find_row (OkpWindow  *self,
          const char *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), PAGE_KEY), page) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static GtkWidget *
sidebar_row_new (const char *page,
                 const char *title,
                 const char *group_title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);

  g_object_set_data_full (G_OBJECT (row), PAGE_KEY, g_strdup (page), g_free);
  g_object_set_data_full (G_OBJECT (row), GROUP_KEY, g_strdup (group_title), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  return row;
}

static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), GROUP_KEY);
  const char *before_group = before ? g_object_get_data (G_OBJECT (before), GROUP_KEY) : NULL;
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (group, before_group) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  /* Sections outside any group after a group (the conclusion) are set apart
   * by a line rather than by repeating the first heading. */
  if (group == NULL && before != NULL)
    {
      header = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_add_css_class (header, "sidebar-separator");
      gtk_list_box_row_set_header (row, header);
      return;
    }

  header = gtk_label_new (group ? group : _("Guide"));
  gtk_label_set_xalign (GTK_LABEL (header), 0.0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

/* A checklist's row shows its progress ("2 / 6") and, once it is solved, a
 * check mark; a screen reader hears both in the row's description. */
static GtkWidget *
checklist_row_new (const OkpChecklistDef *def)
{
  g_autofree char *page = g_strconcat ("checklist:", def->id, NULL);
  GtkWidget *row = sidebar_row_new (page, def->title, _("Checklists"));
  GtkWidget *title = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *progress = gtk_label_new (NULL);
  GtkWidget *solved = gtk_image_new_from_icon_name ("object-select-symbolic");

  g_object_ref (title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (box), title);
  g_object_unref (title);

  gtk_widget_add_css_class (progress, "dim-label");
  gtk_widget_add_css_class (progress, "numeric");
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), progress);

  gtk_widget_set_valign (solved, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (solved, _("Solved"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (solved),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Solved"),
                                  -1);
  gtk_box_append (GTK_BOX (box), solved);

  g_object_set_data (G_OBJECT (row), PROGRESS_LABEL_KEY, progress);
  g_object_set_data (G_OBJECT (row), SOLVED_ICON_KEY, solved);

  return row;
}

static void
update_checklist_row (OkpWindow             *self,
                      const OkpChecklistDef *def)
{
  g_autofree char *page = g_strconcat ("checklist:", def->id, NULL);
  GtkListBoxRow *row = find_row (self, page);
  guint done = okp_checklist_progress_count_done (self->store, def);
  guint total = def->steps->len;
  gboolean solved = okp_progress_store_get_solved (self->store, def->id);
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;

  if (row == NULL)
    return;

  count = g_strdup_printf ("%u / %u", done, total);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), PROGRESS_LABEL_KEY), count);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), SOLVED_ICON_KEY), solved);

  description = g_strdup_printf (ngettext ("%u of %u step done", "%u of %u steps done", total),
                                 done, total);
  if (solved)
    {
      /* Translators: a checklist's progress as a screen reader hears it in
       * the sidebar, e.g. "2 of 6 steps done, solved" */
      g_autofree char *with_solved = g_strdup_printf (_("%s, solved"), description);

      g_free (description);
      description = g_steal_pointer (&with_solved);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
store_changed_cb (OkpWindow  *self,
                  const char *checklist_id)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (self->guide, checklist_id);

  /* The file may hold checklists the guide no longer has. */
  if (def != NULL)
    update_checklist_row (self, def);
}

static void
populate_sidebar (OkpWindow *self)
{
  GPtrArray *sections = okp_guide_get_sections (self->guide);
  GPtrArray *checklists = okp_guide_get_checklists (self->guide);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      const OkpGroup *group = okp_guide_lookup_group (self->guide, section->group_id);
      g_autofree char *page = g_strconcat ("section:", section->id, NULL);

      gtk_list_box_append (self->sidebar_list,
                           sidebar_row_new (page, section->title, group ? group->title : NULL));
    }

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);

      gtk_list_box_append (self->sidebar_list, checklist_row_new (def));
      update_checklist_row (self, def);
    }

  gtk_list_box_set_header_func (self->sidebar_list, sidebar_header_func, NULL, NULL);
}

static void
set_page (OkpWindow  *self,
          const char *page)
{
  GtkListBoxRow *row = find_row (self, page);

  g_free (self->page);
  self->page = g_strdup (page);
  okp_history_visit (self->history, page);

  /* Only guide pages have anything to find in. */
  if (!g_str_has_prefix (page, "section:"))
    okp_find_bar_close (self->find_bar);

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);

  g_settings_set_string (self->settings, "last-page", page);

  /* Whatever asked for a page (the sidebar, the command line, a search
   * result, Back) wants to read it: on a narrow window the content replaces
   * the sidebar; on a wide one this changes nothing. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

void
okp_window_show_section (OkpWindow  *self,
                         const char *section_id)
{
  const OkpSection *section;
  g_autofree char *page = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));

  section = okp_guide_lookup_section (self->guide, section_id);
  g_return_if_fail (section != NULL);

  page = g_strconcat ("section:", section_id, NULL);

  okp_guide_view_show_section (self->guide_view, section_id);
  gtk_stack_set_visible_child_name (self->content_stack, "guide");
  adw_window_title_set_title (self->content_title, section->title);
  set_page (self, page);
}

void
okp_window_show_checklist (OkpWindow  *self,
                           const char *checklist_id)
{
  const OkpChecklistDef *def;
  g_autofree char *page = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));

  def = okp_guide_lookup_checklist (self->guide, checklist_id);
  g_return_if_fail (def != NULL);

  page = g_strconcat ("checklist:", checklist_id, NULL);

  okp_checklist_page_set_checklist_id (self->checklist_page, checklist_id);
  gtk_stack_set_visible_child_name (self->content_stack, "checklist");
  adw_window_title_set_title (self->content_title, def->title);
  set_page (self, page);
}

/**
 * okp_window_show_page:
 * @page: "section:ID" or "checklist:ID"
 *
 * Returns: %TRUE if @page names something the guide has
 */
gboolean
okp_window_show_page (OkpWindow  *self,
                      const char *page)
{
  g_return_val_if_fail (OKP_IS_WINDOW (self), FALSE);

  if (page == NULL)
    return FALSE;

  if (g_str_has_prefix (page, "section:") &&
      okp_guide_lookup_section (self->guide, page + strlen ("section:")) != NULL)
    {
      okp_window_show_section (self, page + strlen ("section:"));
      return TRUE;
    }

  if (g_str_has_prefix (page, "checklist:") &&
      okp_guide_lookup_checklist (self->guide, page + strlen ("checklist:")) != NULL)
    {
      okp_window_show_checklist (self, page + strlen ("checklist:"));
      return TRUE;
    }

  return FALSE;
}

const char *
okp_window_get_page (OkpWindow *self)
{
  g_return_val_if_fail (OKP_IS_WINDOW (self), NULL);
  return self->page;
}

static void
sidebar_row_activated_cb (OkpWindow     *self,
                          GtkListBoxRow *row)
{
  okp_window_show_page (self, g_object_get_data (G_OBJECT (row), PAGE_KEY));
}

static void
folded_changed_cb (OkpWindow *self)
{
  /* A browse-mode list always shows a selection, which reads as "you are
   * here" beside the content; when folded there is nothing beside it. */
  gtk_list_box_set_selection_mode (self->sidebar_list,
                                   adw_leaflet_get_folded (self->leaflet)
                                   ? GTK_SELECTION_SINGLE : GTK_SELECTION_BROWSE);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
print_checklists (OkpWindow          *self,
                  const char * const *checklist_ids,
                  const char         *job_name)
{
  /* The effective destinations (Preferences, else the build's defaults),
   * as the contact buttons and the command line's export use them. */
  g_autoptr(OkpEndpoints) endpoints = okp_cli_dup_endpoints (self->settings);
  g_autoptr(OkpChecklistPrinter) printer = NULL;

  printer = okp_checklist_printer_new (self->guide, self->store, endpoints, checklist_ids);
  okp_print_checklists (GTK_WINDOW (self), printer, job_name);
}

/* Prints what is shown: the checklist, with the same renderer as the PDF
 * export, or the guide section, as the web view lays it out for paper. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (shown, "checklist") == 0)
    {
      const char *id = okp_checklist_page_get_checklist_id (self->checklist_page);
      const OkpChecklistDef *def = id != NULL ? okp_guide_lookup_checklist (self->guide, id) : NULL;
      const char *ids[] = { id, NULL };

      if (def != NULL)
        print_checklists (self, ids, def->title);
    }
  else if (g_strcmp0 (shown, "guide") == 0)
    {
      okp_print_web_view (GTK_WINDOW (self), okp_guide_view_get_web_view (self->guide_view));
    }
}

static void
print_all_checklists_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  /* Translators: the name of the print job with every checklist */
  print_checklists (OKP_WINDOW (widget), NULL, _("OKPay Help checklists"));
}

/* Saves the checklist shown, else all of them, as the command line's PDF. */
static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  g_autoptr(OkpEndpoints) endpoints = okp_cli_dup_endpoints (self->settings);
  gboolean checklist = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                                  "checklist") == 0;

  okp_print_save_pdf (GTK_WINDOW (self), self->toast_overlay, self->guide, self->store, endpoints,
                      checklist ? okp_checklist_page_get_checklist_id (self->checklist_page) : NULL);
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

/* The notice about the progress file. It stays until what it says is
 * resolved: a failing save until a save succeeds, what loading found
 * until the user dismisses it. A file from a newer version cannot be
 * resolved here, so that notice has no button and stays: every change
 * made meanwhile is lost at exit, and the user must not forget it. */

static void
show_notice (OkpWindow  *self,
             const char *message,
             const char *button_label)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  /* The banner's title is markup; the message may name a file. */
  g_autofree char *markup = g_markup_escape_text (message != NULL ? message : "", -1);

  adw_banner_set_title (self->banner, markup);
  adw_banner_set_button_label (self->banner, button_label);
  adw_banner_set_revealed (self->banner, message != NULL);
#else
  gtk_label_set_text (self->notice_label, message != NULL ? message : "");
  if (button_label != NULL)
    gtk_button_set_label (self->notice_button, button_label);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_button), button_label != NULL);
  if (message != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->notice_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->notice_revealer, message != NULL);
#endif
}

#if !ADW_CHECK_VERSION (1, 3, 0)
/* A revealer hides its folded child from the eye only; hiding it once it
 * has folded takes an empty alert away from screen readers too. */
static void
notice_child_revealed_cb (OkpWindow *self)
{
  if (!gtk_revealer_get_child_revealed (self->notice_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->notice_revealer), FALSE);
}
#endif

static void
update_notice (OkpWindow *self)
{
  const char *message = okp_application_get_progress_message (self->app);

  if (self->save_error != NULL)
    show_notice (self, self->save_error, _("_Try Again"));
  else if (message != NULL)
    show_notice (self, message,
                 okp_progress_store_get_read_only (self->store) ? NULL : _("_Dismiss"));
  else
    show_notice (self, NULL, NULL);
}

static void
notice_button_clicked_cb (OkpWindow *self)
{
  if (self->save_error != NULL)
    okp_progress_store_flush (self->store);  /* "saved" or "save-failed" follows */
  else
    okp_application_dismiss_progress_message (self->app);

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

static void
notice_setup (OkpWindow *self)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  self->banner = ADW_BANNER (adw_banner_new (""));
  g_signal_connect_object (self->banner, "button-clicked",
                           G_CALLBACK (notice_button_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->notice_bin, GTK_WIDGET (self->banner));
#else
  /* libadwaita 1.2 has no AdwBanner: a revealer that slides down a line
   * of text and a button, styled like one (see style.css). The box is an
   * alert so that screen readers say the message when it appears. */
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_HORIZONTAL,
                                 "spacing", 12,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                 NULL);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *revealer = gtk_revealer_new ();

  gtk_widget_add_css_class (box, "okp-notice");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked",
                           G_CALLBACK (notice_button_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);

  gtk_revealer_set_transition_type (GTK_REVEALER (revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  gtk_widget_set_visible (revealer, FALSE);
  g_signal_connect_object (revealer, "notify::child-revealed",
                           G_CALLBACK (notice_child_revealed_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->notice_bin, revealer);

  self->notice_revealer = GTK_REVEALER (revealer);
  self->notice_label = GTK_LABEL (label);
  self->notice_button = GTK_BUTTON (button);
#endif

  g_signal_connect_object (self->store, "save-failed",
                           G_CALLBACK (save_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "saved",
                           G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  update_notice (self);
}

/* The request is about the checklist on screen, else the one the user
 * worked on last, else nothing in particular. */
static void
open_contact (OkpWindow  *self,
              const char *channel_id)
{
  const OkpChecklistDef *def = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *subject = NULL;
  GtkWidget *dialog;

  if (self->page != NULL && g_str_has_prefix (self->page, "checklist:"))
    def = okp_guide_lookup_checklist (self->guide, self->page + strlen ("checklist:"));
  if (def == NULL)
    def = okp_case_summary_find_recent (self->guide, self->store);

  summary = okp_case_summary_build (def, self->store, NULL);
  subject = okp_case_summary_build_subject (def);
  dialog = okp_contact_dialog_new (self->guide, self->settings, channel_id, subject, summary);
  okp_contact_dialog_present (OKP_CONTACT_DIALOG (dialog), GTK_WIDGET (self));
}

static void
contact_cb (OkpWindow  *self,
            const char *channel_id)
{
  open_contact (self, channel_id);
}

/* win.contact("ID") opens the contact dialog on channel ID; "" lets the
 * dialog choose. */
static void
contact_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  const char *channel_id = g_variant_get_string (parameter, NULL);

  open_contact (OKP_WINDOW (widget), *channel_id != '\0' ? channel_id : NULL);
}

/* Search, find in page, back and forward, zoom
 *
 * The keyboard rule: Ctrl+K, or typing in the sidebar, searches everything.
 * Ctrl+F finds in the page while a guide section is shown (unless the
 * focus is in the sidebar's search, which it then keeps); on a checklist,
 * which has no find, Ctrl+F searches everything too. The shortcuts window
 * lists both. */

static gboolean
showing_guide (OkpWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "guide") == 0;
}

static void
show_content (OkpWindow *self)
{
  /* On a narrow window the content replaces the sidebar. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
open_result (OkpWindow             *self,
             const OkpSearchResult *result)
{
  g_autofree char *match = okp_search_result_dup_match (result);

  switch (result->kind)
    {
    case OKP_SEARCH_KIND_SECTION:
    case OKP_SEARCH_KIND_CHANNEL:
      okp_window_show_section (self, result->section_id);
      okp_guide_view_reveal_block (self->guide_view, result->block);
      /* The words found, as the page writes them, highlighted by find in
       * page: from the block scrolled to, where its search starts. */
      okp_find_bar_open (self->find_bar, match);
      break;

    case OKP_SEARCH_KIND_CHECKLIST:
      okp_window_show_checklist (self, result->checklist_id);
      /* The keyboard focus follows, so the next Tab or Space acts on what
       * was found. */
      if (result->step_id != NULL)
        okp_checklist_page_reveal_step (self->checklist_page, result->step_id);
      else
        gtk_widget_child_focus (GTK_WIDGET (self->checklist_page), GTK_DIR_TAB_FORWARD);
      break;

    default:
      g_assert_not_reached ();
    }

  show_content (self);
}

static void
search_result_activated_cb (OkpWindow             *self,
                            const OkpSearchResult *result,
                            const char            *query)
{
  open_result (self, result);
}

static void
search_stopped_cb (OkpWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar_list);

  gtk_widget_grab_focus (row != NULL ? GTK_WIDGET (row) : GTK_WIDGET (self->sidebar_list));
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

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  okp_search_panel_start (self->search_panel, text);
}

/**
 * okp_window_open_search_result:
 * @result_id: "section:ID", "checklist:ID" or "contact:ID"
 * @query: (nullable): what was searched for
 *
 * Shows the place a search for @query found under @result_id (the section
 * scrolled to the words, the checklist at the step), or the page @result_id
 * names when the search no longer finds it there.
 */
void
okp_window_open_search_result (OkpWindow  *self,
                               const char *result_id,
                               const char *query)
{
  OkpApplication *app;
  g_autoptr(GPtrArray) results = NULL;

  g_return_if_fail (OKP_IS_WINDOW (self));
  g_return_if_fail (result_id != NULL);

  app = OKP_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  results = okp_search_query (okp_application_get_search (app), query != NULL ? query : "");

  for (guint i = 0; i < results->len; i++)
    {
      const OkpSearchResult *result = g_ptr_array_index (results, i);

      if (g_str_equal (result->result_id, result_id))
        {
          open_result (self, result);
          return;
        }
    }

  if (okp_window_show_page (self, result_id))
    return;

  /* A channel is introduced by a heading in the guide's section about
   * support. */
  if (g_str_has_prefix (result_id, "contact:"))
    {
      GPtrArray *sections = okp_guide_get_sections (self->guide);

      for (guint i = 0; i < sections->len; i++)
        {
          const OkpSection *section = g_ptr_array_index (sections, i);

          for (guint j = 0; j < section->blocks->len; j++)
            {
              const OkpBlock *block = g_ptr_array_index (section->blocks, j);

              if (g_strcmp0 (block->channel_id, result_id + strlen ("contact:")) == 0)
                {
                  okp_window_show_section (self, section->id);
                  okp_guide_view_reveal_block (self->guide_view, j);
                  show_content (self);
                  return;
                }
            }
        }
    }
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  const char *page = okp_history_go_back (self->history);

  if (page != NULL)
    okp_window_show_page (self, page);
}

static void
go_forward_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  const char *page = okp_history_go_forward (self->history);

  if (page != NULL)
    okp_window_show_page (self, page);
}

static void
history_changed_cb (OkpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back",
                                 okp_history_can_go_back (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-forward",
                                 okp_history_can_go_forward (self->history));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  okp_window_start_search (OKP_WINDOW (widget), NULL);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);

  if (okp_search_panel_get_entry_focused (self->search_panel))
    return;

  if (showing_guide (self))
    {
      show_content (self);
      okp_find_bar_open (self->find_bar, NULL);
    }
  else
    okp_window_start_search (self, NULL);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);

  if (showing_guide (self))
    okp_find_bar_find_next (self->find_bar);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);

  if (showing_guide (self))
    okp_find_bar_find_previous (self->find_bar);
}

/* Zoom goes by the steps browsers use, between the limits of the
 * zoom-level key; the web view follows the key. */
static const double zoom_levels[] = {
  0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
};

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "zoom-level");
  double next = 1.0;

  if (g_str_equal (action_name, "win.zoom-in"))
    {
      next = zoom_levels[G_N_ELEMENTS (zoom_levels) - 1];
      for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
        if (zoom_levels[i] > zoom + 0.001)
          {
            next = zoom_levels[i];
            break;
          }
    }
  else if (g_str_equal (action_name, "win.zoom-out"))
    {
      next = zoom_levels[0];
      for (guint i = G_N_ELEMENTS (zoom_levels); i > 0; i--)
        if (zoom_levels[i - 1] < zoom - 0.001)
          {
            next = zoom_levels[i - 1];
            break;
          }
    }

  g_settings_set_double (self->settings, "zoom-level", next);
}

static void
zoom_changed_cb (OkpWindow *self)
{
  double zoom = g_settings_get_double (self->settings, "zoom-level");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 zoom < zoom_levels[G_N_ELEMENTS (zoom_levels) - 1] - 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", zoom > zoom_levels[0] + 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset", ABS (zoom - 1.0) > 0.001);
}

static void
navigation_setup (OkpWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  static const struct {
    const char *action;
    const char *accels[4];
  } shortcuts[] = {
    { "win.search", { "<Control>k", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.find-next", { "<Control>g", NULL } },
    { "win.find-previous", { "<Shift><Control>g", NULL } },
    { "win.go-back", { "<Alt>Left", "Back", NULL } },
    { "win.go-forward", { "<Alt>Right", "Forward", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  };

  /* Application accelerators, so that they work wherever the focus is,
   * the web view included. */
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (app, shortcuts[i].action, shortcuts[i].accels);

  okp_search_panel_set_search (self->search_panel, okp_application_get_search (OKP_APPLICATION (app)));

  okp_find_bar_set_web_view (self->find_bar, okp_guide_view_get_web_view (self->guide_view));

  g_signal_connect_object (self->history, "notify",
                           G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
  history_changed_cb (self);

  g_settings_bind (self->settings, "zoom-level",
                   okp_guide_view_get_web_view (self->guide_view), "zoom-level",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::zoom-level",
                           G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  zoom_changed_cb (self);
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

/* GtkWindow:application is not a construct property, so the window is set up
 * once it has its application rather than in constructed(). */
static void
okp_window_setup (OkpWindow      *self,
                  OkpApplication *app)
{
  g_autofree char *last_page = NULL;

  self->app = app;
  self->guide = okp_application_get_guide (app);
  self->settings = okp_application_get_settings (app);
  self->store = g_object_ref (okp_application_get_progress_store (app));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->guide_view = OKP_GUIDE_VIEW (okp_guide_view_new (self->guide));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->guide_view), "guide");
  g_signal_connect_object (self->guide_view, "open-external",
                           G_CALLBACK (open_external_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guide_view, "open-checklist",
                           G_CALLBACK (open_checklist_cb), self, G_CONNECT_SWAPPED);

  self->checklist_page = OKP_CHECKLIST_PAGE (okp_checklist_page_new (self->guide, self->store));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->checklist_page), "checklist");
  gtk_box_append (okp_checklist_page_get_footer (self->checklist_page),
                  okp_contact_buttons_new (self->guide));
  g_signal_connect_object (self->guide_view, "contact",
                           G_CALLBACK (contact_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checklist_page, "open-section",
                           G_CALLBACK (open_section_cb), self, G_CONNECT_SWAPPED);

  notice_setup (self);
  navigation_setup (self);

  populate_sidebar (self);
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  last_page = g_settings_get_string (self->settings, "last-page");
  if (!okp_window_show_page (self, last_page))
    {
      const OkpSection *first = g_ptr_array_index (okp_guide_get_sections (self->guide), 0);
      okp_window_show_section (self, first->id);
    }
}

static void
okp_window_finalize (GObject *object)
{
  OkpWindow *self = (OkpWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->history);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (okp_window_parent_class)->finalize (object);
}

static void
okp_window_class_init (OkpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->finalize = okp_window_finalize;
  window_class->close_request = okp_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/okp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, notice_bin);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, search_panel);
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, find_bar);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.contact", "s", contact_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "win.print-all-checklists", NULL,
                                   print_all_checklists_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.go-forward", NULL, go_forward_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);

  /* The types the template uses. */
  g_type_ensure (OKP_TYPE_FIND_BAR);
  g_type_ensure (OKP_TYPE_SEARCH_PANEL);
}

static void
okp_window_init (OkpWindow *self)
{
  self->history = okp_history_new (100);

  gtk_widget_init_template (GTK_WIDGET (self));
}

OkpWindow *
okp_window_new (OkpApplication *application)
{
  OkpWindow *self;

  g_return_val_if_fail (OKP_IS_APPLICATION (application), NULL);

  self = g_object_new (OKP_TYPE_WINDOW, "application", application, NULL);
  okp_window_setup (self, application);

  return self;
}
