/*
 * config.c: the environment as App Service and Service Connector set it.
 */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "env.h"

static void
env_reset(void)
{
	env_n = 0;
	unsetenv("PGHOST");
	unsetenv("PGPORT");
	unsetenv("PGDATABASE");
	unsetenv("PGUSER");
}

TestSuite(config, .init = env_reset);

Test(config, defaults)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	env_set("PGHOST", "/var/run/postgresql");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_str_eq(cfg.bind, "127.0.0.1");
	cr_assert_str_eq(cfg.port, "8000");
	cr_assert_eq(cfg.workers, 0);
	cr_assert_str_eq(cfg.public_url, "http://127.0.0.1:8000");
	cr_assert_str_eq(cfg.db_source, "PG* variables");
	cr_assert_str_empty(cfg.db_problem);
}

Test(config, port_from_websites_port_then_port)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	env_set("WEBSITES_PORT", "8080");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_str_eq(cfg.port, "8080");

	env_set("PORT", "3000");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_str_eq(cfg.port, "3000", "PORT wins over WEBSITES_PORT");
}

Test(config, bad_port_and_workers_refused)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	env_set("PORT", "80a");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1);
	cr_assert(strstr(err, "PORT") != NULL, "message names PORT: %s", err);

	env_reset();
	env_set("PORT", "65536");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1);

	env_reset();
	env_set("WORKERS", "0");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1);
	cr_assert(strstr(err, "WORKERS") != NULL);
}

Test(config, public_url_sources)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	env_set("WEBSITE_HOSTNAME", "My-App.AzureWebsites.net");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_str_eq(cfg.public_url, "https://my-app.azurewebsites.net");

	env_set("PUBLIC_URL", "https://reviews.example.com/");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_str_eq(cfg.public_url, "https://reviews.example.com",
	    "PUBLIC_URL wins, trailing slash dropped");

	env_reset();
	env_set("PUBLIC_URL", "https://reviews.example.com/mcp");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1,
	    "a path is refused: the URL is an origin");
	env_reset();
	env_set("PUBLIC_URL", "ftp://x");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1);
}

/* Service Connector writes "dbname=x host=y port=5432 sslmode=require ..." */
Test(config, service_connector_string)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	env_set("AZURE_POSTGRESQL_CONNECTIONSTRING",
	    "dbname=reviews host=srv.postgres.database.azure.com port=5432 "
	    "sslmode=require user=app password=s3cret");
	env_set("DATABASE_URL", "postgresql://ignored@localhost/ignored");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_str_eq(cfg.db_source, "AZURE_POSTGRESQL_CONNECTIONSTRING");
	cr_assert_str_empty(cfg.db_problem);
	cr_assert(strstr(cfg.db_conninfo, "host='srv.postgres.database.azure.com'"));
	cr_assert(strstr(cfg.db_conninfo, "sslmode='require'"));
	cr_assert(strstr(cfg.db_conninfo, "password='s3cret'"));
	cr_assert(strstr(cfg.db_conninfo, "connect_timeout='5'"));
	cr_assert_str_eq(cfg.db_summary, "host=srv.postgres.database.azure.com "
	    "port=5432 dbname=reviews user=app");
	cr_assert(strstr(cfg.db_summary, "s3cret") == NULL,
	    "the summary never carries the password");
}

Test(config, quoting_and_odd_spacing)
{
	char	out[CONFIG_CONNINFO_MAX], sum[CONFIG_SUMMARY_MAX];
	char	err[CONFIG_ERR_MAX];

	cr_assert_eq(config_db_conninfo("  host = db.local   dbname='my db' "
	    "password='it\\'s \\\\ here'  connect_timeout=2 ", out, sizeof(out),
	    sum, sizeof(sum), err, sizeof(err)), 0);
	cr_assert(strstr(out, "dbname='my db'"), "%s", out);
	cr_assert(strstr(out, "password='it\\'s \\\\ here'"), "%s", out);
	cr_assert(strstr(out, "connect_timeout='2'"), "kept: %s", out);
	cr_assert(strstr(out, "connect_timeout='5'") == NULL);
	cr_assert_str_eq(sum, "host=db.local port=5432 dbname=my db "
	    "user=(default)");
}

Test(config, uri_form)
{
	char	out[CONFIG_CONNINFO_MAX], sum[CONFIG_SUMMARY_MAX];
	char	err[CONFIG_ERR_MAX];

	cr_assert_eq(config_db_conninfo("postgresql://app:pw@10.0.0.4:6432/"
	    "reviews?sslmode=disable", out, sizeof(out), sum, sizeof(sum),
	    err, sizeof(err)), 0);
	cr_assert(strstr(out, "host='10.0.0.4'"), "%s", out);
	cr_assert(strstr(out, "port='6432'"), "%s", out);
	cr_assert_str_eq(sum, "host=10.0.0.4 port=6432 dbname=reviews user=app");
}

Test(config, malformed_string_reported_without_its_content)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	env_set("AZURE_POSTGRESQL_CONNECTIONSTRING",
	    "host=x password=hunter2 dbname");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0,
	    "a bad database string does not stop the server");
	cr_assert(strstr(cfg.db_problem, "AZURE_POSTGRESQL_CONNECTIONSTRING"),
	    "%s", cfg.db_problem);
	cr_assert(strstr(cfg.db_problem, "hunter2") == NULL);
}

Test(config, nothing_configured)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert(strstr(cfg.db_problem, "no database configured"), "%s",
	    cfg.db_problem);
}

Test(config, overlong_string_refused)
{
	char	in[CONFIG_CONNINFO_MAX + 64], out[64], err[CONFIG_ERR_MAX];

	memset(in, 0, sizeof(in));
	memcpy(in, "host=", 5);
	memset(in + 5, 'a', sizeof(in) - 6);
	cr_assert_eq(config_db_conninfo(in, out, sizeof(out), NULL, 0, err,
	    sizeof(err)), -1);
	cr_assert_str_empty(out);
}

Test(config, schema_and_seed_switches)
{
	struct config	cfg;
	char		err[CONFIG_ERR_MAX];

	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_eq(cfg.db_schema, 1, "the schema is applied by default");
	cr_assert_eq(cfg.db_seed, 0, "seed rows only on request");

	env_set("DB_SCHEMA", "skip");
	env_set("DB_SEED", "1");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), 0);
	cr_assert_eq(cfg.db_schema, 0);
	cr_assert_eq(cfg.db_seed, 1);

	env_reset();
	env_set("DB_SEED", "yes");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "DB_SEED must be 1 or 0");
	env_reset();
	env_set("DB_SCHEMA", "create");
	cr_assert_eq(config_load(&cfg, env_get, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "DB_SCHEMA must be apply or skip");
}
