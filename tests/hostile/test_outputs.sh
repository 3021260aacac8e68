#!/usr/bin/env bash
# Output targets, for every program: whatever a file flag names (--rejects, --signatures-out,
# --grad-out, --out) is written as users expect or refused in one line with exit 2 -- never
# renamed over.  A symlink is followed and its target replaced (the link stays); a FIFO and a
# character device are written directly; a directory, and a path that is also an input, are refused
# before anything is read; a full device is a write error with exit 2.  Devices are made with mknod
# in the scratch folder (skipped where not permitted): a regression must not replace /dev/full.
set -u
source "$(dirname "$0")/../shell/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
export GR_TOKENIZER=$M/tokenizer.json

# Inputs: each has at least one record its program rejects, so --rejects gets a line.
printf '%s\n' '{"id":"q1","question":"What is 2+2?","answer":"4","response":"\\boxed{4}"}' 'this line is not JSON' > "$T/in.jsonl"
{ head -n 20 testdata/qa/neardup.jsonl; echo 'this line is not JSON'; } > "$T/qa.jsonl"   # records qa-filter keeps
cp testdata/warc/faq.warc.gz "$T/in.warc.gz"
"$BIN"/rollout -q --model "$M" -n 2 --max-tokens 3 "$T/in.jsonl" 2> /dev/null | python3 -c '
import json, sys
for i, l in enumerate(sys.stdin): r = json.loads(l); r["reward"] = float(i % 2); print(json.dumps(r))
print("this line is not JSON")' > "$T/scored.jsonl"
# pages: one edu-filter drops and llm-extract cannot read the model output of; a pair both pass
printf '%s\n' '{"id":"p1","text":"Buy cheap shoes online. Free shipping on all orders.","llm_output":"Sorry, I cannot help."}' '{"id":"q1","question":"What is 2+2?","answer":"4"}' 'this line is not JSON' > "$T/pages.jsonl"
"$BIN"/edu-filter -q --train testdata/pages/edu-train.jsonl --save "$T/edu.model" > /dev/null
declare -A input=([warc-extract]=$T/in.warc.gz [qa-filter]=$T/qa.jsonl [answer-typer]=$T/in.jsonl
                  [gen-verify]=$T/in.jsonl [rollout]=$T/in.jsonl [grpo-step]=$T/scored.jsonl [sft-step]=$T/scored.jsonl
                  [edu-filter]=$T/pages.jsonl [llm-extract]=$T/pages.jsonl [verifier-sft]=$T/in.jsonl)
declare -A args=([rollout]="--model $M -n 1 --max-tokens 2" [grpo-step]="--model $M --grad-out $T/grad"
                 [sft-step]="--model $M --grad-out $T/grad" [edu-filter]="--model $T/edu.model"
                 [verifier-sft]="--teacher rules --no-balance")   # q1 is kept: stdout has a record to fail on
progs="warc-extract qa-filter answer-typer gen-verify rollout grpo-step sft-step edu-filter llm-extract verifier-sft"

# run PROG OUTPUT-PATH: PROG --rejects OUTPUT-PATH on its input; stdout and stderr kept, status in $rc.
run() {
    rm -f "$T/grad"
    # shellcheck disable=SC2086
    timeout 60 "$BIN"/$1 -q ${args[$1]:-} --rejects "$2" "${input[$1]}" > "$T/out" 2> "$T/err"
    rc=$?
}
one_line() { test "$(wc -l < "$T/err")" = 1 && grep -q -- "$1" "$T/err"; }
has_rejects() { grep -q '"reject_reason"' "$1"; }

