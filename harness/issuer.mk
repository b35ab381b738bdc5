# The local Entra ID stand-in: a Kore module (build/harness/issuer.so),
# its key rollover tool (build/harness/issuer-keys) and their criterion
# unit tests. Included by the top-level Makefile; paths are relative to
# the repository. See docs/issuer.md.

ISSUER_DIR	:= harness/issuer
ISSUER_OUT	:= $(BUILD)/harness/issuer
ISSUER_SO	:= $(BUILD)/harness/issuer.so
ISSUER_KEYS	:= $(BUILD)/harness/issuer-keys

# Kore-free sources: shared by the module, the tool and the unit tests.
ISSUER_CORE	:= b64 directory entra fail form grant keyring token
ISSUER_KORE	:= issuer serve
ISSUER_HDRS	:= $(wildcard $(ISSUER_DIR)/src/*.h)
ISSUER_CORE_OBJS := $(patsubst %,$(ISSUER_OUT)/obj/%.o,$(ISSUER_CORE))
ISSUER_OBJS	:= $(ISSUER_CORE_OBJS) \
		   $(patsubst %,$(ISSUER_OUT)/obj/%.o,$(ISSUER_KORE))

ISSUER_PKGS	:= jansson libcrypto
ISSUER_CFLAGS	 = $(WARN_CFLAGS) -fPIC -I$(ISSUER_DIR)/src $(KORE_FEATURES) \
		   $(shell pkg-config --cflags $(ISSUER_PKGS))
ISSUER_LDLIBS	 = $(shell pkg-config --libs $(ISSUER_PKGS))

ISSUER_ALL	:= $(ISSUER_SO) $(ISSUER_KEYS)

$(ISSUER_SO): $(ISSUER_OBJS)
	$(CC) -shared -o $@ $(ISSUER_OBJS) $(ISSUER_LDLIBS)

$(ISSUER_KEYS): $(ISSUER_DIR)/tools/issuer-keys.c $(ISSUER_CORE_OBJS) \
    $(ISSUER_HDRS)
	$(CC) $(CFLAGS) $(ISSUER_CFLAGS) -o $@ $< $(ISSUER_CORE_OBJS) \
	    $(ISSUER_LDLIBS)

$(ISSUER_OUT)/obj/%.o: $(ISSUER_DIR)/src/%.c $(ISSUER_HDRS) | \
    $(ISSUER_OUT)/obj
	$(CC) $(CFLAGS) $(ISSUER_CFLAGS) -c $< -o $@

$(ISSUER_OUT)/obj $(ISSUER_OUT)/tests:
	@mkdir -p $@

# Unit tests: harness/issuer/tests/test_<name>.c linked with the
# Kore-free sources listed in ISSUER_TEST_<name>.
ISSUER_TEST_b64		:= b64
ISSUER_TEST_form	:= b64 form
ISSUER_TEST_keyring	:= b64 fail keyring
ISSUER_TEST_token	:= b64 directory fail keyring token
ISSUER_TEST_grant	:= b64 directory entra fail form grant keyring token
ISSUER_TEST_entra	:= b64 entra token
ISSUER_TEST_directory	:= directory fail

issuer_srcs	 = $(addprefix $(ISSUER_DIR)/src/,$(addsuffix .c,$(1)))

ISSUER_TESTS	:= $(patsubst $(ISSUER_DIR)/tests/test_%.c, \
		   $(ISSUER_OUT)/tests/test_%, \
		   $(wildcard $(ISSUER_DIR)/tests/test_*.c))
UNIT_TESTS	+= $(ISSUER_TESTS)

.SECONDEXPANSION:
$(ISSUER_OUT)/tests/test_%: $(ISSUER_DIR)/tests/test_%.c \
    $$(call issuer_srcs,$$(ISSUER_TEST_$$*)) $(ISSUER_HDRS) | \
    $(ISSUER_OUT)/tests
	$(CC) $(CFLAGS) $(WARN_CFLAGS) -I$(ISSUER_DIR)/src \
	    $(shell pkg-config --cflags $(ISSUER_PKGS)) -o $@ $< \
	    $(call issuer_srcs,$(ISSUER_TEST_$*)) -lcriterion $(ISSUER_LDLIBS)
