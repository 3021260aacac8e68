#!/usr/bin/env python3
"""Compare `warc-extract --list` output with a reference index from warc_index.py.

usage:
  compare_list.py ORACLE ORACLE_JSONL OURS_JSONL FILE
      Prints exactly one TAP-like line, `ok FILE ORACLE[ # note]` or
      `not ok FILE ORACLE: <first difference>`; exit 0 / 1.
  compare_list.py --cross WARCIO_JSONL FASTWARC_JSONL FILE
      Prints (to stdout, lines starting "#") the differences between the two oracles that the
      exception table below does not explain; exit 1 if there are any. Used to notice a new
      sample file on which the references disagree.

ORACLE is warcio or fastwarc; FILE is the sample's path (its basename keys the exception table).

Rules:
- The oracle read the file fully (no final {"oracle_error"} line): our records must equal its
  records one for one, same count, on FIELDS.
- The oracle raised: our records must start with the records it yielded before the error
  (we may recover more).
- A key the oracle marks in "_skip" (a value the library made up, e.g. warcio's random
  WARC-Record-ID for ARC records) is not compared.
- EXCEPTIONS below: where warcio and fastwarc disagree, the one that follows ISO 28500 (WARC 1.1)
  is taken as right and the other is corrected (or, failing that, weakened) for that file only.
http_status, mime and payload_sha1 are compared too (GR_ORACLE_EXTRA=0 turns that off), except
payload_sha1 on revisits (no payload: --list gives none, the oracles hash the empty rest) and on
ARC file headers (warcio replaces the filedesc block when it converts ARC to WARC).
"""
import json
import os
import sys

FIELDS = ["type", "warc_record_id", "target_uri", "date", "content_length", "payload_digest"]
EXTRA = ["http_status", "mime", "payload_sha1"]

# ---------------------------------------------------------------------------------------------
# Exception table: basename -> {oracle: [(action, reason), ...]}
#   strip_brackets  oracle's target_uri loses a surrounding <...> before comparing
#   space_pct20     our target_uri has ' ' replaced by '%20' before comparing
#   may_stop        ours may be a prefix of the oracle's records (we may stop early or read none)
#   skip            no assertion against this oracle (reason printed as a TAP SKIP)
#   ignore:FIELD    FIELD is not compared against this oracle (used for the GR_ORACLE_EXTRA fields)
WGET_BRACKETS = ("strip_brackets",
                 "wget/JWAT-style WARC-Target-URI written as <uri> (WARC/1.1-draft grammar); ISO 28500 "
                 "WARC-Target-URI is a bare URI, so warcio (strips <>) is right and fastwarc (keeps "
                 "them) is compared after stripping")
