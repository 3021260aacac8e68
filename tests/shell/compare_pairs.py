#!/usr/bin/env python3
"""compare_pairs.py GOT EXPECTED NAME: checks warc-extract output against a fixture's expected
records, field by field (the expected file's keys; warc_file is path-dependent and compared by
basename).  Prints one ok/not ok line per expected record, plus one for the record count."""
import json, os, sys

got_path, want_path, name = sys.argv[1:4]
got = [json.loads(l) for l in open(got_path, encoding="utf-8") if l.strip()]
want = [json.loads(l) for l in open(want_path, encoding="utf-8") if l.strip()]
failed = 0
for i, w in enumerate(want):
    g = got[i] if i < len(got) else {}
    diffs = [k for k in w if g.get(k) != w[k]]
    if "warc_file" in g and os.path.basename(g["warc_file"]) != os.path.basename(w.get("warc_file", g["warc_file"])):
        diffs.append("warc_file")
    if diffs:
        failed += 1
        k = diffs[0]
        print("not ok %s pair %d (%s): %s got %r, want %r" % (name, i, w.get("extractor"), k, g.get(k), w.get(k)))
    else:
        print("ok %s pair %d (%s)" % (name, i, w["extractor"]))
if len(got) != len(want):
    print("not ok %s: %d pairs, want %d" % (name, len(got), len(want)))
else:
    print("ok %s: %d pairs" % (name, len(want)))
