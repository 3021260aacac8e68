#!/usr/bin/env bash
# grpo-step's checkpoints and faults on the tiny models ($GR_MODELS, written by transformers'
# save_pretrained, so every run here also trains "a checkpoint saved by transformers"):
#   - what it writes loads in transformers with the logits our engine gives, in the input dtype;
#   - two steps in one run == one step, resume, one step (bit for bit), for any --threads;
#   - killed at random moments, the checkpoint it started from always loads and --out is complete or absent;
#   - a damaged optimizer state is an error, not a reset; a non-finite loss writes nothing;
#   - every input record is used or rejected with a reason.
set -u
source "$(dirname "$0")/../shell/common.bash"
TOOLS=${GR_TOOLS:-build/tools}
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}

# Scored rollouts: two questions x 4 samples, rewards 1 for samples 0 and 3 of "a", 1 of "b".
printf '%s\n' '{"id":"a","question":"What is 2+2?"}' '{"id":"b","question":"Name a prime."}' > "$T/q.jsonl"
score() {
    "$BIN"/rollout --model "$1" -q -n 4 --max-tokens 10 --seed 3 "$T/q.jsonl" | "$PY" -c '
import json, sys
win = {("a", 0), ("a", 3), ("b", 1)}
for l in sys.stdin:
    r = json.loads(l); r["reward"] = float((r["id"], r["sample"]) in win); print(json.dumps(r))'
}
score "$M/qwen2-bf16" > "$T/s2.jsonl"
score "$M/qwen3-f32" > "$T/s3.jsonl"
step() { "$BIN"/grpo-step -q --lr 1e-3 --micro-batch 3 "$@"; }

# Interop: transformers reads what we write, in the input dtype, with our engine's logits.
step --model "$M/qwen2-bf16" --out "$T/q2-1" < "$T/s2.jsonl" > "$T/m2" 2> "$T/e2"
step --model "$M/qwen3-f32" --out "$T/q3-1" < "$T/s3.jsonl" > "$T/m3" 2> "$T/e3"
check "grpo-step wrote both checkpoints ($(head -c 200 "$T/e2" "$T/e3" | tr '\n' ' '))" test -s "$T/q2-1/model.safetensors" -a -s "$T/q3-1/model.safetensors"
check "metrics line: every field of the issue, step 1, 8 samples' rewards" "$PY" - "$T/m2" <<'PY'
import json, sys
m = [json.loads(l) for l in open(sys.argv[1])]
need = "step loss pg_loss kl entropy clip_frac grad_norm lr reward_mean reward_std zero_adv_groups response_len_mean tokens tokens_per_s"
sys.exit(not (len(m) == 1 and set(need.split()) <= set(m[0]) and m[0]["step"] == 1 and abs(m[0]["reward_mean"] - 3 / 8) < 1e-12))
PY
# BF16 logits agree to BF16 resolution: two units in the last place of the largest |logit|.
for c in "q2-1 bfloat16 2" "q3-1 float32 1e-4"; do
    set -- $c
    r=$("$PY" tests/oracle/checkpoint_oracle.py logits "$TOOLS/model_run" "$T/$1" "$T" 2> "$T/oracle.err")
    grep -v -i -e warn -e "Loading weights" "$T/oracle.err" | tail -n 3
    check "$1: transformers from_pretrained loads our checkpoint as $2 and its logits equal our engine's ($r)" "$PY" -c '
import json, math, sys
r = json.loads(sys.argv[1]); bf16 = sys.argv[2] == "bfloat16"
tol = float(sys.argv[3]) * 2.0 ** (math.floor(math.log2(r["max_logit"])) - 7) if bf16 else float(sys.argv[3])
sys.exit(not (r["dtype"] == "torch." + sys.argv[2] and r["max_err"] <= tol))' "$r" "$2" "$3"
done
check "the weights moved (model.safetensors differs from the input's)" test -n "$(cmp "$M/qwen3-f32/model.safetensors" "$T/q3-1/model.safetensors" 2>&1)"
check "rollout samples from the new checkpoint" test "$("$BIN"/rollout --model "$T/q3-1" -q -n 2 --max-tokens 4 "$T/q.jsonl" | wc -l)" = 4

