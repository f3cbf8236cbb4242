#!/bin/sh
# Runs every libFuzzer target of BUILD_DIR (built with -DCF_FUZZ=ON) with
# the given libFuzzer flags, one target after the other:
#   fuzz/run.sh build-fuzz -runs=2000              # CI smoke: fixed work
#   fuzz/run.sh build-fuzz -max_total_time=600     # a long run: 10 min each
#   CF_FUZZ_TARGETS="orders matrix" fuzz/run.sh build-fuzz -max_total_time=60
# Seeds come from fuzz/corpus/TARGET (never written to); what the fuzzer
# finds goes to $CF_FUZZ_WORK/TARGET (default: a temporary directory,
# removed at the end), crashes to $CF_FUZZ_WORK/artifacts/.  Exit 1 when a
# target crashed (its log and reproducer are printed), else 0.
set -eu
[ $# -ge 1 ] || { echo "usage: fuzz/run.sh BUILD_DIR [LIBFUZZER_FLAGS...]" >&2; exit 1; }
build=$1
shift
[ $# -gt 0 ] || set -- -runs=2000
here=$(cd "$(dirname "$0")" && pwd)
targets=${CF_FUZZ_TARGETS:-"orders depots vehicles couriers matrix ini cvrplib solomon cordeau sol res"}
if [ -n "${CF_FUZZ_WORK:-}" ]; then
    work=$CF_FUZZ_WORK
    keep=1
else
    work=$(mktemp -d /tmp/cf_fuzz_work.XXXXXX)
    keep=0
fi
mkdir -p "$work/artifacts"
failed=""
for t in $targets; do
    bin="$build/fuzz/fuzz_$t"
    [ -x "$bin" ] || { echo "fuzz: $bin missing (cmake -DCF_FUZZ=ON ...)" >&2; exit 1; }
    case $t in
    cvrplib | solomon | cordeau | sol | res) dict=$here/dict/bench.dict ;;
    *) dict=$here/dict/scenario.dict ;;
    esac
    mkdir -p "$work/$t"
    log="$work/$t.log"
    start=$(date +%s)
    # -close_fd_mask=2: the readers' warnings (unknown columns, ...) would
    # flood the log; libFuzzer's own report still reaches it.
    if "$bin" "$@" -dict="$dict" -close_fd_mask=2 -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$work/artifacts/$t-" "$work/$t" "$here/corpus/$t" >"$log" 2>&1; then
        stats=$(grep -E '^(#[0-9]+ *DONE|Done [0-9]+ runs)' "$log" | tr '\n' ' ' || true)
        echo "fuzz_$t: ok in $(($(date +%s) - start)) s: $stats"
    else
        echo "fuzz_$t: FAILED after $(($(date +%s) - start)) s; log $log:"
        tail -60 "$log"
        failed="$failed $t"
    fi
done
if [ "$keep" -eq 0 ] && [ -z "$failed" ]; then rm -rf "$work"; fi
if [ -n "$failed" ]; then
    echo "fuzz: crashes in:$failed (reproducers in $work/artifacts)"
    exit 1
fi
