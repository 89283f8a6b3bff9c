/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-store"

#include "config.h"

#include "okp-progress-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Far more than years of progress take; a bigger file is not ours, and is
 * set aside without being read into memory. */
#define MAX_FILE_SIZE (8 * 1024 * 1024)

/* The format nests five levels deep. json-glib's parser recurses once per
 * level without a limit of its own, so deeper input is refused before it
 * reaches the parser. */
#define MAX_NESTING 64

/* A change is written after SAVE_DELAY_MS, coalescing the changes made
 * meanwhile, so it is on disk well within a second. */
#define SAVE_DELAY_MS 250
#define RETRY_FIRST_S 1
#define RETRY_MAX_S   30

/* Temporary files left by a write that was killed midway are removed once
 * they are this old, so that one still being written by another process
 * is never touched. */
#define STALE_TEMP_AGE_S 60

/* Times are clamped to 1970-01-01 .. 9999-12-31 so that every time written
 * has the fixed ISO 8601 form that is read back. */
#define TIME_MAX G_GINT64_CONSTANT (253402300799)

struct _OkpProgressSnapshot
{
  char     *checklist_id;
  JsonNode *node;              /* the checklist's entry, or NULL if it had none */
};

struct _OkpProgressStore
{
  GObject               parent_instance;

  /* owned references */
  char                 *path;
  char                 *recovered_path;
  char                 *pending_reason;  /* a bad file that still has to be moved aside */
  JsonNode             *root;            /* always an object node */
  JsonNode             *base;            /* the file as last read or written, for merging */

  /* The file as this store last read or wrote it, to notice when another
   * process has written it since: its content hash (NULL: there was no
   * file) and, when they are known to belong to that content, its status
   * fields, which spare reading the file before every write. */
  char                 *disk_hash;
  dev_t                 disk_dev;
  ino_t                 disk_ino;
  goffset               disk_size;
  gint64                disk_mtime_ns;
  guint                 disk_stat_valid : 1;
  GPtrArray            *merged_ids;      /* checklists a merge changed, not yet announced */

  guint                 save_id;
  guint                 retry_id;
  guint                 retry_delay_s;

  OkpProgressClockFunc  clock;
  gpointer              clock_data;

  OkpStoreStatus        status;
  guint                 loaded : 1;
  guint                 read_only : 1;
  guint                 dirty : 1;
  guint                 failing : 1;
};

