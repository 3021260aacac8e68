#!/usr/bin/env bash
# answer-typer against answers labelled by others (TheoremQA's authors, MATH-500), its CLI
# contract, and hostile input under ASan+UBSan.
set -u
source "$(dirname "$0")/common.bash"

# TheoremQA: keep the authors' label aside, type, compare.
python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l); r["answer_type_label"] = r.pop("answer_type"); print(json.dumps(r))
' "$SHARED/data/verify/theoremqa.jsonl" > "$T/tqa.jsonl"
"$BIN"/answer-typer -q "$T/tqa.jsonl" > "$T/tqa.typed"
python3 tests/shell/check_typing.py theoremqa "$T/tqa.typed"

"$BIN"/answer-typer -q "$SHARED/data/verify/math500.jsonl" > "$T/m500.typed"
python3 tests/shell/check_typing.py math500 "$T/m500.typed"

# Exact canonical forms for the answers the issue names.
while IFS=$'\t' read -r answer want_type want_canon; do
    got=$(printf '{"answer": %s}\n' "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$answer")" \
          | "$BIN"/answer-typer -q | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["answer_type"], json.dumps(r["answer_canonical"], sort_keys=True))')
    case "$got" in
        "$want_type "*"$want_canon"*) ok "typed $answer as $want_type" ;;
        *) fail "typed $answer: got $got, want $want_type ...$want_canon..." ;;
    esac
done <<'TABLE'
1,234	integer	"value": 1234
-3	integer	"value": -3
26.3	float	"sig_figs": 3
3.2e5	float	"value": 320000.0
3.2 \times 10^5	float	"value": 320000.0
3.2\times10^{5}	float	"value": 320000.0
−7.5	float	"value": -7.5
3/4	fraction	"den": 4, "num": 3
\frac{3}{4}	fraction	"den": 4, "num": 3
\dfrac{-3}{4}	fraction	"den": 4, "num": -3
2\frac{1}{2}	fraction	"den": 2, "num": 5
50%	percentage	"fraction": 0.5
12.5\%	percentage	"fraction": 0.125
4.9 J	quantity	"si_unit": "kg m^2 s^-2"
30.0 torr	quantity	"sig_figs": 3
760 mmHg	quantity	"si_unit": "kg m^-1 s^-2"
9.8\,\mathrm{m/s^2}	quantity	"si_unit": "m s^-2"
5 \text{ m/s}	quantity	"si_unit": "m s^-1"
8.314 J/(mol K)	quantity	"unit": "J/(mol K)"
\$12.50	quantity	"currency": true
x = 4 + 8t	equation	"lhs": "x", "op": "=", "rhs": "(+ 4 (* 8 t))"
y = 2x + 1	equation	"rhs": "(+ (* 2 x) 1)"
\frac{\sqrt{3}}{2}	expression	"expr": "(/ (sqrt 3) 2)"
6 - 5i	expression	"expr": "(+ 6 (- (* 5 i)))"
[0, 1)	interval	"lo": "0", "lo_closed": true
(-\infty, 2]	interval	"hi": "2", "hi_closed": true
(0,9) \cup (9,36)	interval	"hi": "9", "hi_closed": false
\{1,2\}	set	"elements": [
(6,31,-1)	tuple	"elements": [
30.0 torr, 26.3 torr	list	"type": "quantity"
[1, 2, 3]	list	"elements": [
\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}	matrix	"rows": [["1", "2"], ["3", "4"]]
\langle 1, -2 \rangle	tuple	"elements": [
(B)	choice	"letter": "B"
B.	choice	"letter": "B"
Option B	choice	"letter": "B"
(c)	choice	"letter": "C"
True	boolean	"value": true
No	boolean	"value": false
\text{Evelyn}	string	"text": "Evelyn"
photosynthesis	string	"text": "photosynthesis"
PV = $1,000 / 1.05^3 = $863.84	quantity	"value": 863.84
Our goal is open data, not just for big companies, for everyone	string	"text": "Our goal
52_8	integer	"base": 8, "digits": "52", "value": 42
10,\!080	integer	"value": 10080
x \in [-2,7]	interval	"lo": "(- 2)", "lo_closed": true
5.4 \text{ cents}	quantity	"currency": true
TABLE

# CLI contract and hostile input (ASan+UBSan build).
python3 - "$T/hostile.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": 1, "answer": "\\frac{" * 10000 + "1" + "}{2}" * 10000}) + "\n")
    f.write(json.dumps({"id": 2, "answer": "{" * 100000}) + "\n")
    f.write(json.dumps({"id": 3, "answer": "x" * (10 << 20)}) + "\n")
    f.write(json.dumps({"id": 4, "answer": 42}) + "\n")
    f.write(json.dumps({"id": 5, "answer": ["a", 1]}) + "\n")
    f.write(json.dumps({"id": 6, "question": "no answer"}) + "\n")
    f.write("{not json\n")
    f.write(json.dumps({"id": 8, "answer": "\\left( \\right] \\sqrt[ \\frac{}{"}) + "\n")
    f.write(json.dumps({"id": 9, "answer": "((((((((((" * 1000}) + "\n")
    f.write(json.dumps({"id": 10, "answer": "1" * 5000 + " m"}) + "\n")
PY
printf '\xff\xfe{"answer": "bad utf8"}\n' >> "$T/hostile.jsonl"
"$ASAN"/answer-typer --rejects "$T/rej.jsonl" "$T/hostile.jsonl" > "$T/out" 2> "$T/err"; rc=$?
check "hostile answers: exit 0 under ASan+UBSan (got $rc)" test $rc = 0 -a -z "$(grep -l 'Sanitizer\|runtime error' "$T/err")"
check "hostile answers: 8 typed, 3 rejected (missing_answer, 2 malformed)" \
    test "$(wc -l < "$T/out")" = 8 -a "$(wc -l < "$T/rej.jsonl")" = 3
check "10,000-deep \\frac typed as string, no stack overflow" \
    test "$(head -1 "$T/out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["answer_type"])')" = string
check "malformed lines named by file:line" grep -q "hostile.jsonl:7: invalid JSON" "$T/err"
check "summary counts them" grep -q "11 records in, 8 typed, 3 rejected (missing_answer 1, malformed 2)" "$T/err"
"$BIN"/answer-typer --strict "$T/hostile.jsonl" > /dev/null 2>&1; check "--strict: exit 1 on malformed input" test $? = 1
"$BIN"/answer-typer --help | grep -q "Example:"; check "--help" test $? = 0
"$BIN"/answer-typer --bogus 2>/dev/null; check "bad option: exit 2" test $? = 2
"$BIN"/answer-typer /nonexistent 2>/dev/null; check "missing file: exit 2" test $? = 2
for n in 1 2; do "$BIN"/answer-typer -q --threads $n "$T/tqa.jsonl" > "$T/t$n"; done
check "same output with --threads 1 and 2" cmp -s "$T/t1" "$T/t2"
