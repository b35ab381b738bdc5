/*
 * The stand-in's directory (fixtures/directory.json): one tenant, the MCP
 * server's app registration with its service principal and app roles,
 * and the client identities allowed to ask for tokens. Read once, in the
 * parent, before the workers fork; never reloaded while running.
 */

#ifndef __H_DIRECTORY_H
#define __H_DIRECTORY_H

#include <stddef.h>

#define DIR_GUID_LEN		36
#define DIR_NAME_MAX		64
#define DIR_TEXT_MAX		128
#define DIR_SECRET_MAX		128
#define DIR_URI_MAX		256
#define DIR_URIS_MAX		4
#define DIR_ROLES_MAX		8
#define DIR_CLIENTS_MAX		16

struct dir_role {
	char		id[DIR_GUID_LEN + 1];
	char		value[DIR_NAME_MAX];
};

struct dir_resource {
	char		name[DIR_NAME_MAX];
	char		display[DIR_TEXT_MAX];
	char		app_id[DIR_GUID_LEN + 1];
	char		sp_oid[DIR_GUID_LEN + 1];
	char		uris[DIR_URIS_MAX][DIR_URI_MAX];
	size_t		nuris;
	int		token_version;		/* 1 or 2 */
	struct dir_role	roles[DIR_ROLES_MAX];
	size_t		nroles;
};

struct dir_client {
	char		name[DIR_NAME_MAX];
	char		display[DIR_TEXT_MAX];
	char		app_id[DIR_GUID_LEN + 1];
	char		oid[DIR_GUID_LEN + 1];	/* its service principal */
	char		secret[DIR_SECRET_MAX];	/* never logged */
	size_t		roles[DIR_ROLES_MAX];	/* indexes into res.roles */
	size_t		nroles;
};

struct directory {
	char			tenant_id[DIR_GUID_LEN + 1];
	char			tenant_name[DIR_TEXT_MAX];
	struct dir_resource	res;
	struct dir_client	clients[DIR_CLIENTS_MAX];
	size_t			nclients;
};

int	directory_parse(struct directory *, const char *, size_t, char *,
	    size_t);
int	directory_load(struct directory *, const char *, char *, size_t);
void	directory_clear(struct directory *);
int	directory_is_tenant(const struct directory *, const char *);
int	directory_is_resource(const struct directory *, const char *);
const struct dir_client	*directory_client(const struct directory *,
			    const char *);
const struct dir_client	*directory_client_named(const struct directory *,
			    const char *);
int	directory_guid_valid(const char *);
int	directory_guid_eq(const char *, const char *);

#endif
