#!/usr/bin/env bash
# llm-extract: its reading of model outputs against the cases of testdata/llm-extract/outputs.jsonl
# (each case: a page, what a model said about it, what must come of it), which an independent
# Python reading of the same rules (check_cases.py) must also give; the plumbing with the tiny
# random models (warc-extract --pages | llm-extract --model): every page accounted for, pairs passed
# as they are, long pages cut for the model, the same output twice; bad surroundings.
set -u
source "$(dirname "$0")/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
CASES=testdata/llm-extract/outputs.jsonl

python3 testdata/llm-extract/check_cases.py "$CASES" > "$T/oracle.txt" 2>&1; rc=$?
check "the Python reading of the rules gives every case's expected result ($(tail -n 1 "$T/oracle.txt" | head -c 200))" test $rc = 0

# Each case as a page record that already holds the model's output.
jq -c '{id: .case, url: ("https://example.org/" + .case), text: .page, llm_output: .output}' "$CASES" > "$T/pages.jsonl"
"$BIN"/llm-extract --rejects "$T/rej.jsonl" "$T/pages.jsonl" > "$T/out.jsonl" 2> "$T/err"; rc=$?
check "llm-extract over $(wc -l < "$CASES") recorded outputs: exit 0 ($(tail -n 1 "$T/err"))" test $rc = 0
python3 - "$CASES" "$T/out.jsonl" "$T/rej.jsonl" > "$T/cmp.txt" <<'PY'
import collections, json, sys
cases = [json.loads(l) for l in open(sys.argv[1])]
out, rej = collections.defaultdict(list), collections.defaultdict(list)
ids = {}
for c in cases:
    ids["https://example.org/" + c["case"]] = c["case"]
for l in open(sys.argv[2]):
    r = json.loads(l)
    out[ids[r["url"]]].append({"question": r["question"], "answer": r["answer"], "solution": r.get("solution")})
for l in open(sys.argv[3]):
    r = json.loads(l)
    rej[ids[r["url"]]].append(r["reject_reason"])
bad = []
for c in cases:
    e, k = c["expect"], c["case"]
    if "reject" in e:   # nothing usable: the page rejected, or each of its questions
        got_ok = not out[k] and rej[k] == e.get("rejected", [e["reject"]])
    else:
        got_ok = out[k] == e["records"] and rej[k] == e.get("rejected", [])
    if not got_ok:
        bad.append(k)
        print(f"# {k}: want {json.dumps(e)[:200]}\n#   got out={json.dumps(out[k])[:200]} rejected={rej[k]}")
print(f"{len(cases) - len(bad)} of {len(cases)} cases as expected")
sys.exit(1 if bad else 0)
PY
rc=$?
check "llm-extract reads every recorded output as the cases say ($(tail -n 1 "$T/cmp.txt"))" test $rc = 0
grep '^#' "$T/cmp.txt" | head -n 20
check "every page accounted for: each named question out or rejected, else the page rejected" python3 - "$T/pages.jsonl" "$T/out.jsonl" "$T/rej.jsonl" <<'PY'
import json, sys
pages = {json.loads(l)["url"] for l in open(sys.argv[1])}
seen = {json.loads(l)["url"] for f in sys.argv[2:] for l in open(f)}
sys.exit(pages != seen)
PY
check "records made carry the page's provenance and extractor llm-extract-v1" \
    eval 'test -s "$T/out.jsonl" && test "$(jq -r "select(.extractor != \"llm-extract-v1\" or .url == null or .id == null) | .id" "$T/out.jsonl" | wc -l)" = 0'
"$BIN"/qa-filter -q "$T/out.jsonl" | "$BIN"/answer-typer -q > "$T/typed.jsonl"; rc=$?
check "its records go through qa-filter and answer-typer ($(wc -l < "$T/typed.jsonl") typed)" eval 'test $rc = 0 && test -s "$T/typed.jsonl"'

# The prompt is the versioned file, byte for byte.
"$BIN"/llm-extract --print-prompt | cmp -s - docs/prompts/llm-extract-v1.txt
check "--print-prompt is docs/prompts/llm-extract-v1.txt" test $? = 0

