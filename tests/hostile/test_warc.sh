#!/usr/bin/env bash
# warc-extract against WARC headers that lie (tests/hostile/lying_warcs.py makes them from good
# files, with warcio finding the records): a Content-Length that claims more than the record holds
# (by 3 kB, 1 MB, 100 MB past the window, 1 TB), a NUL inside a header line, a missing Content-Length
# -- plain and one gzip member per record.  Each must give the good file's records and pairs, every
# pair with its own record's id and URL, and one damage report: on stderr, counted, and in --rejects.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
W=$SHARED/data/warc

same_pairs() {   # same_pairs A B: the same pairs, field for field, but for warc_file (the file's name)
    python3 -c '
import json, sys
def load(f): return [{k: v for k, v in json.loads(l).items() if k != "warc_file"} for l in open(f)]
a, b = load(sys.argv[1]), load(sys.argv[2])
sys.exit(not (a == b and a))' "$1" "$2"
}
one_damage() {   # one_damage ERR REJECTS: one report on stderr besides the summary, counted, and in --rejects
    test "$(grep -vc ' records in, ' "$1")" = 1 && grep -q ', 1 malformed' "$1" &&
        test "$(grep -c '"reject_reason":"malformed"' "$2")" = 1
}

for src in testdata/warc/quiz.warc testdata/warc/faq.warc.gz testdata/warc/textqa.warc.gz; do
    d=$T/$(basename "$src"); mkdir -p "$d"
    "$PY" tests/hostile/lying_warcs.py "$src" "$d" > "$d/names" || { fail "lying_warcs.py $src"; continue; }
    for z in warc warc.gz; do
        "$BIN"/warc-extract "$d/good.$z" > "$d/good.$z.out" 2> /dev/null
        while read -r name; do
            [ "$name" = good ] && continue
            f=$d/$name.$z
            "$BIN"/warc-extract --rejects "$f.rej" "$f" > "$f.out" 2> "$f.err"; rc=$?
            check "$(basename "$src") $name.$z: exit 0, the good file's pairs with their own record ids, one damage report ($(grep -v ' records in, ' "$f.err" | head -c 160))" \
                eval 'test $rc = 0 && same_pairs "$f.out" "$d/good.$z.out" && one_damage "$f.err" "$f.rej"'
        done < "$d/names"
    done
done

# A real crawl's file: --list of each lying copy names every record warcio finds in the good one.
if [ -r "$W/aut__example.warc.gz" ]; then
    d=$T/aut; mkdir -p "$d"
    "$PY" tests/hostile/lying_warcs.py "$W/aut__example.warc.gz" "$d" > "$d/names"
    ids() { "$BIN"/warc-extract -q --list "$1" | python3 -c 'import json, sys
for l in sys.stdin: print(json.loads(l)["warc_record_id"])'; }
    "$PY" -c 'import sys
from warcio.archiveiterator import ArchiveIterator
for r in ArchiveIterator(open(sys.argv[1], "rb")): print(r.rec_headers.get_header("WARC-Record-ID"))' "$d/good.warc.gz" > "$d/warcio.ids"
    while read -r name; do
        for z in warc warc.gz; do
            ids "$d/$name.$z" > "$d/$name.$z.ids" 2> /dev/null
            check "aut__example $name.$z: --list names warcio's $(wc -l < "$d/warcio.ids") records of the good file, in order" \
                cmp -s "$d/$name.$z.ids" "$d/warcio.ids"
        done
    done < "$d/names"
else
    ok "aut__example lying copies # SKIP $W/aut__example.warc.gz is not here"
fi
