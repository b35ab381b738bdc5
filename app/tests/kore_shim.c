/*
 * The few Kore functions that Kore's own buf.c needs, on plain libc, so
 * that html.c is tested with the real kore_buf (linked from Kore's source,
 * /usr/share/kore/src/buf.c) instead of a stand-in.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

void *
kore_malloc(size_t len)
{
	void	*p;

	if ((p = malloc(len)) == NULL)
		abort();
	return (p);
}

void *
kore_realloc(void *ptr, size_t len)
{
	void	*p;

	if ((p = realloc(ptr, len)) == NULL)
		abort();
	return (p);
}

void
kore_free(void *ptr)
{
	free(ptr);
}

void *
kore_mem_find(void *src, size_t slen, const void *needle, size_t len)
{
	return (memmem(src, slen, needle, len));
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}
