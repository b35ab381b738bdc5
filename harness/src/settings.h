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

#ifndef HARNESS_SETTINGS_H
#define HARNESS_SETTINGS_H

#include <stddef.h>

#include "limits.h"

/*
 * What the runner knows about the tenant and the MCP app registration,
 * from (later wins): the local directory (--directory), the settings
 * file (--config, key = value) and SCENARIO_* environment variables.
 * Client secrets come only from the environment (or the local-only
 * directory): never from argv or the settings file, never printed.
 */
struct client_def {
	char	*name;
	char	*app_id;
	char	*object_id;
	char	*secret;	/* local directory only; else NULL */
};

struct settings {
	char			*tenant;
	char			*client_id;
	char			*api_uri;
	char			*authority;
	char			*mcp_path;
	char			*signing_key;
	char			*signing_kid;
	char			*valid_client;
	struct client_def	 clients[TOKEN_CLIENTS_MAX];
	size_t			 nclients;
};

typedef const char *(*settings_getenv_fn)(const char *);

void	settings_init(struct settings *);
void	settings_free(struct settings *);
int	settings_directory(struct settings *, const char *, char *, size_t);
int	settings_parse(struct settings *, const char *, const char *, size_t,
	    char *, size_t);
int	settings_file(struct settings *, const char *, char *, size_t);
int	settings_env(struct settings *, settings_getenv_fn, char *, size_t);
void	settings_defaults(struct settings *);
struct client_def *settings_client(struct settings *, const char *, int);
char	*settings_secret(struct settings *, const char *,
	    settings_getenv_fn);

#endif
