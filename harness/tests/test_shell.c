/*
 * shell.c: shell steps run with a timeout and their output captured.
 */

#include <criterion/criterion.h>

#include <string.h>
#include <time.h>

#include "shell.h"

static struct buf	out;
static char		err[256];
static struct shell_env	env = { "http://h:1", "http://h:1/mcp/mcp", "r1" };

static void
done(void)
{
	buf_free(&out);
}

TestSuite(shell, .fini = done);

Test(shell, status_output_and_environment)
{
	int	st;

	cr_assert_eq(shell_run("echo \"$SCENARIO_BASE $SCENARIO_MCP "
	    "$SCENARIO_RUN\"; echo err >&2; exit 3", &env, 5000, &st, &out,
	    err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(st, 3);
	cr_assert_str_eq(buf_str(&out),
	    "http://h:1 http://h:1/mcp/mcp r1\nerr\n");
	cr_assert_eq(shell_run("kill -TERM $$", &env, 5000, &st, &out, err,
	    sizeof(err)), 0);
	cr_assert_eq(st, 128 + 15);
}

Test(shell, timeout_kills)
{
	struct timespec	a, b;
	int		st;

	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(shell_run("echo started; sleep 30", &env, 2000, &st, &out,
	    err, sizeof(err)), -1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	cr_assert_str_eq(err, "timed out after 2000 ms (killed)");
	cr_assert_str_eq(buf_str(&out), "started\n");
	cr_assert_lt(b.tv_sec - a.tv_sec, 10);
}

Test(shell, background_children_do_not_hold_the_step)
{
	struct timespec	a, b;
	int		st;

	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(shell_run("sleep 3 & echo done", &env, 10000, &st, &out,
	    err, sizeof(err)), 0, "%s", err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	cr_assert_eq(st, 0);
	cr_assert_lt(b.tv_sec - a.tv_sec, 2, "waited for the background job");
}
