/*
 * form.c: application/x-www-form-urlencoded bodies (WHATWG URL standard,
 * section 5.1, parsed strictly: every leniency of the standard's parser
 * is an error here) and ids in paths. Issue 2: "Invalid form (missing
 * field, rating not an integer in 1..5, text longer than its column) ->
 * 400 page saying what is wrong".
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "form.h"
#include "model.h"

static struct form	f;
static char		buf[FORM_BODY_MAX * 2];
static char		err[FORM_ERR_MAX];

/* Parse a copy of body (parsing decodes in place). */
static int
parse(const char *body)
{
	size_t	len;

	len = strlen(body);
	cr_assert_lt(len, sizeof(buf));
	memcpy(buf, body, len);
	err[0] = '\0';

	return (form_parse(&f, buf, len, err, sizeof(err)));
}

Test(form, fields_and_values)
{
	cr_assert_eq(parse("restaurant_name=Casa&street_address=1+Road&"
	    "description=Tacos"), FORM_OK);
	cr_assert_eq(f.nfields, 3);
	cr_assert_str_eq(form_get(&f, "restaurant_name"), "Casa");
	cr_assert_str_eq(form_get(&f, "street_address"), "1 Road");
	cr_assert_str_eq(form_get(&f, "description"), "Tacos");
	cr_assert_null(form_get(&f, "rating"), "absent field");
	cr_assert_null(form_get(&f, "Casa"), "values are not names");
}

Test(form, percent_and_plus_decoding)
{
	cr_assert_eq(parse("a=Caf%C3%A9+Bleu&b=%2B%26%3D%25&c=%e2%98%83"
	    "&d=a+b%20c"), FORM_OK);
	cr_assert_str_eq(form_get(&f, "a"), "Caf\xc3\xa9 Bleu");
	cr_assert_str_eq(form_get(&f, "b"), "+&=%", "escaped delimiters "
	    "are data");
	cr_assert_str_eq(form_get(&f, "c"), "\xe2\x98\x83", "lower-case hex");
	cr_assert_str_eq(form_get(&f, "d"), "a b c");
}

Test(form, empty_values_and_segments)
{
	cr_assert_eq(parse("&&a=&b&&c=1&"), FORM_OK);
	cr_assert_eq(f.nfields, 3, "empty segments carry no field");
	cr_assert_str_eq(form_get(&f, "a"), "");
	cr_assert_str_eq(form_get(&f, "b"), "", "a name without '='");
	cr_assert_str_eq(form_get(&f, "c"), "1");
	cr_assert_eq(parse(""), FORM_OK);
	cr_assert_eq(f.nfields, 0);
	cr_assert_eq(parse("a=x=y"), FORM_OK);
	cr_assert_str_eq(form_get(&f, "a"), "x=y", "only the first '=' splits");
}

Test(form, malformed_escapes)
{
	static const char	*bad[] = { "review_text=%", "review_text=%4",
	    "review_text=%zz", "review_text=%4g", "review_text=abc%",
	    "review_text=%%41" };
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(parse(bad[i]), FORM_INVALID, "%s", bad[i]);
		cr_assert_str_eq(err, "review_text has a malformed %-escape "
		    "('%' must be followed by two hex digits)");
	}
}

Test(form, nul_bytes)
{
	size_t	len;

	cr_assert_eq(parse("user_name=a%00b"), FORM_INVALID);
	cr_assert_str_eq(err, "user_name contains a NUL byte");

	/* A raw NUL on the wire, which strlen() would have hidden. */
	memcpy(buf, "user_name=a\0b", 13);
	len = 13;
	cr_assert_eq(form_parse(&f, buf, len, err, sizeof(err)),
	    FORM_INVALID);
	cr_assert_str_eq(err, "the form contains a NUL byte");
}

Test(form, raw_bytes_must_be_encoded)
{
	cr_assert_eq(parse("a=caf\xc3\xa9"), FORM_INVALID, "raw UTF-8");
	cr_assert_str_eq(err, "the form is not URL-encoded (byte 0xc3 must "
	    "be %-encoded)");
	cr_assert_eq(parse("a=line\nbreak"), FORM_INVALID);
	cr_assert_eq(parse("a=tab\there"), FORM_INVALID);
	cr_assert_eq(parse("a=\x7f"), FORM_INVALID);
	cr_assert_eq(parse("a=raw space is plain ASCII"), FORM_OK);
	cr_assert_str_eq(form_get(&f, "a"), "raw space is plain ASCII");
}

