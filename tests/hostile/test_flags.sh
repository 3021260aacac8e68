#!/usr/bin/env bash
# Flags, for every program and every option its --help lists: a number flag refuses what is not a
# number in its range (NaN, infinities, overflow, trailing junk, empty) and a choice flag refuses a
# word not among its choices -- each with exit 2 and one line naming the flag, before any work; a
# flag that takes no value refuses one (--help=foo); getopt's -n1 means -n 1.
set -u
source "$(dirname "$0")/../shell/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32

# The options of PROG's --help, as "NAME METAVAR" (METAVAR "-" for a flag without a value).
options() {
    "$BIN/$1" --help | sed -n 's/^ *\(-., \)\{0,1\}--\([a-z0-9-]*\)\( \([^ ]*\)\)\{0,1\}\(  .*\)\{0,1\}$/\2 \4/p' |
        awk '{print $1, ($2 == "" ? "-" : $2)}'
}
refused() {   # refused PROG FLAG ARGS...: exit 2, one line on stderr that names the flag, nothing on stdout
    local p=$1 flag=$2; shift 2
    timeout 20 "$BIN/$p" "$@" < /dev/null > "$T/out" 2> "$T/err"
    local rc=$?
    test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q -- "$flag" "$T/err" && ! test -s "$T/out"
}
for p in warc-extract qa-filter answer-typer gen-verify rollout grpo-step sft-step edu-filter llm-extract verifier-sft; do
    n=0 bad=()
    while read -r name meta; do
        case $meta in
        N|X|K|E|P|G|C) values=(nan inf -inf 1e999 -1e999 99999999999999999999999 1x "" 0x) ;;
        T) [ "$name" = temperature ] && values=(nan inf 1e999 -1 "") || values=(bogus) ;;
        *'|'*) values=(bogus "") ;;
        -) values=() ; n=$((n + 1)); refused "$p" "--$name" "--$name=1" || bad+=("--$name=1") ;;
        *) values=() ;;
        esac
        for v in ${values[@]+"${values[@]}"}; do
            n=$((n + 1))
            refused "$p" "--$name" "--$name" "$v" || bad+=("--$name '$v' (rc, stderr: $(head -c 120 "$T/err"))")
        done
    done < <(options "$p")
    check "$p: $n bad flag values refused with exit 2 and one line naming the flag (${#bad[@]} not: ${bad[*]:0:3})" \
        test "$n" -gt 5 -a ${#bad[@]} = 0
done

printf '%s\n' '{"id":"q","question":"What is 2+2?"}' > "$T/q.jsonl"
"$BIN"/rollout -q --model "$M" -n3 --max-tokens 2 -j1 "$T/q.jsonl" > "$T/n3" 2> "$T/err"
check "rollout -n3 -j1 means -n 3 -j 1: three samples ($(head -c 150 "$T/err"))" test "$(wc -l < "$T/n3")" = 3
"$BIN"/rollout -q --model "$M" -n 3 --max-tokens 2 -j 1 "$T/q.jsonl" > "$T/n3b" 2> /dev/null
check "... the very samples -n 3 gives" cmp -s "$T/n3" "$T/n3b"
check "rollout -qn3 (bundled short flags) is refused in one line, not misread" refused rollout "-qn3" --model "$M" -qn3 "$T/q.jsonl"
