#!/usr/bin/env python3
"""Reference index of a WARC/ARC file, printed the way `warc-extract --list` prints it.

usage: warc_index.py LIB FILE        LIB = warcio | fastwarc

One JSON line per record, with the keys of `warc-extract --list` as far as LIB exposes them
(a key is left out when the record has no such value):
  warc_file, offset, length, type, warc_record_id, target_uri, date, content_length,
  http_status, mime, payload_digest, payload_sha1
plus "format" ("warc" or "arc") and, where a key's value is made up by the library rather
than read from the file, "_skip": [keys] (warcio invents a random WARC-Record-ID for ARC
records). Header values are printed as the library returns them (no clean-up here: the
comparison in compare_list.py decides what a difference means).

If the library raises, the records yielded so far are printed, then one final line
{"oracle_error": "..."}; the exit status is still 0. Exit 2 only for a usage error.

Library notes (warcio 1.8.1, fastwarc 2.0.0):
- warcio: ArchiveIterator(fh, arc2warc=True) turns ARC records into WARC ones (filedesc ->
  warcinfo, others -> response, 14-digit ARC date -> ISO 8601, random WARC-Record-ID). It accepts
  WARC/1.0, 1.1, 0.17 and 0.18. It strips <> around WARC-Target-URI and replaces spaces in it with
  %20. A gzip member holding more than one record raises ArchiveLoadFailed. offset/length come from
  get_record_offset()/get_record_length() (gzip member offset and compressed length; for plain
  files the length excludes the blank lines after the block).
- fastwarc: ArchiveIterator(path, parse_http=True) -- no FileStream/GZipStream classes in 2.x; the
  iterator opens the path and detects gzip/zstd/lz4 itself; it does not read ARC. Its
  auto_decode="transfer" raises (and ends the iteration) on a body that claims chunked but is not,
  so the body is read raw and de-chunked with stream_io.ChunkedReader, falling back to raw.
  record.stream_pos is the record's offset (gzip member offset for per-record gzip);
  record.content_length is what remains after the HTTP headers, so content_length here is the
  Content-Length header. Header values are verbatim (<> kept). length = next record's offset -
  this one's (left out for the last record).
"""
import base64
import hashlib
import json
import sys

KEYS = ("warc_file", "offset", "length", "type", "warc_record_id", "target_uri", "date",
        "content_length", "http_status", "mime", "payload_digest", "payload_sha1")


def emit(rec):
    out = {k: rec[k] for k in KEYS if rec.get(k) is not None}
    for k in ("format", "_skip"):
        if rec.get(k):
            out[k] = rec[k]
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def sha1_b32(h):
    return "sha1:" + base64.b32encode(h.digest()).decode("ascii")


def to_int(v):
    if v is None:
        return None
    try:
        return int(str(v).strip())
    except ValueError:
        return None


def bare_mime(v):
    if not v:
        return None
    v = v.split(";", 1)[0].strip()
    return v or None


def hash_stream(read, size=1 << 16):
    h = hashlib.sha1()
    while True:
        b = read(size)
        if not b:
            break
        h.update(b)
    return sha1_b32(h)


# --------------------------------------------------------------------------- warcio
def run_warcio(path):
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataReader
    from warcio.recordloader import ARC2WARCHeadersParser

    # Tag the headers that warcio's ARC -> WARC conversion builds, so ARC records can be told apart.
    if not getattr(ARC2WARCHeadersParser, "_gr_tagged", False):
        orig_parse = ARC2WARCHeadersParser.parse

        def parse(self, *a, **kw):
            sah = orig_parse(self, *a, **kw)
            sah._gr_arc = True
            return sah
        ARC2WARCHeadersParser.parse = parse
        ARC2WARCHeadersParser._gr_tagged = True

    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, arc2warc=True)
        for r in it:
            h = r.rec_headers
            rec = {
                "warc_file": path,
                "format": "arc" if getattr(h, "_gr_arc", False) else "warc",
                "type": h.get_header("WARC-Type"),
                "warc_record_id": h.get_header("WARC-Record-ID"),
                "target_uri": h.get_header("WARC-Target-URI"),
                "date": h.get_header("WARC-Date"),
                "content_length": to_int(h.get_header("Content-Length")),
                "payload_digest": h.get_header("WARC-Payload-Digest"),
            }
            if rec["format"] == "arc":
                rec["_skip"] = ["warc_record_id"]  # uuid4 made up by warcio
            mime = None
            if r.http_headers is not None and r.rec_type in ("response", "revisit"):
                rec["http_status"] = to_int(r.http_headers.get_statuscode())
                mime = bare_mime(r.http_headers.get_header("Content-Type"))
            rec["mime"] = mime or bare_mime(h.get_header("Content-Type"))
            stream = r.raw_stream
            if r.http_headers is not None and \
                    (r.http_headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
                stream = ChunkedDataReader(r.raw_stream, decomp_type=None)
            rec["payload_sha1"] = hash_stream(stream.read)
            rec["offset"] = it.get_record_offset()
            rec["length"] = it.get_record_length()
            emit(rec)


# --------------------------------------------------------------------------- fastwarc
def run_fastwarc(path):
    import io
    from fastwarc.stream_io import ChunkedReader
    from fastwarc.warc import ArchiveIterator

    def entity_sha1(r):
        body = r.reader.read()
        if r.is_http_parsed and \
                (r.http_headers.get("Transfer-Encoding") or "").strip().lower() == "chunked":
            try:  # a body that only claims to be chunked is hashed as it is (as warcio does)
                body = ChunkedReader(io.BytesIO(body)).read()
            except OSError:
                pass
        return sha1_b32(hashlib.sha1(body))

    pending = None
    it = ArchiveIterator(path, parse_http=True)
    try:
        for r in it:
            h = r.headers
            rec = {
                "warc_file": path,
                "format": "warc",
                "offset": r.stream_pos,
                "type": h.get("WARC-Type"),
                "warc_record_id": h.get("WARC-Record-ID"),
                "target_uri": h.get("WARC-Target-URI"),
                "date": h.get("WARC-Date"),
                "content_length": to_int(h.get("Content-Length")),
                "payload_digest": h.get("WARC-Payload-Digest"),
            }
            mime = None
            if r.is_http and r.is_http_parsed and h.get("WARC-Type") in ("response", "revisit"):
                hh = r.http_headers
                rec["http_status"] = hh.status_code
                mime = bare_mime(hh.get("Content-Type"))
            rec["mime"] = mime or bare_mime(h.get("Content-Type"))
            rec["payload_sha1"] = entity_sha1(r)
            if pending is not None:
                pending["length"] = rec["offset"] - pending["offset"]
                emit(pending)
            pending = rec
    finally:
        # on an exception the pending record is printed without a length
        if pending is not None:
            emit(pending)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("warcio", "fastwarc"):
        sys.stderr.write("usage: warc_index.py warcio|fastwarc FILE\n")
        return 2
    lib, path = argv[1], argv[2]
    try:
        (run_warcio if lib == "warcio" else run_fastwarc)(path)
    except Exception as e:  # noqa: BLE001 -- any library failure is a result, not a crash
        msg = "%s: %s" % (type(e).__name__, str(e).strip().replace("\n", " ")[:300])
        sys.stdout.write(json.dumps({"oracle_error": msg}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
