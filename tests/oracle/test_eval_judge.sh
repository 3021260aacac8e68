#!/usr/bin/env bash
# gen-verify's benchmark conventions against a transcription of the paper's scoring scripts
# (tests/oracle/eval_oracle.py): 2,000 varied responses per convention (several boxes, nested
# braces, no box, \text{C}, "(C)", stop words, chat transcripts, Unicode whitespace, trailing
# prose, empty), what each reads and decides must agree on every one; TheoremQA against the labelled
# pairs of ../shared/data/verify (TheoremQA's own answers); the random letter is seeded.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}

"$PY" tests/oracle/eval_oracle.py cases 2000 1 > "$T/cases.jsonl"
"$PY" tests/oracle/eval_oracle.py score "$T/cases.jsonl" > "$T/want.jsonl"
"$BIN"/gen-verify -q --reward binary "$T/cases.jsonl" > "$T/ours.jsonl"
out=$("$PY" tests/oracle/compare_judgements.py "$T/ours.jsonl" "$T/want.jsonl" "$T/cases.jsonl"); rc=$?
check "benchmark conventions = the paper's scripts on every response: $(echo "$out" | head -n 4 | tr '\n' ' ' | cut -c1-700)" test $rc = 0

"$ASAN"/gen-verify -q --reward binary -j 2 "$T/cases.jsonl" > "$T/asan.jsonl" 2> "$T/asan.err"; rc=$?
check "the same 10,000 under ASan+UBSan on 2 threads: exit 0, identical output, nothing on stderr" \
    test $rc = 0 -a ! -s "$T/asan.err" -a "$(cmp "$T/asan.jsonl" "$T/ours.jsonl" 2>&1)" = ""

# The one pass is built for SSE2 and for AVX2, and core/isa picks one: the plain one reads the same.
GR_MAX_ISA=generic "$BIN"/gen-verify -q --reward binary "$T/cases.jsonl" > "$T/generic.jsonl" 2> /dev/null
check "GR_MAX_ISA=generic (the SSE2 pass): identical output on the 10,000" cmp -s "$T/generic.jsonl" "$T/ours.jsonl"
out=$(GR_MAX_ISA=generic "${ASAN%/bin}"/test_extract 2>&1 | head -n 1)
check "GR_MAX_ISA=generic, $out" test "${out#ok }" != "$out"

# The paper's random letter, deterministic: the same --seed gives the same letters, another moves some.
jq -c 'select(.benchmark == "MMLU-Pro")' "$T/cases.jsonl" > "$T/mc.jsonl"
letters() { "$BIN"/gen-verify -q --reward binary --seed "$1" "$T/mc.jsonl" | jq -r 'select(.unanswered) | .prediction' | tr -d '\n'; }
a=$(letters 1); b=$(letters 1); c=$(letters 2)
check "random letters: ${#a} unanswered, the same under one --seed, others under another" \
    test -n "$a" -a "$a" = "$b" -a "$a" != "$c"

# TheoremQA: its grader's rules on the labelled pairs (integers, floats within 4%, bools, options, lists).
"$BIN"/gen-verify -q --reward binary --convention theoremqa "$SHARED"/data/verify/theoremqa_pairs.jsonl > "$T/tq.jsonl"
n=$(wc -l < "$T/tq.jsonl"); right=$(jq -r 'select(.verdict == .expected) | 1' "$T/tq.jsonl" | wc -l)
check "TheoremQA convention: $right of $n labelled pairs as labelled" test "$n" = 1920 -a "$right" = "$n"
"$BIN"/gen-verify -q --reward binary --convention theoremqa "$SHARED"/data/verify/theoremqa_list_order_pairs.jsonl > "$T/tl.jsonl"
check "TheoremQA sorts lists as its grader does: reordered lists are right ($(jq -r 'select(.verdict) | 1' "$T/tl.jsonl" | wc -l) of 50)" \
    test "$(jq -r 'select(.verdict) | 1' "$T/tl.jsonl" | wc -l)" -ge 45

# Bad surroundings: an empty or cut-off response is a wrong answer, never a lost row.
printf '%s\n' '{"benchmark":"GPQA-Diamond","answer":"A","response":""}' '{"benchmark":"MMLU-Pro","answer":"A","response":"\\boxed{"}' \
    '{"benchmark":"BBEH","answer":"x","response":"Final Answer: x"}' '{"benchmark":"MATH-500","answer":"3","response":"\\boxed{3"}' > "$T/cut.jsonl"
"$BIN"/gen-verify -q --reward binary "$T/cut.jsonl" > "$T/cut.out"
check "empty or truncated responses: 4 judged, each unanswered" \
    test "$(jq -r 'select(.unanswered) | 1' "$T/cut.out" | wc -l)" = 4
"$BIN"/gen-verify --convention nosuch < /dev/null > /dev/null 2> "$T/err"; rc=$?
check "--convention of no benchmark: exit 2, one line ($(cat "$T/err"))" test $rc = 2 -a "$(wc -l < "$T/err")" = 1

# The math convention on real labelled pairs (MATH-500's, each candidate put in a sentence with a
# box, as a response would end): as labelled, and beside math-verify on the same pairs.
jq -c 'select((.response | test("\n|boxed")) | not) | .response = "So the answer is $\\boxed{" + .response + "}$."' \
    "$SHARED"/data/verify/math500_pairs.jsonl > "$T/mb.jsonl"
"$BIN"/gen-verify -q --reward binary --convention math500 "$T/mb.jsonl" > "$T/mbo.jsonl"
# a null verdict scores as wrong, as the paper's script scores what its judge cannot read: so every
# equal pair must be true, and no unequal one true (unsure ones are null)
n=$(wc -l < "$T/mbo.jsonl"); right=$(jq -r 'select(.verdict == .expected or (.expected == false and .verdict == null)) | 1' "$T/mbo.jsonl" | wc -l)
mv=""
if "$PY" tests/oracle/mathverify_judge.py "$T/mb.jsonl" > "$T/mv.jsonl" 2> /dev/null; then
    mv=$(paste -d'\t' "$T/mbo.jsonl" "$T/mv.jsonl" | "$PY" -c '
import json, sys
n = same = right = 0
for l in sys.stdin:
    a, b = (json.loads(x) for x in l.rstrip("\n").split("\t"))
    n += 1; same += a["verdict"] == b["verdict"]; right += b["verdict"] == a["expected"]
print(f"; math-verify as labelled on {right}, agreeing with ours on {same} of {n}")')
fi
check "math convention on $n labelled MATH-500 pairs in a boxed sentence: $right scored as labelled$mv" test "$n" -gt 1000 -a "$right" = "$n"
