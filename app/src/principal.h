/*
 * The caller as the auth gate validated it. Handlers read this and never
 * the Authorization header. Reference counted: the gate's verified-token
 * cache and the request both hold one.
 */

#ifndef __H_PRINCIPAL_H
#define __H_PRINCIPAL_H

#include <time.h>

#include <jansson.h>

#define PRINCIPAL_ID_MAX	128
#define PRINCIPAL_ROLES_MAX	32
#define PRINCIPAL_ROLE_MAX	128
#define PRINCIPAL_SCP_MAX	512

/* The claim type App Service gives roles (role_typ). */
#define PRINCIPAL_ROLE_TYP \
	"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"

struct principal {
	int	refs;
	char	client_id[PRINCIPAL_ID_MAX];	/* azp (v2) or appid (v1) */
	char	oid[PRINCIPAL_ID_MAX];
	char	tid[PRINCIPAL_ID_MAX];
	char	sub[PRINCIPAL_ID_MAX];
	char	ver[8];
	int	app_only;			/* client credentials token */
	char	scp[PRINCIPAL_SCP_MAX];		/* delegated, or "" */
	int	nroles;
	char	roles[PRINCIPAL_ROLES_MAX][PRINCIPAL_ROLE_MAX];
	time_t	exp;
	json_t	*claims;			/* validated claims */
};

struct principal	*principal_new(void);
struct principal	*principal_ref(struct principal *);
void			 principal_release(struct principal *);
int			 principal_has_role(const struct principal *,
			    const char *);
int			 principal_has_scope(const struct principal *,
			    const char *);
json_t			*principal_user_claims(const struct principal *);
const char		*principal_name(const struct principal *);

#endif
