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
 * hold-get: a tiny HTTP server that answers GET /mcp/mcp the way FastMCP
 * does with stateless_http (python-sdk issue #3492): 200 with
 * Content-Type text/event-stream, then nothing, the connection held open
 * until the client gives up. Every other request gets 404. The scenario
 * runner's group D uses it to reproduce "GET on the MCP endpoint
 * hanging" and check the runner's diagnosis of it.
 *
 *	hold-get PORT		listen on 127.0.0.1:PORT until killed
 */

#include <sys/socket.h>

#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HOLD_CONNS_MAX	64		/* connections at once */
#define HOLD_HEAD_MAX	8192		/* bytes of a request head */
#define HOLD_PATH	"/mcp/mcp"

struct hold_conn {
	int	 fd;
	int	 held;			/* answered, kept open */
	size_t	 len;
	char	 head[HOLD_HEAD_MAX + 1];
};

static struct hold_conn	conns[HOLD_CONNS_MAX];

static void	hold_close(struct hold_conn *);
static void	hold_read(struct hold_conn *);
static void	hold_answer(struct hold_conn *);

static void
hold_close(struct hold_conn *c)
{
	close(c->fd);
	c->fd = -1;
	c->held = 0;
	c->len = 0;
}

static void
hold_answer(struct hold_conn *c)
{
	static const char	 stream[] = "HTTP/1.1 200 OK\r\n"
				    "Content-Type: text/event-stream\r\n"
				    "Cache-Control: no-cache\r\n\r\n";
	static const char	 notfound[] = "HTTP/1.1 404 Not Found\r\n"
				    "Content-Type: text/plain\r\n"
				    "Content-Length: 10\r\n"
				    "Connection: close\r\n\r\nnot found\n";
	size_t			 n;

	n = strlen(HOLD_PATH);
	if (strncmp(c->head, "GET ", 4) == 0 &&
	    strncmp(c->head + 4, HOLD_PATH, n) == 0 &&
	    (c->head[4 + n] == ' ' || c->head[4 + n] == '?')) {
		if (write(c->fd, stream, sizeof(stream) - 1) < 0)
			hold_close(c);
		else
			c->held = 1;
		return;
	}
	if (write(c->fd, notfound, sizeof(notfound) - 1) < 0)
		warn("write");
	hold_close(c);
}

static void
hold_read(struct hold_conn *c)
{
	char	sink[512];
	ssize_t	r;

	if (c->held) {
		/* Read and drop; the peer's close ends the hold. */
		if ((r = read(c->fd, sink, sizeof(sink))) <= 0)
			hold_close(c);
		return;
	}
	r = read(c->fd, c->head + c->len, HOLD_HEAD_MAX - c->len);
	if (r <= 0) {
		hold_close(c);
		return;
	}
	c->len += (size_t)r;
	c->head[c->len] = '\0';
	if (strstr(c->head, "\r\n\r\n") != NULL)
		hold_answer(c);
	else if (c->len == HOLD_HEAD_MAX)
		hold_close(c);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in	 sin;
	struct pollfd		 pfd[HOLD_CONNS_MAX + 1];
	struct hold_conn	*slot[HOLD_CONNS_MAX + 1];
	char			*end;
	size_t			 i, n;
	long			 port;
	int			 s, fd, one;

	if (argc != 2)
		errx(2, "usage: hold-get PORT");
	errno = 0;
	port = strtol(argv[1], &end, 10);
	if (*end != '\0' || errno != 0 || port < 1 || port > 65535)
		errx(2, "PORT: 1 to 65535");
	signal(SIGPIPE, SIG_IGN);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) == -1)
		err(1, "bind 127.0.0.1:%ld", port);
	if (listen(s, 16) == -1)
		err(1, "listen");
	for (i = 0; i < HOLD_CONNS_MAX; i++)
		conns[i].fd = -1;

	for (;;) {
		n = 0;
		pfd[n].fd = s;
		pfd[n].events = POLLIN;
		slot[n++] = NULL;
		for (i = 0; i < HOLD_CONNS_MAX; i++) {
			if (conns[i].fd == -1)
				continue;
			pfd[n].fd = conns[i].fd;
			pfd[n].events = POLLIN;
			slot[n++] = &conns[i];
		}
		if (poll(pfd, n, -1) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		for (i = 1; i < n; i++) {
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				hold_read(slot[i]);
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		if ((fd = accept(s, NULL, NULL)) == -1)
			continue;
		for (i = 0; i < HOLD_CONNS_MAX && conns[i].fd != -1; i++)
			;
		if (i == HOLD_CONNS_MAX) {
			/* Full: the oldest held stream gives way. */
			close(fd);
			continue;
		}
		conns[i].fd = fd;
		conns[i].held = 0;
		conns[i].len = 0;
	}
}
