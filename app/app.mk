# The Kore module (build/app/reviews.so) and its criterion unit tests.
# Included by the top-level Makefile; paths are relative to the repository.

APP_SRCS	:= $(wildcard app/src/*.c)
APP_OBJS	:= $(patsubst app/src/%.c,$(BUILD)/app/obj/%.o,$(APP_SRCS))
APP_SO		:= $(BUILD)/app/reviews.so

# Kore's build features must match the installed kore binary, or the
# module reads struct http_request at the wrong offsets.
KORE_FEATURES	 = $(shell cat /usr/share/kore/features 2>/dev/null)
APP_PKGS	:= jansson libjwt libcurl libpq openssl

APP_CFLAGS	 = $(WARN_CFLAGS) -fPIC -Iapp/src $(KORE_FEATURES) \
		   $(shell pkg-config --cflags $(APP_PKGS))
APP_LDLIBS	 = $(shell pkg-config --libs $(APP_PKGS))

$(APP_SO): $(APP_OBJS)
	$(CC) -shared -o $@ $(APP_OBJS) $(APP_LDLIBS)

$(BUILD)/app/obj/%.o: app/src/%.c $(wildcard app/src/*.h) | $(BUILD)/app/obj
	$(CC) $(CFLAGS) $(APP_CFLAGS) -c $< -o $@

# assets.c compiles app/assets/* into the module (.incbin).
$(BUILD)/app/obj/assets.o: $(wildcard app/assets/*)
$(BUILD)/app/obj/schema.o: sql/schema.sql sql/seed.sql

$(BUILD)/app/obj $(BUILD)/app/tests:
	@mkdir -p $@

# Unit tests: app/tests/test_<name>.c linked with the Kore-free sources
# listed in APP_TEST_<name>.
APP_TEST_config	:= app/src/config.c
APP_TEST_model	:= app/src/model.c
APP_AUTH_SRCS	:= app/src/authcfg.c app/src/principal.c app/src/jwks.c \
		   app/src/b64url.c app/src/config.c
APP_TEST_authcfg := $(APP_AUTH_SRCS)
APP_TEST_b64url	:= app/src/b64url.c
APP_MINT	:= app/tests/mint.c app/tests/mint_keys.c
APP_TEST_jwks	:= $(APP_AUTH_SRCS) app/src/keyfetch.c $(APP_MINT)
APP_TEST_jwt	:= $(APP_AUTH_SRCS) app/src/jwt.c $(APP_MINT)
APP_TEST_tokcache := app/src/tokcache.c app/src/principal.c
APP_TEST_authz	:= app/src/authcfg.c app/src/principal.c app/src/config.c
APP_TEST_form	:= app/src/form.c app/src/model.c
# html.c writes into a kore_buf: link Kore's own buf.c (Debian ships the
# source) with a libc shim for the allocator it calls.
APP_TEST_html	:= app/src/html.c app/src/model.c app/tests/kore_shim.c \
		   /usr/share/kore/src/buf.c
APP_TEST_CFLAGS_html = -D_GNU_SOURCE $(KORE_FEATURES) -I/usr/include/kore
APP_TEST_jsonrpc	:= app/src/jsonrpc.c
APP_TEST_tools	:= app/src/tools.c app/src/model.c
APP_TEST_protocol	:= app/src/protocol.c app/src/jsonrpc.c app/src/tools.c \
		   app/src/model.c
APP_TEST_transport	:= app/src/transport.c

APP_TESTS	:= $(patsubst app/tests/test_%.c,$(BUILD)/app/tests/test_%, \
		   $(wildcard app/tests/test_*.c))
UNIT_TESTS	+= $(APP_TESTS)

.SECONDEXPANSION:
$(BUILD)/app/tests/test_%: app/tests/test_%.c $$(APP_TEST_$$*) \
    $(wildcard app/src/*.h app/tests/*.h) | $(BUILD)/app/tests
	$(CC) $(CFLAGS) $(WARN_CFLAGS) -Iapp/src $(APP_TEST_CFLAGS_$*) \
	    $(shell pkg-config --cflags $(APP_PKGS)) \
	    -o $@ $< $(APP_TEST_$*) -lcriterion $(APP_LDLIBS)

# The auth gate's micro benchmark (make bench; not a test).
AUTH_BENCH	:= $(BUILD)/app/bench/auth-bench
AUTH_BENCH_SRCS	:= app/tests/bench_auth.c $(APP_AUTH_SRCS) app/src/jwt.c \
		   app/src/tokcache.c app/tests/mint.c

$(AUTH_BENCH): $(AUTH_BENCH_SRCS) $(wildcard app/src/*.h app/tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN_CFLAGS) -Iapp/src \
	    $(shell pkg-config --cflags $(APP_PKGS)) \
	    -o $@ $(AUTH_BENCH_SRCS) $(APP_LDLIBS)
