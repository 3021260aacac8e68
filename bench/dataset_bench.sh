#!/usr/bin/env bash
# make dataset's scaling from one job to two on the bundled crawls (target >= 1.8x): the same
# build (pipelines/dataset.mk) with -j1 and -j2, in turn, twice:
#   from scratch      the benchmarks' n-gram index (one job, whatever -j says) and every shard;
#   index built       what a cron refresh does: the index is there, every shard and the merge run.
# Environment: GR_BIN, GR_SHARED, BENCH_PAIRS (5, or BENCH_RUNS when more).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
die() { echo "dataset_bench: $*" >&2; exit 1; }
warcs="testdata/warc/*.warc.gz testdata/warc/quiz.warc $GR_SHARED/data/warc/*.warc.gz"
out=$(mktemp -d "${TMPDIR:-/tmp}/dataset-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
build() { make -s --no-print-directory -f pipelines/dataset.mk BIN="$GR_BIN" SHARED="$GR_SHARED" OUT="$out/ds" WARCS="$warcs" "$@" > /dev/null 2>&1; }
scratch() { rm -rf "$out/ds"; build "-j$1"; }
refresh() { find "$out/ds" -type f ! -name decontam.idx -delete; build "-j$1"; }
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "input: $(ls $warcs | wc -l) crawl files, $(cat $warcs | wc -c) bytes"
# j1 and j2 in turn, BENCH_RUNS pairs each way (5 by default here): this VM's speed drifts by
# half within a minute, so each pair gives a ratio and the median pair is quoted, with the
# smallest and largest (and the medians of the times themselves).
PAIRS=${BENCH_PAIRS:-$((BENCH_RUNS > 5 ? BENCH_RUNS : 5))}
timed() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'; }
for _ in $(seq "$PAIRS"); do echo "$(timed scratch 1) $(timed scratch 2)"; done > "$out/scratch"
for _ in $(seq "$PAIRS"); do echo "$(timed refresh 1) $(timed refresh 2)"; done > "$out/refresh"
col() { awk -v c="$2" '{ print $c }' "$out/$1" | median; }
ratios() { awk '{ print $1 / $2 }' "$out/$1"; }
pairs() { printf '%.2fx (median of %d pairs; %sx)' "$(ratios "$1" | median)" "$(wc -l < "$out/$1")" "$(ratios "$1" | spread)"; }
printf '%-40s %8s s\n' "make dataset -j1, from scratch" "$(col scratch 1)" "make dataset -j2, from scratch" "$(col scratch 2)" \
    "make dataset -j1, index built" "$(col refresh 1)" "make dataset -j2, index built" "$(col refresh 2)"
echo "scaling 1 -> 2 jobs: from scratch $(pairs scratch), index built $(pairs refresh) (target >= 1.8x)"
