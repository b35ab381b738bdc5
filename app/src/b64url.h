/*
 * Base64url (RFC 4648 section 5) without padding, as JOSE uses it
 * (RFC 7515 section 2). Strict: one canonical encoding per value.
 */

#ifndef __H_B64URL_H
#define __H_B64URL_H

#include <sys/types.h>

#include <stddef.h>

/* Bytes b64url_decode() may write for n characters of input. */
#define B64URL_DECODED_MAX(n)	(((n) / 4) * 3 + 2)

/* Characters b64url_encode() writes for n bytes, plus the NUL. */
#define B64URL_ENCODED_SIZE(n)	(((n) / 3) * 4 + 4)

int	b64url_decode(const char *, size_t, u_int8_t *, size_t, size_t *);
int	b64url_encode(const u_int8_t *, size_t, char *, size_t);

#endif
