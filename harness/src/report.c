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
#include <string.h>
#include <time.h>

#include "report.h"

#define REPORT_TITLE_COLS	56

static void	report_lines(FILE *, const char *, const char *);

void
report_begin(struct report *rp, enum report_format fmt, FILE *out,
    int verbose, size_t total)
{
	memset(rp, 0, sizeof(*rp));
	rp->fmt = fmt;
	rp->out = out;
	rp->verbose = verbose;
	rp->total = total;
	if (fmt == REPORT_TAP)
		fprintf(out, "TAP version 13\n1..%zu\n", total);
}

/* Each line of text, prefixed. */
static void
report_lines(FILE *out, const char *prefix, const char *text)
{
	const char	*p, *nl;

	for (p = text; *p != '\0'; p = *nl == '\0' ? nl : nl + 1) {
		nl = p + strcspn(p, "\n");
		fprintf(out, "%s%.*s\n", prefix, (int)(nl - p), p);
	}
}

void
report_case(struct report *rp, const struct scenario *s,
    const struct case_result *res)
{
	static const char	*word[] = { "ok", "FAIL", "skip" };
	const char		*title;
	size_t			 g;

	rp->n++;
	rp->count[res->status]++;
	g = s->group >= 'A' && s->group <= 'Z' ? (size_t)(s->group - 'A') :
	    0;
	rp->group[g][res->status]++;
	title = s->title != NULL ? s->title : s->path;

	if (rp->fmt == REPORT_TAP) {
		if (rp->verbose && res->log.len > 0)
			report_lines(rp->out, "# ", res->log.data);
		switch (res->status) {
		case RESULT_PASS:
			fprintf(rp->out, "ok %zu - %s %s\n", rp->n, s->id,
			    title);
			break;
		case RESULT_SKIP:
			/* A directive is one line. */
			fprintf(rp->out, "ok %zu - %s %s # SKIP %.*s\n",
			    rp->n, s->id, title,
			    (int)strcspn(buf_str(&res->detail), "\n"),
			    buf_str(&res->detail));
			break;
		case RESULT_FAIL:
			fprintf(rp->out, "not ok %zu - %s %s\n  ---\n"
			    "  message: |\n", rp->n, s->id, title);
			report_lines(rp->out, "    ", buf_str(&res->detail));
			fprintf(rp->out, "  file: %s\n  ...\n", s->path);
			break;
		}
		fflush(rp->out);
		return;
	}

	if (rp->verbose && res->log.len > 0)
		report_lines(rp->out, "      ", res->log.data);
	if (strlen(title) > REPORT_TITLE_COLS)
		fprintf(rp->out, "%-4s  %-5s %.*s... %6.0f ms\n",
		    word[res->status], s->id, REPORT_TITLE_COLS - 3, title,
		    res->ms);
	else
		fprintf(rp->out, "%-4s  %-5s %-*s %6.0f ms\n",
		    word[res->status], s->id, REPORT_TITLE_COLS, title,
		    res->ms);
	if (res->status != RESULT_PASS && res->detail.len > 0)
		report_lines(rp->out, "      ", buf_str(&res->detail));
	if (rp->verbose && res->status == RESULT_PASS && s->why != NULL)
		report_lines(rp->out, "      why: ", s->why);
	fflush(rp->out);
}

void
report_end(struct report *rp)
{
	const char	*pre;
	size_t		 g;

	pre = rp->fmt == REPORT_TAP ? "# " : "";
	if (rp->n > 0) {
		fprintf(rp->out, "%s\n%sgroup  passed  failed  skipped\n",
		    rp->fmt == REPORT_TAP ? "#" : "", pre);
		for (g = 0; g < 26; g++) {
			if (rp->group[g][0] + rp->group[g][1] +
			    rp->group[g][2] == 0)
				continue;
			fprintf(rp->out, "%s%-5c %7zu %7zu %8zu\n", pre,
			    (int)('A' + g), rp->group[g][RESULT_PASS],
			    rp->group[g][RESULT_FAIL],
			    rp->group[g][RESULT_SKIP]);
		}
	}
	if (rp->n < rp->total)
		fprintf(rp->out, "%s%zu not run (--bail)\n", pre,
		    rp->total - rp->n);
	fprintf(rp->out, "%zu passed, %zu failed", rp->count[RESULT_PASS],
	    rp->count[RESULT_FAIL]);
	if (rp->count[RESULT_SKIP] > 0)
		fprintf(rp->out, ", %zu skipped", rp->count[RESULT_SKIP]);
	fprintf(rp->out, "\n");
	fflush(rp->out);
}

/* XML 1.0 text: escaped, without the control characters it forbids. */
void
report_xml_escape(FILE *f, const char *s, size_t len)
{
	size_t		i;
	unsigned char	c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				fputc('?', f);
			else
				fputc(c, f);
			break;
		}
	}
}

static void
report_xml_str(FILE *f, const char *s)
{
	report_xml_escape(f, s, strlen(s));
}

int
report_junit(const char *path, const struct scenario *const *cases,
    const struct case_result *res, size_t n, double seconds, char *err,
    size_t errlen)
{
	FILE			*f;
	const struct scenario	*s;
	size_t			 i, count[3], first;
	char			 cls[16];

	if ((f = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "--junit %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		count[res[i].status]++;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"scenarios\" tests=\"%zu\" failures=\"%zu\" "
	    "skipped=\"%zu\" errors=\"0\" time=\"%.3f\">\n"
	    "  <testsuite name=\"scenarios\" tests=\"%zu\" failures=\"%zu\" "
	    "skipped=\"%zu\" errors=\"0\" time=\"%.3f\">\n", n,
	    count[RESULT_FAIL], count[RESULT_SKIP], seconds, n,
	    count[RESULT_FAIL], count[RESULT_SKIP], seconds);
	for (i = 0; i < n; i++) {
		s = cases[i];
		snprintf(cls, sizeof(cls), "scenarios.%c", s->group);
		fprintf(f, "    <testcase classname=\"%s\" name=\"", cls);
		report_xml_str(f, s->id);
		fputc(' ', f);
		report_xml_str(f, s->title != NULL ? s->title : "");
		fprintf(f, "\" file=\"");
		report_xml_str(f, s->path);
		fprintf(f, "\" time=\"%.3f\"", res[i].ms / 1000.0);
		if (res[i].status == RESULT_PASS) {
			fprintf(f, "/>\n");
			continue;
		}
		first = strcspn(res[i].detail.data == NULL ? "" :
		    res[i].detail.data, "\n");
		if (res[i].status == RESULT_SKIP) {
			fprintf(f, ">\n      <skipped message=\"");
			report_xml_escape(f, res[i].detail.data, first);
			fprintf(f, "\"/>\n    </testcase>\n");
			continue;
		}
		fprintf(f, ">\n      <failure message=\"");
		report_xml_escape(f, res[i].detail.data, first);
		fprintf(f, "\">");
		report_xml_escape(f, res[i].detail.data, res[i].detail.len);
		fprintf(f, "</failure>\n    </testcase>\n");
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
	if (fclose(f) != 0) {
		snprintf(err, errlen, "--junit %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	return (0);
}
