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

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jpath.h"
#include "limits.h"
#include "mem.h"

enum jpath_kind {
	JPATH_KEY,
	JPATH_INDEX,
	JPATH_ALL
};

struct jpath_seg {
	enum jpath_kind	 kind;
	char		*key;
	long		 index;
};

static int	jpath_parse(const char *, struct jpath_seg *, size_t *,
		    char *, size_t);
static void	jpath_walk(json_t *, const struct jpath_seg *, size_t,
		    json_t *, json_t **);
static void	jpath_segs_free(struct jpath_seg *, size_t);

static void
jpath_segs_free(struct jpath_seg *segs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(segs[i].key);
}

static int
jpath_parse(const char *path, struct jpath_seg *segs, size_t *nsegs,
    char *err, size_t errlen)
{
	const char	*p, *start;
	struct buf	 key;
	char		*end;
	size_t		 n;

	*nsegs = 0;
	n = 0;
	if (strlen(path) > JPATH_LEN_MAX) {
		snprintf(err, errlen, "path over %d bytes", JPATH_LEN_MAX);
		return (-1);
	}
	if (strcmp(path, ".") == 0)
		return (0);
	p = path;
	if (*p == '.')
		p++;
	buf_init(&key);
	while (*p != '\0') {
		if (n == JPATH_SEGMENTS_MAX) {
			snprintf(err, errlen, "path has more than %d parts",
			    JPATH_SEGMENTS_MAX);
			goto fail;
		}
		if (*p == '[') {
			p++;
			if (p[0] == '*' && p[1] == ']') {
				segs[n].kind = JPATH_ALL;
				segs[n].key = NULL;
				n++;
				p += 2;
			} else if (*p == '"') {
				buf_reset(&key);
				for (p++; *p != '"' && *p != '\0'; p++) {
					if (*p == '\\' && p[1] != '\0')
						p++;
					buf_appendc(&key, *p);
				}
				if (p[0] != '"' || p[1] != ']') {
					snprintf(err, errlen, "unclosed [\" in "
					    "path '%s'", path);
					goto fail;
				}
				segs[n].kind = JPATH_KEY;
				segs[n].key = xstrdup(buf_str(&key));
				n++;
				p += 2;
			} else {
				errno = 0;
				segs[n].index = strtol(p, &end, 10);
				if (end == p || *end != ']' || errno != 0) {
					snprintf(err, errlen, "bad index in "
					    "path '%s' (a number, * or "
					    "\"key\")", path);
					goto fail;
				}
				segs[n].kind = JPATH_INDEX;
				segs[n].key = NULL;
				n++;
				p = end + 1;
			}
		} else {
			start = p;
			while (*p != '\0' && *p != '.' && *p != '[')
				p++;
			if (p == start) {
				snprintf(err, errlen, "empty name in path "
				    "'%s'", path);
				goto fail;
			}
			segs[n].kind = JPATH_KEY;
			segs[n].key = xstrndup(start, (size_t)(p - start));
			n++;
		}
		if (*p == '.') {
			p++;
			if (*p == '\0' || *p == '.' || *p == '[') {
				snprintf(err, errlen, "empty name in path "
				    "'%s'", path);
				goto fail;
			}
		} else if (*p != '[' && *p != '\0') {
			snprintf(err, errlen, "bad path '%s'", path);
			goto fail;
		}
	}
	buf_free(&key);
	*nsegs = n;
	return (0);

fail:
	buf_free(&key);
	jpath_segs_free(segs, n);
	return (-1);
}

/*
 * Follow segs from v. With no collector, *one gets the single match
 * (borrowed); with a collector array every match is appended to it.
 */
static void
jpath_walk(json_t *v, const struct jpath_seg *segs, size_t n,
    json_t *collect, json_t **one)
{
	const char	*k;
	json_t		*child;
	size_t		 i, len;
	long		 idx;

	if (v == NULL)
		return;
	if (n == 0) {
		if (collect != NULL)
			json_array_append(collect, v);
		else
			*one = v;
		return;
	}
	switch (segs[0].kind) {
	case JPATH_KEY:
		if (json_is_object(v))
			jpath_walk(json_object_get(v, segs[0].key), segs + 1,
			    n - 1, collect, one);
		break;
	case JPATH_INDEX:
		if (!json_is_array(v))
			break;
		len = json_array_size(v);
		idx = segs[0].index;
		if (idx < 0)
			idx += (long)len;
		if (idx >= 0 && (size_t)idx < len)
			jpath_walk(json_array_get(v, (size_t)idx), segs + 1,
			    n - 1, collect, one);
		break;
	case JPATH_ALL:
		if (json_is_array(v)) {
			json_array_foreach(v, i, child)
				jpath_walk(child, segs + 1, n - 1, collect,
				    one);
		} else if (json_is_object(v)) {
			json_object_foreach(v, k, child)
				jpath_walk(child, segs + 1, n - 1, collect,
				    one);
		}
		break;
	}
}

/*
 * *out gets a new reference (json_decref it) or NULL when nothing
 * matches; *wild says whether the path had [*]. -1 on a bad path.
 */
int
jpath_eval(json_t *root, const char *path, json_t **out, int *wild,
    char *err, size_t errlen)
{
	struct jpath_seg	 segs[JPATH_SEGMENTS_MAX];
	json_t			*one, *all;
	size_t			 n, i;
	int			 w;

	*out = NULL;
	if (jpath_parse(path, segs, &n, err, errlen) == -1)
		return (-1);
	for (w = 0, i = 0; i < n; i++)
		w |= segs[i].kind == JPATH_ALL;
	if (wild != NULL)
		*wild = w;
	if (w) {
		all = json_array();
		jpath_walk(root, segs, n, all, NULL);
		*out = all;
	} else {
		one = NULL;
		jpath_walk(root, segs, n, NULL, &one);
		*out = one == NULL ? NULL : json_incref(one);
	}
	jpath_segs_free(segs, n);
	return (0);
}
