#!/usr/bin/env bash
# Perl expressions are single-quoted on purpose.
# shellcheck disable=SC2016
#
# The infra checks must be able to fail: each case below copies the files
# they read into a scratch tree, breaks one thing, and expects the check
# to exit non-zero naming the problem. The unbroken copy must pass.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)

pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

copy_tree() {
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t"
	(cd "$TOP" && tar cf - --exclude=node_modules infra fixtures \
	    docs/configuration.md app/src app/conf azure.yaml .dockerignore \
	    Makefile harness/scripts/lib.sh build/app/reviews.so) |
	    (cd "$tmp/t" && tar xf -)
	ln -s "$TOP/infra/check/node_modules" "$tmp/t/infra/check/node_modules"
}

# expect NAME CHECK FILE PERL-EXPR TEXT [FILE PERL-EXPR]...: after
# `perl -0pi -e PERL-EXPR FILE` (each pair) the check (infra or deps)
# fails and says TEXT.
expect() {
	local name="$1" what="$2" text="$5" rc
	set -- "$3" "$4" "${@:6}"
	copy_tree
	while [ $# -ge 2 ]; do
		if ! perl -0pi -e "$2" "$tmp/t/$1" ||
		    cmp -s "$TOP/$1" "$tmp/t/$1"; then
			printf 'selftest %-44s BROKEN (edit of %s changed nothing)\n' \
			    "$name" "$1"
			fail=$((fail + 1))
			return
		fi
		shift 2
	done
	if [ "$what" = infra ]; then
		node "$TOP/infra/check/infra-check.mjs" --root "$tmp/t" \
		    >"$tmp/out" 2>&1
	else
		"$tmp/t/infra/check/deps-check.sh" >"$tmp/out" 2>&1
	fi
	rc=$?
	if [ "$rc" -ne 0 ] && grep -qF -- "$text" "$tmp/out"; then
		pass=$((pass + 1))
		printf 'selftest %-44s ok\n' "$name"
	else
		fail=$((fail + 1))
		printf 'selftest %-44s FAILED (exit %d, wanted "%s")\n' \
		    "$name" "$rc" "$text"
		sed 's/^/    /' "$tmp/out" | tail -n 5
	fi
}

copy_tree
if node "$TOP/infra/check/infra-check.mjs" --root "$tmp/t" >"$tmp/out" 2>&1; then
	pass=$((pass + 1))
	printf 'selftest %-44s ok\n' 'unbroken copy passes'
else
	fail=$((fail + 1))
	printf 'selftest %-44s FAILED\n' 'unbroken copy passes'
	sed 's/^/    /' "$tmp/out" | grep FAIL | head
fi

# Bicep
expect syntax-error infra infra/resources.bicep \
    's/(resource plan .*?= \{)/$1 sku: /s' 'Bicep syntax error'
expect param-without-description infra infra/main.bicep \
    "s/\@description\('Application \(client\) id of the Foundry agent[^\n]*\n//" \
    'param foundryAgentClientId has no @description'
expect undeclared-symbol infra infra/main.bicep \
    's/params: \{\n    name: name/params: {\n    name: nmae/' "'nmae' is used but not declared"
expect unused-param infra infra/entra.bicep \
    's/(param name string\n)/$1\n\@description(q{An extra parameter nothing uses.})\nparam spare string\n/' \
    'param spare is declared but never used'
expect missing-loaded-file infra infra/resources.bicep \
    "s/loadJsonContent\\('..\\/fixtures\\/authsettings/loadJsonContent('..\\/fixtures\\/authsetting/" \
    'fixtures/authsetting.json does not exist'
expect module-unknown-param infra infra/main.bicep \
    's/    databaseSku: databaseSku\n/    databaseSku: databaseSku\n    databaseTier: databaseSku\n/' \
    "has no parameter 'databaseTier'"
expect module-missing-param infra infra/main.bicep \
    's/    publicUrl: publicUrl\n//' "needs parameter 'publicUrl'"
expect no-graph-extension infra infra/entra.bicep \
    's/^extension microsoftGraphV1\n//m' 'extension microsoftGraphV1'
expect bicepconfig-extension infra infra/bicepconfig.json \
    's/microsoftgraph\/v1\.0/microsoftgraph\/beta/' 'extensions.microsoftGraphV1'
expect graph-property-typo infra infra/entra.bicep \
    's/requestedAccessTokenVersion: 2/requestedAccesTokenVersion: 2/' \
    "no writable property 'requestedAccesTokenVersion'"
expect graph-readonly-origin infra infra/entra.bicep \
    "s/(value: 'MCP.Access'\n)/\$1      origin: 'Application'\n/" \
    "no writable property 'origin'"
# The authsettingsV2 document
expect authdoc-key-typo infra infra/resources.bicep \
    's/allowedAudiences: \[/allowedAudience: [/' \
    'validation.allowedAudience is not in fixtures/authsettings.json'
expect authdoc-not-substituted infra infra/resources.bicep \
    's/\n        clientId: mcpClientId//' \
    'registration.clientId is not substituted'
expect authdoc-behaviour-changed infra infra/resources.bicep \
    's/(    azureActiveDirectory: \{\n)/$1      enabled: false\n/' \
    'azureActiveDirectory.enabled differs from fixtures/authsettings.json'
expect authdoc-not-used infra infra/resources.bicep \
    's/properties: authSettings/properties: authTemplate/' \
    'config resource must have properties: authSettings'
expect allow-list-unguarded infra infra/resources.bicep \
    "s/var allowedClients = empty\\(callers\\) \\? fail\\('[^']*'\\) : callers/var allowedClients = callers/" \
    "calls fail('...') when the list is empty"
expect acr-flag-misplaced infra infra/resources.bicep \
    's/(    httpsOnly: true\n)/$1    acrUseManagedIdentityCreds: true\n/' \
    'belongs under properties.siteConfig'
expect health-check-path infra infra/resources.bicep \
    "s/healthCheckPath: '\\/healthz'/healthCheckPath: '\\/health'/" \
    'siteConfig.healthCheckPath must be'
expect websites-port infra infra/resources.bicep \
    "s/var appPort = '8000'/var appPort = '8080'/" \
    'WEBSITES_PORT (8080) must be the port the image exposes (8000)'
expect fixture-runtime-v1 infra fixtures/authsettings.json \
    's/"~2"/"~1"/' 'platform.runtimeVersion must be ~2'
expect fixture-empty-allow-list infra fixtures/authsettings.json \
    's/("allowedClientApplications": \[)[^\]]*\]/$1]/' \
    'allowedClientApplications must not be empty'
# Names between Bicep, docs and app/src
expect app-setting-typo infra infra/resources.bicep \
    's/PUBLIC_URL: webUri/PUBLIC_URLS: webUri/' \
    'app setting PUBLIC_URLS is not documented'
expect undocumented-getenv infra app/src/app.c \
    's/getenv\("WORKER_DEATH_POLICY"\)/getenv("WORKER_DEATH")/' \
    'WORKER_DEATH is read by the app but not documented'
expect documented-but-not-read infra infra/resources.bicep \
    's/(    PUBLIC_URL: webUri\n)/$1    REVIEWS_THEME: q{dark}\n/' \
    'never reads it' \
    docs/configuration.md 's/(\| `WORKERS` \|)/| `REVIEWS_THEME` | app | - | - | - | no |\n$1/'
# azd
expect azure-yaml-dockerfile infra azure.yaml \
    's/path: infra\/Dockerfile/path: Dockerfile/' "docker.path 'Dockerfile' does not exist"
expect azure-yaml-host infra azure.yaml \
    's/host: appservice/host: containerapp/' 'host must be appservice'
expect parameters-unknown infra infra/main.parameters.json \
    's/"location":/"region":/' 'region is not a parameter of main.bicep'
expect parameters-required-missing infra infra/main.parameters.json \
    's/\n    "databasePassword"[^\n]*//' 'required parameter databasePassword'
expect azd-output-fed-back infra infra/main.parameters.json \
    's/EXISTING_MCP_CLIENT_ID/MCP_CLIENT_ID/' 'azd would feed the output back'
expect azd-registry-output infra infra/main.bicep \
    's/output AZURE_CONTAINER_REGISTRY_ENDPOINT/output REGISTRY_ENDPOINT/' \
    'AZURE_CONTAINER_REGISTRY_ENDPOINT'
expect azd-service-tag infra infra/resources.bicep \
    "s/'azd-service-name': 'web'/'azd-service-name': 'api'/" 'azd-service-name'
# Docker
expect docker-copy-missing infra infra/Dockerfile \
    's/COPY app\/conf app\/conf/COPY app\/config app\/config/' \
    'COPY source app/config does not exist'
expect docker-copy-ignored infra .dockerignore \
    's/^build$/build\napp\/conf/m' 'excluded by .dockerignore'
expect docker-cmd-differs infra infra/Dockerfile \
    's/"-fnrc"/"-frc"/' "differs from make run's"
expect docker-root-user infra infra/Dockerfile \
    's/^USER reviews$/USER root/m' 'non-root USER'
expect docker-env-port infra infra/Dockerfile \
    's/^ENV BIND=0\.0\.0\.0$/ENV BIND=0.0.0.0 PORT=8000/m' 'no ENV PORT'
expect docker-module-path infra infra/Dockerfile \
    's/build\/app\/reviews\.so build\/app\/reviews\.so/build\/app\/reviews.so lib\/reviews.so/' \
    'must COPY --from=build it to that path'
expect makefile-include-ignored infra .dockerignore \
    's/^build$/build\ninfra\/infra.mk/m' \
    'Makefile includes infra/infra.mk, which does not reach the build stage'
expect dockerignore-fixtures infra .dockerignore \
    's/^fixtures$//m' 'fixtures must be excluded'
# Packages
expect deps-unknown-package deps infra/deps.sh \
    's/ libjansson4 / libjansson4 libnotapackage9 /' \
    'package libnotapackage9 of infra/deps.sh is not in the apt lists'
# (libjwt0 depends on libjansson4: both must go for jansson to be missing)
expect deps-runtime-incomplete deps infra/deps.sh \
    's/libjwt0 libjansson4 //' 'libjansson.so.4 comes from libjansson4'

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
