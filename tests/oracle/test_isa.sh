#!/usr/bin/env bash
# Every CPU path, forced with GR_MAX_ISA (generic, avx2, avx512, avx512_bf16, amx) on the tiny
# models: each program says the path once; greedy tokens equal the default path's; sampled rollouts
# stay byte-identical across --threads and --batch; grpo-step's gradients equal torch autograd's
# (rel. error <= 1e-4 in FP32; with --compute bf16, BF16's: above 1e-4, at most 2e-2).  A path this CPU lacks is skipped and
# counted; an unknown cap is one line and exit 2.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}

printf '%s\n' '{"id":"a","question":"What is 2+2?"}' '{"id":"b","question":"Name a prime."}' \
    '{"id":"c","question":"Explain gravity in one long sentence, with many words, and then a few more words."}' > "$T/q.jsonl"
greedy() { "$BIN"/rollout --model "$M/$1" -q -n 1 --max-tokens 32 --temperature 0 "$T/q.jsonl" | jq -c .response_ids; }
sampled() { "$BIN"/rollout --model "$M/$1" -q -n 3 --max-tokens 12 --temperature 1 --top-k 50 --seed 5 "${@:2}" "$T/q.jsonl"; }
for m in qwen2-f32 qwen2-bf16 qwen3-f32 qwen3-bf16; do greedy $m > "$T/default-$m"; done
for arch in qwen2 qwen3; do
    "$PY" tests/oracle/grpo_grad_oracle.py --make-rollouts "$M/$arch-f32" "$T/roll-$arch.jsonl" --ids 2 --samples 3 --seed 1 2> /dev/null
    "$PY" tests/oracle/grpo_grad_oracle.py "$M/$arch-f32" "$T/roll-$arch.jsonl" "$T/autograd-$arch.safetensors" --entropy-coef 0.01 \
        > /dev/null 2> "$T/err" || fail "autograd oracle ($arch): $(tail -n 1 "$T/err")"
done
worst() {   # ours.safetensors theirs.safetensors: the worst tensor's relative error
    "$PY" - "$1" "$2" <<'PY'
import sys
from safetensors.numpy import load_file
a, b = load_file(sys.argv[1]), load_file(sys.argv[2])
print(max(float(((a[k].astype("f8") - b[k]) ** 2).sum() ** 0.5 / max((b[k].astype("f8") ** 2).sum() ** 0.5, 1e-30)) for k in b))
PY
}

for cap in generic avx2 avx512 avx512_bf16 amx; do
    export GR_MAX_ISA=$cap
    said=$(echo '{"question":"hi"}' | "$BIN"/rollout --model "$M/qwen3-f32" -q -n 1 --max-tokens 1 2>&1 > /dev/null)
    if [ "$said" != "cpu: $cap (GR_MAX_ISA=$cap)" ]; then
        echo "ok path $cap # SKIP this CPU lacks it ($said)"
        continue
    fi
    same=0
    for m in qwen2-f32 qwen2-bf16 qwen3-f32 qwen3-bf16; do greedy $m 2> /dev/null | cmp -s - "$T/default-$m" && same=$((same + 1)); done
    check "path $cap: said once on stderr; greedy tokens of 4 models x 3 questions x 32 equal the default path's ($same of 4)" test $same = 4
    sampled qwen3-bf16 -j 1 --batch 1 > "$T/s1" 2> /dev/null; sampled qwen3-bf16 -j 2 --batch 3 > "$T/s2" 2> /dev/null
    check "path $cap: sampled rollouts byte-identical for --threads 1 --batch 1 and --threads 2 --batch 3" cmp -s "$T/s1" "$T/s2"
    for arch in qwen2 qwen3; do
        for compute in f32 bf16; do
            tol=$([ $compute = f32 ] && echo 1e-4 || echo 2e-2) floor=$([ $compute = f32 ] && echo 0 || echo 1e-4)
            "$BIN"/grpo-step -q --model "$M/$arch-f32" --grad-out "$T/ours.safetensors" --micro-batch 1000 --compute $compute \
                --entropy-coef 0.01 < "$T/roll-$arch.jsonl" > /dev/null 2> "$T/err" || { fail "path $cap: grpo-step: $(tail -n 1 "$T/err")"; continue; }
            w=$(worst "$T/ours.safetensors" "$T/autograd-$arch.safetensors")
            # bf16: the operands really are rounded (an error above FP32's), on every path
            check "path $cap: $arch gradients (--compute $compute) equal autograd's, worst tensor rel. error $floor < $w <= $tol" \
                "$PY" -c 'import sys; w, t, f = map(float, sys.argv[1:]); sys.exit(not f <= w <= t)' "$w" "$tol" "$floor"
        done
    done
done
GR_MAX_ISA=sse9 "$BIN"/rollout --model "$M/qwen3-f32" < /dev/null > /dev/null 2> "$T/err"; rc=$?
check "GR_MAX_ISA=sse9: exit 2 and one line ($(cat "$T/err"))" test $rc = 2 -a "$(wc -l < "$T/err")" = 1
