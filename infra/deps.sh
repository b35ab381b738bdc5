#!/bin/sh
#
# The one list of Debian packages this project needs, by purpose.
# Used by the Makefile (make deps / run / test) and by infra/Dockerfile,
# so a local machine and the container image cannot drift apart.
#
#   infra/deps.sh build run test	install what is missing for those groups
#   infra/deps.sh --list runtime	print the package names only
#
set -eu

pkgs_build="build-essential pkg-config kore libjwt-dev libjansson-dev
	libcurl4-openssl-dev libpq-dev libssl-dev ca-certificates"
# runtime: what kore and build/app/reviews.so load, and nothing else (the
# container image installs only this group). ca-certificates: the HTTPS
# JWKS fetch from login.microsoftonline.com; coreutils: stdbuf.
pkgs_runtime="kore libjwt0 libjansson4 libcurl4 libpq5 libssl3 ca-certificates
	coreutils"
pkgs_run="postgresql-15 postgresql-client-15 openssl curl jq"
pkgs_test="libcriterion-dev wrk chromium nodejs npm valgrind shellcheck
	clang libclang-rt-14-dev"

list=0
if [ "${1:-}" = "--list" ]; then
	list=1
	shift
fi

want=""
for group in "$@"; do
	case "$group" in
	build)		want="$want $pkgs_build" ;;
	runtime)	want="$want $pkgs_runtime" ;;
	run)		want="$want $pkgs_run" ;;
	test)		want="$want $pkgs_test" ;;
	*)		echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done

if [ "$list" -eq 1 ]; then
	echo $want
	exit 0
fi

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

# node and npm may come from elsewhere (nodesource, a CI image): accept them.
filtered=""
for p in $missing; do
	case "$p" in
	nodejs)	command -v node >/dev/null 2>&1 && continue ;;
	npm)	command -v npm >/dev/null 2>&1 && continue ;;
	esac
	filtered="$filtered $p"
done
missing=$filtered

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "deps: need root or sudo to install:$missing" >&2
		exit 1
	}
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
