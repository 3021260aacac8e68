#!/usr/bin/env bash
# pipelines/eval and make eval on a tiny model: every benchmark through eval-prompt | rollout |
# gen-verify | eval-score; n per benchmark = the rows that went in; shards merged give one run's
# table; a run killed with -9 resumes with no row done twice and none lost; make eval LIMIT=20.
set -u
source "$(dirname "$0")/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}
export GR_SHARED=$SHARED
ev() { pipelines/eval -q --model "$M/qwen3-f32" --max-tokens 6 "$@"; }

# SuperGPQA in its upstream schema (not bundled): a few rows made from MMLU-Pro's.
jq -c '{uuid: ("u" + .id), question, options: .choices, answer: .choices[.answer_index], answer_letter: .answer,
        discipline: .category, field: "f", subfield: "s", difficulty: "middle"}' "$SHARED"/data/eval/mmlu_pro.jsonl | head -n 5 > "$T/super.jsonl"

ev --out "$T/one" --limit 3 --supergpqa "$T/super.jsonl" > "$T/one.md" 2> "$T/err"; rc=$?
check "one run over all 12 benchmarks: exit 0, both tables ($(head -c 200 "$T/err"))" \
    test $rc = 0 -a "$(grep -c '^| qwen3-f32 |' "$T/one.md")" = 2
check "n = 3 questions in for each of 12 benchmarks, AIME with 32 samples each" \
    test "$(jq -r '[.[] | .n] | unique | join(",")' "$T/one/scores.json"):$(jq -r '. | length' "$T/one/scores.json"):$(jq -r '.AIME25.records' "$T/one/scores.json")" = "3:12:96"
check "every response is kept on disk, one per (row, sample)" \
    test "$(cat "$T"/one/responses/*/rows-*.jsonl | jq -r '"\(.benchmark) \(.eval_row) \(.sample)"' | sort -u | wc -l)" = $((10 * 3 + 2 * 96))

# Shards then --merge: the same scores as one run.
for i in 0 1 2; do ev --out "$T/sh" --limit 3 --supergpqa "$T/super.jsonl" --shard $i/3 2> "$T/err$i" || fail "shard $i/3: $(cat "$T/err$i")"; done
ev --out "$T/sh" --merge --run qwen3-f32 > /dev/null 2> "$T/err"
check "3 shards and --merge give one run's scores" test "$(jq -S . "$T/sh/scores.json")" = "$(jq -S . "$T/one/scores.json")"

# kill -9 in the middle, then the same command: nothing twice, nothing lost.
setsid pipelines/eval -q --model "$M/qwen3-f32" --max-tokens 6 --out "$T/k" --limit 12 --chunk 2 --bench math500,gsm8k,aime24 \
    > /dev/null 2>&1 &
pid=$!
sleep 3; kill -9 -- -$pid 2> /dev/null; wait $pid 2> /dev/null   # the whole group: the script, rollout, jq
before=$(cat "$T"/k/responses/*/rows-*.jsonl 2> /dev/null | wc -l)
ev --out "$T/k" --limit 12 --chunk 2 --bench math500,gsm8k,aime24 > /dev/null 2> "$T/err"; rc=$?
keys=$(jq -r '"\(.benchmark) \(.eval_row) \(.sample)"' "$T/k/verified.jsonl")
check "killed with -9 after $before responses, resumed: exit 0, 12 + 12 + 12 x 32 records, none twice" \
    test $rc = 0 -a "$(echo "$keys" | wc -l)" = $((24 + 384)) -a "$(echo "$keys" | sort | uniq -d | wc -l)" = 0
check "a larger --limit adds only the new rows" \
    test "$(ev --out "$T/k" --limit 14 --bench math500 > /dev/null 2>&1; jq -r '.["MATH-500"].n' "$T/k/scores.json")" = 14

# A prompt longer than the model takes is a wrong answer, not a lost row.
ev --out "$T/long" --limit 2 --bench math500 --max-tokens 5000 > /dev/null 2> "$T/err"; rc=$?
check "prompts past the context: exit 0, 2 rows scored 0 and unanswered" \
    test $rc = 0 -a "$(jq -r '.["MATH-500"] | "\(.n) \(.score) \(.unanswered)"' "$T/long/scores.json")" = "2 0 2"
pipelines/eval --model "$M/qwen3-f32" --out "$T/x" --bench nosuch > /dev/null 2> "$T/err"; rc=$?
check "--bench of no benchmark: exit 2 ($(cat "$T/err"))" test $rc = 2

# make eval MODEL=<tiny model> LIMIT=20, as CI runs it.
start=$(date +%s)
make --no-print-directory eval MODEL="$M/qwen3-f32" LIMIT=20 MAX_TOKENS=4 OUT="$T/make" ROLLOUT="-q" > "$T/make.md" 2> "$T/err"; rc=$?
check "make eval MODEL=tiny LIMIT=20: exit 0, 11 benchmarks of 20 questions ($(( $(date +%s) - start )) s)" \
    test $rc = 0 -a "$(jq -r '[.[] | .n] | unique | join(",")' "$T/make/scores.json"):$(jq -r 'length' "$T/make/scores.json")" = "20:11"

# The ablations end to end at toy scale (rl-loop twice with evaluation every step, then both arms evaluated).
for kind in verifier data; do
    start=$(date +%s)
    make --no-print-directory ablation-$kind OUT="$T/abl-$kind" STEPS=2 > "$T/abl.md" 2> "$T/err"; rc=$?
    rows=$(grep -c '^| \(rule-based\|model-based\|full\|math-only\) |' "$T/abl.md")
    steps=$(cat "$T"/abl-$kind/*/metrics.jsonl 2> /dev/null | jq -r 'select(.eval) | .loop_step' | wc -l)
    check "make ablation-$kind: exit 0, 2 arms x 2 tables, scores by step in both runs' metrics, curve.png ($(( $(date +%s) - start )) s)" \
        test $rc = 0 -a "$rows" = 4 -a "$steps" = 4 -a -s "$T/abl-$kind/curve.png"
done
