/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-start-page"

#include "config.h"

#include "okp-start-page.h"

#include <glib/gi18n.h>

#include "okp-start.h"

/*
 * "What's wrong?": the first page on a first start, and one action away
 * after that. A stuck user picks their problem in their own words and lands
 * on its checklist; the checklist under way is offered first; the way to
 * safety and to support are one click each. Native widgets, so the keyboard
 * and screen readers work as everywhere else. The page only reports what
 * was chosen; the window decides what to show.
 */

struct _OkpStartPage
{
  AdwBin             parent_instance;

  OkpGuide          *guide;
  OkpProgressStore  *store;

  GtkButton         *continue_button;
  GtkListBox        *problems;
  GPtrArray         *rows;         /* (element-type AdwActionRow) in the guide's order */
  char              *current_id;   /* the checklist the continue button opens */
};

G_DEFINE_FINAL_TYPE (OkpStartPage, okp_start_page, ADW_TYPE_BIN)

enum {
  CHECKLIST_CHOSEN,
  SAFETY_CHOSEN,
  CONTACT_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define CHECKLIST_KEY "okp-checklist-id"

static char *
describe_progress (const OkpProblem *problem)
{
  if (problem->solved)
    /* Translators: the state of a problem on the start page; %s is a checklist title */
    return g_strdup_printf (_("%s · solved"), problem->def->title);
  if (okp_problem_is_started (problem))
    /* Translators: the state of a problem on the start page: a checklist title, then
     * how many of its steps are done */
    return g_strdup_printf (_("%s · %u / %u"), problem->def->title, problem->done, problem->total);
  return g_strdup (problem->def->title);
}

static void
update (OkpStartPage *self)
{
  g_autoptr(GArray) problems = okp_start_list_problems (self->guide, self->store);
  const OkpProblem *current = okp_start_find_current (problems);

  for (guint i = 0; i < problems->len && i < self->rows->len; i++)
    {
      const OkpProblem *problem = &g_array_index (problems, OkpProblem, i);
      AdwActionRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *progress = describe_progress (problem);
      const char *symptom = problem->def->symptom ? problem->def->symptom : problem->def->title;
      g_autofree char *label = g_strdup_printf ("%s, %s", symptom, progress);

      adw_action_row_set_subtitle (row, progress);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  g_clear_pointer (&self->current_id, g_free);
  if (current != NULL)
    {
      /* Translators: the start page's button for the checklist under way: its title, then
       * how many of its steps are done, e.g. "Continue: Login problems, 2 / 6" */
      g_autofree char *text = g_strdup_printf (_("Continue: %s, %u / %u"), current->def->title,
                                               current->done, current->total);

      self->current_id = g_strdup (current->def->id);
      gtk_button_set_label (self->continue_button, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), current != NULL);
}

static void
continue_clicked_cb (OkpStartPage *self)
{
  if (self->current_id != NULL)
    g_signal_emit (self, signals[CHECKLIST_CHOSEN], 0, self->current_id);
}

static void
problem_activated_cb (OkpStartPage  *self,
                      GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), CHECKLIST_KEY);

  if (id != NULL)
    g_signal_emit (self, signals[CHECKLIST_CHOSEN], 0, id);
}

static void
more_activated_cb (OkpStartPage  *self,
                   GtkListBoxRow *row)
{
  if (gtk_list_box_row_get_index (row) == 0)
    g_signal_emit (self, signals[SAFETY_CHOSEN], 0);
  else
    g_signal_emit (self, signals[CONTACT_CHOSEN], 0);
}

