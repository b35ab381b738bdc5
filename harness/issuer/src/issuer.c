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
 * Start-up and keys of the local Entra ID stand-in, a Kore module.
 *
 * The parent reads everything from disk: the environment, the directory
 * and the key folder (creating a first key if there is none). Workers
 * are sandboxed and never open a file. Keys reach them through a shared
 * memory page the parent writes and they only read:
 *
 *   worker timer (500 ms) --kore_msg--> parent: stat(key folder); if it
 *     changed, read and check every key file, then publish their bytes
 *     in shared memory under a sequence counter (odd while writing)
 *   worker, on each request and tick: counter changed? copy, parse,
 *     rebuild its JWKS documents, swap
 *
 * So "issuer-keys add" or "retire" shows in the JWKS within a second, with
 * no signal, no restart and no dropped connection; a broken key file is
 * refused by the parent and the previous keys stay in service.
 *
 * Environment: ISSUER_BIND (127.0.0.1), ISSUER_PORT (8001),
 * ISSUER_PUBLIC_URL (http://127.0.0.1:<port>), ISSUER_DIRECTORY
 * (fixtures/directory.json), ISSUER_KEYS (.run/issuer/keys),
 * ISSUER_WORKERS (1). A worker that dies stops the stand-in
 * (worker_death_policy terminate in issuer.conf): a test tool should fail
 * loudly, not limp on.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kore/kore.h>
#include <kore/hooks.h>

#include "directory.h"
#include "entra.h"
#include "issuer.h"
#include "keyring.h"
#include "token.h"

#define ISSUER_MSG_KEYS		(KORE_MSG_APP_BASE + 1)
#define ISSUER_WORKERS_MAX	8
#define ISSUER_ADOPT_TRIES	100	/* 1 ms apart */

struct issuer_shm {
	volatile u_int64_t	gen;		/* odd while being written */
	size_t			len;
	char			data[ISSUER_KEYBLOB_MAX];
};

void	kore_parent_configure(int, char **);
void	kore_worker_configure(void);

static const char	*issuer_env(const char *, const char *);
static void		 issuer_listen(void);
static int		 issuer_url_ok(const char *);
static int		 issuer_keys_check(int);
static void		 issuer_keys_publish(const char *, size_t);
static void		 issuer_keys_msg(struct kore_msg *, const void *);
static void		 issuer_keys_tick(void *, u_int64_t);

static struct directory		 iss_dir;
static char			 iss_self[ISSUER_URL_MAX];
static char			 iss_keydir[ISSUER_PATH_MAX];
static char			*iss_meta[3];
static struct issuer_shm	*iss_shm;

/* Parent only: the key folder as last seen. */
static struct timespec		 iss_keys_mtime, iss_keys_ctime;
static ino_t			 iss_keys_ino;

/* Worker only: the keys in use and their JWKS documents. */
static struct keyring		 wk_ring;
static char			*wk_jwks[3];
static u_int64_t		 wk_gen;

void
kore_parent_configure(int argc, char **argv)
{
	const char	*v;
	char		 err[ISSUER_ERR_MAX];
	long		 n;
	char		*end;

	(void)argc;
	(void)argv;

	/* Pipes and files get one line at a time, in order. */
	(void)fflush(stdout);
	(void)setvbuf(stdout, NULL, _IOLBF, 0);

	v = issuer_env("ISSUER_WORKERS", "1");
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < 1 || n > ISSUER_WORKERS_MAX)
		fatal("issuer: ISSUER_WORKERS must be a number from 1 to %d",
		    ISSUER_WORKERS_MAX);
	worker_count = (u_int8_t)n;

	v = issuer_env("ISSUER_DIRECTORY", "fixtures/directory.json");
	if (directory_load(&iss_dir, v, err, sizeof(err)) == -1)
		fatal("issuer: directory %s: %s", v, err);

	issuer_listen();

	v = issuer_env("ISSUER_KEYS", ".run/issuer/keys");
	if (snprintf(iss_keydir, sizeof(iss_keydir), "%s", v) >=
	    (int)sizeof(iss_keydir))
		fatal("issuer: ISSUER_KEYS is too long");
	if (keyring_ensure(iss_keydir, err, sizeof(err)) == -1)
		fatal("issuer: keys: %s", err);

	iss_shm = mmap(NULL, sizeof(*iss_shm), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (iss_shm == MAP_FAILED)
		fatal("issuer: mmap: %s", errno_s);
	if (issuer_keys_check(1) == -1)
		fatal("issuer: no usable signing key in %s", iss_keydir);

	if ((iss_meta[1] = entra_metadata(1, iss_dir.tenant_id,
	    iss_self)) == NULL ||
	    (iss_meta[2] = entra_metadata(2, iss_dir.tenant_id,
	    iss_self)) == NULL)
		fatal("issuer: cannot build the metadata documents");

	if (!kore_msg_register(ISSUER_MSG_KEYS, issuer_keys_msg))
		fatal("issuer: cannot register the key message");

	kore_log(LOG_NOTICE, "issuer: tenant %s, %zu clients, resource %s "
	    "(tokens v%d), metadata %s/%s/v2.0/.well-known/"
	    "openid-configuration", iss_dir.tenant_id, iss_dir.nclients,
	    iss_dir.res.app_id, iss_dir.res.token_version, iss_self,
	    iss_dir.tenant_id);
}

void
kore_worker_configure(void)
{
	struct timespec	pause = { 0, 1000000 };
	int		i;

	/* The parent writes the keys; a worker only ever reads them. */
	if (mprotect(iss_shm, sizeof(*iss_shm), PROT_READ) == -1)
		fatal("issuer: mprotect: %s", errno_s);

	/* The parent may be publishing for another worker: try again. */
	for (i = 0; i < ISSUER_ADOPT_TRIES && wk_ring.n == 0; i++) {
		issuer_keys_adopt();
		if (wk_ring.n == 0)
			(void)nanosleep(&pause, NULL);
	}
	if (wk_ring.n == 0)
		fatal("issuer: worker started without keys");
	(void)kore_timer_add(issuer_keys_tick, ISSUER_KEYS_POLL_MS, NULL, 0);
}

const struct directory *
issuer_directory(void)
{
	return (&iss_dir);
}

const struct keyring *
issuer_keyring(void)
{
	return (&wk_ring);
}

const char *
issuer_self(void)
{
	return (iss_self);
}

const char *
issuer_metadata(int version)
{
	return (iss_meta[version == 1 ? 1 : 2]);
}

const char *
issuer_jwks(int version)
{
	return (wk_jwks[version == 1 ? 1 : 2]);
}

/*
 * Worker: take the keys the parent published, if they changed. A copy
 * made while the parent was writing is dropped (the counter moved) and
 * tried again at the next request or tick.
 */
void
issuer_keys_adopt(void)
{
	struct keyring	 kr;
	u_int64_t	 g1, g2;
	size_t		 len;
	char		*buf, *v1, *v2, iss[128], err[ISSUER_ERR_MAX];

	g1 = __atomic_load_n(&iss_shm->gen, __ATOMIC_ACQUIRE);
	if (g1 == wk_gen || (g1 & 1))
		return;
	len = iss_shm->len;
	if (len == 0 || len > sizeof(iss_shm->data))
		return;

	buf = kore_malloc(len);
	memcpy(buf, iss_shm->data, len);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	g2 = __atomic_load_n(&iss_shm->gen, __ATOMIC_ACQUIRE);
	if (g1 != g2)
		goto out;

	if (keyring_parse(&kr, buf, len, err, sizeof(err)) == -1) {
		kore_log(LOG_ERR, "issuer: published keys refused: %s", err);
		wk_gen = g1;
		goto out;
	}
	token_issuer(2, iss_dir.tenant_id, iss, sizeof(iss));
	v1 = keyring_jwks(&kr, NULL);
	v2 = keyring_jwks(&kr, iss);
	if (v1 == NULL || v2 == NULL) {
		free(v1);
		free(v2);
		keyring_free(&kr);
		goto out;
	}

	keyring_free(&wk_ring);
	free(wk_jwks[1]);
	free(wk_jwks[2]);
	wk_ring = kr;
	wk_jwks[1] = v1;
	wk_jwks[2] = v2;
	wk_gen = g1;
	kore_log(LOG_NOTICE, "issuer: %zu key%s published, kid %s signs",
	    wk_ring.n, wk_ring.n == 1 ? "" : "s",
	    keyring_signer(&wk_ring)->kid);
out:
	explicit_bzero(buf, len);
	kore_free(buf);
}

/* Worker timer: ask the parent to look at the folder; adopt changes. */
static void
issuer_keys_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	kore_msg_send(KORE_MSG_PARENT, ISSUER_MSG_KEYS, NULL, 0);
	issuer_keys_adopt();
}

