#!/usr/bin/env bash
# make train-verifier and make eval-verifier at toy scale: verifier data from the labelled pairs
# (the rules as teacher), sft-step on a tiny student, the checkpoint loaded by gen-verify --model
# and by transformers, and the three verifiers scored on labelled pairs.
source "$(dirname "$0")/common.bash"
PY=${GR_PYTHON:-python3}

make -s train-verifier OUT="$T/tv" > "$T/tv.log" 2>&1; rc=$?
check "make train-verifier: exit $rc, SFT records and a checkpoint ($(tail -1 "$T/tv.log" | cut -c1-120))" \
    test $rc = 0 -a -s "$T/tv/sft.jsonl" -a -f "$T/tv/verifier/config.json" -a -f "$T/tv/verifier/model.safetensors"
check "every pair accounted for: SFT records + rejects = the 450 pairs" \
    test "$(( $(wc -l < "$T/tv/sft.jsonl") + $(wc -l < "$T/tv/rejects.jsonl") ))" = 450
check "the checkpoint judges in gen-verify --model: 3 verdicts with the model's text" \
    test "$(jq -r 'select(.verifier | startswith("model:")) | select(.verifier_output | type == "string") | .id' "$T/tv/smoke.jsonl" | wc -l)" = 3
if "$PY" -c 'import transformers, torch' 2> /dev/null; then
    check "transformers loads the checkpoint and generates from it" "$PY" - "$T/tv/verifier" <<'PY'
import sys, torch, transformers
m = transformers.AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.float32)
out = m.generate(torch.tensor([[1, 2, 3]]), max_new_tokens=2, do_sample=False)
sys.exit(not (out.shape == (1, 5) and torch.isfinite(m(out).logits).all()))
PY
else
    echo "skip transformers loads the checkpoint: no transformers in ${PY}"
fi

head -6 testdata/verify/chemistry_biology.jsonl > "$T/pairs.jsonl"
make -s eval-verifier MODEL="$T/tv/verifier" PAIRS="$T/pairs.jsonl" MAX_TOKENS=4 OUT="$T/ev" > "$T/ev.log" 2>&1; rc=$?
check "make eval-verifier MODEL=: exit $rc, rows rule, model and hybrid, and the paper's reference line" \
    eval 'test $rc = 0 && test "$(grep -o "^| [a-z]* | 6 |" "$T/ev/report.md" | cut -d" " -f2 | tr "\n" " ")" = "rule model hybrid " && grep -q "about 90%" "$T/ev/report.md"'
check "the model alone decides every pair; its row is its verdicts' own count" python3 - "$T/ev/model.jsonl" "$T/ev/report.md" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
right = sum(r["verdict"] == r["expected"] for r in rows)
m = re.search(r"^\| model \| (\d+) \| (\d+) \| [\d.]+% \| [\d.]+% \| ([\d.]+)% \|", open(sys.argv[2]).read(), re.M)
sys.exit(not (m and int(m[1]) == len(rows) == int(m[2]) and abs(float(m[3]) - 100 * right / len(rows)) < 0.006))
PY
make -s eval-verifier OUT="$T/ev0" > /dev/null 2>&1; rc=$?
check "make eval-verifier without a model: the rules on every labelled set ($(sed -n 5p "$T/ev0/report.md" | cut -d'|' -f2-5))" \
    eval 'test $rc = 0 && grep -q "^| rule | [0-9]* |" "$T/ev0/report.md" && ! grep -q "^| model" "$T/ev0/report.md"'
