/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-test-channel-uri"

#include "config.h"

#include "okp-channel-uri.h"
#include "okp-endpoints.h"

#include <locale.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

/* Turns every line break (\r\n, \r, \n) into \n: what a body must read
 * like once it has gone through the URI and back. Written independently
 * of the builder on purpose. */
static char *
normalize_breaks (const char *text,
                  char        replacement)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          g_string_append_c (out, replacement);
          if (p[0] == '\r' && p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_unreserved (char c)
{
  return g_ascii_isalnum (c) || strchr ("-._~", c) != NULL;
}

/* Every character of a built URI is either part of the structure or
 * allowed unencoded by RFC 6068; escapes use uppercase hex digits. */
static void
assert_mailto_charset (const char *uri)
{
  const char *query = strchr (uri, '?');

  g_assert_true (g_str_has_prefix (uri, "mailto:"));

  for (const char *p = uri + strlen ("mailto:"); *p != '\0'; p++)
    {
      gboolean in_query = query != NULL && p >= query;

      if (*p == '%')
        {
          g_assert_true (g_ascii_isxdigit (p[1]) && !g_ascii_islower (p[1]));
          g_assert_true (g_ascii_isxdigit (p[2]) && !g_ascii_islower (p[2]));
          p += 2;
        }
      else if (in_query)
        {
          /* In header values only unreserved characters stay as they are:
           * no '+' for a space, no raw '/', '#', '?', '='. */
          if (p != query && !is_unreserved (*p) && *p != '&' && *p != '=')
            g_error ("Unencoded ‘%c’ in the header fields of %s", *p, uri);
        }
      else if (!is_unreserved (*p) && strchr ("!$'()*+,;:@", *p) == NULL)
        g_error ("Unencoded ‘%c’ in the recipient of %s", *p, uri);
    }
}

/* Decodes the URI's parts with g_uri_unescape_string() alone, without the
 * parser under test, and checks them against the expected fields. The body
 * must arrive with CRLF line breaks only. */
static void
assert_decodes_independently (const char *uri,
                              const char *to,
                              const char *subject,
                              const char *body)
{
  const char *rest = uri + strlen ("mailto:");
  const char *query = strchr (rest, '?');
  g_autofree char *to_part = g_strndup (rest, query != NULL ? (gsize) (query - rest) : strlen (rest));
  g_autofree char *to_decoded = g_uri_unescape_string (to_part, NULL);
  g_auto(GStrv) fields = g_strsplit (query != NULL ? query + 1 : "", "&", -1);
  gboolean seen_subject = FALSE;
  gboolean seen_body = FALSE;

  g_assert_cmpstr (to_decoded, ==, to);

  for (guint i = 0; query != NULL && fields[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (fields[i], "=", 2);
      g_autofree char *value = NULL;

      g_assert_cmpuint (g_strv_length (pair), ==, 2);
      value = g_uri_unescape_string (pair[1], NULL);
      g_assert_nonnull (value);

      if (g_str_equal (pair[0], "subject"))
        {
          g_assert_false (seen_subject);
          seen_subject = TRUE;
          g_assert_cmpstr (value, ==, subject);
        }
      else if (g_str_equal (pair[0], "body"))
        {
          g_auto(GStrv) lines = g_strsplit (value, "\r\n", -1);
          g_autofree char *joined = g_strjoinv ("\n", lines);

          g_assert_false (seen_body);
          seen_body = TRUE;
          /* No bare CR or LF may be left once the CRLF pairs are gone. */
          for (guint j = 0; lines[j] != NULL; j++)
            g_assert_null (strpbrk (lines[j], "\r\n"));
          g_assert_cmpstr (joined, ==, body);
        }
      else
        g_error ("Unexpected header field %s in %s", pair[0], uri);
    }

  g_assert_cmpint (seen_subject, ==, *subject != '\0');
  g_assert_cmpint (seen_body, ==, *body != '\0');
}

/* ---- mailto: round trips ------------------------------------------------ */

typedef struct {
  const char *name;
  const char *to;
  const char *subject;
  const char *body;
  const char *encoded_to;    /* the recipient as it must appear in the URI */
} MailtoCase;

static const MailtoCase mailto_cases[] = {
  { "chinese", "support@okpay.example", "登录失败：收不到验证码",
    "问题：无法登录\n开始处理：2024年5月1日 10:02\n已完成的步骤：\n- 检查网络连接（10:05）\n"
    "尚未完成：\n- 重置密码\n补充信息：错误提示“账户已锁定”",
    "support@okpay.example" },
  { "spaces", "help@example.com", "  Payment  failed ",
    " Amount: 100 USD   (three spaces)  trailing  ", "help@example.com" },
  { "newlines-lf", "help@example.com", "Withdrawal", "first\nsecond\n\nfourth\n",
    "help@example.com" },
  { "newlines-crlf", "help@example.com", "Withdrawal", "first\r\nsecond\r\n\r\nfourth\r\n",
    "help@example.com" },
  { "newlines-cr", "help@example.com", "Withdrawal", "first\rsecond\r\rfourth\r",
    "help@example.com" },
  { "newlines-mixed", "help@example.com", "Withdrawal", "a\r\n\rb\n\r\nc\n\nd",
    "help@example.com" },
  { "subject-newlines", "help@example.com", "line one\nline two\r\nthree\rfour", "x",
    "help@example.com" },
  { "delimiters", "help@example.com", "& ? # % + = /",
    "a=1&b=2?c#d%25+e/f; g, h: i@j [k] {l} \"m\" 'n' <o> \\p |q| ^r^ `s`",
    "help@example.com" },
  { "already-encoded", "help@example.com", "%20%0D%0A%E7", "body=%26&subject=evil",
    "help@example.com" },
  { "controls-and-emoji", "help@example.com", "tab\there 😀", "col1\tcol2\x01\x7f 😀 ÄÖÜ ß",
    "help@example.com" },
  { "recipient-atext", "o'neil+help#1/a=b@sub.example.org", "x", "y",
    "o'neil+help%231%2Fa%3Db@sub.example.org" },
  { "empty-recipient-null", NULL, "交易失败", "摘要\n第二行", "" },
  { "empty-recipient-string", "", "交易失败", "摘要\n第二行", "" },
  { "empty-subject", "help@example.com", "", "only a body", "help@example.com" },
  { "empty-body", "help@example.com", "only a subject", NULL, "help@example.com" },
  { "all-empty", NULL, NULL, NULL, "" },
};

static void
check_mailto_round_trip (const char *to,
                         const char *subject,
                         const char *body,
                         const char *encoded_to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected_subject = normalize_breaks (subject != NULL ? subject : "", ' ');
  g_autofree char *expected_body = normalize_breaks (body != NULL ? body : "", '\n');
  g_autofree char *prefix = g_strconcat ("mailto:", encoded_to, NULL);
  g_autofree char *parsed_to = NULL;
  g_autofree char *parsed_subject = NULL;
  g_autofree char *parsed_body = NULL;
  const char *after_to;

  uri = okp_uri_build_mailto (to, subject, body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uri);

  g_assert_true (g_str_has_prefix (uri, prefix));
  after_to = uri + strlen (prefix);
  g_assert_true (*after_to == '\0' || *after_to == '?');
  assert_mailto_charset (uri);

  okp_uri_parse_mailto (uri, &parsed_to, &parsed_subject, &parsed_body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed_to, ==, to != NULL ? to : "");
  g_assert_cmpstr (parsed_subject, ==, expected_subject);
  g_assert_cmpstr (parsed_body, ==, expected_body);

  assert_decodes_independently (uri, to != NULL ? to : "", expected_subject, expected_body);

  /* The launcher accepts a URI only if parsing and building it again gives
   * it back unchanged, so the encoding has to be canonical. */
  {
    g_autofree char *rebuilt = okp_uri_build_mailto (parsed_to, parsed_subject, parsed_body, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (rebuilt, ==, uri);
  }
}

static void
test_mailto_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mailto_cases); i++)
    {
      const MailtoCase *c = &mailto_cases[i];

      g_test_message ("case %s", c->name);
      check_mailto_round_trip (c->to, c->subject, c->body, c->encoded_to);
    }
}

