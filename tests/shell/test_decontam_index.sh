#!/usr/bin/env bash
# qa-filter --decontam-index: the saved benchmark index gives the verdicts the files give, is used
# only while it was built from exactly those files (same paths, sizes, times, n-gram size), is
# rebuilt when stale, truncated or not an index at all, and is written only to a regular file;
# built on two threads it is the same bytes.
set -u
source "$(dirname "$0")/common.bash"
cp "$SHARED"/data/verify/math500.jsonl "$SHARED"/data/eval/gsm8k.jsonl "$SHARED"/data/eval/gpqa_diamond.jsonl.gz "$T/"
B="$T/math500.jsonl,$T/gsm8k.jsonl,$T/gpqa_diamond.jsonl.gz"
IN=testdata/qa/decontam.jsonl
filter() { "$BIN"/qa-filter --progress --rules decontam --decontaminate "$B" "$@" --rejects "$T/rej" "$IN" 2> "$T/err"; }
"$BIN"/qa-filter -q --rules decontam --decontaminate "$B" --rejects "$T/want.rej" "$IN" > "$T/want"
building() { grep -q 'decontam-index.*building it' "$T/err"; }

filter --decontam-index "$T/idx" > "$T/got"; rc=$?
check "first run: builds the index (exit $rc)" eval 'test $rc = 0 && building && test -s "$T/idx"'
check "first run: the verdicts of the files" eval 'cmp -s "$T/got" "$T/want" && cmp -s "$T/rej" "$T/want.rej"'
filter --decontam-index "$T/idx" > "$T/got"; rc=$?
check "second run: maps it, builds nothing" eval 'test $rc = 0 && ! building'
check "second run: the same verdicts" eval 'cmp -s "$T/got" "$T/want" && cmp -s "$T/rej" "$T/want.rej"'
check "some records are contaminated (the test means something)" test "$(grep -c contaminated "$T/want.rej")" -gt 10

# Built on two threads (one reading, one inserting, under ASan) or one: the same bytes.
"$ASAN"/qa-filter -q --threads 2 --rules decontam --decontaminate "$B" --decontam-index "$T/idx2" < /dev/null 2> "$T/asan.err"; rc=$?
"$BIN"/qa-filter -q --threads 1 --rules decontam --decontaminate "$B" --decontam-index "$T/idx1" < /dev/null
check "--threads 2 builds the index --threads 1 builds, byte for byte (ASan: exit $rc, quiet)" \
    eval 'test $rc = 0 -a ! -s "$T/asan.err" && cmp -s "$T/idx1" "$T/idx2" && cmp -s "$T/idx1" "$T/idx"'

touch -d '2001-01-01' "$T/gsm8k.jsonl"
filter --decontam-index "$T/idx" > "$T/got"
check "a benchmark file touched: rebuilt" eval 'building && grep -q "other files" "$T/err" && cmp -s "$T/got" "$T/want"'
filter --decontam-index "$T/idx" --decontam-ngram 8 > /dev/null
check "another n-gram size: rebuilt" building
filter --decontam-index "$T/idx" > /dev/null   # back to 13
"$BIN"/qa-filter -q --rules decontam --decontaminate "$T/math500.jsonl" --decontam-index "$T/idx" "$IN" > "$T/one"
check "fewer files: rebuilt, and only their verdicts" test "$(wc -l < "$T/one")" -gt "$(wc -l < "$T/want")"
filter --decontam-index "$T/idx" > /dev/null

for how in truncated garbage header-only; do
    cp "$T/idx" "$T/bad"
    case $how in
        truncated) truncate -s 100000 "$T/bad" ;;
        garbage) head -c 300000 /dev/urandom > "$T/bad" ;;
        header-only) head -c 64 "$T/idx" > "$T/bad" ;;
    esac
    filter --decontam-index "$T/bad" > "$T/got"; rc=$?
    check "a $how index: rebuilt, same verdicts (exit $rc)" eval 'test $rc = 0 && building && cmp -s "$T/got" "$T/want"'
done
# A header that lies: every slot full (no empty one to end a probe), benchmarks it does not have.
python3 - "$T/idx" "$T/lie" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
cap = struct.unpack_from("<Q", d, 32)[0]
off = len(d) - cap * 16
for i in range(cap):
    struct.pack_into("<QB", d, off + 16 * i, 0x9E3779B97F4A7C15 * (i + 1) % 2**64 | 1, 200)
open(sys.argv[2], "wb").write(d)
PY
timeout 60 "$BIN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/lie" "$IN" > "$T/got"; rc=$?
check "a lying index (full table, unknown benchmarks): ends, contaminates nothing (exit $rc)" \
    eval 'test $rc = 0 && test "$(wc -l < "$T/got")" = "$(wc -l < "$IN")"'

mkdir "$T/dir"; mkfifo "$T/fifo"
for p in dir fifo; do
    "$BIN"/qa-filter --rules decontam --decontaminate "$B" --decontam-index "$T/$p" < /dev/null 2> "$T/err"; rc=$?
    check "--decontam-index a $p: exit 2, one line naming it" eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1 && grep -q "$T/$p" "$T/err"'
done
cp "$T/math500.jsonl" "$T/keep.jsonl"
"$BIN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/math500.jsonl" < /dev/null 2> "$T/err"; rc=$?
check "--decontam-index naming a benchmark file: exit 2, the file intact" eval 'test $rc = 2 && cmp -s "$T/math500.jsonl" "$T/keep.jsonl"'
ln -s real.idx "$T/link"
"$BIN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/link" "$IN" > "$T/got"
"$BIN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/link" "$IN" > "$T/got2"
check "--decontam-index a symlink: the target written, the link kept, then read" \
    eval 'test -L "$T/link" && test -s "$T/real.idx" && cmp -s "$T/got2" "$T/want"'
check "no temporary file left" test -z "$(find "$T" -name '*.idx.*' -o -name 'idx.*')"

# Two processes that find no index start together: each builds, both rename whole files.
rm -f "$T/idx"
for i in 1 2 3; do "$BIN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/idx" "$IN" > "$T/race$i" & done
wait
check "three at once with no index: all the same verdicts" eval 'cmp -s "$T/race1" "$T/want" && cmp -s "$T/race2" "$T/want" && cmp -s "$T/race3" "$T/want"'
filter --decontam-index "$T/idx" > /dev/null
check "and the index they left is whole" eval '! building'

"$ASAN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/bad" "$IN" > "$T/got" 2> "$T/err"
"$ASAN"/qa-filter -q --rules decontam --decontaminate "$B" --decontam-index "$T/bad" "$IN" > "$T/got" 2>> "$T/err"; rc=$?
check "under ASan+UBSan: built, saved and mapped cleanly (exit $rc)" \
    eval 'test $rc = 0 && ! grep -q "Sanitizer\|runtime error" "$T/err" && cmp -s "$T/got" "$T/want"'
