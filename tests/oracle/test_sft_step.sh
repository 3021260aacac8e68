#!/usr/bin/env bash
# sft-step on the tiny models ($GR_MODELS):
#   - the loss and the gradient of every parameter against PyTorch autograd through transformers'
#     own modules (tests/oracle/sft_grad_oracle.py: response tokens only, the mean over all of
#     them), packed into one micro-batch or many, Qwen2 (tied, biases) and Qwen3, rel. error <= 1e-4;
#   - text records are the token-id records that Hugging Face's tokenizer gives, plus the EOS;
#   - the checkpoint loads in transformers, training on the same records lowers the loss, and two
#     steps in one run equal one step, resume, one step, bit for bit;
#   - every record used or rejected with its reason; nothing to learn from is exit 2.
set -u
source "$(dirname "$0")/../shell/common.bash"
TOOLS=${GR_TOOLS:-build/tools}
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}

grads() {   # model records name options...: ours and autograd's, tensor by tensor
    local model=$1 recs=$2 name=$3 f; shift 3
    f=$(echo "$name" | tr -c 'a-z0-9\n' '-')
    "$BIN"/sft-step -q --model "$model" --grad-out "$T/ours-$f.st" "$@" < "$recs" > "$T/ours-$f.json" 2> "$T/err" \
        || { fail "$name: sft-step --grad-out: $(head -c 200 "$T/err")"; return; }
    "$PY" tests/oracle/sft_grad_oracle.py "$model" "$recs" "$T/theirs-$f.st" > "$T/theirs-$f.json" 2> "$T/err" \
        || { fail "$name: autograd oracle: $(grep -v -i -e warn -e 'Loading weights' "$T/err" | tail -n 2)"; return; }
    r=$("$PY" - "$T/ours-$f.st" "$T/theirs-$f.st" "$T/ours-$f.json" "$T/theirs-$f.json" <<'PY'
import json, sys
from safetensors.numpy import load_file
ours, theirs = load_file(sys.argv[1]), load_file(sys.argv[2])
lo, lt = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
assert sorted(ours) == sorted(theirs), sorted(set(ours) ^ set(theirs))
rel = {k: float(((ours[k].astype("f8") - theirs[k]) ** 2).sum() ** 0.5 / max((theirs[k].astype("f8") ** 2).sum() ** 0.5, 1e-30)) for k in theirs}
worst = max(rel, key=rel.get)
print(json.dumps({"tensors": len(rel), "worst": rel[worst], "worst_tensor": worst, "loss": lo["loss"], "loss_autograd": lt["loss"]}))
PY
)
    check "$name: the loss and every parameter's gradient equal autograd's, rel. error <= 1e-4 ($r)" "$PY" -c '
import json, sys; r = json.loads(sys.argv[1])
sys.exit(not (r["worst"] <= 1e-4 and abs(r["loss"] - r["loss_autograd"]) <= 1e-5 * abs(r["loss_autograd"])))' "$r"
}
for arch in qwen2 qwen3; do
    "$PY" tests/oracle/sft_grad_oracle.py --make-records "$M/$arch-f32" "$T/r-$arch.jsonl" --n 6 --seed 2 2> /dev/null
    grads "$M/$arch-f32" "$T/r-$arch.jsonl" "$arch, one micro-batch"
    grads "$M/$arch-f32" "$T/r-$arch.jsonl" "$arch, packed in micro-batches of 16 tokens" --micro-tokens 16
done

# Text records: the ids Hugging Face's tokenizer gives, each part on its own, and the model's EOS.
"$PY" - "$M/qwen3-f32" "$T/text.jsonl" "$T/ids.jsonl" <<'PY'
import json, sys
from tokenizers import Tokenizer
tok = Tokenizer.from_file(sys.argv[1] + "/tokenizer.json")
eos = json.load(open(sys.argv[1] + "/config.json"))["eos_token_id"]
eos = eos[0] if isinstance(eos, list) else eos
pairs = [("What is 2+2?", " 4"), ("Name a prime below 10.", "The answer is \\boxed{7}."), ("Übersetze: cat", "Katze 😀")]
with open(sys.argv[2], "w") as t, open(sys.argv[3], "w") as i:
    for p, r in pairs:
        t.write(json.dumps({"prompt": p, "response": r}) + "\n")
        i.write(json.dumps({"prompt_ids": tok.encode(p, add_special_tokens=False).ids,
                            "response_ids": tok.encode(r, add_special_tokens=False).ids + [eos]}) + "\n")
PY
"$BIN"/sft-step -q --model "$M/qwen3-f32" --grad-out "$T/text.st" < "$T/text.jsonl" > "$T/text.json" 2> "$T/err"
"$BIN"/sft-step -q --model "$M/qwen3-f32" --grad-out "$T/ids.st" < "$T/ids.jsonl" > "$T/ids.json" 2>> "$T/err"
check "text records train as the token ids of Hugging Face's tokenizer plus EOS: the same loss and gradient ($(cat "$T/text.json" "$T/ids.json" | tr '\n' ' '))" \
    eval 'cmp -s "$T/text.st" "$T/ids.st" && cmp -s "$T/text.json" "$T/ids.json"'

