/*
 * form.c: the token request body (RFC 6749 section 4.4.2, encoded per
 * appendix B) and HTTP Basic client authentication (section 2.3.1).
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "b64.h"
#include "form.h"

static enum form_status
parse(struct form *f, const char *body)
{
	return (form_parse(f, body, strlen(body)));
}

Test(form, fields_are_decoded)
{
	struct form	f;

	cr_assert_eq(parse(&f, "grant_type=client_credentials&scope="
	    "api%3A%2F%2Fx%2F.default&client_secret=a+b%2Bc%2fd&empty="),
	    FORM_OK);
	cr_assert_eq(f.n, 4);
	cr_assert_str_eq(form_get(&f, "grant_type"), "client_credentials");
	cr_assert_str_eq(form_get(&f, "scope"), "api://x/.default");
	cr_assert_str_eq(form_get(&f, "client_secret"), "a b+c/d",
	    "'+' is a space, %%2B a plus (appendix B)");
	cr_assert_str_eq(form_get(&f, "empty"), "");
	cr_assert_null(form_get(&f, "client_id"));
	form_clear(&f);
	cr_assert_eq(f.n, 0);
}

Test(form, empty_pairs_and_bare_names)
{
	struct form	f;

	cr_assert_eq(parse(&f, "&a=1&&b&"), FORM_OK);
	cr_assert_eq(f.n, 2);
	cr_assert_str_eq(form_get(&f, "a"), "1");
	cr_assert_str_eq(form_get(&f, "b"), "");
	cr_assert_eq(parse(&f, ""), FORM_OK);
	cr_assert_eq(f.n, 0);
}

Test(form, repeated_parameters_are_refused)
{
	struct form	f;

	/* RFC 6749 3.2: "MUST NOT be included more than once". */
	cr_assert_eq(parse(&f, "scope=a&scope=b"), FORM_DUPLICATE);
	cr_assert_eq(parse(&f, "scope=a&sc%6fpe=b"), FORM_DUPLICATE,
	    "names compare after decoding");
}

Test(form, bad_encodings_are_refused)
{
	struct form	f;

	cr_assert_eq(parse(&f, "a=%zz"), FORM_MALFORMED);
	cr_assert_eq(parse(&f, "a=%4"), FORM_MALFORMED);
	cr_assert_eq(parse(&f, "a=%"), FORM_MALFORMED);
	cr_assert_eq(parse(&f, "a=x%00y"), FORM_MALFORMED, "no NUL bytes");
	cr_assert_eq(parse(&f, "=x"), FORM_MALFORMED, "a name is required");
	cr_assert_eq(form_parse(&f, "a=x\0y", 5), FORM_MALFORMED);
}

Test(form, limits)
{
	struct form	f;
	char		body[ISSUER_BODY_MAX + 2];
	size_t		i;
	int		n;

	n = 0;
	for (i = 0; i <= FORM_FIELDS_MAX; i++)
		n += snprintf(body + n, sizeof(body) - (size_t)n, "f%zu=1&", i);
	cr_assert_eq(parse(&f, body), FORM_TOO_BIG, "too many fields");

	memset(body, 'v', sizeof(body));
	memcpy(body, "x=", 2);
	cr_assert_eq(form_parse(&f, body, ISSUER_BODY_MAX), FORM_OK);
	cr_assert_eq(strlen(form_get(&f, "x")), ISSUER_BODY_MAX - 2);
	cr_assert_eq(form_parse(&f, body, ISSUER_BODY_MAX + 1), FORM_TOO_BIG);
}

Test(form, worst_case_growth_fits_the_buffer)
{
	struct form	f;
	char		body[ISSUER_BODY_MAX + 1];
	size_t		i, len;

	/*
	 * Sixteen bare names (no '=', so each decodes to two NULs) filling
	 * the whole body: the largest decoded size there is.
	 */
	len = 0;
	for (i = 0; i < FORM_FIELDS_MAX; i++) {
		memset(body + len, 'a' + (int)i, ISSUER_BODY_MAX /
		    FORM_FIELDS_MAX - 1);
		len += ISSUER_BODY_MAX / FORM_FIELDS_MAX - 1;
		if (i + 1 < FORM_FIELDS_MAX)
			body[len++] = '&';
	}
	cr_assert_eq(form_parse(&f, body, len), FORM_OK);
	cr_assert_eq(f.n, FORM_FIELDS_MAX);
	cr_assert_eq(strlen(f.fields[FORM_FIELDS_MAX - 1].name),
	    ISSUER_BODY_MAX / FORM_FIELDS_MAX - 1);
	cr_assert_str_eq(f.fields[FORM_FIELDS_MAX - 1].value, "");
}

