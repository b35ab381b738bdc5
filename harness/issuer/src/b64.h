/*
 * Base64 (RFC 4648 section 4, with padding: x5c, HTTP Basic) and
 * base64url (section 5, without padding: JWS segments, JWK n/e, x5t).
 */

#ifndef __H_B64_H
#define __H_B64_H

#include <stddef.h>

/* Room for the encoding of n bytes, with its NUL. */
#define B64_LEN(n)	((((n) + 2) / 3) * 4 + 1)

#define B64_STD		0
#define B64_URL		1

int	b64_encode(int, const void *, size_t, char *, size_t);
int	b64_decode(int, const char *, size_t, void *, size_t, size_t *);

#endif
