/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-channel-uri"

#include "config.h"

#include "okp-channel-uri.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * Everything that turns a support endpoint and a case into a URI the
 * desktop opens: validating addresses, numbers and https: URLs, building
 * and parsing mailto: (RFC 6068), tel: (RFC 3966) and https: URIs, and the
 * long-case rule that keeps a mailto: URI within what mail programs take.
 * It runs to about 1,000 lines because the validators and the builders
 * must agree character for character (the launcher accepts a URI only if
 * parsing and building it again gives it back unchanged), which is easiest
 * to check when they sit side by side.
 */

/* RFC 5321 limits; longer parts are refused by mail servers anyway. */
#define LOCAL_PART_MAX  64
#define DOMAIN_MAX     253
#define LABEL_MAX       63

#define PHONE_DIGITS_MIN  3
#define PHONE_DIGITS_MAX 20

/* RFC 6068 some-delims: allowed unencoded in the recipient part of a
 * mailto: URI. Everything else outside "unreserved" is percent-encoded. */
#define MAILTO_SOME_DELIMS "!$'()*+,;:@"

G_DEFINE_QUARK (okp-endpoint-error-quark, okp_endpoint_error)

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID, message);
}

static gboolean
is_unreserved (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* A byte that must never appear in an endpoint: C0 controls (CR and LF
 * included, the usual header injection), space and DEL. */
static gboolean
is_space_or_control (char c)
{
  guchar u = (guchar) c;

  return u <= 0x20 || u == 0x7f;
}

/* RFC 5322 atext less "?", "&" and "%", which have a meaning in a mailto:
 * URI ("?" starts the header fields, "&" separates them, "%" starts an
 * escape). They are legal in a mailbox in theory and never used by a real
 * support address; refusing them, together with the "," and ";" that
 * separate addresses, removes every way to smuggle in another recipient
 * or header. */
static gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$'*+-/=^_`{|}~", c) != NULL);
}

typedef enum {
  DOMAIN_OK,
  DOMAIN_BAD_LENGTH,
  DOMAIN_BAD_LABEL,
  DOMAIN_NO_DOT,
  DOMAIN_NUMERIC,
} DomainCheck;

/* A DNS name in ASCII form: letter-digit-hyphen labels of 1 to 63
 * characters, not starting or ending with a hyphen, at least two labels.
 * Top-level domains are never all digits, so "10.0.0.1" is refused here:
 * it is an IP address, not a domain name. */
static DomainCheck
check_domain (const char *domain)
{
  const char *label = domain;
  const char *p;
  gboolean has_dot = FALSE;
  gboolean label_numeric = TRUE;
  gsize len = strlen (domain);

  if (len == 0 || len > DOMAIN_MAX)
    return DOMAIN_BAD_LENGTH;

  for (p = domain;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize label_len = p - label;

          if (label_len == 0 || label_len > LABEL_MAX || label[0] == '-' || p[-1] == '-')
            return DOMAIN_BAD_LABEL;

          if (*p == '\0')
            break;

          has_dot = TRUE;
          label = p + 1;
          label_numeric = TRUE;
        }
      else if (g_ascii_isalnum (*p) || *p == '-')
        {
          if (!g_ascii_isdigit (*p))
            label_numeric = FALSE;
        }
      else
        return DOMAIN_BAD_LABEL;
    }

  if (!has_dot)
    return DOMAIN_NO_DOT;

  if (label_numeric)
    return DOMAIN_NUMERIC;

  return DOMAIN_OK;
}

