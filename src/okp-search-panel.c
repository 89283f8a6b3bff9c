/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-search-panel"

#include "config.h"

#include "okp-search-panel.h"

#include <glib/gi18n.h>

/*
 * The sidebar's search: a search bar over the sidebar's own content, which
 * the results replace while there is something to search for. Typing
 * anywhere in the panel starts a search (the bar captures the keys), the
 * results follow every keystroke, grouped (guide, checklists, contact)
 * with a heading per group and the matching words in bold.
 *
 * From the keyboard: Down goes from the entry to the results, Up from the
 * first result back to the entry, Enter in the entry opens the first
 * result, Escape clears the search and closes the bar.
 */

#define RESULT_KEY "okp-result"

struct _OkpSearchPanel
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkSearchBar   *search_bar;
  GtkSearchEntry *entry;
  GtkStack       *stack;
  AdwBin         *content_bin;
  GtkLabel       *status_label;
  GtkListBox     *results_list;

  /* owned */
  OkpSearch      *search;
  GPtrArray      *results;   /* (element-type OkpSearchResult) what the list shows */
  char           *query;
};

G_DEFINE_FINAL_TYPE (OkpSearchPanel, okp_search_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTENT,
  PROP_SEARCH_MODE,
  N_PROPS
};

enum {
  RESULT_ACTIVATED,
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
group_title (OkpSearchKind kind)
{
  switch (kind)
    {
    case OKP_SEARCH_KIND_SECTION:
      return _("Guide");
    case OKP_SEARCH_KIND_CHECKLIST:
      return _("Checklists");
    case OKP_SEARCH_KIND_CHANNEL:
      /* Translators: the group of search results that are support channels */
      return C_("search results", "Contact");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Pango markup for @text with the bytes [start, end) in bold: weight, not
 * colour, so the match shows in high contrast and to the colour blind. */
static char *
markup_with_match (const char *text,
                   int         start,
                   int         end)
{
  g_autofree char *before = NULL;
  g_autofree char *match = NULL;
  g_autofree char *after = NULL;

  if (start < 0 || end <= start)
    return g_markup_escape_text (text, -1);

  before = g_markup_escape_text (text, start);
  match = g_markup_escape_text (text + start, end - start);
  after = g_markup_escape_text (text + end, -1);

  return g_strconcat (before, "<b>", match, "</b>", after, NULL);
}

static GtkWidget *
wrapping_label (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);

  return label;
}

/* Shows @result in @row. Rows are made once and then shown other results
 * as the user types: making and destroying every row, with its labels and
 * accessible objects, was most of the cost of a keystroke. */
static void
result_row_set_result (GtkListBoxRow         *row,
                       const OkpSearchResult *result)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *title;
  GtkWidget *snippet;
  g_autofree char *title_markup = markup_with_match (result->title, result->title_start,
                                                     result->title_end);
  g_autofree char *description = NULL;

  if (box == NULL)
    {
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_box_append (GTK_BOX (box), wrapping_label (""));
      gtk_list_box_row_set_child (row, box);
    }

  title = gtk_widget_get_first_child (box);
  snippet = gtk_widget_get_next_sibling (title);
  gtk_label_set_markup (GTK_LABEL (title), title_markup);

  if (result->snippet != NULL)
    {
      g_autofree char *snippet_markup = markup_with_match (result->snippet, result->snippet_start,
                                                           result->snippet_end);

      if (snippet == NULL)
        {
          snippet = wrapping_label ("");
          gtk_widget_add_css_class (snippet, "dim-label");
          gtk_widget_add_css_class (snippet, "caption");
          gtk_box_append (GTK_BOX (box), snippet);
        }
      gtk_label_set_markup (GTK_LABEL (snippet), snippet_markup);

      /* Translators: how a screen reader describes a search result: the
       * group it is in, then the text that matched, e.g. "Checklists: Reset
       * your password" */
      description = g_strdup_printf (_("%s: %s"), group_title (result->kind), result->snippet);
    }
  else
    {
      if (snippet != NULL)
        gtk_box_remove (GTK_BOX (box), snippet);
      description = g_strdup (group_title (result->kind));
    }

  g_object_set_data (G_OBJECT (row), RESULT_KEY, (gpointer)result);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, result->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const OkpSearchResult *result = g_object_get_data (G_OBJECT (row), RESULT_KEY);
  const OkpSearchResult *previous = before ? g_object_get_data (G_OBJECT (before), RESULT_KEY) : NULL;
  GtkWidget *header;

  if (previous != NULL && previous->kind == result->kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (group_title (result->kind));
  gtk_label_set_xalign (GTK_LABEL (header), 0.0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static void
set_status (OkpSearchPanel *self,
            const char     *status)
{
  gtk_label_set_text (self->status_label, status);

#if GTK_CHECK_VERSION (4, 14, 0)
  /* The list changes while the user types: say how many results there
   * are, without moving the focus away from the entry. */
  gtk_accessible_announce (GTK_ACCESSIBLE (self->entry), status,
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}

static void
update_results (OkpSearchPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GPtrArray) previous = NULL;
  GtkListBoxRow *row;
  guint n_results = 0;

  if (g_strcmp0 (text, self->query) == 0 && self->results != NULL)
    return;

  g_free (self->query);
  self->query = g_strdup (text);

  /* The rows point into the results: the previous ones stay until no row
   * shows them any more. */
  previous = g_steal_pointer (&self->results);
  if (text[0] != '\0' && self->search != NULL)
    {
      self->results = okp_search_query (self->search, text);
      n_results = self->results->len;
    }

  /* A row that was selected now shows another result. */
  gtk_list_box_unselect_all (self->results_list);

  for (guint i = 0; i < n_results; i++)
    {
      row = gtk_list_box_get_row_at_index (self->results_list, i);
      if (row != NULL)
        {
          result_row_set_result (row, g_ptr_array_index (self->results, i));
          continue;
        }

      row = GTK_LIST_BOX_ROW (gtk_list_box_row_new ());
      result_row_set_result (row, g_ptr_array_index (self->results, i));
      gtk_list_box_append (self->results_list, GTK_WIDGET (row));
    }

  /* There is a row for each previous result: the ones left over go, from
   * the end, so that no remaining row needs a new header meanwhile. */
  for (guint i = previous != NULL ? previous->len : 0; i > n_results; i--)
    gtk_list_box_remove (self->results_list,
                         GTK_WIDGET (gtk_list_box_get_row_at_index (self->results_list, i - 1)));

  /* The groups may begin at other rows now. */
  gtk_list_box_invalidate_headers (self->results_list);

  if (self->results == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "browse");
      set_status (self, "");
      return;
    }

  if (self->results->len == 0)
    {
      /* Translators: %s is what the user searched for */
      g_autofree char *status = g_strdup_printf (_("No results for “%s”. Try fewer letters or "
                                                   "other words."), text);
      set_status (self, status);
    }
  else
    {
      g_autofree char *status = g_strdup_printf (ngettext ("%u result", "%u results",
                                                           self->results->len),
                                                 self->results->len);
      set_status (self, status);
    }

  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
entry_search_changed_cb (OkpSearchPanel *self)
{
  update_results (self);
}

static void
activate_row (OkpSearchPanel *self,
              GtkListBoxRow  *row)
{
  const OkpSearchResult *result = g_object_get_data (G_OBJECT (row), RESULT_KEY);

  g_signal_emit (self, signals[RESULT_ACTIVATED], 0, result, self->query);
}

static void
row_activated_cb (OkpSearchPanel *self,
                  GtkListBoxRow  *row)
{
  activate_row (self, row);
}

static void
entry_activate_cb (OkpSearchPanel *self)
{
  GtkListBoxRow *first;

  /* The entry may not have searched yet: search-changed waits for a pause
   * in typing, and Enter should not. */
  update_results (self);

  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first != NULL)
    {
      gtk_list_box_select_row (self->results_list, first);
      activate_row (self, first);
    }
}

static gboolean
entry_key_pressed_cb (OkpSearchPanel        *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  update_results (self);
  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first == NULL)
    return GDK_EVENT_PROPAGATE;

  gtk_list_box_select_row (self->results_list, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static gboolean
list_keynav_failed_cb (OkpSearchPanel   *self,
                       GtkDirectionType  direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return TRUE;
}

static gboolean
list_key_pressed_cb (OkpSearchPanel        *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Escape)
    {
      okp_search_panel_stop (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
search_mode_changed_cb (OkpSearchPanel *self)
{
  /* Closing the bar ends the search, whichever way it was closed. */
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
      update_results (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

/**
 * okp_search_panel_start:
 * @text: (nullable): what to search for, or %NULL to keep the current text
 *
 * Opens the search bar with the keyboard focus in it, and searches for
 * @text; without, the text of the last search is selected.
 */
void
okp_search_panel_start (OkpSearchPanel *self,
                        const char     *text)
{
  g_return_if_fail (OKP_IS_SEARCH_PANEL (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));

  if (text != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
      gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
      update_results (self);
    }
  else
    {
      /* A new search replaces the last one as soon as the user types, as
       * in a browser's address bar; arrows keep it for editing. */
      gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
    }
}

/**
 * okp_search_panel_stop:
 *
 * Clears the search and closes the bar; the sidebar's content comes back.
 */
void
okp_search_panel_stop (OkpSearchPanel *self)
{
  g_return_if_fail (OKP_IS_SEARCH_PANEL (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  g_signal_emit (self, signals[STOPPED], 0);
}

gboolean
okp_search_panel_get_search_mode (OkpSearchPanel *self)
{
  g_return_val_if_fail (OKP_IS_SEARCH_PANEL (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
okp_search_panel_set_search_mode (OkpSearchPanel *self,
                                  gboolean        search_mode)
{
  g_return_if_fail (OKP_IS_SEARCH_PANEL (self));

  if (search_mode)
    okp_search_panel_start (self, NULL);
  else if (okp_search_panel_get_search_mode (self))
    okp_search_panel_stop (self);
}

/**
 * okp_search_panel_get_entry_focused:
 *
 * Returns: whether the keyboard focus is in the search entry
 */
gboolean
okp_search_panel_get_entry_focused (OkpSearchPanel *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (OKP_IS_SEARCH_PANEL (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL &&
         (focus == GTK_WIDGET (self->entry) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entry)));
}

const char *
okp_search_panel_get_query (OkpSearchPanel *self)
{
  g_return_val_if_fail (OKP_IS_SEARCH_PANEL (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
okp_search_panel_set_search (OkpSearchPanel *self,
                             OkpSearch      *search)
{
  g_return_if_fail (OKP_IS_SEARCH_PANEL (self));
  g_return_if_fail (OKP_IS_SEARCH (search));

  g_set_object (&self->search, search);
  g_clear_pointer (&self->query, g_free);
  update_results (self);
}

void
okp_search_panel_set_content (OkpSearchPanel *self,
                              GtkWidget      *content)
{
  g_return_if_fail (OKP_IS_SEARCH_PANEL (self));

  adw_bin_set_child (self->content_bin, content);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

GtkWidget *
okp_search_panel_get_content (OkpSearchPanel *self)
{
  g_return_val_if_fail (OKP_IS_SEARCH_PANEL (self), NULL);

  return adw_bin_get_child (self->content_bin);
}

static void
okp_search_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OkpSearchPanel *self = OKP_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      g_value_set_object (value, okp_search_panel_get_content (self));
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, okp_search_panel_get_search_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_search_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OkpSearchPanel *self = OKP_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      okp_search_panel_set_content (self, g_value_get_object (value));
      break;
    case PROP_SEARCH_MODE:
      okp_search_panel_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_search_panel_dispose (GObject *object)
{
  OkpSearchPanel *self = (OkpSearchPanel *)object;
  GtkWidget *child;

  /* The rows point into the results. */
  if (self->results_list != NULL)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
      gtk_list_box_remove (self->results_list, child);
  self->results_list = NULL;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (okp_search_panel_parent_class)->dispose (object);
}

static void
okp_search_panel_finalize (GObject *object)
{
  OkpSearchPanel *self = (OkpSearchPanel *)object;

  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (okp_search_panel_parent_class)->finalize (object);
}

static void
okp_search_panel_class_init (OkpSearchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = okp_search_panel_dispose;
  object_class->finalize = okp_search_panel_finalize;
  object_class->get_property = okp_search_panel_get_property;
  object_class->set_property = okp_search_panel_set_property;

  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkpSearchPanel::result-activated:
   * @result: (type gpointer): the OkpSearchResult chosen, valid during
   *   the emission
   * @query: what was searched for
   */
  signals[RESULT_ACTIVATED] =
    g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  /**
   * OkpSearchPanel::stopped:
   *
   * The user ended the search (Escape): the owner puts the focus back
   * where browsing continues.
   */
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/okp-search-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpSearchPanel, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OkpSearchPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, OkpSearchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, OkpSearchPanel, content_bin);
  gtk_widget_class_bind_template_child (widget_class, OkpSearchPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, OkpSearchPanel, results_list);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, okp_search_panel_stop);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_keynav_failed_cb);
}

static void
okp_search_panel_init (OkpSearchPanel *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));
  /* Typing anywhere in the sidebar searches. */
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->results_list, header_func, NULL, NULL);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (entry_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (list_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->results_list), keys);
}

GtkWidget *
okp_search_panel_new (void)
{
  return g_object_new (OKP_TYPE_SEARCH_PANEL, NULL);
}