G_DEFINE_FINAL_TYPE (OkpProgressStore, okp_progress_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (okp-progress-store-error-quark, okp_progress_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STATUS,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  SAVE_FAILED,
  SAVED,
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GType
okp_store_status_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { OKP_STORE_STATUS_OK, "OKP_STORE_STATUS_OK", "ok" },
    { OKP_STORE_STATUS_NEW, "OKP_STORE_STATUS_NEW", "new" },
    { OKP_STORE_STATUS_RECOVERED, "OKP_STORE_STATUS_RECOVERED", "recovered" },
    { OKP_STORE_STATUS_READ_ONLY, "OKP_STORE_STATUS_READ_ONLY", "read-only" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("OkpStoreStatus"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

void
okp_progress_snapshot_free (OkpProgressSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_clear_pointer (&snapshot->node, json_node_unref);
  g_free (snapshot->checklist_id);
  g_free (snapshot);
}

/* Times */

static gint64
default_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
now_seconds (OkpProgressStore *self)
{
  return CLAMP (self->clock (self->clock_data), 0, TIME_MAX);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (CLAMP (unix_seconds, 0, TIME_MAX));

  g_assert (dt != NULL);

  /* Written by hand rather than with g_date_time_format_iso8601() so the
   * form never depends on the GLib version: seconds, no fraction, "Z". */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (dt),
                          g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt));
}

/* A time read from the file must carry its offset ("Z" or "+08:00"): a
 * time without one would mean something different in every time zone. */
static gboolean
parse_time (const char *text,
            gint64     *unix_out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  if (unix_out != NULL)
    *unix_out = g_date_time_to_unix (dt);

  return TRUE;
}

/* JSON helpers */

static gboolean
node_is_value_of_type (JsonNode *node,
                       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* json_node_copy() shares the objects, arrays and values of the node it
 * copies; a snapshot must not change when the live tree does. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) object_copy = json_object_new ();
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (object_copy, l->data,
                                  deep_copy (json_object_get_member (object, l->data)));

        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (copy, object_copy);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);
        g_autoptr(JsonArray) array_copy = json_array_sized_new (length);

        for (guint i = 0; i < length; i++)
          json_array_add_element (array_copy, deep_copy (json_array_get_element (array, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (copy, array_copy);
        return copy;
      }

    case JSON_NODE_VALUE:
      {
        g_auto(GValue) value = G_VALUE_INIT;

        json_node_get_value (node, &value);
        copy = json_node_new (JSON_NODE_VALUE);
        json_node_set_value (copy, &value);
        return copy;
      }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

static JsonNode *
new_document (void)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonNode *node;

  json_object_set_int_member (root, "version", OKP_PROGRESS_FORMAT_VERSION);
  json_object_set_object_member (root, "checklists", json_object_new ());

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

/* Checks the lexical form strictly (RFC 8259) before json-glib sees the
 * data. json-glib is lenient where that is unsafe for us: it accepts
 * comments, single quotes and raw control characters in strings, turns
 * 1e999 into "inf" (which it then writes and cannot read back) and wraps
 * integers that do not fit in 64 bits. It also has no nesting limit. What
 * passes here is parsed by json-glib exactly as written, and written back
 * the same. The grammar of the structure itself (commas, colons, matching
 * brackets) is left to the parser. */
static gboolean
check_number (const char *token,
              gsize       length)
{
  g_autofree char *copy = g_strndup (token, length);
  gboolean is_integer = TRUE;
  const char *p = copy;
  char *end = NULL;

  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (g_ascii_isdigit (*p))
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;

  if (*p == '.')
    {
      is_integer = FALSE;
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'e' || *p == 'E')
    {
      is_integer = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p != '\0')
    return FALSE;

  errno = 0;
  if (is_integer)
    {
      g_ascii_strtoll (copy, &end, 10);
      return errno == 0 && *end == '\0';
    }
  else
    {
      double value = g_ascii_strtod (copy, &end);
      char written[G_ASCII_DTOSTR_BUF_SIZE];

      if (*end != '\0' || !isfinite (value))
        return FALSE;

      /* json-glib writes a double with "%.17g" and appends ".0" when that
       * has no '.', so 1e-300 or 1e22 would be written as "1e-300.0",
       * which is not JSON: the file would be saved unreadable. */
      g_ascii_formatd (written, sizeof written, "%.17g", value);
      return strchr (written, '.') != NULL || strpbrk (written, "eE") == NULL;
    }
}

static gboolean
read_hex4 (const char *data,
           gsize       length,
           gsize       at,
           gunichar   *value)
{
  *value = 0;
  if (at + 4 > length)
    return FALSE;

  for (gsize k = at; k < at + 4; k++)
    {
      if (!g_ascii_isxdigit (data[k]))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (data[k]);
    }

  return TRUE;
}

/* json-glib takes an unknown escape ("\q") as the letter, ends the string
 * at "\u0000" and turns a lone surrogate into bytes that are not UTF-8:
 * each would be written back as something else, or as a file that cannot
 * be read. *i is at the backslash, and is moved past the escape. */
static gboolean
check_escape (const char *data,
              gsize       length,
              gsize      *i)
{
  gunichar high, low;

  if (*i + 1 >= length)
    return FALSE;

  if (strchr ("\"\\/bfnrt", data[*i + 1]) != NULL && data[*i + 1] != '\0')
    {
      *i += 2;
      return TRUE;
    }

  if (data[*i + 1] != 'u' || !read_hex4 (data, length, *i + 2, &high) || high == 0)
    return FALSE;
  *i += 6;

  if (high >= 0xDC00 && high <= 0xDFFF)
    return FALSE;
  if (high < 0xD800 || high > 0xDBFF)
    return TRUE;

  /* A high surrogate must be followed by a low one. */
  if (*i + 1 >= length || data[*i] != '\\' || data[*i + 1] != 'u' ||
      !read_hex4 (data, length, *i + 2, &low) || low < 0xDC00 || low > 0xDFFF)
    return FALSE;
  *i += 6;

  return TRUE;
}

static gboolean
check_syntax (const char *data,
              gsize       length)
{
  gboolean complete = FALSE;
  guint depth = 0;
  gsize i = 0;

  /* Also refuses NUL bytes. */
  if (!g_utf8_validate_len (data, length, NULL))
    return FALSE;

  while (i < length)
    {
      char c = data[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          i++;
          continue;
        }

      /* json-glib reads "{}{}" as one document; RFC 8259 has one value. */
      if (complete)
        return FALSE;

      switch (c)
        {
        case ',': case ':':
          i++;
          break;

        case '{': case '[':
          if (++depth > MAX_NESTING)
            return FALSE;
          i++;
          break;

        case '}': case ']':
          if (depth == 0)
            return FALSE;
          depth--;
          i++;
          break;

        case '"':
          for (i++; i < length && data[i] != '"'; )
            {
              if ((guchar) data[i] < 0x20)
                return FALSE;
              if (data[i] == '\\')
                {
                  if (!check_escape (data, length, &i))
                    return FALSE;
                }
              else
                i++;
            }
          if (i >= length)
            return FALSE;
          i++;
          break;

        default:
          {
            gsize start = i;

            if (c == '-' || g_ascii_isdigit (c))
              {
                while (i < length && (g_ascii_isdigit (data[i]) || data[i] == '.' ||
                                      data[i] == '-' || data[i] == '+' ||
                                      data[i] == 'e' || data[i] == 'E'))
                  i++;
                if (!check_number (data + start, i - start))
                  return FALSE;
              }
            else if (g_ascii_islower (c))
              {
                while (i < length && g_ascii_isalpha (data[i]))
                  i++;
                if (!((i - start == 4 && memcmp (data + start, "true", 4) == 0) ||
                      (i - start == 5 && memcmp (data + start, "false", 5) == 0) ||
                      (i - start == 4 && memcmp (data + start, "null", 4) == 0)))
                  return FALSE;
              }
            else
              return FALSE;
          }
          break;
        }

      complete = depth == 0;
    }

  return TRUE;
}

/* The shape of format version 1. Known members must have their type; what
 * is not known is kept, whatever it is. One bad member makes the whole
 * file a wrong shape: a partly trusted file is harder to reason about than
 * a file kept aside whole. */
static gboolean
check_time_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  return node_is_value_of_type (node, G_TYPE_STRING) &&
         parse_time (json_node_get_string (node), NULL);
}

static gboolean
check_boolean_member (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || node_is_value_of_type (node, G_TYPE_BOOLEAN);
}

static gboolean
check_checklist (JsonNode *node)
{
  JsonObject *checklist;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  checklist = json_node_get_object (node);

  if ((member = json_object_get_member (checklist, "steps")) != NULL)
    {
      JsonObject *steps;
      g_autoptr(GList) step_ids = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return FALSE;
      steps = json_node_get_object (member);
      step_ids = json_object_get_members (steps);

      for (GList *l = step_ids; l != NULL; l = l->next)
        {
          JsonNode *step_node = json_object_get_member (steps, l->data);
          JsonObject *step;

          if (!JSON_NODE_HOLDS_OBJECT (step_node))
            return FALSE;
          step = json_node_get_object (step_node);
          if (!check_boolean_member (step, "done") || !check_time_member (step, "changed"))
            return FALSE;
        }
    }

  if ((member = json_object_get_member (checklist, "notes")) != NULL)
    {
      JsonObject *notes;
      g_autoptr(GList) field_ids = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return FALSE;
      notes = json_node_get_object (member);
      field_ids = json_object_get_members (notes);

      for (GList *l = field_ids; l != NULL; l = l->next)
        if (!node_is_value_of_type (json_object_get_member (notes, l->data), G_TYPE_STRING))
          return FALSE;
    }

  return check_boolean_member (checklist, "solved") &&
         check_time_member (checklist, "started") &&
         check_time_member (checklist, "updated");
}

static gboolean
check_checklists (JsonObject *root)
{
  JsonNode *member = json_object_get_member (root, "checklists");
  JsonObject *checklists;
  g_autoptr(GList) ids = NULL;

  if (member == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return FALSE;

  checklists = json_node_get_object (member);
  ids = json_object_get_members (checklists);
  for (GList *l = ids; l != NULL; l = l->next)
    if (!check_checklist (json_object_get_member (checklists, l->data)))
      return FALSE;

  return TRUE;
}

/* Returns the version, or 0 if the file has none that can be trusted. */
static gint64
get_version (JsonNode *root)
{
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  member = json_object_get_member (json_node_get_object (root), "version");
  if (member == NULL || !node_is_value_of_type (member, G_TYPE_INT64))
    return 0;

  return MAX (json_node_get_int (member), 0);
}

/* Access to the tree. Everything read has been checked by the functions
 * above, or was put there by the store itself. */

static JsonObject *
get_child_object (JsonObject *parent,
                  const char *name,
                  gboolean    create)
{
  JsonNode *node = json_object_get_member (parent, name);

  if (node != NULL)
    return json_node_get_object (node);

  if (!create)
    return NULL;

  json_object_set_object_member (parent, name, json_object_new ());
  return json_object_get_object_member (parent, name);
}

static JsonObject *
get_checklists (OkpProgressStore *self,
                gboolean          create)
{
  return get_child_object (json_node_get_object (self->root), "checklists", create);
}

static JsonObject *
get_checklist (OkpProgressStore *self,
               const char       *checklist_id,
               gboolean          create)
{
  JsonObject *checklists = get_checklists (self, create);

  if (checklists == NULL)
    return NULL;

  return get_child_object (checklists, checklist_id, create);
}

static JsonObject *
get_step (OkpProgressStore *self,
          const char       *checklist_id,
          const char       *step_id)
{
  JsonObject *checklist = get_checklist (self, checklist_id, FALSE);
  JsonObject *steps;

  if (checklist == NULL)
    return NULL;

  steps = get_child_object (checklist, "steps", FALSE);
  if (steps == NULL)
    return NULL;

  return get_child_object (steps, step_id, FALSE);
}

static gint64
get_time_member (JsonObject *object,
                 const char *name)
{
  gint64 result = 0;

  if (object == NULL || !json_object_has_member (object, name))
    return 0;

  if (!parse_time (json_object_get_string_member (object, name), &result))
    return 0;

  return result;
}

/* Files */

typedef enum {
  READ_OK,
  READ_MISSING,
  READ_UNREADABLE,
  READ_TOO_LARGE,
} ReadResult;

/* Reads the file without ever blocking on something that is not a
 * regular file (a FIFO in its place would hang the application) and
 * without reading more than MAX_FILE_SIZE. Symbolic links are followed
 * for reading: reading is harmless, only writing through one is not. */
static ReadResult
read_file (const char  *path,
           GBytes     **bytes_out)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize capacity;
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* ENOTDIR: a part of the path is not a folder, so there is no file;
       * the first save reports why it cannot write one. */
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return READ_MISSING;

      g_debug ("Cannot open %s: %s", path, g_strerror (saved_errno));
      return READ_UNREADABLE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      return READ_UNREADABLE;
    }

  if (st.st_size > MAX_FILE_SIZE)
    {
      g_close (fd, NULL);
      return READ_TOO_LARGE;
    }

  /* The file may grow while it is read: room for one byte more than the
   * limit shows when it has. */
  capacity = MIN ((gsize) st.st_size, MAX_FILE_SIZE) + 1;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (length == capacity)
        {
          if (capacity > MAX_FILE_SIZE)
            break;
          capacity = MIN (capacity * 2, MAX_FILE_SIZE + 1);
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + length, capacity - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_debug ("Cannot read %s: %s", path, g_strerror (errno));
          g_close (fd, NULL);
          return READ_UNREADABLE;
        }
      if (n == 0)
        break;
      length += n;
    }

  g_close (fd, NULL);

  if (length > MAX_FILE_SIZE)
    return READ_TOO_LARGE;

  *bytes_out = g_bytes_new_take (g_steal_pointer (&buffer), length);
  return READ_OK;
}

