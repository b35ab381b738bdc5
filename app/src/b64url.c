/*
 * Copyright (c) 2026 The reviews-mcp authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * Base64url for JOSE. The decoder refuses anything a conforming encoder
 * never produces: padding, the '+' and '/' of plain base64, white space,
 * a length of 4n+1, and non-zero bits in the last character. A token
 * then has exactly one spelling, so its SHA-256 identifies it.
 */

#include <sys/types.h>

#include <string.h>

#include "b64url.h"

static const char	b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int	b64url_value(char);

/*
 * Decode len characters of in into out (outlen bytes available); the
 * decoded length goes to *olen. Returns 0, or -1 for invalid input or a
 * too small out.
 */
int
b64url_decode(const char *in, size_t len, u_int8_t *out, size_t outlen,
    size_t *olen)
{
	u_int32_t	acc;
	size_t		i, n, rem;
	int		v, bits;

	*olen = 0;
	rem = len % 4;
	if (rem == 1)
		return (-1);

	n = (len / 4) * 3 + (rem == 0 ? 0 : rem - 1);
	if (n > outlen)
		return (-1);

	acc = 0;
	bits = 0;
	n = 0;
	for (i = 0; i < len; i++) {
		if ((v = b64url_value(in[i])) == -1)
			return (-1);
		acc = (acc << 6) | (u_int32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (u_int8_t)(acc >> bits);
			acc &= (1U << bits) - 1;
		}
	}

	/* Left-over bits must be zero, or two spellings would decode alike. */
	if (acc != 0)
		return (-1);

	*olen = n;
	return (0);
}

/*
 * Encode len bytes of in into out (outlen bytes, NUL terminated).
 * Returns the number of characters written, or -1 when out is too small.
 */
int
b64url_encode(const u_int8_t *in, size_t len, char *out, size_t outlen)
{
	size_t		i, n;
	u_int32_t	acc;

	n = (len / 3) * 4 + (len % 3 == 0 ? 0 : len % 3 + 1);
	if (n + 1 > outlen)
		return (-1);

	n = 0;
	for (i = 0; i + 2 < len; i += 3) {
		acc = (u_int32_t)in[i] << 16 | (u_int32_t)in[i + 1] << 8 |
		    in[i + 2];
		out[n++] = b64url_alphabet[(acc >> 18) & 0x3f];
		out[n++] = b64url_alphabet[(acc >> 12) & 0x3f];
		out[n++] = b64url_alphabet[(acc >> 6) & 0x3f];
		out[n++] = b64url_alphabet[acc & 0x3f];
	}

	if (len - i == 1) {
		acc = (u_int32_t)in[i] << 16;
		out[n++] = b64url_alphabet[(acc >> 18) & 0x3f];
		out[n++] = b64url_alphabet[(acc >> 12) & 0x3f];
	} else if (len - i == 2) {
		acc = (u_int32_t)in[i] << 16 | (u_int32_t)in[i + 1] << 8;
		out[n++] = b64url_alphabet[(acc >> 18) & 0x3f];
		out[n++] = b64url_alphabet[(acc >> 12) & 0x3f];
		out[n++] = b64url_alphabet[(acc >> 6) & 0x3f];
	}
	out[n] = '\0';

	return ((int)n);
}

static int
b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (c - '0' + 52);
	if (c == '-')
		return (62);
	if (c == '_')
		return (63);

	return (-1);
}
