/*
 * The in-process equivalent of App Service Authentication (EasyAuth v2)
 * for Entra ID: a Kore "request" authentication block in front of every
 * route. It validates the bearer token, applies the built-in
 * authorization policy, hands handlers the caller (ctx->who) or answers
 * 401/403/503 itself. The signing keys are fetched by the parent process
 * and pushed to the workers (see docs/architecture.md).
 */

#ifndef __H_GATE_H
#define __H_GATE_H

#include <kore/kore.h>
#include <kore/http.h>

#include "authcfg.h"
#include "principal.h"

#define GATE_MCP_PATH		"/mcp/mcp"
#define GATE_PRM_PATH		"/.well-known/oauth-protected-resource"
#define GATE_PRM_MCP_PATH	GATE_PRM_PATH GATE_MCP_PATH

/*
 * Key refresh: scheduled, for an unknown kid (at most), while no key is
 * loaded, after a failed scheduled refresh; how often a worker asks the
 * parent; how long a request waits for new keys.
 */
#define GATE_REFRESH_SECS	3600
#define GATE_KID_REFRESH_SECS	300
#define GATE_EMPTY_RETRY_SECS	10
#define GATE_FAIL_RETRY_SECS	300
#define GATE_TICK_MS		60000
#define GATE_WAIT_MS		20000
#define GATE_MSG_MAX		(256 * 1024)
#define GATE_DESC_MAX		160
#define GATE_CHALLENGE_MAX	2048	/* a WWW-Authenticate value */

/* Kore messages between the workers and the parent. */
#define GATE_MSG_WANT		(KORE_MSG_APP_BASE + 40) /* -> parent */
#define GATE_MSG_KEYS		(KORE_MSG_APP_BASE + 41) /* -> worker */

void			 gate_parent_init(void);
void			 gate_worker_init(void);
int			 gate_validate(struct http_request *, const void *);

const struct authcfg	*gate_config(void);
const char		*gate_prm_url(int);
int			 gate_is_mcp_path(const char *);
void			 gate_challenge(struct http_request *, const char *,
			    const char *, const char *);
void			 gate_refuse(struct http_request *, int,
			    const char *, const char *, const char *);

#endif
