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

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "shell.h"

/* How often a running command is checked for having exited. */
#define SHELL_POLL_MS	20

static long	shell_ms(void);

static long
shell_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * *status gets the exit status (128 + signal when killed by one).
 * -1 when the command could not run or timed out.
 */
int
shell_run(const char *cmd, const struct shell_env *env, long timeout_ms,
    int *status, struct buf *out, char *err, size_t errlen)
{
	struct pollfd	 pfd;
	pid_t		 pid;
	char		 chunk[4096];
	ssize_t		 n;
	long		 deadline, left;
	int		 fds[2], devnull, wst, timed_out, exited;

	buf_reset(out);
	*status = -1;
	if (pipe2(fds, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return (-1);
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return (-1);
	}
	if (pid == 0) {
		setpgid(0, 0);
		if ((devnull = open("/dev/null", O_RDONLY)) != -1)
			dup2(devnull, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		if (env->base != NULL)
			setenv("SCENARIO_BASE", env->base, 1);
		if (env->mcp != NULL)
			setenv("SCENARIO_MCP", env->mcp, 1);
		if (env->run != NULL)
			setenv("SCENARIO_RUN", env->run, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	/* Also here, so a fast kill cannot miss the group. */
	setpgid(pid, pid);

	/*
	 * Read until the command exits (not until the pipe closes: a
	 * process it leaves in the background may hold the pipe open).
	 */
	timed_out = 0;
	exited = 0;
	deadline = shell_ms() + timeout_ms;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	for (;;) {
		if (!exited && waitpid(pid, &wst, WNOHANG) == pid)
			exited = 1;
		while ((n = read(fds[0], chunk, sizeof(chunk))) > 0) {
			/* Past the bound, read on so the child never blocks. */
			if (out->len < SHELL_OUTPUT_MAX)
				buf_append(out, chunk, (size_t)n >
				    SHELL_OUTPUT_MAX - out->len ?
				    SHELL_OUTPUT_MAX - out->len : (size_t)n);
		}
		if (exited)
			break;
		if (n == 0)
			pfd.fd = -1;	/* EOF: poll just waits now */
		if ((left = deadline - shell_ms()) <= 0) {
			timed_out = 1;
			break;
		}
		if (poll(&pfd, 1, left > SHELL_POLL_MS ? SHELL_POLL_MS :
		    (int)left) == -1 && errno != EINTR)
			break;
	}
	close(fds[0]);
	if (timed_out)
		kill(-pid, SIGKILL);
	while (!exited && waitpid(pid, &wst, 0) == -1 && errno == EINTR)
		;
	if (out->data == NULL)
		buf_appends(out, "");
	if (timed_out) {
		snprintf(err, errlen, "timed out after %ld ms (killed)",
		    timeout_ms);
		return (-1);
	}
	if (WIFEXITED(wst))
		*status = WEXITSTATUS(wst);
	else if (WIFSIGNALED(wst))
		*status = 128 + WTERMSIG(wst);
	return (0);
}
