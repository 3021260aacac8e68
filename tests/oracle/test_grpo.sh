#!/usr/bin/env bash
# GRPO's maths and the backward pass against what the field uses:
#   - lib/grpo (advantages, clipped / dual-clipped policy loss, KL estimators, entropy, aggregation
#     modes, and the loss's derivative in each token's logprob and entropy) against verl 0.4.0's own
#     core_algos functions (GR_VERL_PATH; tests/oracle/grpo_oracle.py, which falls back to its
#     transcription of the reference sheet when verl is missing, and says so) on random cases;
#   - grpo-step's gradient of the whole loss w.r.t. every parameter of the tiny Qwen2 (tied, biases)
#     and Qwen3 (untied, q/k norms) against PyTorch autograd through transformers' own modules
#     (tests/oracle/grpo_grad_oracle.py), in three loss configurations, rel. error <= 1e-4;
#   - the same with --compute bf16 (matmul operands rounded to BF16, AMX) within 2e-2;
#   - lib/gemm's FP32 and BF16 products against float64 sums;
#   - a few scalars against float64 central finite differences.
set -u
source "$(dirname "$0")/../shell/common.bash"
TOOLS=${GR_TOOLS:-build/tools}
ASAN_TOOLS=${GR_ASAN_TOOLS:-build/asan/tools}
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}
export GR_VERL_PATH=${GR_VERL_PATH:-}

"$ASAN_TOOLS"/gemm_check > "$T/gemm" 2>&1
check "lib/gemm: FP32, BF16/AMX and in-thread (two threads at once) products (88 shapes and layouts each) equal float64 sums within 1e-5, under ASan ($(tr '\n' ' ' < "$T/gemm"))" \
    test "$(grep -c '"worst_rel_error"' "$T/gemm")" = 3

"$PY" tests/oracle/grpo_oracle.py cases 300 1 > "$T/cases.jsonl" 2> "$T/coverage"
"$PY" tests/oracle/grpo_oracle.py expect < "$T/cases.jsonl" > "$T/expect.jsonl" 2> "$T/impl"
"$ASAN_TOOLS"/grpo_math < "$T/cases.jsonl" > "$T/ours.jsonl" 2> "$T/err" || fail "grpo_math under ASan: $(head -c 300 "$T/err")"
"$PY" tests/oracle/grpo_oracle.py compare "$T/expect.jsonl" "$T/ours.jsonl" > "$T/cmp"; rc=$?
impl=$(grep -o 'impl [a-z]*' "$T/impl" | tail -n 1)
grep -v '^compare:' "$T/cmp" | head -n 5
check "lib/grpo equals verl's functions ($impl) on 300 random cases: $(tail -n 1 "$T/cmp" | cut -c1-400)" test $rc = 0
check "the cases cover: $(tail -n 1 "$T/coverage" | cut -c1-300)" test -n "$(grep 'all-equal group [1-9]' "$T/coverage")"
check "verl was the oracle (not only the transcription)" test "$impl" = "impl verl"