static gboolean
validate_email_domain (const char  *domain,
                       GError     **error)
{
  switch (check_domain (domain))
    {
    case DOMAIN_OK:
      return TRUE;
    case DOMAIN_BAD_LENGTH:
      set_invalid (error, _("The part after “@” must be 1 to 253 characters long."));
      return FALSE;
    case DOMAIN_BAD_LABEL:
      set_invalid (error,
                   _("Each part of the domain name must be 1 to 63 letters, digits or "
                     "hyphens, and cannot start or end with a hyphen."));
      return FALSE;
    case DOMAIN_NO_DOT:
      set_invalid (error,
                   _("The part after “@” must be a domain name with a dot, such as example.com."));
      return FALSE;
    case DOMAIN_NUMERIC:
      set_invalid (error, _("The part after “@” must be a domain name, not a number."));
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/**
 * okp_endpoint_validate_email:
 * @address: a candidate support address
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Checks that @address is one bare addr-spec (local@domain) that can be
 * placed in a mailto: URI without adding recipients or header fields: a
 * dot-atom local part of at most 64 characters, a domain of at most 253
 * characters made of letter-digit-hyphen labels with at least one dot,
 * ASCII only, no display name, no spaces, no line breaks and none of
 * `? & % , ;`.
 *
 * Returns: %TRUE if @address is acceptable
 */
gboolean
okp_endpoint_validate_email (const char  *address,
                             GError     **error)
{
  const char *at;
  const char *p;
  gsize local_len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (address == NULL || *address == '\0')
    {
      set_invalid (error, _("The email address is empty."));
      return FALSE;
    }

  /* Checked over the whole string first, so that an injection attempt is
   * named for what it is rather than as a misplaced character. */
  for (p = address; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          set_invalid (error, _("The email address contains a line break."));
          return FALSE;
        }
    }

  for (p = address; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        {
          set_invalid (error,
                       _("The email address contains a character outside the basic Latin "
                         "alphabet, which is not supported."));
          return FALSE;
        }
      if (is_space_or_control (*p))
        {
          set_invalid (error, _("The email address contains a space or a control character."));
          return FALSE;
        }
      if (*p == '<' || *p == '>' || *p == '"')
        {
          set_invalid (error,
                       _("Enter the address alone, without a name or angle brackets, for "
                         "example support@example.com."));
          return FALSE;
        }
      if (strchr ("?&%,;", *p) != NULL)
        {
          g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                       /* Translators: %c is one of ? & % , ; */
                       _("The email address contains “%c”, which could add recipients or "
                         "header fields to the message."),
                       *p);
          return FALSE;
        }
    }

  at = strchr (address, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    {
      set_invalid (error, _("An email address must contain exactly one “@”."));
      return FALSE;
    }

  local_len = at - address;
  if (local_len == 0 || local_len > LOCAL_PART_MAX)
    {
      set_invalid (error, _("The part before “@” must be 1 to 64 characters long."));
      return FALSE;
    }

  if (address[0] == '.' || at[-1] == '.' || g_strstr_len (address, local_len, "..") != NULL)
    {
      set_invalid (error,
                   _("The part before “@” cannot start or end with a dot or contain two dots "
                     "in a row."));
      return FALSE;
    }

  for (p = address; p < at; p++)
    {
      if (*p != '.' && !is_local_char (*p))
        {
          g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                       /* Translators: %c is a punctuation character */
                       _("The part before “@” contains “%c”, which is not allowed."),
                       *p);
          return FALSE;
        }
    }

  return validate_email_domain (at + 1, error);
}

