/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-json"

#include "config.h"

#include "okp-progress-json.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Checks the lexical form strictly (RFC 8259) before json-glib sees the
 * data. json-glib is lenient where that is unsafe for us: it accepts
 * comments, single quotes and raw control characters in strings, turns
 * 1e999 into "inf" (which it then writes and cannot read back) and wraps
 * integers that do not fit in 64 bits. It also has no nesting limit, and
 * of a member given twice it silently keeps the last, so that whatever
 * the earlier one held would be lost at the next save. What passes here
 * is parsed by json-glib exactly as written, and written back the same.
 * The grammar of the structure itself (commas, colons, matching brackets)
 * is left to the parser. */

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
 * be read. *i is at the backslash, and is moved past the escape; @out, if
 * not %NULL, gets the character it stands for. */
static gboolean
check_escape (const char *data,
              gsize       length,
              gsize      *i,
              GString    *out)
{
  static const char simple_in[] = "\"\\/bfnrt";
  static const char simple_out[] = "\"\\/\b\f\n\r\t";
  gunichar high, low;
  const char *simple;

  if (*i + 1 >= length)
    return FALSE;

  if (data[*i + 1] != '\0' && (simple = strchr (simple_in, data[*i + 1])) != NULL)
    {
      if (out != NULL)
        g_string_append_c (out, simple_out[simple - simple_in]);
      *i += 2;
      return TRUE;
    }

  if (data[*i + 1] != 'u' || !read_hex4 (data, length, *i + 2, &high) || high == 0)
    return FALSE;
  *i += 6;

  if (high >= 0xDC00 && high <= 0xDFFF)
    return FALSE;
  if (high < 0xD800 || high > 0xDBFF)
    {
      if (out != NULL)
        g_string_append_unichar (out, high);
      return TRUE;
    }

  /* A high surrogate must be followed by a low one. */
  if (*i + 1 >= length || data[*i] != '\\' || data[*i + 1] != 'u' ||
      !read_hex4 (data, length, *i + 2, &low) || low < 0xDC00 || low > 0xDFFF)
    return FALSE;
  *i += 6;

  if (out != NULL)
    g_string_append_unichar (out, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
  return TRUE;
}

/* One open object or array. An object remembers the names of its members,
 * decoded, so that "a" and "\u0061" are the same member. */
typedef struct
{
  GHashTable *names;       /* NULL for an array */
  gboolean    expect_name;
} Frame;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->names, g_hash_table_unref);
}

/**
 * okp_progress_json_check:
 * @data: the bytes of the file
 * @length: their number
 *
 * Returns: %OKP_PROGRESS_JSON_OK if json-glib may parse @data and will
 *   keep everything it holds, %OKP_PROGRESS_JSON_DUPLICATE if it is JSON
 *   but an object has a member twice, %OKP_PROGRESS_JSON_INVALID otherwise
 */
OkpProgressJsonCheck
okp_progress_json_check (const char *data,
                         gsize       length)
{
  g_autoptr(GArray) stack = NULL;
  gboolean complete = FALSE;
  gboolean duplicate = FALSE;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || length == 0, OKP_PROGRESS_JSON_INVALID);

  /* Also refuses NUL bytes. */
  if (length == 0 || !g_utf8_validate_len (data, length, NULL))
    return OKP_PROGRESS_JSON_INVALID;

  stack = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (stack, frame_clear);

  while (i < length)
    {
      Frame *top = stack->len > 0 ? &g_array_index (stack, Frame, stack->len - 1) : NULL;
      char c = data[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          i++;
          continue;
        }

      /* json-glib reads "{}{}" as one document; RFC 8259 has one value. */
      if (complete)
        return OKP_PROGRESS_JSON_INVALID;

      switch (c)
        {
        case ',':
          if (top != NULL && top->names != NULL)
            top->expect_name = TRUE;
          i++;
          break;

        case ':':
          i++;
          break;

        case '{': case '[':
          {
            Frame frame = { NULL, FALSE };

            if (stack->len >= OKP_PROGRESS_JSON_MAX_NESTING)
              return OKP_PROGRESS_JSON_INVALID;
            if (top != NULL)
              top->expect_name = FALSE;
            if (c == '{')
              {
                frame.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
                frame.expect_name = TRUE;
              }
            g_array_append_val (stack, frame);
            i++;
          }
          break;

        case '}': case ']':
          if (top == NULL || (c == '}') != (top->names != NULL))
            return OKP_PROGRESS_JSON_INVALID;
          g_array_set_size (stack, stack->len - 1);
          i++;
          break;

        case '"':
          {
            gboolean is_name = top != NULL && top->names != NULL && top->expect_name;
            g_autoptr(GString) name = is_name ? g_string_new (NULL) : NULL;

            for (i++; i < length && data[i] != '"'; )
              {
                if ((guchar) data[i] < 0x20)
                  return OKP_PROGRESS_JSON_INVALID;
                if (data[i] == '\\')
                  {
                    if (!check_escape (data, length, &i, name))
                      return OKP_PROGRESS_JSON_INVALID;
                  }
                else
                  {
                    if (name != NULL)
                      g_string_append_c (name, data[i]);
                    i++;
                  }
              }
            if (i >= length)
              return OKP_PROGRESS_JSON_INVALID;
            i++;

            if (is_name)
              {
                top->expect_name = FALSE;
                /* Not returned at once: a file that is not JSON at all
                 * further on is reported as such. */
                if (!g_hash_table_add (top->names, g_string_free (g_steal_pointer (&name), FALSE)))
                  duplicate = TRUE;
              }
          }
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
                  return OKP_PROGRESS_JSON_INVALID;
              }
            else if (g_ascii_islower (c))
              {
                while (i < length && g_ascii_isalpha (data[i]))
                  i++;
                if (!((i - start == 4 && memcmp (data + start, "true", 4) == 0) ||
                      (i - start == 5 && memcmp (data + start, "false", 5) == 0) ||
                      (i - start == 4 && memcmp (data + start, "null", 4) == 0)))
                  return OKP_PROGRESS_JSON_INVALID;
              }
            else
              return OKP_PROGRESS_JSON_INVALID;
          }
          break;
        }

      complete = stack->len == 0;
    }

  if (!complete)
    return OKP_PROGRESS_JSON_INVALID;

  return duplicate ? OKP_PROGRESS_JSON_DUPLICATE : OKP_PROGRESS_JSON_OK;
}
