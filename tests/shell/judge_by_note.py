#!/usr/bin/env python3
"""judge_by_note.py GEN_VERIFY PAIRS.jsonl: gen-verify on each pair with the options its note names.

math-verify's own cases (mathverify_pairs.jsonl) carry, after the first "; " of `note`, the JSON
options math-verify ran them with.  Those that change a verdict have gen-verify flags:
  precision P (float_rounding; math-verify's default 6)  -> --precision P
  allow_set_relation_comp false (the default)            -> --strict-sets
strict is true in every case, as gen-verify always is (variables matter); match_types has no flag
(gen-verify reads both boxed LaTeX and bare expressions).  Rows are grouped by their flags, each
group judged by one gen-verify run, and the judged records written to stdout in input order."""
import json, subprocess, sys, tempfile


def note_options(note):
    if not note or "; " not in note:
        return {}
    try:
        obj, _ = json.JSONDecoder().raw_decode(note.split("; ", 1)[1])
    except ValueError:
        return {}
    return obj if isinstance(obj, dict) else {}


def flags(opts):
    out = ["--precision", str(int(opts.get("precision", 6)))]
    if not opts.get("allow_set_relation_comp", False):
        out.append("--strict-sets")
    return tuple(out)


binary, path = sys.argv[1], sys.argv[2]
lines = [l for l in open(path, encoding="utf-8") if l.strip()]
groups = {}
for i, line in enumerate(lines):
    groups.setdefault(flags(note_options(json.loads(line).get("note"))), []).append(i)
judged = [None] * len(lines)
for fl, rows in groups.items():
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as f:
        f.writelines(lines[i] for i in rows)
        f.flush()
        out = subprocess.run([binary, "-q", *sys.argv[3:], *fl, f.name], capture_output=True, text=True, check=True).stdout
    for i, rec in zip(rows, out.splitlines()):
        judged[i] = rec
sys.stdout.write("".join(r + "\n" for r in judged))
