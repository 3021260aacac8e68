#!/usr/bin/env bash
# Throughput of qa-filter against jq and datatrove on a ~50 MB synthetic QA JSONL corpus.
#
# Builds bench/data/qa_bench.jsonl (git-ignored) with testdata/qa/make_qa_sets.py --bench
# (eval questions from $GR_SHARED/data/eval with random variations, ~10% near-duplicates) when it
# is missing, smaller than BENCH_MB, or BENCH_REBUILD=1. Then times (best of BENCH_RUNS, default
# 3, wall clock, warm page cache, stdout discarded):
#   jq -c . F
#   qa-filter F                          (all rule groups, its defaults)
#   qa-filter --rules gopher,near F
#   qa-filter --threads 1 --rules shape,question,lang F, and --rules shape,gopher,lang, in turn
#     (BENCH_RUNS pairs; the medians, and the median of the pairs' ratios)
#   datatrove 0.10.1 (best of DT_RUNS, default 1), end to end in one Python process: JsonlReader(text_key="question") ->
#     GopherQualityFilter() (datatrove defaults) -> JsonlWriter, then MinhashDedupSignature /
#     Buckets / Cluster / Filter (5-grams, 14 bands x 8 rows) -> JsonlWriter, LocalPipelineExecutor
#     in a temp dir (DT_WORKERS, default nproc, for the 14 bucket tasks; the other stages are one
#     task each because the input is one file). Its per-stage times go to bench/data/dt_stages.txt.
# and prints MB/s (input MB = 10^6 bytes per second) and the ratios qa-filter/jq and
# qa-filter/datatrove. The qa-filter rows are skipped, with a note, while bin/qa-filter does not
# exist.
#
# Environment: GR_BIN (default bin), GR_SHARED (default ../shared), GR_PYTHON (oracle venv python;
# default: the one `make deps` creates), BENCH_MB (default 50), BENCH_RUNS (default 3),
# DT_RUNS (datatrove runs, default 1: one run takes minutes), DT_WORKERS, BENCH_REBUILD=1.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
BENCH_MB=${BENCH_MB:-50}
DT_RUNS=${DT_RUNS:-1}   # one datatrove run takes minutes
DT_WORKERS=${DT_WORKERS:-$(nproc)}
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1

die() { echo "qa_bench: $*" >&2; exit 1; }

[ -d "$GR_SHARED/data/eval" ] || die "$GR_SHARED/data/eval: no such directory (set GR_SHARED)"
command -v jq >/dev/null || die "jq not found (make deps)"
"$GR_PYTHON" -c 'import datatrove, spacy, xxhash, orjson' 2>/dev/null \
    || die "$GR_PYTHON cannot import datatrove, spacy, xxhash and orjson (run make deps)"

data=bench/data
F=$data/qa_bench.jsonl
mkdir -p "$data"

# ---------------------------------------------------------------- build the input
if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -s "$F" ] \
        || [ "$(stat -c %s "$F")" -lt $((BENCH_MB * 1000000)) ]; then
    echo "building $F ($BENCH_MB MB)" >&2
    python3 testdata/qa/make_qa_sets.py --data "$GR_SHARED/data" --bench "$F" "$BENCH_MB" >&2
fi
size=$(stat -c %s "$F")
cat "$F" >/dev/null   # warm the page cache

# ---------------------------------------------------------------- timing

stages=$data/dt_stages.txt
datatrove_pipeline() {
    local work rc=0
    work=$(mktemp -d "${TMPDIR:-/tmp}/qa-bench-dt.XXXXXX")
    "$GR_PYTHON" - "$root/$F" "$work" "$DT_WORKERS" "$root/$stages" <<'EOF' || rc=$?
import os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
src, work, workers, stages_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t_start = time.perf_counter()
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.pipeline.filters import GopherQualityFilter
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupSignature,
    MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter)
from datatrove.utils.hashing import HashConfig

cfg = MinhashConfig(n_grams=5, num_buckets=14, hashes_per_bucket=8, hash_config=HashConfig(precision=64))
src_dir, src_name = os.path.dirname(src), os.path.basename(src)
# the input keeps the text in "question"; JsonlWriter's own output has it in "text"
reader = lambda folder, pattern, key: JsonlReader(folder, glob_pattern=pattern, text_key=key,
                                                  id_key="id", compression=None)
times = []
def run(name, ex):
    t0 = time.perf_counter(); ex.run(); times.append((name, time.perf_counter() - t0))

run("read+gopher+write+signature", LocalPipelineExecutor(pipeline=[
    reader(src_dir, src_name, "question"), GopherQualityFilter(),
    JsonlWriter(f"{work}/gopher", output_filename="${rank}.jsonl", compression=None),
    MinhashDedupSignature(output_folder=f"{work}/sigs", config=cfg)],
    tasks=1, workers=1, logging_dir=f"{work}/logs/1"))
