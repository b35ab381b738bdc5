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
 * scenario-runner: runs the scenario files of docs/scenarios.md against
 * one or more running instances of the app.
 *
 *	scenario-runner [--dir scenarios] (--base-url URL | --target
 *	    NAME=URL[,auth=on|off] ...) [--config FILE] [--directory FILE]
 *	    [--only IDS] [--group LETTERS] [--skip-group LETTERS] [--tag TAGS]
 *	    [--list] [--verbose]
 *	    [--format text|tap] [--junit FILE] [--bail] [--timeout SECONDS]
 *
 * Exit status: 0 all selected cases passed or were skipped, 1 a case
 * failed, 2 the run could not start (bad flags, settings, directory).
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "form.h"
#include "http.h"
#include "mem.h"
#include "redact.h"
#include "report.h"
#include "runner.h"
#include "scenario.h"
#include "settings.h"
#include "tokens.h"

struct opts {
	const char		*dir;
	const char		*config;
	const char		*directory;
	const char		*only;
	const char		*groups;
	const char		*skip_groups;
	const char		*tags;
	const char		*junit;
	enum report_format	 fmt;
	int			 list;
	int			 verbose;
	int			 bail;
	long			 timeout_ms;
	char			*targets[TARGETS_MAX + 1];
	size_t			 ntargets;
};

static void	usage(void) __attribute__((noreturn));
static int	main_in_list(const char *, const char *);
static int	main_selected(const struct opts *, const struct scenario *);
static const char *main_getenv(const char *);
static void	main_list(const struct scenario *const *, size_t);
static double	main_now(void);
static void	main_free(struct opts *, const struct scenario **,
		    struct scenario *, size_t, struct settings *);
static int	main_unknown_id(const char *, const struct scenario *,
		    size_t, char *, size_t);

static void
usage(void)
{
	fprintf(stderr,
	    "usage: scenario-runner [--dir DIR] (--base-url URL | --target "
	    "NAME=URL[,auth=on|off] ...)\n"
	    "           [--config FILE] [--directory FILE] [--only IDS] "
	    "[--group LETTERS]\n"
	    "           [--skip-group LETTERS] [--tag TAGS]\n"
	    "           [--list] [--verbose] [--format text|tap] "
	    "[--junit FILE] [--bail] [--timeout SECONDS]\n"
	    "See docs/scenarios.md.\n");
	exit(2);
}

static const char *
main_getenv(const char *name)
{
	return (getenv(name));
}

static double
main_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* What both ways out of main hold: the cases, settings, flags. */
static void
main_free(struct opts *o, const struct scenario **sel, struct scenario *all,
    size_t nall, struct settings *set)
{
	size_t	i;

	free(sel);
	scenario_free_all(all, nall);
	settings_free(set);
	for (i = 0; i < o->ntargets; i++)
		free(o->targets[i]);
	o->ntargets = 0;
}

/* Is word in the comma-separated list? */
static int
main_in_list(const char *list, const char *word)
{
	const char	*p, *c;
	size_t		 n;

	n = strlen(word);
	for (p = list; *p != '\0'; p = *c == ',' ? c + 1 : c) {
		c = p + strcspn(p, ",");
		if ((size_t)(c - p) == n && strncmp(p, word, n) == 0)
			return (1);
	}
	return (0);
}

/* The first id of list that no case has, into id. */
static int
main_unknown_id(const char *list, const struct scenario *all, size_t n,
    char *id, size_t idlen)
{
	const char	*p, *c;
	size_t		 i;

	for (p = list; *p != '\0'; p = *c == ',' ? c + 1 : c) {
		c = p + strcspn(p, ",");
		for (i = 0; i < n; i++) {
			if (strlen(all[i].id) == (size_t)(c - p) &&
			    strncmp(all[i].id, p, c - p) == 0)
				break;
		}
		if (i == n) {
			snprintf(id, idlen, "%.*s", (int)(c - p), p);
			return (1);
		}
	}
	return (0);
}

