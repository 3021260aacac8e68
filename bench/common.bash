# common.bash -- sourced by the benchmarks: the repository root as working directory, and the
# paths the Makefile passes (binaries, shared data, the oracle virtualenv's python).
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
root=$(pwd)
GR_BIN=${GR_BIN:-bin}
GR_SHARED=${GR_SHARED:-../shared}
if [ -z "${GR_PYTHON:-}" ]; then
    GR_PYTHON=${XDG_CACHE_HOME:-$HOME/.cache}/gr/venv-$(sha256sum requirements.txt | cut -c1-12)/bin/python
fi
BENCH_RUNS=${BENCH_RUNS:-3}

# best_of N CMD...: the minimum wall time in seconds over N runs; stdout discarded, stderr kept in
# $errlog (bench/data/last.err) and shown, with the script's die, when CMD fails.
errlog=bench/data/last.err
best_of() {
    local runs=$1 best="" t0 t1 dt
    shift
    mkdir -p bench/data
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>"$errlog" || { tail -n 20 "$errlog" >&2; die "failed: $*"; }
        t1=$(date +%s%N)
        dt=$(( t1 - t0 ))
        if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
    done
    awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

# median / spread: of the numbers on stdin, one per line, the median and "min-max" (FORMAT,
# default %.2f), for the benchmarks that time two commands in turn and quote the pairs' ratios.
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { sort -g | awk -v f="${1:-%.2f}" '{ v[NR] = $1 } END { printf f "-" f, v[1], v[NR] }'; }

# The random Qwen2.5-0.5B-shaped BF16 model the model, training and per-path benchmarks share
# (bench/make_qwen05b.sh, ~1 GB, git-ignored): made on first use; its directory in $M.
qwen05b() {
    M=bench/data/qwen2.5-0.5b-random
    [ -s "$M/model.safetensors" ] || bench/make_qwen05b.sh "$M"
}

# grpo_batch FILE GROUPS SAMPLES PROMPT RESPONSE: scored rollouts of random tokens for grpo-step,
# GROUPS questions x SAMPLES answers, PROMPT + RESPONSE tokens each (seeded: the same every run).
grpo_batch() {
    "$GR_PYTHON" - "$@" <<'PY'
import json, random, sys
random.seed(0)
out, G, S, P, R = sys.argv[1], *map(int, sys.argv[2:6])
with open(out, "w") as f:
    for g in range(G):
        prompt = [random.randrange(150000) for _ in range(P)]
        for s in range(S):
            f.write(json.dumps({"id": f"q{g}", "sample": s, "prompt_ids": prompt,
                                "response_ids": [random.randrange(150000) for _ in range(R)],
                                "logprobs": [-11.9] * R, "reward": float(s == g)}) + "\n")
PY
}