static char *
display_name (const char *path)
{
  return g_filename_display_name (path);
}

/* Moves a file that cannot be used out of the way, keeping its bytes:
 * "progress.json.broken-YYYYMMDD-HHMMSS-REASON" next to it, the time in
 * UTC. An existing file of that name is never replaced. */
static gboolean
move_aside (OkpProgressStore  *self,
            const char        *reason,
            GError           **error)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now_seconds (self));
  g_autofree char *stamp = g_date_time_format (dt, "%Y%m%d-%H%M%S");
  g_autofree char *display = display_name (self->path);

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *target = NULL;
      g_autoptr(GFile) source_file = NULL;
      g_autoptr(GFile) target_file = NULL;
      g_autoptr(GError) copy_error = NULL;
      GStatBuf st;
      int rename_errno;

      if (i == 1)
        target = g_strdup_printf ("%s.broken-%s-%s", self->path, stamp, reason);
      else
        target = g_strdup_printf ("%s.broken-%s-%s-%u", self->path, stamp, reason, i);

      if (g_lstat (target, &st) == 0)
        continue;

      if (g_rename (self->path, target) == 0)
        {
          g_free (self->recovered_path);
          self->recovered_path = g_steal_pointer (&target);
          return TRUE;
        }
      rename_errno = errno;

      /* A rename can fail where a copy works (the file is a mount point,
       * for instance). The copy keeps the bytes; the original is then
       * replaced by the next save. */
      source_file = g_file_new_for_path (self->path);
      target_file = g_file_new_for_path (target);
      if (g_file_copy (source_file, target_file, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                       NULL, NULL, NULL, &copy_error))
        {
          g_free (self->recovered_path);
          self->recovered_path = g_steal_pointer (&target);
          return TRUE;
        }

      g_debug ("Copying %s aside failed too: %s", self->path, copy_error->message);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (rename_errno),
                   /* Translators: the first %s is a file name, the second why it failed. */
                   _("“%s” could not be moved aside: %s"),
                   display, g_strerror (rename_errno));
      return FALSE;
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
               _("“%s” could not be moved aside: too many files of that name"), display);
  return FALSE;
}

/* Removes the temporary files of writes that were killed midway; GLib
 * names them "progress.json.XXXXXX". */
static void
remove_stale_temp_files (OkpProgressStore *self)
{
  g_autofree char *dirname = g_path_get_dirname (self->path);
  g_autofree char *basename = g_path_get_basename (self->path);
  gsize base_length = strlen (basename);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dirname, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = NULL;
      gboolean matches;
      GStatBuf st;

      matches = strlen (name) == base_length + 7 &&
                strncmp (name, basename, base_length) == 0 &&
                name[base_length] == '.';
      for (gsize i = base_length + 1; matches && i < base_length + 7; i++)
        matches = g_ascii_isalnum (name[i]);
      if (!matches)
        continue;

      full = g_build_filename (dirname, name, NULL);
      if (g_lstat (full, &st) == 0 && S_ISREG (st.st_mode) &&
          st.st_mtime < now - STALE_TEMP_AGE_S)
        {
          g_debug ("Removing %s, left by an interrupted save", full);
          g_unlink (full);
        }
    }
}

/* Another process writing the same file */

