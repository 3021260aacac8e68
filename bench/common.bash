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
