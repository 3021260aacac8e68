#!/usr/bin/env bash
# Each libFuzzer target for FUZZ_SEC seconds (ASan+UBSan), seeded with the real inputs it parses.
set -u
source "$(dirname "$0")/common.bash"
FUZZ=${GR_FUZZ:-build/fuzz}
SEC=${FUZZ_SEC:-15}

seed() {   # seed TARGET FILE... : small files become the corpus
    mkdir -p "$T/$1"
    shift_target=$1; shift
    for f in "$@"; do [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 100000 ] && cp "$f" "$T/$shift_target/"; done
}
seed fuzz_warc "$SHARED"/data/warc/* testdata/warc/*.warc* testdata/warc/bad/*
mkdir -p "$T/fuzz_answer"
python3 - "$SHARED/data/verify" "$T/fuzz_answer" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
n = 0
for name in ("math500.jsonl", "theoremqa.jsonl", "math500_pairs.jsonl"):
    for line in open(os.path.join(src, name), encoding="utf-8"):
        r = json.loads(line)
        for k in ("answer", "response"):
            if isinstance(r.get(k), str) and n < 3000:
                open(os.path.join(out, "%05d" % n), "w").write(r[k][:2000]); n += 1
PY

for target in "$FUZZ"/fuzz_*; do
    name=$(basename "$target")
    "$target" -max_total_time="$SEC" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$T/" \
        "$T/$name" > "$T/$name.log" 2>&1
    rc=$?
    runs=$(grep -o 'Done [0-9]* runs' "$T/$name.log" | grep -o '[0-9]*' | head -1)
    check "$name: ${SEC}s, ${runs:-?} inputs, no crash, leak or hang" test $rc = 0
    [ $rc = 0 ] || tail -30 "$T/$name.log"
done
