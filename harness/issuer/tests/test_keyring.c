/*
 * keyring.c: the key folder (first start, add, retire) and the JWKS.
 * JWK members per RFC 7517 4.7 (x5c: base64 DER, not base64url), 4.8
 * (x5t: base64url SHA-1 of the DER) and RFC 7518 6.3.1 (n, e: base64url
 * of the unsigned big-endian value, no leading zero octets). Entra's kid
 * equals its x5t (notes section 2).
 */

#include <criterion/criterion.h>

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/sha.h>

#include "b64.h"
#include "keyring.h"

static char	dir[64];

static void
setup(void)
{
	(void)snprintf(dir, sizeof(dir), "/tmp/issuer-keyring-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void
teardown(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[512];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		(void)unlink(path);
	}
	(void)closedir(d);
	(void)rmdir(dir);
}

TestSuite(keyring, .init = setup, .fini = teardown);

static void
load(struct keyring *kr)
{
	static char	blob[ISSUER_KEYBLOB_MAX];
	char		err[ISSUER_ERR_MAX];
	size_t		len;

	cr_assert_eq(keyring_read(dir, blob, sizeof(blob), &len, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(keyring_parse(kr, blob, len, err, sizeof(err)), 0,
	    "%s", err);
}

static size_t
count(void)
{
	unsigned	seqs[ISSUER_KEYS_MAX];
	size_t		n;
	char		err[ISSUER_ERR_MAX];

	cr_assert_eq(keyring_scan(dir, seqs, ISSUER_KEYS_MAX, &n, err,
	    sizeof(err)), 0);
	return (n);
}

Test(keyring, first_start_creates_one_private_key)
{
	struct stat	st;
	char		sub[96], path[256], err[ISSUER_ERR_MAX];

	(void)snprintf(sub, sizeof(sub), "%s/a/b", dir);
	cr_assert_eq(keyring_ensure(sub, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700, "the folder holds private keys");
	(void)snprintf(path, sizeof(path), "%s/key-0001.pem", sub);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);

	/* Reused, not replaced, at the next start. */
	cr_assert_eq(keyring_ensure(sub, err, sizeof(err)), 0);
	(void)snprintf(path, sizeof(path), "%s/key-0002.pem", sub);
	cr_assert_neq(stat(path, &st), 0);

	(void)snprintf(path, sizeof(path), "%s/key-0001.pem", sub);
	(void)unlink(path);
	(void)rmdir(sub);
	(void)snprintf(sub, sizeof(sub), "%s/a", dir);
	(void)rmdir(sub);
}

Test(keyring, jwk_members_are_encoded_as_entra_publishes_them)
{
	struct keyring		 kr;
	const struct keyring_key *k;
	unsigned char		 der[4096], nbin[512], md[SHA_DIGEST_LENGTH];
	char			 x5t[64], err[ISSUER_ERR_MAX];
	size_t			 dlen, nlen;
	BIGNUM			*bn, *jn;

	cr_assert_eq(keyring_ensure(dir, err, sizeof(err)), 0, "%s", err);
	load(&kr);
	cr_assert_eq(kr.n, 1);
	k = keyring_signer(&kr);

	/* x5c is standard base64 of the certificate; kid = x5t = SHA-1. */
	cr_assert_eq(b64_decode(B64_STD, k->x5c, strlen(k->x5c), der,
	    sizeof(der), &dlen), 0, "x5c is base64, not base64url");
	(void)SHA1(der, dlen, md);
	cr_assert_eq(b64_encode(B64_URL, md, sizeof(md), x5t, sizeof(x5t)), 0);
	cr_assert_str_eq(k->kid, x5t);
	cr_assert_eq(strlen(k->kid), 27);

	/* n: 256 octets for RSA 2048, no leading zero, no padding. */
	cr_assert_null(strpbrk(k->n, "+/="));
	cr_assert_eq(b64_decode(B64_URL, k->n, strlen(k->n), nbin,
	    sizeof(nbin), &nlen), 0);
	cr_assert_eq(nlen, 256, "a DER INTEGER's sign octet must be dropped");
	cr_assert_neq(nbin[0], 0);
	cr_assert_str_eq(k->e, "AQAB", "65537 in three octets, not four");

	/* And n is the key's modulus. */
	bn = NULL;
	cr_assert_eq(EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N,
	    &bn), 1);
	jn = BN_bin2bn(nbin, (int)nlen, NULL);
	cr_assert_eq(BN_cmp(bn, jn), 0);
	BN_free(bn);
	BN_free(jn);
	cr_assert_gt(k->not_before, 0);
	keyring_free(&kr);
}

Test(keyring, add_publishes_both_and_the_new_key_signs)
{
	struct keyring	 kr;
	json_t		*v1, *v2, *keys;
	char		 first[KEYRING_KID_MAX], second[KEYRING_KID_MAX];
	char		 err[ISSUER_ERR_MAX], *doc;

	cr_assert_eq(keyring_ensure(dir, err, sizeof(err)), 0);
	load(&kr);
	(void)snprintf(first, sizeof(first), "%s", kr.keys[0].kid);
	keyring_free(&kr);

	cr_assert_eq(keyring_add(dir, second, sizeof(second), err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(count(), 2);
	load(&kr);
	cr_assert_eq(kr.n, 2);
	cr_assert_str_eq(kr.keys[0].kid, first, "oldest first");
	cr_assert_str_eq(keyring_signer(&kr)->kid, second);
	cr_assert_str_neq(first, second);

	doc = keyring_jwks(&kr, NULL);
	v1 = json_loads(doc, 0, NULL);
	free(doc);
	keys = json_object_get(v1, "keys");
	cr_assert_eq(json_array_size(keys), 2);
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(keys, 0), "kid")), second, "newest first");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(keys, 1), "kid")), first);
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(keys, 0), "kty")), "RSA");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(keys, 0), "use")), "sig");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(keys, 0), "x5t")), second);
	cr_assert_eq(json_array_size(json_object_get(json_array_get(keys, 0),
	    "x5c")), 1);
	cr_assert_null(json_object_get(json_array_get(keys, 0), "issuer"),
	    "v1 keys carry no issuer");
	json_decref(v1);

	doc = keyring_jwks(&kr, "https://login.microsoftonline.com/t/v2.0");
	v2 = json_loads(doc, 0, NULL);
	free(doc);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(v2, "keys"), 1), "issuer")),
	    "https://login.microsoftonline.com/t/v2.0");
	json_decref(v2);
	keyring_free(&kr);
}

