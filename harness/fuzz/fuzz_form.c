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
 * The site's form parser (form.c) and the ids in its paths.
 *
 * Input: a form body as it comes off the wire. The same bytes, as a C
 * string, are also a Content-Type header and a path after "/details/".
 *
 * Properties: an accepted form has at most FORM_FIELDS_MAX fields with
 * distinct names of the allowed alphabet; a path id is 1..2147483647
 * written without a leading zero, one address per restaurant.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "fuzz.h"
#include "model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form	 f;
	char		*buf, *s, path[64], err[FORM_ERR_MAX];
	size_t		 i, j;
	long		 id;

	/* form_parse() wants room for the NUL after the body. */
	buf = fuzz_string(data, size);
	err[0] = '\0';
	switch (form_parse(&f, buf, size, err, sizeof(err))) {
	case FORM_OK:
		if (f.nfields > FORM_FIELDS_MAX)
			fuzz_fail("form_parse", "too many fields");
		for (i = 0; i < f.nfields; i++) {
			if (strlen(f.fields[i].name) == 0 ||
			    strlen(f.fields[i].name) > FORM_NAME_MAX ||
			    strspn(f.fields[i].name, "abcdefghijklmnopqrstu"
			    "vwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
			    strlen(f.fields[i].name))
				fuzz_fail("form_parse", "bad field name");
			for (j = 0; j < i; j++) {
				if (strcmp(f.fields[i].name,
				    f.fields[j].name) == 0)
					fuzz_fail("form_parse", "duplicate");
			}
			if (form_get(&f, f.fields[i].name) !=
			    f.fields[i].value)
				fuzz_fail("form_get", "wrong field");
		}
		break;
	default:
		if (err[0] == '\0')
			fuzz_fail("form_parse", "refused without a message");
		break;
	}
	free(buf);

	s = fuzz_string(data, size);
	(void)form_is_urlencoded(s);
	free(s);

	s = malloc(size + sizeof("/details/"));
	if (s == NULL)
		abort();
	memcpy(s, "/details/", 9);
	memcpy(s + 9, data, size);
	s[size + 9] = '\0';
	if (form_path_id(s, "/details/", &id) == 0) {
		(void)snprintf(path, sizeof(path), "/details/%ld", id);
		if (id < 1 || id > MODEL_ID_MAX || strcmp(path, s) != 0)
			fuzz_fail("form_path_id", "not the one address");
	}
	free(s);

	return (0);
}
