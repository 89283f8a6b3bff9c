/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-checklist-page"

#include "config.h"

#include "okp-checklist-page.h"

#include <glib/gi18n.h>

#include "okp-checklist-progress.h"
#include "okp-guide-renderer.h"

/*
 * One checklist: the problem, a progress bar, the steps with a check box
 * each and their detail on demand, the "details for support" the user
 * writes down, and the solved and start-over controls. The page is reused
 * for every checklist. It keeps nothing of its own: every change goes
 * straight to the progress store, and the page redraws itself from the
 * store whenever the store says the checklist changed, so a restore after
 * "Start over" or a change from another window shows up as well.
 */

#define STEP_ID_KEY  "okp-step-id"
#define FIELD_ID_KEY "okp-field-id"
#define MESSAGE_KEY  "okp-note-message"
#define VIEW_KEY     "okp-note-view"
#define STEP_KEY     "okp-step"

struct _OkpChecklistPage
{
  AdwBin                 parent_instance;

  /* template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkScrolledWindow     *scrolled_window;
  GtkLabel              *title_label;
  GtkLabel              *summary_label;
  GtkLinkButton         *guide_button;
  GtkProgressBar        *progress_bar;
  GtkListBox            *steps_list;
  GtkSwitch             *solved_switch;
  GtkBox                *fields_box;
  GtkBox                *footer_box;

  /* borrowed: the definition belongs to the guide */
  const OkpChecklistDef *def;

  /* owned */
  OkpGuide              *guide;
  OkpProgressStore      *store;
  char                  *checklist_id;
  GPtrArray             *step_checks;    /* (element-type GtkCheckButton) (transfer none) */
  GPtrArray             *note_editors;   /* (element-type GtkEditable or GtkTextBuffer) (transfer none) */

  /* Set while the widgets are brought in line with the store, so that
   * doing so is not mistaken for the user changing them. */
  guint                  syncing : 1;
};

G_DEFINE_FINAL_TYPE (OkpChecklistPage, okp_checklist_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_GUIDE,
  PROP_STORE,
  PROP_CHECKLIST_ID,
  N_PROPS
};

enum {
  OPEN_SECTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* From the store to the widgets */

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
sync_note (OkpChecklistPage *self,
           GObject          *editor)
{
  const char *field_id = g_object_get_data (editor, FIELD_ID_KEY);
  const char *note = okp_progress_store_get_note (self->store, self->checklist_id, field_id);

  if (note == NULL)
    note = "";

  /* A text the store refused stays where it was typed, with its message,
   * until the user shortens it. */
  if (gtk_widget_get_visible (g_object_get_data (editor, MESSAGE_KEY)))
    return;

  /* Only a different text is set: setting the same one would move the
   * cursor of someone typing. */
  if (GTK_IS_TEXT_BUFFER (editor))
    {
      g_autofree char *text = dup_buffer_text (GTK_TEXT_BUFFER (editor));

      if (g_strcmp0 (text, note) != 0)
        gtk_text_buffer_set_text (GTK_TEXT_BUFFER (editor), note, -1);
    }
  else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editor)), note) != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (editor), note);
    }
}

static void
sync_progress (OkpChecklistPage *self)
{
  guint done = okp_checklist_progress_count_done (self->store, self->def);
  guint total = self->def->steps->len;
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("%u of %u step done", "%u of %u steps done", total),
                          done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, text);

  /* The bar's value alone is read as a percentage; the sentence says
   * what it counts, and changes with every tick so that it is announced. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
sync_from_store (OkpChecklistPage *self)
{
  if (self->def == NULL)
    return;

  self->syncing = TRUE;

  for (guint i = 0; i < self->step_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->step_checks, i);
      const char *step_id = g_object_get_data (G_OBJECT (check), STEP_ID_KEY);

      gtk_check_button_set_active (check,
                                   okp_progress_store_get_step_done (self->store,
                                                                     self->checklist_id,
                                                                     step_id));
    }

  for (guint i = 0; i < self->note_editors->len; i++)
    sync_note (self, g_ptr_array_index (self->note_editors, i));

  gtk_switch_set_active (self->solved_switch,
                         okp_progress_store_get_solved (self->store, self->checklist_id));

  sync_progress (self);

  self->syncing = FALSE;
}

static void
store_changed_cb (OkpChecklistPage *self,
                  const char       *checklist_id)
{
  if (g_strcmp0 (checklist_id, self->checklist_id) == 0)
    sync_from_store (self);
}

/* From the widgets to the store */

