#!/usr/bin/env bash
# Evaluation's own cost: scoring the whole of MMLU-Pro (12,032 rows, one response each) with
# gen-verify | eval-score against the paper's eval_mmlupro.py scoring loop (tests/oracle/
# eval_oracle.py mmlupro-table, in-process time, interpreter start and imports excluded; target
# >= 50x), and eval-prompt over every benchmark row plus eval-score, against the decoding they
# serve (target < 1% of an eval's time).
#
# Input: $GR_SHARED/data/eval; responses are made here (bench/data/eval_mmlupro.jsonl, git-ignored):
# a few sentences of reasoning, then a box, a "Final Answer:" line, or nothing, deterministic.
# Environment: GR_BIN, GR_SHARED, GR_PYTHON, BENCH_RUNS (3), DECODE_TOK_S (decode tokens/s to
# compare with; default 23.8, the 0.5B model's on 2 threads in bench/RESULTS.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
die() { echo "eval_bench: $*" >&2; exit 1; }
DECODE_TOK_S=${DECODE_TOK_S:-23.8}
E=$GR_SHARED/data/eval
[ -s "$E/mmlu_pro.jsonl" ] || die "$E/mmlu_pro.jsonl missing (set GR_SHARED)"
mkdir -p bench/data
F=bench/data/eval_mmlupro.jsonl
if [ ! -s "$F" ] || [ "$E/mmlu_pro.jsonl" -nt "$F" ]; then
    "$GR_PYTHON" - "$E/mmlu_pro.jsonl" > "$F.tmp" <<'PY'
import json, random, sys
rng = random.Random(7)
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    letter = rng.choice("ABCDEFGHIJ"[:len(r["choices"])])
    think = " ".join(rng.choice(["First, recall the definition.", "Consider each option in turn.", "This rules out (B).",
                                 "So the cost is $\\frac{3}{4}$ of the total.", "Hence the answer follows."]) for _ in range(12))
    end = rng.choice([f"\n\nThe answer is \\boxed{{{letter}}}.", f"\nFinal Answer: ({letter})\n", "\nI am not sure."])
    r["response"] = think + end
    print(json.dumps(r, ensure_ascii=False))
PY
    mv "$F.tmp" "$F"
fi
cat "$F" > /dev/null
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
n=$(wc -l < "$F")
rate() { awk -v n="$n" -v t="$1" 'BEGIN { printf "%.0f", n / t }'; }
ours=$(best_of "$BENCH_RUNS" bash -c "'$GR_BIN/gen-verify' -q --reward binary --threads 1 '$F' | '$GR_BIN/eval-score' -q")
# In process, ours and the script's loop run in turn, BENCH_RUNS pairs (5 by default here), each
# the best of five passes (timeit's rule, on both sides): this VM's speed drifts by 1.5x within
# seconds, so each pair's ratio is taken and the median pair quoted, with the smallest and largest.
# Ours holds the rows as our stages do; --trees as jansson trees (tests/tools/judge_time.c says why
# the layout matters), shown beside it.
PAIRS=${BENCH_PAIRS:-$((BENCH_RUNS > 5 ? BENCH_RUNS : 5))}
best() { awk 'NR == 1 || $1 < b { b = $1 } END { print b }'; }
judged() {   # judge_time's seconds, with FLAGS
    build/tools/judge_time "$@" "$F" > bench/data/eval_c.out 2> "$errlog" || die "judge_time failed (make build/tools/judge_time)"
    sed -n 's/^judge_time: [0-9]* rows in \([0-9.]*\) s$/\1/p' "$errlog"
}
scripted() {   # the script's seconds in process, then with reading the file
    "$GR_PYTHON" tests/oracle/eval_oracle.py mmlupro-table "$F" > bench/data/eval_py.out 2> "$errlog" || die "the Python scoring failed"
    sed -n 's/^eval_oracle: [0-9]* rows in \([0-9.]*\) s (\([0-9.]*\) s with reading the file)$/\1 \2/p' "$errlog"
}
: > bench/data/eval_pairs
for _ in $(seq "$PAIRS"); do echo "$(judged) $(judged --trees) $(scripted)"; done > bench/data/eval_pairs
col() { awk -v c="$1" '{ print $c }' bench/data/eval_pairs; }
ratios() { awk -v a="$1" -v b="$2" '{ print $a / $b }' bench/data/eval_pairs; }
ours=$(best_of "$BENCH_RUNS" bash -c "'$GR_BIN/gen-verify' -q --reward binary --threads 1 '$F' | '$GR_BIN/eval-score' -q")
in_med=$(col 1 | median) trees_med=$(col 2 | median) py=$(col 3 | median) py_read=$(col 4 | best)
printf '%-58s %8s s %9s rows/s\n' "judging + tallying in process, ours (judge_time)" "$in_med" "$(rate "$in_med")"
printf '%-58s %8s s %9s rows/s\n' "  the same, rows held as jansson trees (--trees)" "$trees_med" "$(rate "$trees_med")"
printf '%-58s %8s s %9s rows/s\n' "judging + tallying in process, eval_mmlupro.py's loop" "$py" "$(rate "$py")"
printf '%-58s %8s s %9s rows/s\n' "gen-verify | eval-score, whole processes, JSONL in" "$ours" "$(rate "$ours")"
printf '%-58s %8s s %9s rows/s\n' "eval_mmlupro.py's loop with json.loads of the file" "$py_read" "$(rate "$py_read")"
echo "MMLU-Pro ($n rows): in process ours / the script's = $(ratios 3 1 | median | xargs printf '%.1f')x" \
     "(median of $PAIRS pairs, $(ratios 3 1 | spread %.1f)x; target >= 50x); as jansson trees $(ratios 3 2 | median | xargs printf '%.1f')x;" \
     "with reading JSONL $(awk -v a="$py_read" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')x"
echo "  scores: ours $(cat bench/data/eval_c.out); the script's (random letters unseeded) $(cat bench/data/eval_py.out)"

# eval-prompt over every row we have, and eval-score over as many records, against decoding them.
all=bench/data/eval_rows.jsonl
{ cat "$E"/mmlu_pro.jsonl "$E"/bbeh.jsonl "$E"/math500.jsonl "$E"/olympiadbench.jsonl "$E"/minerva_math.jsonl \
      "$E"/gsm8k.jsonl "$E"/amc23.jsonl "$E"/aime24.jsonl "$E"/aime25.jsonl; zcat "$E"/gpqa_diamond.jsonl.gz; } > "$all"
rows=$(wc -l < "$all")
tp=$(best_of "$BENCH_RUNS" "$GR_BIN"/eval-prompt -q "$all")
ts=$(best_of "$BENCH_RUNS" bash -c "jq -c '. + {verdict: true}' '$all' | '$GR_BIN/eval-score' -q")
decode=$(awk -v r="$rows" -v d="$DECODE_TOK_S" 'BEGIN { print r * 1000 / d }')
echo "eval-prompt ($rows rows): $tp s; eval-score ($rows records, jq included): $ts s"
echo "against decoding 1000 tokens per row at $DECODE_TOK_S tokens/s ($(awk -v s="$decode" 'BEGIN { printf "%.0f", s }') s): $(awk -v a="$tp" -v b="$ts" -v d="$decode" 'BEGIN { printf "%.5f", 100 * (a + b) / d }')% (target < 1%)"
