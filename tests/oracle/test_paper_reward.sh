#!/usr/bin/env bash
# gen-verify's default reward against General-Reasoner's compute_rm_score (transcribed, with Hugging
# Face tokenizers counting tokens as its verifier tokenizer does), over the labelled pair sets and
# extraction edge cases; with --extract paper, the extracted answers against its extract_solution.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
QWEN=$SHARED/data/tokenizers/qwen3/tokenizer.json
V=$SHARED/data/verify

"$PY" - "$T/edge.jsonl" <<'PY'
import json, sys
cases = [
    ("42", "I think it is 42"), ("42", "so \\boxed{42}"), ("42", "\\boxed{}\nThe answer is: 42\n"),
    ("\\frac{1}{2}", "Final Answer: 0.5<|im_end|>\n"), ("1/2", "Answer:\n"), ("7", "ANSWER: 7"),
    ("7", "answer: 7\nSolution: 8\n"), ("7", "Answer: a << b Answer: 7\n"), ("7", "Answer: Answer: 7\n"),
    ("x^{2^{n}}", "\\boxed{x^{2^{n}}}"), ("1", "\\boxed{a{b{c{d}}}} then \\boxed{1}"), ("1", "\\boxed{\\boxed{1}}"),
    ("1", "\\fbox{1}\n"), ("12", "The solution is: 12 </s>\n"), ("3", "Final Answer is: 3\nthe answer is: 4\n"),
    ("5", "<think>answer: 9\n</think> Final answer: 5\n"), ("\\sqrt{2}", "so \\boxed{\\sqrt{2}} and \\boxed{\\sqrt{3}}"),
    ("No Answer", "nothing here"), ("2", "\\boxed{2"), ("30.0 torr, 26.3 torr", "The partial pressures are 30.0 torr and 26.32 torr."),
]
with open(sys.argv[1], "w") as f:
    for i, (a, r) in enumerate(cases):
        f.write(json.dumps({"id": "edge-%d" % i, "answer": a, "response": r}) + "\n")
PY
for set in edge math500_pairs theoremqa_pairs mathverify_pairs; do
    src=$V/$set.jsonl
    [ $set = edge ] && src=$T/edge.jsonl
    for extract in gr paper; do
        flag=(); [ $extract = paper ] && flag=(--paper-extraction)
        "$BIN"/gen-verify -q --tokenizer "$QWEN" --extract $extract "$src" > "$T/$set.$extract" \
            && "$PY" tests/oracle/paper_reward.py "$T/$set.$extract" "$QWEN" "$set --extract $extract" "${flag[@]}" \
            || fail "$set --extract $extract: gen-verify or the reference failed"
    done
done

# Binary rewards, and the tokenizer requirement of the default.
"$BIN"/gen-verify -q --reward binary "$T/edge.jsonl" > "$T/binary.out"
check "--reward binary: 1 exactly for the true verdicts, else 0" "$PY" -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(not rows or any(r["reward"] != (1.0 if r["verdict"] is True else 0.0) for r in rows))' "$T/binary.out"
GR_TOKENIZER= "$BIN"/gen-verify --reward paper < /dev/null > /dev/null 2> "$T/err"; rc=$?
check "--reward paper without a tokenizer: exit 2, the message says what to give" \
    test $rc = 2 -a -n "$(grep -l -- '--tokenizer FILE' "$T/err")"
"$BIN"/gen-verify --tokenizer /nonexistent/tokenizer.json < /dev/null > /dev/null 2> "$T/err"; rc=$?
check "an unreadable tokenizer: exit 2 naming it" test $rc = 2 -a -n "$(grep -l /nonexistent "$T/err")"
