#!/usr/bin/env bash
# eval-score against the paper's aggregation (eval_mmlupro.py's per-category, micro and macro
# accuracy; SuperGPQA's disciplines; simple-evals' mean over n_repeats) computed in Python from the
# same records: every benchmark's rows (MMLU-Pro's 12,032 with their categories, AIME24 x 32
# samples, ...), two runs, random verdicts; n equals the rows that went in.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
E=$SHARED/data/eval

"$PY" - "$E" "$T" <<'PY'
import json, random, sys, gzip, collections
E, T = sys.argv[1:3]
rng = random.Random(5)
files = ["mmlu_pro", "bbeh", "math500", "olympiadbench", "minerva_math", "gsm8k", "amc23", "aime24", "aime25"]
rows = [json.loads(l) for f in files for l in open(f"{E}/{f}.jsonl")]
rows += [json.loads(l) for l in gzip.open(f"{E}/gpqa_diamond.jsonl.gz", "rt")]
rows += [{"id": f"s{i}", "benchmark": "SuperGPQA", "category": ["Engineering", "Medicine", "Law"][i % 3] if i % 7 else "Science"}
         for i in range(300)]
out = open(f"{T}/verified.jsonl", "w")
want = {}
for run, p in (("base", 0.3), ("tuned", 0.6)):
    stats = collections.defaultdict(lambda: {"n": 0, "c": 0, "u": 0, "ids": set(), "cat": collections.defaultdict(lambda: [0, 0])})
    for r in rows:
        k = 32 if r["benchmark"] in ("AIME24", "AIME25") else 1
        for s in range(k):
            v = rng.random() < p
            verdict = None if rng.random() < 0.02 else v
            un = verdict is None or rng.random() < 0.05
            rec = {"id": r["id"], "benchmark": r["benchmark"], "category": r.get("category"), "sample": s,
                   "verdict": verdict, "unanswered": un, "run": run}
            out.write(json.dumps(rec) + "\n")
            st = stats[r["benchmark"]]
            st["n"] += 1; st["c"] += verdict is True; st["u"] += un; st["ids"].add(r["id"])
            st["cat"][r.get("category")][0] += 1; st["cat"][r.get("category")][1] += verdict is True
    res = {}
    for b, st in stats.items():
        micro = st["c"] / st["n"] * 100
        # eval_mmlupro.py: macro = mean of the categories' accuracies
        macro = sum(c / n for n, c in st["cat"].values()) / len(st["cat"]) * 100
        res[b] = {"score": macro if b == "SuperGPQA" else micro, "n": len(st["ids"]), "records": st["n"],
                  "unanswered": st["u"], "micro": micro, "macro": macro}
    want[run] = res
json.dump(want, open(f"{T}/want.json", "w"))
PY
"$BIN"/eval-score --json "$T/scores.json" "$T/verified.jsonl" > "$T/table.md" 2> "$T/err"; rc=$?
check "eval-score ran: exit 0 ($(tail -n 1 "$T/err"))" test $rc = 0
out=$("$PY" - "$T/scores.json" "$T/want.json" <<'PY'
import json, sys
got, want = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bad = []
for run in want:
    for b, w in want[run].items():
        g = got[run][b]
        for k in w:
            if abs(g[k] - w[k]) > 1e-6: bad.append((run, b, k, g[k], w[k]))
print(f"{sum(len(w) for w in want.values())} benchmark scores of 2 runs; differ: {bad[:3]}")
sys.exit(bool(bad))
PY
); rc=$?
check "scores, n, records, unanswered, micro and macro = the paper's aggregation: $out" test $rc = 0
check "AIME24 is avg@32 over 30 questions, MMLU-Pro micro over 14 categories" \
    test "$(jq -r '.base.AIME24.metric, .base.AIME24.n, .base["MMLU-Pro"].metric, (.base["MMLU-Pro"].by_category | length)' "$T/scores.json" | tr '\n' ' ')" = "avg@32 30 micro 14 "
check "two tables in the paper's layout, a row per run, the math AVG of 7 columns" \
    test "$(grep -c '^| base |\|^| tuned |' "$T/table.md")" = 4 -a "$(grep -c '^| General | MMLU-Pro | GPQA | SuperGPQA | TheoremQA | BBEH |$' "$T/table.md")" = 1 \
    -a "$(grep -c '^| Math | MATH-500 | Olympiad | Minerva | GSM8K | AMC | AIME24 | AIME25 | AVG |$' "$T/table.md")" = 1
avg=$("$PY" -c '
import json, sys
w = json.load(open(sys.argv[1]))["tuned"]
m = ["MATH-500", "OlympiadBench", "Minerva Math", "GSM8K", "AMC23", "AIME24", "AIME25"]
print("%.1f" % (sum(w[b]["score"] for b in m) / 7))' "$T/want.json")
check "the tuned run's math AVG is the mean of its 7 scores ($avg)" test -n "$(grep "^| tuned | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* | $avg |$" "$T/table.md")"

# --run names every record's row; bad records are counted, not scored; --plot writes a PNG.
printf '%s\n' '{"benchmark":"GSM8K","id":"1","verdict":true}' '{"benchmark":"GSM8K","id":"2"}' '{"benchmark":"nope","verdict":true}' 'junk' \
    '{"benchmark":"gsm8k","id":"3","verdict":false}' > "$T/mixed.jsonl"
"$ASAN"/eval-score --run mine --rejects "$T/rej.jsonl" --json "$T/m.json" "$T/mixed.jsonl" > "$T/m.md" 2> "$T/err"; rc=$?
check "under ASan: 2 scored (50.0 for run mine), missing_verdict, unknown_benchmark and malformed rejected ($(tail -n 1 "$T/err"))" \
    test $rc = 0 -a "$(jq -r '.GSM8K.score, .GSM8K.n' "$T/m.json" | tr '\n' ' ')" = "50 2 " -a -n "$(grep '^| mine |.*| 50.0 |' "$T/m.md")" \
    -a "$(jq -r .reject_reason "$T/rej.jsonl" | sort | tr '\n' ' ')" = "malformed missing_verdict unknown_benchmark "
if command -v gnuplot > /dev/null; then
    "$BIN"/eval-score --plot "$T/s.png" "$T/verified.jsonl" > /dev/null 2>&1
    check "--plot writes a PNG" test "$(head -c 4 "$T/s.png" | od -An -c | tr -d ' ')" = "211PNG"
else
    echo "ok --plot writes a PNG # SKIP gnuplot not installed"
fi
"$BIN"/eval-score --json "$T/verified.jsonl" "$T/verified.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "--json naming an input is refused before reading: exit 2, one line ($(cat "$T/err"))" test $rc = 2 -a "$(wc -l < "$T/err")" = 1
