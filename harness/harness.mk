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

$(BUILD)/harness/tests/test_%: harness/tests/test_%.c $(HARNESS_LIB) \
    $(wildcard harness/src/*.h) | $(BUILD)/harness/tests
	$(CC) $(CFLAGS) $(HARNESS_CFLAGS) -o $@ $< $(HARNESS_LIB) \
	    -lcriterion -ljwt $(HARNESS_LDLIBS)
