#!/usr/bin/env bash
# Oracle test: `warc-extract --list` against warcio and fastwarc on every sample in
# $GR_SHARED/data/warc/ (MANIFEST.md excepted).
#
# For each file and each oracle one TAP-like line on stdout:
#   ok <file> <oracle>[ # note]    |    not ok <file> <oracle>: <first difference>
# The rules and the table of files where the two oracles disagree (and which one follows the
# WARC spec) are in compare_list.py. Oracle disagreements the table does not explain, and a
# summary of the files each oracle could not read, go to stderr. Exit 1 if any line is `not ok`.
#
# Environment: GR_BIN (default bin), GR_SHARED (default ../shared), GR_PYTHON (the oracle
# virtualenv's python; default: the one `make deps` creates), GR_ORACLE_EXTRA=1 to compare
# http_status, mime and payload_sha1 too. Relative paths are taken from the repository root.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

GR_BIN=${GR_BIN:-bin}
GR_SHARED=${GR_SHARED:-../shared}
if [ -z "${GR_PYTHON:-}" ]; then
    h=$(sha256sum requirements.txt | cut -c1-12)
    GR_PYTHON=${XDG_CACHE_HOME:-$HOME/.cache}/gr/venv-$h/bin/python
fi

bin=$GR_BIN/warc-extract
dir=$GR_SHARED/data/warc
if [ ! -x "$bin" ]; then
    echo "Bail out! $bin not found or not executable (run make)"
    exit 1
fi
if [ ! -d "$dir" ]; then
    echo "Bail out! $dir: no such directory (set GR_SHARED)"
    exit 1
fi
if ! "$GR_PYTHON" -c 'import warcio, fastwarc' 2>/dev/null; then
    echo "Bail out! $GR_PYTHON cannot import warcio and fastwarc (run make deps)"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gr-oracle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

fail=0 n=0
declare -A unread=([warcio]="" [fastwarc]="")

for f in "$dir"/*; do
    [ -f "$f" ] || continue
    case $f in *.md) continue ;; esac
    name=$(basename "$f")
    n=$((n + 1))

    timeout 120 "$bin" --list "$f" >"$tmp/ours" 2>"$tmp/ours.err"
    rc=$?
    crashed=""
    if [ $rc -eq 124 ]; then
        crashed="warc-extract timed out after 120 s"
    elif [ $rc -gt 128 ]; then
        crashed="warc-extract killed by signal $((rc - 128))"
    fi
    if [ -n "$crashed" ]; then
        echo "# $name: $crashed; its stderr ends:" >&2
        tail -n 5 "$tmp/ours.err" | sed 's/^/#   /' >&2
    fi

    for lib in warcio fastwarc; do
        timeout 300 "$GR_PYTHON" "$here/warc_index.py" "$lib" "$f" >"$tmp/$lib" 2>"$tmp/$lib.err"
        orc=$?
        if [ $orc -ne 0 ]; then  # the oracle itself died: what it printed is a partial result
            printf '{"oracle_error": "%s exited with status %d"}\n' "$lib" "$orc" >>"$tmp/$lib"
        fi
        err=$(grep -o '"oracle_error": ".*' "$tmp/$lib" | tail -n 1 | cut -c18-110 | sed 's/"}$//')
        if [ -n "$err" ]; then
            recs=$(grep -vc '"oracle_error"' "$tmp/$lib")
            unread[$lib]+="  $name (after $recs records): $err"$'\n'
        fi
        if [ -n "$crashed" ]; then
            echo "not ok $name $lib: $crashed"
            fail=1
            continue
        fi
        "$GR_PYTHON" "$here/compare_list.py" "$lib" "$tmp/$lib" "$tmp/ours" "$name" >"$tmp/line"
        crc=$?
        line=$(head -n 1 "$tmp/line")
        case $line in
            "ok "*) [ $crc -eq 0 ] || { line="not ok $name $lib: compare_list.py failed ($crc)"; } ;;
            "not ok "*) ;;
            *) line="not ok $name $lib: compare_list.py failed ($crc): ${line:0:100}" ;;
        esac
        echo "$line"
        case $line in "not ok "*) fail=1 ;; esac
    done

    "$GR_PYTHON" "$here/compare_list.py" --cross "$tmp/warcio" "$tmp/fastwarc" "$name" >&2
done

{
    echo "# $n files checked"
    for lib in warcio fastwarc; do
        if [ -n "${unread[$lib]}" ]; then
            echo "# files $lib could not read to the end:"
            printf '%s' "${unread[$lib]}" | sed 's/^/#/'
        else
            echo "# $lib read every file to the end"
        fi
    done
} >&2

exit $fail
