#!/usr/bin/env bash
# qa-filter: decontamination, near-dup precision/recall, agreement with datatrove's Gopher filter
# and MinHash dedup, two-pass dedup across shards, hostile input under ASan+UBSan, CLI contract.
set -u
source "$(dirname "$0")/common.bash"
PY=${GR_PYTHON:-python3}
M500=$SHARED/data/verify/math500.jsonl
TQA=$SHARED/data/verify/theoremqa.jsonl

# Decontamination: lightly edited MATH-500 problems are all caught, clean questions all survive.
"$BIN"/qa-filter -q --rules decontam --decontaminate "$M500,$TQA" --rejects "$T/rej" testdata/qa/decontam.jsonl > "$T/kept"
python3 tests/shell/eval_qa_filter.py decontam testdata/qa/decontam.jsonl "$T/kept" "$T/rej"

# Near duplicates with known edit rates.
"$BIN"/qa-filter -q --rules exact,near testdata/qa/neardup.jsonl > "$T/near.kept"
python3 tests/shell/eval_qa_filter.py neardup testdata/qa/neardup.jsonl "$T/near.kept"

# datatrove, the library the field uses, with the same settings on the same records.
if "$PY" -c 'import datatrove' 2>/dev/null; then
    "$PY" tests/oracle/datatrove_gopher.py testdata/qa/neardup.jsonl > "$T/dt.gopher" 2>/dev/null
    "$BIN"/qa-filter -q --rules gopher --no-repetition --gopher-math keep --min-words 50 --max-words 100000 --min-alpha-words 0.8 \
        --min-stop-words 2 testdata/qa/neardup.jsonl > "$T/g.kept"
    python3 tests/shell/eval_qa_filter.py oracle gopher testdata/qa/neardup.jsonl "$T/g.kept" "$T/dt.gopher" 0.98
    "$PY" tests/oracle/datatrove_minhash.py testdata/qa/neardup.jsonl --ngram 5 --bands 14 --rows 8 > "$T/dt.mh" 2>/dev/null
    "$BIN"/qa-filter -q --rules near testdata/qa/neardup.jsonl > "$T/n.kept"
    python3 tests/shell/eval_qa_filter.py minhash testdata/qa/neardup.jsonl "$T/n.kept" "$T/dt.mh"
else
    fail "datatrove oracle not installed (run make deps)"
fi

# Two passes over shards give the same records as one pass over all.
head -n 440 testdata/qa/neardup.jsonl > "$T/a.jsonl"; tail -n +441 testdata/qa/neardup.jsonl > "$T/b.jsonl"
"$BIN"/qa-filter -q --rules near --signatures-out "$T/a.sig" "$T/a.jsonl" > "$T/a.kept"
"$BIN"/qa-filter -q --rules near --dedup-against "$T/a.sig" "$T/b.jsonl" > "$T/b.kept"
cat "$T/a.kept" "$T/b.kept" | cut -d, -f1 > "$T/two"
cut -d, -f1 "$T/n.kept" > "$T/one"
check "two-pass dedup (--signatures-out, --dedup-against) keeps what one pass keeps ($(wc -l < "$T/two") records)" cmp -s "$T/one" "$T/two"
check "no temp file left by --signatures-out" test ! -e "$T/a.sig.tmp"
head -c 100 "$T/a.sig" > "$T/cut.sig"
"$BIN"/qa-filter --dedup-against "$T/cut.sig" "$T/b.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "truncated signature file: exit 2, named (got $rc)" test $rc = 2 -a -n "$(grep -l 'cut.sig: truncated' "$T/err")"
"$BIN"/qa-filter --ngram 4 --dedup-against "$T/a.sig" "$T/b.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "signature file made with other settings: exit 2" test $rc = 2 -a -n "$(grep -l 'other settings' "$T/err")"

# Every record is accounted for, with fixed reasons.
"$BIN"/qa-filter --decontaminate "$M500" --rejects "$T/all.rej" testdata/qa/decontam.jsonl testdata/qa/neardup.jsonl \
    > "$T/all.kept" 2> "$T/err"
in=$(grep -o '[0-9]* records in' "$T/err" | cut -d' ' -f1)
check "kept + rejected = records in ($(wc -l < "$T/all.kept") + $(wc -l < "$T/all.rej") = $in)" \
    test $(( $(wc -l < "$T/all.kept") + $(wc -l < "$T/all.rej") )) = "$in"
check "the summary names each reason with its count" grep -q "rejected (.*contaminated:math500 [0-9]*" "$T/err"
for n in 1 2; do "$BIN"/qa-filter -q --threads $n testdata/qa/neardup.jsonl testdata/qa/decontam.jsonl > "$T/t$n"; done
check "same output with --threads 1 and 2" cmp -s "$T/t1" "$T/t2"

