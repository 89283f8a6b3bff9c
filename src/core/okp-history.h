/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "okp-page.h"

G_BEGIN_DECLS

/*
 * The places a window has shown, for Back and Forward, as in a help viewer
 * or a browser: visiting a new place after going back drops the places
 * that were ahead.
 */

#define OKP_TYPE_HISTORY (okp_history_get_type ())

G_DECLARE_FINAL_TYPE (OkpHistory, okp_history, OKP, HISTORY, GObject)

OkpHistory    *okp_history_new            (guint          max_length);
void           okp_history_visit          (OkpHistory    *self,
                                           const OkpPage *place);
const OkpPage *okp_history_get_current    (OkpHistory    *self);
gboolean       okp_history_can_go_back    (OkpHistory    *self);
gboolean       okp_history_can_go_forward (OkpHistory    *self);
const OkpPage *okp_history_go_back        (OkpHistory    *self);
const OkpPage *okp_history_go_forward     (OkpHistory    *self);

G_END_DECLS
