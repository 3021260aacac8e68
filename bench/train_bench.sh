#!/usr/bin/env bash
# grpo-step's training speed on a random model with Qwen2.5-0.5B's shape (bench/make_qwen05b.sh),
# 2 threads unless BENCH_THREADS says otherwise: one optimizer step (forward, backward, AdamW) on the
# same batch -- 8 sequences in 2 groups, 64 prompt + 64 response tokens each -- against PyTorch
# (transformers, the same GRPO loss: token-mean clipped ratio, AdamW, FP32 weights) measured in the
# same run, both with FP32 matmuls and with BF16 ones (ours --compute bf16 on AMX; PyTorch's
# autocast(bfloat16), the same policy: BF16 operands, FP32 weights and optimizer).  Tokens/s counts prompt and response tokens through forward and backward;
# both sides time the step only (not loading or saving), and both after a warm-up step (grpo-step
# --ppo-epochs 3 logs each step's rate; the first, which also pays the page faults of first touching
# the gradient, AdamW's state and the activations, is printed too).  Also: our peak memory against the
# theoretical minimum (FP32 weights, gradients and AdamW's two moments, plus the activations the
# backward pass keeps).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
THREADS=${BENCH_THREADS:-2}
export OMP_NUM_THREADS=$THREADS
qwen05b
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grpo_batch "$work/batch.jsonl" 2 4 64 64
ours() {   # --compute mode: "warm cold" tokens/s; peak RSS (kB) in $work/rss
    rm -rf "$work/ckpt"
    /usr/bin/time -f "%M" -o "$work/rss" "$GR_BIN"/grpo-step --ppo-epochs 3 --model "$M" --out "$work/ckpt" --micro-batch 8 \
        --threads "$THREADS" --compute "$1" < "$work/batch.jsonl" > "$work/metrics" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    # step 1 first-touches the gradient, AdamW's moments and the activations: the "cold" rate of a
    # one-step process; steps 2 and 3 are timed as PyTorch's are, after a warm-up step
    sed -n 's/.*step \([0-9]*\):.* \([0-9.]*\) tokens\/s$/\1 \2/p' "$work/err" |
        awk '$1 == 1 { cold = $2 } $1 > 1 && $2 > warm { warm = $2 } END { print warm, cold }'
}
read -r ours_bf16 cold_bf16 < <(ours bf16)
read -r ours cold < <(ours f32)
peak_kb=$(cat "$work/rss")
read -r torch_tps torch_bf16 < <("$GR_PYTHON" - "$M" "$THREADS" "$work/batch.jsonl" <<'PY'
import contextlib, json, sys, time, torch
from transformers import AutoModelForCausalLM
torch.set_num_threads(int(sys.argv[2]))
m = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.float32)
recs = [json.loads(l) for l in open(sys.argv[3])]
ids = torch.tensor([r["prompt_ids"] + r["response_ids"] for r in recs])
P, R = len(recs[0]["prompt_ids"]), len(recs[0]["response_ids"])
rw = torch.tensor([r["reward"] for r in recs]).view(2, 4)
adv = ((rw - rw.mean(1, keepdim=True)) / (rw.std(1, keepdim=True) + 1e-6)).view(-1, 1)
old = torch.tensor([r["logprobs"] for r in recs])
opt = torch.optim.AdamW(m.parameters(), lr=1e-6, weight_decay=0.01)
def step(bf16):
    with torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext():
        logits = m(ids).logits[:, P - 1:-1].float()
    logp = torch.log_softmax(logits, -1).gather(-1, ids[:, P:, None])[..., 0]
    ratio = torch.exp(logp - old)
    loss = torch.maximum(-adv * ratio, -adv * torch.clamp(ratio, 0.8, 1.2)).mean()
    opt.zero_grad(); loss.backward()
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
rates = []
for bf16 in (False, True):
    step(bf16)   # warm-up: AdamW's state, allocator, autocast's weight casts
    best = 0
    for _ in range(2):
        t0 = time.perf_counter(); step(bf16); best = max(best, ids.numel() / (time.perf_counter() - t0))
    rates.append("%.1f" % best)
print(" ".join(rates))
PY
)
"$GR_PYTHON" - "$M" "$ours" "$torch_tps" "$peak_kb" "$THREADS" "$ours_bf16" "$torch_bf16" "$cold" "$cold_bf16" <<'PY'
import json, sys
d, ours, theirs, peak_kb, threads = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ours_bf16, theirs_bf16, cold, cold_bf16 = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8]), float(sys.argv[9])
c = json.load(open(d + "/config.json"))
C, F, L, V, H, KVH = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"], c["vocab_size"], c["num_attention_heads"], c["num_key_value_heads"]
D = C // H; Q, KV = H * D, KVH * D
params = V * C + L * (2 * C + C * Q + 2 * C * KV + Q * C + Q + 2 * KV + 3 * C * F) + C
T, seqlen, nseq = 8 * 128, 128, 8
# what the backward pass keeps per layer (lib/train.c): residuals, norms, q/k/v before and after RoPE,
# each attention row's log-sum-exp (the probabilities are made again), attention output, gate/up/act;
# plus the final norm
acts = L * T * (4 * C + 2 + 3 * Q + 3 * KV + 3 * F + H) + T * (2 * C + 1)
minimum = 16 * params + 4 * acts
print(f"training: random Qwen2.5-0.5B shape ({params / 1e6:.0f}M parameters), 8 x (64 + 64) tokens, {threads} threads, FP32 weights and AdamW")
print(f"  FP32 matmuls:  grpo-step {ours:6.1f} tokens/s   PyTorch (transformers) {theirs:.1f} tokens/s   ratio {ours / theirs:.2f}")
print(f"  BF16 matmuls:  grpo-step --compute bf16 {ours_bf16:6.1f} tokens/s   PyTorch autocast(bfloat16) {theirs_bf16:.1f} tokens/s   "
      f"ratio {ours_bf16 / theirs_bf16:.2f} (target >= 1.5)")
print(f"  (both after a warm-up step; a one-step grpo-step process, which first-touches its gradient, AdamW state and "
      f"activations inside the step: {cold:.1f} FP32, {cold_bf16:.1f} BF16 tokens/s)")
print(f"  peak memory {peak_kb * 1024 / 1e9:.2f} GB; theoretical minimum {minimum / 1e9:.2f} GB (weights, gradients, 2 AdamW moments: "
      f"{16 * params / 1e9:.2f} GB; activations {4 * acts / 1e9:.2f} GB)")
PY
