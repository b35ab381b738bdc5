#!/usr/bin/env bash
#
# Key rollover for the local Entra ID stand-in (docs/issuer.md):
#
#	harness/scripts/issuer-keys.sh [--run DIR] [--name NAME] list|add|retire
#
#   list	the keys, oldest first; the newest signs
#   add		a new key: it signs from now on, the old ones stay published
#   retire	remove the oldest key from the key sets
#
# DIR is the run folder (default .run/dev, the stack of make run and make
# token); NAME the stand-in's process name (default issuer). A running
# stand-in picks the change up within a second, without a restart.
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

run="$RUN/dev"
name=issuer
while [ $# -gt 1 ]; do
	case "$1" in
	--run) run="$2"; shift 2 ;;
	--name) name="$2"; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: $0 [--run DIR] [--name NAME] list|add|retire"
case "$1" in
list|add|retire) ;;
*) die "usage: $0 [--run DIR] [--name NAME] list|add|retire" ;;
esac

tool="$BUILD/harness/issuer-keys"
[ -x "$tool" ] || die "$tool is not built: run make build"
exec "$tool" "$1" "$run/$name/keys"
