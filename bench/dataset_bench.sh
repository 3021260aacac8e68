#!/usr/bin/env bash
# make dataset's scaling from one job to two on the bundled crawls (target >= 1.8x): the same
# build (pipelines/dataset.mk) with -j1 and -j2, best of BENCH_RUNS each, twice:
#   from scratch      the benchmarks' n-gram index (one job, whatever -j says) and every shard;
#   index built       what a cron refresh does: the index is there, every shard and the merge run.
# Environment: GR_BIN, GR_SHARED, BENCH_RUNS (3).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
die() { echo "dataset_bench: $*" >&2; exit 1; }
warcs="testdata/warc/*.warc.gz testdata/warc/quiz.warc $GR_SHARED/data/warc/*.warc.gz"
out=$(mktemp -d "${TMPDIR:-/tmp}/dataset-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
build() { make -s --no-print-directory -f pipelines/dataset.mk BIN="$GR_BIN" SHARED="$GR_SHARED" OUT="$out/ds" WARCS="$warcs" "$@" > /dev/null 2>&1; }
scratch() { rm -rf "$out/ds"; build "-j$1"; }
refresh() { find "$out/ds" -type f ! -name decontam.idx -delete; build "-j$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "input: $(ls $warcs | wc -l) crawl files, $(cat $warcs | wc -c) bytes"
s1=$(best_of "$BENCH_RUNS" scratch 1)
s2=$(best_of "$BENCH_RUNS" scratch 2)
r1=$(best_of "$BENCH_RUNS" refresh 1)
r2=$(best_of "$BENCH_RUNS" refresh 2)
printf '%-40s %8s s\n' "make dataset -j1, from scratch" "$s1" "make dataset -j2, from scratch" "$s2" \
    "make dataset -j1, index built" "$r1" "make dataset -j2, index built" "$r2"
echo "scaling 1 -> 2 jobs: from scratch $(ratio "$s1" "$s2")x, index built $(ratio "$r1" "$r2")x (target >= 1.8x)"