# Plumbing with a tiny random model: what it says is noise, so every page is rejected with a reason.
"$BIN"/warc-extract -q --pages testdata/warc/textqa.warc.gz testdata/warc/faq.warc.gz "$SHARED"/data/warc/dolma__sample-0000.warc.gz > "$T/mixed.jsonl"
pages=$(jq -r 'select(.text) | .id' "$T/mixed.jsonl" | wc -l) pairs=$(jq -r 'select(.question) | .id' "$T/mixed.jsonl" | wc -l)
"$BIN"/llm-extract --model "$M" --max-tokens 8 --max-page-bytes 300 --rejects "$T/mrej.jsonl" "$T/mixed.jsonl" > "$T/mout.jsonl" 2> "$T/merr"; rc=$?
check "tiny model over $pages pages and $pairs pairs: exit 0, pairs passed as they are, each page rejected with a reason ($(tail -n 1 "$T/merr"))" \
    eval 'test $rc = 0 && test $pages -gt 5 && cmp -s "$T/mout.jsonl" <(jq -c "select(.question)" "$T/mixed.jsonl") &&
          test "$(wc -l < "$T/mrej.jsonl")" = $pages && test "$(jq -r "select(.reject_reason == null or .llm_output == null) | .id" "$T/mrej.jsonl" | wc -l)" = 0'
check "pages longer than --max-page-bytes are marked page_truncated" test "$(jq -r 'select(.page_truncated) | .id' "$T/mrej.jsonl" | wc -l)" -gt 0
"$BIN"/llm-extract --model "$M" --max-tokens 8 --max-page-bytes 300 --rejects "$T/mrej2.jsonl" "$T/mixed.jsonl" > /dev/null 2>&1
check "the same model and pages: the same outputs (greedy)" cmp -s "$T/mrej.jsonl" "$T/mrej2.jsonl"

# Hostile: a page of 20 MB, a model output of 1 MB, an output of deep nesting, invalid UTF-8.
python3 - "$T/hostile.jsonl" <<'PY'
import json, sys
page = "Question: What is the unit of force? Answer: newton. " + "filler text " * 1_700_000
rows = [
    {"id": "big-page", "url": "u1", "text": page, "llm_output": '[{"question": "What is the unit of force?", "answer": "newton"}]'},
    {"id": "big-output", "url": "u2", "text": "Q: 2+2? A: 4", "llm_output": "x" * 1_000_000 + '{"question": "2+2?", "answer": 4}'},
    {"id": "deep", "url": "u3", "text": "Q: 2+2? A: 4", "llm_output": "[" * 200_000},
    {"id": "deep-object", "url": "u4", "text": "Q: 2+2? A: 4", "llm_output": '{"question": ' * 100_000},
    {"id": "wrong-types", "url": "u5", "text": 7, "llm_output": ["a"]},
    {"id": "no-text", "url": "u6"},
]
with open(sys.argv[1], "w") as f:
    for r in rows: f.write(json.dumps(r) + "\n")
PY
printf '{"id":"raw-bad","text":"\xff\xfe","llm_output":"[]"}\n' >> "$T/hostile.jsonl"
timeout 120 "$ASAN"/llm-extract --rejects "$T/hrej.jsonl" "$T/hostile.jsonl" > "$T/hout.jsonl" 2> "$T/herr"; rc=$?
n_in=$(grep -c . "$T/hostile.jsonl")
check "hostile pages and outputs under ASan+UBSan: exit 0, every line accounted for (rc $rc: $(tail -n 1 "$T/herr"))" \
    eval 'test $rc = 0 && ! grep -q -e "runtime error" -e Sanitizer "$T/herr" && test $(( $(wc -l < "$T/hout.jsonl") + $(wc -l < "$T/hrej.jsonl") )) = $n_in'
check "hostile: the 20 MB page's question found, the 1 MB output read, deep nesting rejected" \
    eval 'grep -q "\"answer\":\"newton\"" "$T/hout.jsonl" && grep -q "\"answer\":\"4\"" "$T/hout.jsonl" &&
          test "$(jq -r "select(.id == \"deep\" or .id == \"deep-object\") | .reject_reason" "$T/hrej.jsonl" | sort -u | tr "\n" " ")" != ""'
"$BIN"/llm-extract --model /nonexistent < /dev/null 2> "$T/err"; rc=$?
check "--model naming no model: exit 2, one line" eval 'test $rc = 2 && test "$(wc -l < "$T/err")" = 1'
