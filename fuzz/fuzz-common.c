/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz"

#include "config.h"

#include "fuzz-common.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* Messages about the input (a file moved aside, a parse error) are
   * expected by the million; only criticals and errors are bugs. */
  if ((level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0)
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

void
okp_fuzz_init (void)
{
  static gboolean initialized;

  if (initialized)
    return;
  initialized = TRUE;

  g_log_set_writer_func (quiet_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
}

/* One folder per process, on a RAM disk where there is one: the progress
 * loader works on a file, and a run writes and reads it millions of times. */
const char *
okp_fuzz_tmpdir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      g_autofree char *template = NULL;

      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
        template = g_strdup ("/dev/shm/okp-fuzz-XXXXXX");
      else
        template = g_build_filename (g_get_tmp_dir (), "okp-fuzz-XXXXXX", NULL);

      dir = g_mkdtemp (g_steal_pointer (&template));
      if (dir == NULL)
        abort ();
    }

  return dir;
}

void
okp_fuzz_clear_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
}

/* The guide the application ships, read from the source tree. */
OkpGuide *
okp_fuzz_real_guide (void)
{
  static OkpGuide *guide;

  if (guide == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (OKP_FUZZ_GUIDE_PATH, &contents, &length, &error))
        g_error ("%s", error->message);
      guide = okp_guide_new_from_data (contents, length, NULL, &error);
      if (guide == NULL)
        g_error ("%s", error->message);
    }

  return guide;
}

/* Cuts the input into @n_parts NUL-terminated strings at NUL bytes; parts
 * the input has no room for are empty. The result has exactly @n_parts
 * strings and a NULL. */
char **
okp_fuzz_split (const guint8 *data,
                size_t        size,
                guint         n_parts)
{
  char **parts = g_new0 (char *, n_parts + 1);
  size_t start = 0;

  for (guint i = 0; i < n_parts; i++)
    {
      size_t end = start;

      if (i + 1 == n_parts)
        end = size;
      else
        while (end < size && data[end] != '\0')
          end++;

      if (start < size)
        parts[i] = g_strndup ((const char *) data + start, end - start);
      else
        parts[i] = g_strdup ("");

      start = end + 1;
    }

  return parts;
}
