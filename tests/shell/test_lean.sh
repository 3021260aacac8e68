#!/usr/bin/env bash
# Lean records (lib/core/jscan.h, stage.c's splice): a stage that names the fields it reads
# writes each line as read with only its own fields changed.  Checked with Python's json as the
# oracle on generated lines of every shape (whitespace, key order, escapes, non-ASCII, numbers
# jansson would rewrite, nested values, fields the stage writes already there, repeated keys,
# surrogate escapes, long numbers, malformed lines), through gen-verify (also under ASan+UBSan),
# eval-score, answer-typer and qa-filter.
set -u
source "$(dirname "$0")/common.bash"

python3 - "$T/in.jsonl" <<'PY'
import json, random, sys
rng = random.Random(11)
def extra():
    return rng.choice([0.1, 1e-7, 2**62, -0.0, 3, "é中😀", "a\u0001b", "x/y", None, True, [1, [2, {"k": "v"}]], {"n": {"m": [0.5]}}, ""])
lines = []
for i in range(3000):
    r = {"id": "r%d" % i, "answer": rng.choice(["42", "\\frac{1}{2}", "C", "x^2"]),
         "response": rng.choice(["so \\boxed{42}", "The answer is \\boxed{C}.", "x = 1/2", "", "é \\boxed{x^2}\n"])}
    if rng.random() < 0.7: r["question"] = rng.choice(["What is 6 times 7?", "Solve for x: $2x = 1$. What is x?", "Which option?"])
    if rng.random() < 0.3: r["benchmark"] = rng.choice(["MMLU-Pro", "MATH-500", "GPQA-Diamond"]); r["category"] = "math"
    for k in range(rng.randrange(4)): r["extra%d" % k] = extra()
    if rng.random() < 0.15: r["verdict"] = "stale"; r["extracted"] = 7   # from an earlier run: replaced
    if rng.random() < 0.05: del r["answer"]                           # rejected, with its fields
    keys = list(r); rng.shuffle(keys); r = {k: r[k] for k in keys}
    sep = rng.choice([(",", ":"), (", ", ": "), (" ,", " : ")])
    line = json.dumps(r, ensure_ascii=rng.random() < 0.5, separators=sep)
    kind = rng.random()
    if kind < 0.03: line = line[:-1] + ', "id": "dup%d"}' % i        # a repeated key: the last wins
    elif kind < 0.05: line = line[:-1] + ', "s": "\\ud83d\\ude00"}'    # a surrogate pair
    elif kind < 0.07: line = line[:-1] + ', "big": 123456789012345678901}'
    elif kind < 0.08: line = line[:-1]                                 # malformed
    elif kind < 0.10: line = " \t" + line + " \r"
    lines.append(line)
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY

check_lean() {   # check_lean "FIELDS IT WRITES" OUT REJ: every record's other fields as the oracle reads them
    python3 - "$1" "$T/in.jsonl" "$2" "$3" <<'PY'
import json, sys
WRITTEN = set(sys.argv.pop(1).split()) | {"reject_reason", "reject_detail"}
def no_dups(pairs):   # a stage that writes its records never repeats a key (one that passes lines as read may)
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)) or "as-read" in WRITTEN, "repeated key %r" % keys
    return dict(pairs)
inputs, bad = {}, 0
for line in open(sys.argv[1], encoding="utf-8"):
    try: r = json.loads(line)
    except ValueError: bad += 1; continue
    inputs[r["id"]] = (r, line.strip())
seen, problems, passthrough, malformed = 0, [], 0, 0
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        out = json.loads(line, object_pairs_hook=no_dups)
        if out.get("reject_reason") == "malformed": malformed += 1; continue   # jansson's too big integers too
        r, raw = inputs[out["id"]]
        seen += 1
        kept = [k for k in r if k not in WRITTEN]
        if [k for k in out if k in r and k not in WRITTEN] != kept: problems.append("order " + out["id"])
        for k in kept:
            if json.dumps(out[k]) != json.dumps(r[k]): problems.append("%s.%s changed" % (out["id"], k))
        if not (set(r) & WRITTEN) and raw.startswith("{") and line.startswith(raw[:-1]): passthrough += 1
