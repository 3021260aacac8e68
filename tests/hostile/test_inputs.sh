#!/usr/bin/env bash
# Every program against every class of hostile input (tests/hostile/hostile_inputs.py: empty,
# whitespace, invalid UTF-8 and NUL, 100k-deep JSON, wrong types, huge and non-finite numbers,
# pathological LaTeX of 1 MB -- 100k nesting, 150k unclosed \boxed{ and \fbox{, a million digits --,
# a line cut short, random bytes, and a 50 MB line), under ASan+UBSan except the 50 MB line.  The
# contract: exit 0 within the time bound, no sanitizer report, the summary as the last stderr line,
# every record accounted for (records in = out + rejected for the 1:1 filters; rollout's samples =
# n x questions kept), --rejects holding exactly the rejected ones, and the good record in each file
# treated as it is alone.  warc-extract gets the same bytes as WARC files.
set -u
source "$(dirname "$0")/../shell/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
export GR_TOKENIZER=$M/tokenizer.json
python3 tests/hostile/hostile_inputs.py "$T" --big > "$T/classes" || { fail "hostile_inputs.py"; exit 1; }
"$BIN"/edu-filter -q --train testdata/pages/edu-train.jsonl --save "$T/edu.model" > /dev/null || fail "edu-filter --train"
declare -A args=([rollout]="--model $M -n 2 --max-tokens 2" [grpo-step]="--model $M --grad-out $T/grad"
                 [sft-step]="--model $M --grad-out $T/grad" [edu-filter]="--model $T/edu.model")
declare -A kind=([qa-filter]=text [answer-typer]=text [gen-verify]=text [rollout]=text [grpo-step]=scored [sft-step]=scored
                 [edu-filter]=text [llm-extract]=text [verifier-sft]=text)
BOUND=60   # seconds, under ASan, for the slowest class (rollout's 31 MB of LaTeX takes ~3 s)

# run BIN PROG FILE: PROG on FILE with --rejects; rc, seconds and the summary's numbers set
run() {
    local t0=$SECONDS
    # shellcheck disable=SC2086
    timeout $BOUND "$1/$2" ${args[$2]:-} --rejects "$T/rej" "$3" > "$T/out" 2> "$T/err"
    rc=$? secs=$((SECONDS - t0))
    read -r n_in n_out n_rej < <(tail -n 1 "$T/err" | sed -n 's/^[a-z-]*: \([0-9]*\) [a-z ]* in, \([0-9]*\) [a-z ]*, \([0-9]*\) rejected.*/\1 \2 \3/p')
}
# the good record's fate: its output lines' ids, or its reject reason
fate() { python3 -c '
import json, sys
out = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rej = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
print(sum(1 for r in out if r.get("id") == "good"), [r["reject_reason"] for r in rej if r.get("id") == "good"])' "$T/out" "$T/rej"; }

for p in qa-filter answer-typer gen-verify rollout grpo-step sft-step edu-filter llm-extract verifier-sft; do
    k=${kind[$p]}
    python3 -c 'import json, sys; print(json.dumps(json.loads(open(sys.argv[1]).readline())))' "$T/numbers.$k.jsonl" > "$T/good.jsonl"
    run "$BIN" "$p" "$T/good.jsonl"; alone=$(fate)
    while read -r c; do
        f=$T/$c.$k.jsonl
        bin=$ASAN; [ "$c" = 50mb-line ] && bin=$BIN
        records=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], "rb").read().split(b"\n") if l.strip()))' "$f")
        run "$bin" "$p" "$f"
        want_rc=0; [ "${p#*-}" = step ] && [ "$records" = 0 ] && want_rc=2   # nothing to train on
        if [ $want_rc = 2 ]; then
            check "$p $c: exit 2, saying there is nothing to train on (rc $rc)" eval 'test $rc = 2 && grep -q "nothing to train on" "$T/err"'
            continue
        fi
        out_lines=$(wc -l < "$T/out"); rej_lines=$(grep -c . "$T/rej")
        case $p in
        rollout) accounted=$(( n_out == 2 * (n_in - n_rej) )) ;;
        grpo-step|sft-step) accounted=$(( n_out + n_rej == n_in )); out_lines=$n_out ;;   # stdout: the gradient's line
        *) accounted=$(( n_out + n_rej == n_in )) ;;
        esac
        check "$p $c: exit 0 in ${secs}s, no sanitizer report, $n_in in = $records lines, $n_out out, $n_rej rejected = $rej_lines in --rejects (rc $rc: $(grep -v ' in, ' "$T/err" | grep -i -m1 -e error -e sanitizer | head -c 150))" \
            eval 'test $rc = 0 && ! grep -q -e "runtime error" -e "Sanitizer" "$T/err" && test "${n_in:-x}" = "$records" &&
                  test $accounted = 1 && test "$rej_lines" = "$n_rej" && test "$out_lines" = "$n_out"'
        [ "$p $c" = "rollout 50mb-line" ] &&
            check "rollout: a 10M-token prompt is rejected for its length, saying the model's limit ($(grep -o '"reject_detail":"[^"]*' "$T/rej" | head -c 150))" \
                grep -q "\"reject_reason\":\"prompt_too_long\".*model's $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["max_position_embeddings"])' "$M/config.json") positions" "$T/rej"
        [ "$records" -gt 0 ] && [ "$c" != random ] && [ "$c" != truncated ] &&
            check "$p $c: the good record fares as it does alone ($alone)" test "$(fate)" = "$alone"
    done < "$T/classes"
done

# warc-extract: the same bytes, read as WARC files: nothing in them is a record; each unreadable
# region is one report, counted as malformed and listed in --rejects.
while read -r c; do
    f=$T/$c.text.jsonl
    bin=$ASAN; [ "$c" = 50mb-line ] && bin=$BIN
    timeout $BOUND "$bin"/warc-extract --rejects "$T/rej" "$f" > "$T/out" 2> "$T/err"; rc=$?
    malformed=$(tail -n 1 "$T/err" | sed -n 's/.*, \([0-9]*\) malformed$/\1/p')
    check "warc-extract $c: exit 0, no sanitizer report, no pairs, ${malformed:-0} malformed = lines in --rejects (rc $rc: $(tail -n 1 "$T/err" | head -c 120))" \
        eval 'test $rc = 0 && ! grep -q -e "runtime error" -e "Sanitizer" "$T/err" && ! test -s "$T/out" &&
              test "$(grep -c "\"malformed\"" "$T/rej")" = "${malformed:-0}"'
done < "$T/classes"