static gint64
mtime_ns (const GStatBuf *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

static char *
hash_bytes (const char *data,
            gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* Remembers the file as this store has just read or written it, whose
 * content hashes to @hash (NULL: there is no file). The status fields are
 * only trusted if the file read back still has that content, so a write
 * by another process in between is never taken for ours. */
static void
remember_disk_file (OkpProgressStore *self,
                    const char       *hash)
{
  g_autoptr(GBytes) bytes = NULL;
  GStatBuf st;

  g_free (self->disk_hash);
  self->disk_hash = g_strdup (hash);
  self->disk_stat_valid = FALSE;

  if (hash == NULL || g_stat (self->path, &st) != 0 || read_file (self->path, &bytes) != READ_OK)
    return;

  {
    gsize length;
    const char *data = g_bytes_get_data (bytes, &length);
    g_autofree char *now = hash_bytes (data, length);

    if (g_strcmp0 (now, hash) != 0)
      return;
  }

  self->disk_dev = st.st_dev;
  self->disk_ino = st.st_ino;
  self->disk_size = st.st_size;
  self->disk_mtime_ns = mtime_ns (&st);
  self->disk_stat_valid = TRUE;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return json_node_equal (a, b);
}

/* A three-way choice between what this store has (@ours), what the file
 * now has (@theirs) and what both started from (@base): a side that did
 * not change gives way to the one that did; if both changed, the newer
 * wins. NULL is a missing member. */
static JsonNode *
choose (JsonNode *base,
        JsonNode *ours,
        JsonNode *theirs,
        gboolean  theirs_newer)
{
  if (nodes_equal (theirs, base))
    return ours;
  if (nodes_equal (ours, base))
    return theirs;
  return theirs_newer ? theirs : ours;
}

static JsonObject *
object_or_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonNode *
member_or_null (JsonObject *object,
                const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static gint64
time_of (JsonObject *object,
         const char *name)
{
  JsonNode *node = member_or_null (object, name);
  gint64 result = 0;

  if (node != NULL && node_is_value_of_type (node, G_TYPE_STRING))
    parse_time (json_node_get_string (node), &result);

  return result;
}

/* The union of the members of up to three objects, in a stable order:
 * ours first, then what only the others have. */
static GPtrArray *
member_union (JsonObject *a,
              JsonObject *b,
              JsonObject *c)
{
  JsonObject *objects[] = { a, b, c };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr(GList) members = NULL;

      if (objects[i] == NULL)
        continue;

      members = json_object_get_members (objects[i]);
      for (GList *l = members; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          g_ptr_array_add (names, g_strdup (l->data));
    }

  return names;
}

/* Merges one member that is an object of objects or values keyed by id
 * ("steps", "notes"), id by id. For steps, the newer "changed" time
 * decides a conflict; otherwise @theirs_newer does. */
static JsonNode *
merge_keyed (JsonNode *base,
             JsonNode *ours,
             JsonNode *theirs,
             gboolean  by_changed_time,
             gboolean  theirs_newer)
{
  JsonObject *b = object_or_null (base);
  JsonObject *o = object_or_null (ours);
  JsonObject *t = object_or_null (theirs);
  g_autoptr(GPtrArray) names = member_union (o, t, b);
  g_autoptr(JsonObject) merged = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *bn = member_or_null (b, name);
      JsonNode *on = member_or_null (o, name);
      JsonNode *tn = member_or_null (t, name);
      gboolean newer = theirs_newer;
      JsonNode *chosen;

      if (by_changed_time)
        newer = time_of (object_or_null (tn), "changed") > time_of (object_or_null (on), "changed");

      chosen = choose (bn, on, tn, newer);
      if (chosen != NULL)
        json_object_set_member (merged, name, deep_copy (chosen));
    }

  /* Emptied on a side that removed the member ("Start over" removes
   * "steps"): the member stays removed. */
  if (json_object_get_size (merged) == 0 && (ours == NULL || theirs == NULL))
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, merged);
  return node;
}

static JsonNode *
merge_checklist (JsonNode *base,
                 JsonNode *ours,
                 JsonNode *theirs)
{
  JsonObject *b = object_or_null (base);
  JsonObject *o = object_or_null (ours);
  JsonObject *t = object_or_null (theirs);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(JsonObject) merged = NULL;
  gboolean theirs_newer;
  JsonNode *node;

  if (nodes_equal (theirs, base))
    return ours != NULL ? deep_copy (ours) : NULL;
  if (nodes_equal (ours, base))
    return theirs != NULL ? deep_copy (theirs) : NULL;

  /* Both changed it: member by member, the steps each by its own time,
   * everything else by which side changed the checklist last. */
  theirs_newer = time_of (t, "updated") > time_of (o, "updated");
  names = member_union (o, t, b);
  merged = json_object_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *bn = member_or_null (b, name);
      JsonNode *on = member_or_null (o, name);
      JsonNode *tn = member_or_null (t, name);
      JsonNode *result;

      if (strcmp (name, "steps") == 0 && (on == NULL || JSON_NODE_HOLDS_OBJECT (on)) &&
          (tn == NULL || JSON_NODE_HOLDS_OBJECT (tn)))
        result = merge_keyed (bn, on, tn, TRUE, theirs_newer);
      else if (strcmp (name, "notes") == 0 && (on == NULL || JSON_NODE_HOLDS_OBJECT (on)) &&
               (tn == NULL || JSON_NODE_HOLDS_OBJECT (tn)))
        result = merge_keyed (bn, on, tn, FALSE, theirs_newer);
      else
        {
          JsonNode *chosen = choose (bn, on, tn, theirs_newer);

          result = chosen != NULL ? deep_copy (chosen) : NULL;
        }

      if (result != NULL)
        json_object_set_member (merged, name, result);
    }

  /* The checklist was changed last when the later of the two changed it. */
  if (time_of (t, "updated") > time_of (o, "updated"))
    json_object_set_member (merged, "updated", deep_copy (json_object_get_member (t, "updated")));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, merged);
  return node;
}

/* Merges @theirs (the file another process wrote) into the store's tree,
 * against the base both started from. Adds to @changed_ids the checklists
 * whose content is now different from what this store had. */
static void
merge_document (OkpProgressStore *self,
                JsonNode         *theirs,
                GPtrArray        *changed_ids)
{
  JsonObject *base_root = object_or_null (self->base);
  JsonObject *our_root = json_node_get_object (self->root);
  JsonObject *their_root = object_or_null (theirs);
  JsonObject *bc = object_or_null (member_or_null (base_root, "checklists"));
  JsonObject *oc = object_or_null (member_or_null (our_root, "checklists"));
  JsonObject *tc = object_or_null (member_or_null (their_root, "checklists"));
  g_autoptr(GPtrArray) ids = member_union (oc, tc, bc);
  g_autoptr(GPtrArray) names = member_union (our_root, their_root, base_root);
  g_autoptr(JsonObject) checklists = json_object_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonNode *on = member_or_null (oc, id);
      JsonNode *merged = merge_checklist (member_or_null (bc, id), on, member_or_null (tc, id));

      if (!nodes_equal (merged, on))
        g_ptr_array_add (changed_ids, g_strdup (id));
      if (merged != NULL)
        json_object_set_member (checklists, id, merged);
    }

  /* Other top-level members, unknown to this version: kept, and a change
   * made by the other side is taken unless this side changed them too. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonNode *chosen;

      if (strcmp (name, "checklists") == 0)
        {
          json_object_set_object_member (root, "checklists", json_object_ref (checklists));
          continue;
        }

      chosen = choose (member_or_null (base_root, name), member_or_null (our_root, name),
                       member_or_null (their_root, name), FALSE);
      if (chosen != NULL)
        json_object_set_member (root, name, deep_copy (chosen));
    }

  if (!json_object_has_member (root, "checklists"))
    json_object_set_object_member (root, "checklists", json_object_ref (checklists));
  json_object_set_int_member (root, "version", OKP_PROGRESS_FORMAT_VERSION);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  g_clear_pointer (&self->root, json_node_unref);
  self->root = node;
}

/* Before writing: if another process wrote the file since this store
 * last read or wrote it (a second instance of the application on another
 * D-Bus session, or a copy of the file restored by the user), its changes
 * are merged in rather than overwritten. A file that is now unusable is
 * moved aside first, and one from a newer version is never overwritten.
 * Adds to @changed_ids the checklists the merge changed. */