static GtkWidget *
make_row (const char *title,
          const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static GtkWidget *
make_heading (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build (OkpStartPage *self)
{
  GPtrArray *checklists = okp_guide_get_checklists (self->guide);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = make_heading (_("What’s wrong?"), "title-1");
  GtkWidget *more;
  GtkWidget *note;

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box),
                  make_heading (_("Choose your problem for a checklist that takes you through it, "
                                  "step by step."), "dim-label"));

  self->continue_button = GTK_BUTTON (gtk_button_new_with_label (""));
  gtk_widget_add_css_class (GTK_WIDGET (self->continue_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->continue_button), "pill");
  gtk_widget_set_halign (GTK_WIDGET (self->continue_button), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->continue_button), 6);
  g_signal_connect_object (self->continue_button, "clicked",
                           G_CALLBACK (continue_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->continue_button));

  self->problems = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->problems, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->problems), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->problems), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->problems),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems"), -1);
  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      GtkWidget *row = make_row (def->symptom != NULL ? def->symptom : def->title, NULL);

      g_object_set_data_full (G_OBJECT (row), CHECKLIST_KEY, g_strdup (def->id), g_free);
      gtk_list_box_append (self->problems, row);
      g_ptr_array_add (self->rows, row);
    }
  g_signal_connect_object (self->problems, "row-activated",
                           G_CALLBACK (problem_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problems));

  gtk_box_append (GTK_BOX (box), make_heading (_("Something else"), "heading"));
  more = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (more), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (more, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (more),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Something else"), -1);
  gtk_list_box_append (GTK_LIST_BOX (more),
                       make_row (_("I think I’ve been scammed, or I shared a code"),
                                 "dialog-warning-symbolic"));
  gtk_list_box_append (GTK_LIST_BOX (more), make_row (_("Contact support"), "mail-send-symbolic"));
  g_signal_connect_object (more, "row-activated",
                           G_CALLBACK (more_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), more);

  note = make_heading (_("OKPay Help is an independent guide: it is not made by OKPay and never "
                         "connects to your account."), "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_set_margin_top (note, 12);
  gtk_box_append (GTK_BOX (box), note);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

/* Focus goes where Enter helps most: the checklist under way, or else the
 * first problem. */
static gboolean
okp_start_page_grab_focus (GtkWidget *widget)
{
  OkpStartPage *self = OKP_START_PAGE (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->continue_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
  if (self->rows->len > 0)
    return gtk_widget_grab_focus (g_ptr_array_index (self->rows, 0));
  return GTK_WIDGET_CLASS (okp_start_page_parent_class)->grab_focus (widget);
}

static void
okp_start_page_dispose (GObject *object)
{
  OkpStartPage *self = OKP_START_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->guide);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->current_id, g_free);

  G_OBJECT_CLASS (okp_start_page_parent_class)->dispose (object);
}

static void
okp_start_page_class_init (OkpStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = okp_start_page_dispose;
  widget_class->grab_focus = okp_start_page_grab_focus;

  /**
   * OkpStartPage::checklist-chosen:
   * @id: the checklist's id
   *
   * The user chose a problem, or to continue the checklist under way.
   */
  signals[CHECKLIST_CHOSEN] = g_signal_new ("checklist-chosen", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OkpStartPage::safety-chosen:
   *
   * The user thinks they were scammed or shared a code.
   */
  signals[SAFETY_CHOSEN] = g_signal_new ("safety-chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * OkpStartPage::contact-chosen:
   *
   * The user wants to contact support.
   */
  signals[CONTACT_CHOSEN] = g_signal_new ("contact-chosen", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "okp-start-page");
}

static void
okp_start_page_init (OkpStartPage *self)
{
  self->rows = g_ptr_array_new ();
}

/**
 * okp_start_page_new:
 * @guide: the guide, for the problems
 * @store: the progress, for how far each problem got
 *
 * Returns: (transfer floating): the start page
 */
GtkWidget *
okp_start_page_new (OkpGuide         *guide,
                    OkpProgressStore *store)
{
  OkpStartPage *self;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (store), NULL);

  self = g_object_new (OKP_TYPE_START_PAGE, NULL);
  self->guide = g_object_ref (guide);
  self->store = g_object_ref (store);
  build (self);
  update (self);

  /* Also emitted for what another instance wrote and was merged in. */
  g_signal_connect_object (store, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
