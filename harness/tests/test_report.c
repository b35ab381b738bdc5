/*
 * report.c: the closing line is exactly "N passed, N failed" with
 * ", N skipped" only when some were (docs/scenarios.md "Running"); TAP
 * and JUnit output are well formed.
 */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

static struct scenario	s;

static char *
run(enum report_format fmt, const enum result_status *st, size_t n)
{
	struct report		 rp;
	struct case_result	 res;
	FILE			*f;
	char			*text;
	size_t			 len, i;

	memset(&s, 0, sizeof(s));
	s.id = "S1";
	s.title = "A title";
	s.group = 'S';
	s.path = "scenarios/S1-x.scn";
	f = open_memstream(&text, &len);
	report_begin(&rp, fmt, f, 0, n);
	for (i = 0; i < n; i++) {
		case_result_init(&res);
		res.status = st[i];
		if (st[i] != RESULT_PASS)
			buf_appends(&res.detail, "line one\nline two");
		report_case(&rp, &s, &res);
		case_result_free(&res);
	}
	report_end(&rp);
	fclose(f);
	return (text);
}

static const char *
last_line(const char *text)
{
	const char	*p;

	p = text + strlen(text) - 1;	/* the final newline */
	while (p > text && p[-1] != '\n')
		p--;
	return (p);
}

Test(report, closing_line)
{
	enum result_status	 a[] = { RESULT_PASS, RESULT_PASS, RESULT_FAIL };
	enum result_status	 b[] = { RESULT_PASS, RESULT_SKIP };
	char			*t;

	t = run(REPORT_TEXT, a, 3);
	cr_assert_str_eq(last_line(t), "2 passed, 1 failed\n");
	cr_assert(strstr(t, "FAIL  S1    A title") != NULL, "%s", t);
	cr_assert(strstr(t, "      line two\n") != NULL);
	free(t);
	t = run(REPORT_TEXT, b, 2);
	cr_assert_str_eq(last_line(t), "1 passed, 0 failed, 1 skipped\n");
	free(t);
	t = run(REPORT_TEXT, NULL, 0);
	cr_assert_str_eq(t, "0 passed, 0 failed\n");
	free(t);
}

Test(report, tap)
{
	enum result_status	 a[] = { RESULT_PASS, RESULT_FAIL, RESULT_SKIP };
	char			*t;

	t = run(REPORT_TAP, a, 3);
	cr_assert(strncmp(t, "TAP version 13\n1..3\nok 1 - S1 A title\n"
	    "not ok 2 - S1 A title\n  ---\n  message: |\n    line one\n"
	    "    line two\n  file: scenarios/S1-x.scn\n  ...\n"
	    "ok 3 - S1 A title # SKIP line one\n#\n", 157) == 0, "%s", t);
	cr_assert_str_eq(last_line(t), "1 passed, 1 failed, 1 skipped\n");
	free(t);
}

Test(report, junit)
{
	const struct scenario	*cases[2];
	struct case_result	 res[2];
	char			 path[] = "/tmp/junit-XXXXXX", xml[4096];
	FILE			*f;
	size_t			 n;
	int			 fd;

	memset(&s, 0, sizeof(s));
	s.id = "B5";
	s.title = "A <token> & \"quotes\"";
	s.group = 'B';
	s.path = "scenarios/B5-x.scn";
	cases[0] = cases[1] = &s;
	case_result_init(&res[0]);
	case_result_init(&res[1]);
	res[0].status = RESULT_FAIL;
	buf_appends(&res[0].detail, "got 'a<b'\x01");
	res[1].status = RESULT_SKIP;
	buf_appends(&res[1].detail, "needs auth on");
	fd = mkstemp(path);
	close(fd);
	cr_assert_eq(report_junit(path, cases, res, 2, 0.5, xml,
	    sizeof(xml)), 0);
	f = fopen(path, "r");
	n = fread(xml, 1, sizeof(xml) - 1, f);
	xml[n] = '\0';
	fclose(f);
	unlink(path);
	cr_assert(strstr(xml, "tests=\"2\" failures=\"1\" skipped=\"1\"") !=
	    NULL, "%s", xml);
	cr_assert(strstr(xml, "name=\"B5 A &lt;token&gt; &amp; &quot;quotes"
	    "&quot;\"") != NULL, "%s", xml);
	cr_assert(strstr(xml, "<failure message=\"got &apos;a&lt;b&apos;?\">")
	    != NULL, "%s", xml);
	cr_assert(strstr(xml, "<skipped message=\"needs auth on\"/>") !=
	    NULL);
	case_result_free(&res[0]);
	case_result_free(&res[1]);
	cr_assert_eq(report_junit("/nonexistent/x.xml", cases, res, 0, 0, xml,
	    sizeof(xml)), -1);
}