static void
step_toggled_cb (OkpChecklistPage *self,
                 GtkCheckButton   *check)
{
  if (self->syncing)
    return;

  okp_progress_store_set_step_done (self->store, self->checklist_id,
                                    g_object_get_data (G_OBJECT (check), STEP_ID_KEY),
                                    gtk_check_button_get_active (check));
}

/* Notes are saved as they are typed; the store coalesces the writes. A
 * text beyond the limits of the progress file is not saved: the field
 * keeps it and says why, and the last text that fitted stays saved. */
static void
store_note (OkpChecklistPage *self,
            GObject          *editor,
            GtkWidget        *control,
            const char       *text)
{
  g_autoptr(GError) error = NULL;
  GtkLabel *message = g_object_get_data (editor, MESSAGE_KEY);
  const char *field_id = g_object_get_data (editor, FIELD_ID_KEY);

  if (okp_progress_store_check_note (self->store, self->checklist_id, field_id, text, &error))
    {
      okp_progress_store_set_note (self->store, self->checklist_id, field_id, text);
      gtk_widget_set_visible (GTK_WIDGET (message), FALSE);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_STATE_INVALID);
      return;
    }

  gtk_label_set_text (message, error->message);
  gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (control),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

static void
entry_changed_cb (OkpChecklistPage *self,
                  GtkEditable      *editable)
{
  if (self->syncing)
    return;

  store_note (self, G_OBJECT (editable), GTK_WIDGET (editable), gtk_editable_get_text (editable));
}

static void
buffer_changed_cb (OkpChecklistPage *self,
                   GtkTextBuffer    *buffer)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  text = dup_buffer_text (buffer);
  store_note (self, G_OBJECT (buffer), g_object_get_data (G_OBJECT (buffer), VIEW_KEY),
              text);
}

static void
solved_switch_active_cb (OkpChecklistPage *self)
{
  if (self->syncing || self->def == NULL)
    return;

  okp_progress_store_set_solved (self->store, self->checklist_id,
                                 gtk_switch_get_active (self->solved_switch));
}

static void
undo_clicked_cb (AdwToast         *toast,
                 OkpChecklistPage *self)
{
  OkpProgressSnapshot *snapshot = g_object_get_data (G_OBJECT (toast), "okp-snapshot");

  okp_progress_store_restore_checklist (self->store, snapshot);
}

/* Starting over asks nothing: it is undone as easily, from the toast,
 * and the undo gives back exactly what was there. */
static void
start_over_clicked_cb (OkpChecklistPage *self)
{
  OkpProgressSnapshot *snapshot;
  AdwToast *toast;

  if (self->def == NULL)
    return;

  snapshot = okp_progress_store_reset_checklist (self->store, self->checklist_id);

  toast = adw_toast_new (_("Checklist started over"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Longer than the default five seconds: what Undo saves is the user's
   * work, and it takes a moment to notice it is gone. */
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "okp-snapshot", snapshot,
                          (GDestroyNotify) okp_progress_snapshot_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
guide_button_activate_link_cb (OkpChecklistPage *self)
{
  if (self->def != NULL)
    g_signal_emit (self, signals[OPEN_SECTION], 0, self->def->section_id);

  /* Handled here: the address is the guide's own, not for a browser. */
  return TRUE;
}

/* Building the page for one checklist */

static GtkWidget *
wrapped_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);

  return label;
}

/* An expander row is a list with a header row inside; libadwaita 1.2
 * names neither for screen readers, so Tab onto a step's header would be
 * announced as nothing. They are named after the step, all but @skip (the
 * detail, which names itself by its text). */
static void
name_expander_parts (GtkWidget  *widget,
                     const char *title,
                     GtkWidget  *skip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == skip)
        continue;
      if (GTK_IS_LIST_BOX (child) || GTK_IS_LIST_BOX_ROW (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
      name_expander_parts (child, title, skip);
    }
}

static void
fill_detail (GtkBox        *box,
             const OkpStep *step)
{
  gtk_box_append (box, wrapped_label_new (step->detail));

  if (step->fallback != NULL)
    {
      GtkWidget *heading = wrapped_label_new (_("If this does not help"));

      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, 6);
      gtk_box_append (box, heading);
      gtk_box_append (box, wrapped_label_new (step->fallback));
    }
}