Test(form, duplicate_fields)
{
	cr_assert_eq(parse("rating=1&user_name=a&rating=5"), FORM_INVALID);
	cr_assert_str_eq(err, "rating is given more than once");
	cr_assert_eq(parse("rating=1&r%61ting=5"), FORM_INVALID,
	    "the same name, encoded differently");
	cr_assert_str_eq(err, "rating is given more than once");
	cr_assert_eq(parse("rating=1&rating"), FORM_INVALID);
	cr_assert_eq(parse("Rating=1&rating=2"), FORM_OK, "names are "
	    "case-sensitive");
}

Test(form, field_names)
{
	char	name[FORM_NAME_MAX + 8];

	cr_assert_eq(parse("=value"), FORM_INVALID, "empty name");
	cr_assert_str_eq(err, "form field names must be 1 to 32 letters, "
	    "digits, '_', '-' or '.'");
	cr_assert_eq(parse("a+b=1"), FORM_INVALID, "space in a name");
	cr_assert_eq(parse("a%3Cb=1"), FORM_INVALID, "'<' in a name");
	cr_assert_eq(parse("%00=1"), FORM_INVALID);
	cr_assert_eq(parse("%zz=1"), FORM_INVALID);
	cr_assert_eq(parse("a.b-c_D9=1"), FORM_OK);

	memset(name, 'n', FORM_NAME_MAX);
	(void)strcpy(name + FORM_NAME_MAX, "=1");
	cr_assert_eq(parse(name), FORM_OK, "%d bytes", FORM_NAME_MAX);
	memset(name, 'n', FORM_NAME_MAX + 1);
	(void)strcpy(name + FORM_NAME_MAX + 1, "=1");
	cr_assert_eq(parse(name), FORM_INVALID, "%d bytes",
	    FORM_NAME_MAX + 1);
}

Test(form, field_count_limit)
{
	char	body[FORM_FIELDS_MAX * 8 + 16];
	size_t	off;
	int	i;

	off = 0;
	for (i = 0; i < FORM_FIELDS_MAX; i++)
		off += (size_t)snprintf(body + off, sizeof(body) - off,
		    "%sf%d=1", i ? "&" : "", i);
	cr_assert_eq(parse(body), FORM_OK);
	cr_assert_eq(f.nfields, FORM_FIELDS_MAX);

	(void)snprintf(body + off, sizeof(body) - off, "&extra=1");
	cr_assert_eq(parse(body), FORM_INVALID);
	cr_assert_str_eq(err, "the form has more than 16 fields");
}

Test(form, size_limit)
{
	size_t	len;

	memcpy(buf, "a=", 2);
	memset(buf + 2, 'x', sizeof(buf) - 2);

	len = FORM_BODY_MAX;
	cr_assert_eq(form_parse(&f, buf, len, err, sizeof(err)), FORM_OK);
	cr_assert_eq(strlen(form_get(&f, "a")), FORM_BODY_MAX - 2);

	memcpy(buf, "a=", 2);
	memset(buf + 2, 'x', sizeof(buf) - 2);
	len = FORM_BODY_MAX + 1;
	cr_assert_eq(form_parse(&f, buf, len, err, sizeof(err)),
	    FORM_TOO_LARGE);
	cr_assert_str_eq(err, "the form is larger than 16384 bytes");
}

Test(form, largest_legitimate_review_fits)
{
	char	body[FORM_BODY_MAX + 1];
	size_t	off;
	int	i;

	/* 500 four-byte characters, every byte %-encoded, plus the rest. */
	off = (size_t)snprintf(body, sizeof(body), "user_name=");
	for (i = 0; i < MODEL_USER_MAX; i++)
		off += (size_t)snprintf(body + off, sizeof(body) - off,
		    "%%F0%%9F%%8D%%9C");
	off += (size_t)snprintf(body + off, sizeof(body) - off,
	    "&rating=5&review_text=");
	for (i = 0; i < MODEL_TEXT_MAX; i++)
		off += (size_t)snprintf(body + off, sizeof(body) - off,
		    "%%F0%%9F%%8D%%9C");
	cr_assert_leq(off, FORM_BODY_MAX);
	cr_assert_eq(parse(body), FORM_OK);
	cr_assert_eq(model_utf8_len(form_get(&f, "review_text")),
	    MODEL_TEXT_MAX);
}

