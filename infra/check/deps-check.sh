#!/usr/bin/env bash
#
# The package groups of infra/deps.sh, checked on this Debian:
#  1. every package of every group exists in the apt package lists (the
#     Dockerfile installs them on debian:12-slim with the same script);
#  2. the runtime group (the container's only packages) provides every
#     shared library kore and build/app/reviews.so load, directly or
#     through the packages it depends on.
# Needs the module built (make build-only) for 2.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

pass=0
fail=0
result() {
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'deps-check: FAIL %s\n' "$2"
	fi
}

if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq || exit 1
	else
		echo 'deps-check: no apt package lists: run apt-get update' >&2
		exit 1
	fi
fi

all=$(sh infra/deps.sh --list build runtime run test | tr ' ' '\n' | sort -u)
# One apt-cache call for all (a call per package takes a second each).
# shellcheck disable=SC2086 # a list of package names
known=$(apt-cache show --no-all-versions $all 2>/dev/null |
    sed -n 's/^Package: //p' | sort -u)
for p in $all; do
	grep -qx -- "$p" <<<"$known"
	result $? "package $p of infra/deps.sh is not in the apt lists"
done

# The runtime group and everything it pulls in.
runtime=$(sh infra/deps.sh --list runtime)
# shellcheck disable=SC2086 # a list of package names
closure=$(apt-cache depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances $runtime 2>/dev/null |
    sed -n 's/^\([a-z0-9][^ :]*\).*/\1/p; s/^ *\(Pre\)\{0,1\}Depends: \([^ :<]*\).*/\2/p' |
    sort -u)

# Every DT_NEEDED library of kore and the module, as a real file path.
libs=()
for obj in build/app/reviews.so "$(command -v kore)"; do
	if [ ! -e "$obj" ]; then
		result 1 "$obj missing: run make build-only"
		continue
	fi
	for lib in $(objdump -p "$obj" | awk '$1 == "NEEDED" {print $2}'); do
		path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
		libs+=("$lib=$(readlink -f "$path")")
	done
done
# One dpkg -S for all; usr-merged paths are registered under either form.
# shellcheck disable=SC2046 # paths without blanks
owners=$(dpkg -S $(for l in "${libs[@]}"; do r=${l#*=}; echo "$r" "${r#/usr}"; done) \
    2>/dev/null)
for l in "${libs[@]}"; do
	lib=${l%%=*}
	real=${l#*=}
	pkg=$(awk -v a="$real" -v b="${real#/usr}" -F': ' \
	    '$2 == a || $2 == b {sub(/:.*/, "", $1); print $1; exit}' <<<"$owners")
	if [ -z "$pkg" ]; then
		result 1 "$lib ($real) belongs to no package"
	else
		grep -qx -- "$pkg" <<<"$closure"
		result $? "$lib comes from $pkg, which deps.sh runtime does not install"
	fi
done
[ "${#libs[@]}" -gt 0 ] || result 1 "no shared libraries found (objdump?)"

printf 'deps-check: %d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
