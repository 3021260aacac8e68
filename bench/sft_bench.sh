#!/usr/bin/env bash
# sft-step's training speed on the random model with Qwen2.5-0.5B's shape, the batch of
# train_bench.sh (8 sequences, 64 prompt + 64 response tokens), 2 threads unless BENCH_THREADS says
# otherwise, FP32: against grpo-step on the same records and PyTorch (transformers; the same loss:
# response-token cross-entropy, token mean; AdamW, clipping) measured in the same run.  Targets
# (issue 18): sft-step >= grpo-step, >= 1.5x PyTorch.  Tokens/s counts prompt and response tokens
# through forward and backward, the best step after a warm-up step on each side.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
THREADS=${BENCH_THREADS:-2}
export OMP_NUM_THREADS=$THREADS
qwen05b
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grpo_batch "$work/batch.jsonl" 2 4 64 64
warm() {   # PROG options...: the best logged step rate after the first
    rm -rf "$work/ckpt"
    "$GR_BIN/$1" --model "$M" --out "$work/ckpt" --threads "$THREADS" --compute f32 "${@:2}" < "$work/batch.jsonl" \
        > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    sed -n 's/.*step \([0-9]*\):.* \([0-9.]*\) tokens\/s$/\1 \2/p' "$work/err" | awk '$1 > 1 && $2 > w { w = $2 } END { print w }'
}
sft=$(warm sft-step --epochs 3 --micro-tokens 1024)
grpo=$(warm grpo-step --ppo-epochs 3 --micro-batch 8)
torch_tps=$("$GR_PYTHON" - "$M" "$THREADS" "$work/batch.jsonl" <<'PY'
import json, sys, time, torch
from transformers import AutoModelForCausalLM
torch.set_num_threads(int(sys.argv[2]))
m = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.float32)
recs = [json.loads(l) for l in open(sys.argv[3])]
ids = torch.tensor([r["prompt_ids"] + r["response_ids"] for r in recs])
P = len(recs[0]["prompt_ids"])
opt = torch.optim.AdamW(m.parameters(), lr=1e-5, weight_decay=0.01)
def step():
    logits = m(ids).logits[:, P - 1:-1]
    loss = -torch.log_softmax(logits, -1).gather(-1, ids[:, P:, None]).mean()
    opt.zero_grad(); loss.backward()
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
step()
best = 0
for _ in range(2):
    t0 = time.perf_counter(); step(); best = max(best, ids.numel() / (time.perf_counter() - t0))
print("%.1f" % best)
PY
)
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//'), $THREADS threads"
echo "sft: random Qwen2.5-0.5B shape, 8 x (64 + 64) tokens, FP32"
awk -v s="$sft" -v g="$grpo" -v t="$torch_tps" 'BEGIN {
    printf "  sft-step %.1f tokens/s   grpo-step %.1f   PyTorch SFT %.1f\n", s, g, t
    printf "  sft-step / grpo-step %.2f (target >= 1)   sft-step / PyTorch %.2f (target >= 1.5)\n", s / g, s / t }'
