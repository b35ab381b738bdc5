/*
 * EMBED_FILE(name, file) puts a file's bytes between the symbols name and
 * name_end in .rodata, so the module carries them and nothing reads them
 * from disk at run time (workers are sandboxed; images ship no sources).
 * The path is relative to the repository root, where make runs; app/app.mk
 * rebuilds the object when the file changes.
 */

#ifndef __H_EMBED_H
#define __H_EMBED_H

#include <sys/types.h>

#define EMBED_FILE(sym, file)						\
	__asm__(".pushsection .rodata\n"				\
	    ".balign 16\n"						\
	    #sym ":\n"							\
	    ".incbin \"" file "\"\n"					\
	    #sym "_end:\n"						\
	    ".popsection\n");						\
	extern const u_int8_t sym[] __attribute__((visibility("hidden"))); \
	extern const u_int8_t sym##_end[] __attribute__((visibility("hidden")))

#endif
