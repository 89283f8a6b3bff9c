/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "okp-window.h"

#include "okp-checklist-page.h"
#include "okp-find-bar.h"
#include "okp-guide-view.h"
#include "okp-history.h"
#include "okp-sidebar.h"

G_BEGIN_DECLS

/* Between the window (okp-window.c: its layout and the page it shows) and
 * its actions (okp-window-actions.c). */

struct _OkpWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *parts;
  GtkWidget            *sidebar_header;
  GtkToggleButton      *search_button;
  GtkWidget            *content_header;
  AdwWindowTitle       *content_title;
  GtkWidget            *content_box;
  AdwBin               *notice_bin;
  GtkStack             *content_stack;
  OkpFindBar           *find_bar;

  /* made at construction, owned by their parents */
  GtkWidget            *split_view;
  OkpSidebar           *sidebar;
  OkpGuideView         *guide_view;
  OkpChecklistPage     *checklist_page;
  GtkWidget            *start_page;
  GtkWidget            *notice;

  /* owned */
  OkpGuide             *guide;
  OkpProgressStore     *store;
  OkpSearch            *search;
  GSettings            *settings;
  OkpHistory           *history;
  OkpPage              *page;
  char                 *progress_message;  /* what loading the progress found */
  char                 *save_error;        /* why saving fails, while it does */
};

void     okp_window_class_add_actions (GtkWidgetClass *widget_class);
void     okp_window_actions_setup     (OkpWindow      *self);
void     okp_window_set_accels        (GtkApplication *application);
void     okp_window_show_content      (OkpWindow      *self);
gboolean okp_window_showing_guide     (OkpWindow      *self);
void     okp_window_open_result       (OkpWindow             *self,
                                       const OkpSearchResult *result);

G_END_DECLS