static gboolean
is_phone_separator (char c)
{
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

/**
 * okp_endpoint_validate_phone:
 * @number: a candidate hotline number
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Checks that @number is an optional leading "+" followed by 3 to 20
 * digits, possibly separated by spaces, hyphens, dots and parentheses for
 * readability. Letters (vanity numbers such as "1-800-CALL-NOW") and every
 * other character are refused: the number must be dialled as shown.
 *
 * Returns: %TRUE if @number is acceptable
 */
gboolean
okp_endpoint_validate_phone (const char  *number,
                             GError     **error)
{
  const char *p;
  guint digits = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (number == NULL || *number == '\0')
    {
      set_invalid (error, _("The phone number is empty."));
      return FALSE;
    }

  for (p = number; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+')
        {
          if (p != number)
            {
              set_invalid (error, _("“+” is only allowed at the start of the phone number."));
              return FALSE;
            }
        }
      else if (g_ascii_isalpha (*p))
        {
          set_invalid (error,
                       _("The phone number contains letters. Enter it with digits only."));
          return FALSE;
        }
      else if (!is_phone_separator (*p))
        {
          set_invalid (error,
                       _("The phone number may only contain digits, a leading “+”, spaces, "
                         "“-”, “.” and parentheses."));
          return FALSE;
        }
    }

  if (digits < PHONE_DIGITS_MIN || digits > PHONE_DIGITS_MAX)
    {
      set_invalid (error, _("A phone number has 3 to 20 digits."));
      return FALSE;
    }

  return TRUE;
}

/* Parses @url as a strict https: URI with a host and no user info. The
 * returned GUri keeps its components percent-encoded so that converting it
 * back to a string does not change what the address means. */
static GUri *
parse_https (const char  *url,
             GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *scheme = NULL;
  const char *host;
  const char *p;

  if (url == NULL || *url == '\0')
    {
      set_invalid (error, _("The web address is empty."));
      return NULL;
    }

  if (!g_utf8_validate (url, -1, NULL))
    {
      set_invalid (error, _("The web address is not valid text."));
      return NULL;
    }

  /* GUri accepts a raw space in the host even in strict mode, so spaces
   * and control characters are refused before parsing. */
  for (p = url; *p != '\0'; p++)
    {
      if (is_space_or_control (*p))
        {
          set_invalid (error, _("The web address contains a space or a control character."));
          return NULL;
        }
    }

  /* Characters that RFC 3986 never allows raw. GUri lets some through,
   * and browsers read others their own way (a backslash as "/"), which
   * could make the address shown differ from the page opened. Non-ASCII
   * text is allowed: GUri percent-encodes it below. */
  for (p = url; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x80 && !is_unreserved (*p) && strchr (":/?#[]@!$&'()*+,;=%", *p) == NULL)
        {
          g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                       /* Translators: %c is a punctuation character */
                       _("The web address contains “%c”, which is not allowed in a web address."),
                       *p);
          return NULL;
        }
    }

  scheme = g_uri_parse_scheme (url);
  if (scheme == NULL)
    {
      set_invalid (error, _("The web address must start with “https://”."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "javascript") == 0)
    {
      set_invalid (error,
                   _("A “javascript:” address runs a script instead of opening a page. Only "
                     "“https://” web addresses are accepted."));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "file") == 0)
    {
      set_invalid (error,
                   _("A “file:” address opens a file on this computer, not a web page. Only "
                     "“https://” web addresses are accepted."));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "data") == 0)
    {
      set_invalid (error,
                   _("A “data:” address carries its own content instead of pointing to an "
                     "official page. Only “https://” web addresses are accepted."));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      set_invalid (error,
                   _("An “http:” address is not encrypted, so the page could be altered on "
                     "the way. Use the page’s “https://” address."));
      return NULL;
    }
  /* Schemes are case-insensitive (RFC 3986 §3.1); GUri lowercases it. */
  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                   /* Translators: %s is a URI scheme such as "ftp" */
                   _("Only “https://” web addresses are accepted, not “%s:”."),
                   scheme);
      return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                   /* Translators: %s is the reason given by the URI parser */
                   _("The web address is not valid (%s)."),
                   local_error->message);
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      set_invalid (error, _("The web address has no host name."));
      return NULL;
    }

  /* GUri has already turned an internationalised name into its ASCII
   * form; anything else that is neither an IP address nor a DNS name
   * ("localhost", "exa!mple.com") is no official support page. */
  if (!g_hostname_is_ip_address (host) && check_domain (host) != DOMAIN_OK)
    {
      set_invalid (error, _("The web address’s host is not a valid domain name."));
      return NULL;
    }

  /* "https://okpay.com@example.net" goes to example.net; user info is a
   * classic way to disguise a link, and no support page needs it. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      set_invalid (error,
                   _("The web address contains a user name or password before the host, "
                     "which can disguise where it leads."));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/**
 * okp_endpoint_validate_https:
 * @url: a candidate web address
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Checks that @url parses strictly with #GUri, that its scheme is https,
 * that it has a host and no user info, and that it contains no spaces or
 * control characters. The reason for refusing javascript:, file:, data:
 * and http: addresses is named in the error.
 *
 * Returns: %TRUE if @url is acceptable
 */
