# shellcheck shell=bash
#
# Shared by infra/scripts/NN-*.sh, the az CLI path of the deployment guide.
# Each step script sources this file, declares its options (a function
# opt) and calls scripts_parse. Every command is printed before it runs ("+ az ..."),
# quoted so that it can be pasted into a shell; with --dry-run nothing
# runs and values that would come from Azure show as <placeholders>.

set -euo pipefail

# Used by the scripts that source this file.
# shellcheck disable=SC2034
{
DRY_RUN=0
SCRIPT=$(basename "$0")
SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$SCRIPTS_DIR/../.." && pwd)
GRAPH=https://graph.microsoft.com/v1.0
ARM=https://management.azure.com
AUTHSETTINGS_API=2024-04-01
}

die() {
	printf '%s: %s\n' "$SCRIPT" "$*" >&2
	exit 1
}

# Narration, in the same stream as the commands.
say() {
	printf '# %s\n' "$*"
}

# The header comment of the calling script, without the '#'.
usage() {
	sed -n '3,/^$/s/^# \{0,1\}//p' "$0"
	exit "${1:-0}"
}

# shquote ARG...: one line that a POSIX shell reads back as the same words.
shquote() {
	local a out="" q="'\\''"
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./:=@,+%^-]+$ ]]; then
			out+="$a "
		else
			out+="'${a//\'/$q}' "
		fi
	done
	printf '%s' "${out% }"
}

# run CMD...: print, then run unless --dry-run. Output is not captured.
run() {
	printf '+ %s\n' "$(shquote "$@")"
	if [ "$DRY_RUN" -eq 0 ]; then
		"$@"
	fi
}

# query VAR PLACEHOLDER CMD...: print CMD (a read), run it and store its
# output in VAR. A dry run reads nothing either (Azure may not even exist
# yet): VAR gets PLACEHOLDER, '' meaning "not found", so the dry run shows
# what a first run creates.
query() {
	local var="$1" placeholder="$2" out
	shift 2
	printf '+ %s\n' "$(shquote "$@")"
	if [ "$DRY_RUN" -eq 1 ]; then
		out=$placeholder
	else
		out=$("$@")
		out=${out%$'\n'}
	fi
	printf -v "$var" '%s' "$out"
}

is_guid() {
	[[ $1 =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]]
}

need_value() {
	[ -n "$2" ] || die "$1 is required (see --help)"
}

need_guid() {
	is_guid "$2" || die "$1 must be a GUID, got '$2'"
}

# A fresh GUID for a new scope or role (deterministic in a dry run).
new_guid() {
	if [ "$DRY_RUN" -eq 1 ]; then
		printf '<new-guid-%s>' "$1"
	else
		cat /proc/sys/kernel/random/uuid
	fi
}

need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
		    die "$t is needed (see GUIDE_AUTH_MCP_SERVER.md, prerequisites)"
	done
}

# Options every script has; the rest go to the script's own parser, a
# function named opt that gets NAME VALUE and returns 1 when unknown.
scripts_parse() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--dry-run)	DRY_RUN=1; shift ;;
		-h|--help)	usage 0 ;;
		--*)
			[ $# -ge 2 ] || die "$1 needs a value (see --help)"
			opt "$1" "$2" || die "unknown option $1 (see --help)"
			shift 2 ;;
		*)		die "unexpected argument '$1' (see --help)" ;;
		esac
	done
	if [ "$DRY_RUN" -eq 0 ]; then
		need_tools az jq
	else
		need_tools jq
	fi
}

# The application's object id from its client id (Graph URLs use it).
app_object_id() {
	query APP_OBJECT_ID '<app-object-id>' \
	    az ad app show --id "$1" --query id --output tsv
}
