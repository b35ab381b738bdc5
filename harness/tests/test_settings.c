/*
 * settings.c: the settings file, the environment, the local directory,
 * and the rule that secrets come from the environment only.
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "settings.h"

static struct settings	set;
static char		err[512];

static const char *
env(const char *name)
{
	if (strcmp(name, "SCENARIO_TENANT") == 0)
		return ("env-tenant");
	if (strcmp(name, "SCENARIO_CLIENT_SECRET_AGENT") == 0)
		return ("from-env");
	return (NULL);
}

static const char *
noenv(const char *name)
{
	return (NULL);
}

static void
setup(void)
{
	settings_init(&set);
}

static void
teardown(void)
{
	settings_free(&set);
}

TestSuite(settings, .init = setup, .fini = teardown);

static int
parse(const char *text)
{
	return (settings_parse(&set, "t.conf", text, strlen(text), err,
	    sizeof(err)));
}

Test(settings, file_keys)
{
	cr_assert_eq(parse("# deployment\n"
	    "tenant = t1\n"
	    "client_id=c1\n"
	    "  authority = https://login.microsoftonline.com/  \n"
	    "client.agent.id = a1\n"
	    "client.agent.oid = o1\n"
	    "\n"), 0, "%s", err);
	settings_defaults(&set);
	cr_assert_str_eq(set.tenant, "t1");
	cr_assert_str_eq(set.client_id, "c1");
	cr_assert_str_eq(set.api_uri, "api://c1");
	cr_assert_str_eq(set.authority, "https://login.microsoftonline.com");
	cr_assert_str_eq(set.mcp_path, "/mcp/mcp");
	cr_assert_str_eq(set.valid_client, "agent");
	cr_assert_str_eq(settings_client(&set, "agent", 0)->app_id, "a1");
	cr_assert_str_eq(settings_client(&set, "agent", 0)->object_id, "o1");
}

Test(settings, secrets_never_from_a_file)
{
	cr_assert_eq(parse("tenant = t\nclient.agent.secret = s\n"), -1);
	cr_assert(strncmp(err, "t.conf:2: secrets are read from the "
	    "environment only", 50) == 0, "%s", err);
	cr_assert(strstr(err, "= s") == NULL);
}

Test(settings, bad_lines)
{
	cr_assert_eq(parse("tenant\n"), -1);
	cr_assert_str_eq(err, "t.conf:1: expected key = value");
	cr_assert_eq(parse("\ntennant = x\n"), -1);
	cr_assert_str_eq(err, "t.conf:2: unknown setting 'tennant'");
	cr_assert_eq(parse("client.Bad.id = x\n"), -1);
	cr_assert(strstr(err, "t.conf:1: client name 'Bad'") != NULL);
}

Test(settings, environment_wins_and_secrets)
{
	char	*s;

	cr_assert_eq(settings_directory(&set, "fixtures/directory.json", err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(set.tenant, "835db6b3-71d4-4363-b50b-ddf339b33b4b");
	cr_assert_str_eq(set.client_id,
	    "61c2716c-df87-4216-bad8-d227701f4195");
	cr_assert_str_eq(set.api_uri,
	    "api://61c2716c-df87-4216-bad8-d227701f4195");
	cr_assert_eq(set.nclients, 4);
	cr_assert_str_eq(settings_client(&set, "outsider", 0)->app_id,
	    "2fddfb3f-63df-4765-8b3e-a6744ecb557d");
	cr_assert_eq(parse("tenant = file-tenant\n"), 0);
	cr_assert_eq(settings_env(&set, env, err, sizeof(err)), 0);
	cr_assert_str_eq(set.tenant, "env-tenant");

	s = settings_secret(&set, "agent", env);
	cr_assert_str_eq(s, "from-env");
	xfree_secret(s);
	s = settings_secret(&set, "agent", noenv);
	cr_assert_str_eq(s, "local-only-agent-secret-3c1f");
	xfree_secret(s);
	cr_assert_null(settings_secret(&set, "nobody", env));
}

Test(settings, directory_errors)
{
	cr_assert_eq(settings_directory(&set, "/nonexistent.json", err,
	    sizeof(err)), -1);
	cr_assert(strstr(err, "/nonexistent.json") != NULL);
}
