#!/usr/bin/env bash
# Encoding speed of lib/tokenizer against Hugging Face tokenizers (Rust) with Qwen's tokenizer.json.
#
# Corpus: every string of $GR_SHARED/data/eval/*.jsonl, one per line, into bench/data/tok_corpus.txt
# (git-ignored; ~29 MB of questions, solutions and options in English, LaTeX and some CJK).  Both
# encode each line as a text of its own on one thread (HF: encode_batch, RAYON_NUM_THREADS=1; one
# giant string runs it 20x slower, so that would flatter us); best of BENCH_RUNS.  Our
# time excludes loading tokenizer.json (timed apart on an empty file and subtracted); theirs is the
# encode call alone.  Prints MB/s for each and the ratio (target: >= 20 MB/s, >= 1.0x).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
die() { echo "tokenizer_bench: $*" >&2; exit 1; }
TOOLS=${GR_TOOLS:-build/tools}
QWEN=$GR_SHARED/data/tokenizers/qwen3/tokenizer.json
[ -x "$TOOLS/tokenize" ] || die "$TOOLS/tokenize not built (make build/tools/tokenize)"
corpus=bench/data/tok_corpus.txt
mkdir -p bench/data
if [ ! -s "$corpus" ]; then
    "$GR_PYTHON" - "$GR_SHARED" "$corpus" <<'PY'
import glob, gzip, json, sys
def strings(v):
    if isinstance(v, str): yield v
    elif isinstance(v, dict):
        for x in v.values(): yield from strings(x)
    elif isinstance(v, list):
        for x in v: yield from strings(x)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(sys.argv[1] + "/data/eval/*.jsonl*")):
        with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as f:
            for line in f:
                for s in strings(json.loads(line)): out.write(s.replace("\n", " ") + "\n")
PY
fi
: > bench/data/empty.txt
bytes=$(stat -c %s "$corpus")
t_load=$(best_of "$BENCH_RUNS" "$TOOLS/tokenize" --count --lines "$QWEN" bench/data/empty.txt)
t_all=$(best_of "$BENCH_RUNS" "$TOOLS/tokenize" --count --lines "$QWEN" "$corpus")
ours_tokens=$("$TOOLS/tokenize" --count --lines "$QWEN" "$corpus")
read -r t_hf hf_tokens < <(RAYON_NUM_THREADS=1 "$GR_PYTHON" - "$QWEN" "$corpus" "$BENCH_RUNS" <<'PY'
import sys, time
from tokenizers import Tokenizer
tok = Tokenizer.from_file(sys.argv[1])
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
best = None
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter(); n = sum(len(e.ids) for e in tok.encode_batch(lines, add_special_tokens=False)); dt = time.perf_counter() - t0
    best = dt if best is None or dt < best else best
print("%.4f %d" % (best, n))
PY
)
[ "$ours_tokens" = "$hf_tokens" ] || die "token counts differ: ours $ours_tokens, HF $hf_tokens"
awk -v b="$bytes" -v tl="$t_load" -v ta="$t_all" -v th="$t_hf" -v n="$ours_tokens" 'BEGIN {
    ours = b / (ta - tl) / 1e6; hf = b / th / 1e6
    printf "tokenizer: %.1f MB corpus, %d tokens (same count from both)\n", b / 1e6, n
    printf "  gr tokenizer, 1 thread:        %6.1f MB/s  (%.3f s; load %.3f s apart)\n", ours, ta - tl, tl
    printf "  HF tokenizers, 1 thread:       %6.1f MB/s  (%.3f s)\n", hf, th
    printf "  ratio gr / HF tokenizers:      %6.2fx  (target >= 1.0; per core target >= 20 MB/s)\n", ours / hf
}'