gboolean
okp_endpoint_validate_https (const char  *url,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = parse_https (url, error);

  return uri != NULL;
}

/* Appends @len bytes of @s, percent-encoding every byte that is neither
 * unreserved nor in @safe. Non-ASCII text thus becomes its UTF-8 octets,
 * which any RFC 6068 reader decodes back to the same characters. */
static void
append_encoded (GString    *out,
                const char *s,
                gsize       len,
                const char *safe)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (is_unreserved (c) || (c != '\0' && strchr (safe, c) != NULL))
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "%%%02X", (guchar) c);
    }
}

/* Appends @text as an hfvalue, with every line break (\n, \r\n or \r)
 * replaced by @line_break, which is appended encoded like the rest. */
static void
append_hfvalue (GString    *out,
                const char *text,
                const char *line_break)
{
  const char *start = text;
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          append_encoded (out, start, p - start, "");
          append_encoded (out, line_break, strlen (line_break), "");
          if (p[0] == '\r' && p[1] == '\n')
            p++;
          start = p + 1;
        }
    }

  append_encoded (out, start, p - start, "");
}

/**
 * okp_uri_build_mailto:
 * @to: (nullable): the recipient, or %NULL or "" for none
 * @subject: (nullable): the subject
 * @body: (nullable): the message body
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Builds an RFC 6068 mailto: URI. @to is validated with
 * okp_endpoint_validate_email(); an empty recipient gives
 * "mailto:?subject=…", which opens the composer with no recipient. In the
 * subject and body everything but unreserved characters is
 * percent-encoded (a space as "%20", never "+"); line breaks in the body
 * become CRLF as RFC 6068 requires, line breaks in the subject become
 * spaces since a subject is one line. Empty fields are left out.
 *
 * Returns: (transfer full): the URI, or %NULL with @error set
 */
char *
okp_uri_build_mailto (const char  *to,
                      const char  *subject,
                      const char  *body,
                      GError     **error)
{
  g_autoptr(GString) uri = NULL;
  char separator = '?';

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (subject == NULL || g_utf8_validate (subject, -1, NULL), NULL);
  g_return_val_if_fail (body == NULL || g_utf8_validate (body, -1, NULL), NULL);

  uri = g_string_new ("mailto:");

  if (to != NULL && *to != '\0')
    {
      if (!okp_endpoint_validate_email (to, error))
        return NULL;
      append_encoded (uri, to, strlen (to), MAILTO_SOME_DELIMS);
    }

  if (subject != NULL && *subject != '\0')
    {
      g_string_append_c (uri, separator);
      g_string_append (uri, "subject=");
      append_hfvalue (uri, subject, " ");
      separator = '&';
    }

  if (body != NULL && *body != '\0')
    {
      g_string_append_c (uri, separator);
      g_string_append (uri, "body=");
      append_hfvalue (uri, body, "\r\n");
    }

  return g_string_free (g_steal_pointer (&uri), FALSE);
}

/* The length append_hfvalue() gives @len bytes of @text as a body, where a
 * line break (\n, \r\n or \r) becomes an encoded CRLF. */
static gsize
body_encoded_length (const char *text,
                     gsize       len)
{
  gsize length = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r' || text[i] == '\n')
        {
          length += strlen ("%0D%0A");
          if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
        }
      else
        length += is_unreserved (text[i]) ? 1 : 3;
    }

  return length;
}

