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
 * Strict codecs: the decoder refuses characters outside the alphabet,
 * padding in base64url, missing or misplaced padding in base64 and
 * non-zero trailing bits, so one value has exactly one encoding.
 */

#include <stdint.h>
#include <string.h>

#include "b64.h"

static const char	b64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char	b64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int	b64_value(int, char);

/* Encode len bytes into out (NUL-terminated); -1 if out is too small. */
int
b64_encode(int variant, const void *in, size_t len, char *out,
    size_t outlen)
{
	const uint8_t	*p = in;
	const char	*abc;
	size_t		 i, o;
	uint32_t	 v;

	abc = variant == B64_URL ? b64_url : b64_std;
	if (outlen < B64_LEN(len))
		return (-1);

	o = 0;
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = abc[v >> 18 & 0x3f];
		out[o++] = abc[v >> 12 & 0x3f];
		out[o++] = abc[v >> 6 & 0x3f];
		out[o++] = abc[v & 0x3f];
	}
	if (len - i == 1) {
		v = (uint32_t)p[i] << 16;
		out[o++] = abc[v >> 18 & 0x3f];
		out[o++] = abc[v >> 12 & 0x3f];
		if (variant == B64_STD) {
			out[o++] = '=';
			out[o++] = '=';
		}
	} else if (len - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = abc[v >> 18 & 0x3f];
		out[o++] = abc[v >> 12 & 0x3f];
		out[o++] = abc[v >> 6 & 0x3f];
		if (variant == B64_STD)
			out[o++] = '=';
	}
	out[o] = '\0';

	return (0);
}

/*
 * Decode len characters of in into out; the decoded length goes to
 * *outn. -1 on anything but the one canonical encoding, or no room.
 */
int
b64_decode(int variant, const char *in, size_t len, void *out, size_t outlen,
    size_t *outn)
{
	uint8_t		*q = out;
	size_t		 i, o, pad, full;
	uint32_t	 v;
	int		 c, k;

	pad = 0;
	if (variant == B64_STD) {
		if (len % 4 != 0)
			return (-1);
		while (pad < 2 && len > pad && in[len - 1 - pad] == '=')
			pad++;
		len -= pad;
	} else if (len % 4 == 1) {
		return (-1);
	}

	full = len / 4 * 3;
	o = full + (len % 4 == 0 ? 0 : len % 4 - 1);
	if (o > outlen)
		return (-1);

	o = 0;
	v = 0;
	k = 0;
	for (i = 0; i < len; i++) {
		if ((c = b64_value(variant, in[i])) == -1)
			return (-1);
		v = v << 6 | (uint32_t)c;
		if (++k == 4) {
			q[o++] = v >> 16 & 0xff;
			q[o++] = v >> 8 & 0xff;
			q[o++] = v & 0xff;
			v = 0;
			k = 0;
		}
	}

	switch (k) {
	case 0:
		break;
	case 2:
		if ((v & 0x0f) != 0)
			return (-1);
		q[o++] = v >> 4 & 0xff;
		break;
	case 3:
		if ((v & 0x03) != 0)
			return (-1);
		q[o++] = v >> 10 & 0xff;
		q[o++] = v >> 2 & 0xff;
		break;
	default:
		return (-1);
	}

	/* Standard base64 pads to a multiple of four, exactly. */
	if (variant == B64_STD && (size_t)(k == 0 ? 0 : 4 - k) != pad)
		return (-1);

	*outn = o;
	return (0);
}

static int
b64_value(int variant, char c)
{
	const char	*abc, *p;

	if (c == '\0' || c == '=')
		return (-1);
	abc = variant == B64_URL ? b64_url : b64_std;
	if ((p = strchr(abc, c)) == NULL)
		return (-1);

	return ((int)(p - abc));
}
