/*
 * Test keys for criterion test binaries (see mint.h). Linked only into
 * tests; the benchmark generates its own key.
 */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "mint.h"

/*
 * Criterion runs every test in a fresh process, so keys generated in a
 * test would be generated again for each one (0.3 s apiece). They are
 * generated once, before all tests, into a private temporary directory
 * whose path the test processes inherit through the environment.
 */
ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	char	 dir[] = "/tmp/reviews-mint-XXXXXX", path[256];
	FILE	*fp;
	EVP_PKEY *pkey;
	int	 i;

	(void)set;
	if (mkdtemp(dir) == NULL)
		mint_die("mkdtemp");
	for (i = 0; i < MINT_KEYS; i++) {
		if ((pkey = EVP_RSA_gen(2048)) == NULL)
			mint_die("EVP_RSA_gen");
		(void)snprintf(path, sizeof(path), "%s/%d.pem", dir, i);
		if ((fp = fopen(path, "w")) == NULL)
			mint_die("fopen");
		if (PEM_write_PrivateKey(fp, pkey, NULL, NULL, 0, NULL,
		    NULL) != 1)
			mint_die("PEM_write_PrivateKey");
		fclose(fp);
		EVP_PKEY_free(pkey);
	}
	setenv("MINT_KEYDIR", dir, 1);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	const char	*dir;
	char		 path[256];
	int		 i;

	(void)stats;
	if ((dir = getenv("MINT_KEYDIR")) == NULL)
		return;
	for (i = 0; i < MINT_KEYS; i++) {
		(void)snprintf(path, sizeof(path), "%s/%d.pem", dir, i);
		(void)unlink(path);
	}
	(void)rmdir(dir);
}

