/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "okp-progress-store.h"

G_BEGIN_DECLS

/*
 * What the tests share: set-up, a private folder with a progress file in
 * it, files written and compared byte for byte, and waits on the main loop
 * that end as soon as what they wait for has happened.
 */

/* 2026-11-26T10:00:00Z, and how the store stamps a file moved aside then */
#define OKP_TEST_NOW G_GINT64_CONSTANT (1795687200)
#define OKP_TEST_STAMP "20261126-100000"

void      okp_test_init            (int          *argc,
                                    char       ***argv,
                                    const char   *locale);

typedef struct
{
  char   *tmpdir;    /* a private folder, removed afterwards */
  char   *datadir;   /* tmpdir/data/app, not created */
  char   *path;      /* datadir/progress.json */
  gint64  now;       /* what the stores' clock says */
} OkpStoreFixture;

void              okp_store_fixture_setup    (OkpStoreFixture *f,
                                              gconstpointer    data);
void              okp_store_fixture_teardown (OkpStoreFixture *f,
                                              gconstpointer    data);
OkpProgressStore *okp_store_fixture_store    (OkpStoreFixture *f);
void              okp_store_fixture_mkdir    (OkpStoreFixture *f);
char             *okp_store_fixture_file     (OkpStoreFixture *f,
                                              const char      *name);

#define OKP_TEST_ADD_STORE(path, func, data) \
  g_test_add ((path), OkpStoreFixture, (data), okp_store_fixture_setup, (func), \
              okp_store_fixture_teardown)

void      okp_test_rm_rf            (const char  *path);
void      okp_test_write_file       (const char  *path,
                                     const char  *data,
                                     gssize       length);
char     *okp_test_read_file        (const char  *path,
                                     gsize       *length_out);
void      okp_test_assert_file      (const char  *path,
                                     const char  *data,
                                     gssize       length);
void      okp_test_set_age          (const char  *path,
                                     gint64       seconds);
char     *okp_test_list_dir         (const char  *path);

/* Counts a store's save-failed and saved signals, keeping the last error. */
typedef struct
{
  guint   failed;
  guint   saved;
  GError *error;
} OkpSaveWatch;

void      okp_save_watch_connect    (OkpSaveWatch     *watch,
                                     OkpProgressStore *store);
void      okp_save_watch_clear      (OkpSaveWatch     *watch);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OkpSaveWatch, okp_save_watch_clear)

gboolean  okp_test_wait_for_count   (const guint *counter,
                                     guint        count,
                                     guint        timeout_ms);
void      okp_test_run_for          (guint        ms);

G_END_DECLS
