#!/usr/bin/env bash
# make dataset's scaling from one job to two on the bundled crawls (target >= 1.8x): the same
# build (pipelines/dataset.mk) from scratch with -j1 and -j2, best of BENCH_RUNS each.
# Environment: GR_BIN, GR_SHARED, BENCH_RUNS (3).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
die() { echo "dataset_bench: $*" >&2; exit 1; }
warcs="testdata/warc/*.warc.gz testdata/warc/quiz.warc $GR_SHARED/data/warc/*.warc.gz"
out=$(mktemp -d "${TMPDIR:-/tmp}/dataset-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
run() { rm -rf "$out/ds"; make -s --no-print-directory -f pipelines/dataset.mk BIN="$GR_BIN" SHARED="$GR_SHARED" \
            OUT="$out/ds" WARCS="$warcs" "-j$1" > /dev/null 2>&1; }
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "input: $(ls $warcs | wc -l) crawl files, $(cat $warcs | wc -c) bytes"
t1=$(best_of "$BENCH_RUNS" run 1)
t2=$(best_of "$BENCH_RUNS" run 2)
printf '%-30s %8s s\n' "make dataset -j1" "$t1" "make dataset -j2" "$t2"
echo "scaling 1 -> 2 jobs: $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')x (target >= 1.8x)"
