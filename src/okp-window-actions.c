/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-window"

#include "config.h"

#include "okp-window-private.h"

#include <glib/gi18n.h>

#include "okp-case-summary.h"
#include "okp-compat.h"
#include "okp-contact-dialog.h"
#include "okp-content.h"
#include "okp-print.h"
#include "okp-search-panel.h"

/*
 * The window's actions: the sidebar, contacting support, printing, search,
 * find in page, Back and Forward, zoom; and their keyboard shortcuts.
 *
 * The keyboard rule: Ctrl+K, or typing in the sidebar, searches everything.
 * Ctrl+F finds in the page while a guide section is shown (unless the
 * focus is in the sidebar's search, which it then keeps); on a checklist,
 * which has no find, Ctrl+F searches everything too. The shortcuts window
 * lists both.
 */

/* "What's wrong?" is one action away from everywhere: Alt+Home, and the
 * button beside Back and Forward. */
static void
show_start_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  okp_window_show_start (OKP_WINDOW (widget));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);

  okp_compat_split_view_show_content (self->split_view, FALSE);
  okp_sidebar_focus (self->sidebar);
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

  if (self->page != NULL && self->page->kind == OKP_PAGE_CHECKLIST)
    def = okp_guide_lookup_checklist (self->guide, self->page->id);
  if (def == NULL)
    def = okp_case_summary_find_recent (self->guide, self->store);

  summary = okp_case_summary_build (def, self->store, NULL);
  subject = okp_case_summary_build_subject (def);
  dialog = okp_contact_dialog_new (self->guide, self->settings, channel_id, subject, summary);
  okp_contact_dialog_present (OKP_CONTACT_DIALOG (dialog), GTK_WIDGET (self));
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

static void
print_checklists (OkpWindow          *self,
                  const char * const *checklist_ids,
                  const char         *job_name)
{
  /* The effective destinations (Preferences, else the build's defaults),
   * as the contact buttons and the command line's export use them. */
  g_autoptr(OkpEndpoints) endpoints = okp_content_dup_endpoints (self->settings);
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
  g_autoptr(OkpEndpoints) endpoints = okp_content_dup_endpoints (self->settings);
  gboolean checklist = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                                  "checklist") == 0;

  okp_print_save_pdf (GTK_WINDOW (self), self->toast_overlay, self->guide, self->store, endpoints,
                      checklist ? okp_checklist_page_get_checklist_id (self->checklist_page) : NULL);
}

/**
 * okp_window_open_result:
 *
 * Shows where @result is: a section scrolled to the words found, with find
 * in page on them, or a checklist at the step, with the keyboard focus.
 */
void
okp_window_open_result (OkpWindow             *self,
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

  okp_window_show_content (self);
}

static void
search_result_activated_cb (OkpWindow             *self,
                            const OkpSearchResult *result,
                            const char            *query)
{
  okp_window_open_result (self, result);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  const OkpPage *page = okp_history_go_back (self->history);

  if (page != NULL)
    {
      /* The history's entry is borrowed; the window keeps a copy. */
      g_autoptr(OkpPage) copy = okp_page_copy (page);

      okp_window_show_page (self, copy);
    }
}

static void
go_forward_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);
  const OkpPage *page = okp_history_go_forward (self->history);

  if (page != NULL)
    {
      g_autoptr(OkpPage) copy = okp_page_copy (page);

      okp_window_show_page (self, copy);
    }
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

  if (okp_search_panel_get_entry_focused (okp_sidebar_get_search_panel (self->sidebar)))
    return;

  if (okp_window_showing_guide (self))
    {
      okp_window_show_content (self);
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

  if (okp_window_showing_guide (self))
    okp_find_bar_find_next (self->find_bar);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OkpWindow *self = OKP_WINDOW (widget);

  if (okp_window_showing_guide (self))
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

/**
 * okp_window_set_accels:
 *
 * The window's keyboard shortcuts, as application accelerators, so that
 * they work wherever the focus is, the web view included.
 */
void
okp_window_set_accels (GtkApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[4];
  } shortcuts[] = {
    { "win.search", { "<Control>k", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.find-next", { "<Control>g", NULL } },
    { "win.find-previous", { "<Shift><Control>g", NULL } },
    { "win.show-start", { "<Alt>Home", "HomePage", NULL } },
    { "win.go-back", { "<Alt>Left", "Back", NULL } },
    { "win.go-forward", { "<Alt>Right", "Forward", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (application, shortcuts[i].action,
                                           shortcuts[i].accels);
}

void
okp_window_actions_setup (OkpWindow *self)
{
  g_signal_connect_object (okp_sidebar_get_search_panel (self->sidebar), "result-activated",
                           G_CALLBACK (search_result_activated_cb), self, G_CONNECT_SWAPPED);
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

void
okp_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-start", NULL, show_start_action);
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
}
