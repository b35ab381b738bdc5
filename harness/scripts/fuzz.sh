#!/usr/bin/env bash
# Run the libFuzzer targets built by harness/fuzz/fuzz.mk.
#
#	fuzz.sh smoke [NAME...]	each target over its committed corpus, then
#				FUZZ_SMOKE_SECONDS (3) of fuzzing from a
#				fresh work corpus: what make test runs
#	fuzz.sh long [NAME...]	each target for FUZZ_SECONDS (60), one after
#				the other; the corpus it grows is kept in
#				build/fuzz/work/<name>/ for the next run
#	fuzz.sh coverage [NAME...]	line coverage of the project's files by
#				the committed and grown corpora (the
#				build/fuzz/cov/ binaries of make fuzz-coverage)
#
# A crash, leak, sanitizer report, timeout (FUZZ_TIMEOUT s per input) or
# broken property is kept in build/fuzz/crashes/<name>/ and fails the
# run. Reproduce one with: build/fuzz/fuzz_<name> <crash file>.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$TOP" || exit 2
BUILD=${BUILD:-build}
OUT=$BUILD/fuzz
mode=${1:-smoke}
shift || true
names=${*:-jsonrpc transport tools form html jwt jwks authcfg issuer}

case "$mode" in
smoke)	seconds=${FUZZ_SMOKE_SECONDS:-3} ;;
long)	seconds=${FUZZ_SECONDS:-60} ;;
coverage) seconds=0 ;;
*)	echo "usage: fuzz.sh smoke|long|coverage [name...]" >&2; exit 2 ;;
esac

# The JWT target signs with a key kept for the whole build directory,
# so the real-shaped tokens made from its seeds (never committed: a
# token in the repository would look like a leaked one) verify.
export FUZZ_JWT_KEY=$OUT/jwt-key.pem
jwt_seeds() {
	rm -rf "$OUT/seeds/jwt"
	mkdir -p "$OUT/seeds"
	FUZZ_JWT_SEEDS=$OUT/seeds/jwt FUZZ_JWT_FROM=harness/fuzz/corpus/jwt \
	    "$OUT/fuzz_jwt" >/dev/null 2>&1
}

fail=0
for name in $names; do
	bin=$OUT/fuzz_$name
	[ -x "$bin" ] || { echo "fuzz: $bin is not built" >&2; exit 2; }
	crashes=$OUT/crashes/$name
	mkdir -p "$crashes"
	if [ "$mode" = smoke ]; then
		work=$OUT/smoke/$name
		rm -rf "$work"
	else
		work=$OUT/work/$name
	fi
	mkdir -p "$work"
	dirs=("$work" "harness/fuzz/corpus/$name")
	if [ "$name" = jwt ]; then
		jwt_seeds || { echo "fuzz: jwt seeds failed" >&2; exit 2; }
		dirs+=("$OUT/seeds/jwt")
	fi

	log=$OUT/$name.$mode.log
	if [ "$mode" = coverage ]; then
		rm -f "$OUT/cov/$name".prof*
		if ! LLVM_PROFILE_FILE=$OUT/cov/$name.profraw \
		    "$OUT/cov/fuzz_$name" -runs=0 "${dirs[@]}" >"$log" 2>&1 ||
		    ! llvm-profdata-14 merge -o "$OUT/cov/$name.profdata" \
		    "$OUT/cov/$name.profraw"; then
			echo "fuzz: coverage of $name failed, see $log" >&2
			fail=1
			continue
		fi
		llvm-cov-14 report "$OUT/cov/fuzz_$name" \
		    -instr-profile="$OUT/cov/$name.profdata" \
		    -ignore-filename-regex='harness/fuzz|app/tests|^/usr/' |
		    awk -v n="$name" '$1 ~ /\.c$/ || $1 == "TOTAL" {
			printf "cover %-10s %-14s lines %7s  functions %7s\n",
			    n, $1, $10, $7 }'
		continue
	fi
	# -keep_seed: a seed that adds no coverage is still mutated (the
	# signed JWT seeds take the structured seeds' path, but only their
	# mutations reach a failing signature check).
	"$bin" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" \
	    -keep_seed=1 \
	    -rss_limit_mb=2048 -max_len="${FUZZ_MAX_LEN:-16384}" \
	    -print_final_stats=1 -artifact_prefix="$crashes/" \
	    "${dirs[@]}" >"$log" 2>&1
	rc=$?

	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
	corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		printf 'fuzz %-10s ok    %s runs, %s exec/s, %s, %s\n' \
		    "$name" "${runs:-?}" "${speed:-?}" "${cov:-cov: ?}" \
		    "${corp:-corp: ?}"
	else
		printf 'fuzz %-10s FAIL  exit %d; see %s and %s\n' "$name" \
		    "$rc" "$log" "$crashes" >&2
		grep -m5 -E 'ERROR|runtime error|fuzz: |SUMMARY' "$log" >&2
		fail=1
	fi
done
exit "$fail"
