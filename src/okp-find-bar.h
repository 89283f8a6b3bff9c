/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

#define OKP_TYPE_FIND_BAR (okp_find_bar_get_type ())

G_DECLARE_FINAL_TYPE (OkpFindBar, okp_find_bar, OKP, FIND_BAR, AdwBin)

GtkWidget *okp_find_bar_new            (void);
void       okp_find_bar_set_web_view   (OkpFindBar    *self,
                                        WebKitWebView *web_view);
void       okp_find_bar_open           (OkpFindBar    *self,
                                        const char    *text);
void       okp_find_bar_close          (OkpFindBar    *self);
gboolean   okp_find_bar_get_open       (OkpFindBar    *self);
void       okp_find_bar_find_next      (OkpFindBar    *self);
void       okp_find_bar_find_previous  (OkpFindBar    *self);

G_END_DECLS
