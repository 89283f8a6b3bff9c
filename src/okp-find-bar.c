/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-find-bar"

#include "config.h"

#include "okp-find-bar.h"

#include <glib/gi18n.h>

/*
 * Find in the page shown by a WebKitWebView: a search bar with an entry,
 * Previous and Next, and the number of matches. WebKit highlights every
 * match and scrolls to the current one. Enter and Ctrl+G go to the next
 * match, Shift+Enter and Shift+Ctrl+G to the previous one, Escape closes.
 *
 * When the view loads another page while the bar is open, the search runs
 * again on the new page, so a search result that opens a section and then
 * finds the words in it works however long the page takes to load.
 */

#define FIND_OPTIONS (WEBKIT_FIND_OPTIONS_CASE_INSENSITIVE | WEBKIT_FIND_OPTIONS_WRAP_AROUND)

struct _OkpFindBar
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkSearchBar   *search_bar;
  GtkSearchEntry *entry;
  GtkButton      *previous_button;
  GtkButton      *next_button;
  GtkLabel       *status_label;

  /* owned */
  WebKitWebView  *web_view;

  /* Set while a new search runs: its answer carries the number of
   * matches, while moving to the next or previous match says only "1". */
  gboolean        counting;
};

G_DEFINE_FINAL_TYPE (OkpFindBar, okp_find_bar, ADW_TYPE_BIN)

static WebKitFindController *
get_controller (OkpFindBar *self)
{
  return self->web_view != NULL ? webkit_web_view_get_find_controller (self->web_view) : NULL;
}

static void
set_status (OkpFindBar *self,
            const char *status,
            gboolean    found)
{
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), found);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), found);

  /* Not only red: the label says it too. */
  if (status[0] != '\0' && !found)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");

#if GTK_CHECK_VERSION (4, 14, 0)
  if (status[0] != '\0')
    gtk_accessible_announce (GTK_ACCESSIBLE (self->entry), status,
                             GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}

static void
found_text_cb (OkpFindBar           *self,
               guint                 match_count,
               WebKitFindController *controller)
{
  g_autofree char *status = NULL;

  if (!self->counting)
    return;

  self->counting = FALSE;
  status = g_strdup_printf (ngettext ("%u match", "%u matches", match_count), match_count);
  set_status (self, status, TRUE);
}

static void
failed_to_find_text_cb (OkpFindBar           *self,
                        WebKitFindController *controller)
{
  self->counting = FALSE;
  set_status (self, _("No matches"), FALSE);
}