/* A case summary of several kilobytes: the whole guide text, and a long
 * generated checklist with every troublesome character on each line. */
static void
test_mailto_long_summary (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seed-zh_CN.txt", NULL);
  g_autofree char *seed = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  gsize seed_len;

  g_file_get_contents (path, &seed, &seed_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seed_len, >, 4096);
  check_mailto_round_trip ("support@okpay.example", "OKPay 帮助", seed, "support@okpay.example");

  for (guint i = 1; i <= 300; i++)
    g_string_append_printf (summary, "%u. 已完成 & checked = yes? 100%% + #%u / 转账\r\n", i, i);
  g_assert_cmpuint (summary->len, >, 8192);
  check_mailto_round_trip (NULL, "Long summary", summary->str, "");
}

typedef struct {
  const char *to;
  const char *subject;
  const char *body;
  const char *uri;
} MailtoExact;

/* A few URIs spelled out, so that the encoding itself is pinned down and
 * not only its round trip. */
static const MailtoExact mailto_exact[] = {
  { "a@b.example", "Hello World", "x\ny", "mailto:a@b.example?subject=Hello%20World&body=x%0D%0Ay" },
  { NULL, "登录", NULL, "mailto:?subject=%E7%99%BB%E5%BD%95" },
  { "", "", "a+b c", "mailto:?body=a%2Bb%20c" },
  { "a#b@c.example", NULL, NULL, "mailto:a%23b@c.example" },
  { "a@b.example", "1\r\n2", "&?#%+=", "mailto:a@b.example?subject=1%202&body=%26%3F%23%25%2B%3D" },
  { "a@b.example", NULL, "\r", "mailto:a@b.example?body=%0D%0A" },
};

static void
test_mailto_exact (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mailto_exact); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = okp_uri_build_mailto (mailto_exact[i].to, mailto_exact[i].subject,
                                                   mailto_exact[i].body, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, mailto_exact[i].uri);
    }
}

/* URIs the builder never makes; the strict parser must refuse them. */
static const char *parse_refused[] = {
  "http://example.com",
  "mailto:a@b.example?subject=x&bcc=y@z.example",
  "mailto:a@b.example?to=y@z.example",
  "mailto:a@b.example?subject=a b",
  "mailto:a@b.example?subject=%zz",
  "mailto:a@b.example?body=%00",
  "mailto:a@b.example?body=%FF%FE",
  "mailto:?subject=1&subject=2",
  "mailto:?subject",
  "mailto:a@b.example#fragment",
  "mailto:a@b.example\r\nBcc: x",
};

