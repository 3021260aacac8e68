#!/usr/bin/env bash
# Oracle test: gen-verify against math-verify 0.9.0 (huggingface/Math-Verify) on the labelled pair
# sets in $GR_SHARED/data/verify/:
#   math500_pairs, theoremqa_pairs  math-verify as General-Reasoner's validation reward uses it
#                                   (gold "\boxed{answer}" with LaTeX extraction; pred: expr + LaTeX)
#   mathverify_pairs                math-verify with each upstream test's own options (--use-notes)
# gen-verify runs with its defaults on all three. For each set, side_by_side.py prints the table
# (both right / only gr right / only math-verify right / both wrong, gr's null rate) and every
# "only math-verify right" case as `# ` lines, then one TAP line:
#   math500_pairs, theoremqa_pairs: ok when "only math-verify right" <= 2% of the pairs;
#   mathverify_pairs: reported; ok unless gr's right-rate < math-verify's - 50 percentage points.
# All three sets take ~15 s of math-verify (about 2 ms a pair), so every pair is judged;
# MV_EVERY=K judges only every K-th pair (the line says so).
#
# Environment: GR_BIN (default bin), GR_SHARED (default ../shared), GR_PYTHON (the oracle
# virtualenv's python; default: the one `make deps` creates), MV_EVERY (default 1).
# Relative paths are taken from the repository root. Exit 1 if any line is `not ok`.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

GR_BIN=${GR_BIN:-bin}
GR_SHARED=${GR_SHARED:-../shared}
if [ -z "${GR_PYTHON:-}" ]; then
    h=$(sha256sum requirements.txt | cut -c1-12)
    GR_PYTHON=${XDG_CACHE_HOME:-$HOME/.cache}/gr/venv-$h/bin/python
fi
MV_EVERY=${MV_EVERY:-1}
case $MV_EVERY in ''|*[!0-9]*|0) MV_EVERY=1 ;; esac

bin=$GR_BIN/gen-verify
dir=$GR_SHARED/data/verify
if [ ! -x "$bin" ]; then
    echo "not ok math-verify oracle: $bin not found or not executable (run make)"
    exit 1
fi
if [ ! -d "$dir" ]; then
    echo "not ok math-verify oracle: $dir: no such directory (set GR_SHARED)"
    exit 1
fi
if ! "$GR_PYTHON" -c 'import math_verify' 2>/dev/null; then
    echo "not ok math-verify oracle not installed (run make deps)"
    exit 1
fi
echo "# math-verify $("$GR_PYTHON" -c 'import importlib.metadata as m; print(m.version("math-verify"))' 2>/dev/null), python $GR_PYTHON"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gr-mathverify.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

fail=0
t_start=$(date +%s)
for set in math500_pairs theoremqa_pairs mathverify_pairs; do
    f=$dir/$set.jsonl
    if [ ! -s "$f" ]; then
        echo "not ok side-by-side $set: $f missing or empty"
        fail=1
        continue
    fi
    opts=()
    [ "$set" = mathverify_pairs ] && opts=(--use-notes)
    note=""
    if [ "$MV_EVERY" -gt 1 ]; then
        opts+=(--every "$MV_EVERY")
        note="math-verify on every ${MV_EVERY}th pair (MV_EVERY)"
    fi

    timeout 120 "$bin" --quiet "$f" >"$tmp/ours.jsonl" 2>"$tmp/ours.err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "not ok side-by-side $set: gen-verify exited with status $rc: $(head -c 200 "$tmp/ours.err" | tr '\n' ' ')"
        fail=1
        continue
    fi

    t0=$(date +%s)
    timeout 600 "$GR_PYTHON" tests/oracle/mathverify_judge.py "$f" "${opts[@]}" \
        >"$tmp/theirs.jsonl" 2>"$tmp/theirs.err"
    rc=$?
    t1=$(date +%s)
    if [ $rc -ne 0 ]; then
        echo "not ok side-by-side $set: math-verify oracle exited with status $rc: $(tail -n 3 "$tmp/theirs.err" | tr '\n' ' ')"
        fail=1
        continue
    fi
    echo "# $set: math-verify took $((t1 - t0)) s"

    sbs=(tests/oracle/side_by_side.py "$tmp/ours.jsonl" "$tmp/theirs.jsonl" "$set")
    [ -n "$note" ] && sbs+=(--note "$note")
    "$GR_PYTHON" "${sbs[@]}" >"$tmp/sbs.out" 2>"$tmp/sbs.err"
    rc=$?
    cat "$tmp/sbs.out"
    if ! grep -q -E '^(ok|not ok) ' "$tmp/sbs.out"; then
        echo "not ok side-by-side $set: side_by_side.py failed (status $rc): $(tail -n 1 "$tmp/sbs.err")"
        fail=1
    elif [ $rc -ne 0 ]; then
        fail=1
    fi
done
echo "# test_mathverify: $(( $(date +%s) - t_start )) s in all"
exit $fail