/**
 * okp_uri_build_mailto_within:
 * @to: (nullable): the recipient, as for okp_uri_build_mailto()
 * @subject: (nullable): the subject
 * @body: (nullable): the message body
 * @max_length: the longest URI wanted, in bytes (usually
 *   %OKP_MAILTO_SAFE_LENGTH)
 * @continuation: (nullable): text put after the body's start when the
 *   body has to be shortened, saying where the rest is
 * @body_kept: (out) (optional): how many bytes of @body the URI carries;
 *   the length of @body when it carries all of it
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Builds a mailto: URI as okp_uri_build_mailto() does, no longer than
 * @max_length. When the whole body does not fit, the URI carries the
 * longest start of the body that fits together with @continuation, cut
 * at a line break where one is near the end, never inside a character or
 * a line break. Chinese text grows about nine times when percent-encoded,
 * so the cut is made on the encoded length.
 *
 * Returns: (transfer full): the URI, or %NULL with @error set when even
 *   the recipient, subject and @continuation do not fit
 */
char *
okp_uri_build_mailto_within (const char  *to,
                             const char  *subject,
                             const char  *body,
                             gsize        max_length,
                             const char  *continuation,
                             gsize       *body_kept,
                             GError     **error)
{
  g_autofree char *whole = NULL;
  g_autofree char *head = NULL;
  g_autofree char *shortened = NULL;
  gsize body_length = body != NULL ? strlen (body) : 0;
  gsize fixed;
  gsize budget;
  gsize used = 0;
  gsize cut = 0;
  gsize line_cut = 0;
  char *uri;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (body == NULL || g_utf8_validate (body, -1, NULL), NULL);
  g_return_val_if_fail (continuation == NULL || g_utf8_validate (continuation, -1, NULL), NULL);

  whole = okp_uri_build_mailto (to, subject, body, error);
  if (whole == NULL)
    return NULL;
  if (strlen (whole) <= max_length)
    {
      if (body_kept != NULL)
        *body_kept = body_length;
      return g_steal_pointer (&whole);
    }

  /* Everything but the body's start: the recipient and subject, the
   * "?body=" or "&body=", and the continuation. */
  head = okp_uri_build_mailto (to, subject, NULL, error);
  if (head == NULL)
    return NULL;
  fixed = strlen (head) + strlen ("&body=");
  if (continuation != NULL)
    fixed += body_encoded_length (continuation, strlen (continuation));

  if (fixed > max_length)
    {
      set_invalid (error, _("The summary does not fit in an email link, even shortened."));
      return NULL;
    }
  budget = max_length - fixed;

  /* The longest start of the body, in whole characters, that fits. */
  for (const char *p = body; *p != '\0'; )
    {
      const char *next = g_utf8_next_char (p);
      gsize step;

      if (p[0] == '\r' && p[1] == '\n')
        next = p + 2;
      step = body_encoded_length (p, next - p);
      if (used + step > budget)
        break;
      used += step;
      p = next;
      cut = p - body;
      if (p[-1] == '\n' || p[-1] == '\r')
        line_cut = cut;
    }

  /* At the end of a line, unless that would drop more than a quarter. */
  if (line_cut > 0 && line_cut >= cut - cut / 4)
    cut = line_cut;
  while (cut > 0 && g_ascii_isspace (body[cut - 1]))
    cut--;

  shortened = g_malloc (cut + (continuation != NULL ? strlen (continuation) : 0) + 1);
  memcpy (shortened, body, cut);
  strcpy (shortened + cut, continuation != NULL ? continuation : "");
  uri = okp_uri_build_mailto (to, subject, shortened, error);
  if (uri == NULL)
    return NULL;
  g_assert (strlen (uri) <= max_length);

  if (body_kept != NULL)
    *body_kept = cut;
  return uri;
}

