# libFuzzer targets (harness/fuzz/fuzz_<name>.c) for every Kore-free
# parser that sees attacker input, built with clang's fuzzer, address
# and undefined-behaviour sanitizers. Included by the top-level Makefile;
# paths are relative to the repository. See docs/security.md, "Fuzzing".
#
#	make fuzz		each target for FUZZ_SECONDS (default 60),
#				crashes kept in build/fuzz/crashes/<name>/
#	make fuzz-smoke		each target over its corpus and ~3 s of
#				fuzzing (part of make test)
#	make fuzz-coverage	line coverage of the project's files by the
#				corpora (committed + grown by make fuzz)

FUZZ_CC		?= clang
FUZZ_OUT	:= $(BUILD)/fuzz
FUZZ_NAMES	:= jsonrpc transport tools form html jwt jwks authcfg issuer
FUZZ_BINS	:= $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_NAMES))
FUZZ_SECONDS	?= 60

FUZZ_PKGS	:= jansson openssl libpq
FUZZ_BASE_CFLAGS = -g -O1 -fno-omit-frame-pointer $(WARN_CFLAGS) \
		   -D_GNU_SOURCE -Iharness/fuzz \
		   $(shell pkg-config --cflags $(FUZZ_PKGS))
FUZZ_CFLAGS	 = $(FUZZ_BASE_CFLAGS) -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all
FUZZ_LDLIBS	 = $(shell pkg-config --libs $(FUZZ_PKGS))

# What each target links, and where its headers are (the app and the
# stand-in both have a form.h: one include path per target).
FUZZ_APP_INC	:= -Iapp/src -Iapp/tests
FUZZ_SRC_jsonrpc := app/src/jsonrpc.c app/src/protocol.c app/src/tools.c \
		   app/src/model.c app/src/transport.c
FUZZ_SRC_transport := app/src/transport.c
FUZZ_SRC_tools	:= app/src/tools.c app/src/model.c
FUZZ_SRC_form	:= app/src/form.c app/src/model.c
FUZZ_SRC_jwt	:= $(APP_AUTH_SRCS) app/src/jwt.c app/tests/mint.c
FUZZ_SRC_jwks	:= app/src/jwks.c app/src/b64url.c
FUZZ_SRC_authcfg := app/src/authcfg.c app/src/principal.c app/src/config.c
FUZZ_SRC_issuer	:= $(call issuer_srcs,b64 directory entra fail form grant \
		   keyring token)
FUZZ_INC_issuer	:= -I$(ISSUER_DIR)/src
# html.c writes into a kore_buf: Kore's own buf.c and the tests' shim.
FUZZ_SRC_html	:= app/src/html.c app/src/model.c app/tests/kore_shim.c \
		   /usr/share/kore/src/buf.c
FUZZ_INC_html	:= $(FUZZ_APP_INC) $(KORE_FEATURES) -I/usr/include/kore

$(FUZZ_OUT)/fuzz_%: harness/fuzz/fuzz_%.c harness/fuzz/fuzz.c \
    harness/fuzz/fuzz.h $$(FUZZ_SRC_$$*) $(wildcard app/src/*.h) \
    $(ISSUER_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(or $(FUZZ_INC_$*),$(FUZZ_APP_INC)) \
	    -o $@ $< harness/fuzz/fuzz.c $(FUZZ_SRC_$*) $(FUZZ_LDLIBS)

# The same targets with clang's source-based coverage, no sanitizers.
FUZZ_COV_BINS	:= $(patsubst %,$(FUZZ_OUT)/cov/fuzz_%,$(FUZZ_NAMES))
$(FUZZ_OUT)/cov/fuzz_%: harness/fuzz/fuzz_%.c harness/fuzz/fuzz.c \
    harness/fuzz/fuzz.h $$(FUZZ_SRC_$$*) $(wildcard app/src/*.h) \
    $(ISSUER_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_BASE_CFLAGS) -fsanitize=fuzzer \
	    -fprofile-instr-generate -fcoverage-mapping \
	    $(or $(FUZZ_INC_$*),$(FUZZ_APP_INC)) \
	    -o $@ $< harness/fuzz/fuzz.c $(FUZZ_SRC_$*) $(FUZZ_LDLIBS)

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-coverage
fuzz-build: $(FUZZ_BINS)

fuzz: deps-test
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) harness/scripts/fuzz.sh long \
	    $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@harness/scripts/fuzz.sh smoke

fuzz-coverage: deps-test
	@$(MAKE) --no-print-directory $(FUZZ_COV_BINS) $(FUZZ_BINS)
	@harness/scripts/fuzz.sh coverage $(FUZZ_TARGETS)
