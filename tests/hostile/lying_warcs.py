"""lying_warcs.py SRC OUTDIR -- WARC files whose headers lie, made from a good one.

warcio (not our reader) finds where SRC's records start; each damaged copy changes one record's
header bytes and nothing else, so its records, ids and pairs should be the good file's:
  long-N.warc     record K's Content-Length claims N bytes (more than it holds)
  nul.warc        a NUL byte inside a header line of record K (before its Content-Length)
  nolength.warc   record K without a Content-Length line
and each as .warc.gz with one gzip member per record, as crawlers write them.  K is the last
response record that has a record after it.  Prints the names written, and good.warc / good.warc.gz, the undamaged copies."""
import gzip, io, os, re, sys
from warcio.archiveiterator import ArchiveIterator

src, out = sys.argv[1], sys.argv[2]
raw = open(src, "rb").read()
if raw[:2] == b"\x1f\x8b":
    raw = gzip.decompress(raw)
it = ArchiveIterator(io.BytesIO(raw))
starts, types = [], []
for rec in it:
    starts.append(it.get_record_offset())
    types.append(rec.rec_type)
starts.append(len(raw))
records = [raw[a:b] for a, b in zip(starts, starts[1:])]
k = [i for i, t in enumerate(types) if t == "response" and i < len(types) - 1][-1]

def with_record(i, new):
    return records[:i] + [new] + records[i + 1:]

def header_end(r):
    return r.index(b"\r\n\r\n")

def set_length(r, n):
    h = header_end(r)
    return re.sub(rb"(?im)^Content-Length:[^\r\n]*", b"Content-Length: %d" % n, r[:h], count=1) + r[h:]

damaged = {"good": records}
for n in (len(records[k]) + 3000, 1000000, 100000000, 10 ** 12):
    damaged["long-%d" % n] = with_record(k, set_length(records[k], n))
r = records[k]
at = r.index(b"\r\n") + 2   # after the version line: a new header line holding a NUL
damaged["nul"] = with_record(k, r[:at] + b"X-Junk: a\x00b\r\n" + r[at:])
h = header_end(r)
damaged["nolength"] = with_record(k, re.sub(rb"(?im)^Content-Length:[^\r\n]*\r\n", b"", r[:h + 2], count=1) + r[h + 2:])

assert b"".join(damaged["nolength"]).count(b"Content-Length") == raw.count(b"Content-Length") - 1
for name, recs in damaged.items():
    open(os.path.join(out, name + ".warc"), "wb").write(b"".join(recs))
    open(os.path.join(out, name + ".warc.gz"), "wb").write(b"".join(gzip.compress(x) for x in recs))
    print(name)