static void
test_mailto_parse_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *to = NULL;

      g_test_message ("uri %s", parse_refused[i]);
      g_assert_false (okp_uri_parse_mailto (parse_refused[i], &to, NULL, NULL, &error));
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      g_assert_null (to);
    }
}

/* ---- email addresses ---------------------------------------------------- */

static const char *emails_accepted[] = {
  "support@okpay.example",
  "first.last+tag@sub.example.org",
  "o'neil@example.com",
  "a@b.co",
  "x!#$'*+-/=^_`{|}~y@example.com",
  "user@xn--fsqu00a.example",
  "u@a-b.example",
  "1234@123.example",
};

static void
test_email_accepted (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (emails_accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("address %s", emails_accepted[i]);
      g_assert_true (okp_endpoint_validate_email (emails_accepted[i], &error));
      g_assert_no_error (error);
    }
}

typedef struct {
  const char *value;
  const char *reason;        /* words the (untranslated) reason must contain */
} RefusedCase;

static void
test_email_refused (void)
{
  g_autofree char *long_local = g_strnfill (65, 'a');
  g_autofree char *long_label = g_strnfill (64, 'b');
  g_autofree char *too_long_local = g_strconcat (long_local, "@example.com", NULL);
  g_autofree char *too_long_label = g_strconcat ("a@", long_label, ".com", NULL);
  g_autofree char *long_domain = NULL;
  g_autofree char *too_long_domain = NULL;
  g_autoptr(GString) labels = g_string_new (NULL);
  const RefusedCase cases[] = {
    /* Header injection, in every form. */
    { "a@b.c%0Abcc:x@y.z", "“%”" },
    { "a@b.c?bcc=x@y.z", "“?”" },
    { "a@b.c\r\nBcc: x", "line break" },
    { "a@b.c\nBcc: x", "line break" },
    { "a@b.example&cc=x@y.z", "“&”" },
    { "a@b.example,x@y.z", "“,”" },
    { "a@b.example;x@y.z", "“;”" },
    /* Display names and other decoration. */
    { "Support <a@b.example>", "space" },
    { "<a@b.example>", "angle brackets" },
    { "\"a b\"@example.com", "angle brackets" },
    { "mailto:a@b.example", "“:”" },
    /* Shape. */
    { "", "empty" },
    { "a@b", "dot" },
    { "ab.example", "“@”" },
    { "a@@b.example", "“@”" },
    { "a@b@c.example", "“@”" },
    { "@b.example", "1 to 64" },
    { "a@", "1 to 253" },
    { ".a@b.example", "dot" },
    { "a.@b.example", "dot" },
    { "a..b@c.example", "dot" },
    { "a@-b.example", "hyphen" },
    { "a@b-.example", "hyphen" },
    { "a@b..example", "hyphen" },
    { "a@.b.example", "hyphen" },
    { "a@b.example.", "hyphen" },
    { "a@b_c.example", "hyphen" },
    { "a@10.0.0.1", "number" },
    { "a@[10.0.0.1]", "hyphen" },
    { "a b@c.example", "space" },
    { "a\t@c.example", "space" },
    { "用户@b.example", "Latin" },
    { "a@例子.example", "Latin" },
    { too_long_local, "1 to 64" },
    { too_long_label, "hyphen" },
    { NULL, NULL },    /* filled in below */
  };

  /* 4 × 63 + 3 dots + "@" ... = a 255 character domain. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *label = g_strnfill (63, 'c' + i);

      g_string_append_printf (labels, "%s%s", i > 0 ? "." : "", label);
    }
  g_assert_cmpuint (labels->len, ==, 255);
  too_long_domain = g_strconcat ("a@", labels->str, NULL);
  /* The longest domain allowed, for contrast: 253 characters. */
  long_domain = g_strconcat ("a@", labels->str + 2, NULL);
  g_assert_true (okp_endpoint_validate_email (long_domain, NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) build_error = NULL;
      g_autofree char *uri = NULL;
      const char *address = cases[i].value != NULL ? cases[i].value : too_long_domain;
      const char *reason = cases[i].reason != NULL ? cases[i].reason : "1 to 253";

      g_test_message ("address %s", address);
      g_assert_false (okp_endpoint_validate_email (address, &error));
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      if (strstr (error->message, reason) == NULL)
        g_error ("Reason for %s is “%s”, expected it to mention “%s”",
                 address, error->message, reason);

      /* The builder refuses the same recipients, and builds nothing. */
      if (*address != '\0')
        {
          uri = okp_uri_build_mailto (address, "subject", "body", &build_error);
          g_assert_error (build_error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
          g_assert_null (uri);
        }
    }

  g_assert_false (okp_endpoint_validate_email (NULL, NULL));
}

/* ---- phone numbers ------------------------------------------------------ */

typedef struct {
  const char *number;
  const char *uri;
} PhoneCase;

static const PhoneCase phones_accepted[] = {
  { "+1 555 123 4567", "tel:+15551234567" },
  { "+1 (555) 123-4567", "tel:+15551234567" },
  { "+86 10 1234.5678", "tel:+861012345678" },
  { "400-820-8820", "tel:4008208820" },
  { "95017", "tel:95017" },
  { "112", "tel:112" },
  { "+12345678901234567890", "tel:+12345678901234567890" },
};

static void
test_phone_accepted (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (phones_accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *again = NULL;

      g_assert_true (okp_endpoint_validate_phone (phones_accepted[i].number, &error));
      g_assert_no_error (error);
      uri = okp_uri_build_tel (phones_accepted[i].number, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, phones_accepted[i].uri);

      again = okp_uri_build_tel (uri + strlen ("tel:"), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, uri);
    }
}

static const RefusedCase phones_refused[] = {
  { "+1 555 CALL NOW", "letters" },
  { "1-800-FLOWERS", "letters" },
  { "+86 10 1234 5678 ext 9", "letters" },
  { "", "empty" },
  { "+", "3 to 20" },
  { "12", "3 to 20" },
  { "+123456789012345678901", "3 to 20" },
  { "1+23", "start" },
  { "++123", "start" },
  { "555\n1234", "only contain" },
  { "555\t1234", "only contain" },
  { "555/1234", "only contain" },
  { "555,1234", "only contain" },
  { "555;ext=1", "only contain" },
  { "tel:+15551234567", "letters" },
  { "１２３４５", "only contain" },
  { "+1 555 123 4567#", "only contain" },
  { "*123#", "only contain" },
};

static void
test_phone_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (phones_refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;

      g_test_message ("number %s", phones_refused[i].value);
      g_assert_false (okp_endpoint_validate_phone (phones_refused[i].value, &error));
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      if (strstr (error->message, phones_refused[i].reason) == NULL)
        g_error ("Reason for %s is “%s”, expected it to mention “%s”",
                 phones_refused[i].value, error->message, phones_refused[i].reason);
      g_clear_error (&error);

      uri = okp_uri_build_tel (phones_refused[i].value, &error);
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      g_assert_null (uri);
    }
}

