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

#include <stdlib.h>
#include <string.h>

#include "principal.h"

struct principal *
principal_new(void)
{
	struct principal	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		abort();
	p->refs = 1;

	return (p);
}

struct principal *
principal_ref(struct principal *p)
{
	p->refs++;
	return (p);
}

void
principal_release(struct principal *p)
{
	if (p == NULL || --p->refs > 0)
		return;

	if (p->claims != NULL)
		json_decref(p->claims);
	explicit_bzero(p, sizeof(*p));
	free(p);
}

int
principal_has_role(const struct principal *p, const char *role)
{
	int	i;

	for (i = 0; i < p->nroles; i++) {
		if (strcmp(p->roles[i], role) == 0)
			return (1);
	}

	return (0);
}
