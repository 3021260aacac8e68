#!/usr/bin/env bash
# make dataset (pipelines/dataset.mk) on the bundled crawls: the sharded build (-j 2, two-pass
# near-dup) gives exactly what one pipeline over the same files in the same order gives; its
# manifest names every input with its size and sha256 and accounts for every record at every
# stage; a rerun does nothing; a refresh with a new crawl file processes only that file; a build
# killed with -9 and run again ends with the same dataset.
set -u
source "$(dirname "$0")/common.bash"
E=$SHARED/data/eval
BENCH=$(ls "$E"/*.jsonl "$E"/*.jsonl.gz "$SHARED"/data/verify/theoremqa.jsonl | paste -sd, -)
cp "$SHARED"/data/warc/dolma__sample-0000.warc.gz "$SHARED"/data/warc/resiliparse__clipped.warc.gz testdata/warc/textqa.warc.gz "$T/"
# the clipped file ends inside a gzip member: warc-extract's "malformed" lines are no records
WARCS="testdata/warc/faq.warc.gz testdata/warc/microdata.warc.gz testdata/warc/qapage.warc.gz testdata/warc/quiz.warc $T/dolma__sample-0000.warc.gz $T/resiliparse__clipped.warc.gz"
NEW=$T/textqa.warc.gz
build() { make -s --no-print-directory -f pipelines/dataset.mk BIN="$BIN" SHARED="$SHARED" OUT="$T/ds" "$@"; }
one_pass() {   # the same stages as one pipeline over the files, in WARCS order
    "$BIN"/warc-extract -q $1 | "$BIN"/qa-filter -q --verifiable --decontaminate "$BENCH" | "$BIN"/answer-typer -q
}
build -j2 WARCS="$WARCS" > /dev/null 2> "$T/err"; rc=$?
check "make dataset -j2: exit 0 ($(tail -n 6 "$T/err" | head -c 300))" test $rc = 0 -a -s "$T/ds/dataset.jsonl"
one_pass "$(echo $WARCS)" > "$T/one.jsonl"
check "the sharded build equals one pipeline over the same files ($(wc -l < "$T/ds/dataset.jsonl") records)" \
    cmp -s "$T/ds/dataset.jsonl" "$T/one.jsonl"
check "the manifest accounts for every record at every stage" test "$(jq .accounted "$T/ds/manifest.json")" = true
check "the manifest names each input with its size and sha256" python3 - "$T/ds/manifest.json" $WARCS <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[1]))
files = sys.argv[2:]
assert [i["path"] for i in m["inputs"]] == files, [i["path"] for i in m["inputs"]]
for i in m["inputs"]:
    assert i["bytes"] == os.path.getsize(i["path"]) and i["sha256"] == hashlib.sha256(open(i["path"], "rb").read()).hexdigest()
assert m["dataset"]["records"] == sum(1 for _ in open(m["dataset"]["path"]))
assert all(m["programs"].values()), m["programs"]
assert m["totals"]["type"]["out"] == m["dataset"]["records"]
# warc-extract's rejects, recounted: malformed lines apart from rejected records
shards = os.path.dirname(m["dataset"]["path"]) + "/shards"
for i in m["inputs"]:
    rej = [json.loads(l)["reject_reason"] for l in open(f'{shards}/{i["shard"]}.extract.rej.jsonl')]
    e = i["stages"]["extract"]
    assert e["malformed"] == rej.count("malformed") and e["rejected"] == len(rej) - rej.count("malformed"), (i["path"], e)
assert any(i["stages"]["extract"]["malformed"] for i in m["inputs"])
PY
check "the report: both pictures, and tables that add up to the dataset" python3 - "$T/ds" <<'PY'
import os, re, sys
d = sys.argv[1]
assert all(os.path.getsize(f"{d}/report/{p}.png") > 1000 for p in ("domains", "answer-formats"))
md = open(f"{d}/report/report.md").read()
n = sum(1 for _ in open(f"{d}/dataset.jsonl"))
for table in ("domains", "answer formats"):
    part = md.split(f"| {table} | records |")[1].split("\n\n")[0]
    assert sum(int(m) for m in re.findall(r"\| (\d+) \|\n?", part)) == n, table
assert "(none)" not in md.split("| domains | records |")[1].split("\n\n")[0], "a record without a category"
PY
stamps() { ls -l --time-style=+%s.%N "$T"/ds/shards/* "$T"/ds/dataset.jsonl | awk '{print $6, $7}' | sort; }
before=$(stamps)
build WARCS="$WARCS" > /dev/null 2>&1
check "a rerun rebuilds nothing" test "$before" = "$(stamps)"

# A refresh: one new crawl file; only its shard is built, and the result is one pipeline over all.
before=$(ls -l --time-style=+%s.%N "$T"/ds/shards/*.p1.jsonl | awk '{print $6, $7}' | sort)
build -j2 WARCS="$WARCS $NEW" > /dev/null 2>&1
after=$(ls -l --time-style=+%s.%N "$T"/ds/shards/*.p1.jsonl | awk '{print $6, $7}' | grep -v textqa | sort)
check "a new crawl file: the other shards' first pass is not redone" test "$before" = "$after"
one_pass "$(echo $WARCS) $NEW" > "$T/one2.jsonl"
check "after the refresh the dataset is one pipeline over all the files ($(wc -l < "$T/one.jsonl") then $(wc -l < "$T/ds/dataset.jsonl") records)" \
    cmp -s "$T/ds/dataset.jsonl" "$T/one2.jsonl"

# Killed with -9 in the middle, then run again: the same dataset, no temporary file left.
rm -rf "$T/ds"
( build -j2 WARCS="$WARCS $NEW" > /dev/null 2>&1 & echo $! > "$T/pid"; wait ) &
sleep 1.5
pkill -9 -P "$(cat "$T/pid")" 2> /dev/null; kill -9 "$(cat "$T/pid")" 2> /dev/null; pkill -9 -f "$T/ds" 2> /dev/null
wait
build -j2 WARCS="$WARCS $NEW" > /dev/null 2>&1; rc=$?
check "killed with -9 and run again: exit 0, the same dataset" eval 'test $rc = 0 && cmp -s "$T/ds/dataset.jsonl" "$T/one2.jsonl"'
check "no temporary file left" test -z "$(find "$T/ds" -name '*.tmp' -o -name 'decontam.idx.*')"

make -s --no-print-directory -f pipelines/dataset.mk BIN="$BIN" OUT="$T/none" WARCS="$T/nosuch*.warc.gz" > /dev/null 2> "$T/err"; rc=$?
check "WARCS naming no file: exit 2, one line saying so" test $rc = 2 -a -n "$(grep -l 'WARCS names no file' "$T/err")"

# LLM=DIR: pages without markup go through edu-filter and llm-extract (the tiny random model, whose
# output is rarely JSON: the plumbing and the accounting are what is checked); pairs from markup
# come out as they do without it.
if [ -n "${GR_MODELS:-}" ] && [ -d "$GR_MODELS/qwen3-f32" ]; then
    L="testdata/warc/textqa.warc.gz testdata/warc/faq.warc.gz"
    build WARCS="$L" BENCH= LLM="$GR_MODELS/qwen3-f32" LLM_FLAGS="--max-tokens 24" OUT="$T/llm" -j2 > /dev/null 2> "$T/llm.err"; rc=$?
    build WARCS="$L" BENCH= OUT="$T/nollm" -j2 > /dev/null 2> "$T/nollm.err"
    check "make dataset LLM=tiny-model: exit $rc, a manifest with pages and llm stages, accounted" \
        jqt -e '.accounted and all(.inputs[]; .stages | has("pages") and has("llm")) and .totals.llm.in > 0' "$T/llm/manifest.json"
    check "with LLM, pages reached the model and every one is in its output or its rejects" \
        jqt -e '.inputs[] | select(.shard | test("textqa")) | .stages.llm | .in > 0 and .in <= .out + .rejected' "$T/llm/manifest.json"
    check "with LLM, the pairs of a crawl with markup are the same as without it" \
        cmp -s "$T/llm/shards/testdata_warc_faq.warc.gz.typed.jsonl" "$T/nollm/shards/testdata_warc_faq.warc.gz.typed.jsonl"
    build WARCS="$L" BENCH= OUT="$T/llm" > /dev/null 2> "$T/llm2.err"; rc=$?
    check "the same build again without LLM: exit $rc, the pages branch's files gone, the manifest without it" \
        eval 'test $rc = 0 && test -z "$(ls "$T"/llm/shards/*.llm.* 2> /dev/null)" && jqt -e ".accounted and (.totals | has(\"llm\") | not)" "$T/llm/manifest.json"'
else
    echo "ok make dataset LLM=... # SKIP no tiny models (GR_MODELS)"
fi

# Many machines with GNU parallel (here ":" = this machine, two slots): the same dataset as make
# dataset over the same files; a wrong call is exit 2 with one line.
if command -v parallel > /dev/null; then
    BIN=$BIN SHARED=$SHARED pipelines/dataset-parallel --sshlogin 2/: "$T/par" $WARCS $NEW > /dev/null 2> "$T/par.err"; rc=$?
    check "dataset-parallel --sshlogin 2/: gives make dataset's dataset and an accounted manifest (exit $rc)" \
        eval 'test $rc = 0 && cmp -s "$T/par/dataset.jsonl" "$T/one2.jsonl" && test "$(jq .accounted "$T/par/manifest.json")" = true'
    check "dataset-parallel ran pass 1 of each file through parallel" test "$(grep -c '^dataset: pass 1' "$T/par.err")" = 7
    pipelines/dataset-parallel "$T/par2" /nonexistent.warc.gz 2> "$T/err"; rc=$?
    check "dataset-parallel with a missing crawl file: exit 2, one line" eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1'
else
    echo "ok dataset-parallel # SKIP GNU parallel not installed (apt-get install parallel)"
fi
