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

#ifndef HARNESS_SCENARIO_H
#define HARNESS_SCENARIO_H

#include <stddef.h>

#include "limits.h"

/*
 * One scenario file (docs/scenarios.md) as parsed: the case header and
 * its steps, with every value still unexpanded ({variables} are filled
 * in by the runner when a step runs). Each element keeps its line
 * number so every message can point at the file.
 */

enum scn_auth {
	SCN_AUTH_ANY,
	SCN_AUTH_ON,
	SCN_AUTH_OFF
};

enum scn_action {
	SCN_ACT_NONE,
	SCN_ACT_HTTP,		/* get/post/.../method */
	SCN_ACT_MCP,		/* mcp METHOD [PARAMS] */
	SCN_ACT_NOTIFY,		/* notify METHOD [PARAMS] */
	SCN_ACT_SHELL,		/* shell COMMAND */
	SCN_ACT_CLIENT		/* client ACTION ... */
};

enum scn_what {
	SCN_EXP_STATUS,
	SCN_EXP_HEADER,
	SCN_EXP_BODY,
	SCN_EXP_JSON,
	SCN_EXP_CHALLENGE,
	SCN_EXP_CLIENT,
	SCN_EXP_DIAGNOSIS	/* the runner's own diagnosis of a failure */
};

enum scn_op {
	SCN_OP_STATUS,		/* status CODE|CODE, client status CODE */
	SCN_OP_EQ,		/* = VALUE */
	SCN_OP_NE,		/* != VALUE */
	SCN_OP_HAS,		/* ~ TEXT */
	SCN_OP_HASNT,		/* !~ TEXT */
	SCN_OP_EXISTS,
	SCN_OP_ABSENT,
	SCN_OP_EMPTY,
	SCN_OP_COUNT,		/* count N */
	SCN_OP_CONTAINS,	/* contains JSON */
	SCN_OP_TYPE,		/* type T */
	SCN_OP_OK		/* client ok */
};

enum scn_capture_from {
	SCN_CAP_JSON,
	SCN_CAP_HEADER,
	SCN_CAP_BODY
};

struct scn_kv {
	int	 line;
	char	*name;
	char	*value;
};

struct scn_expect {
	int		 line;
	enum scn_what	 what;
	enum scn_op	 op;
	char		*subject;	/* header, JSON path, parameter */
	char		*arg;		/* VALUE, TEXT, JSON literal, type */
	long		 count;
	int		 status[SCN_STATUS_ALT_MAX];
	size_t		 nstatus;
	char		*text;		/* the line as written */
};

struct scn_capture {
	int			 line;
	char			*name;
	enum scn_capture_from	 from;
	char			*source;	/* JSON path, header; NULL body */
	char			*regex;		/* ~ REGEX, or NULL */
};

struct scn_step {
	int			 line;
	int			 number;	/* 1-based; the mcp id */
	char			*title;

	enum scn_action		 action;
	int			 action_line;
	char			*method;	/* HTTP method */
	char			*target;	/* HTTP target */
	char			*rpc_method;	/* mcp, notify */
	char			*rpc_params;	/* NULL: no params */
	char			*command;	/* shell */
	char			*client;	/* client ACTION ... */

	struct scn_kv		*headers;
	size_t			 nheaders;
	char			*body;		/* NULL: no body line */
	struct scn_kv		*form;
	size_t			 nform;
	char			*token;		/* NULL: none */
	int			 token_line;
	long			 timeout_ms;	/* 0: the run's --timeout */
	int			 reproduces;	/* has expect diagnosis */

	struct scn_capture	*captures;
	size_t			 ncaptures;
	struct scn_expect	*expects;
	size_t			 nexpects;
};

struct scenario {
	char		*path;
	char		*id;
	char		*title;
	char		 group;
	enum scn_auth	 need_auth;
	int		 need_local;
	char		*need_target;
	char		*tags[SCN_TAGS_MAX];
	size_t		 ntags;
	char		*guide;
	char		*why;		/* why lines joined with '\n' */
	int		 uses_client;	/* --list marks it [client] */

	struct scn_step	*steps;
	size_t		 nsteps;

	char		*error;		/* "path:line: message"; unusable */
};

int	 scenario_parse(struct scenario *, const char *, const char *,
	    size_t);
int	 scenario_load(struct scenario *, const char *);
void	 scenario_free(struct scenario *);
int	 scenario_load_dir(const char *, struct scenario **, size_t *,
	    char *, size_t);
void	 scenario_free_all(struct scenario *, size_t);
int	 scenario_id_cmp(const char *, const char *);
int	 scenario_has_tag(const struct scenario *, const char *);
const char *scenario_action_name(enum scn_action);

#endif