/* ---- https: addresses --------------------------------------------------- */

typedef struct {
  const char *url;
  const char *normalized;
} HttpsCase;

static const HttpsCase https_accepted[] = {
  { "https://example.com", "https://example.com/" },
  { "https://example.com/", "https://example.com/" },
  { "HTTPS://example.com:443/help?topic=login#top", "https://example.com/help?topic=login#top" },
  { "https://example.com:8443/chat", "https://example.com:8443/chat" },
  { "https://help.example.com/a%2Fb?q=%26", "https://help.example.com/a%2Fb?q=%26" },
  { "https://help.example.com/路径", "https://help.example.com/%E8%B7%AF%E5%BE%84" },
  { "https://例子.测试/", "https://xn--fsqu00a.xn--0zwm56d/" },
  { "https://[2001:db8::1]/", "https://[2001:db8::1]/" },
  { "https://192.0.2.1/help", "https://192.0.2.1/help" },
  /* GUri decodes an escaped host name, so what is shown is what opens. */
  { "https://%65xample.com/", "https://example.com/" },
  { "https://a-b.example/?q=1&r=%2B;s=(t)*!$'", "https://a-b.example/?q=1&r=%2B;s=(t)*!$'" },
};

static void
test_https_accepted (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (https_accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *again = NULL;

      g_test_message ("url %s", https_accepted[i].url);
      g_assert_true (okp_endpoint_validate_https (https_accepted[i].url, &error));
      g_assert_no_error (error);
      uri = okp_uri_build_https (https_accepted[i].url, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, https_accepted[i].normalized);

      /* Normalising is idempotent: the launcher's check of a built URI
       * against itself holds. */
      again = okp_uri_build_https (uri, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, uri);
    }
}

static const RefusedCase https_refused[] = {
  { "javascript:alert(1)", "script" },
  { "JavaScript:alert(1)", "script" },
  { "file:///etc/passwd", "file on this computer" },
  { "data:text/html,x", "its own content" },
  { "http://example.com", "not encrypted" },
  { "ftp://example.com/", "not “ftp:”" },
  { "mailto:a@b.example", "not “mailto:”" },
  { "https-evil://example.com", "not “https-evil:”" },
  { "https:///path", "no host" },
  { "https://", "no host" },
  { "https:", "no host" },
  { "https:example.com", "no host" },
  { "https://:443/", "no host" },
  { "https://okpay.example@evil.example/", "user name" },
  { "https://user:pass@example.com/", "user name" },
  { "https://okpay.example\\@evil.example/", "“\\”" },
  { "https://okpay.example\\.evil.example/", "“\\”" },
  { "https://example.com/<script>", "“<”" },
  { "https://example.com/a|b", "“|”" },
  { "https://example.com/\"x\"", "“\"”" },
  { "https://localhost/", "not a valid domain" },
  { "https://exa!mple.com/", "not a valid domain" },
  { "https://-example.com/", "not a valid domain" },
  { "https://10.0.0/", "not a valid domain" },
  { "https://exa mple.com/", "space" },
  { "https://example.com/\n", "space" },
  { " https://example.com/", "space" },
  { "https://example.com/%zz", "not valid" },
  { "https://example.com:99999/", "not valid" },
  { "example.com", "start with" },
  { "//example.com/", "start with" },
  { "", "empty" },
};

static void
test_https_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (https_refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;

      g_test_message ("url %s", https_refused[i].value);
      g_assert_false (okp_endpoint_validate_https (https_refused[i].value, &error));
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      if (strstr (error->message, https_refused[i].reason) == NULL)
        g_error ("Reason for %s is “%s”, expected it to mention “%s”",
                 https_refused[i].value, error->message, https_refused[i].reason);
      g_clear_error (&error);

      uri = okp_uri_build_https (https_refused[i].value, &error);
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      g_assert_null (uri);
    }
}

