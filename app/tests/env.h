/*
 * A fake environment for the configuration loaders' tests: they take a
 * getenv-shaped lookup, and env_get() answers from what env_set() put.
 * Test-only; each test file that includes it gets its own copy.
 */

#ifndef __H_TEST_ENV_H
#define __H_TEST_ENV_H

#include <criterion/criterion.h>

#include <string.h>

#define ENV_MAX	16

static const char	*env_keys[ENV_MAX], *env_vals[ENV_MAX];
static int		 env_n;

static void
env_set(const char *k, const char *v)
{
	cr_assert_lt(env_n, ENV_MAX);
	env_keys[env_n] = k;
	env_vals[env_n++] = v;
}

static const char *
env_get(const char *k)
{
	int	i;

	for (i = 0; i < env_n; i++)
		if (strcmp(env_keys[i], k) == 0)
			return (env_vals[i]);
	return (NULL);
}

#endif