assert not problems, problems[:5]
assert seen + malformed == len(inputs) + bad, (seen, malformed, len(inputs), bad)
print(passthrough)
PY
}

"$BIN"/gen-verify -q --reward binary --rejects "$T/rej.jsonl" "$T/in.jsonl" > "$T/out.jsonl"; rc=$?
check "gen-verify: exit 0 on 3000 lines of every shape" test $rc = 0
n_in=$(wc -l < "$T/in.jsonl"); n_out=$(cat "$T/out.jsonl" "$T/rej.jsonl" | wc -l)
check "gen-verify: every line accounted for ($n_out of $n_in out or rejected)" test "$n_in" = "$n_out"
same=$(check_lean "extracted prediction unanswered verdict reward verifier verifier_detail" "$T/out.jsonl" "$T/rej.jsonl" 2>&1); rc=$?
check "gen-verify: no repeated keys; every field it does not write kept, in order, with its value ($same)" test $rc = 0
echo "$same" | tail -3 | sed 's/^/# /'
check "gen-verify: lines without its fields pass through byte for byte, the new fields after them (${same:-0} lines)" \
    test "${same:-0}" -gt 1500 2>/dev/null
check "gen-verify: a number jansson would rewrite (0.1) is kept as written" grep -q '"extra[0-9]": 0.1[,}]' "$T/out.jsonl"
check "gen-verify: a stale verdict from an earlier run is replaced, not repeated" \
    test "$(grep -c '"verdict": *"stale"' "$T/out.jsonl")" = 0
check "gen-verify: a rejected record keeps its fields" \
    jqt -se 'map(select(.reject_reason == "missing_answer")) | length > 50 and all(has("response") and has("id"))' "$T/rej.jsonl"

"$ASAN"/gen-verify -q --reward binary --rejects "$T/rej.asan" "$T/in.jsonl" > "$T/out.asan" 2> "$T/asan.err"; rc=$?
check "gen-verify under ASan+UBSan: exit 0, no report, the same output" \
    test $rc = 0 -a -z "$(grep -l 'Sanitizer\|runtime error' "$T/asan.err")" -a "$(cat "$T/out.jsonl" | sha1sum)" = "$(cat "$T/out.asan" | sha1sum)"

"$BIN"/eval-score -q --json "$T/score.json" --rejects "$T/score.rej" "$T/out.jsonl" > /dev/null; rc=$?
check "eval-score: reads the spliced lines (exit $rc)" test $rc = 0
check "eval-score: records without a benchmark rejected whole, with their fields" \
    jqt -se 'length > 1000 and all(.reject_reason == "unknown_benchmark" and has("response"))' "$T/score.rej"

"$BIN"/answer-typer -q --rejects "$T/typed.rej" "$T/in.jsonl" > "$T/typed.jsonl"; rc=$?
same=$(check_lean "answer solution category answer_type answer_canonical" "$T/typed.jsonl" "$T/typed.rej" 2>&1); rc2=$?
check "answer-typer: exit $rc; every field it does not write kept, in order, with its value ($same)" test $rc = 0 -a $rc2 = 0
check "answer-typer: every record it typed has answer_type and answer_canonical" \
    jqt -se 'length > 2000 and all(has("answer_type") and has("answer_canonical"))' "$T/typed.jsonl"

"$BIN"/qa-filter -q --rules shape --rejects "$T/qa.rej" "$T/in.jsonl" > "$T/qa.jsonl"; rc=$?
same=$(check_lean "as-read" "$T/qa.jsonl" "$T/qa.rej" 2>&1); rc2=$?
check "qa-filter: exit $rc; kept records as read, rejected ones with all their fields ($same)" test $rc = 0 -a $rc2 = 0
check "qa-filter: kept records are the lines as read (with questions: $(wc -l < "$T/qa.jsonl") kept)" python3 -c '
import sys
lines = {l.strip() for l in open(sys.argv[1], encoding="utf-8")}
kept = [l.strip() for l in open(sys.argv[2], encoding="utf-8")]
sys.exit(not (len(kept) > 1000 and all(l in lines for l in kept)))' "$T/in.jsonl" "$T/qa.jsonl"
