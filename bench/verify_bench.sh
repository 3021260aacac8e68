#!/usr/bin/env bash
# Throughput of gen-verify against math-verify 0.9.0 on the MATH-500 answer pairs.
#
# Input: $GR_SHARED/data/verify/math500_pairs.jsonl (N pairs). For gen-verify it is concatenated
# K times into bench/data/verify_bench.jsonl (git-ignored; K = ceil(BENCH_PAIRS / N), BENCH_PAIRS
# default 100000) and timed (wall clock, best of BENCH_RUNS, default 3, warm page cache, stdout
# discarded) with --threads 1 and --threads 2. math-verify is too slow to loop: it judges the N pairs
# once (MV_RUNS, default 1), as General-Reasoner's validation reward calls it (gold "\boxed{answer}",
# LaTeX extraction; pred: expr + LaTeX extraction of the whole response; verify defaults) via
# tests/oracle/mathverify_judge.py, one process. Its rate is N / (time spent judging, imports and
# interpreter start excluded); the end-to-end process time is printed too.
# Prints pairs/s for each, the ratio gen-verify (1 thread) / math-verify (target >= 100x) and the
# thread scaling (2 threads / 1 thread).
#
# Environment: GR_BIN (default bin), GR_SHARED (default ../shared), GR_PYTHON (oracle venv python;
# default: the one `make deps` creates), BENCH_PAIRS (default 100000), BENCH_RUNS (default 3),
# MV_RUNS (default 1).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
BENCH_PAIRS=${BENCH_PAIRS:-100000}
MV_RUNS=${MV_RUNS:-1}

die() { echo "verify_bench: $*" >&2; exit 1; }
isnum() { case $1 in ''|*[!0-9]*) return 1 ;; *) [ "$1" -gt 0 ] ;; esac; }
isnum "$BENCH_PAIRS" || die "BENCH_PAIRS must be a positive integer"
isnum "$BENCH_RUNS" || die "BENCH_RUNS must be a positive integer"
isnum "$MV_RUNS" || die "MV_RUNS must be a positive integer"

src=$GR_SHARED/data/verify/math500_pairs.jsonl
bin=$GR_BIN/gen-verify
[ -s "$src" ] || die "$src: missing or empty (set GR_SHARED)"
[ -x "$bin" ] || die "$bin not found or not executable (run make)"
have_mv=1
"$GR_PYTHON" -c 'import math_verify' 2>/dev/null || have_mv=0

data=bench/data
mkdir -p "$data"
F=$data/verify_bench.jsonl
errlog=$data/verify_last.err

n=$(grep -c . "$src")
[ "$n" -gt 0 ] || die "$src has no records"
k=$(( (BENCH_PAIRS + n - 1) / n ))
want=$(( n * k ))
if [ ! -s "$F" ] || [ "$(grep -c . "$F")" -ne "$want" ] || [ "$src" -nt "$F" ]; then
    echo "building $F ($k x $n pairs)" >&2
    : >"$F.tmp"
    for _ in $(seq "$k"); do cat "$src" >>"$F.tmp"; done
    mv "$F.tmp" "$F"
fi
cat "$F" >/dev/null   # warm the page cache

rate() { awk -v p="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", p / s; else printf "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "input: $src ($n pairs); gen-verify: $want pairs ($k copies), best of $BENCH_RUNS; math-verify: $n pairs, best of $MV_RUNS"

t1=$(best_of "$BENCH_RUNS" "$bin" --quiet --threads 1 "$F")
t2=$(best_of "$BENCH_RUNS" "$bin" --quiet --threads 2 "$F")
r1=$(rate "$want" "$t1")
r2=$(rate "$want" "$t2")
printf '%-40s %10s s %12s pairs/s\n' "gen-verify --threads 1" "$t1" "$r1"
printf '%-40s %10s s %12s pairs/s\n' "gen-verify --threads 2" "$t2" "$r2"

if [ "$have_mv" = 1 ]; then
    # In-process judging time from the judge's stderr summary ("N records in X s"); best of MV_RUNS.
    mv_best="" mv_wall=""
    for _ in $(seq "$MV_RUNS"); do
        w0=$(date +%s%N)
        "$GR_PYTHON" tests/oracle/mathverify_judge.py "$src" >/dev/null 2>"$errlog" \
            || { tail -n 20 "$errlog" >&2; die "math-verify judge failed"; }
        w1=$(date +%s%N)
        s=$(sed -n 's/^mathverify_judge: [0-9]* records in \([0-9.]*\) s$/\1/p' "$errlog" | tail -n 1)
        [ -n "$s" ] || die "cannot read the judge's timing from $errlog"
        w=$(awk -v ns="$(( w1 - w0 ))" 'BEGIN { printf "%.4f", ns / 1e9 }')
        if [ -z "$mv_best" ] || awk -v a="$s" -v b="$mv_best" 'BEGIN { exit !(a < b) }'; then
            mv_best=$s mv_wall=$w
        fi
    done
    rm_=$(rate "$n" "$mv_best")
    printf '%-40s %10s s %12s pairs/s   (process incl. imports: %s s)\n' \
        "math-verify 0.9.0 (GR validation config)" "$mv_best" "$rm_" "$mv_wall"
    x=$(ratio "$r1" "$rm_")
    verdict=$(awk -v x="$x" 'BEGIN { print (x + 0 >= 100) ? "meets" : "BELOW" }')
    echo "gen-verify (1 thread) / math-verify: ${x}x  ($verdict target >= 100x)"
else
    echo "note: $GR_PYTHON cannot import math_verify: math-verify row skipped (run make deps)"
fi
echo "thread scaling gen-verify 2/1: $(ratio "$r2" "$r1")x"