# Hostile input under ASan+UBSan.
python3 - "$T/hostile.jsonl" <<'PY'
import json, sys
def q(k): return "What is the value of x if %dx + 7 = 22 in the equation below?" % k
rows = [{"id": 1, "answer": "5"}, {"id": 2, "question": 42, "answer": "5"}, {"id": 3, "question": q(3)},
        {"id": 4, "question": q(4), "answer": "x " * (5 << 20)}, {"id": 5, "question": q(5), "answer": "y" * (10 << 20)},
        {"id": 6, "question": "\\frac{" * 10000 + "What is this?", "answer": "1"},
        {"id": 7, "question": q(7) + " " + "{" * 50000, "answer": "2"}, {"id": 8, "question": q(8), "answer": ["a", "b"]},
        {"id": 9, "question": q(9), "answer": "see above"}, {"id": 10, "question": "Prove that there are infinitely many primes.", "answer": "Yes"},
        {"id": 11, "question": q(11), "answer": {"nested": [1, {"deep": None}]}}, {"id": 12, "question": q(11), "answer": "5"}]
with open(sys.argv[1], "w") as f:
    for r in rows: f.write(json.dumps(r) + "\n")
    f.write('{"id": 13, "question": "broken\n')
PY
printf '{"id": 14, "question": "bad \xff utf8 in this question here", "answer": "1"}\n' >> "$T/hostile.jsonl"
"$ASAN"/qa-filter --rejects "$T/h.rej" "$T/hostile.jsonl" > "$T/h.out" 2> "$T/h.err"; rc=$?
check "hostile records: exit 0 under ASan+UBSan (got $rc)" test $rc = 0 -a -z "$(grep -l 'Sanitizer\|runtime error' "$T/h.err")"
reasons=$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["reject_reason"] for l in open(sys.argv[1])))' "$T/h.rej")
check "hostile records: each dropped for its reason ($reasons)" test "$reasons" = \
    "missing_question missing_question missing_answer answer_too_long broken_latex repeated_text answer_placeholder proof_question duplicate malformed malformed"
check "hostile records: the rest kept (10 MB one-word answer, list answer, object answer)" test "$(wc -l < "$T/h.out")" = 3

"$BIN"/qa-filter --rules shape,bogus < /dev/null 2> "$T/err"; rc=$?
check "unknown rule group: exit 2, named" test $rc = 2 -a -n "$(grep -l "unknown rule group 'bogus'" "$T/err")"
"$BIN"/qa-filter --decontaminate /nonexistent.jsonl < /dev/null 2> /dev/null; check "missing benchmark file: exit 2" test $? = 2
"$BIN"/qa-filter --help | grep -q "Example:"; check "--help has an example" test $? = 0

# --verifiable on the bundled crawls: what comes out of answer-typer is one short answer per
# record (no prose answers: at most ten words, one line), worked solutions kept with their result
# as the answer and the text as the solution; proofs, parts and prose dropped with their reasons.
"$BIN"/warc-extract -q "$SHARED"/data/warc/*.warc.gz testdata/warc/*.warc.gz testdata/warc/quiz.warc testdata/warc/textqa.warc.wet \
    | "$BIN"/qa-filter -q --verifiable --rejects "$T/v.rej" | "$BIN"/answer-typer -q > "$T/v.out"
check "--verifiable | answer-typer on the crawls: every answer short ($(wc -l < "$T/v.out") records)" python3 - "$T/v.out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
long = [r["answer"] for r in rows if isinstance(r["answer"], str) and (len(r["answer"].split()) > 10 or "\n" in r["answer"])]
print("\n".join("# " + a[:100] for a in long))
sys.exit(not rows or bool(long))
PY
check "--verifiable: worked solutions keep their text as the solution" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(not any(r.get("solution") and r["answer"] == "83500 J" for r in rows))' "$T/v.out"
check "--verifiable: prose answers dropped as answer_not_short or answer_too_long" \
    test -n "$(jq -r 'select(.reject_reason == "answer_not_short" or .reject_reason == "answer_too_long") | .question' "$T/v.rej" | grep -i 'compound interest')"
printf '%s\n' '{"question": "Prove that there are infinitely many primes.", "answer": "Yes"}' \
    '{"question": "A ball is thrown up at 10 m/s. (a) How high does it go? (b) When does it land?", "answer": "5.1 m"}' \
    '{"question": "Explain why the sky is blue.", "answer": "Rayleigh scattering"}' > "$T/parts.jsonl"
"$BIN"/qa-filter -q --verifiable --rejects "$T/parts.rej" "$T/parts.jsonl" > /dev/null
check "--verifiable: proof_question, multi_part, not_verifiable ($(jq -r .reject_reason "$T/parts.rej" | paste -sd' '))" \
    test "$(jq -r .reject_reason "$T/parts.rej" | paste -sd' ')" = "proof_question multi_part not_verifiable"
