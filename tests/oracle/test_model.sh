#!/usr/bin/env bash
# The CPU model engine and rollout on the tiny Qwen2/Qwen3 checkpoints ($GR_MODELS, made by
# testdata/models/make_tiny_models.py with transformers): parity with transformers (model_oracle.py),
# determinism, the rollout record contract, and damaged models under ASan+UBSan (exit 2, one line).
set -u
source "$(dirname "$0")/../shell/common.bash"
TOOLS=${GR_TOOLS:-build/tools}
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}

start=$(date +%s)
"$PY" tests/oracle/model_oracle.py "$TOOLS/model_run" "$BIN/rollout" "$M" "$T" 2> "$T/oracle.err" \
    || fail "model oracle ran: $(grep -v -i warn "$T/oracle.err" | tail -n 3 | tr '\n' ' ')"
echo "# model oracle: $(( $(date +%s) - start )) s"

# Determinism: a sample depends on --seed, the question's place and the sample number only.
printf '%s\n' '{"id":"a","question":"What is 2+2?"}' '{"id":"b","question":"Name a prime."}' \
    '{"id":"c","question":"Solve x^2 = 9."}' > "$T/q.jsonl"
roll() { "$BIN"/rollout --model "$M/qwen3-f32" -q -n 3 --max-tokens 12 --temperature 1 --top-k 50 "$@" "$T/q.jsonl"; }
roll --seed 7 --threads 1 --batch 1 > "$T/r1"
roll --seed 7 --threads 2 --batch 3 > "$T/r2"
roll --seed 8 --threads 2 --batch 3 > "$T/r3"
check "rollout: identical samples with --threads 1 --batch 1 and --threads 2 --batch 3" cmp -s "$T/r1" "$T/r2"
check "rollout: another --seed gives other samples" test -n "$(cmp "$T/r1" "$T/r3" 2>&1)"
check "rollout: 3 questions x 3 samples, the DESIGN.md fields, response = decode(response_ids)" "$PY" - "$T/r1" "$M/qwen3-f32" <<'PY'
import json, sys
from tokenizers import Tokenizer
rows = [json.loads(l) for l in open(sys.argv[1])]
tok = Tokenizer.from_file(sys.argv[2] + "/tokenizer.json")
need = {"id", "question", "sample", "prompt", "prompt_ids", "response", "response_ids", "logprobs", "finish_reason"}
good = len(rows) == 9 and [r["sample"] for r in rows] == [0, 1, 2] * 3
for r in rows:
    ids = r["response_ids"][:-1] if r["finish_reason"] == "stop" else r["response_ids"]
    good &= need <= set(r) and len(r["logprobs"]) == len(r["response_ids"]) and r["finish_reason"] in ("stop", "length")
    good &= r["response"] == tok.decode(ids, skip_special_tokens=False)
    good &= r["prompt_ids"] == tok.encode(r["prompt"], add_special_tokens=False).ids
    good &= all(lp <= 0 for lp in r["logprobs"])
sys.exit(not good)
PY

