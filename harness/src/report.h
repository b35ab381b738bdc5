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

#ifndef HARNESS_REPORT_H
#define HARNESS_REPORT_H

#include <stdio.h>

#include "runner.h"
#include "scenario.h"

/*
 * Output: a progress line per case as it finishes (text, or TAP 13),
 * then a table per group and the closing line, exactly
 * "N passed, N failed" plus ", N skipped" when any were. --junit FILE
 * writes the same results as JUnit XML.
 */
enum report_format {
	REPORT_TEXT,
	REPORT_TAP
};

struct report {
	enum report_format	 fmt;
	FILE			*out;
	int			 verbose;
	size_t			 total;
	size_t			 n;
	size_t			 count[3];
	size_t			 group[26][3];
};

void	report_begin(struct report *, enum report_format, FILE *, int,
	    size_t);
void	report_case(struct report *, const struct scenario *,
	    const struct case_result *);
void	report_end(struct report *);
int	report_junit(const char *, const struct scenario *const *,
	    const struct case_result *, size_t, double, char *, size_t);
void	report_xml_escape(FILE *, const char *, size_t);

#endif
