#!/usr/bin/env bash
# Learning is real: pipelines/rl-loop (rollout | gen-verify | grpo-step) on the tiny random Qwen3
# and a task it starts out solving about 3% of the time (testdata/rl/make-task: answer with the one
# word the untrained model says first that often).  With --lr 1e-2 the mean reward climbs within 8
# steps; the same loop with --lr 0 stays where it started.  Also: resuming a stopped loop, curves.
set -u
source "$(dirname "$0")/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
ROLL="--max-tokens 1 --top-k 32"
printf '%s\n' 'Pick a word.' 'Name a thing.' 'Say something.' 'Tell me a word.' \
    | GR_BIN=$BIN testdata/rl/make-task "$M" "$ROLL" > "$T/task.jsonl" 2> "$T/err"
check "make-task: 4 questions, one word-like answer ($(jq -r .answer "$T/task.jsonl" | head -n 1))" \
    test "$(jq -r .answer "$T/task.jsonl" | grep -cE '^[A-Za-z]{3,}$')" = 4
loop() {   # run-dir lr steps
    GR_BIN=$BIN pipelines/rl-loop --model "$M" --data "$T/task.jsonl" --run "$T/$1" --steps "$3" --questions 4 -n 16 \
        --rollout "$ROLL" --verify "--reward binary" --train "--lr $2 --micro-batch 64" 2> "$T/$1.log"
}
rewards() { jq -r .reward_mean "$T/$1/metrics.jsonl" | tr '\n' ' '; }
# mean reward of the first two and the last two steps
ends() { jq -s '[(.[0].reward_mean + .[1].reward_mean) / 2, (.[-1].reward_mean + .[-2].reward_mean) / 2] | @tsv' -r "$T/$1/metrics.jsonl"; }

loop learn 1e-2 8
read -r start end < <(ends learn)
check "lr 1e-2: mean reward rises from $start (steps 1-2) to $end (steps 7-8), at least 0.5 and 5x the start [$(rewards learn)]" \
    awk -v s="$start" -v e="$end" 'BEGIN { exit !(s > 0 && s < 0.15 && e >= 0.5 && e >= 5 * s) }'

loop control 0 4
loop control 0 8
check "a stopped loop resumes from its last checkpoint (steps 5-8 after 1-4: $(grep -c resuming "$T/control.log") resume, $(wc -l < "$T/control/metrics.jsonl") metric lines)" \
    test -n "$(grep 'resuming after step 4' "$T/control.log")" -a "$(wc -l < "$T/control/metrics.jsonl")" = 8
read -r cstart cend < <(ends control)
check "control, lr 0: the reward stays flat, $cstart -> $cend, every step below 0.15 [$(rewards control)]" \
    awk -v s="$cstart" -v e="$cend" -v all="$(rewards control)" 'BEGIN { n = split(all, r, " "); for (i = 1; i <= n; i++) if (r[i] >= 0.15) exit 1; exit !(e < s + 0.1) }'
check "curves.png (reward and length per step) and only --keep 2 checkpoints left" \
    test -s "$T/learn/curves.png" -a "$(ls -d "$T"/learn/ckpt-* | wc -l)" = 2