/* A step's detail is made the first time its row is expanded. Made at
 * once, it would cost as much collapsed as shown, since a revealer
 * measures what it hides on every layout, and the details are most of a
 * checklist's text: opening a checklist took 68 ms with them, 46 ms
 * without (docs/benchmarks.md). */
static void
step_expanded_cb (AdwExpanderRow *row,
                  GParamSpec     *pspec,
                  GtkBox         *box)
{
  if (!adw_expander_row_get_expanded (row) || gtk_widget_get_first_child (GTK_WIDGET (box)) != NULL)
    return;

  fill_detail (box, g_object_get_data (G_OBJECT (box), STEP_KEY));
}

static GtkWidget *
step_row_new (OkpChecklistPage *self,
              const OkpStep    *step)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *detail_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), step->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, step->title,
                                  -1);
  g_object_set_data_full (G_OBJECT (check), STEP_ID_KEY, g_strdup (step->id), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (step_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);
  g_ptr_array_add (self->step_checks, check);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  g_object_set_data (G_OBJECT (box), STEP_KEY, (gpointer) step);  /* the guide's, like self->def */
  g_signal_connect (row, "notify::expanded", G_CALLBACK (step_expanded_cb), box);

  /* The detail is text to read, not something to activate. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (detail_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (detail_row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, step->title,
                                  -1);
  name_expander_parts (row, step->title, detail_row);

  return row;
}

static GtkWidget *
field_new (OkpChecklistPage *self,
           const OkpField   *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = wrapped_label_new (field->label);
  GtkWidget *control;
  GtkWidget *message;
  GObject *editor;

  gtk_box_append (GTK_BOX (box), label);

  if (field->multiline)
    {
      GtkWidget *text_view = gtk_text_view_new ();
      GtkWidget *frame = gtk_frame_new (NULL);

      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (text_view), FALSE);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 8);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 8);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 8);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 8);
      gtk_widget_set_size_request (text_view, -1, 96);

      control = text_view;
      editor = G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)));
      g_object_set_data_full (editor, FIELD_ID_KEY, g_strdup (field->id), g_free);
      g_signal_connect_object (editor, "changed", G_CALLBACK (buffer_changed_cb),
                               self, G_CONNECT_SWAPPED);

      gtk_frame_set_child (GTK_FRAME (frame), text_view);
      gtk_box_append (GTK_BOX (box), frame);
    }
  else
    {
      control = gtk_entry_new ();
      editor = G_OBJECT (control);
      g_object_set_data_full (editor, FIELD_ID_KEY, g_strdup (field->id), g_free);
      g_signal_connect_object (editor, "changed", G_CALLBACK (entry_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), control);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, field->label,
                                  -1);

  /* Says why a text is not saved; shown only then. */
  message = wrapped_label_new (NULL);
  gtk_widget_add_css_class (message, "caption");
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);
  gtk_box_append (GTK_BOX (box), message);
  g_object_set_data (editor, MESSAGE_KEY, message);
  g_object_set_data (editor, VIEW_KEY, control);

  if (field->hint != NULL)
    {
      GtkWidget *hint = wrapped_label_new (field->hint);

      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
      gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, field->hint,
                                      -1);
    }

  g_ptr_array_add (self->note_editors, editor);

  return box;
}

