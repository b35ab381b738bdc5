#!/usr/bin/env bash
#
# The az CLI path of the guide, tested without Azure: every step script's
# --dry-run output must equal its golden file (golden/NN-name.txt, the
# exact commands with <placeholders> for what Azure would return); bad
# arguments must be refused with a clear message; the document step 7
# renders must match fixtures/authsettings.json (infra-check --authdoc).
#
#	infra/scripts/tests/dry-run.sh		compare
#	UPDATE_GOLDEN=1 infra/scripts/tests/dry-run.sh	rewrite golden files
set -uo pipefail
cd "$(dirname "$0")/../../.." || exit 1

S=infra/scripts
G=infra/scripts/tests/golden
# Made-up ids of "a deployment", unlike the local stand-in's
# (fixtures/directory.json), so a value left unsubstituted shows.
C=3f1c9a4e-0d6b-4c1e-9b7a-2e5d8c4f6a10
AGENT_SP=7a2b4c6d-1e3f-4a5b-8c7d-9e0f1a2b3c4d
PROJECT_SP=0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f
AGENT=5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a
PROJECT=9e8d7c6b-5a4f-4e3d-a2c1-b0a9f8e7d6c5
T=2c4e6a8b-0d1f-4e3a-9b5c-7d9f1b3d5e7a
WEB=(--resource-group rg-reviews --webapp app-reviews)

pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

result() {
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1))
		printf 'dry-run %-40s ok\n' "$2"
	else
		fail=$((fail + 1))
		printf 'dry-run %-40s FAILED\n' "$2"
	fi
}

# golden NAME SCRIPT ARGS...: dry-run output equals golden/NAME.txt.
golden() {
	local name="$1" script="$2" rc
	shift 2
	"$S/$script" --dry-run "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$tmp/out" "$G/$name.txt"
	fi
	if [ "$rc" -ne 0 ]; then
		sed 's/^/    /' "$tmp/out"
		result 1 "$name (exit $rc)"
	elif ! diff -u "$G/$name.txt" "$tmp/out" >"$tmp/diff"; then
		sed 's/^/    /' "$tmp/diff"
		result 1 "$name"
	else
		result 0 "$name"
	fi
}

# refused NAME TEXT SCRIPT ARGS...: exits non-zero saying TEXT.
refused() {
	local name="$1" text="$2" script="$3"
	shift 3
	if "$S/$script" --dry-run "$@" >"$tmp/out" 2>&1; then
		result 1 "$name (accepted)"
	elif ! grep -qF -- "$text" "$tmp/out"; then
		sed 's/^/    /' "$tmp/out"
		result 1 "$name (no '$text')"
	else
		result 0 "$name"
	fi
}

golden 01-app-registration 01-app-registration.sh \
    --name 'Restaurant reviews MCP'
golden 02-identifier-uri 02-identifier-uri.sh --client-id "$C"
golden 03-scope 03-scope.sh --client-id "$C"
golden 04-app-role 04-app-role.sh --client-id "$C" --write yes
golden 05-service-principal 05-service-principal.sh --client-id "$C"
golden 06-role-assignments 06-role-assignments.sh --client-id "$C" \
    --principal "$AGENT_SP" --principal "$PROJECT_SP"
golden 07-authsettings 07-authsettings.sh "${WEB[@]}" --client-id "$C" \
    --allowed-client "$AGENT" --allowed-client "$PROJECT" --tenant "$T" \
    --subscription 00000000-0000-0000-0000-000000000000
golden 08-prm-setting 08-prm-setting.sh "${WEB[@]}" \
    --identifier-uri "api://$C"
golden 09-restart 09-restart.sh "${WEB[@]}"

refused 07-empty-allow-list 'never get an empty allow-list' \
    07-authsettings.sh "${WEB[@]}" --client-id "$C"
refused 07-bad-caller 'must be a GUID' 07-authsettings.sh "${WEB[@]}" \
    --client-id "$C" --allowed-client nope
refused 06-no-principal 'at least one --principal' \
    06-role-assignments.sh --client-id "$C"
refused 02-bad-client-id 'must be a GUID' 02-identifier-uri.sh \
    --client-id 42
refused 08-no-uri '--identifier-uri is required' 08-prm-setting.sh \
    "${WEB[@]}"
refused unknown-option 'unknown option --colour' 09-restart.sh \
    "${WEB[@]}" --colour blue
for s in "$S"/0*.sh; do
	if "$s" --help 2>&1 | grep -q '^Usage: '; then
		result 0 "$(basename "$s") --help"
	else
		result 1 "$(basename "$s") --help"
	fi
done

# Step 7's document: the fixture with only the deployment's values.
"$S/07-authsettings.sh" --dry-run "${WEB[@]}" --client-id "$C" \
    --allowed-client "$AGENT" --tenant "$T" --subscription "$T" \
    --dump "$tmp/body.json" >/dev/null
node infra/check/infra-check.mjs --authdoc "$tmp/body.json" >"$tmp/ad" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/    /' "$tmp/ad"
result "$rc" "07 document matches the fixture"

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
