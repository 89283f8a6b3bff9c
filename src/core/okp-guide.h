/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The guide's content model. Everything here is loaded from the structured
 * content file in the GResource (resources/guide/guide.xml) and translated
 * with g_dgettext() at load time, so every string is already in the
 * interface language. The structs are plain, read-only data owned by the
 * OkpGuide that loaded them.
 */

typedef enum {
  OKP_BLOCK_PARAGRAPH,
  OKP_BLOCK_HEADING,
  OKP_BLOCK_LIST,
  OKP_BLOCK_ORDERED_LIST,
} OkpBlockKind;

typedef struct {
  OkpBlockKind  kind;
  char         *text;        /* paragraph or heading text; NULL for lists */
  GPtrArray    *items;       /* (element-type utf8) list items; NULL otherwise */
  GPtrArray    *item_checklists; /* lists only: (element-type utf8) (nullable) for each item,
                                  * the id of the checklist about it, or NULL */
  char         *channel_id;  /* heading only: the support channel it introduces, or NULL */
} OkpBlock;

typedef struct {
  char      *id;
  char      *title;
  char      *group_id;       /* NULL, or the id of the OkpGroup it is listed under */
  char      *checklist_id;   /* NULL, or the checklist about this section's problem */
  GPtrArray *blocks;         /* (element-type OkpBlock) */
} OkpSection;

typedef struct {
  char *id;
  char *title;
} OkpGroup;

typedef struct {
  char *id;
  char *title;               /* short, imperative */
  char *detail;              /* how and why */
  char *fallback;            /* what to do if it does not help, or NULL */
} OkpStep;

typedef struct {
  char     *id;
  char     *label;
  char     *hint;            /* placeholder / example, or NULL */
  gboolean  multiline;
} OkpField;

typedef struct {
  char      *id;
  char      *title;
  char      *summary;
  char      *symptom;        /* the problem in the user's words, one line; or NULL */
  char      *section_id;     /* the guide section about this problem */
  GPtrArray *steps;          /* (element-type OkpStep) */
  GPtrArray *fields;         /* (element-type OkpField) "details for support" */
} OkpChecklistDef;

typedef enum {
  OKP_CHANNEL_KIND_CHAT,
  OKP_CHANNEL_KIND_EMAIL,
  OKP_CHANNEL_KIND_SOCIAL,
  OKP_CHANNEL_KIND_PHONE,
} OkpChannelKind;

typedef struct {
  char           *id;
  OkpChannelKind  kind;
  char           *title;
  char           *when;      /* when to use it */
  char           *expect;    /* what to expect: response time */
  char           *ready;     /* what to have ready */
} OkpChannelDef;

#define OKP_GUIDE_ERROR (okp_guide_error_quark ())

typedef enum {
  OKP_GUIDE_ERROR_PARSE,
  OKP_GUIDE_ERROR_INVALID,
} OkpGuideError;

#define OKP_TYPE_GUIDE (okp_guide_get_type ())

G_DECLARE_FINAL_TYPE (OkpGuide, okp_guide, OKP, GUIDE, GObject)

GQuark                 okp_guide_error_quark           (void);

OkpGuide              *okp_guide_new_from_data         (const char  *data,
                                                        gssize       length,
                                                        const char  *domain,
                                                        GError     **error);
OkpGuide              *okp_guide_new_from_resource     (const char  *resource_path,
                                                        const char  *domain,
                                                        GError     **error);

GPtrArray             *okp_guide_get_sections          (OkpGuide    *self);
GPtrArray             *okp_guide_get_groups            (OkpGuide    *self);
GPtrArray             *okp_guide_get_checklists        (OkpGuide    *self);
GPtrArray             *okp_guide_get_channels          (OkpGuide    *self);

const OkpSection      *okp_guide_lookup_section        (OkpGuide    *self,
                                                        const char  *id);
const OkpGroup        *okp_guide_lookup_group          (OkpGuide    *self,
                                                        const char  *id);
const OkpChecklistDef *okp_guide_lookup_checklist      (OkpGuide    *self,
                                                        const char  *id);
const OkpChannelDef   *okp_guide_lookup_channel        (OkpGuide    *self,
                                                        const char  *id);
const OkpStep         *okp_checklist_def_lookup_step   (const OkpChecklistDef *def,
                                                        const char            *step_id);

/* Comma separated ids, for "valid ids are: …" messages. */
char                  *okp_guide_dup_section_ids       (OkpGuide    *self);
char                  *okp_guide_dup_checklist_ids     (OkpGuide    *self);

G_END_DECLS