/**
 * okp_mail_case_body:
 * @to: (nullable): the recipient, as for okp_uri_build_mailto()
 * @subject: (nullable): the subject
 * @summary: the whole case summary
 * @can_attach: whether files go along with the email (through the Email
 *   portal), so that the whole summary can travel as an attached file
 * @rest: (out): where the part of @summary the body does not carry is
 * @mailto_uri: (out) (optional) (transfer full): the mailto: URI carrying
 *   @subject and the returned body, for when there is no Email portal
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * The long-case rule, one for every way an email leaves the application.
 * The body is never longer than what a mailto: URI of
 * %OKP_MAILTO_SAFE_LENGTH bytes carries, even through the Email portal:
 * the portal's backends hand the body to the mail program on a command
 * line or in a mailto: URI of their own, where a long body is cut or
 * dropped just the same. When the summary does not fit, the body keeps its
 * start and ends with a sentence saying where the rest is: in the attached
 * %OKP_CASE_SUMMARY_FILENAME when @can_attach (the caller attaches the
 * whole summary under that name), on the clipboard otherwise (the caller
 * puts the whole summary there and says so). A summary that fits is
 * carried whole and @rest is %OKP_CASE_REST_NONE.
 *
 * Returns: (transfer full): the body, or %NULL with @error set when even
 *   the recipient and subject do not fit in a mailto: URI
 */
char *
okp_mail_case_body (const char   *to,
                    const char   *subject,
                    const char   *summary,
                    gboolean      can_attach,
                    OkpCaseRest  *rest,
                    char        **mailto_uri,
                    GError      **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *continuation = NULL;
  gsize summary_length;
  gsize kept = 0;

  g_return_val_if_fail (summary != NULL && g_utf8_validate (summary, -1, NULL), NULL);
  g_return_val_if_fail (rest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  summary_length = strlen (summary);
  continuation = g_strconcat ("\n\n",
                              can_attach
                              ? _("The full summary is in the attached file.")
                              : _("The rest of this summary is on your clipboard: paste it here."),
                              NULL);
  uri = okp_uri_build_mailto_within (to, subject, summary, OKP_MAILTO_SAFE_LENGTH,
                                     continuation, &kept, error);
  if (uri == NULL)
    return NULL;

  if (mailto_uri != NULL)
    *mailto_uri = g_steal_pointer (&uri);
  if (kept == summary_length)
    {
      *rest = OKP_CASE_REST_NONE;
      return g_strdup (summary);
    }
  *rest = can_attach ? OKP_CASE_REST_ATTACHMENT : OKP_CASE_REST_CLIPBOARD;
  {
    g_autofree char *start = g_strndup (summary, kept);

    return g_strconcat (start, continuation, NULL);
  }
}

/**
 * okp_uri_build_tel:
 * @number: a hotline number
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Builds an RFC 3966 tel: URI from @number, validated with
 * okp_endpoint_validate_phone(), with the visual separators removed:
 * "+1 (555) 123-4567" gives "tel:+15551234567". A number without "+" is a
 * local number; its phone-context is not known to us, so it is left out
 * and the dialer treats the number as local to the user's network.
 *
 * Returns: (transfer full): the URI, or %NULL with @error set
 */
char *
okp_uri_build_tel (const char  *number,
                   GError     **error)
{
  g_autoptr(GString) uri = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!okp_endpoint_validate_phone (number, error))
    return NULL;

  uri = g_string_new ("tel:");
  for (const char *p = number; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || *p == '+')
        g_string_append_c (uri, *p);
    }

  return g_string_free (g_steal_pointer (&uri), FALSE);
}

/**
 * okp_uri_build_https:
 * @url: a web address
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Validates @url with okp_endpoint_validate_https() and returns it as
 * normalised by #GUri: lowercase scheme, default port dropped, empty path
 * turned into "/", internationalised host names in ASCII form and
 * non-ASCII characters percent-encoded. Existing escapes are kept as they
 * are, so the address still means the same thing.
 *
 * Returns: (transfer full): the URI, or %NULL with @error set
 */
char *
okp_uri_build_https (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_https (url, error);
  if (uri == NULL)
    return NULL;

  return g_uri_to_string (uri);
}

static gboolean
is_qchar_or_escape (const char *p)
{
  if (*p == '%')
    return g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]);

  return is_unreserved (*p) || (*p != '\0' && strchr (MAILTO_SOME_DELIMS, *p) != NULL);
}

