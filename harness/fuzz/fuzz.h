/*
 * Shared pieces of the libFuzzer targets (harness/fuzz/fuzz_*.c): the
 * entry points libFuzzer calls, and helpers that hand each parser its
 * input in a buffer of exactly the size it was told, so AddressSanitizer
 * sees every byte read past the end.
 */

#ifndef __H_FUZZ_H
#define __H_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Most NUL-terminated parts fuzz_split() cuts an input into. */
#define FUZZ_PARTS_MAX		8

struct fuzz_parts {
	int	 n;
	char	*v[FUZZ_PARTS_MAX];	/* each malloc'ed, NUL-terminated */
	size_t	 len[FUZZ_PARTS_MAX];
};

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

void	*fuzz_copy(const uint8_t *, size_t);
char	*fuzz_string(const uint8_t *, size_t);
void	 fuzz_split(const uint8_t *, size_t, int, struct fuzz_parts *);
void	 fuzz_parts_free(struct fuzz_parts *);
void	 fuzz_check_json(const char *, size_t, const char *);
void	 fuzz_fail(const char *, const char *) __attribute__((noreturn));

#endif
