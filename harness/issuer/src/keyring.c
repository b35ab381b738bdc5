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
 * Signing keys: generation, the key folder, parsing and the JWKS.
 *
 * The key folder is read only by the parent process and the issuer-keys
 * tool; workers get the files' bytes through shared memory and parse them
 * with keyring_parse(), so the same checks run on both sides.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "b64.h"
#include "keyring.h"

static int	keyring_load_key(struct keyring_key *, EVP_PKEY *, X509 *,
		    char *, size_t);
static int	keyring_probe(EVP_PKEY *);
static int	keyring_pem_only(const char *, size_t);
static char	*keyring_bn_b64url(EVP_PKEY *, const char *);
static int	keyring_mkdirs(const char *, char *, size_t);
static int	keyring_path(char *, size_t, const char *, unsigned);
static int	keyring_generate(char **, size_t *, char *, size_t);
static int	keyring_seq_cmp(const void *, const void *);
static int	keyring_kid_of(const char *, unsigned, char *, size_t, char *,
		    size_t);

/*
 * Parse the concatenated key files: PRIVATE KEY then CERTIFICATE, per
 * key, oldest first. Anything else, a key that does not match its
 * certificate, or a key that cannot sign is refused as a whole.
 */
int
keyring_parse(struct keyring *kr, const char *blob, size_t len, char *err,
    size_t errlen)
{
	BIO			*bio;
	EVP_PKEY		*pkey;
	X509			*x;
	char			*name, *header;
	unsigned char		*data;
	const unsigned char	*p;
	const char		*bad;
	long			 dlen;
	int			 ret;

	memset(kr, 0, sizeof(*kr));
	ret = -1;
	pkey = NULL;
	x = NULL;

	/* OpenSSL's PEM reader skips stray text; a key file has none. */
	if (!keyring_pem_only(blob, len))
		return (issuer_fail(err, errlen, "text outside the PEM "
		    "blocks of a key file"));
	if (len > INT32_MAX || (bio = BIO_new_mem_buf(blob, (int)len)) == NULL)
		return (issuer_fail(err, errlen, "out of memory"));

	for (;;) {
		name = header = NULL;
		data = NULL;
		ERR_clear_error();
		if (!PEM_read_bio(bio, &name, &header, &data, &dlen)) {
			if (ERR_GET_REASON(ERR_peek_last_error()) ==
			    PEM_R_NO_START_LINE && pkey == NULL)
				break;
			issuer_fail(err, errlen, "key %zu: %s", kr->n + 1,
			    pkey == NULL ? "unreadable PEM" :
			    "no certificate after the private key");
			goto out;
		}

		p = data;
		if (pkey == NULL && strcmp(name, "PRIVATE KEY") == 0) {
			pkey = d2i_AutoPrivateKey(NULL, &p, dlen);
			bad = pkey == NULL ? "not a PKCS#8 private key" : NULL;
		} else if (pkey != NULL && strcmp(name, "CERTIFICATE") == 0) {
			x = d2i_X509(NULL, &p, dlen);
			bad = x == NULL ? "bad certificate" : NULL;
		} else {
			bad = pkey == NULL ? "expected a PRIVATE KEY" :
			    "expected a CERTIFICATE";
		}
		OPENSSL_clear_free(data, (size_t)dlen);
		OPENSSL_free(name);
		OPENSSL_free(header);
		if (bad != NULL) {
			issuer_fail(err, errlen, "key %zu: %s", kr->n + 1,
			    bad);
			goto out;
		}
		if (x == NULL)
			continue;

		if (kr->n == ISSUER_KEYS_MAX) {
			issuer_fail(err, errlen, "more than %d keys",
			    ISSUER_KEYS_MAX);
			goto out;
		}
		if (keyring_load_key(&kr->keys[kr->n], pkey, x, err,
		    errlen) == -1)
			goto out;
		kr->n++;
		pkey = NULL;
		X509_free(x);
		x = NULL;
	}

	if (kr->n == 0) {
		issuer_fail(err, errlen, "no keys");
		goto out;
	}
	ret = 0;
out:
	EVP_PKEY_free(pkey);
	X509_free(x);
	BIO_free(bio);
	ERR_clear_error();
	if (ret == -1)
		keyring_free(kr);
	return (ret);
}

void
keyring_free(struct keyring *kr)
{
	size_t		i;

	for (i = 0; i < kr->n; i++) {
		EVP_PKEY_free(kr->keys[i].pkey);
		free(kr->keys[i].n);
		free(kr->keys[i].x5c);
	}
	memset(kr, 0, sizeof(*kr));
}