for p in $progs; do
    # A symlink: its target gets the rejects, atomically; the link stays a link.
    rm -f "$T/real" "$T/link"; echo old > "$T/real"; ln -s real "$T/link"
    run "$p" "$T/link"
    check "$p --rejects SYMLINK: exit 0, the link kept, its target replaced with the rejects (rc $rc: $(head -c 150 "$T/err"))" \
        eval 'test $rc = 0 && test -L "$T/link" && has_rejects "$T/real" && ! test -e "$T/real.tmp"'

    # A FIFO: its reader gets the rejects; the FIFO is still a FIFO.
    rm -f "$T/fifo" "$T/got"; mkfifo "$T/fifo"
    timeout 30 cat "$T/fifo" > "$T/got" & reader=$!   # bounded: a program that replaces the FIFO leaves it unopened
    run "$p" "$T/fifo"
    wait $reader
    check "$p --rejects FIFO: exit 0, the reader got the rejects, the FIFO left in place (rc $rc)" \
        eval 'test $rc = 0 && test -p "$T/fifo" && has_rejects "$T/got"'

    # A character device (a null device made here, so a regression cannot replace /dev/null).
    rm -f "$T/null"
    if mknod "$T/null" c 1 3 2> /dev/null; then
        run "$p" "$T/null"
        check "$p --rejects CHAR-DEVICE: exit 0, still a character device (rc $rc)" eval 'test $rc = 0 && test -c "$T/null"'
    else
        ok "$p --rejects CHAR-DEVICE # SKIP mknod is not permitted here"
    fi

    # A full device (made here too): the write error is an error.
    rm -f "$T/full"
    if mknod "$T/full" c 1 7 2> /dev/null; then
        run "$p" "$T/full"
        check "$p --rejects FULL-DEVICE: exit 2 and one line naming it (rc $rc: $(head -c 150 "$T/err"))" \
            eval 'test $rc = 2 && one_line "$T/full" && test -c "$T/full"'
    else
        ok "$p --rejects FULL-DEVICE # SKIP mknod is not permitted here"
    fi

    # The input itself: refused before anything is read; the input unchanged.
    sum=$(sha1sum < "${input[$p]}")
    run "$p" "${input[$p]}"
    check "$p --rejects INPUT: exit 2, one line, the input unchanged (rc $rc: $(head -c 150 "$T/err"))" \
        eval 'test $rc = 2 && one_line "also an input" && test "$(sha1sum < "${input[$p]}")" = "$sum" && ! test -s "$T/out"'
    ln -sf "${input[$p]}" "$T/alias"
    run "$p" "$T/alias"
    check "$p --rejects SYMLINK-TO-INPUT: exit 2, the input unchanged (rc $rc)" \
        eval 'test $rc = 2 && test "$(sha1sum < "${input[$p]}")" = "$sum"'

    # A directory: one line, exit 2.
    mkdir -p "$T/dir"
    run "$p" "$T/dir"
    check "$p --rejects DIRECTORY: exit 2, one line (rc $rc: $(head -c 150 "$T/err"))" eval 'test $rc = 2 && one_line "$T/dir"'

    # stdout to a full device.
    if test -c /dev/full; then
        # shellcheck disable=SC2086
        timeout 60 "$BIN"/$p -q ${args[$p]:-} "${input[$p]}" > /dev/full 2> "$T/err"; rc=$?
        check "$p > /dev/full: exit 2, one line (rc $rc: $(head -c 150 "$T/err"))" eval 'test $rc = 2 && one_line "stdout"'
    else
        ok "$p > /dev/full # SKIP /dev/full is not a character device here"
    fi
done

# qa-filter --signatures-out: the same rules as --rejects.
rm -f "$T/real" "$T/link"; ln -s real "$T/link"
"$BIN"/qa-filter -q --signatures-out "$T/link" "$T/in.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "qa-filter --signatures-out SYMLINK: exit 0, the link kept, its target written (rc $rc)" eval 'test $rc = 0 && test -L "$T/link" && test -s "$T/real"'
"$BIN"/qa-filter -q --signatures-out "$T/in.jsonl" "$T/in.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "qa-filter --signatures-out INPUT: exit 2, one line" eval 'test $rc = 2 && one_line "also an input"'

# grpo-step --grad-out: a regular file only (safetensors are written by offset); a symlink's target replaced.
rm -f "$T/real" "$T/link"; ln -s real "$T/link"
"$BIN"/grpo-step -q --model "$M" --grad-out "$T/link" "$T/scored.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "grpo-step --grad-out SYMLINK: exit 0, the link kept, its target the gradient (rc $rc: $(head -c 150 "$T/err"))" \
    eval 'test $rc = 0 && test -L "$T/link" && test -s "$T/real"'
rm -f "$T/fifo"; mkfifo "$T/fifo"
timeout 60 "$BIN"/grpo-step -q --model "$M" --grad-out "$T/fifo" "$T/scored.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "grpo-step --grad-out FIFO: exit 2, one line, the FIFO left (rc $rc: $(head -c 150 "$T/err"))" \
    eval 'test $rc = 2 && one_line "$T/fifo" && test -p "$T/fifo"'

# grpo-step --out: an existing path (a dangling symlink too) is refused; a symlink at OUT.tmp is not
# cleared through (its target's files stay).
ln -sf "$T/nowhere" "$T/dangling"
"$BIN"/grpo-step -q --model "$M" --out "$T/dangling" "$T/scored.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "grpo-step --out DANGLING-SYMLINK: exit 2, one line, nothing made at its target" eval 'test $rc = 2 && one_line exists && ! test -e "$T/nowhere"'
mkdir -p "$T/precious"; echo keep > "$T/precious/file"; ln -sfn "$T/precious" "$T/ckpt.tmp"
"$BIN"/grpo-step -q --model "$M" --out "$T/ckpt" "$T/scored.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "grpo-step --out with a symlink at OUT.tmp: exit 2, the link's target untouched (rc $rc: $(head -c 150 "$T/err"))" \
    eval 'test $rc = 2 && test -s "$T/precious/file" && ! test -e "$T/ckpt"'