static void
clear_checklist (OkpChecklistPage *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->step_checks, 0);
  g_ptr_array_set_size (self->note_editors, 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);

  self->def = NULL;
}

static void
build_checklist (OkpChecklistPage *self)
{
  const OkpSection *section = okp_guide_lookup_section (self->guide, self->def->section_id);
  g_autofree char *uri = okp_guide_section_uri (self->def->section_id);

  gtk_label_set_text (self->title_label, self->def->title);
  gtk_label_set_text (self->summary_label, self->def->summary);

  gtk_link_button_set_uri (self->guide_button, uri);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_button), section != NULL);
  if (section != NULL)
    {
      /* Translators: a link from a checklist to its guide section; %s is the section title */
      g_autofree char *label = g_strdup_printf (_("Read the guide: %s"), section->title);

      gtk_button_set_label (GTK_BUTTON (self->guide_button), label);
      /* A long title is wrapped rather than widening the page. */
      gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->guide_button))), TRUE);
    }

  for (guint i = 0; i < self->def->steps->len; i++)
    gtk_list_box_append (self->steps_list,
                         step_row_new (self, g_ptr_array_index (self->def->steps, i)));

  for (guint i = 0; i < self->def->fields->len; i++)
    gtk_box_append (self->fields_box,
                    field_new (self, g_ptr_array_index (self->def->fields, i)));
}

/**
 * okp_checklist_page_set_checklist_id:
 * @checklist_id: a checklist of the page's guide
 *
 * Shows the checklist @checklist_id, from its top.
 */
void
okp_checklist_page_set_checklist_id (OkpChecklistPage *self,
                                     const char       *checklist_id)
{
  const OkpChecklistDef *def;
  GtkAdjustment *adjustment;

  g_return_if_fail (OKP_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (checklist_id != NULL);

  if (g_strcmp0 (self->checklist_id, checklist_id) == 0)
    return;

  def = okp_guide_lookup_checklist (self->guide, checklist_id);
  g_return_if_fail (def != NULL);

  clear_checklist (self);
  g_free (self->checklist_id);
  self->checklist_id = g_strdup (checklist_id);
  self->def = def;

  build_checklist (self);
  sync_from_store (self);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKLIST_ID]);
}

/**
 * okp_checklist_page_get_checklist_id:
 *
 * Returns: (nullable): the checklist shown, or %NULL before one is set
 */
const char *
okp_checklist_page_get_checklist_id (OkpChecklistPage *self)
{
  g_return_val_if_fail (OKP_IS_CHECKLIST_PAGE (self), NULL);

  return self->checklist_id;
}

/* Scrolls a step into view once it has its place on screen: a checklist
 * just built is not laid out yet, so this waits a few frames for it. */
static gboolean
reveal_tick_cb (GtkWidget     *row,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  OkpChecklistPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  guint tries = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "okp-reveal-tries"));
  graphene_rect_t bounds;
  double visible = gtk_adjustment_get_page_size (adjustment);

  g_object_set_data (G_OBJECT (row), "okp-reveal-tries", GUINT_TO_POINTER (tries + 1));

  if (gtk_widget_get_height (row) == 0 || visible <= 0 ||
      !gtk_widget_compute_bounds (row, GTK_WIDGET (self->scrolled_window), &bounds))
    return tries < 30 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;

  /* Only when it is not already in view, and then to near the top, so
   * the step's detail shows below it. */
  if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > visible)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_value (adjustment) + bounds.origin.y - 12);

  return G_SOURCE_REMOVE;
}

/**
 * okp_checklist_page_reveal_step:
 * @step_id: a step of the checklist shown
 *
 * Shows the step: opens its detail, scrolls it into view and puts the
 * keyboard focus on its check box, where a search result led the user.
 */