static gboolean
reconcile_with_disk (OkpProgressStore  *self,
                     GPtrArray         *changed_ids,
                     GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autofree char *hash = NULL;
  const char *reason = NULL;
  const char *data;
  gsize length;
  GStatBuf st;

  /* No file (any more): nothing to lose by writing. */
  if (g_stat (self->path, &st) != 0)
    return TRUE;

  if (self->disk_stat_valid && self->disk_dev == st.st_dev && self->disk_ino == st.st_ino &&
      self->disk_size == st.st_size &&
      self->disk_mtime_ns == mtime_ns (&st))
    return TRUE;

  switch (read_file (self->path, &bytes))
    {
    case READ_MISSING:
      return TRUE;
    case READ_UNREADABLE:
      reason = "unreadable";
      break;
    case READ_TOO_LARGE:
      reason = "too-large";
      break;
    case READ_OK:
    default:
      break;
    }

  if (reason == NULL)
    {
      data = g_bytes_get_data (bytes, &length);
      hash = hash_bytes (data, length);
      if (g_strcmp0 (hash, self->disk_hash) == 0)
        {
          /* Same content, only touched or copied over: nothing to merge. */
          remember_disk_file (self, hash);
          return TRUE;
        }

      parser = json_parser_new ();
      if (length == 0 || !check_syntax (data, length) ||
          !json_parser_load_from_data (parser, data, length, NULL) ||
          (theirs = json_parser_steal_root (parser)) == NULL)
        reason = "invalid-json";
      else if (get_version (theirs) < 1)
        reason = "wrong-shape";
      else if (get_version (theirs) > OKP_PROGRESS_FORMAT_VERSION)
        {
          /* A newer release wrote it meanwhile: from now on this store
           * keeps its changes in memory only, as if it had loaded that. */
          self->read_only = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
          g_set_error_literal (error, OKP_PROGRESS_STORE_ERROR,
                               OKP_PROGRESS_STORE_ERROR_NEWER_VERSION,
                               _("Your progress is not saved: meanwhile a newer version of OKPay "
                                 "Help wrote the file, which is left as it is."));
          return FALSE;
        }
      else if (!check_checklists (json_node_get_object (theirs)))
        reason = "wrong-shape";
    }

  if (reason != NULL)
    {
      /* Someone put something unusable there: it is kept aside, byte for
       * byte, like a bad file found at start, and this store's state is
       * written in its place. */
      g_autoptr(GError) local_error = NULL;

      g_info ("%s changed on disk into something unusable (%s)", self->path, reason);
      if (!move_aside (self, reason, &local_error))
        {
          g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOT_MOVED,
                       _("Your progress is not saved yet, so that the unreadable file is not "
                         "overwritten: %s"),
                       local_error->message);
          return FALSE;
        }
      return TRUE;
    }

  g_info ("%s was changed by another process; merging", self->path);
  merge_document (self, theirs, changed_ids);
  g_clear_pointer (&self->base, json_node_unref);
  self->base = g_steal_pointer (&theirs);
  g_free (self->disk_hash);
  self->disk_hash = g_steal_pointer (&hash);
  self->disk_stat_valid = FALSE;
  return TRUE;
}

static char *
serialize (OkpProgressStore *self,
           gsize            *length_out)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;
  gsize length = 0;
  char *result;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, self->root);
  data = json_generator_to_data (generator, &length);

  result = g_malloc (length + 2);
  memcpy (result, data, length);
  result[length] = '\n';
  result[length + 1] = '\0';
  *length_out = length + 1;
  return result;
}