/* Decodes one percent-encoded component. The parser serves tests and the
 * recorder used by end-to-end tests, never the user, so its messages are
 * not translated. */
static char *
decode_component (const char  *start,
                  const char  *end,
                  const char  *what,
                  GError     **error)
{
  g_autofree char *decoded = NULL;

  for (const char *p = start; p < end; p++)
    {
      if (!is_qchar_or_escape (p))
        {
          g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                       "Character ‘%c’ (0x%02X) must be percent-encoded in the %s",
                       g_ascii_isprint (*p) ? *p : '?', (guchar) *p, what);
          return NULL;
        }
      if (*p == '%')
        p += 2;
    }

  /* g_uri_unescape_segment() refuses an encoded NUL. */
  decoded = g_uri_unescape_segment (start, end, NULL);
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                   "The %s does not decode to valid UTF-8 text", what);
      return NULL;
    }

  return g_steal_pointer (&decoded);
}

static char *
crlf_to_lf (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n')
        continue;
      g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * okp_uri_parse_mailto:
 * @uri: a mailto: URI
 * @to: (out) (optional): the decoded recipient part, "" if none
 * @subject: (out) (optional): the decoded subject, "" if none
 * @body: (out) (optional): the decoded body with CRLF turned back into
 *   "\n", "" if none
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Parses the URIs okp_uri_build_mailto() makes, strictly: every character
 * outside the RFC 6068 qchar set must be percent-encoded, and the only
 * header fields accepted are one subject and one body. Anything else (a
 * cc, bcc or second to, a fragment) is an error, which is what a test of
 * the builder needs to see.
 *
 * Returns: %TRUE on success
 */
gboolean
okp_uri_parse_mailto (const char  *uri,
                      char       **to,
                      char       **subject,
                      char       **body,
                      GError     **error)
{
  g_autofree char *to_decoded = NULL;
  g_autofree char *subject_decoded = NULL;
  g_autofree char *body_decoded = NULL;
  const char *rest;
  const char *query;
  const char *field;

  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_ascii_strncasecmp (uri, "mailto:", strlen ("mailto:")) != 0)
    {
      g_set_error_literal (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                           "Not a mailto: URI");
      return FALSE;
    }

  rest = uri + strlen ("mailto:");
  query = strchr (rest, '?');

  to_decoded = decode_component (rest, query != NULL ? query : rest + strlen (rest),
                                 "recipient", error);
  if (to_decoded == NULL)
    return FALSE;

  for (field = query; field != NULL;)
    {
      const char *name = field + 1;
      const char *end = strchr (name, '&');
      const char *equals;
      g_autofree char *name_decoded = NULL;
      char **target;

      if (end == NULL)
        end = name + strlen (name);

      equals = memchr (name, '=', end - name);
      if (equals == NULL)
        {
          g_set_error_literal (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                               "Header field without “=”");
          return FALSE;
        }

      name_decoded = decode_component (name, equals, "header field name", error);
      if (name_decoded == NULL)
        return FALSE;

      if (g_ascii_strcasecmp (name_decoded, "subject") == 0)
        target = &subject_decoded;
      else if (g_ascii_strcasecmp (name_decoded, "body") == 0)
        target = &body_decoded;
      else
        {
          g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                       "Unexpected header field “%s”", name_decoded);
          return FALSE;
        }

      if (*target != NULL)
        {
          g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                       "Header field “%s” appears twice", name_decoded);
          return FALSE;
        }

      *target = decode_component (equals + 1, end, name_decoded, error);
      if (*target == NULL)
        return FALSE;

      field = *end == '&' ? end : NULL;
    }

  if (to != NULL)
    *to = g_steal_pointer (&to_decoded);
  if (subject != NULL)
    *subject = subject_decoded != NULL ? g_steal_pointer (&subject_decoded) : g_strdup ("");
  if (body != NULL)
    *body = body_decoded != NULL ? crlf_to_lf (body_decoded) : g_strdup ("");

  return TRUE;
}