/* The newest key signs; the older ones stay published until retired. */
const struct keyring_key *
keyring_signer(const struct keyring *kr)
{
	if (kr->n == 0)
		return (NULL);
	return (&kr->keys[kr->n - 1]);
}

/*
 * The JWKS document, newest key first. v2 key sets (issuer != NULL) carry
 * the issuer each key is valid for and the cloud instance, as Entra's
 * /discovery/v2.0/keys does; v1 key sets carry neither.
 */
char *
keyring_jwks(const struct keyring *kr, const char *issuer)
{
	json_t		*root, *keys, *k;
	char		*out;
	size_t		 i;

	out = NULL;
	root = json_object();
	keys = json_array();
	if (root == NULL || keys == NULL ||
	    json_object_set_new(root, "keys", keys) == -1) {
		json_decref(keys);
		goto out;
	}

	for (i = kr->n; i > 0; i--) {
		k = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s]}",
		    "kty", "RSA", "use", "sig",
		    "kid", kr->keys[i - 1].kid, "x5t", kr->keys[i - 1].kid,
		    "n", kr->keys[i - 1].n, "e", kr->keys[i - 1].e,
		    "x5c", kr->keys[i - 1].x5c);
		if (k == NULL)
			goto out;
		if (issuer != NULL && (json_object_set_new(k,
		    "cloud_instance_name",
		    json_string("microsoftonline.com")) == -1 ||
		    json_object_set_new(k, "issuer",
		    json_string(issuer)) == -1)) {
			json_decref(k);
			goto out;
		}
		if (json_array_append_new(keys, k) == -1)
			goto out;
	}

	out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
out:
	json_decref(root);
	return (out);
}

/* The sequence numbers of the key files in dir, ascending. */
int
keyring_scan(const char *dir, unsigned *seqs, size_t max, size_t *n,
    char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	unsigned	 seq;
	char		 name[KEYRING_NAME_MAX], tail;
	int		 ret;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return (issuer_fail(err, errlen, "%s: %s", dir,
		    strerror(errno)));

	ret = -1;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "key-%4u.pe%c", &seq, &tail) != 2 ||
		    tail != 'm' || seq == 0 || seq > KEYRING_SEQ_MAX)
			continue;
		/* Exactly key-NNNN.pem: no other spelling of a number. */
		(void)snprintf(name, sizeof(name), "key-%04u.pem", seq);
		if (strcmp(name, de->d_name) != 0)
			continue;
		if (*n == max) {
			issuer_fail(err, errlen, "%s: more than %zu keys",
			    dir, max);
			goto out;
		}
		seqs[(*n)++] = seq;
	}
	qsort(seqs, *n, sizeof(*seqs), keyring_seq_cmp);
	ret = 0;
out:
	(void)closedir(d);
	return (ret);
}

