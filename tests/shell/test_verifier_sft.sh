#!/usr/bin/env bash
# verifier-sft and pipelines/verifier-data: a teacher's verdicts into SFT records for the verifier.
# The prompt is checked against the paper's template as the reference transcribes it; every
# record is accounted for (SFT record or reject with a reason); the balance is order-free.
source "$(dirname "$0")/common.bash"
PY=${GR_PYTHON:-python3}
REF=$SHARED/reference/general-reasoner.md

cat > "$T/in.jsonl" <<'J'
{"id":"y1","question":"What is 2 + 3?","answer":"5","extracted":"5.0","verifier_output":"5.0 equals 5.\nFinal Decision: Yes\nMore text."}
{"id":"y2","question":"Boiling point of water at 1 atm?","answer":"100 °C","extracted":"373.15 K","verifier_output":"Both are the same temperature. Final Decision: Yes"}
{"id":"y3","question":"Name the organelle of respiration.","answer":"mitochondrion","extracted":"the mitochondria","verifier_output":"Same organelle.\nFinal Decision: Yes"}
{"id":"n1","question":"What is 2 + 3?","answer":"5","extracted":"6","verifier_output":"6 is not 5. Final Decision: No"}
{"id":"d1","question":"What is 2 + 3?","answer":"5","extracted":"7","verifier_output":"Looks right. Final Decision: Yes"}
{"id":"x1","question":"What is 2 + 3?","answer":"5","extracted":"5","verifier_output":"I am not sure what to say."}
{"id":"x2","answer":"5","extracted":"5","verifier_output":"Final Decision: Yes"}
{"id":"x3","question":"What is 2 + 3?","answer":"5","extracted":null,"verifier_output":"No answer given. Final Decision: No"}
J
"$BIN"/verifier-sft --rejects "$T/rej.jsonl" "$T/in.jsonl" > "$T/out.jsonl" 2> "$T/err"; rc=$?
check "exit $rc; every record out or rejected ($(cat "$T/err"))" \
    test $rc = 0 -a "$(( $(wc -l < "$T/out.jsonl") + $(wc -l < "$T/rej.jsonl") ))" = 8
check "rejects: no_decision, missing_question, teacher_disagrees (a rule says 7 is not 5), and the lone Yes of two types" \
    test "$(jq -r 'select(.reject_reason != "unbalanced" or (.id | test("^y"))) | "\(.id):\(.reject_reason)"' "$T/rej.jsonl" | sort | tr '\n' ' ')" \
    = "d1:teacher_disagrees x1:no_decision x2:missing_question y2:unbalanced y3:unbalanced "
check "the prompt is the paper's verifier template, filled as str.format fills it (None for no answer)" "$PY" - "$REF" "$T/out.jsonl" <<'PY'
import json, re, sys
ref = open(sys.argv[1], encoding="utf-8").read()
template = re.search(r"\n```\n(User: ### Question: \{question\}.*?Assistant:)\n```", ref, re.S).group(1)
src = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2].replace("out.jsonl", "in.jsonl"))}
ok = True
for l in open(sys.argv[2]):
    r = json.loads(l)
    s = src[r["id"]]
    want = template.format(question=s["question"], ground_truth=s["answer"], student_answer=s["extracted"])
    ok &= r["prompt"] == want
sys.exit(not ok)
PY
check "targets end at the first decision; verdicts are the teacher's; one Yes and one No of the integer type kept" \
    test "$(jq -r '(if .verdict then "Yes" else "No" end) as $d | "\(.verdict) \(.response | endswith("Final Decision: " + $d)) \(.answer_type)"' "$T/out.jsonl" | sort | tr '\n' ';')" \
    = "false true integer;true true integer;"
