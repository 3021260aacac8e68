#!/usr/bin/env bash
# lib/safetensors against the reference library (PyPI safetensors, numpy API): every tensor of
# files it wrote reads with the right dtype, shape and bytes (single file, model directory, shards
# with an index, BF16); what we write is byte-identical to what it writes; each kind of damage gives
# one line naming the file and exit 2, under ASan+UBSan.
set -u
source "$(dirname "$0")/../shell/common.bash"
TOOLS=${GR_TOOLS:-build/tools}
ASAN_TOOLS=${GR_ASAN_TOOLS:-build/asan/tools}
PY=${GR_PYTHON:-python3}

"$PY" tests/oracle/safetensors_cases.py "$T" || { fail "safetensors cases written by the reference library"; exit 1; }
G=$T/good
{ for f in mixed bf16; do "$ASAN_TOOLS"/safetensors_tool list "$G/$f.safetensors" | sed "s/^{/{\"file\":\"$f\",/"; done
  "$ASAN_TOOLS"/safetensors_tool list "$G/single" | sed 's/^{/{"file":"single",/'
  "$ASAN_TOOLS"/safetensors_tool list "$G/sharded" | sed 's/^{/{"file":"sharded",/'; } > "$T/ours.jsonl"
check "every tensor reads as the reference wrote it (name, dtype, shape, bytes; $(wc -l < "$T/expect.jsonl") tensors, 4 checkpoints)" \
    "$PY" -c 'import json, sys
key = lambda r: (r["file"], r["name"])
a = sorted((json.loads(l) for l in open(sys.argv[1])), key=key)
b = sorted((json.loads(l) for l in open(sys.argv[2])), key=key)
sys.exit(a != b)' "$T/ours.jsonl" "$T/expect.jsonl"

for f in mixed bf16; do
    "$ASAN_TOOLS"/safetensors_tool copy "$G/$f.safetensors" "$T/copy-$f.safetensors"
    check "$f: what we write is byte-identical to the reference writer's file" cmp -s "$G/$f.safetensors" "$T/copy-$f.safetensors"
done
"$TOOLS"/safetensors_tool copy "$G/sharded" "$T/merged.safetensors"
check "shards merged into one file load in the reference library with every tensor equal" "$PY" -c 'import sys
from safetensors.numpy import load_file
m = load_file(sys.argv[1]); a = load_file(sys.argv[2] + "/model-00001-of-00002.safetensors"); b = load_file(sys.argv[2] + "/model-00002-of-00002.safetensors")
sys.exit(sorted(m) != sorted({**a, **b}) or any((m[k] != v).any() for k, v in {**a, **b}.items()))' "$T/merged.safetensors" "$G/sharded"
check "no temporary file is left behind" test -z "$(ls "$T"/*.tmp 2>/dev/null)"

for f in "$T"/bad/*; do
    name=$(basename "$f" .safetensors)
    "$ASAN_TOOLS"/safetensors_tool list "$f" > "$T/out" 2> "$T/err"; rc=$?
    check "damaged checkpoint $name: exit 2, one line naming it ($(head -c 140 "$T/err"))" \
        test $rc = 2 -a "$(wc -l < "$T/err")" = 1 -a ! -s "$T/out" -a -n "$(grep -F "$T/bad/" "$T/err")"
done
