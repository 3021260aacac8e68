# common.bash -- sourced by the shell tests: paths from the Makefile's environment, a scratch
# directory removed on exit, and the ok / not ok reporting that tests/runner.c counts.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
BIN=${GR_BIN:-bin}
ASAN=${GR_ASAN_BIN:-build/asan/bin}
SHARED=${GR_SHARED:-../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $*"; }
fail() { echo "not ok $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }
jqt() { jq "$@" > /dev/null; }   # jq -e as a test: its status only