# Resume is exact: 2 mini-batches (a, then b) in one run == a, resume, b; and --threads does not matter.
grep '"id": *"a"' "$T/s2.jsonl" > "$T/a.jsonl"
grep '"id": *"b"' "$T/s2.jsonl" > "$T/b.jsonl"
step --model "$M/qwen2-bf16" --out "$T/two" --mini-batches 2 --threads 2 < "$T/s2.jsonl" > /dev/null 2>&1
step --model "$M/qwen2-bf16" --out "$T/one" --threads 1 < "$T/a.jsonl" > /dev/null 2>&1
step --model "$T/one" --out "$T/resumed" --threads 2 < "$T/b.jsonl" > /dev/null 2>&1
check "two steps in one run and one step + resume + one step: bit-identical weights and optimizer state (BF16 model, FP32 masters)" \
    cmp -s "$T/two/model.safetensors" "$T/resumed/model.safetensors"
check "... optimizer.safetensors too, and trainer_state says step 2" \
    test -n "$(cmp "$T/two/optimizer.safetensors" "$T/resumed/optimizer.safetensors" && grep -l '"step": 2' "$T/resumed/trainer_state.json")"

# Killed at random moments during the run and the write: the checkpoint it started from loads, and
# --out is either absent or complete.
bad=0 mid=0 done=0
for i in $(seq 1 12); do
    rm -rf "$T/k" "$T/k.tmp"
    "$BIN"/grpo-step -q --model "$T/q3-1" --out "$T/k" < "$T/s3.jsonl" > /dev/null 2>&1 &
    pid=$!
    if [ $((i % 2)) = 0 ]; then   # at any moment of a run (about 2 s) ...
        ms=$(( RANDOM % 2000 ))
    else                          # ... or once the write has begun
        while [ ! -e "$T/k.tmp" ] && kill -0 $pid 2> /dev/null; do sleep 0.01; done
        ms=$(( RANDOM % 400 ))
    fi
    sleep "$(( ms / 1000 )).$(printf %03d $(( ms % 1000 )))"
    kill -9 $pid 2> /dev/null; wait $pid 2> /dev/null
    [ -e "$T/k.tmp" ] && mid=$((mid + 1))
    [ -e "$T/k" ] && done=$((done + 1))
    "$TOOLS"/model_run "$T/q3-1" greedy 2 <<< '{"seqs":[[1,2,3]]}' > /dev/null 2>&1 || bad=$((bad + 1))
    if [ -e "$T/k" ]; then "$TOOLS"/model_run "$T/k" greedy 2 <<< '{"seqs":[[1,2,3]]}' > /dev/null 2>&1 && test -s "$T/k/trainer_state.json" || bad=$((bad + 1)); fi
done
check "12 kills at random moments ($mid during the write, $done after it): the previous checkpoint always loads, --out never half-written" test $bad = 0
rm -rf "$T/k"
step --model "$T/q3-1" --out "$T/k" < "$T/s3.jsonl" > /dev/null 2>&1
check "a run after a killed one clears the stale --out.tmp and completes" test -s "$T/k/trainer_state.json" -a ! -e "$T/k.tmp"