/* The key files' bytes, oldest first, into blob. */
int
keyring_read(const char *dir, char *blob, size_t bloblen, size_t *len,
    char *err, size_t errlen)
{
	unsigned	 seqs[ISSUER_KEYS_MAX];
	size_t		 n, i;
	ssize_t		 r;
	char		 path[ISSUER_PATH_MAX];
	int		 fd;

	*len = 0;
	if (keyring_scan(dir, seqs, ISSUER_KEYS_MAX, &n, err, errlen) == -1)
		return (-1);
	if (n == 0)
		return (issuer_fail(err, errlen, "%s: no keys", dir));

	for (i = 0; i < n; i++) {
		if (keyring_path(path, sizeof(path), dir, seqs[i]) == -1)
			return (issuer_fail(err, errlen, "path too long"));
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
			return (issuer_fail(err, errlen, "%s: %s", path,
			    strerror(errno)));
		for (;;) {
			r = read(fd, blob + *len, bloblen - *len);
			if (r == -1 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			*len += (size_t)r;
			if (*len == bloblen) {
				r = -1;
				errno = EFBIG;
				break;
			}
		}
		(void)close(fd);
		if (r == -1)
			return (issuer_fail(err, errlen, "%s: %s", path,
			    strerror(errno)));
	}

	return (0);
}

/* First start: create the folder and one key if there is none. */
int
keyring_ensure(const char *dir, char *err, size_t errlen)
{
	unsigned	 seqs[ISSUER_KEYS_MAX];
	size_t		 n;
	char		 kid[KEYRING_KID_MAX];

	if (keyring_mkdirs(dir, err, errlen) == -1)
		return (-1);
	if (keyring_scan(dir, seqs, ISSUER_KEYS_MAX, &n, err, errlen) == -1)
		return (-1);
	if (n > 0)
		return (0);
	return (keyring_add(dir, kid, sizeof(kid), err, errlen));
}

/*
 * A new key after the newest: it becomes the signing key. The file is
 * written under a temporary name and linked into place, so a reader
 * never sees half a key and two writers cannot take the same number.
 */
int
keyring_add(const char *dir, char *kid, size_t kidlen, char *err,
    size_t errlen)
{
	unsigned	 seqs[ISSUER_KEYS_MAX], next;
	size_t		 n, len, off;
	ssize_t		 w;
	char		 tmp[ISSUER_PATH_MAX], path[ISSUER_PATH_MAX], *pem;
	int		 fd, ret;

	pem = NULL;
	len = 0;
	ret = -1;
	if (keyring_scan(dir, seqs, ISSUER_KEYS_MAX, &n, err, errlen) == -1)
		return (-1);
	if (n == ISSUER_KEYS_MAX)
		return (issuer_fail(err, errlen, "%s already holds %d keys: "
		    "retire one first", dir, ISSUER_KEYS_MAX));
	next = n == 0 ? 1 : seqs[n - 1] + 1;
	if (next > KEYRING_SEQ_MAX)
		return (issuer_fail(err, errlen, "key numbers exhausted"));

	if (keyring_generate(&pem, &len, err, errlen) == -1)
		return (-1);

	if (keyring_path(path, sizeof(path), dir, next) == -1 ||
	    snprintf(tmp, sizeof(tmp), "%s/.key-%04u.%ld.tmp", dir, next,
	    (long)getpid()) >= (int)sizeof(tmp)) {
		issuer_fail(err, errlen, "path too long");
		goto out;
	}

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		issuer_fail(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	for (off = 0; off < len; off += (size_t)w) {
		if ((w = write(fd, pem + off, len - off)) == -1) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			break;
		}
	}
	if (off < len || fsync(fd) == -1) {
		issuer_fail(err, errlen, "%s: %s", tmp, strerror(errno));
		(void)close(fd);
		(void)unlink(tmp);
		goto out;
	}
	(void)close(fd);

	if (link(tmp, path) == -1) {
		issuer_fail(err, errlen, "%s: %s", path, strerror(errno));
		(void)unlink(tmp);
		goto out;
	}
	(void)unlink(tmp);

	ret = keyring_kid_of(dir, next, kid, kidlen, err, errlen);
out:
	if (pem != NULL) {
		explicit_bzero(pem, len);
		free(pem);
	}
	return (ret);
}

/* Remove the oldest key from the folder (never the last one). */
int
keyring_retire(const char *dir, char *kid, size_t kidlen, char *err,
    size_t errlen)
{
	unsigned	 seqs[ISSUER_KEYS_MAX];
	size_t		 n;
	char		 path[ISSUER_PATH_MAX];

	if (keyring_scan(dir, seqs, ISSUER_KEYS_MAX, &n, err, errlen) == -1)
		return (-1);
	if (n < 2)
		return (issuer_fail(err, errlen, "%s holds %zu key%s: add a "
		    "new key before retiring the old one", dir, n,
		    n == 1 ? "" : "s"));
	if (keyring_kid_of(dir, seqs[0], kid, kidlen, err, errlen) == -1)
		return (-1);
	if (keyring_path(path, sizeof(path), dir, seqs[0]) == -1)
		return (issuer_fail(err, errlen, "path too long"));
	if (unlink(path) == -1)
		return (issuer_fail(err, errlen, "%s: %s", path,
		    strerror(errno)));
	return (0);
}

static int
keyring_load_key(struct keyring_key *k, EVP_PKEY *pkey, X509 *x, char *err,
    size_t errlen)
{
	unsigned char	*der, *p, md[SHA_DIGEST_LENGTH];
	struct tm	 tm;
	char		*e;
	int		 dlen, ret;

	ret = -1;
	der = NULL;
	e = NULL;

	if (!EVP_PKEY_is_a(pkey, "RSA") ||
	    EVP_PKEY_get_bits(pkey) < KEYRING_BITS)
		return (issuer_fail(err, errlen, "not an RSA key of at least "
		    "%d bits", KEYRING_BITS));
	if (X509_check_private_key(x, pkey) != 1)
		return (issuer_fail(err, errlen, "the certificate is not "
		    "the key's"));
	if (keyring_probe(pkey) == -1)
		return (issuer_fail(err, errlen, "the key cannot sign"));

	if ((dlen = i2d_X509(x, NULL)) <= 0 ||
	    (der = malloc((size_t)dlen)) == NULL)
		return (issuer_fail(err, errlen, "certificate encoding"));
	p = der;
	if (i2d_X509(x, &p) != dlen)
		goto out;

	/* Entra's kid is its x5t: base64url of the certificate's SHA-1. */
	(void)SHA1(der, (size_t)dlen, md);
	if (b64_encode(B64_URL, md, sizeof(md), k->kid, sizeof(k->kid)) == -1)
		goto out;
	if ((k->x5c = malloc(B64_LEN((size_t)dlen))) == NULL ||
	    b64_encode(B64_STD, der, (size_t)dlen, k->x5c,
	    B64_LEN((size_t)dlen)) == -1)
		goto out;

	if ((k->n = keyring_bn_b64url(pkey, OSSL_PKEY_PARAM_RSA_N)) == NULL ||
	    (e = keyring_bn_b64url(pkey, OSSL_PKEY_PARAM_RSA_E)) == NULL ||
	    strlen(e) >= sizeof(k->e))
		goto out;
	memcpy(k->e, e, strlen(e) + 1);

	if (ASN1_TIME_to_tm(X509_get0_notBefore(x), &tm) != 1)
		goto out;
	k->not_before = timegm(&tm);

	k->pkey = pkey;
	ret = 0;
out:
	if (ret == -1) {
		free(k->n);
		free(k->x5c);
		memset(k, 0, sizeof(*k));
		issuer_fail(err, errlen, "cannot describe the key");
	}
	free(e);
	free(der);
	return (ret);
}

/*
 * Only PEM blocks and white space: "-----BEGIN X-----" ... "-----END
 * X-----" lines, so a damaged or foreign file cannot pass for empty.
 */
static int
keyring_pem_only(const char *p, size_t len)
{
	const char	*end, *eol, *stop;
	static const char begin[] = "-----BEGIN ", fin[] = "-----END ";

	end = p + len;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		if ((size_t)(end - p) < sizeof(begin) - 1 ||
		    memcmp(p, begin, sizeof(begin) - 1) != 0)
			return (0);
		/* Find the END line that closes this block. */
		for (stop = p; stop < end; stop = eol + 1) {
			if ((eol = memchr(stop, '\n', (size_t)(end - stop))) ==
			    NULL)
				eol = end;
			if ((size_t)(eol - stop) >= sizeof(fin) - 1 &&
			    memcmp(stop, fin, sizeof(fin) - 1) == 0)
				break;
			if (eol == end)
				return (0);
		}
		if (stop >= end)
			return (0);
		p = eol;
	}
	return (1);
}