/* Parent: a worker asks; look at the key folder. */
static void
issuer_keys_msg(struct kore_msg *msg, const void *data)
{
	(void)msg;
	(void)data;

	(void)issuer_keys_check(0);
}

/*
 * Parent: if the key folder changed since last time (or at start-up),
 * read every key file, check them all, and publish them. On failure the
 * previous keys stay published and the problem is logged once.
 */
static int
issuer_keys_check(int first)
{
	struct stat	 st;
	struct keyring	 kr;
	char		*blob, err[ISSUER_ERR_MAX];
	size_t		 len;
	int		 ret;

	if (stat(iss_keydir, &st) == -1) {
		if (first)
			kore_log(LOG_ERR, "issuer: %s: %s", iss_keydir,
			    errno_s);
		return (-1);
	}
	if (!first && st.st_ino == iss_keys_ino &&
	    st.st_mtim.tv_sec == iss_keys_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == iss_keys_mtime.tv_nsec &&
	    st.st_ctim.tv_sec == iss_keys_ctime.tv_sec &&
	    st.st_ctim.tv_nsec == iss_keys_ctime.tv_nsec)
		return (0);
	iss_keys_ino = st.st_ino;
	iss_keys_mtime = st.st_mtim;
	iss_keys_ctime = st.st_ctim;

	ret = -1;
	blob = kore_malloc(ISSUER_KEYBLOB_MAX);
	if (keyring_read(iss_keydir, blob, ISSUER_KEYBLOB_MAX, &len, err,
	    sizeof(err)) == -1 ||
	    keyring_parse(&kr, blob, len, err, sizeof(err)) == -1) {
		kore_log(LOG_ERR, "issuer: keys in %s refused: %s%s",
		    iss_keydir, err, first ? "" :
		    "; the previous keys stay published");
		goto out;
	}
	kore_log(LOG_NOTICE, "issuer: %s: %zu key%s, kid %s signs",
	    iss_keydir, kr.n, kr.n == 1 ? "" : "s", keyring_signer(&kr)->kid);
	keyring_free(&kr);

	issuer_keys_publish(blob, len);
	ret = 0;
out:
	explicit_bzero(blob, ISSUER_KEYBLOB_MAX);
	kore_free(blob);
	return (ret);
}