/* Well-formed encoding of bytes that are not UTF-8: model.c refuses. */
Test(form, invalid_utf8_is_caught_by_the_model)
{
	static const char	*bad[] = { "user_name=%C3%28",
	    "user_name=%C0%AF", "user_name=%ED%A0%80", "user_name=%FF",
	    "user_name=%E2%82" };
	size_t			 i;
	char			 merr[MODEL_ERR_MAX];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(parse(bad[i]), FORM_OK, "%s", bad[i]);
		cr_assert_eq(model_check_text("user_name",
		    form_get(&f, "user_name"), MODEL_USER_MAX, merr,
		    sizeof(merr)), -1, "%s", bad[i]);
		cr_assert_str_eq(merr, "user_name is not valid UTF-8 text");
	}
}

Test(form, lengths_are_characters_after_decoding)
{
	char	body[512], merr[MODEL_ERR_MAX];
	size_t	off;
	int	i;

	off = (size_t)snprintf(body, sizeof(body), "restaurant_name=");
	for (i = 0; i < MODEL_NAME_MAX; i++)
		off += (size_t)snprintf(body + off, sizeof(body) - off,
		    "%%C3%%A9");
	cr_assert_eq(parse(body), FORM_OK);
	cr_assert_eq(model_check_text("restaurant_name",
	    form_get(&f, "restaurant_name"), MODEL_NAME_MAX, merr,
	    sizeof(merr)), 0, "50 characters, 100 bytes, 300 on the wire");

	(void)snprintf(body + off, sizeof(body) - off, "%%C3%%A9");
	cr_assert_eq(parse(body), FORM_OK);
	cr_assert_eq(model_check_text("restaurant_name",
	    form_get(&f, "restaurant_name"), MODEL_NAME_MAX, merr,
	    sizeof(merr)), -1);
	cr_assert_str_eq(merr, "restaurant_name must be at most 50 "
	    "characters (got 51)");
}

Test(form, content_type)
{
	cr_assert(form_is_urlencoded("application/x-www-form-urlencoded"));
	cr_assert(form_is_urlencoded("Application/X-WWW-Form-URLEncoded"));
	cr_assert(form_is_urlencoded("application/x-www-form-urlencoded;"
	    "charset=UTF-8"));
	cr_assert(form_is_urlencoded("application/x-www-form-urlencoded ; "
	    "charset=\"utf-8\""));
	cr_assert(form_is_urlencoded("application/x-www-form-urlencoded; "
	    "foo=bar"));
	cr_assert_not(form_is_urlencoded("application/x-www-form-urlencoded; "
	    "charset=iso-8859-1"), "every text rule is a UTF-8 rule");
	cr_assert_not(form_is_urlencoded("application/x-www-form-urlencoded; "
	    "charset="));
	cr_assert_not(form_is_urlencoded("application/x-www-form-urlencodedx"));
	cr_assert_not(form_is_urlencoded("application/json"));
	cr_assert_not(form_is_urlencoded("multipart/form-data; boundary=x"));
	cr_assert_not(form_is_urlencoded("text/plain"));
	cr_assert_not(form_is_urlencoded(""));
	cr_assert_not(form_is_urlencoded(NULL));
}

/* Issue 2: "Unknown or malformed id -> 404 page". */
Test(form, ids_in_paths)
{
	long	id;

	cr_assert_eq(form_path_id("/details/1", "/details/", &id), 0);
	cr_assert_eq(id, 1);
	cr_assert_eq(form_path_id("/review/42", "/review/", &id), 0);
	cr_assert_eq(id, 42);
	cr_assert_eq(form_path_id("/details/2147483647", "/details/", &id),
	    0);
	cr_assert_eq(id, 2147483647L);

	cr_assert_eq(form_path_id("/details/2147483648", "/details/", &id),
	    -1, "beyond int4");
	cr_assert_eq(form_path_id("/details/0", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/01", "/details/", &id), -1,
	    "one address per restaurant");
	cr_assert_eq(form_path_id("/details/", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/1/", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/1/x", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/1a", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/-1", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/+1", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/details/%31", "/details/", &id), -1,
	    "paths are not decoded");
	cr_assert_eq(form_path_id("/details/abc", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/review/1", "/details/", &id), -1);
	cr_assert_eq(form_path_id("/detailsX1", "/details/", &id), -1);
	cr_assert_eq(form_path_id(NULL, "/details/", &id), -1);
}
