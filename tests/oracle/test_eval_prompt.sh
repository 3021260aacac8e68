#!/usr/bin/env bash
# eval-prompt (+ rollout's chat template) against a transcription of the paper's evaluation
# scripts (tests/oracle/eval_oracle.py) with transformers' apply_chat_template on the real Qwen3
# tokenizer config: every row of every benchmark in $GR_SHARED/data, SuperGPQA rows in its
# upstream schema, and rows written to break a naive template (placeholders inside questions and
# options, more than ten options, non-ASCII, empty text).
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}
TOKDIR=$SHARED/data/tokenizers/qwen3
E=$SHARED/data/eval

# Every benchmark row we have, each with its benchmark field (TheoremQA's file has none).
{ cat "$E"/mmlu_pro.jsonl "$E"/bbeh.jsonl "$E"/math500.jsonl "$E"/olympiadbench.jsonl "$E"/minerva_math.jsonl \
      "$E"/gsm8k.jsonl "$E"/amc23.jsonl "$E"/aime24.jsonl "$E"/aime25.jsonl; zcat "$E"/gpqa_diamond.jsonl.gz
  jq -c '. + {benchmark: "TheoremQA"}' "$SHARED"/data/verify/theoremqa.jsonl; } > "$T/rows.jsonl"
"$PY" - "$T" <<'PY'
import json, sys
t = sys.argv[1]
hard = [
    {"benchmark": "GPQA-Diamond", "question": "Which <b> tag? <question> <a>", "choices": ["<d>", "<c> and <b>", "", "é ∑ <a>"], "answer": "B"},
    {"benchmark": "MMLU-Pro", "question": "", "choices": [str(i) for i in range(12)], "answer": "K", "category": "x"},
    {"benchmark": "MMLU-Pro", "question": "Pick (A): one\n", "choices": ["(B): x", "{}", "\\boxed{C}"], "answer": "A"},
    {"benchmark": "BBEH", "question": "Trailing newline\n\n", "answer": "yes"},
    {"benchmark": "math500", "question": "Key instead of name: $\\frac{1}{2}$ <question>", "answer": "1/2"},
    {"benchmark": "aime24", "question": "中文 question ✓", "answer": "1"},
]
with open(f"{t}/hard.jsonl", "w") as f:
    for r in hard: f.write(json.dumps(r, ensure_ascii=False) + "\n")
# SuperGPQA in its upstream schema (SuperGPQA-all.jsonl): built from MMLU-Pro rows and the hard ones.
disc = ["Engineering", "Medicine", "Science", "Philosophy"]
with open(f"{t}/super.jsonl", "w") as f, open(f"{t}/super_oracle.jsonl", "w") as g:
    rows = [json.loads(l) for l, _ in zip(open(f"{t}/rows.jsonl"), range(40))]
    rows += [{"question": "Ten <a> options\nand a line", "choices": list("abcdefghij"), "answer": "J"}]
    for i, r in enumerate(rows):
        letter = r["answer"] if len(r["answer"]) == 1 else "A"
        up = {"uuid": f"u{i}", "question": r["question"], "options": r["choices"],
              "answer": r["choices"][ord(letter) - 65] if ord(letter) - 65 < len(r["choices"]) else "?",
              "answer_letter": letter, "discipline": disc[i % 4], "field": "f", "subfield": "s", "difficulty": "middle"}
        f.write(json.dumps(up, ensure_ascii=False) + "\n")
        g.write(json.dumps({**up, "benchmark": "SuperGPQA"}, ensure_ascii=False) + "\n")
PY
cat "$T/hard.jsonl" >> "$T/rows.jsonl"
"$PY" tests/oracle/eval_oracle.py prompts "$T/rows.jsonl" "$TOKDIR" > "$T/expect.jsonl" 2> "$T/oracle.err" \
    || fail "the prompt oracle ran: $(tail -n 2 "$T/oracle.err" | tr '\n' ' ')"
"$PY" tests/oracle/eval_oracle.py prompts "$T/super_oracle.jsonl" "$TOKDIR" >> "$T/expect.jsonl" 2>> "$T/oracle.err"
"$BIN"/eval-prompt "$T/rows.jsonl" > "$T/ours.jsonl" 2> "$T/err"
"$BIN"/eval-prompt --benchmark SuperGPQA "$T/super.jsonl" >> "$T/ours.jsonl" 2>> "$T/err"