# A checkpoint transformers loads; the same records again: a lower loss.
"$BIN"/sft-step -q --model "$M/qwen3-f32" --out "$T/c1" --lr 1e-2 --epochs 4 < "$T/r-qwen3.jsonl" > "$T/m1" 2> "$T/err"; rc=$?
check "sft-step wrote a checkpoint and a metrics line (exit $rc: $(head -c 200 "$T/err"))" \
    "$PY" -c 'import json, sys; m = json.loads(open(sys.argv[1]).read()); sys.exit(not (m["step"] == 4 and m["samples"] == 6 and m["response_tokens"] > 0))' "$T/m1"
"$BIN"/sft-step -q --model "$T/c1" --grad-out "$T/after.st" < "$T/r-qwen3.jsonl" > "$T/after.json" 2> /dev/null
check "four steps on the same records lowered their loss ($(cat "$T/ours-qwen3--one-micro-batch.json") -> $(cat "$T/after.json"))" "$PY" -c '
import json, sys; a, b = (json.load(open(f))["loss"] for f in sys.argv[1:]); sys.exit(not b < a - 0.1)' "$T/ours-qwen3--one-micro-batch.json" "$T/after.json"
r=$("$PY" tests/oracle/checkpoint_oracle.py logits "$TOOLS/model_run" "$T/c1" "$T" 2> /dev/null)
check "transformers loads the checkpoint and its logits equal our engine's ($r)" "$PY" -c '
import json, sys; r = json.loads(sys.argv[1]); sys.exit(not (r["dtype"] == "torch.float32" and r["max_err"] <= 1e-4))' "$r"
check "trainer_state names the trainer and its settings" grep -q '"trainer": "sft-step"' "$T/c1/trainer_state.json"

# Two mini-batches in one run == the first half, resume, the second half (BF16 model, FP32 masters).
"$PY" tests/oracle/sft_grad_oracle.py --make-records "$M/qwen2-bf16" "$T/r4.jsonl" --n 4 --seed 5 2> /dev/null
head -n 2 "$T/r4.jsonl" > "$T/h1.jsonl"; tail -n 2 "$T/r4.jsonl" > "$T/h2.jsonl"
"$BIN"/sft-step -q --model "$M/qwen2-bf16" --out "$T/two" --mini-batches 2 --lr 1e-3 --threads 2 < "$T/r4.jsonl" > /dev/null 2>&1
"$BIN"/sft-step -q --model "$M/qwen2-bf16" --out "$T/one" --lr 1e-3 --threads 1 < "$T/h1.jsonl" > /dev/null 2>&1
"$BIN"/sft-step -q --model "$T/one" --out "$T/resumed" --lr 1e-3 --threads 2 < "$T/h2.jsonl" > /dev/null 2>&1
check "two steps in one run and one step + resume + one step: bit-identical weights and optimizer state" \
    eval 'cmp -s "$T/two/model.safetensors" "$T/resumed/model.safetensors" && cmp -s "$T/two/optimizer.safetensors" "$T/resumed/optimizer.safetensors"'

# Bad records: each rejected with its reason, the good one trained on.
long=$("$PY" -c 'import json; print(json.dumps({"prompt_ids": [1] * 40000, "response_ids": [2]}))')
printf '%s\n' '{"prompt_ids":[1,2],"response_ids":[3,4]}' '{"response_ids":[3]}' '{"prompt_ids":[1],"response_ids":[]}' \
    '{"prompt_ids":[1],"response_ids":[99999999]}' '{"prompt_ids":[1],"response_ids":["x"]}' '{"prompt":"q"}' \
    "$long" 'not json' > "$T/bad.jsonl"
"$BIN"/sft-step --model "$M/qwen3-f32" --out "$T/b1" --rejects "$T/bad.rej" < "$T/bad.jsonl" > /dev/null 2> "$T/bad.err"; rc=$?
check "bad records: exit 0, each rejected with its reason, the good one used ($(grep "records in" "$T/bad.err"))" eval \
    'test $rc = 0 -a "$(jq -r .reject_reason "$T/bad.rej" | sort | tr "\n" " ")" = "bad_token_ids bad_token_ids empty_response malformed missing_prompt missing_response too_long "'
printf '%s\n' '{"prompt_ids":[1],"response_ids":[]}' > "$T/none.jsonl"
"$BIN"/sft-step --model "$M/qwen3-f32" --out "$T/b2" < "$T/none.jsonl" > /dev/null 2> "$T/none.err"; rc=$?
check "nothing to learn from: exit 2, one line saying so, no checkpoint" \
    eval 'test $rc = 2 -a ! -e "$T/b2" && grep -q "nothing to train on" "$T/none.err"'
"$BIN"/sft-step --model "$M/qwen3-f32" --out "$T/c1" < "$T/r-qwen3.jsonl" > /dev/null 2> "$T/exists.err"; rc=$?
check "--out that exists: exit 2, untouched" eval 'test $rc = 2 && grep -q "exists" "$T/exists.err"'
