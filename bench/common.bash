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
