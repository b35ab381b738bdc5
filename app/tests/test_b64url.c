/*
 * b64url.c: base64url without padding (RFC 7515 section 2), strict so a
 * token has one spelling.
 */

#include <criterion/criterion.h>

#include <string.h>

#include "b64url.h"

static int
dec(const char *in, unsigned char *out, size_t outlen, size_t *n)
{
	return (b64url_decode(in, strlen(in), out, outlen, n));
}

Test(b64url, rfc4648_vectors)
{
	const char	*plain[] = { "", "f", "fo", "foo", "foob",
	    "fooba", "foobar" };
	const char	*enc[] = { "", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE",
	    "Zm9vYmFy" };
	unsigned char	 buf[16];
	char		 out[16];
	size_t		 i, n;

	for (i = 0; i < 7; i++) {
		cr_assert_eq(b64url_encode((const unsigned char *)plain[i],
		    strlen(plain[i]), out, sizeof(out)), (int)strlen(enc[i]));
		cr_assert_str_eq(out, enc[i]);
		cr_assert_eq(dec(enc[i], buf, sizeof(buf), &n), 0);
		cr_assert_eq(n, strlen(plain[i]));
		cr_assert_arr_eq(buf, plain[i], n);
	}
}

Test(b64url, url_alphabet)
{
	const unsigned char	 in[] = { 0xfb, 0xff, 0xbf };
	unsigned char		 buf[4];
	char			 out[8];
	size_t			 n;

	cr_assert_eq(b64url_encode(in, 3, out, sizeof(out)), 4);
	cr_assert_str_eq(out, "-_-_");
	cr_assert_eq(dec("-_-_", buf, sizeof(buf), &n), 0);
	cr_assert_arr_eq(buf, in, 3);
}

Test(b64url, rejects_non_canonical)
{
	unsigned char	buf[16];
	size_t		n;

	cr_assert_eq(dec("Zg==", buf, sizeof(buf), &n), -1, "padding");
	cr_assert_eq(dec("+/+/", buf, sizeof(buf), &n), -1, "plain base64");
	cr_assert_eq(dec("Zm9v\n", buf, sizeof(buf), &n), -1, "white space");
	cr_assert_eq(dec("Zm9vY", buf, sizeof(buf), &n), -1, "4n+1 length");
	cr_assert_eq(dec("Zh", buf, sizeof(buf), &n), -1,
	    "non-zero trailing bits ('Zg' is the canonical 'f')");
	cr_assert_eq(dec("Zm9", buf, sizeof(buf), &n), -1, "trailing bits");
}

Test(b64url, bounds)
{
	unsigned char	buf[2];
	char		out[4];
	size_t		n;

	cr_assert_eq(dec("Zm9v", buf, sizeof(buf), &n), -1, "out too small");
	cr_assert_eq(b64url_encode((const unsigned char *)"foo", 3, out,
	    sizeof(out)), -1, "no room for the NUL");
}