# Damaged models: one line naming what is wrong, exit 2, no sanitizer report.
bad() {   # bad NAME: a copy of qwen2-f32 for the caller to damage
    rm -rf "$T/bad-$1"; cp -r "$M/qwen2-f32" "$T/bad-$1"; chmod -R u+w "$T/bad-$1"; echo "$T/bad-$1"
}
d=$(bad truncated); truncate -s 1000000 "$d/model.safetensors"
d=$(bad header-lies); "$PY" - "$d/model.safetensors" <<'PY'
import json, struct, sys
raw = bytearray(open(sys.argv[1], "rb").read()); n = struct.unpack("<Q", raw[:8])[0]; h = json.loads(raw[8:8 + n])
h["model.norm.weight"]["data_offsets"][1] += 4
t = json.dumps(h).encode(); t += b" " * (-len(t) % 8)
open(sys.argv[1], "wb").write(struct.pack("<Q", len(t)) + t + raw[8 + n:])
PY
d=$(bad config-zero); sed -i 's/"num_hidden_layers": 2/"num_hidden_layers": 0/' "$d/config.json"
d=$(bad config-absurd); sed -i 's/"hidden_size": 64/"hidden_size": 1000000000/' "$d/config.json"
d=$(bad config-wrong-shape); sed -i 's/"intermediate_size": 160/"intermediate_size": 128/' "$d/config.json"
d=$(bad config-not-json); echo '{"model_type": "qwen2",' > "$d/config.json"
d=$(bad missing-tensor); "$PY" - "$d" <<'PY'
import sys
from safetensors.numpy import load_file, save_file
t = load_file(sys.argv[1] + "/model.safetensors"); del t["model.layers.1.mlp.down_proj.weight"]
save_file(t, sys.argv[1] + "/model.safetensors", metadata={"format": "pt"})
PY
d=$(bad no-weights); rm "$d/model.safetensors"
d=$(bad tokenizer-no-model); "$PY" -c 'import json, sys; t = json.load(open(sys.argv[1])); del t["model"]; json.dump(t, open(sys.argv[1], "w"))' "$d/tokenizer.json"
for d in "$T"/bad-*; do
    name=${d##*/bad-}
    echo '{"question":"hi"}' | "$ASAN"/rollout --model "$d" -n 1 --max-tokens 2 > "$T/out" 2> "$T/err"; rc=$?
    check "damaged model ($name): rollout exits 2 with one line ($(head -c 150 "$T/err"))" \
        test $rc = 2 -a "$(wc -l < "$T/err")" = 1 -a ! -s "$T/out"
done

# gen-verify --model: what the rules cannot be sure of goes to the verifier model, whose greedy
# answer to General-Reasoner's prompt (transcribed here from the reference) must be transformers'.
printf '%s\n' '{"id":1,"question":"What is 6*7?","answer":"42","response":"\\boxed{42}"}' \
    '{"id":2,"question":"Name the capital of France.","answer":"Paris","response":"It is Lyon."}' \
    '{"id":3,"question":"What is 6*7?","answer":"42","response":"I cannot say."}' \
    '{"id":4,"question":"Give the unit of force.","answer":"newton","response":"The answer is: N\n"}' > "$T/v.jsonl"
"$BIN"/gen-verify --model "$M/qwen2-f32" --max-tokens 12 "$T/v.jsonl" > "$T/v.out" 2> "$T/v.err"
check "gen-verify --model: hybrid sends the uncertain ones to the model, says how many ($(tail -n 1 "$T/v.err"))" \
    grep -q "decided by rules, 3 by model:qwen2-f32" "$T/v.err"
"$BIN"/gen-verify --model "$M/qwen2-f32" --mode model --max-tokens 12 -q "$T/v.jsonl" > "$T/vm.out"
check "gen-verify --model: the verifier's output is transformers' greedy answer to General-Reasoner's prompt" "$PY" - "$T/v.out" "$T/vm.out" "$M/qwen2-f32" <<'PY'
import json, sys, torch
from transformers import AutoModelForCausalLM, AutoTokenizer
TEMPLATE = ("User: ### Question: {question}\n\n### Ground Truth Answer: {ground_truth}\n\n### Student Answer: {student_answer}\n\n"
            "For the above question, please verify if the student's answer is equivalent to the ground truth answer.\n"
            "Do not solve the question by yourself; just check if the student's answer is equivalent to the ground truth answer.\n"
            "If the student's answer is correct, output \"Final Decision: Yes\". If the student's answer is incorrect, output \"Final Decision: No\". Assistant:")
hybrid = [json.loads(l) for l in open(sys.argv[1])]
everything = [json.loads(l) for l in open(sys.argv[2])]
m = AutoModelForCausalLM.from_pretrained(sys.argv[3], dtype=torch.float32).eval()
tok = AutoTokenizer.from_pretrained(sys.argv[3])
good = hybrid[0]["verifier"] == "rule:integer" and all(r["verifier"] == "model:qwen2-f32" for r in everything)
for r in everything:
    prompt = TEMPLATE.format(question=r["question"], ground_truth=r["answer"], student_answer=r["extracted"])
    ids = tok(prompt, return_tensors="pt").input_ids
    g = m.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False, max_new_tokens=12, pad_token_id=0,
                   eos_token_id=[151643, 151645])[0, ids.shape[1]:].tolist()
    g = [t for t in g if t not in (151643, 151645)]
    good &= r["verifier_output"] == tok.decode(g) and r["verdict"] == ("Final Decision: Yes" in r["verifier_output"])
sys.exit(not good)
PY

# Qwen2.5 templates: no tokenizer_config.json of theirs is in shared/data, so the oracle is the
# Jinja template quoted in the reference sheet (section 5.1, Qwen2.5-Math; 5.2 is the same with
# Qwen2.5's default system line), rendered by jinja2 as transformers renders chat templates.
for style in qwen2.5-math qwen2.5; do
    for sys in "" "You are a careful grader."; do
        args=(); [ -n "$sys" ] && args=(--system "$sys")
        "$BIN"/rollout --model "$M/qwen2-f32" -q -n 1 --max-tokens 1 --template $style "${args[@]}" "$T/q.jsonl" > "$T/tpl.jsonl"
        check "$style template${sys:+ with --system}: prompts byte-identical to the reference Jinja rendered by jinja2" \
            "$PY" - "$SHARED/reference/qwen-models.md" "$T/tpl.jsonl" "$style" "$sys" <<'PY'
import json, sys, jinja2
ref, rows, style, system = sys.argv[1:5]
text = open(ref, encoding="utf-8").read()
template = text.split("```jinja\n", 1)[1].split("```", 1)[0]
if style == "qwen2.5":
    template = template.replace("Please reason step by step, and put your final answer within \\\\boxed{}.",
                                "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.")
env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
env.filters["tojson"] = json.dumps
t = env.from_string(template)
good = True
for r in (json.loads(l) for l in open(rows)):
    msgs = ([{"role": "system", "content": system}] if system else []) + \
           [{"role": "user", "content": r["question"] + " Please reason step by step, and put your final answer within \\boxed{}."}]
    good &= r["prompt"] == t.render(messages=msgs, add_generation_prompt=True, tools=None)
sys.exit(not good)
PY
    done
done

# Every record accounted for: a malformed line and a record without a question are rejected with
# their reasons, counted in the summary, and the rest still sampled.
printf '%s\n' '{"id":1,"question":"What is 2+2?"}' 'not json' '{"id":3,"answer":"4"}' > "$T/mixed.jsonl"
"$ASAN"/rollout --model "$M/qwen3-f32" -n 2 --max-tokens 4 --rejects "$T/mixed.rej" "$T/mixed.jsonl" > "$T/mixed.out" 2> "$T/mixed.err"
check "rollout: 2 samples of the good question, malformed and missing_question rejected and counted ($(tail -n 1 "$T/mixed.err"))" \
    test "$(wc -l < "$T/mixed.out")" = 2 -a "$(grep -c '"reject_reason":"malformed"' "$T/mixed.rej")" = 1 \
    -a "$(grep -c '"reject_reason":"missing_question"' "$T/mixed.rej")" = 1 \
    -a -n "$(grep -F '3 questions in, 2 samples out, 2 rejected (malformed 1, missing_question 1)' "$T/mixed.err")"
