#!/usr/bin/env bash
# lib/tokenizer against Hugging Face tokenizers (the Rust reference) with Qwen's real tokenizer.json
# on every text of $GR_SHARED/data, then damaged tokenizer files under ASan+UBSan: each must give
# one clear error line and exit 2.
set -u
source "$(dirname "$0")/../shell/common.bash"
TOOLS=${GR_TOOLS:-build/tools}
ASAN_TOOLS=${GR_ASAN_TOOLS:-build/asan/tools}
PY=${GR_PYTHON:-python3}
QWEN=$SHARED/data/tokenizers/qwen3/tokenizer.json

start=$(date +%s)
"$PY" tests/oracle/tokenizer_oracle.py "$TOOLS/tokenize" "$QWEN" "$SHARED" "$T" 2> "$T/oracle.err" \
    || fail "tokenizer oracle ran: $(grep -v WARNING "$T/oracle.err" | tail -n 2 | tr '\n' ' ')"
echo "# tokenizer oracle: $(( $(date +%s) - start )) s"

# The hostile strings once more under ASan+UBSan (the oracle script made them in $T).
tail -n 22 "$T/texts.jsonl" | "$ASAN_TOOLS"/tokenize "$QWEN" > "$T/asan.out" 2> "$T/asan.err" &&
    "$ASAN_TOOLS"/tokenize "$QWEN" $(ls "$T"/raw* | tail -n 7) >> "$T/asan.out" 2>> "$T/asan.err"
check "hostile texts and ill-formed bytes under ASan+UBSan: exit 0, 29 results" \
    test $? = 0 -a "$(wc -l < "$T/asan.out")" = 29 -a ! -s "$T/asan.err"

# Damaged tokenizer files: one line naming the file and what is wrong, exit 2, no sanitizer report.
"$PY" - "$QWEN" "$T" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
raw = open(src, "rb").read()
t = json.loads(raw)
def save(name, obj): open(f"{out}/bad-{name}.json", "w").write(json.dumps(obj))
open(f"{out}/bad-truncated.json", "wb").write(raw[: len(raw) // 2])
open(f"{out}/bad-empty.json", "wb").write(b"")
save("no-model", {k: v for k, v in t.items() if k != "model"})
save("no-merges", {**t, "model": {k: v for k, v in t["model"].items() if k != "merges"}})
save("wordpiece", {**t, "model": {**t["model"], "type": "WordPiece"}})
save("unknown-merge", {**t, "model": {**t["model"], "merges": [["zzqx", "qqzz"]] + t["model"]["merges"]}})
save("bad-id", {**t, "model": {**t["model"], "vocab": {**t["model"]["vocab"], "Ġzz": -7}}})
save("huge-id", {**t, "model": {**t["model"], "vocab": {**t["model"]["vocab"], "Ġzz": 1 << 40}}})
save("twice", {**t, "model": {**t["model"], "vocab": {**t["model"]["vocab"], "Ġzzqq": 0}}})
save("no-regex", {**t, "pre_tokenizer": {"type": "ByteLevel"}})
save("bad-regex", {**t, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(unclosed"}}})
save("nfkc", {**t, "normalizer": {"type": "NFKC"}})
save("added-no-content", {**t, "added_tokens": [{"id": 151643}]})
save("missing-byte", {**t, "model": {**t["model"], "vocab": {k: v for k, v in t["model"]["vocab"].items() if k != "Ā"}}})
PY
for f in "$T"/bad-*.json; do
    echo hello | "$ASAN_TOOLS"/tokenize "$f" > /dev/null 2> "$T/err"; rc=$?
    name=$(basename "$f" .json)
    check "$name tokenizer.json: exit 2 with one line naming the file ($(head -c 120 "$T/err"))" \
        test $rc = 2 -a "$(wc -l < "$T/err")" = 1 -a -n "$(grep -F "$f" "$T/err")"
done