tac "$T/in.jsonl" | "$BIN"/verifier-sft -q | jq -r .id | sort > "$T/rev.ids"
check "the balance keeps the same records whatever the input order" test "$(jq -r .id "$T/out.jsonl" | sort)" = "$(cat "$T/rev.ids")"
"$BIN"/verifier-sft -q --no-balance --keep-disagreements "$T/in.jsonl" > "$T/all.jsonl"
check "--no-balance --keep-disagreements: 6 kept, d1 marked by rule_verdict false" \
    test "$(wc -l < "$T/all.jsonl")" = 6 -a "$(jq -r 'select(.id == "d1") | .rule_verdict' "$T/all.jsonl")" = false
"$BIN"/verifier-sft < /dev/null > "$T/none.jsonl" 2> "$T/err"; rc=$?
check "an empty dataset: exit 0, nothing out, counted ($(cat "$T/err"))" test $rc = 0 -a ! -s "$T/none.jsonl"
printf '{"question":"q","answer":"5","verifier_output":"Final Decision: Yes"}\nnot json\n' | "$BIN"/verifier-sft -q --rejects "$T/r2.jsonl" > /dev/null; rc=$?
check "no answer of the student's and a malformed line: both rejected with reasons" \
    test "$(jq -r .reject_reason "$T/r2.jsonl" | sort | tr '\n' ' ')" = "malformed missing_response "

# --teacher rules: the comparison written from the rule verifier, undecided pairs rejected.
D=testdata/verify
"$BIN"/verifier-sft -q --teacher rules --rejects "$T/rr.jsonl" "$D"/finance_economics.jsonl > "$T/rules.jsonl"
check "--teacher rules: the verdicts are the rules' and right on the labelled pairs; balanced per type" "$PY" - "$T/rules.jsonl" "$D"/finance_economics.jsonl "$T/rr.jsonl" <<'PY'
import collections, json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
label = {json.loads(l)["id"]: json.loads(l)["expected"] for l in open(sys.argv[2])}
rej = collections.Counter(json.loads(l)["reject_reason"] for l in open(sys.argv[3]))
per = collections.Counter((r["answer_type"], r["verdict"]) for r in out)
balanced = all(per[(t, True)] == per[(t, False)] for t, _ in per)
ok = out and all(r["verdict"] == label[r["id"]] and r["response"].endswith("Final Decision: " + ("Yes" if r["verdict"] else "No")) for r in out)
sys.exit(not (ok and balanced and rej["rule_undecided"] > 0 and len(out) + sum(rej.values()) == len(label)))
PY

# The pipeline with a model teacher: the tiny random one never decides, and says so.
M=${GR_DEMO_MODELS:-build/demo-models}
if [ -f "$M/qwen2-f32/config.json" ]; then
    head -4 "$D"/chemistry_biology.jsonl | jq -c 'del(.response)' > "$T/q.jsonl"
    pipelines/verifier-data --teacher "$M/qwen2-f32" -n 2 --max-tokens 6 --teacher-tokens 6 --rejects "$T/pr.jsonl" -q "$T/q.jsonl" > "$T/p.jsonl"; rc=$?
    check "verifier-data with a model teacher: exit $rc, 8 answers written, each rejected as no_decision" \
        test $rc = 0 -a ! -s "$T/p.jsonl" -a "$(jq -r .reject_reason "$T/pr.jsonl" | sort | uniq -c | tr -s ' ')" = " 8 no_decision"
    pipelines/verifier-data --teacher rules -q "$D"/chemistry_biology.jsonl > "$T/sft.jsonl"
    "$BIN"/sft-step -q --model "$M/qwen2-f32" --out "$T/student" --lr 1e-3 "$T/sft.jsonl" > "$T/metrics.jsonl"; rc=$?
    check "sft-step takes verifier-data's records: exit $rc, $(jq -r .samples "$T/metrics.jsonl") samples, a finite loss" \
        jqt -e '.samples > 10 and (.loss | isnormal)' "$T/metrics.jsonl"
else
    echo "skip the pipeline with a model teacher: no $M (make demo builds it)"
fi
