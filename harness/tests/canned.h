/*
 * A canned HTTP server for unit tests: a child process that answers the
 * i-th connection with the i-th reply and closes it (a NULL reply reads
 * the request and then holds the connection open, answering nothing),
 * and records every request it read.
 */

#ifndef HARNESS_TESTS_CANNED_H
#define HARNESS_TESTS_CANNED_H

#include <sys/types.h>

#include <stddef.h>

#define CANNED_MAX	16

struct canned {
	pid_t	 pid;
	int	 rd;
	char	 base[64];		/* http://127.0.0.1:PORT */
	char	*reqs[CANNED_MAX];	/* after canned_stop */
	size_t	 nreqs;
};

void	 canned_start(struct canned *, const char *const *, size_t);
void	 canned_stop(struct canned *);
void	 canned_free(struct canned *);
char	*canned_answer(const char *, const char *, const char *,
	    const char *);

#endif