static void
search (OkpFindBar *self)
{
  WebKitFindController *controller = get_controller (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (controller == NULL)
    return;

  if (text[0] == '\0')
    {
      webkit_find_controller_search_finish (controller);
      set_status (self, "", FALSE);
      return;
    }

  /* A page still loading has nothing to find yet; load_changed_cb runs the
   * search when it is there. */
  if (webkit_web_view_is_loading (self->web_view))
    return;

  /* One search both highlights and counts: counting apart, with
   * webkit_find_controller_count_matches(), races with it. */
  self->counting = TRUE;
  webkit_find_controller_search (controller, text, FIND_OPTIONS, G_MAXUINT);
}

static void
load_changed_cb (OkpFindBar      *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *web_view)
{
  if (event == WEBKIT_LOAD_FINISHED && okp_find_bar_get_open (self))
    search (self);
}

static void
entry_search_changed_cb (OkpFindBar *self)
{
  search (self);
}

static void
entry_activate_cb (OkpFindBar *self)
{
  okp_find_bar_find_next (self);
}

static gboolean
entry_key_pressed_cb (OkpFindBar            *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_MODIFIER_MASK) == GDK_SHIFT_MASK)
    {
      okp_find_bar_find_previous (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
search_mode_changed_cb (OkpFindBar *self)
{
  WebKitFindController *controller = get_controller (self);

  /* Closed by its own close button too: the highlights go with it. */
  if (!gtk_search_bar_get_search_mode (self->search_bar) && controller != NULL)
    {
      webkit_find_controller_search_finish (controller);
      set_status (self, "", FALSE);
    }
}

/**
 * okp_find_bar_open:
 * @text: (nullable): what to find, or %NULL to keep the text the bar has
 *
 * Shows the bar, puts the keyboard focus in it, and finds @text.
 */
void
okp_find_bar_open (OkpFindBar *self,
                   const char *text)
{
  g_return_if_fail (OKP_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);

  if (text != NULL)
    {
      /* Setting the same text again would not search again. */
      if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->entry))) == 0)
        search (self);
      else
        gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
    }
  else
    search (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

/**
 * okp_find_bar_close:
 *
 * Hides the bar and the highlights; the keyboard focus stays where it is.
 */
void
okp_find_bar_close (OkpFindBar *self)
{
  g_return_if_fail (OKP_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Escape or the close button: the user goes back to reading. */
static void
stop_cb (OkpFindBar *self)
{
  okp_find_bar_close (self);
  if (self->web_view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

gboolean
okp_find_bar_get_open (OkpFindBar *self)
{
  g_return_val_if_fail (OKP_IS_FIND_BAR (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

/**
 * okp_find_bar_find_next:
 *
 * Moves to the next match; opens the bar first if it is closed.
 */
void
okp_find_bar_find_next (OkpFindBar *self)
{
  WebKitFindController *controller;

  g_return_if_fail (OKP_IS_FIND_BAR (self));

  controller = get_controller (self);
  if (!okp_find_bar_get_open (self))
    okp_find_bar_open (self, NULL);
  else if (controller != NULL && webkit_find_controller_get_search_text (controller) != NULL)
    webkit_find_controller_search_next (controller);
  else
    search (self);
}

void
okp_find_bar_find_previous (OkpFindBar *self)
{
  WebKitFindController *controller;

  g_return_if_fail (OKP_IS_FIND_BAR (self));

  controller = get_controller (self);
  if (!okp_find_bar_get_open (self))
    okp_find_bar_open (self, NULL);
  else if (controller != NULL && webkit_find_controller_get_search_text (controller) != NULL)
    webkit_find_controller_search_previous (controller);
  else
    search (self);
}

/**
 * okp_find_bar_set_web_view:
 * @web_view: the view to find in
 */
void
okp_find_bar_set_web_view (OkpFindBar    *self,
                           WebKitWebView *web_view)
{
  WebKitFindController *controller;

  g_return_if_fail (OKP_IS_FIND_BAR (self));
  g_return_if_fail (WEBKIT_IS_WEB_VIEW (web_view));
  g_return_if_fail (self->web_view == NULL);

  self->web_view = g_object_ref (web_view);
  g_signal_connect_object (web_view, "load-changed",
                           G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);

  controller = webkit_web_view_get_find_controller (web_view);
  g_signal_connect_object (controller, "found-text",
                           G_CALLBACK (found_text_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "failed-to-find-text",
                           G_CALLBACK (failed_to_find_text_cb), self, G_CONNECT_SWAPPED);
}

static void
okp_find_bar_dispose (GObject *object)
{
  OkpFindBar *self = (OkpFindBar *)object;

  g_clear_object (&self->web_view);

  G_OBJECT_CLASS (okp_find_bar_parent_class)->dispose (object);
}

static void
okp_find_bar_class_init (OkpFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = okp_find_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/okp-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, OkpFindBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OkpFindBar, entry);
  gtk_widget_class_bind_template_child (widget_class, OkpFindBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, OkpFindBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, OkpFindBar, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, okp_find_bar_find_next);
  gtk_widget_class_bind_template_callback (widget_class, okp_find_bar_find_previous);
  gtk_widget_class_bind_template_callback (widget_class, stop_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SEARCH);
}

static void
okp_find_bar_init (OkpFindBar *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));

  /* Before the entry's own handling, which would take Shift+Enter as
   * Enter. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (entry_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

GtkWidget *
okp_find_bar_new (void)
{
  return g_object_new (OKP_TYPE_FIND_BAR, NULL);
}