# Whole-model gradients.  The reference model of the KL runs: one grpo-step from the same start.
grads() {   # model rollouts name tolerance options...: ours and autograd's gradients, compared tensor by tensor
    local model=$1 roll=$2 name=$3 tol=$4 f; shift 4
    f=$(echo "$name" | tr -c 'a-z0-9\n' '-')
    # shellcheck disable=SC2086  # OURS: options only grpo-step takes
    "$BIN"/grpo-step -q --model "$model" --grad-out "$T/ours-$f.safetensors" --micro-batch 1000 ${OURS:-} "$@" < "$roll" > "$T/ours-$f.json" 2> "$T/err" \
        || { fail "$name: grpo-step --grad-out: $(head -c 200 "$T/err")"; return; }
    "$PY" tests/oracle/grpo_grad_oracle.py "$model" "$roll" "$T/theirs-$f.safetensors" "$@" > "$T/theirs-$f.json" 2> "$T/err" \
        || { fail "$name: autograd oracle: $(grep -v -i -e warn -e 'Loading weights' "$T/err" | tail -n 2)"; return; }
    r=$("$PY" - "$T/ours-$f.safetensors" "$T/theirs-$f.safetensors" "$T/ours-$f.json" "$T/theirs-$f.json" <<'PY'
import json, sys
from safetensors.numpy import load_file
ours, theirs = load_file(sys.argv[1]), load_file(sys.argv[2])
lo, lt = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
assert sorted(ours) == sorted(theirs), (sorted(set(ours) ^ set(theirs)))
rel = {k: float(((ours[k].astype("f8") - theirs[k]) ** 2).sum() ** 0.5 / max((theirs[k].astype("f8") ** 2).sum() ** 0.5, 1e-30)) for k in theirs}
worst = max(rel, key=rel.get)
print(json.dumps({"tensors": len(rel), "worst": rel[worst], "worst_tensor": worst, "loss": lo["loss"], "loss_autograd": lt["loss"]}))
PY
)
    check "$name: gradients of every parameter tensor equal autograd's, rel. error <= $tol, losses within $tol/10 ($r)" "$PY" -c '
import json, sys; r = json.loads(sys.argv[1]); tol = float(sys.argv[2])
sys.exit(not (r["worst"] <= tol and abs(r["loss"] - r["loss_autograd"]) <= tol / 10 * max(1, abs(r["loss_autograd"]))))' "$r" "$tol"
}
for arch in qwen2 qwen3; do
    model=$M/$arch-f32
    "$PY" tests/oracle/grpo_grad_oracle.py --make-rollouts "$model" "$T/roll-$arch.jsonl" --ids 2 --samples 3 --seed 1 2> /dev/null
    "$BIN"/grpo-step -q --model "$model" --out "$T/ref-$arch" --lr 1e-2 < "$T/roll-$arch.jsonl" > /dev/null 2>&1
    grads "$model" "$T/roll-$arch.jsonl" "$arch token-mean, entropy bonus" 1e-4 --entropy-coef 0.01
    OURS="--compute bf16" grads "$model" "$T/roll-$arch.jsonl" \
        "$arch token-mean, matmuls with BF16 operands on AMX (--compute bf16) against FP32 autograd" 2e-2 --entropy-coef 0.01
    grads "$model" "$T/roll-$arch.jsonl" "$arch seq-mean-token-mean, no std norm, clip 0.2/0.28, dual clip 10, low_var_kl to a reference" 1e-4 \
        --agg seq-mean-token-mean --no-std-norm --clip-high 0.28 --clip-c 10 --kl-coef 0.1 --kl-type low_var_kl --ref "$T/ref-$arch"
    grads "$model" "$T/roll-$arch.jsonl" "$arch seq-mean-token-sum, temperature 0.7, mse KL, entropy" 1e-4 \
        --agg seq-mean-token-sum --temperature 0.7 --kl-coef 0.05 --kl-type mse --ref "$T/ref-$arch" --entropy-coef 0.001
done

# Sequences of 100 to 250 tokens: attention takes 64 query rows at a time (linear scratch), so
# these cross its block boundaries, where the short ones above fit in one block.
"$PY" tests/oracle/grpo_grad_oracle.py --make-rollouts "$M/qwen3-f32" "$T/roll-long.jsonl" --ids 2 --samples 2 --seed 4 \
    --prompt-len 100,160 --response-len 20,90 2> /dev/null
grads "$M/qwen3-f32" "$T/roll-long.jsonl" "qwen3 sequences of 100-250 tokens (attention in blocks of 64 query rows), token-mean" 1e-4 --entropy-coef 0.01

# Finite differences (float64 copy of the model in the oracle) against our float32 gradient.
fd=(--fd model.layers.0.self_attn.q_norm.weight:3 --fd model.layers.1.mlp.down_proj.weight:5,7
    --fd model.layers.0.self_attn.k_proj.weight:2,9 --fd model.norm.weight:11
    --fd "model.embed_tokens.weight:$(jq '.prompt_ids[0]' "$T/roll-qwen3.jsonl" | head -n 1),4")
"$PY" tests/oracle/grpo_grad_oracle.py "$M/qwen3-f32" "$T/roll-qwen3.jsonl" "$T/fd.safetensors" --entropy-coef 0.01 "${fd[@]}" > "$T/fd.json" 2> /dev/null
r=$("$PY" - "$T/fd.json" "$T/ours-qwen3-token-mean--entropy-bonus.safetensors" <<'PY'
import json, sys
import numpy as np
from safetensors.numpy import load_file
fd, ours = json.load(open(sys.argv[1]))["fd"], load_file(sys.argv[2])
rows = [(f["name"].replace("model.", "").replace(".weight", "") + f"[{f['index']}]", f["fd64"], float(ours[f["name"]].reshape(-1)[f["index"]])) for f in fd]
bad = [r for r in rows if abs(r[2] - r[1]) > 1e-6 + 1e-3 * abs(r[1])]
print(len(bad), "; ".join(f"{n}: fd {a:.6g} ours {b:.6g}" for n, a, b in rows))
PY
)
check "finite differences (float64, central) of 5 scalars agree with our gradient within 1e-3 rel. + 1e-6 ($(echo "$r" | cut -d' ' -f2-))" test "${r%% *}" = 0
