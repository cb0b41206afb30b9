#!/usr/bin/env bash
# Builds the fuzz targets and runs each for a fixed time, then prints executions and findings.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        SECONDS per target (default 60); default: all targets
#
# Works on the stable toolchain: the targets are built with `--sanitizer none` (cargo fuzz's
# default, AddressSanitizer, needs -Zsanitizer; set FUZZ_SANITIZER=address to use it, and this
# script adds RUSTC_BOOTSTRAP=1 so stable accepts it). pagegen is safe Rust, so panics, stack
# overflows, timeouts and out-of-memory are what is looked for; ASan adds little and halves speed.
#
# Environment:
#   PAGEGEN_SHARED    shared data (default: ../shared beside the repository); seeds come from it
#   FUZZ_TARGET_DIR   cargo target folder (default: $CARGO_TARGET_DIR, else fuzz/target)
#   FUZZ_SANITIZER    none (default) or address
#   FUZZ_KEEP_GOING   1: fork mode, keep fuzzing after a crash (each crash still written to
#                     fuzz/artifacts/TARGET/); default 0: stop at the first crash
#   FUZZ_BUILD_JOBS   cargo build jobs (default 2)
#
# Seeds are written to fuzz/seeds/TARGET by seed.py; what the fuzzer finds goes to
# fuzz/corpus/TARGET, crashes to fuzz/artifacts/TARGET, the log to fuzz/artifacts/TARGET.log.
# Reproduce a crash: cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/crash-...
set -euo pipefail

FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$FUZZ_DIR")
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(page openapi api_json generate)

export PAGEGEN_SHARED=${PAGEGEN_SHARED:-$ROOT/../shared}
TARGET_DIR=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$FUZZ_DIR/target}}
SANITIZER=${FUZZ_SANITIZER:-none}
KEEP_GOING=${FUZZ_KEEP_GOING:-0}
export CARGO_BUILD_JOBS=${FUZZ_BUILD_JOBS:-2}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
    exit 2
fi
if [ "$SANITIZER" != none ] && ! rustc -V | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi
FUZZ=(cargo fuzz)
BUILD_FLAGS=(--sanitizer "$SANITIZER" --target-dir "$TARGET_DIR")

cd "$FUZZ_DIR"
if [ ! -d seeds ]; then
    python3 seed.py "$PAGEGEN_SHARED"
fi
echo "== building (${BUILD_FLAGS[*]})"
"${FUZZ[@]}" build "${BUILD_FLAGS[@]}"

# Page-sized inputs: a real `api:` JSON is 1-100 KiB.
declare -A MAX_LEN=([page]=65536 [openapi]=32768 [api_json]=65536 [generate]=65536)
declare -A DICT=([openapi]=dicts/openapi.dict [api_json]=dicts/json.dict [generate]=dicts/json.dict)

count_findings() {
    find "artifacts/$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null |
        sort
}

summary=()
for target in "${TARGETS[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    before=$(count_findings "$target")
    log="artifacts/$target.log"
    args=(-max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len="${MAX_LEN[$target]:-65536}"
        -print_final_stats=1)
    [ -n "${DICT[$target]:-}" ] && args+=(-dict="${DICT[$target]}")
    if [ "$KEEP_GOING" = 1 ]; then
        args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    echo "== $target: ${SECONDS_PER_TARGET}s (log: fuzz/$log)"
    set +e
    "${FUZZ[@]}" run "${BUILD_FLAGS[@]}" "$target" "corpus/$target" "seeds/$target" -- "${args[@]}" >"$log" 2>&1
    status=$?
    set -e
    # Executions and coverage: libFuzzer's final stats, else the last status line (fork mode,
    # whose exec/s is the last job's: the average is executions / time instead).
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+:? ' "$log" | grep 'cov:' | tail -1 || true)
    [ -z "$execs" ] && execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
    secs=$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$last")
    [ -z "$rate" ] && [ -n "$execs" ] && [ -n "$secs" ] && [ "$secs" -gt 0 ] && rate=$((execs / secs))
    cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
    corp=$(sed -nE 's/.*corp: ([0-9]+).*/\1/p' <<<"$last")
    new=$(comm -13 <(echo "$before") <(count_findings "$target") | grep -c . || true)
    line=$(printf '%-9s status %-3s execs %-9s exec/s %-6s cov %-6s ft %-7s corpus %-6s new findings %s' \
        "$target" "$status" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$new")
    echo "$line"
    comm -13 <(echo "$before") <(count_findings "$target") | sed 's/^/    /'
    summary+=("$line")
done
echo "== summary (${SECONDS_PER_TARGET}s per target)"
printf '%s\n' "${summary[@]}"
