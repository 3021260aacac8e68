#!/usr/bin/env bash
# Every CPU path this machine has (GR_MAX_ISA = generic, avx2, avx512, avx512_bf16, amx) on the
# random Qwen2.5-0.5B-shaped BF16 model (bench/make_qwen05b.sh): prefill (64 tokens) and decode
# (32 after a 32-token prompt) tokens/s by tests/tools/model_run, and grpo-step's training tokens/s
# (2 sequences of 16 + 16 tokens, the better of steps 2 and 3: small, so that the plain-C path
# finishes in minutes) with --compute f32 and bf16; then, unless BENCH_YARDSTICKS=0, the default
# path's yardsticks (PyTorch, llama.cpp) from model_bench.sh and train_bench.sh in the same run.
# BENCH_THREADS (2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
THREADS=${BENCH_THREADS:-2}
export OMP_NUM_THREADS=$THREADS
TOOLS=${GR_TOOLS:-build/tools}
qwen05b
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grpo_batch "$work/batch.jsonl" 1 2 16 16
train() {   # compute: the best warm step's tokens/s
    rm -rf "$work/ckpt"
    "$GR_BIN"/grpo-step --ppo-epochs 3 --model "$M" --out "$work/ckpt" --micro-batch 2 --threads "$THREADS" --compute "$1" \
        < "$work/batch.jsonl" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    sed -n 's/.*step \([0-9]*\):.* \([0-9.]*\) tokens\/s$/\1 \2/p' "$work/err" | awk '$1 > 1 && $2 > w { w = $2 } END { print w }'
}
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//'), $(nproc) cores, $THREADS threads;" \
     "flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512_bf16|amx_bf16|amx_tile)$' | tr '\n' ' ')"
printf '%-12s %10s %10s %12s %12s\n' path prefill decode "train f32" "train bf16"
for cap in generic avx2 avx512 avx512_bf16 amx; do
    export GR_MAX_ISA=$cap
    said=$("$TOOLS/model_run" "$M" bench 8 0 2>&1 > /dev/null | grep '^cpu:' || true)
    [ "$said" = "cpu: $cap (GR_MAX_ISA=$cap)" ] || { printf '%-12s (not on this CPU)\n' "$cap"; continue; }
    prefill=$("$TOOLS/model_run" "$M" bench 64 0 2> /dev/null | sed 's/.*"prefill_tok_s":\([0-9.]*\).*/\1/')
    decode=$("$TOOLS/model_run" "$M" bench 32 32 2> /dev/null | sed 's/.*"decode_tok_s":\([0-9.]*\).*/\1/')
    printf '%-12s %10.1f %10.2f %12.1f %12.1f\n' "$cap" "$prefill" "$decode" "$(train f32)" "$(train bf16)"
done
unset GR_MAX_ISA
[ "${BENCH_YARDSTICKS:-1}" = 0 ] && exit 0
echo "yardsticks (default path, same run):"
bench/model_bench.sh
bench/train_bench.sh
