#!/usr/bin/env bash
#
# A fresh database needs no manual step (as on Azure): the app applies
# sql/schema.sql at start-up and, with DB_SEED=1, loads the seed rows into
# an empty restaurant table. A restart changes nothing, and DB_SEED never
# touches a table that already has rows.
set -euo pipefail
. harness/scripts/lib.sh

port=$((TEST_PORT_BASE + 30))
url="http://127.0.0.1:$port"
count() { psql_as reviews "$DB_PORT" fresh -tA -c "SELECT count(*) FROM $1"; }

psql_as postgres "$DB_PORT" postgres -c "DROP DATABASE IF EXISTS fresh" >/dev/null
psql_as postgres "$DB_PORT" postgres -c "CREATE DATABASE fresh OWNER reviews" >/dev/null
dsn="host=127.0.0.1 port=$DB_PORT dbname=fresh user=reviews"

app_up app-fresh "$port" DATABASE_URL="$dsn" DB_SEED=1 \
    WORKER_DEATH_POLICY=terminate
grep -q 'database: schema applied; seed data loaded' "$RUN/app-fresh.log" ||
    die "start-up did not say the seed was loaded: $(grep database: "$RUN/app-fresh.log")"
[ "$(count restaurant)" = 5 ] || die "want 5 seeded restaurants, got $(count restaurant)"
[ "$(count review)" = 9 ] || die "want 9 seeded reviews, got $(count review)"
curl -sf "$url/" | grep -q 'Lighthouse Noodle Bar' ||
    die "the index of the bootstrapped database does not list the seed"

# Restart: the schema is re-applied harmlessly, the seed is left alone.
proc_stop app-fresh
app_up app-fresh "$port" DATABASE_URL="$dsn" DB_SEED=1 \
    WORKER_DEATH_POLICY=terminate
grep -q 'seed skipped: the restaurant table already has rows' \
    "$RUN/app-fresh.log" || die "restart did not skip the seed"
[ "$(count restaurant)" = 5 ] || die "restart changed the restaurants"
proc_stop app-fresh

# DB_SCHEMA=skip leaves an empty database empty (tables are someone
# else's job); the app still starts and says where it is.
psql_as postgres "$DB_PORT" postgres -c "DROP DATABASE fresh" >/dev/null
psql_as postgres "$DB_PORT" postgres -c "CREATE DATABASE fresh OWNER reviews" >/dev/null
app_up app-fresh "$port" DATABASE_URL="$dsn" DB_SCHEMA=skip \
    WORKER_DEATH_POLICY=terminate
tables=$(psql_as reviews "$DB_PORT" fresh -tA -c \
    "SELECT count(*) FROM pg_tables WHERE tablename IN ('restaurant','review')")
[ "$tables" = 0 ] || die "DB_SCHEMA=skip still created tables"
proc_stop app-fresh
psql_as postgres "$DB_PORT" postgres -c "DROP DATABASE fresh" >/dev/null
say "schema bootstrap: applied, seeded once, skipped on request"