# A damaged optimizer state is an error naming it, never a silent fresh start.
damage() { rm -rf "$T/d"; cp -r "$T/q3-1" "$T/d"; }
expect_error() {   # name, pattern: exit 2, one line matching it, no --out
    "$ASAN"/grpo-step -q --model "$T/d" --out "$T/d-out" < "$T/s3.jsonl" > "$T/out" 2> "$T/err"; rc=$?
    check "$1: exit 2, one line ($(head -c 160 "$T/err")), nothing written" \
        test $rc = 2 -a "$(wc -l < "$T/err")" = 1 -a ! -e "$T/d-out" -a ! -e "$T/d-out.tmp" -a ! -s "$T/out" -a -n "$(grep -e "$2" "$T/err")"
}
damage; truncate -s 1000 "$T/d/optimizer.safetensors"; expect_error "truncated optimizer.safetensors" optimizer.safetensors
damage; rm "$T/d/trainer_state.json"; expect_error "optimizer state without trainer_state.json" trainer_state.json
damage; "$PY" - "$T/d/optimizer.safetensors" <<'PY'
import sys
from safetensors.numpy import load_file, save_file
t = load_file(sys.argv[1]); t["exp_avg_sq.model.norm.weight"][3] = float("nan"); save_file(t, sys.argv[1], metadata={"step": "1"})
PY
expect_error "NaN in the optimizer's second moment" "exp_avg_sq.model.norm.weight"
damage; "$PY" - "$T/d/optimizer.safetensors" <<'PY'
import sys
from safetensors.numpy import load_file, save_file
t = load_file(sys.argv[1]); del t["exp_avg.lm_head.weight"]; save_file(t, sys.argv[1])
PY
expect_error "a moment missing from the optimizer state" "optimizer.safetensors"

# A non-finite loss stops the step: a weight set to inf makes the forward pass NaN.
damage; rm "$T/d/optimizer.safetensors"; "$PY" - "$T/d/model.safetensors" <<'PY'
import sys
from safetensors.numpy import load_file, save_file
t = load_file(sys.argv[1]); t["model.layers.0.mlp.down_proj.weight"][0, 0] = float("inf"); save_file(t, sys.argv[1], metadata={"format": "pt"})
PY
expect_error "an inf weight: non-finite loss" "not finite"

# Every record is accounted for.
{ head -n 3 "$T/s3.jsonl"; echo '{"id":"x", "prompt_ids":[1,2'
  "$PY" - "$T/s3.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
def v(**kw): x = dict(r); x.update(kw); return json.dumps({k: w for k, w in x.items() if w is not None})
print(v(reward=None)); print(v(response_ids=[], logprobs=[])); print(v(response_ids=[1, 2, 999999999], logprobs=[-1, -1, -1]))
print(v(logprobs=[-1.0])); print(v(id=None, prompt=None))
PY
} > "$T/mixed.jsonl"
"$ASAN"/grpo-step --model "$M/qwen3-f32" --out "$T/mixed" --rejects "$T/rej.jsonl" < "$T/mixed.jsonl" > /dev/null 2> "$T/err"
check "bad records rejected with reasons, the rest trained on ($(tail -n 1 "$T/err"))" \
    test -n "$(grep -F '9 samples in, 3 used, 6 rejected' "$T/err")" -a "$(wc -l < "$T/rej.jsonl")" = 6 -a -s "$T/mixed/model.safetensors"
check "reject reasons: malformed, missing_reward, empty_response, bad_token_ids, bad_logprobs, missing_id" \
    test "$(grep -o '"reject_reason": *"[a-z_]*"' "$T/rej.jsonl" | sed 's/.*"\([a-z_]*\)"$/\1/' | sort | tr '\n' ' ')" = "bad_logprobs bad_token_ids empty_response malformed missing_id missing_reward "

"$BIN"/grpo-step --model "$M/qwen3-f32" < "$T/s3.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "no --out: usage error ($(head -c 100 "$T/err"))" test $rc = 2
"$BIN"/grpo-step --model "$M/qwen3-f32" --out "$T/q3-1" < "$T/s3.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "an existing --out is refused, not overwritten ($(head -c 100 "$T/err"))" test $rc = 2
"$BIN"/grpo-step --model "$M/qwen3-f32" --out "$T/kl" --kl-coef 0.1 < "$T/s3.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "--kl-coef without --ref: usage error" test $rc = 2
check "--help names the loss, the paper's settings and an example" test -n "$("$BIN"/grpo-step --help | grep -e 'clip_c' | head -1)"