EXCEPTIONS = {
    # WARC-Target-URI in angle brackets
    "aut__issue-514.warc": {"fastwarc": [WGET_BRACKETS]},
    "ccwebcommons__link-extraction-test.warc": {"fastwarc": [WGET_BRACKETS]},
    "dolma__sample-0000.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    "dolma__sample-0001.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__ip-host-testcase.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__transfer_compression_brotli.warc": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__transfer_compression_brotli.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__transfer_compression_gzip.warc": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__transfer_compression_gzip.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__transfer_compression_none.warc": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__transfer_compression_none.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    "ukwa__truncated_datetime.warc": {"fastwarc": [WGET_BRACKETS]},
    "warcio__example-wget-bad-target-uri.warc.gz": {"fastwarc": [WGET_BRACKETS]},
    # Spaces inside WARC-Target-URI
    "warcio__example-space-in-target-uri.warc.gz": {"warcio": [(
        "space_pct20",
        "WARC-Target-URI holds literal spaces (not a valid URI); --list reports the header "
        "verbatim (as fastwarc does) while warcio rewrites ' ' to %20, so ours is compared "
        "after the same rewrite")]},
    "warcio__example-space-in-url.arc": {"warcio": [(
        "space_pct20",
        "ARC header URL holds literal spaces; warcio's ARC->WARC conversion rewrites them to %20, "
        "--list keeps them verbatim")]},
    # LF-only WARC header lines
    "ccnet__sample.warc.txt": {"warcio": [(
        "ignore:payload_sha1",
        "LF-only WET whose Content-Lengths overrun into the next record: --list cuts the block "
        "where the next record starts and hashes that; warcio hashes the declared bytes")],
        "fastwarc": [(
        "skip",
        "LF-only header lines: fastwarc takes the whole header block as the WARC-Type value and "
        "then stops without an error; warcio (splits on LF, as ISO 28500 readers should tolerate) "
        "is the reference here")]},
    # LZ4
    "resiliparse__block-sized-records.warc.lz4": {"fastwarc": [(
        "may_stop",
        "LZ4 frame: fastwarc auto-detects LZ4 and reads 3 records; LZ4 is not a WARC "
        "compression gr needs to support (warcio rejects it), so we may stop early or read it")]},
    # ---- only matter with GR_ORACLE_EXTRA=1 (http_status / mime / payload_sha1)
    "nodewarc__parseMe.warc": {"warcio": [(
        "ignore:http_status ignore:mime ignore:payload_sha1",
        "chrome-extension:// response with Content-Type application/http: warcio parses HTTP "
        "only for http(s) URIs, fastwarc (and the --list contract) by application/http")]},
    "pywb__example-extra.warc": {"fastwarc": [(
        "ignore:http_status",
        "status line 'HTTPX/1.1 200 OK' (hand-edited): fastwarc gives no status, warcio 200")]},
    "pywb__missing-status-text.warc": {"fastwarc": [(
        "ignore:http_status ignore:mime",
        "lines end CR CR LF and 'HTTP/1.0 302 ' has no reason phrase: fastwarc gives no status; "
        "warcio's 302 matches pywb's own index of this file")]},
    "resiliparse__clueweb-quirk.warc.gz": {"fastwarc": [(
        "ignore:http_status ignore:mime ignore:payload_sha1",
        "ClueWeb09 LF-only HTTP headers: fastwarc does not parse them, warcio does (right)")]},
    "warcio__example-wrong-chunks.warc.gz": {"warcio": [(
        "ignore:payload_sha1",
        "HTTP body split over gzip members: warcio hashes only the first member's part")]},
    # ARC headers whose length field is not a length
    "warcio__bad.arc": {"warcio": [(
        "ignore:content_length ignore:payload_sha1",
        "ARC lengths '-1' and 'abc': warcio echoes the raw field and reads no block; --list reports "
        "the damage, leaves content_length out (absent = unknown, DESIGN.md), hashes what lies up "
        "to the next header, then reads on")]},
}
EXCEPTIONS["nodewarc__parseMe.warc.gz"] = EXCEPTIONS["nodewarc__parseMe.warc"]


def load(path):
    recs, err, bad = [], None, None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except ValueError:
                bad = bad or "line %d is not JSON: %.60r" % (n, line)
                continue
            if not isinstance(d, dict):
                bad = bad or "line %d is not a JSON object" % n
            elif "oracle_error" in d:
                err = d["oracle_error"]
            else:
                recs.append(d)
    return recs, err, bad


def strip_brackets(v):
    if isinstance(v, str) and len(v) >= 2 and v[0] == "<" and v[-1] == ">":
        return v[1:-1]
    return v


def fields():
    return FIELDS + (EXTRA if os.environ.get("GR_ORACLE_EXTRA", "1") == "1" else [])


def no_payload(ref):
    """Records whose payload digest is not comparable (see the module doc)."""
    return ref.get("type") == "revisit" or (ref.get("format") == "arc" and ref.get("type") == "warcinfo")


def normalise(ref, ours, actions):
    ref, ours = dict(ref), dict(ours)
    for act in actions:
        if act == "strip_brackets":
            if "target_uri" in ref:
                ref["target_uri"] = strip_brackets(ref["target_uri"])
        elif act == "space_pct20":
            if isinstance(ours.get("target_uri"), str):
                ours["target_uri"] = ours["target_uri"].replace(" ", "%20")
    return ref, ours


