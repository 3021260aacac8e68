#!/usr/bin/env bash
# Throughput of warc-extract against zcat, FastWARC and warcio on a ~100 MB per-record-gzip WARC.
#
# Builds bench/data/bench.warc.gz (git-ignored) by concatenating the clean per-record-gzip real
# crawls from $GR_SHARED/data/warc/ until it is >= BENCH_MB (default 100) MB, and a second copy
# bench2.warc.gz for the two-file threading test. Each candidate sample is first checked: warcio
# must read it without error and its gzip member count must equal its record count.
# Then times (best of BENCH_RUNS, default 3, wall clock, warm page cache):
#   zcat F; warc-extract --list F; warc-extract F; FastWARC reading every payload;
#   warcio reading every content_stream(); warc-extract --threads 1|2 --list F F2
# and prints MB/s (compressed input MB = 10^6 bytes, per second) and the target ratios.
#
# Environment: GR_BIN (default bin), GR_SHARED (default ../shared), GR_PYTHON (oracle venv
# python; default: the one `make deps` creates), BENCH_MB, BENCH_RUNS, BENCH_REBUILD=1.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
BENCH_MB=${BENCH_MB:-100}

die() { echo "warc_bench: $*" >&2; exit 1; }

bin=$GR_BIN/warc-extract
[ -x "$bin" ] || die "$bin not found or not executable (run make)"
src=$GR_SHARED/data/warc
[ -d "$src" ] || die "$src: no such directory (set GR_SHARED)"
"$GR_PYTHON" -c 'import warcio, fastwarc' 2>/dev/null \
    || die "$GR_PYTHON cannot import warcio and fastwarc (run make deps)"
command -v zcat >/dev/null || die "zcat not found"

data=bench/data
F=$data/bench.warc.gz
F2=$data/bench2.warc.gz
mkdir -p "$data"

