# shellcheck shell=bash
#
# Shared by infra/scripts/NN-*.sh, the az CLI path of the deployment guide.
# Each step script sources this file, declares its options (a function
# USES, and opt for its own) and calls scripts_parse. Every command is printed before it runs ("+ az ..."),
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

# Options shared by several steps, set by scripts_parse when the script
# lists them in USES (e.g. USES="client-id webapp"; webapp means
# --resource-group and --webapp).
CLIENT_ID=""
RG=""
APP=""
URI=""

# scripts_parse "$@": --dry-run, --help, the shared options in USES, and
# the script's own through its function opt NAME VALUE (returns 1 when
# the option is unknown), if it has one.
# shellcheck disable=SC2034 # the shared options are read by the scripts
scripts_parse() {
	local name
	while [ $# -gt 0 ]; do
		case "$1" in
		--dry-run)	DRY_RUN=1; shift; continue ;;
		-h|--help)	usage 0 ;;
		--*)		;;
		*)		die "unexpected argument '$1' (see --help)" ;;
		esac
		[ $# -ge 2 ] || die "$1 needs a value (see --help)"
		name=${1#--}
		# --webapp always comes with its --resource-group.
		[ "$name" != resource-group ] || name=webapp
		case " ${USES:-} " in
		*" $name "*)
			case "$name" in
			client-id)	CLIENT_ID=$2 ;;
			webapp)
				if [ "$1" = --webapp ]; then
					APP=$2
				else
					RG=$2
				fi ;;
			identifier-uri)	URI=$2 ;;
			esac ;;
		*)
			if ! declare -F opt >/dev/null || ! opt "$1" "$2"; then
				die "unknown option $1 (see --help)"
			fi ;;
		esac
		shift 2
	done
	case " ${USES:-} " in *" client-id "*)
		need_guid --client-id "$CLIENT_ID" ;;
	esac
	case " ${USES:-} " in *" webapp "*)
		need_value --resource-group "$RG"
		need_value --webapp "$APP" ;;
	esac
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
