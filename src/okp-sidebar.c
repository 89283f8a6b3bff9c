/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-sidebar"

#include "config.h"

#include "okp-sidebar.h"

#include <glib/gi18n.h>

#include "okp-checklist-progress.h"

/*
 * The sidebar: the guide's sections under their group headings, then the
 * checklists with their progress, and the search over all of them. Each
 * row holds the page it opens; choosing one emits OkpSidebar::page-activated
 * and the window shows the page.
 */

struct _OkpSidebar
{
  AdwBin            parent_instance;

  /* template widgets */
  OkpSearchPanel   *search_panel;
  GtkListBox       *list;

  /* owned */
  OkpGuide         *guide;
  OkpProgressStore *store;
  OkpSearch        *search;
};

G_DEFINE_FINAL_TYPE (OkpSidebar, okp_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_GUIDE,
  PROP_STORE,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define PAGE_KEY "okp-page"
#define GROUP_KEY "okp-group"
#define PROGRESS_LABEL_KEY "okp-progress-label"
#define SOLVED_ICON_KEY "okp-solved-icon"

static GtkListBoxRow *
find_row (OkpSidebar    *self,
          const OkpPage *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (okp_page_equal (g_object_get_data (G_OBJECT (child), PAGE_KEY), page))
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static GtkWidget *
row_new (OkpPageKind  kind,
         const char  *id,
         const char  *title,
         const char  *group_title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);

  g_object_set_data_full (G_OBJECT (row), PAGE_KEY, okp_page_new (kind, id),
                          (GDestroyNotify)okp_page_free);
  g_object_set_data_full (G_OBJECT (row), GROUP_KEY, g_strdup (group_title), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  return row;
}

static void
header_func (GtkListBoxRow *row,
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
  GtkWidget *row = row_new (OKP_PAGE_CHECKLIST, def->id, def->title, _("Checklists"));
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
update_checklist_row (OkpSidebar            *self,
                      const OkpChecklistDef *def)
{
  g_autoptr(OkpPage) page = okp_page_new (OKP_PAGE_CHECKLIST, def->id);
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
store_changed_cb (OkpSidebar *self,
                  const char *checklist_id)
{
  const OkpChecklistDef *def = okp_guide_lookup_checklist (self->guide, checklist_id);

  /* The file may hold checklists the guide no longer has. */
  if (def != NULL)
    update_checklist_row (self, def);
}

static void
populate (OkpSidebar *self)
{
  GPtrArray *sections = okp_guide_get_sections (self->guide);
  GPtrArray *checklists = okp_guide_get_checklists (self->guide);

  for (guint i = 0; i < sections->len; i++)
    {
      const OkpSection *section = g_ptr_array_index (sections, i);
      const OkpGroup *group = okp_guide_lookup_group (self->guide, section->group_id);

      gtk_list_box_append (self->list, row_new (OKP_PAGE_SECTION, section->id, section->title,
                                                group ? group->title : NULL));
    }

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);

      gtk_list_box_append (self->list, checklist_row_new (def));
      update_checklist_row (self, def);
    }

  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
}

static void
row_activated_cb (OkpSidebar    *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[PAGE_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), PAGE_KEY));
}

static void
search_stopped_cb (OkpSidebar *self)
{
  okp_sidebar_focus (self);
}

/**
 * okp_sidebar_select_page:
 *
 * Marks the row of @page as the one shown, if the sidebar has one.
 */
void
okp_sidebar_select_page (OkpSidebar    *self,
                         const OkpPage *page)
{
  GtkListBoxRow *row;

  g_return_if_fail (OKP_IS_SIDEBAR (self));
  g_return_if_fail (page != NULL);

  row = find_row (self, page);
  if (row != NULL && gtk_list_box_get_selected_row (self->list) != row)
    gtk_list_box_select_row (self->list, row);
}

/**
 * okp_sidebar_set_collapsed:
 * @collapsed: whether the sidebar is shown alone, in place of the content
 */
void
okp_sidebar_set_collapsed (OkpSidebar *self,
                           gboolean    collapsed)
{
  g_return_if_fail (OKP_IS_SIDEBAR (self));

  /* A browse-mode list always shows a selection, which reads as "you are
   * here" beside the content; alone there is nothing beside it. */
  gtk_list_box_set_selection_mode (self->list,
                                   collapsed ? GTK_SELECTION_SINGLE : GTK_SELECTION_BROWSE);
}

/**
 * okp_sidebar_focus:
 *
 * Gives the keyboard focus to the row shown, else to the list.
 */
void
okp_sidebar_focus (OkpSidebar *self)
{
  GtkListBoxRow *row;

  g_return_if_fail (OKP_IS_SIDEBAR (self));

  row = gtk_list_box_get_selected_row (self->list);
  gtk_widget_grab_focus (row != NULL ? GTK_WIDGET (row) : GTK_WIDGET (self->list));
}

OkpSearchPanel *
okp_sidebar_get_search_panel (OkpSidebar *self)
{
  g_return_val_if_fail (OKP_IS_SIDEBAR (self), NULL);

  return self->search_panel;
}

static void
okp_sidebar_constructed (GObject *object)
{
  OkpSidebar *self = OKP_SIDEBAR (object);

  G_OBJECT_CLASS (okp_sidebar_parent_class)->constructed (object);

  okp_search_panel_set_search (self->search_panel, self->search);
  populate (self);
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
okp_sidebar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OkpSidebar *self = OKP_SIDEBAR (object);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_sidebar_dispose (GObject *object)
{
  OkpSidebar *self = OKP_SIDEBAR (object);

  g_clear_object (&self->search);
  g_clear_object (&self->store);
  g_clear_object (&self->guide);

  G_OBJECT_CLASS (okp_sidebar_parent_class)->dispose (object);
}

static void
okp_sidebar_class_init (OkpSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = okp_sidebar_constructed;
  object_class->set_property = okp_sidebar_set_property;
  object_class->dispose = okp_sidebar_dispose;

  properties[PROP_GUIDE] =
    g_param_spec_object ("guide", NULL, NULL, OKP_TYPE_GUIDE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OKP_TYPE_PROGRESS_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_object ("search", NULL, NULL, OKP_TYPE_SEARCH,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkpSidebar::page-activated:
   * @page: (type OkpPage): the page the user chose
   */
  signals[PAGE_ACTIVATED] =
    g_signal_new ("page-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OKP_TYPE_PAGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/okp-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpSidebar, search_panel);
  gtk_widget_class_bind_template_child (widget_class, OkpSidebar, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);

  g_type_ensure (OKP_TYPE_SEARCH_PANEL);
}

static void
okp_sidebar_init (OkpSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
okp_sidebar_new (OkpGuide         *guide,
                 OkpProgressStore *store,
                 OkpSearch        *search)
{
  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (store), NULL);
  g_return_val_if_fail (OKP_IS_SEARCH (search), NULL);

  return g_object_new (OKP_TYPE_SIDEBAR,
                       "guide", guide,
                       "store", store,
                       "search", search,
                       NULL);
}