static gboolean
write_file (OkpProgressStore  *self,
            GError           **error)
{
  g_autofree char *dirname = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length;

  g_assert (!self->read_only);

  if (self->pending_reason != NULL)
    {
      if (!move_aside (self, self->pending_reason, &local_error))
        {
          g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOT_MOVED,
                       _("Your progress is not saved yet, so that the unreadable file is not "
                         "overwritten: %s"),
                       local_error->message);
          return FALSE;
        }
      g_clear_pointer (&self->pending_reason, g_free);
    }

  if (g_mkdir_with_parents (dirname, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = display_name (dirname);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Your progress could not be saved: the folder “%s” could not be created: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  /* Refuse a symbolic link rather than replace it. g_file_set_contents_full()
   * renames a new file over the path, which would never write through the
   * link, but would quietly cut off the file the link points to, which the
   * user set up for a reason. */
  if (g_lstat (self->path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *display = display_name (self->path);

      g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_SYMLINK,
                   _("Your progress could not be saved: “%s” is a symbolic link, and progress is "
                     "never written through one. Replace it with a regular file or remove it."),
                   display);
      return FALSE;
    }

  if (!reconcile_with_disk (self, self->merged_ids, error))
    return FALSE;

  data = serialize (self, &length);

  /* CONSISTENT writes a temporary file and renames it over the old one,
   * DURABLE syncs the file and its folder: whenever the process dies, the
   * file on disk is the old one or the new one, whole. */
  if (!g_file_set_contents_full (self->path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Your progress could not be saved: "));
      return FALSE;
    }

  /* The mode above applies to a new file only where GLib does not carry
   * over the mode of the file it replaces (GLib 2.84 does): a file someone
   * made readable to all is made private again here. The progress is saved
   * either way, so a failure is only reported. */
  if (g_chmod (self->path, 0600) != 0)
    {
      int saved_errno = errno;

      g_warning ("Could not make %s private: %s", self->path, g_strerror (saved_errno));
    }

  {
    g_autofree char *hash = hash_bytes (data, length);

    remember_disk_file (self, hash);
    g_clear_pointer (&self->base, json_node_unref);
    self->base = deep_copy (self->root);
  }

  return TRUE;
}

/* Tells the window what a merge changed: each checklist through
 * "changed", then "merged" once. */
static void
emit_merged (OkpProgressStore *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (self->merged_ids->len == 0)
    return;

  ids = g_steal_pointer (&self->merged_ids);
  self->merged_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_signal_emit (self, signals[CHANGED], g_quark_try_string (id), id);
    }

  g_ptr_array_add (ids, NULL);
  g_signal_emit (self, signals[MERGED], 0, (const char * const *) ids->pdata);
}

/* Saving */

static void save_now (OkpProgressStore *self);

static void
clear_timers (OkpProgressStore *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static void
saved_ok (OkpProgressStore *self)
{
  gboolean was_failing = self->failing;

  clear_timers (self);
  self->dirty = FALSE;
  self->failing = FALSE;
  self->retry_delay_s = 0;

  if (was_failing)
    g_signal_emit (self, signals[SAVED], 0);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  OkpProgressStore *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_timeout_cb (gpointer user_data)
{
  OkpProgressStore *self = user_data;

  self->retry_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
save_now (OkpProgressStore *self)
{
  g_autoptr(GError) error = NULL;
  guint delay;

  clear_timers (self);

  if (!self->dirty || self->read_only)
    return;

  if (write_file (self, &error))
    {
      saved_ok (self);
      emit_merged (self);
      return;
    }

  emit_merged (self);

  /* Keep everything in memory and try again later, less and less often:
   * the cause (a full disk, a folder that is not writable) is usually
   * fixed by the user, not by time. */
  self->failing = TRUE;
  delay = self->retry_delay_s != 0 ? self->retry_delay_s : RETRY_FIRST_S;
  self->retry_delay_s = MIN (delay * 2, RETRY_MAX_S);
  self->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay * 1000,
                                       retry_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->retry_id, "[okp] progress save retry");

  g_signal_emit (self, signals[SAVE_FAILED], 0, error);
}

static void
schedule_save (OkpProgressStore *self)
{
  /* While a failed save waits for its retry, the retry writes this change
   * too; the delay is not shortened, so a failing disk is not hammered. */
  if (!self->loaded || self->read_only || self->save_id != 0 || self->retry_id != 0)
    return;

  self->save_id = g_timeout_add_full (G_PRIORITY_DEFAULT, SAVE_DELAY_MS,
                                      save_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->save_id, "[okp] progress save");
}

static void
changed (OkpProgressStore *self,
         const char       *checklist_id)
{
  self->dirty = TRUE;
  schedule_save (self);
  /* g_quark_try_string(): a detail nobody connected to has no quark yet,
   * and ids read from the file are not interned for nothing. */
  g_signal_emit (self, signals[CHANGED], g_quark_try_string (checklist_id), checklist_id);
}

/* Records that a checklist changed now: its "updated" time, and its
 * "started" time if this is the first change. */
static void
touch_checklist (OkpProgressStore *self,
                 JsonObject       *checklist,
                 const char       *checklist_id,
                 const char       *stamp)
{
  if (!json_object_has_member (checklist, "started"))
    json_object_set_string_member (checklist, "started", stamp);
  json_object_set_string_member (checklist, "updated", stamp);

  changed (self, checklist_id);
}

/* GObject */

static void
okp_progress_store_dispose (GObject *object)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  /* A last chance for a change that was never flushed; quietly, since
   * nobody is listening any more. */
  if (self->dirty && self->loaded && !self->read_only)
    {
      g_autoptr(GError) error = NULL;

      if (write_file (self, &error))
        self->dirty = FALSE;
      else
        g_debug ("Progress not saved on dispose: %s", error->message);
    }

  clear_timers (self);

  G_OBJECT_CLASS (okp_progress_store_parent_class)->dispose (object);
}

static void
okp_progress_store_finalize (GObject *object)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovered_path, g_free);
  g_clear_pointer (&self->pending_reason, g_free);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->base, json_node_unref);
  g_clear_pointer (&self->disk_hash, g_free);
  g_clear_pointer (&self->merged_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (okp_progress_store_parent_class)->finalize (object);
}

static void
okp_progress_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_progress_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_progress_store_class_init (OkpProgressStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = okp_progress_store_dispose;
  object_class->finalize = okp_progress_store_finalize;
  object_class->get_property = okp_progress_store_get_property;
  object_class->set_property = okp_progress_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       OKP_TYPE_STORE_STATUS, OKP_STORE_STATUS_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkpProgressStore::changed:
   * @checklist_id: the checklist that changed, also the signal's detail
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * OkpProgressStore::save-failed:
   * @error: why; its message is meant for the user
   *
   * A scheduled save failed. The state stays in memory and the save is
   * retried after 1, 2, 4 … up to 30 seconds.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * OkpProgressStore::saved:
   *
   * A save succeeded after one or more had failed.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * OkpProgressStore::merged:
   * @checklist_ids: (array zero-terminated=1): the checklists that changed
   *
   * Another process (a second instance of the application, started on
   * another D-Bus session) wrote the file since this store read it, and
   * its changes were merged in before saving: per step the later tick or
   * untick wins, the rest of a checklist comes from the side that changed
   * it last, and nothing either side does not know is dropped. Each
   * checklist that changed was also announced with #OkpProgressStore::changed.
   */
  signals[MERGED] =
    g_signal_new ("merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
okp_progress_store_init (OkpProgressStore *self)
{
  self->root = new_document ();
  self->base = new_document ();
  self->merged_ids = g_ptr_array_new_with_free_func (g_free);
  self->status = OKP_STORE_STATUS_NEW;
  self->clock = default_clock;
}

/* Public API */

/**
 * okp_progress_store_new:
 * @path: the progress file
 *
 * Creates a store for @path. Nothing is read or written until
 * okp_progress_store_load() is called. If the store still has unsaved
 * changes when it is disposed, it writes them then.
 */
OkpProgressStore *
okp_progress_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  return g_object_new (OKP_TYPE_PROGRESS_STORE, "path", path, NULL);
}

char *
okp_progress_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "progress.json", NULL);
}

static void
set_document (OkpProgressStore *self,
              JsonNode         *root)
{
  g_clear_pointer (&self->root, json_node_unref);
  self->root = root != NULL ? root : new_document ();
}

static OkpStoreStatus
recover (OkpProgressStore  *self,
         const char        *reason,
         char             **message_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  set_document (self, NULL);

  if (move_aside (self, reason, &error))
    {
      g_autofree char *display = display_name (self->recovered_path);

      g_info ("Progress file could not be used (%s), moved to %s", reason, self->recovered_path);
      message = g_strdup_printf (_("Your saved progress could not be read, so it was kept aside "
                                   "unchanged as “%s” and you are starting afresh."),
                                 display);
    }
  else
    {
      /* Nothing may overwrite the file until it is moved; every save tries
       * again first. */
      g_info ("Progress file could not be used (%s) nor moved aside: %s", reason, error->message);
      self->pending_reason = g_strdup (reason);
      message = g_strdup_printf (_("Your saved progress could not be read and is left as it is. "
                                   "New progress is kept only while the application runs until "
                                   "the file can be moved aside: %s"),
                                 error->message);
    }

  if (message_out != NULL)
    *message_out = g_steal_pointer (&message);

  return OKP_STORE_STATUS_RECOVERED;
}