def first_diff(ref_recs, our_recs, actions, ref_name, flds):
    for i, (r, o) in enumerate(zip(ref_recs, our_recs)):
        r, o = normalise(r, o, actions)
        skip = set(r.get("_skip", ())) | {a[7:] for a in actions if a.startswith("ignore:")}
        if no_payload(r):
            skip.add("payload_sha1")
        for k in flds:
            if k in skip:
                continue
            if r.get(k) != o.get(k):
                where = "record %d" % i
                if "offset" in o:
                    where += " (our offset %s)" % o["offset"]
                return "%s: %s: ours %s, %s %s" % (
                    where, k, json.dumps(o.get(k), ensure_ascii=False)[:100], ref_name,
                    json.dumps(r.get(k), ensure_ascii=False)[:100])
    return None


def compare(oracle, ref_path, ours_path, label):
    base = os.path.basename(label)
    ex = EXCEPTIONS.get(base, {}).get(oracle, [])
    actions = [w for a, _ in ex for w in a.split()]
    reasons = "; ".join("%s: %s" % (a, r) for a, r in ex)
    if "skip" in actions:
        return True, "ok %s %s # SKIP %s" % (label, oracle, reasons)
    ref, err, bad = load(ref_path)
    if bad:
        return False, "not ok %s %s: oracle output unreadable: %s" % (label, oracle, bad)
    ours, _, bad = load(ours_path)
    if bad:
        return False, "not ok %s %s: our output unreadable: %s" % (label, oracle, bad)
    partial = err is not None
    d = first_diff(ref, ours, actions, oracle, fields())
    if d is None:
        if len(ours) < len(ref) and "may_stop" not in actions:
            d = "record count: ours %d, %s %d%s (first missing: %s)" % (
                len(ours), oracle, len(ref), " before its error" if err else "",
                ref[len(ours)].get("warc_record_id") or ref[len(ours)].get("target_uri"))
        elif len(ours) > len(ref) and not partial:
            d = "record count: ours %d, %s %d (first extra: %s)" % (
                len(ours), oracle, len(ref), ours[len(ref)].get("warc_record_id"))
    if d:
        return False, "not ok %s %s: %s" % (label, oracle, d)
    note = []
    if err is not None:
        note.append("%s stopped after %d records (%s); ours %d" % (oracle, len(ref), err[:80], len(ours)))
    shown = [(a, r) for a, r in ex
             if os.environ.get("GR_ORACLE_EXTRA", "1") == "1" or not a.startswith("ignore:")]
    if shown:
        note.append("exception: " + "; ".join("%s: %s" % (a, r) for a, r in shown)[:120])
    return True, "ok %s %s%s" % (label, oracle, (" # " + " | ".join(note)) if note else "")


def cross(w_path, f_path, label):
    """Differences between the two oracles on records both yielded, after the exception table."""
    base = os.path.basename(label)
    exw = [w for a, _ in EXCEPTIONS.get(base, {}).get("warcio", []) for w in a.split()]
    exf = [w for a, _ in EXCEPTIONS.get(base, {}).get("fastwarc", []) for w in a.split()]
    if "skip" in exw or "skip" in exf:
        return []
    w, we, _ = load(w_path)
    f, fe, _ = load(f_path)
    # fastwarc's values after its corrections stand in for "ours"; warcio's corrections of ours
    # (e.g. space_pct20) then apply to them.
    f = [normalise(r, r, exf)[0] for r in f]
    out = []
    d = first_diff(w, f, exw + [a for a in exf if a.startswith("ignore:")], "warcio", fields())
    if d:
        out.append("# oracles disagree on %s: %s (ours=fastwarc)" % (label, d))
    if we is None and fe is None and "may_stop" not in exf + exw and len(w) != len(f):
        out.append("# oracles disagree on %s: warcio %d records, fastwarc %d, both without error"
                   % (label, len(w), len(f)))
    return out


def main(argv):
    if len(argv) == 5 and argv[1] == "--cross":
        lines = cross(argv[2], argv[3], argv[4])
        for line in lines:
            print(line)
        return 1 if lines else 0
    if len(argv) != 5 or argv[1] not in ("warcio", "fastwarc"):
        sys.stderr.write(__doc__)
        return 2
    ok, line = compare(argv[1], argv[2], argv[3], argv[4])
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