void
okp_checklist_page_reveal_step (OkpChecklistPage *self,
                                const char       *step_id)
{
  g_return_if_fail (OKP_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (step_id != NULL);

  for (guint i = 0; i < self->step_checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->step_checks, i);
      GtkWidget *row;

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), STEP_ID_KEY), step_id) != 0)
        continue;

      row = gtk_widget_get_ancestor (check, ADW_TYPE_EXPANDER_ROW);
      if (row != NULL)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          g_object_set_data (G_OBJECT (row), "okp-reveal-tries", NULL);
          gtk_widget_add_tick_callback (row, reveal_tick_cb, self, NULL);
        }
      gtk_widget_grab_focus (check);
      return;
    }

  g_warning ("Checklist “%s” has no step “%s”", self->checklist_id, step_id);
}

/**
 * okp_checklist_page_get_footer:
 *
 * The empty box at the bottom of the page, after the details for support,
 * for what comes when the steps did not help (contacting support). It
 * stays when the page changes checklist; watch #OkpChecklistPage:checklist-id.
 *
 * Returns: (transfer none): the footer box
 */
GtkBox *
okp_checklist_page_get_footer (OkpChecklistPage *self)
{
  g_return_val_if_fail (OKP_IS_CHECKLIST_PAGE (self), NULL);

  return self->footer_box;
}

/* GObject */

static void
okp_checklist_page_constructed (GObject *object)
{
  OkpChecklistPage *self = (OkpChecklistPage *)object;

  G_OBJECT_CLASS (okp_checklist_page_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
okp_checklist_page_dispose (GObject *object)
{
  OkpChecklistPage *self = (OkpChecklistPage *)object;

  if (self->step_checks != NULL)
    g_ptr_array_set_size (self->step_checks, 0);
  if (self->note_editors != NULL)
    g_ptr_array_set_size (self->note_editors, 0);
  self->def = NULL;

  /* AdwBin unparents its child, the template's toast overlay, itself. */
  G_OBJECT_CLASS (okp_checklist_page_parent_class)->dispose (object);
}

static void
okp_checklist_page_finalize (GObject *object)
{
  OkpChecklistPage *self = (OkpChecklistPage *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->guide);
  g_clear_pointer (&self->checklist_id, g_free);
  g_clear_pointer (&self->step_checks, g_ptr_array_unref);
  g_clear_pointer (&self->note_editors, g_ptr_array_unref);

  G_OBJECT_CLASS (okp_checklist_page_parent_class)->finalize (object);
}

static void
okp_checklist_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OkpChecklistPage *self = OKP_CHECKLIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      g_value_set_object (value, self->guide);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CHECKLIST_ID:
      g_value_set_string (value, self->checklist_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_checklist_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OkpChecklistPage *self = OKP_CHECKLIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      self->guide = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CHECKLIST_ID:
      okp_checklist_page_set_checklist_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_checklist_page_class_init (OkpChecklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = okp_checklist_page_constructed;
  object_class->dispose = okp_checklist_page_dispose;
  object_class->finalize = okp_checklist_page_finalize;
  object_class->get_property = okp_checklist_page_get_property;
  object_class->set_property = okp_checklist_page_set_property;

  properties[PROP_GUIDE] =
    g_param_spec_object ("guide", NULL, NULL, OKP_TYPE_GUIDE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OKP_TYPE_PROGRESS_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKLIST_ID] =
    g_param_spec_string ("checklist-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkpChecklistPage::open-section:
   * @section_id: the guide section about the checklist's problem
   *
   * The user followed the link to the guide.
   */
  signals[OPEN_SECTION] =
    g_signal_new ("open-section", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/okp-checklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, guide_button);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, solved_switch);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, OkpChecklistPage, footer_box);
  gtk_widget_class_bind_template_callback (widget_class, solved_switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_over_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, guide_button_activate_link_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
okp_checklist_page_init (OkpChecklistPage *self)
{
  self->step_checks = g_ptr_array_new ();
  self->note_editors = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * okp_checklist_page_new:
 * @guide: the guide the checklists come from
 * @store: the progress shown and changed
 */
GtkWidget *
okp_checklist_page_new (OkpGuide         *guide,
                        OkpProgressStore *store)
{
  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (store), NULL);

  return g_object_new (OKP_TYPE_CHECKLIST_PAGE, "guide", guide, "store", store, NULL);
}
