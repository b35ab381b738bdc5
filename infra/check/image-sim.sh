#!/usr/bin/env bash
#
# make image-sim: build and start infra/Dockerfile without Docker (see
# image-sim.mjs), against a throwaway PostgreSQL with the seed data.
# Root, debootstrap and the Debian mirror needed; a few minutes the first
# time (the Debian base is cached under $RUN/image-sim).
# Ports: TEST_PORT_BASE (default 18000) + 433 (PostgreSQL), + 800 (app).
set -euo pipefail
cd "$(dirname "$0")/../.."
. harness/scripts/lib.sh

base=${TEST_PORT_BASE:-18000}
RUN="$RUN/image-sim"
DB_PORT=$((base + 433))
export RUN DB_PORT
[ "$(id -u)" -eq 0 ] || die "image-sim needs root (chroot)"
command -v debootstrap >/dev/null || die "apt-get install debootstrap"

mkdir -p "$RUN"
trap 'stack_stop_all' EXIT
pg_up "$RUN" "$DB_PORT" fast
db_setup "$DB_PORT" 1
node infra/check/image-sim.mjs --work "$RUN" --port $((base + 800)) \
    --db "host=127.0.0.1 port=$DB_PORT dbname=reviews user=reviews"
# Keep the cached Debian base only (the stages take about a gigabyte).
rm -rf "$RUN"/stage-* "$RUN/context"
