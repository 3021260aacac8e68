#!/usr/bin/env bash
# gen-verify (rule layer): the paper's three examples, answer pairs labelled by others, list
# order, hostile input under ASan+UBSan with a time bound, and the CLI contract.
set -u
source "$(dirname "$0")/common.bash"
V=$SHARED/data/verify

# The three examples of the paper where its rule-based verifier says False and the truth is True.
cat > "$T/three.jsonl" <<'J'
{"id": "paper-1", "answer": "$x = 4 + 8t, y = 1 + 2t, z = 17 - t$", "response": "The line is $4 + 8t, 1 + 2t, 17 - t$"}
{"id": "paper-2", "answer": "30.0 torr, 26.3 torr", "response": "The partial pressure of ethanol is 30.0 torr and the partial pressure of 1-propanol is 26.32 torr."}
{"id": "paper-3", "answer": "4.9 J", "response": "4.9 N·m"}
J
"$BIN"/gen-verify -q "$T/three.jsonl" > "$T/three.out"
while read -r id verdict rule; do
    check "$id: true (the paper's rule-based verifier says false) via $rule" test "$verdict" = True
done < <(python3 -c 'import json,sys
for l in open(sys.argv[1]): r = json.loads(l); print(r["id"], r["verdict"], r["verifier"])' "$T/three.out")

# Choice letters against option texts, when the record has its choices.
printf '%s\n' '{"id":"c1","answer":"B","choices":["red","blue","green"],"response":"The answer is blue."}' \
    '{"id":"c2","answer":"blue","choices":["red","blue","green"],"response":"\\boxed{B}"}' \
    '{"id":"c3","answer":"B","choices":["red","blue","green"],"response":"The answer is green."}' \
    | "$BIN"/gen-verify -q > "$T/choices.out"
check "choices: letter vs option text both ways, and a wrong option" test "$(python3 -c 'import json,sys
print(" ".join(str(json.loads(l)["verdict"]) for l in open(sys.argv[1])))' "$T/choices.out")" = "True True False"

# Pairs labelled by others.  Minimums are where the rule layer stands now (the issue's targets are
# in the note on it); null never counts as right.
judge() { "$BIN"/gen-verify -q "${@:2}" "$V/$1.jsonl" > "$T/$1.out"; }
# (math500's negatives pair answers of different kinds, which the rules leave to the model: null)
judge math500_pairs;    python3 tests/shell/eval_verify.py "$T/math500_pairs.out" math500_pairs 0.99 0.85
judge theoremqa_pairs;  python3 tests/shell/eval_verify.py "$T/theoremqa_pairs.out" theoremqa_pairs 0.99 0.99
# math-verify's own cases, each judged with the flags for the options its note names.
python3 tests/shell/judge_by_note.py "$BIN"/gen-verify "$V/mathverify_pairs.jsonl" > "$T/mathverify_pairs.out"
# the negatives of math-verify's own suite are where our rules are unsure: half undecided, none wrong
python3 tests/shell/eval_verify.py "$T/mathverify_pairs.out" mathverify_pairs 0.98 0.50 0.98
judge theoremqa_list_order_pairs
check "reordered lists are false with ordered comparison (default)" \
    test "$(grep -c '"verdict":false' "$T/theoremqa_list_order_pairs.out")" = 50
judge theoremqa_list_order_pairs --unordered-lists
check "reordered lists are true with --unordered-lists" \
    test "$(grep -c '"verdict":true' "$T/theoremqa_list_order_pairs.out")" = 50

# --report: precision and coverage per answer type and source, as recounted here from the verdicts.
cat "$V"/math500_pairs.jsonl "$V"/theoremqa_pairs.jsonl "$V"/mathverify_pairs.jsonl > "$T/labelled.jsonl"
"$BIN"/gen-verify -q --reward binary --report "$T/report.md" "$T/labelled.jsonl" > "$T/labelled.out"; rc=$?
check "--report: exit $rc; its counts, precision, accuracy and precision/recall of equal are the verdicts' own" python3 - "$T/labelled.out" "$T/report.md" <<'PY'
import collections, json, re, sys
count = collections.defaultdict(lambda: [0] * 5)   # pairs, decided, right, said equal and right, said equal
equal = collections.Counter()
for l in open(sys.argv[1]):
    r = json.loads(l)
    for key in ("all", re.split(r"[:@ (]", r["source"])[0]):
        c = count[key]; c[0] += 1; equal[key] += r["expected"]
        if r["verdict"] is not None: c[1] += 1; c[2] += r["verdict"] == r["expected"]
        if r["verdict"] is True: c[4] += 1; c[3] += r["expected"]
pct = lambda a, b: 100 * a / b if b else 0
rows = {m[0]: [int(m[1]), int(m[2])] + [float(x) for x in m[3:]] for m in re.findall(
    r"^\| ([^|]+?) \| (\d+) \| (\d+) \| [\d.]+% \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \|", open(sys.argv[2]).read(), re.M)}
want = {k: [p, d, pct(r, d), pct(r, p), pct(te, se), pct(te, equal[k])] for k, (p, d, r, te, se) in count.items()}
bad = [k for k in want if k not in rows or rows[k][:2] != want[k][:2] or max(abs(a - b) for a, b in zip(rows[k][2:], want[k][2:])) > 0.006]
sys.exit(bool(bad) or len(rows) < 10)
PY
"$BIN"/gen-verify -q --reward binary --report "$T/labelled.jsonl" "$T/labelled.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "--report naming an input: exit 2, one line, the input untouched" \
    eval 'test $rc = 2 -a "$(wc -l < "$T/err")" = 1 && cmp -s "$T/labelled.jsonl" <(cat "$V"/math500_pairs.jsonl "$V"/theoremqa_pairs.jsonl "$V"/mathverify_pairs.jsonl)'

# Hostile input: a verdict or null for each, quickly, under ASan+UBSan.
python3 - "$T/hostile.jsonl" <<'PY'
import json, sys
def sets(order):   # 8 sets of 40 sets of 40 numbers: a comparison as sets costs the product of the sizes
    inner = "\\{%s\\}" % ",".join(map(str, order))
    return "\\{%s\\}" % ",".join("\\{%s\\}" % ",".join([inner] * 40) for _ in range(8))
rows = [{"id": 1, "response": "42"}, {"id": 2, "answer": "42"}, {"id": 3, "answer": "42", "response": "x" * (1 << 20)},
        {"id": 4, "answer": "42", "response": "so \\boxed{42"}, {"id": 5, "answer": "\\frac{" * 10000 + "1" + "}{2}" * 10000, "response": "1"},
        {"id": 6, "answer": "10^{10^{10^{10}}}", "response": "10^{10^{10^{10}}}"}, {"id": 7, "answer": "\\frac{1}{0}", "response": "\\frac{1}{0}"},
        {"id": 8, "answer": "1/0", "response": "\\boxed{0}"}, {"id": 9, "answer": "nan", "response": "inf"},
        {"id": 10, "answer": "x^2", "response": "\\boxed{" * 5000 + "x"}, {"id": 11, "answer": 5, "response": "5"},
        {"id": 12, "answer": sets(range(40)), "response": sets(range(39, -1, -1))}]
with open(sys.argv[1], "w") as f:
    for r in rows: f.write(json.dumps(r) + "\n")
PY
start=$(date +%s%N)
"$ASAN"/gen-verify --rejects "$T/h.rej" "$T/hostile.jsonl" > "$T/h.out" 2> "$T/h.err"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "hostile records: exit 0 under ASan+UBSan in ${ms} ms (bound: 10 s for 12 records)" \
    test $rc = 0 -a $ms -lt 10000 -a -z "$(grep -l 'Sanitizer\|runtime error' "$T/h.err")"
check "hostile records: 9 judged, 3 rejected (missing_answer x2, missing_response)" \
    test "$(wc -l < "$T/h.out")" = 9 -a "$(wc -l < "$T/h.rej")" = 3
check "sets of sets of sets: undecided past the bound on element comparisons" \
    test "$(jq -c 'select(.id == 12) | .verdict' "$T/h.out")" = null
check "an unclosed \\boxed{ still gives a verdict" eval 'jq -se "any(.[]; .id == 4 and has(\"verdict\"))" "$T/h.out" > /dev/null'
"$BIN"/gen-verify --help | grep -q "Example:"; check "--help has an example" test $? = 0
for n in 1 2; do "$BIN"/gen-verify -q --threads $n "$V/math500_pairs.jsonl" > "$T/t$n"; done
check "same output with --threads 1 and 2" cmp -s "$T/t1" "$T/t2"

# No flags at all, as a first run without a verifier model: the paper's reward when a tokenizer is at
# hand, the binary one when not, each said once on stderr; --reward paper with no tokenizer is a usage
# error.  Rewards are told apart on a correct answer of another token count (paper: 1 - 0.05 * diff).
printf '%s\n' '{"answer":"4","response":"\\boxed{4.000}"}' '{"answer":"4","response":"\\boxed{5}"}' \
    '{"answer":"4","response":"no answer here"}' > "$T/first.jsonl"
rewards() { python3 -c 'import json,sys
print(" ".join(str(round(json.loads(l)["reward"], 6)) for l in open(sys.argv[1])))' "$1"; }
env -u GR_TOKENIZER "$BIN"/gen-verify "$T/first.jsonl" > "$T/first.out" 2> "$T/first.err"; rc=$?
check "no flags, no tokenizer: exit 0, binary rewards 1 0 0" test $rc = 0 -a "$(rewards "$T/first.out")" = "1.0 0.0 0.0"
check "no flags, no tokenizer: says 'reward: binary' once" test "$(grep -c 'reward: binary' "$T/first.err")" = 1
GR_TOKENIZER=$SHARED/data/tokenizers/qwen3/tokenizer.json "$BIN"/gen-verify "$T/first.jsonl" > "$T/first.out" 2> "$T/first.err"
check "no flags, GR_TOKENIZER set: the paper's reward (0.8 for 4.000 against 4: four tokens more)" \
    test "$(rewards "$T/first.out")" = "0.8 0.0 0.0" -a "$(grep -c "reward: the paper's" "$T/first.err")" = 1
env -u GR_TOKENIZER "$BIN"/gen-verify -q --reward binary "$T/first.jsonl" > /dev/null 2> "$T/first.err"
check "--reward given: nothing said about it" test ! -s "$T/first.err"
env -u GR_TOKENIZER "$BIN"/gen-verify -q --reward paper "$T/first.jsonl" > "$T/first.out" 2> /dev/null; rc=$?
check "--reward paper without a tokenizer: exit 2, nothing on stdout" test $rc = 2 -a ! -s "$T/first.out"

# Long answers are compared whole: two sentences of 1,189 characters that differ only in the last.
python3 - > "$T/long.jsonl" <<'PY'
import json
for first in range(1, 13):   # word gaps at every residue, one of them where a fixed buffer used to end
    a = "w" * first + "".join(" word%d" % (w % 10) for w in range(198))
    print(json.dumps({"answer": a, "response": a[:-1] + "x"}))
    print(json.dumps({"answer": a, "response": a}))
PY
"$ASAN"/gen-verify -q --reward binary "$T/long.jsonl" > "$T/long.out" 2> "$T/long.err"; rc=$?
check "long string answers: the one that differs at its end is not equal (null), the same one true, 12 times each (ASan: no overrun)" \
    test $rc = 0 -a "$(jq -r .verdict "$T/long.out" | paste -sd' ')" = "$(for i in $(seq 12); do printf 'null true '; done | sed 's/ $//')"