# ---------------------------------------------------------------- build the input
if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -s "$F" ] || [ ! -s "$F2" ] \
        || [ "$(stat -c %s "$F")" -lt $((BENCH_MB * 1000000)) ]; then
    candidates=()
    for f in "$src"/resiliparse__warcfile.warc.gz "$src"/whirlwind__whirlwind.warc.gz \
             "$src"/aut__example.warc.gz "$src"/pywb__iana.warc.gz \
             "$src"/ukwa__*.warc.gz "$src"/dolma__*.warc.gz; do
        [ -f "$f" ] && candidates+=("$f")
    done
    [ ${#candidates[@]} -gt 0 ] || die "no sample files found in $src"
    # Keep only files that warcio reads without error and that hold one gzip member per record.
    mapfile -t good < <("$GR_PYTHON" - "${candidates[@]}" <<'EOF'
import sys, zlib
from warcio.archiveiterator import ArchiveIterator

def members(path):
    """Number of gzip members, or -1 if the file is not a clean sequence of them."""
    n = 0
    with open(path, "rb") as fh:
        buf = b""
        while True:
            if not buf:
                buf = fh.read(1 << 16)
                if not buf:
                    return n
            d = zlib.decompressobj(31)
            while not d.eof:
                d.decompress(buf)
                if d.eof:
                    buf = d.unused_data
                    break
                buf = fh.read(1 << 16)
                if not buf:
                    return -1
            n += 1

for path in sys.argv[1:]:
    try:
        with open(path, "rb") as fh:
            recs = sum(1 for r in ArchiveIterator(fh) if r.content_stream().read() is not None)
    except Exception as e:  # noqa: BLE001
        print("warc_bench: skip %s: warcio: %s" % (path, e), file=sys.stderr)
        continue
    m = members(path)
    if m != recs:
        print("warc_bench: skip %s: %d gzip members for %d records" % (path, m, recs), file=sys.stderr)
        continue
    print(path)
EOF
    )
    [ ${#good[@]} -gt 0 ] || die "no clean per-record-gzip sample passed the check"
    one=$(cat "${good[@]}" | wc -c)
    reps=$(( (BENCH_MB * 1000000 + one - 1) / one ))
    echo "building $F: ${#good[@]} samples ($one bytes) x $reps" >&2
    : >"$F.tmp"
    for _ in $(seq "$reps"); do cat "${good[@]}" >>"$F.tmp"; done
    mv "$F.tmp" "$F"
    cp "$F" "$F2"
fi

size1=$(stat -c %s "$F")
size2=$(( size1 + $(stat -c %s "$F2") ))
cat "$F" "$F2" >/dev/null   # warm the page cache

# ---------------------------------------------------------------- timing

fastwarc_read() {
    "$GR_PYTHON" - "$1" <<'EOF'
import sys
from fastwarc.warc import ArchiveIterator
n = 0
for rec in ArchiveIterator(sys.argv[1]):   # opens the path, detects gzip, parses HTTP headers
    n += len(rec.reader.read())
print(n)
EOF
}

warcio_read() {
    "$GR_PYTHON" - "$1" <<'EOF'
import sys
from warcio.archiveiterator import ArchiveIterator
n = 0
with open(sys.argv[1], "rb") as fh:
    for rec in ArchiveIterator(fh):
        n += len(rec.content_stream().read())
print(n)
EOF
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0) ? b / 1e6 / s : 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "input: $F, $(mbps "$size1" 1) MB compressed; runs: best of $BENCH_RUNS"

t_zcat=$(best_of "$BENCH_RUNS" zcat "$F")
t_list=$(best_of "$BENCH_RUNS" "$bin" --list "$F")
t_list1=$(best_of "$BENCH_RUNS" "$bin" --threads 1 --list "$F")
t_extr=$(best_of "$BENCH_RUNS" "$bin" "$F")
t_fw=$(best_of "$BENCH_RUNS" fastwarc_read "$F")
t_wio=$(best_of "$BENCH_RUNS" warcio_read "$F")
t_th1=$(best_of "$BENCH_RUNS" "$bin" --threads 1 --list "$F" "$F2")
t_th2=$(best_of "$BENCH_RUNS" "$bin" --threads 2 --list "$F" "$F2")

m_zcat=$(mbps "$size1" "$t_zcat"); m_list=$(mbps "$size1" "$t_list"); m_extr=$(mbps "$size1" "$t_extr")
m_list1=$(mbps "$size1" "$t_list1")
m_fw=$(mbps "$size1" "$t_fw"); m_wio=$(mbps "$size1" "$t_wio")
m_th1=$(mbps "$size2" "$t_th1"); m_th2=$(mbps "$size2" "$t_th2")

printf '%-34s %8s s %9s MB/s\n' \
    "zcat F" "$t_zcat" "$m_zcat" \
    "warc-extract --list F" "$t_list" "$m_list" \
    "warc-extract --threads 1 --list F" "$t_list1" "$m_list1" \
    "warc-extract F" "$t_extr" "$m_extr" \
    "fastwarc (reader.read)" "$t_fw" "$m_fw" \
    "warcio (content_stream().read)" "$t_wio" "$m_wio" \
    "--threads 1 --list F F2" "$t_th1" "$m_th1" \
    "--threads 2 --list F F2" "$t_th2" "$m_th2"
printf '%-24s %6s  (target %s)\n' \
    "list/zcat" "$(ratio "$m_list" "$m_zcat")" ">= 0.9" \
    "extract/zcat" "$(ratio "$m_extr" "$m_zcat")" ">= 0.5" \
    "list/fastwarc" "$(ratio "$m_list" "$m_fw")" ">= 1.0" \
    "list/fastwarc, 1 thread" "$(ratio "$m_list1" "$m_fw")" "(no target; FastWARC is single-threaded)" \
    "list/warcio" "$(ratio "$m_list" "$m_wio")" ">= 5" \
    "threads2/threads1" "$(ratio "$m_th2" "$m_th1")" "~ 2"