Test(keyring, retire_removes_the_oldest_but_never_the_last)
{
	struct keyring	kr;
	char		a[KEYRING_KID_MAX], b[KEYRING_KID_MAX];
	char		gone[KEYRING_KID_MAX], err[ISSUER_ERR_MAX];

	cr_assert_eq(keyring_ensure(dir, err, sizeof(err)), 0);
	cr_assert_eq(keyring_retire(dir, gone, sizeof(gone), err,
	    sizeof(err)), -1, "the only key cannot go");
	cr_assert(strstr(err, "add a new key") != NULL, "%s", err);

	load(&kr);
	(void)snprintf(a, sizeof(a), "%s", kr.keys[0].kid);
	keyring_free(&kr);
	cr_assert_eq(keyring_add(dir, b, sizeof(b), err, sizeof(err)), 0);
	cr_assert_eq(keyring_retire(dir, gone, sizeof(gone), err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(gone, a);
	load(&kr);
	cr_assert_eq(kr.n, 1);
	cr_assert_str_eq(kr.keys[0].kid, b);
	keyring_free(&kr);
}

Test(keyring, the_folder_is_bounded)
{
	char	kid[KEYRING_KID_MAX], err[ISSUER_ERR_MAX];
	int	i;

	for (i = 0; i < ISSUER_KEYS_MAX; i++)
		cr_assert_eq(keyring_add(dir, kid, sizeof(kid), err,
		    sizeof(err)), 0, "%s", err);
	cr_assert_eq(keyring_add(dir, kid, sizeof(kid), err, sizeof(err)), -1);
	cr_assert(strstr(err, "retire one first") != NULL, "%s", err);
}

Test(keyring, scan_takes_only_key_files)
{
	FILE		*f;
	const char	*names[] = { "key-1.pem", "key-0001.pem.bak",
			    ".key-0002.1.tmp", "key-00003.pem", "notes.txt",
			    "key-0000.pem" };
	char		 path[256];
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		cr_assert_not_null(f = fopen(path, "w"));
		(void)fclose(f);
	}
	cr_assert_eq(count(), 0);
}

static char *
slurp(const char *name, size_t *len)
{
	FILE	*f;
	char	 path[256], *buf;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "r"));
	buf = malloc(ISSUER_KEYFILE_MAX + 1);
	*len = fread(buf, 1, ISSUER_KEYFILE_MAX, f);
	buf[*len] = '\0';
	(void)fclose(f);
	return (buf);
}

Test(keyring, parse_refuses_mismatched_or_incomplete_files)
{
	struct keyring	 kr;
	char		*a, *b, *mix, *cert, err[ISSUER_ERR_MAX];
	char		 kid[KEYRING_KID_MAX];
	size_t		 alen, blen, klen;

	cr_assert_eq(keyring_ensure(dir, err, sizeof(err)), 0);
	cr_assert_eq(keyring_add(dir, kid, sizeof(kid), err, sizeof(err)), 0);
	a = slurp("key-0001.pem", &alen);
	b = slurp("key-0002.pem", &blen);

	/* a's private key with b's certificate. */
	cert = strstr(b, "-----BEGIN CERTIFICATE-----");
	klen = (size_t)(strstr(a, "-----BEGIN CERTIFICATE-----") - a);
	mix = malloc(klen + strlen(cert) + alen + 16);
	memcpy(mix, a, klen);
	memcpy(mix + klen, cert, strlen(cert) + 1);
	cr_assert_eq(keyring_parse(&kr, mix, strlen(mix), err, sizeof(err)),
	    -1);
	cr_assert(strstr(err, "not the key's") != NULL, "%s", err);

	cr_assert_eq(keyring_parse(&kr, a, klen, err, sizeof(err)), -1,
	    "a key without its certificate");
	cr_assert(strstr(err, "no certificate") != NULL, "%s", err);
	cr_assert_eq(keyring_parse(&kr, cert, strlen(cert), err,
	    sizeof(err)), -1, "a certificate without its key");
	cr_assert_eq(keyring_parse(&kr, "", 0, err, sizeof(err)), -1);
	cr_assert_eq(keyring_parse(&kr, "garbage", 7, err, sizeof(err)), -1);

	cr_assert_eq(keyring_parse(&kr, a, alen, err, sizeof(err)), 0, "%s",
	    err);
	keyring_free(&kr);

	/* Stray text, which OpenSSL alone would skip, is refused. */
	memcpy(mix, "garbage\n", 8);
	memcpy(mix + 8, a, alen);
	cr_assert_eq(keyring_parse(&kr, mix, alen + 8, err, sizeof(err)), -1);
	cr_assert(strstr(err, "outside the PEM") != NULL, "%s", err);
	memcpy(mix, a, alen);
	memcpy(mix + alen, "trailing", 8);
	cr_assert_eq(keyring_parse(&kr, mix, alen + 8, err, sizeof(err)), -1);
	keyring_free(&kr);
	free(mix);
	free(a);
	free(b);
}
