# reviews-mcp: the restaurant reviews site and its MCP server in C on Kore,
# secured the way App Service Authentication (EasyAuth v2) secures it.
#
#	make run	install what is missing, build, start PostgreSQL and
#			the app on http://127.0.0.1:8000 (Ctrl-C stops all)
#	make test	the same set-up, then unit and end-to-end tests
#	make token	an access token from the local Entra ID stand-in
#			(CLIENT=agent|project|norole|outsider), on stdout
#
# Other targets: deps, build, unit, fuzz, fuzz-smoke, infra-check,
# docs-check, e2e, scenarios, verify (BASE_URL=https://<app>), bench,
# issuer-keys, image-sim, clean.
# See README.md; scenario files and the runner: docs/scenarios.md.

SHELL		:= /bin/bash
.DEFAULT_GOAL	:= build

BUILD		?= build
RUN		?= .run
# AUTH=on|off for make run: the auth gate against the local Entra ID
# stand-in, or no authentication at all.
AUTH		?= on
PORT		?= 8000
# make token: which fixture client (fixtures/directory.json).
CLIENT		?= agent

CC		?= cc
CFLAGS		?= -O2 -g
WARN_CFLAGS	:= -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
		   -Wmissing-prototypes -Wstrict-prototypes -Wsign-compare \
		   -Wno-unused-parameter

UNIT_TESTS	:=

export BUILD RUN AUTH PORT

.PHONY: all deps deps-test build run test unit e2e scenarios verify bench \
	clean token issuer-keys docs-check

all: build

include app/app.mk
include infra/infra.mk
include harness/issuer.mk
include harness/harness.mk
include harness/fuzz/fuzz.mk

# The official MCP TypeScript SDK client and playwright-core (driving
# Debian's chromium), pinned by harness/js/package-lock.json.
JS_DEPS		:= harness/js/node_modules/.installed

$(JS_DEPS): harness/js/package.json harness/js/package-lock.json
	cd harness/js && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The MCP conformance suite and the Node.js 22 it needs, pinned by
# harness/conformance/package-lock.json (e2e step 41-mcp-conformance).
CONFORMANCE_DEPS := harness/conformance/node_modules/.installed

$(CONFORMANCE_DEPS): harness/conformance/package.json \
    harness/conformance/package-lock.json
	cd harness/conformance && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps:
	@sh infra/deps.sh build run

deps-test:
	@sh infra/deps.sh build run test

build: deps
	@$(MAKE) --no-print-directory build-only

.PHONY: build-only
build-only: $(APP_SO) $(ISSUER_ALL) $(HARNESS_BIN)

run: build
	@harness/scripts/run.sh

# Only the token on stdout, so that $(make -s token) works: the build
# talks on stderr. TOKEN_VERSION=1 asks for a v1.0 token (docs/issuer.md).
token:
	@sh infra/deps.sh build run >&2
	@$(MAKE) --no-print-directory build-only >&2
	@harness/scripts/token.sh "$(CLIENT)"

# Key rollover of the make run stand-in: CMD=list, add or retire.
issuer-keys: build
	@harness/scripts/issuer-keys.sh $(or $(CMD),list)

test: deps-test
	@$(MAKE) --no-print-directory build-only $(UNIT_TESTS) $(JS_DEPS) \
	    $(CONFORMANCE_DEPS)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory fuzz-smoke
	@$(MAKE) --no-print-directory infra-check
	@$(MAKE) --no-print-directory docs-check
	@$(MAKE) --no-print-directory e2e

# README, the guide and docs/ name files, headings and scenario ids that
# exist (harness/js/docs-check.mjs).
docs-check:
	@node harness/js/docs-check.mjs

unit: $(UNIT_TESTS)
	@harness/scripts/unit.sh $(UNIT_TESTS)

e2e: build-only $(JS_DEPS) $(CONFORMANCE_DEPS)
	@harness/scripts/e2e.sh

# Only the scenario files, on a fresh local stack (group D on its own
# misconfigured instances). ARGS: runner flags.
scenarios: build-only
	@SCENARIO_ARGS="$(ARGS)" harness/scripts/e2e.sh \
	    harness/e2e.d/50-scenarios.sh harness/e2e.d/52-diagnosis.sh

# The guide's 22 cases against a deployment (docs/scenarios.md, "make
# verify"): BASE_URL, and VERIFY_CONFIG / VERIFY_AUTH / ARGS optionally.
verify: build
	@BASE_URL="$(BASE_URL)" VERIFY_CONFIG="$(VERIFY_CONFIG)" \
	    VERIFY_AUTH="$(VERIFY_AUTH)" ARGS="$(ARGS)" \
	    harness/scripts/verify.sh

bench: deps-test
	@$(MAKE) --no-print-directory build-only $(AUTH_BENCH)
	@harness/scripts/bench.sh

clean:
	rm -rf $(BUILD)
	@if [ -d $(RUN) ]; then harness/scripts/stop.sh; rm -rf $(RUN); fi