/* Sign and verify a probe: the key works, and OpenSSL is warmed up. */
static int
keyring_probe(EVP_PKEY *pkey)
{
	EVP_MD_CTX		*ctx;
	unsigned char		 sig[1024];
	size_t			 slen;
	static const char	 probe[] = "probe";
	int			 ret;

	ret = -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return (-1);
	slen = sizeof(sig);
	if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1 &&
	    EVP_DigestSign(ctx, sig, &slen, (const unsigned char *)probe,
	    sizeof(probe) - 1) == 1 &&
	    EVP_MD_CTX_reset(ctx) == 1 &&
	    EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, slen, (const unsigned char *)probe,
	    sizeof(probe) - 1) == 1)
		ret = 0;
	EVP_MD_CTX_free(ctx);
	return (ret);
}

/* An RSA parameter as JWK wants it: unsigned big-endian, minimal. */
static char *
keyring_bn_b64url(EVP_PKEY *pkey, const char *param)
{
	BIGNUM		*bn;
	unsigned char	*bin;
	char		*out;
	int		 len;

	bn = NULL;
	bin = NULL;
	out = NULL;
	if (EVP_PKEY_get_bn_param(pkey, param, &bn) != 1)
		return (NULL);
	len = BN_num_bytes(bn);
	if (len <= 0 || (bin = malloc((size_t)len)) == NULL)
		goto out;
	if (BN_bn2bin(bn, bin) != len)
		goto out;
	if ((out = malloc(B64_LEN((size_t)len))) == NULL)
		goto out;
	if (b64_encode(B64_URL, bin, (size_t)len, out,
	    B64_LEN((size_t)len)) == -1) {
		free(out);
		out = NULL;
	}
out:
	free(bin);
	BN_free(bn);
	return (out);
}