run("buckets", LocalPipelineExecutor(pipeline=[
    MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets", config=cfg)],
    tasks=cfg.num_buckets, workers=workers, logging_dir=f"{work}/logs/2",
    start_method="fork"))  # forkserver/spawn cannot re-import a script read from stdin
run("cluster", LocalPipelineExecutor(pipeline=[
    MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove", config=cfg)],
    tasks=1, workers=1, logging_dir=f"{work}/logs/3"))
run("read+filter+write", LocalPipelineExecutor(pipeline=[
    reader(f"{work}/gopher", "*.jsonl", "text"), MinhashDedupFilter(input_folder=f"{work}/remove"),
    JsonlWriter(f"{work}/out", output_filename="${rank}.jsonl", compression=None)],
    tasks=1, workers=1, logging_dir=f"{work}/logs/4"))
kept = sum(1 for _ in open(f"{work}/out/00000.jsonl", "rb"))
after_gopher = sum(1 for _ in open(f"{work}/gopher/00000.jsonl", "rb"))
with open(stages_path, "w") as f:
    total = time.perf_counter() - t_start
    f.write(f"datatrove end to end {total:.2f} s (workers={workers}); after gopher {after_gopher}, kept {kept}\n")
    for name, t in times:
        f.write(f"  {name:30s} {t:8.2f} s\n")
print(kept)
EOF
    rm -rf "$work"
    return "$rc"
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0) ? b / 1e6 / s : 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

records=$(wc -l <"$F")
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "input: $F, $(mbps "$size" 1) MB, $records records; runs: best of $BENCH_RUNS (datatrove: $DT_RUNS)"

t_jq=$(best_of "$BENCH_RUNS" jq -c . "$F"); m_jq=$(mbps "$size" "$t_jq")
printf '%-34s %9s s %9s MB/s\n' "jq -c . F" "$t_jq" "$m_jq"

bin=$GR_BIN/qa-filter
have_bin=0
if [ -x "$bin" ]; then
    have_bin=1
    t_all=$(best_of "$BENCH_RUNS" "$bin" "$F"); m_all=$(mbps "$size" "$t_all")
    t_one=$(best_of "$BENCH_RUNS" "$bin" --threads 1 "$F"); m_one=$(mbps "$size" "$t_one")
    t_gn=$(best_of "$BENCH_RUNS" "$bin" --rules gopher,near "$F"); m_gn=$(mbps "$size" "$t_gn")
    # the question-aware rules against the Gopher rules they replaced as the default, one thread
    # each, in turn (this VM's speed drifts within a minute): the median of the pairs' ratios
    for _ in $(seq "$BENCH_RUNS"); do
        echo "$(best_of 1 "$bin" --threads 1 --rules shape,question,lang "$F") $(best_of 1 "$bin" --threads 1 --rules shape,gopher,lang "$F")"
    done > "$data/qg_pairs"
    t_q=$(awk '{ print $1 }' "$data/qg_pairs" | median); m_q=$(mbps "$size" "$t_q")
    t_g=$(awk '{ print $2 }' "$data/qg_pairs" | median); m_g=$(mbps "$size" "$t_g")
    qg=$(awk '{ print $2 / $1 }' "$data/qg_pairs" | median)
    printf '%-34s %9s s %9s MB/s\n' "qa-filter F" "$t_all" "$m_all" \
        "qa-filter --threads 1 F (per core)" "$t_one" "$m_one" \
        "qa-filter --rules gopher,near F" "$t_gn" "$m_gn" \
        "-j1 --rules shape,question,lang" "$t_q" "$m_q" \
        "-j1 --rules shape,gopher,lang" "$t_g" "$m_g"
else
    echo "note: $bin not found or not executable: qa-filter rows skipped (run make)"
fi

t_dt=$(best_of "$DT_RUNS" datatrove_pipeline); m_dt=$(mbps "$size" "$t_dt")
printf '%-34s %9s s %9s MB/s\n' "datatrove gopher+minhash" "$t_dt" "$m_dt"
sed 's/^/    /' "$stages"

if [ "$have_bin" = 1 ]; then
    printf '%-36s %7s\n' \
        "qa-filter / jq" "$(ratio "$m_all" "$m_jq")" \
        "qa-filter, 1 thread (target >= 30 MB/s)" "$m_one" \
        "qa-filter gopher,near / datatrove" "$(ratio "$m_gn" "$m_dt")" \
        "question rules / gopher rules, median pair (>= 1)" "$(printf '%.2f' "$qg")" \
        "question rules, 1 thread / datatrove (>= 50)" "$(ratio "$m_q" "$m_dt")" \
        "qa-filter (all) / datatrove" "$(ratio "$m_all" "$m_dt")"
fi