static OkpStoreStatus
load_document (OkpProgressStore  *self,
               char             **message_out)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  gint64 version;

  switch (read_file (self->path, &bytes))
    {
    case READ_MISSING:
      set_document (self, NULL);
      return OKP_STORE_STATUS_NEW;

    case READ_UNREADABLE:
      return recover (self, "unreadable", message_out);

    case READ_TOO_LARGE:
      return recover (self, "too-large", message_out);

    case READ_OK:
    default:
      break;
    }

  data = g_bytes_get_data (bytes, &length);
  g_free (self->disk_hash);
  self->disk_hash = hash_bytes (data, length);
  if (length == 0 || !check_syntax (data, length))
    return recover (self, "invalid-json", message_out);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      g_debug ("%s: %s", self->path, error->message);
      return recover (self, "invalid-json", message_out);
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    return recover (self, "invalid-json", message_out);

  version = get_version (root);
  if (version < 1)
    return recover (self, "wrong-shape", message_out);

  if (version > OKP_PROGRESS_FORMAT_VERSION)
    {
      /* A newer version's file is shown when it has the shape this version
       * knows, and never written either way. */
      self->read_only = TRUE;
      if (check_checklists (json_node_get_object (root)))
        set_document (self, g_steal_pointer (&root));
      else
        set_document (self, NULL);

      if (message_out != NULL)
        *message_out = g_strdup (_("Your progress was saved by a newer version of OKPay Help. "
                                   "Changes you make now are not saved, so that the newer "
                                   "version’s file stays as it is."));
      return OKP_STORE_STATUS_READ_ONLY;
    }

  if (!check_checklists (json_node_get_object (root)))
    return recover (self, "wrong-shape", message_out);

  set_document (self, g_steal_pointer (&root));
  return OKP_STORE_STATUS_OK;
}

/**
 * okp_progress_store_load:
 * @self: a store
 * @message_out: (out) (optional): a message for the user, or %NULL
 *
 * Reads the file, replacing whatever is in memory. It never fails hard: a
 * file that cannot be used is moved aside and the store starts empty.
 * @message_out is set, to a translated sentence naming the file kept
 * aside, when the user must be told something, and to %NULL otherwise.
 */
OkpStoreStatus
okp_progress_store_load (OkpProgressStore  *self,
                         char             **message_out)
{
  OkpStoreStatus status;
  gboolean was_read_only;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), OKP_STORE_STATUS_NEW);

  if (message_out != NULL)
    *message_out = NULL;

  clear_timers (self);
  was_read_only = self->read_only;
  self->read_only = FALSE;
  self->dirty = FALSE;
  self->failing = FALSE;
  self->retry_delay_s = 0;
  g_clear_pointer (&self->recovered_path, g_free);
  g_clear_pointer (&self->pending_reason, g_free);

  remove_stale_temp_files (self);
  g_clear_pointer (&self->disk_hash, g_free);
  status = load_document (self, message_out);
  self->loaded = TRUE;

  /* What later saves compare the file with, to notice that another
   * process wrote it: the file as read (a bad one too, when a copy of it
   * was kept aside and it is still there to be replaced). They merge
   * against its content only if it was used. */
  {
    g_autofree char *hash = g_steal_pointer (&self->disk_hash);

    remember_disk_file (self, hash);
    g_clear_pointer (&self->base, json_node_unref);
    self->base = status == OKP_STORE_STATUS_OK ? deep_copy (self->root) : new_document ();
    g_ptr_array_set_size (self->merged_ids, 0);
  }

  g_object_freeze_notify (G_OBJECT (self));
  if (status != self->status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (was_read_only != self->read_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
  g_object_thaw_notify (G_OBJECT (self));

  return status;
}

const char *
okp_progress_store_get_path (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);

  return self->path;
}

OkpStoreStatus
okp_progress_store_get_status (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), OKP_STORE_STATUS_NEW);

  return self->status;
}

gboolean
okp_progress_store_get_read_only (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);

  return self->read_only;
}

/**
 * okp_progress_store_get_recovered_path:
 *
 * Returns: (nullable): where the last load moved a bad file, or %NULL
 */
const char *
okp_progress_store_get_recovered_path (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);

  return self->recovered_path;
}

/**
 * okp_progress_store_set_clock:
 * @now: (nullable): returns the time in seconds since 1970, or %NULL for
 *   the real time
 *
 * Replaces the time source, for tests.
 */
void
okp_progress_store_set_clock (OkpProgressStore     *self,
                              OkpProgressClockFunc  now,
                              gpointer              user_data)
{
  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));

  self->clock = now != NULL ? now : default_clock;
  self->clock_data = now != NULL ? user_data : NULL;
}

gboolean
okp_progress_store_get_step_done (OkpProgressStore *self,
                                  const char       *checklist_id,
                                  const char       *step_id)
{
  JsonObject *step;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL, FALSE);
  g_return_val_if_fail (step_id != NULL, FALSE);

  step = get_step (self, checklist_id, step_id);
  if (step == NULL || !json_object_has_member (step, "done"))
    return FALSE;

  return json_object_get_boolean_member (step, "done");
}

/**
 * okp_progress_store_get_step_time:
 *
 * Returns: when the step was last ticked or unticked, in seconds since
 *   1970, or 0 if never
 */
gint64
okp_progress_store_get_step_time (OkpProgressStore *self,
                                  const char       *checklist_id,
                                  const char       *step_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);
  g_return_val_if_fail (step_id != NULL, 0);

  return get_time_member (get_step (self, checklist_id, step_id), "changed");
}

void
okp_progress_store_set_step_done (OkpProgressStore *self,
                                  const char       *checklist_id,
                                  const char       *step_id,
                                  gboolean          done)
{
  g_autofree char *stamp = NULL;
  JsonObject *checklist;
  JsonObject *step;

  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL));
  g_return_if_fail (step_id != NULL && g_utf8_validate (step_id, -1, NULL));

  done = !!done;
  if (okp_progress_store_get_step_done (self, checklist_id, step_id) == done)
    return;

  stamp = format_time (now_seconds (self));
  checklist = get_checklist (self, checklist_id, TRUE);
  step = get_child_object (get_child_object (checklist, "steps", TRUE), step_id, TRUE);
  json_object_set_boolean_member (step, "done", done);
  json_object_set_string_member (step, "changed", stamp);

  touch_checklist (self, checklist, checklist_id, stamp);
}

/**
 * okp_progress_store_get_note:
 *
 * Returns: (nullable): the note, valid until the next change, or %NULL
 */
const char *
okp_progress_store_get_note (OkpProgressStore *self,
                             const char       *checklist_id,
                             const char       *field_id)
{
  JsonObject *checklist;
  JsonObject *notes;
  const char *text;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);
  g_return_val_if_fail (checklist_id != NULL, NULL);
  g_return_val_if_fail (field_id != NULL, NULL);

  checklist = get_checklist (self, checklist_id, FALSE);
  if (checklist == NULL)
    return NULL;

  notes = get_child_object (checklist, "notes", FALSE);
  if (notes == NULL || !json_object_has_member (notes, field_id))
    return NULL;

  text = json_object_get_string_member (notes, field_id);
  return text != NULL && *text != '\0' ? text : NULL;
}