/*
 * A new RSA key and its self-signed certificate, as PEM (PKCS#8 key,
 * then certificate) in memory that is wiped when freed.
 */
static int
keyring_generate(char **pem, size_t *len, char *err, size_t errlen)
{
	EVP_PKEY	*pkey;
	X509		*x;
	X509_NAME	*name;
	BIGNUM		*serial;
	BIO		*bio;
	unsigned char	 rnd[16];
	char		*data;
	long		 dlen;
	int		 ret;

	ret = -1;
	x = NULL;
	serial = NULL;
	bio = NULL;

	if ((pkey = EVP_RSA_gen(KEYRING_BITS)) == NULL)
		return (issuer_fail(err, errlen, "RSA key generation failed"));

	if ((x = X509_new()) == NULL ||
	    X509_set_version(x, X509_VERSION_3) != 1 ||
	    RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto out;
	rnd[0] &= 0x7f;		/* a positive serial number */
	if ((serial = BN_bin2bn(rnd, sizeof(rnd), NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)) == NULL)
		goto out;

	/* Valid from an hour ago: clocks of other local processes drift. */
	if (X509_gmtime_adj(X509_getm_notBefore(x), -3600) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x),
	    (long)KEYRING_CERT_DAYS * 86400) == NULL ||
	    X509_set_pubkey(x, pkey) != 1)
		goto out;
	name = X509_get_subject_name(x);
	if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)KEYRING_CN, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    X509_sign(x, pkey, EVP_sha256()) <= 0)
		goto out;

	if ((bio = BIO_new(BIO_s_secmem())) == NULL ||
	    PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL,
	    NULL) != 1 ||
	    PEM_write_bio_X509(bio, x) != 1)
		goto out;
	if ((dlen = BIO_get_mem_data(bio, &data)) <= 0 ||
	    (*pem = malloc((size_t)dlen)) == NULL)
		goto out;
	memcpy(*pem, data, (size_t)dlen);
	*len = (size_t)dlen;
	ret = 0;
out:
	if (ret == -1)
		issuer_fail(err, errlen, "cannot create the key's "
		    "certificate");
	BIO_free(bio);
	BN_free(serial);
	X509_free(x);
	EVP_PKEY_free(pkey);
	return (ret);
}

/* The kid of the key in file seq, for messages. */
static int
keyring_kid_of(const char *dir, unsigned seq, char *kid, size_t kidlen,
    char *err, size_t errlen)
{
	struct keyring	 kr;
	char		 path[ISSUER_PATH_MAX], *buf;
	ssize_t		 r;
	size_t		 len;
	int		 fd, ret;

	ret = -1;
	if (keyring_path(path, sizeof(path), dir, seq) == -1)
		return (issuer_fail(err, errlen, "path too long"));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return (issuer_fail(err, errlen, "%s: %s", path,
		    strerror(errno)));
	if ((buf = malloc(ISSUER_KEYFILE_MAX)) == NULL) {
		(void)close(fd);
		return (issuer_fail(err, errlen, "out of memory"));
	}
	len = 0;
	while (len < ISSUER_KEYFILE_MAX &&
	    (r = read(fd, buf + len, ISSUER_KEYFILE_MAX - len)) > 0)
		len += (size_t)r;
	(void)close(fd);

	if (keyring_parse(&kr, buf, len, err, errlen) == 0) {
		(void)snprintf(kid, kidlen, "%s", kr.keys[0].kid);
		keyring_free(&kr);
		ret = 0;
	}
	explicit_bzero(buf, ISSUER_KEYFILE_MAX);
	free(buf);
	return (ret);
}

/* mkdir -p, private to us: the folder holds private keys. */
static int
keyring_mkdirs(const char *dir, char *err, size_t errlen)
{
	char		path[ISSUER_PATH_MAX], *p;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return (issuer_fail(err, errlen, "path too long"));
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return (issuer_fail(err, errlen, "%s: %s", path,
			    strerror(errno)));
		*p = '/';
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return (issuer_fail(err, errlen, "%s: %s", path,
		    strerror(errno)));
	return (0);
}

static int
keyring_path(char *out, size_t outlen, const char *dir, unsigned seq)
{
	if (snprintf(out, outlen, "%s/key-%04u.pem", dir, seq) >=
	    (int)outlen)
		return (-1);
	return (0);
}

static int
keyring_seq_cmp(const void *a, const void *b)
{
	unsigned	x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x < y ? -1 : x > y);
}
