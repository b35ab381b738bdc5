/*
 * The canned HTTP server of canned.h.
 */

#include <criterion/criterion.h>

#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canned.h"

#define CANNED_END	"\n--end of request--\n"

static ssize_t	canned_read(int, char *, size_t);

/* One whole request: the head, then Content-Length bytes of body. */
static ssize_t
canned_read(int fd, char *buf, size_t size)
{
	const char	*head_end, *cl;
	size_t		 off, want;
	ssize_t		 n;

	off = 0;
	for (;;) {
		if ((n = read(fd, buf + off, size - 1 - off)) <= 0)
			return (-1);
		off += (size_t)n;
		buf[off] = '\0';
		if ((head_end = strstr(buf, "\r\n\r\n")) == NULL)
			continue;
		cl = strcasestr(buf, "\r\ncontent-length:");
		want = (size_t)(head_end - buf) + 4 +
		    (cl != NULL && cl < head_end ?
		    strtoul(cl + 17, NULL, 10) : 0);
		if (off >= want)
			return ((ssize_t)off);
	}
}

void
canned_start(struct canned *cs, const char *const *replies, size_t n)
{
	struct sockaddr_in	sin;
	socklen_t		len;
	char			req[65536];
	ssize_t			got;
	size_t			i;
	int			s, fd, p[2], one;

	memset(cs, 0, sizeof(*cs));
	s = socket(AF_INET, SOCK_STREAM, 0);
	one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	cr_assert_eq(listen(s, 8), 0);
	len = sizeof(sin);
	getsockname(s, (struct sockaddr *)&sin, &len);
	snprintf(cs->base, sizeof(cs->base), "http://127.0.0.1:%d",
	    ntohs(sin.sin_port));
	cr_assert_eq(pipe(p), 0);
	if ((cs->pid = fork()) == 0) {
		close(p[0]);
		alarm(10);	/* never outlive a failed test */
		for (i = 0; i < n && (fd = accept(s, NULL, NULL)) != -1; i++) {
			got = canned_read(fd, req, sizeof(req));
			if (got > 0 && (write(p[1], req, (size_t)got) != got ||
			    write(p[1], CANNED_END, strlen(CANNED_END)) < 0))
				_exit(1);
			if (replies[i] == NULL) {
				pause();	/* hold it, say nothing */
				_exit(0);
			}
			if (write(fd, replies[i], strlen(replies[i])) < 0)
				_exit(1);
			close(fd);
		}
		_exit(0);
	}
	close(s);
	close(p[1]);
	cs->rd = p[0];
}

/* Stop the server; cs->reqs then holds every request it read. */
void
canned_stop(struct canned *cs)
{
	char	 all[262144], *p, *e;
	size_t	 off;
	ssize_t	 n;

	if (cs->pid <= 0)
		return;
	kill(cs->pid, SIGKILL);
	waitpid(cs->pid, NULL, 0);
	cs->pid = 0;
	off = 0;
	while (off < sizeof(all) - 1 &&
	    (n = read(cs->rd, all + off, sizeof(all) - 1 - off)) > 0)
		off += (size_t)n;
	all[off] = '\0';
	close(cs->rd);
	cs->rd = -1;
	for (p = all; (e = strstr(p, CANNED_END)) != NULL &&
	    cs->nreqs < CANNED_MAX; p = e + strlen(CANNED_END))
		cs->reqs[cs->nreqs++] = strndup(p, (size_t)(e - p));
}

void
canned_free(struct canned *cs)
{
	size_t	i;

	canned_stop(cs);
	for (i = 0; i < cs->nreqs; i++)
		free(cs->reqs[i]);
	cs->nreqs = 0;
}

/* An HTTP answer; extra is header lines, each ending in CRLF. */
char *
canned_answer(const char *status, const char *ctype, const char *extra,
    const char *body)
{
	char	*r;

	cr_assert(asprintf(&r, "HTTP/1.1 %s\r\n%s%s%s%sContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n%s", status,
	    ctype != NULL ? "Content-Type: " : "", ctype != NULL ? ctype : "",
	    ctype != NULL ? "\r\n" : "", extra, strlen(body), body) > 0);
	return (r);
}