/* Parent, the only writer: a sequence lock around the copy. */
static void
issuer_keys_publish(const char *blob, size_t len)
{
	__atomic_add_fetch(&iss_shm->gen, 1, __ATOMIC_ACQ_REL);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy(iss_shm->data, blob, len);
	if (len < iss_shm->len)
		explicit_bzero(iss_shm->data + len, iss_shm->len - len);
	iss_shm->len = len;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_add_fetch(&iss_shm->gen, 1, __ATOMIC_RELEASE);
}

static const char *
issuer_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

/* The listener and the public base URL, from the environment. */
static void
issuer_listen(void)
{
	struct kore_server	*srv;
	const char		*bind, *port, *url;
	char			*end;
	long			 n;

	bind = issuer_env("ISSUER_BIND", "127.0.0.1");
	port = issuer_env("ISSUER_PORT", "8001");
	n = strtol(port, &end, 10);
	if (*end != '\0' || port[0] == '+' || port[0] == '-' || n < 1 ||
	    n > 65535)
		fatal("issuer: ISSUER_PORT must be a number from 1 to 65535");

	if ((url = getenv("ISSUER_PUBLIC_URL")) != NULL && *url != '\0') {
		if (!issuer_url_ok(url))
			fatal("issuer: ISSUER_PUBLIC_URL must look like "
			    "http(s)://host[:port], with no path");
		(void)snprintf(iss_self, sizeof(iss_self), "%s", url);
	} else {
		(void)snprintf(iss_self, sizeof(iss_self),
		    "http://127.0.0.1:%ld", n);
	}

	if ((srv = kore_server_lookup("notls")) == NULL)
		fatal("issuer.conf must declare server notls");
	if (!kore_server_bind(srv, bind, port, NULL))
		fatal("issuer: cannot listen on %s:%s", bind, port);
	kore_server_finalize(srv);
}

/* http(s)://host[:port], no path, no trailing slash, no odd bytes. */
static int
issuer_url_ok(const char *url)
{
	const char	*p;

	if (strlen(url) >= ISSUER_URL_MAX)
		return (0);
	if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return (0);
	if (*p == '\0')
		return (0);
	for (; *p != '\0'; p++) {
		if (*p == '/' || *p == '?' || *p == '#' || *p == '@' ||
		    *p == '"' || *p == '\\' || (unsigned char)*p <= 0x20 ||
		    (unsigned char)*p >= 0x7f)
			return (0);
	}
	return (1);
}
