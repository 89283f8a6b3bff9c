/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "okp-search.h"

G_BEGIN_DECLS

#define OKP_TYPE_SEARCH_PROVIDER (okp_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (OkpSearchProvider, okp_search_provider, OKP, SEARCH_PROVIDER, GObject)

typedef OkpSearch *(*OkpSearchGetFunc) (gpointer user_data);

OkpSearchProvider *okp_search_provider_new        (GApplication       *application,
                                                   OkpSearchGetFunc    get_search,
                                                   gpointer            user_data);
gboolean           okp_search_provider_register   (OkpSearchProvider  *self,
                                                   GDBusConnection    *connection,
                                                   const char         *object_path,
                                                   GError            **error);
void               okp_search_provider_unregister (OkpSearchProvider  *self);

G_END_DECLS
