# The scenario runner (build/harness/scenario-runner) and its criterion
# unit tests. Included by the top-level Makefile; paths are relative to
# the repository. See docs/scenarios.md.

HARNESS_SRCS	:= $(wildcard harness/src/*.c)
HARNESS_OBJS	:= $(patsubst harness/src/%.c,$(BUILD)/harness/obj/%.o,\
		   $(HARNESS_SRCS))
# Everything but main: what the unit tests link against.
HARNESS_LIB	:= $(filter-out $(BUILD)/harness/obj/main.o,$(HARNESS_OBJS))
HARNESS_BIN	:= $(BUILD)/harness/scenario-runner

HARNESS_PKGS	:= jansson libcurl openssl
HARNESS_CFLAGS	 = $(WARN_CFLAGS) -D_GNU_SOURCE -Iharness/src \
		   $(shell pkg-config --cflags $(HARNESS_PKGS))
HARNESS_LDLIBS	 = $(shell pkg-config --libs $(HARNESS_PKGS))

$(HARNESS_BIN): $(HARNESS_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(HARNESS_OBJS) $(HARNESS_LDLIBS)

# The MCP client library as a command (docs/scenarios.md, the guide), and
# the GET-holding server group D reproduces a FastMCP-like hang with.
MCP_CLIENT_BIN	:= $(BUILD)/harness/mcp-client
HOLD_GET_BIN	:= $(BUILD)/harness/hold-get

build-only: $(MCP_CLIENT_BIN) $(HOLD_GET_BIN)

$(MCP_CLIENT_BIN): harness/tools/mcp-client.c $(HARNESS_LIB) \
    $(wildcard harness/src/*.h)
	$(CC) $(CFLAGS) $(HARNESS_CFLAGS) $(LDFLAGS) -o $@ $< $(HARNESS_LIB) \
	    $(HARNESS_LDLIBS)

$(HOLD_GET_BIN): harness/tools/hold-get.c | $(BUILD)/harness/obj
	$(CC) $(CFLAGS) $(WARN_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/harness/obj/%.o: harness/src/%.c $(wildcard harness/src/*.h) \
    | $(BUILD)/harness/obj
	$(CC) $(CFLAGS) $(HARNESS_CFLAGS) -c $< -o $@

$(BUILD)/harness/obj $(BUILD)/harness/tests:
	@mkdir -p $@

# Unit tests: harness/tests/test_<name>.c, linked with every runner
# source but main.c; libjwt only here, to decode minted tokens with a
# JWT implementation that is not the runner's own.
HARNESS_TESTS	:= $(patsubst harness/tests/test_%.c,\
		   $(BUILD)/harness/tests/test_%,\
		   $(wildcard harness/tests/test_*.c))
UNIT_TESTS	+= $(HARNESS_TESTS)

# canned.c: an HTTP server with canned answers, for the tests of the
# client, the runner and the token exchange.
HARNESS_CANNED	:= $(BUILD)/harness/tests/canned.o

$(HARNESS_CANNED): harness/tests/canned.c harness/tests/canned.h \
    | $(BUILD)/harness/tests
	$(CC) $(CFLAGS) $(HARNESS_CFLAGS) -c $< -o $@

$(BUILD)/harness/tests/test_%: harness/tests/test_%.c $(HARNESS_LIB) \
    $(HARNESS_CANNED) $(wildcard harness/src/*.h) | $(BUILD)/harness/tests
	$(CC) $(CFLAGS) $(HARNESS_CFLAGS) -Iharness/tests -o $@ $< \
	    $(HARNESS_CANNED) $(HARNESS_LIB) -lcriterion -ljwt \
	    $(HARNESS_LDLIBS)
