# Shell functions that start and stop the local stack: a throwaway
# PostgreSQL cluster and Kore app instances, with their state under $RUN.
# Sourced by run.sh, e2e.sh and stop.sh; never run directly.
#
# Every process started here is recorded in $RUN/pids/<name>.pid, so
# stack_stop_all can stop exactly what was started, whatever failed.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=${RUN:-.run}
BUILD=${BUILD:-build}
case "$RUN" in
/*) ;;
*) RUN="$TOP/$RUN" ;;
esac

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a command as the postgres user when we are root (initdb refuses
# to run as root), as ourselves otherwise.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_dir RUNDIR: where the cluster lives. Under the run folder unless root
# runs us from a folder the postgres user cannot reach (e.g. /root/...).
pg_dir() {
	local d="$1/pg"
	mkdir -p "$d"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$d"
		if ! runuser -u postgres -- test -w "$d"; then
			d="/tmp/reviews-mcp-pg-$(printf '%s' "$1" |
			    cksum | cut -d' ' -f1)"
			mkdir -p "$d"
			chown postgres: "$d"
		fi
	fi
	printf '%s\n' "$d"
}

# pg_up RUNDIR PORT [fast]: create the cluster on first use, start it.
pg_up() {
	local run="$1" port="$2" fast="${3:-}" dir opts
	dir=$(pg_dir "$run")
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres \
		    --auth=trust -E UTF8 --locale=C.UTF-8 \
		    >"$dir/initdb.log" 2>&1 ||
		    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
	fi
	opts="-p $port -k $dir -c listen_addresses=127.0.0.1"
	[ -n "$fast" ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		return 0
	fi
	as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
	    -t 30 -o "$opts" start >/dev/null ||
	    { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
	printf '%s\n' "$dir" >"$run/pg.dir"
}

pg_down() {
	local run="$1" dir
	[ -f "$run/pg.dir" ] || return 0
	dir=$(cat "$run/pg.dir")
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop \
		    >/dev/null 2>&1 || true
	fi
}

# psql_as USER PORT DB [psql args...]
psql_as() {
	local user="$1" port="$2" db="$3"
	shift 3
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$user" \
	    -d "$db" "$@"
}

# db_setup PORT SEED: the application role and database, the schema, and
# the seed data when SEED is 1.
db_setup() {
	local port="$1" seed="$2"
	psql_as postgres "$port" postgres -tA -c \
	    "SELECT 1 FROM pg_roles WHERE rolname = 'reviews'" | grep -q 1 ||
	    psql_as postgres "$port" postgres -c "CREATE ROLE reviews LOGIN"
	psql_as postgres "$port" postgres -tA -c \
	    "SELECT 1 FROM pg_database WHERE datname = 'reviews'" | grep -q 1 ||
	    psql_as postgres "$port" postgres -c \
	    "CREATE DATABASE reviews OWNER reviews ENCODING 'UTF8'"
	psql_as reviews "$port" reviews -f "$TOP/sql/schema.sql" >/dev/null
	if [ "$seed" = 1 ]; then
		psql_as reviews "$port" reviews -f "$TOP/sql/seed.sql" >/dev/null
	fi
}

# wait_http URL SECONDS PIDFILE: until anything answers on URL.
wait_http() {
	local url="$1" secs="$2" pidfile="$3" i=0
	while [ "$i" -lt $((secs * 10)) ]; do
		if curl -s -o /dev/null --max-time 1 "$url"; then
			return 0
		fi
		if [ -n "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# proc_start NAME LOG CMD...: start CMD in its own session, record its pid.
proc_start() {
	local name="$1" log="$2"
	shift 2
	mkdir -p "$RUN/pids"
	setsid "$@" >"$log" 2>&1 </dev/null &
	printf '%s\n' "$!" >"$RUN/pids/$name.pid"
}

# proc_stop NAME: TERM, then KILL after 10 s.
proc_stop() {
	local f="$RUN/pids/$1.pid" pid i
	[ -f "$f" ] || return 0
	pid=$(cat "$f")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}

# app_up NAME PORT [VAR=value ...]: one app instance on 127.0.0.1:PORT,
# database from $DB_PORT, logs in $RUN/NAME.log.
app_up() {
	local name="$1" port="$2"
	shift 2
	[ -f "$BUILD/app/reviews.so" ] || die "app not built: run make build"
	proc_start "$name" "$RUN/$name.log" env \
	    PORT="$port" BIND=127.0.0.1 \
	    DATABASE_URL="host=127.0.0.1 port=$DB_PORT dbname=reviews user=reviews" \
	    "$@" stdbuf -oL -eL kore -fnrc app/conf/reviews.conf
	if ! wait_http "http://127.0.0.1:$port/healthz" 20 "$RUN/pids/$name.pid"; then
		tail -n 30 "$RUN/$name.log" >&2
		die "app '$name' did not start on port $port"
	fi
}

# issuer_tenant: the stand-in's tenant id, from its directory.
issuer_tenant() {
	jq -r .tenant.id "$TOP/fixtures/directory.json"
}

# issuer_up RUNDIR PORT [NAME [VAR=value ...]]: the local Entra ID
# stand-in (docs/issuer.md) on 127.0.0.1:PORT, as process NAME (default
# issuer): keys in RUNDIR/NAME/keys (made at first start, kept across
# restarts), log in RUNDIR/NAME.log, base URL written to RUNDIR/NAME.url.
# VAR=value pairs go to its environment (e.g. ISSUER_KEYS=... to share
# another instance's keys).
issuer_up() {
	local run="$1" port="$2" name="${3:-issuer}" tenant url
	shift 2
	[ $# -gt 0 ] && shift
	[ -f "$BUILD/harness/issuer.so" ] ||
	    die "the Entra ID stand-in is not built: run make build"
	tenant=$(issuer_tenant)
	url="http://127.0.0.1:$port/$tenant/v2.0/.well-known/openid-configuration"
	mkdir -p "$run"
	proc_start "$name" "$run/$name.log" env \
	    ISSUER_BIND=127.0.0.1 ISSUER_PORT="$port" \
	    ISSUER_KEYS="$run/$name/keys" \
	    ISSUER_DIRECTORY="$TOP/fixtures/directory.json" \
	    "$@" stdbuf -oL -eL kore -fnrc harness/issuer/conf/issuer.conf
	if ! wait_http "$url" 20 "$RUN/pids/$name.pid"; then
		tail -n 30 "$run/$name.log" >&2
		die "the Entra ID stand-in '$name' did not start on port $port"
	fi
	printf 'http://127.0.0.1:%s\n' "$port" >"$run/$name.url"
}

# auth_env ISSUER_URL: the environment of an app instance with auth on
# against the stand-in at ISSUER_URL, one VAR=value a line: the fixture
# document (AUTH_SETTINGS_FILE, always first), the stand-in as OpenID
# authority, the PRM with the MCP app's delegated scope
# (docs/security.md).
auth_env() {
	local dir="$TOP/fixtures/directory.json"
	printf '%s\n' "AUTH_SETTINGS_FILE=$TOP/fixtures/authsettings.json" \
	    "AUTH_AUTHORITY_URL=$1" \
	    "WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES=$(jq -r '.resource |
	    .identifierUris[0] + "/" + .oauth2PermissionScopes[0].value' "$dir")"
}

# issuer_token URL CLIENT [VERSION]: an access token from the stand-in at
# URL for a fixture client (harness/scripts/token.sh), on stdout only.
issuer_token() {
	ISSUER_URL="$1" TOKEN_VERSION="${3:-}" "$TOP/harness/scripts/token.sh" \
	    "$2"
}

# stack_stop_all: every recorded process, then PostgreSQL.
stack_stop_all() {
	local f
	for f in "$RUN"/pids/*.pid; do
		[ -e "$f" ] || continue
		proc_stop "$(basename "$f" .pid)"
	done
	pg_down "$RUN"
}
