/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-guide.h"

G_BEGIN_DECLS

#define OKP_TYPE_CONTACT_DIALOG (okp_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OkpContactDialog, okp_contact_dialog, OKP, CONTACT_DIALOG, AdwBin)

GtkWidget  *okp_contact_dialog_new         (OkpGuide         *guide,
                                            GSettings        *settings,
                                            const char       *channel_id,
                                            const char       *subject,
                                            const char       *summary);
void        okp_contact_dialog_present     (OkpContactDialog *self,
                                            GtkWidget        *parent);
void        okp_contact_dialog_set_channel (OkpContactDialog *self,
                                            const char       *channel_id);
const char *okp_contact_dialog_get_channel (OkpContactDialog *self);
char       *okp_contact_dialog_dup_summary (OkpContactDialog *self);

GtkWidget  *okp_contact_buttons_new        (OkpGuide         *guide);

G_END_DECLS
