#!/usr/bin/env bash
# warc-extract end to end: fixtures with exact expected pairs, damaged files, CLI contract,
# determinism across thread counts, and every shared WARC/ARC file under ASan+UBSan.
set -u
source "$(dirname "$0")/common.bash"

# 1. Fixtures: one WARC per extractor, exact expected records.
for f in testdata/warc/*.warc testdata/warc/*.warc.gz testdata/warc/*.wet; do
    "$BIN"/warc-extract -q "$f" > "$T/out.jsonl"
    python3 tests/shell/compare_pairs.py "$T/out.jsonl" "$f.expected.jsonl" "$(basename "$f")"
done
for f in testdata/warc/faq.warc.zst testdata/warc/faq.warc.xz testdata/warc/faq.warc.bz2; do   # via libarchive
    "$BIN"/warc-extract -q "$f" > "$T/out.jsonl"
    python3 tests/shell/compare_pairs.py "$T/out.jsonl" testdata/warc/faq.warc.gz.expected.jsonl "$(basename "$f")"
done

# 2. Damaged fixtures: the pairs in intact records survive, the damage is named.
expect_bad() {  # file pairs message
    local f=testdata/warc/bad/$1
    "$BIN"/warc-extract "$f" > "$T/out.jsonl" 2> "$T/err"
    local rc=$? n
    n=$(wc -l < "$T/out.jsonl")
    check "bad/$1: exit 0, $2 pairs recovered (got $n)" test "$rc" = 0 -a "$n" = "$2"
    check "bad/$1: error names file and record" grep -q "bad/$1: record [0-9]*.*$3" "$T/err"
    check "bad/$1: summary counts it as malformed" grep -q "[1-9][0-9]* malformed" "$T/err"
}
expect_bad truncated.warc.gz 1 "truncated"
expect_bad content-length-long.warc 4 "Content-Length 5353 runs into the next record"
expect_bad non-utf8-header.warc.gz 5 "not valid UTF-8"
expect_bad bad-chunked.warc.gz 5 "broken chunked"

# 3. The CLI contract of DESIGN.md.
"$BIN"/warc-extract --help > "$T/help"; rc=$?
check "--help exits 0 with an example" test $rc = 0 -a -n "$(grep -l 'Example:' "$T/help")"
"$BIN"/warc-extract --version | grep -q "gr"; check "--version" test $? = 0
"$BIN"/warc-extract --progress --list "$SHARED"/data/warc/aut__example.warc.gz > /dev/null 2> "$T/err"
check "--progress: records, MB and rate on stderr" grep -q "records, .* MB, .* MB/s" "$T/err"
"$BIN"/warc-extract --no-such-flag 2> "$T/err" < /dev/null; rc=$?
check "unknown option: exit 2 and a hint" test $rc = 2 -a -n "$(grep -l "try 'warc-extract --help'" "$T/err")"
"$BIN"/warc-extract --threads lots 2>/dev/null < /dev/null; check "bad number: exit 2" test $? = 2
"$BIN"/warc-extract /nonexistent.warc.gz > "$T/out" 2> "$T/err"; rc=$?
check "unreadable file: exit 2, named" test $rc = 2 -a -n "$(grep -l '/nonexistent.warc.gz: cannot open' "$T/err")"
"$BIN"/warc-extract --strict testdata/warc/bad/truncated.warc.gz > /dev/null 2>&1
check "--strict: damage gives exit 1" test $? = 1
"$BIN"/warc-extract --strict testdata/warc/faq.warc.gz > /dev/null 2>&1
check "--strict: clean file gives exit 0" test $? = 0
"$BIN"/warc-extract --rejects "$T/rej.jsonl" testdata/warc/textqa.warc.gz > "$T/out" 2> "$T/err"
in=$(grep -o '[0-9]* records in' "$T/err" | cut -d' ' -f1)
rej=$(wc -l < "$T/rej.jsonl")
pages=$(python3 -c 'import json,sys; print(len({json.loads(l)["warc_record_id"] for l in open(sys.argv[1])}))' "$T/out")
check "--rejects: every record accounted for ($pages with pairs + $rej rejected = $in)" test $((pages + rej)) = "$in"
check "--rejects: reasons are fixed words" test -z "$(python3 -c '
import json,sys
ok={"not_a_page","http_status","not_text","too_large","bad_content_encoding","truncated","no_pairs"}
print(" ".join(r["reject_reason"] for r in map(json.loads, open(sys.argv[1])) if r["reject_reason"] not in ok))' "$T/rej.jsonl")"
check "--rejects: no temp file left" test ! -e "$T/rej.jsonl.tmp"
cat testdata/warc/faq.warc.gz | "$BIN"/warc-extract -q > "$T/stdin.jsonl"
"$BIN"/warc-extract -q testdata/warc/faq.warc.gz > "$T/file.jsonl"
check "stdin gives the same pairs as the file" test "$(cut -d, -f1 "$T/stdin.jsonl")" = "$(cut -d, -f1 "$T/file.jsonl")"

# 4. Determinism: --threads 1 and --threads 2 give identical output.
files=(testdata/warc/*.warc.gz "$SHARED"/data/warc/dolma__sample-0001.warc.gz "$SHARED"/data/warc/pywb__iana.warc.gz)
for mode in "" "--list"; do
    "$BIN"/warc-extract -q $mode --threads 1 "${files[@]}" > "$T/t1"
    "$BIN"/warc-extract -q $mode --threads 2 "${files[@]}" > "$T/t2"
    check "same output with --threads 1 and 2 (${mode:-extract})" cmp -s "$T/t1" "$T/t2"
done

for f in "$SHARED"/data/warc/aut__example.warc.gz "$SHARED"/data/warc/gowarc__corrupted-trailing-bytes.warc.gz.open \
         "$SHARED"/data/warc/resiliparse__clipped.warc.gz; do
    "$BIN"/warc-extract --list --threads 1 "$f" > "$T/t1" 2> "$T/e1"
    "$BIN"/warc-extract --list --threads 2 "$f" > "$T/t2" 2> "$T/e2"   # one file: decompression on a second thread
    check "$(basename "$f"): decompression thread changes nothing (output and messages)" \
        test "$(cat "$T/t1" "$T/e1" | md5sum)" = "$(cat "$T/t2" "$T/e2" | md5sum)"
done

# 5. Every shared file under ASan+UBSan, both modes: no crash, no hang; known counts.
asan_clean=1
for f in "$SHARED"/data/warc/*; do
    for mode in --list ""; do
        timeout 60 "$ASAN"/warc-extract -q $mode "$f" > /dev/null 2> "$T/asan"
        rc=$?
        if [ $rc -ne 0 ] || grep -q "Sanitizer\|runtime error" "$T/asan"; then
            asan_clean=0; fail "ASan $(basename "$f") ${mode:-extract}: exit $rc $(head -c 300 "$T/asan")"
        fi
    done
done
[ $asan_clean = 1 ] && ok "every shared file read under ASan+UBSan without a crash or sanitizer report"

count() { "$BIN"/warc-extract -q --list "$SHARED/data/warc/$1" | wc -l; }
malformed() { "$BIN"/warc-extract --list "$SHARED/data/warc/$1" 2>&1 >/dev/null | grep -o '[0-9]* malformed' | cut -d' ' -f1; }
while read -r file records damaged why; do
    n=$(count "$file"); m=$(malformed "$file"); m=${m:-0}
    if [ "$damaged" = yes ]; then want_m="$m -gt 0"; else want_m="$m -eq 0"; fi
    check "$file: $records records, damage reported=$damaged ($why; got $n, $m malformed)" test "$n" = "$records" -a $want_m
done <<'TABLE'
gowarc__corrupted-trailing-bytes.warc.gz.open 30 yes trailing-garbage-after-the-member
gowarc__empty.warc.gz.open 0 no empty-gzip-is-valid
gowarc__good.warc.gz.open 50 no whole-file-gzip-read-anyway
resiliparse__clipped.warc.gz 1 yes clipped-gzip-partial-record
ccnet__sample.warc.txt 4 yes LF-only-WET-lengths-wrong-resync
nodewarc__books.toscrape.warc 60 no single-CRLF-trailer-accepted
nodewarc__parseMe.warc 30 no single-CRLF-trailer-accepted
pywb__example.warc 6 yes length-1-byte-short-resync
pywb__example-extra.warc 6 no hand-edited-lengths
pywb__example-url-agnostic-orig.warc.gz 2 no missing-trailer-accepted
pywb__missing-status-text.warc 1 no stray-CR-and-empty-reason
ccwebcommons__link-extraction-test.warc 10 no lengths-off-by-a-few
resiliparse__clueweb-quirk.warc.gz 30 no WARC-0.18-LF-HTTP-headers
aut__example.warc.gz 822 no WARC-0.17
aut__example.arc.gz 300 no ARC-per-record-gzip
resiliparse__block-sized-records.warc.lz4 3 no lz4-through-libarchive
jwarc__gzip_extra_sl.warc.gz 1 no gzip-FEXTRA
warcio__bad.arc 4 yes invalid-ARC-lengths-reported-then-read-on
TABLE
status=$(bin/warc-extract -q --list "$SHARED/data/warc/pywb__missing-status-text.warc" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline()).get("http_status"))')
check "missing status text: status 302 still read (got $status)" test "$status" = 302
pairs=$(bin/warc-extract -q "$SHARED/data/warc/dolma__sample-0001.warc.gz" | grep -c '"extractor":"jsonld-faqpage"')
check "the real commoncrawl.org FAQ page gives its 14 FAQPage pairs (got $pairs)" test "$pairs" = 14

# --pages: a page without QA markup becomes a page record instead of a no_pairs reject; the pairs
# are the same as without it, and every record is still accounted for.
W="$SHARED/data/warc/dolma__sample-0000.warc.gz testdata/warc/faq.warc.gz testdata/warc/textqa.warc.gz"
"$BIN"/warc-extract -q $W > "$T/plain.jsonl"
"$BIN"/warc-extract --pages --rejects "$T/prej.jsonl" $W > "$T/pages.jsonl" 2> "$T/perr"
"$BIN"/warc-extract --rejects "$T/nrej.jsonl" $W > /dev/null 2>&1
no_pairs=$(grep -c '"reject_reason":"no_pairs"' "$T/nrej.jsonl")
check "--pages: the same pairs as without it" eval 'cmp -s <(jq -c "select(.question)" "$T/pages.jsonl") "$T/plain.jsonl"'
check "--pages: each page that gave no pairs is a page record with its text ($no_pairs; $(tail -n 1 "$T/perr"))" \
    eval 'test "$(jq -r "select(.text) | .id" "$T/pages.jsonl" | wc -l)" = $no_pairs && test $no_pairs -gt 5 &&
          test "$(jq -r "select(.text) | select((.text | length) == 0 or .url == null or .warc_record_id == null) | .id" "$T/pages.jsonl" | wc -l)" = 0 &&
          ! grep -q "\"no_pairs\"" "$T/prej.jsonl"'
check "--pages: page text is text, not markup" eval '! jq -r "select(.text) | .text" "$T/pages.jsonl" | grep -q "<div\|<script\|<html"'
