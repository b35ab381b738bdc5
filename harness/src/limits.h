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

#ifndef HARNESS_LIMITS_H
#define HARNESS_LIMITS_H

/*
 * Every bound of the scenario runner, in one place. A scenario file or a
 * server response that goes past one is refused with a message naming
 * the limit, never truncated silently.
 */

/* Scenario files. */
#define SCN_FILE_MAX		(256 * 1024)	/* bytes per file */
#define SCN_LINE_MAX		8192		/* bytes per line */
#define SCN_CASES_MAX		2048		/* files in --dir */
#define SCN_STEPS_MAX		64		/* steps per case */
#define SCN_EXPECTS_MAX		64		/* expect lines per step */
#define SCN_HEADERS_MAX		32		/* header lines per step */
#define SCN_FORM_MAX		32		/* form lines per step */
#define SCN_CAPTURES_MAX	16		/* capture lines per step */
#define SCN_TAGS_MAX		16		/* tags per case */
#define SCN_WHY_MAX		32		/* why lines per case */
#define SCN_STATUS_ALT_MAX	8		/* CODE|CODE|... */
#define SCN_ID_MAX		16		/* bytes of a case id */
#define SCN_TIMEOUT_MAX		600		/* seconds, step timeout */

/* Variables. */
#define VARS_MAX		64		/* built-ins + captures */
#define VAR_NAME_MAX		32
#define VAR_VALUE_MAX		(64 * 1024)
#define EXPAND_MAX		(1024 * 1024)	/* text after expansion */

/* HTTP. */
#define HTTP_TIMEOUT_MS		30000		/* whole request */
#define HTTP_CONNECT_TIMEOUT_MS	5000
#define HTTP_REUSE_IDLE_MAX_S	5		/* reuse idle connections */
#define HTTP_BODY_MAX		(8 * 1024 * 1024)
#define HTTP_HEADERS_MAX	128		/* response header lines */
#define HTTP_HEAD_OUT_MAX	(64 * 1024)	/* request head, --verbose */

/* Response inspection. */
#define JPATH_SEGMENTS_MAX	32
#define JPATH_LEN_MAX		1024
#define CHALLENGES_MAX		8		/* per WWW-Authenticate set */
#define CHALLENGE_PARAMS_MAX	16		/* per challenge */
#define CHALLENGE_LEN_MAX	4096		/* one header value */

/* Tokens. */
#define TOKEN_LEN_MAX		16384		/* a token we send */
#define TOKEN_CLIENTS_MAX	16		/* named clients */
#define TOKEN_CACHE_MAX		32		/* client x scope pairs */
#define TOKEN_LIFETIME		3600		/* minted exp - iat */
#define MINT_OVERRIDES_MAX	32		/* CLAIM=VALUE per token */
#define MINT_RSA_BITS		2048		/* the fake source's key */
#define KEY_FILE_MAX		(64 * 1024)	/* PEM signing key */

/* Settings. */
#define TARGETS_MAX		8
#define SETTING_LEN_MAX		1024
#define CONFIG_FILE_MAX		(64 * 1024)
#define DIRECTORY_FILE_MAX	(1024 * 1024)

/* The MCP client library (mcpc.c). */
#define MCPC_SESSION_ID_MAX	256		/* Mcp-Session-Id bytes */
#define MCPC_PAGES_MAX		16		/* tools/list pages followed */
#define MCPC_SHOW_MAX		300		/* bytes of a server text shown */

/* shell steps. */
#define SHELL_TIMEOUT_MS	60000
#define SHELL_OUTPUT_MAX	(64 * 1024)

/* Reports: how much of a body a failure shows. */
#define REPORT_SHOW_MAX		400
#define REPORT_DETAIL_MAX	(16 * 1024)	/* per failed case */

#endif
