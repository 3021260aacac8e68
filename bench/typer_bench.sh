#!/usr/bin/env bash
# answer-typer throughput on the MATH-500 and TheoremQA answers, looped to ~200k answers, one
# thread (the target is per core), against jq passing the same file through.
set -euo pipefail
cd "$(dirname "$0")/.."
GR_BIN=${GR_BIN:-bin}
GR_SHARED=${GR_SHARED:-../shared}
F=bench/data/answers.jsonl
mkdir -p bench/data
python3 - "$GR_SHARED/data/verify" "$F" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
rows = [json.dumps({"answer": json.loads(l)["answer"]}) for name in ("math500.jsonl", "theoremqa.jsonl")
        for l in open(os.path.join(src, name), encoding="utf-8")]
with open(out, "w") as f:
    for _ in range(200000 // len(rows) + 1):
        f.write("\n".join(rows) + "\n")
PY
n=$(wc -l < "$F")
best() { local b=""; for _ in 1 2 3; do local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N)
         local d=$((t1 - t0)); if [ -z "$b" ] || [ $d -lt "$b" ]; then b=$d; fi; done; echo "$b"; }
t_typer=$(best "$GR_BIN"/answer-typer -q --threads 1 "$F")
t_jq=$(best jq -c . "$F")
awk -v n="$n" -v a="$t_typer" -v j="$t_jq" 'BEGIN {
    printf "answer-typer --threads 1   %8.3f s  %9.0f answers/s  (target >= 200000 per core)\n", a / 1e9, n / (a / 1e9)
    printf "jq -c .                    %8.3f s  %9.0f answers/s\n", j / 1e9, n / (j / 1e9)
    printf "answer-typer / jq          %8.2f\n", j / a }'
