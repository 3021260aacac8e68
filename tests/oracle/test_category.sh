#!/usr/bin/env bash
# answer-typer's category (lib/qa/category.c) against disciplines nobody here assigned: MMLU-Pro's
# own 14 categories (its questions with their options), and sets whose discipline is known
# (MATH-500 and GSM8K: mathematics).  Floors sit below today's rates (printed) to catch a
# regression; keyword rules do not reach a model's accuracy, and MMLU-Pro's "other" and
# "engineering" overlap the rest by design.  A category the record has is kept.
set -u
source "$(dirname "$0")/../shell/common.bash"
E=$SHARED/data/eval
jq -c '{question: (.question + "\n" + (.choices | join("\n"))), answer, truth: .category}' "$E/mmlu_pro.jsonl" \
    | "$BIN"/answer-typer -q | jq -r '[.truth, .category] | @tsv' > "$T/mmlu.tsv"
check "MMLU-Pro: the typer's category agrees with the benchmark's on >= 45%" python3 - "$T/mmlu.tsv" <<'PY'
import collections, sys
same = {"math": "Mathematics", "computer science": "Computer Science", "health": "Health"}
n = ok = 0
for l in open(sys.argv[1]):
    t, p = l.rstrip("\n").split("\t")
    n += 1; ok += same.get(t, t.title()) == p or (t == "business" and p == "Finance")
print(f"# agreement {100 * ok / n:.1f}% of {n}")
sys.exit(ok < 0.45 * n)
PY
for f in math500:85 gsm8k:65; do
    set=${f%%:*} floor=${f##*:}
    jq -c '{question, answer}' "$E/$set.jsonl" | "$BIN"/answer-typer -q | jq -r .category > "$T/$set.cat"
    rate=$(awk '$0 == "Mathematics" { k++ } END { printf "%d", 100 * k / NR }' "$T/$set.cat")
    check "$set: Mathematics for $rate% of its questions (>= $floor%)" test "$rate" -ge "$floor"
done
printf '%s\n' '{"question": "What is 2+2?", "answer": "4", "category": "Arithmetic"}' | "$BIN"/answer-typer -q > "$T/kept.jsonl"
check "a category the record has is kept" test "$(jq -r .category "$T/kept.jsonl")" = Arithmetic