compare() {   # field of ours vs field of expect, row by row
    "$PY" - "$T/ours.jsonl" "$T/expect.jsonl" "$1" "$2" <<'PY'
import json, sys, collections
ours = [json.loads(l) for l in open(sys.argv[1])]
want = [json.loads(l) for l in open(sys.argv[2])]
ok, bad = collections.Counter(), []
for o, w in zip(ours, want):
    if o.get(sys.argv[3]) == w[sys.argv[4]]: ok[o["benchmark"]] += 1
    else: bad.append((o.get("id"), o["benchmark"]))
print(f"{len(ours)} rows, {len(want)} expected, {sum(ok.values())} identical ({dict(ok)}); differ: {bad[:3]}")
sys.exit(not (len(ours) == len(want) and not bad))
PY
}
out=$(compare question content); rc=$?
check "eval-prompt's question is the paper's user message, byte for byte, on every row: $out" test $rc = 0
check "12 benchmarks' rows all came through (none rejected: $(tail -n 1 "$T/err"))" \
    test "$(jq -r .benchmark "$T/ours.jsonl" | sort -u | wc -l)" = 12
check "SuperGPQA upstream rows: answer is the letter, answer_text the option, category the discipline, id the uuid" \
    test "$(tail -n 41 "$T/ours.jsonl" | jq -r 'select(.answer == .answer_letter and .answer_text == .options[.answer_letter | explode[0] - 65] and .category == .discipline and .id == .uuid) | .id' | wc -l)" = 41

# The chat template: rollout's prompt for a sample of each benchmark (short enough for the tiny model).
"$PY" - "$T/ours.jsonl" "$T/expect.jsonl" "$T" <<'PY'
import json, sys, collections
seen = collections.Counter()
with open(f"{sys.argv[3]}/sample.jsonl", "w") as f, open(f"{sys.argv[3]}/sample_expect.jsonl", "w") as g:
    for o, w in zip(map(json.loads, open(sys.argv[1])), map(json.loads, open(sys.argv[2]))):
        if len(o["question"]) < 3000 and (seen[o["benchmark"]] < 4 or o.get("id") is None):
            seen[o["benchmark"]] += 1
            f.write(json.dumps(o, ensure_ascii=False) + "\n"); g.write(json.dumps(w, ensure_ascii=False) + "\n")
PY
"$BIN"/rollout --model "$M/qwen3-f32" --tokenizer "$TOKDIR/tokenizer.json" -q -n 1 --max-tokens 1 "$T/sample.jsonl" > "$T/roll.jsonl"
cp "$T/sample_expect.jsonl" "$T/expect.jsonl"; cp "$T/roll.jsonl" "$T/ours.jsonl"
out=$(compare prompt chat); rc=$?
check "rollout's prompt = apply_chat_template of the sampler's messages (system where simple-evals sends one): $out" test $rc = 0

# Bad rows: a reason each, none lost.
printf '%s\n' '{"benchmark":"MMLU-Pro","question":"q","answer":"A"}' '{"benchmark":"GPQA-Diamond","question":"q","choices":["a","b"],"answer":"A"}' \
    '{"benchmark":"nope","question":"q","answer":"1"}' '{"question":"q","answer":"1"}' '{"benchmark":"gsm8k","question":"q"}' \
    '{"benchmark":"gsm8k","answer":"3"}' 'not json' '{"benchmark":"gsm8k","question":"fine","answer":"3"}' > "$T/bad.jsonl"
"$ASAN"/eval-prompt --rejects "$T/rej.jsonl" "$T/bad.jsonl" > "$T/out" 2> "$T/err"; rc=$?
check "bad rows under ASan: 1 out, 7 rejected with reasons ($(tail -n 1 "$T/err"))" \
    test $rc = 0 -a "$(wc -l < "$T/out")" = 1 -a "$(jq -r .reject_reason "$T/rej.jsonl" | sort | tr '\n' ' ')" = \
    "bad_choices malformed missing_answer missing_choices missing_question unknown_benchmark unknown_benchmark "
"$BIN"/eval-prompt --benchmark nosuch < /dev/null > /dev/null 2> "$T/err"; rc=$?
check "--benchmark of no benchmark: exit 2 and one line ($(cat "$T/err"))" test $rc = 2 -a "$(wc -l < "$T/err")" = 1
