#!/usr/bin/env bash
# Hostile surroundings, for every program that streams records (qa-filter, answer-typer, gen-verify,
# warc-extract, rollout): stdout a pipe whose reader has gone (SIGPIPE as the shell leaves it, and ignored),
# a file size limit (ulimit -f, SIGXFSZ default and ignored) on stdout and on --rejects, and kill -9
# at random moments while --rejects is being written.  The contract: a killed run leaves --rejects'
# previous content, never part of the new one; a run that survives a write error exits 2 with one
# line saying which output failed.  (grpo-step's checkpoints under kill -9: tests/oracle/test_grpo_step.sh.)
set -u
# shellcheck disable=SC2086  # args: each program's own options, split
source "$(dirname "$0")/../shell/common.bash"

# 17,600 records with a malformed line every 100, so every program rejects something.
for i in $(seq 20); do cat testdata/qa/neardup.jsonl; done | awk '{print} NR % 100 == 0 {print "not json"}' > "$T/in.jsonl"
for i in $(seq 12); do cat testdata/warc/*.warc.gz; done > "$T/in.warc.gz"   # 170 kB of pairs
awk '{print} NR % 100 == 0 {print "not json"}' "$SHARED/data/verify/math500_pairs.jsonl" > "$T/pairs.jsonl"
head -n 400 testdata/qa/neardup.jsonl | awk '{print} NR % 50 == 0 {print "not json"}' > "$T/questions.jsonl"   # ~1.5 s of rollout
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
declare -A input=([qa-filter]=$T/in.jsonl [answer-typer]=$T/in.jsonl [gen-verify]=$T/pairs.jsonl [warc-extract]=$T/in.warc.gz
                  [rollout]=$T/questions.jsonl)
declare -A args=([rollout]="--model $M -n 1 --max-tokens 2")
progs="qa-filter answer-typer gen-verify warc-extract rollout"

old_or_whole() {   # old_or_whole FILE REFERENCE: FILE holds "old" or exactly REFERENCE, and no temp file is left behind
    { test "$(cat "$1")" = old || cmp -s "$1" "$2"; }
}
for p in $progs; do
    in=${input[$p]}
    "$BIN/$p" ${args[$p]:-} -q --rejects "$T/ref.rej" "$in" > "$T/ref.out" 2> /dev/null

    # A reader that leaves: the default SIGPIPE ends the program; ignored, the write error is exit 2.
    echo old > "$T/r"
    "$BIN/$p" ${args[$p]:-} -q --rejects "$T/r" "$in" 2> "$T/err" | head -c 100 > /dev/null; rc=${PIPESTATUS[0]}
    check "$p | head -c 100: ended by SIGPIPE (141) or exit 2, --rejects old or whole (rc $rc)" \
        eval '{ test $rc = 141 || test $rc = 2; } && old_or_whole "$T/r" "$T/ref.rej"'
    (trap '' PIPE; exec "$BIN/$p" ${args[$p]:-} -q "$in" 2> "$T/err" | head -c 100 > /dev/null; exit "${PIPESTATUS[0]}"); rc=$?
    check "$p | head -c 100 with SIGPIPE ignored: exit 2, one line naming stdout (rc $rc: $(head -c 120 "$T/err"))" \
        eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q stdout "$T/err"'

    # A file size limit of 64 kB, on stdout and on --rejects.
    # shellcheck disable=SC2086
    { bash -c 'ulimit -f 64; exec "$0" "${@:4}" -q "$1" > "$2" 2> "$3"' "$BIN/$p" "$in" "$T/big.out" "$T/err" ${args[$p]:-}; rc=$?; } 2> /dev/null
    check "$p > FILE past ulimit -f: ended by SIGXFSZ (153) (rc $rc)" test $rc = 153
    (trap '' XFSZ; ulimit -f 64; exec "$BIN/$p" ${args[$p]:-} -q "$in" > "$T/big.out" 2> "$T/err"); rc=$?
    check "$p > FILE past ulimit -f, SIGXFSZ ignored: exit 2, one line naming stdout (rc $rc: $(head -c 120 "$T/err"))" \
        eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q stdout "$T/err"'
    if [ "$(stat -c %s "$T/ref.rej")" -gt 65536 ]; then
        echo old > "$T/r"
        (trap '' XFSZ; ulimit -f 64; exec "$BIN/$p" ${args[$p]:-} -q --rejects "$T/r" "$in" > /dev/null 2> "$T/err"); rc=$?
        check "$p --rejects past ulimit -f, SIGXFSZ ignored: exit 2, one line naming it, the old --rejects kept (rc $rc: $(head -c 120 "$T/err"))" \
            eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q -- "--rejects" "$T/err" && test "$(cat "$T/r")" = old && ! test -e "$T/r.tmp"'
    else
        ok "$p --rejects past ulimit -f # SKIP its rejects are under 64 kB"
    fi

    # kill -9 at random moments: --rejects is the old file or the whole new one, never a part.
    bad=0
    for delay in 0.01 0.03 0.06 0.1 0.15 0.2 0.3 0.5; do
        echo old > "$T/r"
        "$BIN/$p" ${args[$p]:-} -q --rejects "$T/r" "$in" > /dev/null 2>&1 & pid=$!
        sleep $delay; kill -9 $pid 2> /dev/null; wait $pid 2> /dev/null
        old_or_whole "$T/r" "$T/ref.rej" || bad=$((bad + 1))
    done
    check "$p killed with -9 at 8 moments: --rejects always the old file or the whole new one ($bad not)" test $bad = 0
done