Test(form, content_type)
{
	cr_assert(form_is_urlencoded("application/x-www-form-urlencoded"));
	cr_assert(form_is_urlencoded("Application/X-WWW-Form-Urlencoded"));
	cr_assert(form_is_urlencoded(
	    "application/x-www-form-urlencoded; charset=utf-8"));
	cr_assert(form_is_urlencoded(" application/x-www-form-urlencoded ;x"));
	cr_assert_not(form_is_urlencoded("application/json"));
	cr_assert_not(form_is_urlencoded("multipart/form-data"));
	cr_assert_not(form_is_urlencoded(
	    "application/x-www-form-urlencodedX"));
	cr_assert_not(form_is_urlencoded(NULL));
}

static void
basic_header(char *out, size_t outlen, const char *scheme, const char *creds)
{
	char	enc[256];

	cr_assert_eq(b64_encode(B64_STD, creds, strlen(creds), enc,
	    sizeof(enc)), 0);
	(void)snprintf(out, outlen, "%s %s", scheme, enc);
}

Test(form, basic_credentials)
{
	char	h[512], id[FORM_CRED_MAX], secret[FORM_CRED_MAX];

	basic_header(h, sizeof(h), "Basic", "client:s3cret");
	cr_assert_eq(form_basic(h, id, sizeof(id), secret, sizeof(secret)),
	    BASIC_OK);
	cr_assert_str_eq(id, "client");
	cr_assert_str_eq(secret, "s3cret");

	/* RFC 6749 2.3.1: both parts are form-urlencoded first. */
	basic_header(h, sizeof(h), "basic", "a%3Ab:x%2By+z:w");
	cr_assert_eq(form_basic(h, id, sizeof(id), secret, sizeof(secret)),
	    BASIC_OK, "the scheme is case-insensitive");
	cr_assert_str_eq(id, "a:b");
	cr_assert_str_eq(secret, "x+y z:w", "only the first ':' splits");

	basic_header(h, sizeof(h), "Basic", "client:");
	cr_assert_eq(form_basic(h, id, sizeof(id), secret, sizeof(secret)),
	    BASIC_OK);
	cr_assert_str_eq(secret, "");
}

Test(form, basic_other_schemes_and_garbage)
{
	char	h[512], id[FORM_CRED_MAX], secret[FORM_CRED_MAX];

	cr_assert_eq(form_basic(NULL, id, sizeof(id), secret,
	    sizeof(secret)), BASIC_NONE);
	cr_assert_eq(form_basic("Bearer abc", id, sizeof(id), secret,
	    sizeof(secret)), BASIC_NONE);
	cr_assert_eq(form_basic("Basicx abc", id, sizeof(id), secret,
	    sizeof(secret)), BASIC_NONE);
	cr_assert_eq(form_basic("Basic !!!!", id, sizeof(id), secret,
	    sizeof(secret)), BASIC_MALFORMED);
	basic_header(h, sizeof(h), "Basic", "no-colon");
	cr_assert_eq(form_basic(h, id, sizeof(id), secret, sizeof(secret)),
	    BASIC_MALFORMED);
	basic_header(h, sizeof(h), "Basic", ":secret");
	cr_assert_eq(form_basic(h, id, sizeof(id), secret, sizeof(secret)),
	    BASIC_MALFORMED, "a client id is required");
	basic_header(h, sizeof(h), "Basic", "id:%zz");
	cr_assert_eq(form_basic(h, id, sizeof(id), secret, sizeof(secret)),
	    BASIC_MALFORMED);
	cr_assert_str_eq(secret, "", "nothing is left behind on failure");
}