/* ---- the configuration -------------------------------------------------- */

/* The defaults template with every placeholder replaced, as the build's
 * configure_file() does. */
static char *
configure_template (const char * const *replacements)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources",
                                                 "endpoints.ini.in", NULL);
  g_autofree char *contents = NULL;
  GString *out;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  out = g_string_new (contents);
  for (guint i = 0; replacements[i] != NULL; i += 2)
    g_assert_cmpuint (g_string_replace (out, replacements[i], replacements[i + 1], 0), ==, 1);
  /* No placeholder may be left for the build to miss. */
  g_assert_false (g_regex_match_simple ("@[A-Z_]+@", out->str, 0, 0));

  return g_string_free (out, FALSE);
}

static void
test_defaults_template (void)
{
  const char * const empty[] = {
    "@EMAIL@", "", "@CHAT_URL@", "", "@CHAT_HOURS@", "", "@PHONE@", "",
    "@PHONE_HOURS@", "", "@FACEBOOK_URL@", "", "@TWITTER_URL@", "", NULL,
  };
  const char * const filled[] = {
    "@EMAIL@", "support@okpay.example",
    "@CHAT_URL@", "HTTPS://chat.okpay.example",
    "@CHAT_HOURS@", "每天 9:00–21:00（北京时间）",
    "@PHONE@", "+86 (10) 1234-5678",
    "@PHONE_HOURS@", "Mon–Fri 9:00–18:00",
    "@FACEBOOK_URL@", "https://www.facebook.example/okpay",
    "@TWITTER_URL@", "https://twitter.example/okpay",
    NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_data = configure_template (empty);
  g_autofree char *filled_data = configure_template (filled);
  g_autoptr(OkpEndpoints) none = NULL;
  g_autoptr(OkpEndpoints) all = NULL;
  const char * const *keys = okp_endpoints_get_keys ();

  /* Empty options: nothing configured, and no warning. */
  none = okp_endpoints_new_from_keyfile_data (empty_data, strlen (empty_data), &error);
  g_assert_no_error (error);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_null (okp_endpoints_get (none, keys[i]));
  for (OkpChannelKind kind = OKP_CHANNEL_KIND_CHAT; kind <= OKP_CHANNEL_KIND_PHONE; kind++)
    g_assert_null (okp_channel_destination (none, kind));

  all = okp_endpoints_new_from_keyfile_data (filled_data, strlen (filled_data), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (all->email, ==, "support@okpay.example");
  g_assert_cmpstr (all->chat_url, ==, "https://chat.okpay.example/");
  g_assert_cmpstr (all->chat_hours, ==, "每天 9:00–21:00（北京时间）");
  g_assert_cmpstr (all->phone, ==, "+86 (10) 1234-5678");
  g_assert_cmpstr (all->phone_hours, ==, "Mon–Fri 9:00–18:00");
  g_assert_cmpstr (all->facebook_url, ==, "https://www.facebook.example/okpay");
  g_assert_cmpstr (all->twitter_url, ==, "https://twitter.example/okpay");
  g_assert_cmpuint (g_strv_length ((char **) keys), ==, 7);
}

static void
test_keyfile_bad_values_dropped (void)
{
  const char data[] =
    "[Endpoints]\n"
    "email=a@b.example\\r\\nBcc: x@evil.example\n"
    "chat-url=javascript:alert(1)\n"
    "chat-hours=Always\n"
    "phone=+1 555 CALL NOW\n"
    "phone-hours=line one\\nline two\n"
    "facebook-url=http://facebook.example/okpay\n"
    "twitter-url=https://twitter.example/okpay\n"
    "fax=+1 555 123 4567\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpEndpoints) endpoints = NULL;
  g_autofree char *social = NULL;

  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING,
                         "*invalid email “a@b.example\\r\\nBcc: x@evil.example”*line break*");
  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING, "*invalid chat-url “javascript:*");
  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING, "*invalid phone “+1 555 CALL NOW”*");
  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING, "*invalid phone-hours*one line*");
  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING, "*invalid facebook-url “http:*");
  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING, "*unknown key “fax”*");
  endpoints = okp_endpoints_new_from_keyfile_data (data, strlen (data), &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_null (endpoints->email);
  g_assert_null (endpoints->chat_url);
  g_assert_cmpstr (endpoints->chat_hours, ==, "Always");
  g_assert_null (endpoints->phone);
  g_assert_null (endpoints->phone_hours);
  g_assert_null (endpoints->facebook_url);
  g_assert_cmpstr (endpoints->twitter_url, ==, "https://twitter.example/okpay");

  /* What was dropped is never offered as a destination. */
  g_assert_null (okp_channel_destination (endpoints, OKP_CHANNEL_KIND_EMAIL));
  g_assert_null (okp_channel_destination (endpoints, OKP_CHANNEL_KIND_CHAT));
  g_assert_null (okp_channel_destination (endpoints, OKP_CHANNEL_KIND_PHONE));
  social = okp_channel_destination (endpoints, OKP_CHANNEL_KIND_SOCIAL);
  g_assert_cmpstr (social, ==, "https://twitter.example/okpay");
}

/* Found by fuzz/fuzz-channel-uri: GLib gives both a value and an error
 * for a value ending in a backslash; the value is refused, not
 * validated with an error already set. */
