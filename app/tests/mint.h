/*
 * Test-only token minting: RSA keys generated in the test, their JWKS,
 * and compact JWS tokens signed (or deliberately mis-signed) with them.
 * Never used by the server.
 */

#ifndef __H_MINT_H
#define __H_MINT_H

#include <jansson.h>
#include <openssl/evp.h>

#define MINT_TENANT	"835db6b3-71d4-4363-b50b-ddf339b33b4b"
#define MINT_OTHER_TID	"f8ca6fed-ed56-4df1-b386-5497caab8b2f"
#define MINT_API	"61c2716c-df87-4216-bad8-d227701f4195"
#define MINT_AGENT	"1e6571b5-b522-426c-a9fa-4b16af19b4e6"
#define MINT_AGENT_OID	"d8911250-41c2-4d6a-a466-fc10c5c6c0d9"
#define MINT_NOROLE	"e13cebe2-5c29-457b-8b31-cd43dc6db076"
#define MINT_OUTSIDER	"2fddfb3f-63df-4765-8b3e-a6744ecb557d"
#define MINT_ISS_V1	"https://sts.windows.net/" MINT_TENANT "/"
#define MINT_ISS_V2	\
	"https://login.microsoftonline.com/" MINT_TENANT "/v2.0"

/*
 * An authsettingsV2 document for the tenant and API above; %s takes more
 * members of "validation" (a leading comma, or "").
 */
#define MINT_DOC \
	"{\"platform\":{\"enabled\":true}," \
	"\"globalValidation\":{\"requireAuthentication\":true," \
	"\"unauthenticatedClientAction\":\"Return401\"}," \
	"\"identityProviders\":{\"azureActiveDirectory\":{\"enabled\":true," \
	"\"registration\":{\"clientId\":\"" MINT_API "\",\"openIdIssuer\":" \
	"\"" MINT_ISS_V2 "\"},\"validation\":{\"allowedAudiences\":" \
	"[\"api://" MINT_API "\"]%s}}}}"

#define MINT_KEYS	3	/* generated once per test binary */

struct mint_key {
	EVP_PKEY	*pkey;
	char		 kid[64];
};

void	 mint_key(struct mint_key *, const char *, int);
void	 mint_key_load(struct mint_key *, int, const char *);
void	 mint_key_free(struct mint_key *);
json_t	*mint_jwk(const struct mint_key *);
json_t	*mint_jwks(const struct mint_key *, int);
char	*mint_pem(const struct mint_key *);
char	*mint_b64(const void *, size_t);
char	*mint_sign(const struct mint_key *, const char *, const char *);
char	*mint_hs256(const char *, size_t, const char *, const char *);
char	*mint_join(const char *, const char *, const char *);
char	*mint_v2(const struct mint_key *, long, const char *);
char	*mint_v1(const struct mint_key *, long, const char *);
void	 mint_die(const char *) __attribute__((noreturn));

#endif