static int
main_selected(const struct opts *o, const struct scenario *s)
{
	char	g[2];
	size_t	i;

	if (o->only != NULL && !main_in_list(o->only, s->id))
		return (0);
	g[0] = s->group;
	g[1] = '\0';
	if (o->groups != NULL && !main_in_list(o->groups, g))
		return (0);
	if (o->skip_groups != NULL && main_in_list(o->skip_groups, g))
		return (0);
	if (o->tags != NULL) {
		for (i = 0; i < s->ntags; i++) {
			if (main_in_list(o->tags, s->tags[i]))
				break;
		}
		if (i == s->ntags)
			return (0);
	}
	return (1);
}

static void
main_list(const struct scenario *const *sel, size_t n)
{
	const struct scenario	*s;
	size_t			 i;

	for (i = 0; i < n; i++) {
		s = sel[i];
		if (s->error != NULL) {
			printf("%-5s BAD   %s\n", s->id, s->error);
			continue;
		}
		printf("%-5s %-4s %-9s %s", s->id,
		    s->need_auth == SCN_AUTH_ON ? "on" :
		    s->need_auth == SCN_AUTH_OFF ? "off" : "any",
		    s->need_target != NULL ? s->need_target :
		    s->need_local ? "local" : "-", s->title);
		if (s->uses_client)
			printf(" [client]");
		printf("\n");
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",	required_argument,	NULL, 'd' },
		{ "base-url",	required_argument,	NULL, 'b' },
		{ "target",	required_argument,	NULL, 't' },
		{ "config",	required_argument,	NULL, 'c' },
		{ "directory",	required_argument,	NULL, 'D' },
		{ "only",	required_argument,	NULL, 'o' },
		{ "group",	required_argument,	NULL, 'g' },
		{ "skip-group",	required_argument,	NULL, 'G' },
		{ "tag",	required_argument,	NULL, 'T' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "junit",	required_argument,	NULL, 'j' },
		{ "bail",	no_argument,		NULL, 'B' },
		{ "timeout",	required_argument,	NULL, 'w' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct opts		  o;
	struct settings		  set;
	struct scenario		 *all;
	const struct scenario	**sel;
	struct case_result	 *res;
	struct http		 *http;
	struct tokens		  tok;
	struct runner		  run;
	struct report		  rp;
	struct buf		  spec;
	char			  err[1024], *end;
	size_t			  nall, nsel, i, ran;
	double			  start;
	long			  secs;
	int			  ch, rc, failed;

	memset(&o, 0, sizeof(o));
	o.dir = "scenarios";
	o.fmt = REPORT_TEXT;
	o.timeout_ms = HTTP_TIMEOUT_MS;
	buf_init(&spec);
	while ((ch = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o.dir = optarg;
			break;
		case 'b':
		case 't':
			if (o.ntargets == TARGETS_MAX)
				fatal("more than %d targets", TARGETS_MAX);
			if (ch == 'b') {
				buf_reset(&spec);
				buf_appendf(&spec, "default=%s", optarg);
				o.targets[o.ntargets++] = xstrdup(spec.data);
			} else
				o.targets[o.ntargets++] = xstrdup(optarg);
			break;
		case 'c':
			o.config = optarg;
			break;
		case 'D':
			o.directory = optarg;
			break;
		case 'o':
			o.only = optarg;
			break;
		case 'g':
			o.groups = optarg;
			break;
		case 'G':
			o.skip_groups = optarg;
			break;
		case 'T':
			o.tags = optarg;
			break;
		case 'l':
			o.list = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.fmt = REPORT_TEXT;
			else if (strcmp(optarg, "tap") == 0)
				o.fmt = REPORT_TAP;
			else
				usage();
			break;
		case 'j':
			o.junit = optarg;
			break;
		case 'B':
			o.bail = 1;
			break;
		case 'w':
			errno = 0;
			secs = strtol(optarg, &end, 10);
			if (*end != '\0' || errno != 0 || secs < 1 ||
			    secs > 600)
				fatal("--timeout: seconds from 1 to 600");
			o.timeout_ms = secs * 1000;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	settings_init(&set);
	if ((o.directory != NULL && settings_directory(&set, o.directory,
	    err, sizeof(err)) == -1) ||
	    (o.config != NULL && settings_file(&set, o.config, err,
	    sizeof(err)) == -1) ||
	    settings_env(&set, main_getenv, err, sizeof(err)) == -1)
		fatal("%s", err);
	settings_defaults(&set);
	/* Scenario files may carry local secrets too (form bodies). */
	for (i = 0; i < set.nclients; i++) {
		if (set.clients[i].secret == NULL)
			continue;
		redact_add(set.clients[i].secret);
		buf_reset(&spec);
		form_add(&spec, "s", set.clients[i].secret);
		redact_add(spec.data + 2);
	}
	buf_free_secret(&spec);

	if (scenario_load_dir(o.dir, &all, &nall, err, sizeof(err)) == -1)
		fatal("%s", err);
	sel = xcalloc(nall, sizeof(*sel));
	for (nsel = 0, i = 0; i < nall; i++) {
		if (main_selected(&o, &all[i]))
			sel[nsel++] = &all[i];
	}
	/* A misspelt id must not pass as "0 passed, 0 failed". */
	if (o.only != NULL && main_unknown_id(o.only, all, nall, err,
	    sizeof(err)))
		fatal("--only: no case %s in %s", err, o.dir);

	if (o.list) {
		main_list(sel, nsel);
		for (rc = 0, i = 0; i < nsel; i++)
			rc |= sel[i]->error != NULL;
		main_free(&o, sel, all, nall, &set);
		return (rc);
	}
	if (o.ntargets == 0)
		fatal("no target: give --base-url URL or --target NAME=URL");

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatal("curl_global_init failed");
	http = http_new();
	tokens_init(&tok, &set, http, main_getenv);
	if (tokens_load_local(&tok, err, sizeof(err)) == -1)
		fatal("%s", err);
	runner_init(&run, &set, &tok, http);
	run.verbose = o.verbose;
	run.timeout_ms = o.timeout_ms;
	for (i = 0; i < o.ntargets; i++) {
		if (runner_add_target(&run, o.targets[i], err,
		    sizeof(err)) == -1)
			fatal("%s", err);
	}

	start = main_now();
	res = xcalloc(nsel, sizeof(*res));
	report_begin(&rp, o.fmt, stdout, o.verbose, nsel);
	if (nsel > 0)
		runner_probe(&run);
	if (o.verbose) {
		for (i = 0; i < run.ntargets; i++)
			printf("%starget %s %s: %s\n", o.fmt == REPORT_TAP ?
			    "# " : "", run.targets[i].name,
			    run.targets[i].base, run.targets[i].problem ?
			    run.targets[i].problem : run.targets[i].probe);
	}
	failed = 0;
	for (ran = 0; ran < nsel; ran++) {
		case_result_init(&res[ran]);
		runner_run_case(&run, sel[ran], &res[ran]);
		report_case(&rp, sel[ran], &res[ran]);
		if (res[ran].status == RESULT_FAIL) {
			failed = 1;
			if (o.bail) {
				ran++;
				break;
			}
		}
	}
	report_end(&rp);
	rc = failed;
	if (o.junit != NULL && report_junit(o.junit, sel, res, ran,
	    main_now() - start, err, sizeof(err)) == -1) {
		fprintf(stderr, "scenario-runner: %s\n", err);
		rc = 2;
	}

	for (i = 0; i < ran; i++)
		case_result_free(&res[i]);
	free(res);
	runner_free(&run);
	tokens_free(&tok);
	http_free(http);
	curl_global_cleanup();
	redact_clear();
	main_free(&o, sel, all, nall, &set);
	return (rc);
}