static void
test_keyfile_trailing_backslash (void)
{
  const char *data =
    "[Endpoints]\n"
    "phone=+1 555 123 4567\\\n"
    "chat-hours=Always\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(OkpEndpoints) endpoints = NULL;

  g_test_expect_message ("okp-endpoints", G_LOG_LEVEL_WARNING, "*invalid phone*");
  endpoints = okp_endpoints_new_from_keyfile_data (data, strlen (data), &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_null (endpoints->phone);
  g_assert_cmpstr (endpoints->chat_hours, ==, "Always");
}

static void
test_keyfile_malformed (void)
{
  const struct {
    const char *data;
    GQuark      domain;
    int         code;
  } cases[] = {
    { "email=a@b.example\n", G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND },
    { "[Other]\nemail=a@b.example\n", G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND },
    { "[Endpoints\nemail=a@b.example\n", G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE },
    { "", G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OkpEndpoints) endpoints = NULL;

      endpoints = okp_endpoints_new_from_keyfile_data (cases[i].data, strlen (cases[i].data),
                                                       &error);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_null (endpoints);
    }
}

static void
test_endpoints_set (void)
{
  g_autoptr(OkpEndpoints) endpoints = okp_endpoints_new ();
  g_autoptr(OkpEndpoints) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_hours = g_strnfill (201, 'x');
  g_autofree char *social = NULL;
  g_autofree char *destination = NULL;
  const char * const *keys = okp_endpoints_get_keys ();
  const struct {
    const char *key;
    const char *good;
    const char *stored;
    const char *bad;
  } cases[] = {
    { "email", "support@okpay.example", "support@okpay.example", "a@b.c?bcc=x@y.z" },
    { "chat-url", "HTTPS://chat.okpay.example:443", "https://chat.okpay.example/", "http://chat.okpay.example" },
    { "chat-hours", "24/7", "24/7", "24/7\r\nBcc: x" },
    { "phone", "+1 555 123 4567", "+1 555 123 4567", "+1 555 CALL NOW" },
    { "phone-hours", "工作日 9:00–18:00", "工作日 9:00–18:00", long_hours },
    { "facebook-url", "https://facebook.example/okpay", "https://facebook.example/okpay", "file:///etc/passwd" },
    { "twitter-url", "https://twitter.example/okpay", "https://twitter.example/okpay", "data:text/html,x" },
  };

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, g_strv_length ((char **) keys));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("key %s", cases[i].key);
      g_assert_cmpstr (keys[i], ==, cases[i].key);
      g_assert_null (okp_endpoints_get (endpoints, cases[i].key));

      g_assert_true (okp_endpoints_validate (cases[i].key, cases[i].good, &error));
      g_assert_no_error (error);
      g_assert_true (okp_endpoints_set (endpoints, cases[i].key, cases[i].good, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (okp_endpoints_get (endpoints, cases[i].key), ==, cases[i].stored);

      /* A refused value leaves the previous one in place. */
      g_assert_false (okp_endpoints_validate (cases[i].key, cases[i].bad, &error));
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (okp_endpoints_set (endpoints, cases[i].key, cases[i].bad, &error));
      g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_cmpstr (okp_endpoints_get (endpoints, cases[i].key), ==, cases[i].stored);
    }

  g_assert_cmpstr (endpoints->chat_url, ==, "https://chat.okpay.example/");

  destination = okp_channel_destination (endpoints, OKP_CHANNEL_KIND_EMAIL);
  g_assert_cmpstr (destination, ==, "support@okpay.example");
  g_clear_pointer (&destination, g_free);
  destination = okp_channel_destination (endpoints, OKP_CHANNEL_KIND_CHAT);
  g_assert_cmpstr (destination, ==, "https://chat.okpay.example/");
  g_clear_pointer (&destination, g_free);
  destination = okp_channel_destination (endpoints, OKP_CHANNEL_KIND_PHONE);
  g_assert_cmpstr (destination, ==, "+1 555 123 4567");
  social = okp_channel_destination (endpoints, OKP_CHANNEL_KIND_SOCIAL);
  g_assert_cmpstr (social, ==, "https://facebook.example/okpay\nhttps://twitter.example/okpay");

  /* A copy is deep: changing the original leaves it alone. */
  copy = okp_endpoints_copy (endpoints);
  g_assert_true (copy->email != endpoints->email);

  /* "" and NULL both unset. */
  g_assert_true (okp_endpoints_set (endpoints, "email", "", &error));
  g_assert_no_error (error);
  g_assert_null (okp_endpoints_get (endpoints, "email"));
  g_assert_true (okp_endpoints_set (endpoints, "phone", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (endpoints->phone);
  g_assert_true (okp_endpoints_validate ("phone", "", NULL));

  g_assert_cmpstr (copy->email, ==, "support@okpay.example");
  g_assert_cmpstr (copy->phone, ==, "+1 555 123 4567");
  g_assert_cmpstr (copy->twitter_url, ==, "https://twitter.example/okpay");
}

static void
test_endpoints_boxed (void)
{
  g_autoptr(OkpEndpoints) endpoints = okp_endpoints_new ();
  OkpEndpoints *copy;

  g_assert_true (G_TYPE_IS_BOXED (OKP_TYPE_ENDPOINTS));
  g_assert_true (okp_endpoints_set (endpoints, "email", "a@b.example", NULL));
  copy = g_boxed_copy (OKP_TYPE_ENDPOINTS, endpoints);
  g_assert_cmpstr (copy->email, ==, "a@b.example");
  g_boxed_free (OKP_TYPE_ENDPOINTS, copy);
}

/* ---- mailto: URIs within a length ------------------------------------ */

/* A case summary with a note of @note_chars characters of @word, repeated,
 * with a line break every 40 characters. */
static char *
make_summary (const char *word,
              guint       note_chars)
{
  GString *out = g_string_new ("Problem: Login problems\nProgress: 2 of 6 steps done\n\nNotes:\n");
  glong word_len = g_utf8_strlen (word, -1);
  guint written = 0;

  while (written < note_chars)
    {
      g_string_append (out, word);
      written += word_len;
      if (written % 40 < (guint) word_len)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  const char *name;
  const char *to;
  const char *subject;
  const char *word;
  guint       note_chars;
  const char *continuation;
} WithinCase;

static const WithinCase within_cases[] = {
  { "en/20000", "support@okpay.example", "OKPay support request: Login problems", "words ", 20000,
    "\n\n[…] The rest of this summary is on your clipboard: paste it here." },
  { "zh/20000", "support@okpay.example", "OKPay客服请求：登录问题", "无法登录账户", 20000,
    "\n\n[…] 摘要的其余部分已复制到剪贴板：请粘贴在这里。" },
  { "zh/no-recipient", NULL, "OKPay客服请求：登录问题", "验证码错误", 5000,
    "\n\n[…] 完整摘要见附件。" },
  { "mixed/crlf", "a@b.example", "Case", "ab\r\n中文\r\n", 9000, "\r\n(continued)" },
  { "en/no-continuation", "a@b.example", "Case", "x", 50000, NULL },
};

static void
test_mailto_within (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (within_cases); i++)
    {
      const WithinCase *c = &within_cases[i];
      g_autofree char *body = make_summary (c->word, c->note_chars);
      g_autofree char *expected_body = normalize_breaks (body, '\n');
      g_autofree char *expected_continuation = normalize_breaks (c->continuation ? c->continuation : "",
                                                                 '\n');
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *parsed_to = NULL;
      g_autofree char *parsed_subject = NULL;
      g_autofree char *parsed_body = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *kept_raw = NULL;
      gsize body_kept = 0;

      g_test_message ("case %s", c->name);
      uri = okp_uri_build_mailto_within (c->to, c->subject, body, OKP_MAILTO_SAFE_LENGTH,
                                         c->continuation, &body_kept, &error);
      g_assert_no_error (error);
      g_assert_nonnull (uri);
      g_assert_cmpuint (strlen (uri), <=, OKP_MAILTO_SAFE_LENGTH);
      assert_mailto_charset (uri);

      /* Shortened, but not needlessly: a good part of the budget is used. */
      g_assert_cmpuint (body_kept, <, strlen (body));
      g_assert_cmpuint (body_kept, >, 0);
      g_assert_cmpuint (strlen (uri), >, OKP_MAILTO_SAFE_LENGTH * 3 / 4);
      g_assert_true (g_utf8_validate (body, body_kept, NULL));

      okp_uri_parse_mailto (uri, &parsed_to, &parsed_subject, &parsed_body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (parsed_to, ==, c->to != NULL ? c->to : "");
      g_assert_cmpstr (parsed_subject, ==, c->subject);

      /* The body is the summary's start, then the continuation. */
      kept_raw = g_strndup (body, body_kept);
      kept = normalize_breaks (kept_raw, '\n');
      g_assert_true (g_str_has_prefix (parsed_body, kept));
      g_assert_true (g_str_has_prefix (expected_body, kept));
      g_assert_cmpstr (parsed_body + strlen (kept), ==, expected_continuation);
      g_assert_true (g_str_has_prefix (parsed_body, "Problem: Login problems\n"));
    }
}

/* A body that fits is carried whole, unchanged, with no continuation. */
static void
test_mailto_within_fits (void)
{
  static const char *bodies[] = { "", "short", "登录问题\n错误提示：密码错误" };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize body_kept = 12345;
      g_autofree char *uri = okp_uri_build_mailto_within ("a@b.example", "Case", bodies[i],
                                                          OKP_MAILTO_SAFE_LENGTH, "MORE",
                                                          &body_kept, &error);
      g_autofree char *plain = okp_uri_build_mailto ("a@b.example", "Case", bodies[i], NULL);

      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, plain);
      g_assert_cmpuint (body_kept, ==, strlen (bodies[i]));
    }
}

/* Every limit is kept exactly, for every length around a multi-byte
 * character, and a limit too small for the rest is an error, not a
 * longer URI. */
static void
test_mailto_within_every_limit (void)
{
  g_autofree char *body = make_summary ("提现a ", 300);
  g_autofree char *head = okp_uri_build_mailto ("a@b.example", "S", NULL, NULL);
  gsize smallest = strlen (head) + strlen ("&body=") + strlen ("%E2%80%A6");

  for (gsize limit = smallest - 3; limit < smallest + 400; limit++)
    {
      g_autoptr(GError) error = NULL;
      gsize body_kept = 0;
      g_autofree char *uri = okp_uri_build_mailto_within ("a@b.example", "S", body, limit, "…",
                                                          &body_kept, &error);

      if (limit < smallest)
        {
          g_assert_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID);
          g_assert_null (uri);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (uri), <=, limit);
      g_assert_true (g_utf8_validate (body, body_kept, NULL));
    }
}

/* The long-case rule: a 20,000-character note in either language never
 * gives a body longer than a safe mailto: URI carries; the body is the
 * summary's start and a sentence saying where the rest went, the one that
 * matches whether the summary can go along as a file. */
static void
test_case_body (void)
{
  static const char *units[] = { "Transaction 4711 failed: card declined. ", "交易失败，银行卡被拒绝。" };
  static const struct {
    gboolean can_attach;
    OkpCaseRest rest;
    const char *sentence;
  } ways[] = {
    { FALSE, OKP_CASE_REST_CLIPBOARD, "The rest of this summary is on your clipboard: paste it here." },
    { TRUE, OKP_CASE_REST_ATTACHMENT, "The full summary is in the attached file." },
  };

  for (gsize u = 0; u < G_N_ELEMENTS (units); u++)
    for (gsize w = 0; w < G_N_ELEMENTS (ways); w++)
      {
        g_autofree char *note = NULL;
        g_autofree char *summary = NULL;
        g_autofree char *body = NULL;
        g_autofree char *uri = NULL;
        g_autofree char *to = NULL;
        g_autofree char *subject = NULL;
        g_autofree char *parsed = NULL;
        g_autofree char *ending = g_strconcat ("\n\n", ways[w].sentence, NULL);
        g_autoptr(GError) error = NULL;
        GString *built = g_string_new ("Problem: payment failed\nNotes:\n");
        OkpCaseRest rest = OKP_CASE_REST_NONE;
        gsize start;

        while (g_utf8_strlen (built->str, -1) < 20000)
          g_string_append (built, units[u]);
        summary = g_string_free (built, FALSE);

        body = okp_mail_case_body ("support@okpay.example", "Case 提现", summary,
                                   ways[w].can_attach, &rest, &uri, &error);
        g_assert_no_error (error);
        g_assert_cmpint (rest, ==, ways[w].rest);
        g_assert_cmpuint (strlen (uri), <=, OKP_MAILTO_SAFE_LENGTH);
        g_assert_true (g_str_has_suffix (body, ending));
        start = strlen (body) - strlen (ending);
        g_assert_cmpuint (start, >, 0);
        g_assert_cmpuint (start, <, strlen (summary));
        g_assert_true (strncmp (body, summary, start) == 0);
        g_assert_true (g_utf8_validate (body, -1, NULL));

        /* The URI carries exactly that body. */
        g_assert_true (okp_uri_parse_mailto (uri, &to, &subject, &parsed, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (subject, ==, "Case 提现");
        g_assert_cmpstr (parsed, ==, body);
      }
}

/* A summary that fits goes whole, wherever the rest would have gone. */
static void
test_case_body_fits (void)
{
  const char *summary = "问题：登录失败\n错误提示：密码错误\nError: wrong password";

  for (int can_attach = 0; can_attach <= 1; can_attach++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;
      OkpCaseRest rest = OKP_CASE_REST_CLIPBOARD;
      g_autofree char *body = okp_mail_case_body (NULL, "Case", summary, can_attach,
                                                  &rest, &uri, &error);
      g_autofree char *plain = okp_uri_build_mailto (NULL, "Case", summary, NULL);

      g_assert_no_error (error);
      g_assert_cmpstr (body, ==, summary);
      g_assert_cmpint (rest, ==, OKP_CASE_REST_NONE);
      g_assert_cmpstr (uri, ==, plain);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The reasons are checked in English, whatever the test machine's
   * language. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/okp/channel-uri/mailto/round-trip", test_mailto_round_trip);
  g_test_add_func ("/okp/channel-uri/mailto/long-summary", test_mailto_long_summary);
  g_test_add_func ("/okp/channel-uri/mailto/exact", test_mailto_exact);
  g_test_add_func ("/okp/channel-uri/mailto/within", test_mailto_within);
  g_test_add_func ("/okp/channel-uri/mailto/within-fits", test_mailto_within_fits);
  g_test_add_func ("/okp/channel-uri/mailto/within-every-limit", test_mailto_within_every_limit);
  g_test_add_func ("/okp/channel-uri/mailto/case-body", test_case_body);
  g_test_add_func ("/okp/channel-uri/mailto/case-body-fits", test_case_body_fits);
  g_test_add_func ("/okp/channel-uri/mailto/parse-refused", test_mailto_parse_refused);
  g_test_add_func ("/okp/channel-uri/email/accepted", test_email_accepted);
  g_test_add_func ("/okp/channel-uri/email/refused", test_email_refused);
  g_test_add_func ("/okp/channel-uri/phone/accepted", test_phone_accepted);
  g_test_add_func ("/okp/channel-uri/phone/refused", test_phone_refused);
  g_test_add_func ("/okp/channel-uri/https/accepted", test_https_accepted);
  g_test_add_func ("/okp/channel-uri/https/refused", test_https_refused);
  g_test_add_func ("/okp/channel-uri/endpoints/defaults-template", test_defaults_template);
  g_test_add_func ("/okp/channel-uri/endpoints/bad-values-dropped", test_keyfile_bad_values_dropped);
  g_test_add_func ("/okp/channel-uri/endpoints/malformed", test_keyfile_malformed);
  g_test_add_func ("/okp/channel-uri/endpoints/trailing-backslash", test_keyfile_trailing_backslash);
  g_test_add_func ("/okp/channel-uri/endpoints/set", test_endpoints_set);
  g_test_add_func ("/okp/channel-uri/endpoints/boxed", test_endpoints_boxed);

  return g_test_run ();
}
