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
    $(wildcard app/src/*.h) | $(BUILD)/app/tests
	$(CC) $(CFLAGS) $(WARN_CFLAGS) -Iapp/src $(APP_TEST_CFLAGS_$*) \
	    $(shell pkg-config --cflags $(APP_PKGS)) \
	    -o $@ $< $(APP_TEST_$*) -lcriterion $(APP_LDLIBS)
