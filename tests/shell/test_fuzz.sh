#!/usr/bin/env bash
# Each libFuzzer target (ASan+UBSan), seeded with the real inputs it parses.  In make check the run
# is reproducible: a fixed seed and a fixed number of inputs (FUZZ_RUNS), capped at FUZZ_SEC seconds;
# `make fuzz` runs them longer with a fresh seed (FUZZ_SEED=0) to look for new crashes.
set -u
source "$(dirname "$0")/common.bash"
FUZZ=${GR_FUZZ:-build/fuzz}
SEC=${FUZZ_SEC:-15}
SEED=${FUZZ_SEED:-1}

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
mkdir -p "$T/fuzz_verify"   # an options byte, then truth and response of labelled pairs
python3 - "$SHARED/data/verify" "$T/fuzz_verify" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
for n, line in enumerate(open(os.path.join(src, "math500_pairs.jsonl"), encoding="utf-8")):
    r = json.loads(line)
    if n < 1500 and isinstance(r.get("answer"), str) and isinstance(r.get("response"), str):
        open(os.path.join(out, "%05d" % n), "w").write(chr(32 + n % 95) + r["answer"][:500] + "\n" + r["response"][-3000:])
PY

mkdir -p "$T/fuzz_model_files"     # tiny checkpoints in the reference layout, and texts
python3 - "$T/fuzz_model_files" <<'PY'
import json, struct, sys
def st(tensors):
    body, meta, off = b"", {"__metadata__": {"format": "pt"}}, 0
    for name, (dtype, shape, data) in tensors.items():
        meta[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + len(data)]}
        body += data; off += len(data)
    h = json.dumps(meta, separators=(",", ":")).encode(); h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + body
open(sys.argv[1] + "/st1", "wb").write(st({"w": ("F32", [2, 2], bytes(16)), "b": ("BF16", [3], bytes(6))}))
open(sys.argv[1] + "/st2", "wb").write(st({"e": ("F16", [0], b""), "s": ("I64", [], bytes(8))}))
for i, t in enumerate(["Hello <|im_start|>user\n", "e\u0301\u212b \ud55c\uad6d\uc5b4 \U0001f600", "  x^2  \n\n\t"]):
    open(sys.argv[1] + "/text%d" % i, "w").write(t)
PY
cp "$T"/fuzz_answer/00[0-4]* "$T/fuzz_model_files/" 2>/dev/null
mkdir -p "$T/fuzz_question"   # real benchmark questions with their answers, a few per set
python3 - "$SHARED/data/eval" "$T/fuzz_question" <<'PY'
import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    for i, l in enumerate(open(f)):
        if i >= 20: break
        r = json.loads(l)
        open("%s/%s-%d" % (sys.argv[2], f.split("/")[-1][:-6], i), "w").write(r["question"] + "\n" + str(r["answer"]))
PY
mkdir -p "$T/fuzz_llm"   # recorded model outputs with their pages (output NUL page)
python3 - testdata/llm-extract/outputs.jsonl "$T/fuzz_llm" <<'PY'
import json, sys
for i, l in enumerate(open(sys.argv[1])):
    if i % 7: continue
    c = json.loads(l)
    open("%s/%s" % (sys.argv[2], c["case"]), "wb").write(c["output"].encode() + b"\0" + c["page"].encode())
PY

mkdir -p "$T/fuzz_judge"   # responses in the forms the paper's extraction reads, and real answers
python3 - "$T/fuzz_judge" <<'PY'
import sys
forms = ["The answer is \\boxed{C}.", "Final Answer: (B)\n", "The answer is: A\n", "\\boxed{\\text{D}} and \\boxed{}",
         "\\boxed{\\frac{1}{\\sqrt{2}}}", "<|im_start|>user\nq<|im_start|>assistant\n\\boxed{E}<|im_end|>",
         "Assistant: \\boxed{F}</s>", "\\boxed{{{x}}} Final Answer: G\n", "no box here", ""]
for i, f in enumerate(forms):
    open("%s/%02d" % (sys.argv[1], i), "w").write("Consider each option. " * (i % 4) + f)
PY
cp "$T"/fuzz_answer/00[0-4]* "$T/fuzz_judge/" 2>/dev/null
mkdir -p "$T/fuzz_jscan"   # real JSONL lines: benchmark rows and verify pairs, a few per file
python3 - "$SHARED/data" "$T/fuzz_jscan" <<'PY'
import glob, gzip, os, sys
n = 0
for path in sorted(glob.glob(sys.argv[1] + "/eval/*.jsonl*") + glob.glob(sys.argv[1] + "/verify/*.jsonl")):
    f = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")
    for i, line in enumerate(f):
        if i >= 4: break
        if len(line) < 60000: open(os.path.join(sys.argv[2], "%04d" % n), "wb").write(line.rstrip(b"\n")); n += 1
PY

for target in "$FUZZ"/fuzz_*; do
    name=$(basename "$target")
    runs=${FUZZ_RUNS:-$([ "$name" = fuzz_warc ] && echo 15000 || echo 100000)}
    [ "$SEED" = 0 ] && runs=-1
    "$target" -seed="$SEED" -runs="$runs" -max_total_time="$SEC" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$T/" "$T/$name" > "$T/$name.log" 2>&1
    rc=$?
    done_runs=$(grep -o 'Done [0-9]* runs' "$T/$name.log" | grep -o '[0-9]*' | head -1)
    check "$name: seed $SEED, ${done_runs:-?} inputs, no crash, leak or hang" test $rc = 0
    if [ $rc != 0 ]; then
        tail -30 "$T/$name.log"
        for a in "$T"/crash-* "$T"/leak-* "$T"/timeout-*; do [ -f "$a" ] && echo "# artifact (base64): $(base64 -w0 "$a")"; done
    fi
done
