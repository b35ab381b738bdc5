# Static checks of the Azure deployment files (infra/, azure.yaml,
# .dockerignore), included by the top-level Makefile; make test runs them.
# No Bicep compiler, Docker engine or Azure access is needed: see
# docs/deployment.md, "What make test checks and what it cannot".

INFRA_JS	:= infra/check/node_modules/.installed
INFRA_SH	:= $(wildcard infra/scripts/*.sh infra/scripts/tests/*.sh \
		   infra/check/*.sh)

# tree-sitter-bicep (its WebAssembly build) and web-tree-sitter, pinned by
# infra/check/package-lock.json; offline once installed.
$(INFRA_JS): infra/check/package.json infra/check/package-lock.json
	cd infra/check && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: infra-check
infra-check: $(INFRA_JS) $(APP_SO)
	@node infra/check/infra-check.mjs
	@infra/check/selftest.sh
	@infra/scripts/tests/dry-run.sh
	@shellcheck -x $(INFRA_SH) && echo "shellcheck: $(words $(INFRA_SH)) scripts clean"
	@infra/check/deps-check.sh

# The Dockerfile run without Docker, in debootstrap chroots (root, network
# to the Debian mirror, minutes): not part of make test.
.PHONY: image-sim
image-sim: $(APP_SO)
	@infra/check/image-sim.sh
