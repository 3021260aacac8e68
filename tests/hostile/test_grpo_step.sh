#!/usr/bin/env bash
# grpo-step against hostile numbers and a hostile stdout: any finite rewards (1e200, +-1e308) give
# the metrics line, with reward_mean and reward_std equal to Python's exact statistics and the same
# update as the rewards scaled down; an AdamW epsilon of 0 (NaN weights) is refused, and weights
# not finite after an update are never written; a metrics line that cannot be written is exit 2.
set -u
source "$(dirname "$0")/../shell/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
printf '%s\n' '{"id":"a","question":"What is 2+2?"}' '{"id":"b","question":"Name a prime."}' > "$T/q.jsonl"
"$BIN"/rollout -q --model "$M" -n 4 --max-tokens 3 --seed 1 "$T/q.jsonl" > "$T/roll.jsonl"
scored() {   # scored R1,R2,...: the rollouts with those rewards, in turn
    python3 -c '
import json, sys
rs = [float(x) for x in sys.argv[1].split(",")]
for i, l in enumerate(open(sys.argv[2])): r = json.loads(l); r["reward"] = rs[i % len(rs)]; print(json.dumps(r))' "$1" "$T/roll.jsonl"
}
step() { rm -rf "$T/out"; "$BIN"/grpo-step -q --model "$M" --out "$T/out" "$@"; }

scored 1,0,0,1 > "$T/small.jsonl"
step "$T/small.jsonl" > "$T/small.m" 2> "$T/err"
check "rewards 1,0: one metrics line ($(head -c 150 "$T/err"))" test "$(wc -l < "$T/small.m")" = 1
for rs in 1e200,0,0,1e200 1e308,-1e308,-1e308,1e308 1.7e308,-1.7e308,-1.7e308,1.7e308 -1.7e308,-1.7e308,0,-1.7e308; do
    scored $rs > "$T/big.jsonl"
    step "$T/big.jsonl" > "$T/big.m" 2> "$T/err"; rc=$?
    check "rewards $rs: exit 0, a checkpoint, one metrics line with Python's exact mean and std (rc $rc: $(head -c 150 "$T/err"))" \
        python3 - "$T/big.m" "$T/big.jsonl" $rc "$T/out/model.safetensors" <<'PY'
import json, math, os, statistics, sys
from fractions import Fraction
m = [json.loads(l) for l in open(sys.argv[1])]
S = Fraction(2) ** 1000   # exact rational statistics, scaled only to take the square root in floats
r = [Fraction(json.loads(l)["reward"]) / S for l in open(sys.argv[2])]
mean, std = float(statistics.mean(r) * S), math.sqrt(statistics.pvariance(r)) * 2.0 ** 1000
close = lambda a, b: abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)
sys.exit(not (sys.argv[3] == "0" and os.path.getsize(sys.argv[4]) > 0 and len(m) == 1 and
              close(m[0]["reward_mean"], mean) and close(m[0]["reward_std"], std)))
PY
done
# Advantages are scale-free: (r - mean) / (std + 1e-6), so 1e200 x the rewards moves the weights as 1 x does (to the 1e-6).
# The loss of centred advantages is about 0 (4e-17 on AVX2, 0 on AVX-512): an absolute 1e-12 too.
scored 1e200,0,0,1e200 > "$T/big.jsonl"
step "$T/big.jsonl" > "$T/big.m" 2> /dev/null
check "rewards 1e200,0 train as 1,0 do: the same loss and grad_norm to 1e-5" python3 -c '
import json, sys
a, b = (json.loads(open(f).readline()) for f in sys.argv[1:3])
sys.exit(not all(abs(a[k] - b[k]) <= 1e-5 * max(abs(a[k]), abs(b[k])) + 1e-12 for k in ("loss", "grad_norm")))' "$T/small.m" "$T/big.m"

# AdamW epsilon 0 divides 0 by 0 for any weight without gradient: refused before any work.
step --adam-eps 0 "$T/small.jsonl" > "$T/m" 2> "$T/err"; rc=$?
check "--adam-eps 0: exit 2, one line naming it, no checkpoint" \
    eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q adam-eps "$T/err" && ! test -e "$T/out"'
step --adam-eps 1e-30 --lr 1 "$T/small.jsonl" > "$T/m" 2> "$T/err"; rc=$?
check "--adam-eps 1e-30 --lr 1 (the extremes allowed): exit 0 with finite weights, or exit 2 and nothing written (rc $rc)" \
    eval 'test $rc = 0 -o \( $rc = 2 -a ! -e "$T/out" \)'

# A non-finite update stops the step: a NaN in an embedding row no sample uses (Qwen3 unties its
# head, so the forward pass and the loss never see it) survives AdamW and must not be written.
cp -r "$M" "$T/nan-model"
"${GR_PYTHON:-python3}" -c '
import sys
import numpy as np
from safetensors.numpy import load_file, save_file
t = load_file(sys.argv[1]); e = t["model.embed_tokens.weight"].copy(); e[150000, 3] = np.nan
t["model.embed_tokens.weight"] = e; save_file(t, sys.argv[1], metadata={"format": "pt"})' "$T/nan-model/model.safetensors"
rm -rf "$T/out"; "$BIN"/grpo-step -q --model "$T/nan-model" --out "$T/out" "$T/small.jsonl" > "$T/m" 2> "$T/err"; rc=$?
check "weights not finite after the update: exit 2, one line, nothing written (rc $rc: $(head -c 150 "$T/err"))" \
    eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q "not finite" "$T/err" && ! test -e "$T/out" && ! test -s "$T/m"'

# The metrics line to a full disk.
if test -c /dev/full; then
    step "$T/small.jsonl" > /dev/full 2> "$T/err"; rc=$?
    check "metrics to /dev/full: exit 2, one line saying the checkpoint is written (rc $rc: $(head -c 150 "$T/err"))" \
        eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q stdout "$T/err"'
else
    ok "metrics to /dev/full # SKIP /dev/full is not a character device here"
fi
