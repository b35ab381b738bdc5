/*
 * b64.c: base64 for x5c and HTTP Basic, base64url for JWS segments and
 * JWK members (RFC 4648 sections 4 and 5; RFC 7515 section 2: base64url
 * "with all trailing '=' characters omitted").
 */

#include <criterion/criterion.h>

#include <string.h>

#include "b64.h"

struct vec {
	const char	*in, *std, *url;
};

/* RFC 4648 section 10 test vectors. */
static const struct vec	vecs[] = {
	{ "", "", "" },
	{ "f", "Zg==", "Zg" },
	{ "fo", "Zm8=", "Zm8" },
	{ "foo", "Zm9v", "Zm9v" },
	{ "foob", "Zm9vYg==", "Zm9vYg" },
	{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
	{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
};

Test(b64, rfc4648_vectors_both_alphabets)
{
	char		out[32], back[32];
	size_t		i, n;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		cr_assert_eq(b64_encode(B64_STD, vecs[i].in,
		    strlen(vecs[i].in), out, sizeof(out)), 0);
		cr_assert_str_eq(out, vecs[i].std);
		cr_assert_eq(b64_encode(B64_URL, vecs[i].in,
		    strlen(vecs[i].in), out, sizeof(out)), 0);
		cr_assert_str_eq(out, vecs[i].url, "base64url has no padding");

		cr_assert_eq(b64_decode(B64_STD, vecs[i].std,
		    strlen(vecs[i].std), back, sizeof(back), &n), 0);
		cr_assert_eq(n, strlen(vecs[i].in));
		cr_assert_arr_eq(back, vecs[i].in, n);
		cr_assert_eq(b64_decode(B64_URL, vecs[i].url,
		    strlen(vecs[i].url), back, sizeof(back), &n), 0);
		cr_assert_eq(n, strlen(vecs[i].in));
		cr_assert_arr_eq(back, vecs[i].in, n);
	}
}

Test(b64, url_alphabet_differs_in_62_and_63)
{
	const unsigned char	in[] = { 0xfb, 0xff, 0xbf };
	char			out[8];

	cr_assert_eq(b64_encode(B64_STD, in, sizeof(in), out, sizeof(out)), 0);
	cr_assert_str_eq(out, "+/+/");
	cr_assert_eq(b64_encode(B64_URL, in, sizeof(in), out, sizeof(out)), 0);
	cr_assert_str_eq(out, "-_-_");
}

Test(b64, encode_refuses_a_short_buffer)
{
	char	out[4];

	/* "foo" needs 4 characters and the NUL. */
	cr_assert_eq(b64_encode(B64_STD, "foo", 3, out, sizeof(out)), -1);
	cr_assert_eq(B64_LEN(3), 5);
	cr_assert_eq(B64_LEN(256), 345, "a 2048-bit modulus");
}

Test(b64, decode_accepts_only_the_canonical_form)
{
	static const struct {
		int		 variant;
		const char	*in, *why;
	} bad[] = {
		{ B64_URL, "Zg==", "no padding in base64url" },
		{ B64_STD, "Zg", "base64 must be padded" },
		{ B64_STD, "Zg=", "padding to a multiple of four" },
		{ B64_STD, "Zm8==", "too much padding" },
		{ B64_STD, "Zh==", "non-zero trailing bits" },
		{ B64_URL, "Zm9", "non-zero trailing bits" },
		{ B64_URL, "Z", "a lone character" },
		{ B64_STD, "Z+/=", "non-zero trailing bits" },
		{ B64_URL, "ab+c", "'+' is not base64url" },
		{ B64_STD, "ab-c", "'-' is not base64" },
		{ B64_STD, "Zm=v", "padding in the middle" },
		{ B64_STD, "Zm 9", "white space" },
	};
	unsigned char	out[16];
	size_t		i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(b64_decode(bad[i].variant, bad[i].in,
		    strlen(bad[i].in), out, sizeof(out), &n), -1, "%s: %s",
		    bad[i].in, bad[i].why);
	}
	cr_assert_eq(b64_decode(B64_STD, "Zm9vYmFy", 8, out, 5, &n), -1,
	    "no room");
}

Test(b64, round_trip_every_length)
{
	unsigned char	in[64], back[64];
	char		enc[B64_LEN(64)];
	size_t		len, i, n;
	int		v;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (v = B64_STD; v <= B64_URL; v++) {
		for (len = 0; len <= sizeof(in); len++) {
			cr_assert_eq(b64_encode(v, in, len, enc, sizeof(enc)),
			    0);
			cr_assert_eq(b64_decode(v, enc, strlen(enc), back,
			    sizeof(back), &n), 0);
			cr_assert_eq(n, len);
			cr_assert_arr_eq(back, in, len);
		}
	}
}
