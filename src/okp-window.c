/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-window"

#include "config.h"

#include "okp-window.h"

#include <glib/gi18n.h>

#include "okp-guide-view.h"

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
  GtkStack             *content_stack;

  /* borrowed */
  OkpGuide             *guide;
  GSettings            *settings;

  /* owned by the stack */
  OkpGuideView         *guide_view;

  /* owned */
  char                 *page;
};

G_DEFINE_FINAL_TYPE (OkpWindow, okp_window, ADW_TYPE_APPLICATION_WINDOW)

#define PAGE_KEY "okp-page"
#define GROUP_KEY "okp-group"

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

static void
populate_sidebar (OkpWindow *self)
{
  GPtrArray *sections = okp_guide_get_sections (self->guide);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      const OkpGroup *group = okp_guide_lookup_group (self->guide, section->group_id);
      g_autofree char *page = g_strconcat ("section:", section->id, NULL);

      gtk_list_box_append (self->sidebar_list,
                           sidebar_row_new (page, section->title, group ? group->title : NULL));
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

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);

  g_settings_set_string (self->settings, "last-page", page);
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

  /* On a narrow window the content replaces the sidebar. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_box);
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

static gboolean
okp_window_close_request (GtkWindow *window)
{
  OkpWindow *self = OKP_WINDOW (window);
  int width, height;

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

  self->guide = okp_application_get_guide (app);
  self->settings = okp_application_get_settings (app);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->guide_view = OKP_GUIDE_VIEW (okp_guide_view_new (self->guide));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->guide_view), "guide");
  g_signal_connect_object (self->guide_view, "open-external",
                           G_CALLBACK (open_external_cb), self, G_CONNECT_SWAPPED);

  populate_sidebar (self);

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

  g_clear_pointer (&self->page, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, OkpWindow, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
}

static void
okp_window_init (OkpWindow *self)
{
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