void
okp_progress_store_set_note (OkpProgressStore *self,
                             const char       *checklist_id,
                             const char       *field_id,
                             const char       *text)
{
  g_autofree char *stamp = NULL;
  JsonObject *checklist;
  JsonObject *notes;

  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL));
  g_return_if_fail (field_id != NULL && g_utf8_validate (field_id, -1, NULL));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (okp_progress_store_get_note (self, checklist_id, field_id), text) == 0)
    return;

  stamp = format_time (now_seconds (self));
  checklist = get_checklist (self, checklist_id, TRUE);
  notes = get_child_object (checklist, "notes", TRUE);
  if (text != NULL)
    json_object_set_string_member (notes, field_id, text);
  else
    json_object_remove_member (notes, field_id);

  touch_checklist (self, checklist, checklist_id, stamp);
}

gboolean
okp_progress_store_get_solved (OkpProgressStore *self,
                               const char       *checklist_id)
{
  JsonObject *checklist;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL, FALSE);

  checklist = get_checklist (self, checklist_id, FALSE);
  if (checklist == NULL || !json_object_has_member (checklist, "solved"))
    return FALSE;

  return json_object_get_boolean_member (checklist, "solved");
}

void
okp_progress_store_set_solved (OkpProgressStore *self,
                               const char       *checklist_id,
                               gboolean          solved)
{
  g_autofree char *stamp = NULL;
  JsonObject *checklist;

  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL));

  solved = !!solved;
  if (okp_progress_store_get_solved (self, checklist_id) == solved)
    return;

  stamp = format_time (now_seconds (self));
  checklist = get_checklist (self, checklist_id, TRUE);
  json_object_set_boolean_member (checklist, "solved", solved);

  touch_checklist (self, checklist, checklist_id, stamp);
}

/**
 * okp_progress_store_get_started:
 *
 * Returns: when the first change to the checklist was made (since it was
 *   last started over), in seconds since 1970, or 0 if never
 */
gint64
okp_progress_store_get_started (OkpProgressStore *self,
                                const char       *checklist_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);

  return get_time_member (get_checklist (self, checklist_id, FALSE), "started");
}

gint64
okp_progress_store_get_updated (OkpProgressStore *self,
                                const char       *checklist_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);

  return get_time_member (get_checklist (self, checklist_id, FALSE), "updated");
}

/**
 * okp_progress_store_count_done:
 * @step_ids: (array zero-terminated=1): the checklist's current steps
 *
 * Counts only the steps asked about, so steps kept from older content do
 * not inflate a "2 / 6".
 */
guint
okp_progress_store_count_done (OkpProgressStore   *self,
                               const char         *checklist_id,
                               const char * const *step_ids)
{
  guint count = 0;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);

  if (step_ids == NULL)
    return 0;

  for (guint i = 0; step_ids[i] != NULL; i++)
    if (okp_progress_store_get_step_done (self, checklist_id, step_ids[i]))
      count++;

  return count;
}

/**
 * okp_progress_store_reset_checklist:
 *
 * "Start over": removes the checklist's ticks (of every step, including
 * those the content no longer has), notes, solved flag and start time.
 * Members this version does not know are left alone.
 *
 * Returns: (transfer full): a snapshot of the checklist as it was, for
 *   okp_progress_store_restore_checklist()
 */
OkpProgressSnapshot *
okp_progress_store_reset_checklist (OkpProgressStore *self,
                                    const char       *checklist_id)
{
  static const char * const progress_members[] = { "steps", "notes", "solved", "started" };
  g_autoptr(OkpProgressSnapshot) snapshot = NULL;
  JsonObject *checklists;
  JsonObject *checklist;
  gboolean had_progress = FALSE;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);
  g_return_val_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL), NULL);

  snapshot = g_new0 (OkpProgressSnapshot, 1);
  snapshot->checklist_id = g_strdup (checklist_id);

  checklists = get_checklists (self, FALSE);
  if (checklists == NULL || !json_object_has_member (checklists, checklist_id))
    return g_steal_pointer (&snapshot);

  snapshot->node = deep_copy (json_object_get_member (checklists, checklist_id));

  checklist = json_object_get_object_member (checklists, checklist_id);
  for (guint i = 0; i < G_N_ELEMENTS (progress_members); i++)
    {
      if (json_object_has_member (checklist, progress_members[i]))
        {
          json_object_remove_member (checklist, progress_members[i]);
          had_progress = TRUE;
        }
    }

  if (had_progress)
    {
      g_autofree char *stamp = format_time (now_seconds (self));

      json_object_set_string_member (checklist, "updated", stamp);
      changed (self, checklist_id);
    }

  return g_steal_pointer (&snapshot);
}

/**
 * okp_progress_store_restore_checklist:
 * @snapshot: (transfer none): from okp_progress_store_reset_checklist()
 *
 * Undoes a reset: the checklist becomes exactly what it was, times
 * included. Changes made to it since are replaced.
 */
void
okp_progress_store_restore_checklist (OkpProgressStore    *self,
                                      OkpProgressSnapshot *snapshot)
{
  JsonObject *checklists;

  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (snapshot != NULL);

  checklists = get_checklists (self, snapshot->node != NULL);
  if (snapshot->node != NULL)
    json_object_set_member (checklists, snapshot->checklist_id, deep_copy (snapshot->node));
  else if (checklists != NULL && json_object_has_member (checklists, snapshot->checklist_id))
    json_object_remove_member (checklists, snapshot->checklist_id);
  else
    return;

  changed (self, snapshot->checklist_id);
}

/**
 * okp_progress_store_save:
 *
 * Writes now, atomically and durably. On failure the state stays in
 * memory and a scheduled save, if any, still happens. A store holding a
 * newer version's file never writes and returns
 * %OKP_PROGRESS_STORE_ERROR_NEWER_VERSION.
 */
gboolean
okp_progress_store_save (OkpProgressStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->loaded)
    {
      /* Writing before reading would overwrite a file nobody has seen. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "The progress store must be loaded before it is saved");
      return FALSE;
    }

  if (self->read_only)
    {
      g_set_error_literal (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NEWER_VERSION,
                           _("Your progress is not saved: the file was written by a newer "
                             "version of OKPay Help and is left as it is."));
      return FALSE;
    }

  if (!write_file (self, error))
    {
      emit_merged (self);
      return FALSE;
    }

  saved_ok (self);
  emit_merged (self);
  return TRUE;
}

/**
 * okp_progress_store_flush:
 *
 * Writes at once if a save is pending (scheduled or waiting for a retry);
 * call it before the application exits. A failure is reported through
 * #OkpProgressStore::save-failed.
 */
void
okp_progress_store_flush (OkpProgressStore *self)
{
  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));

  if (self->save_id != 0 || self->retry_id != 0)
    save_now (self);
}

gboolean
okp_progress_store_get_dirty (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);

  return self->dirty;
}
