#!/usr/bin/env python3
"""check_typing.py KIND TYPED.jsonl: checks answer-typer output against labels made by others.

theoremqa: TheoremQA's own answer_type labels (its authors') mapped to ours; agreement must be
  >= 97%; every disagreement is printed.
math500: every MATH-500 answer must type as something other than "string", except the textual
  answers listed below with why."""
import json, sys

kind, path = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(path, encoding="utf-8")]

# MATH-500 answers that are words, not math (checked by hand): a name, a day, letters as labels.
MATH500_TEXTUAL = {
    "\\text{Evelyn}": "a person's name",
    "\\text{Navin}": "a person's name",
    "\\text{east}": "a direction",
    "\\text{even}": "a parity word (even/odd/neither)",
    "\\text{ellipse}": "the name of a curve (line/circle/parabola/ellipse/hyperbola)",
}

def theoremqa_ok(label, typ, canon):
    if label == "integer":
        return typ == "integer"
    if label == "float":
        return typ in ("float", "integer") if False else typ == "float"
    if label == "bool":
        return typ == "boolean"
    if label == "option":
        return typ == "choice"
    if label.startswith("list of"):
        want = "integer" if label == "list of integer" else "float"
        return typ == "list" and all(e["type"] == want for e in canon["elements"])
    return False

if kind == "theoremqa":
    bad = [r for r in rows if not theoremqa_ok(r["answer_type_label"], r["answer_type"], r["answer_canonical"])]
    agree = 1 - len(bad) / len(rows)
    for r in bad:
        print("# disagreement: %r labelled %s, typed %s" % (r["answer"], r["answer_type_label"], r["answer_type"]))
    print("%s theoremqa answer types agree with the authors' labels: %.2f%% of %d (need >= 97%%)"
          % ("ok" if agree >= 0.97 else "not ok", 100 * agree, len(rows)))
elif kind == "math500":
    strings = [r for r in rows if r["answer_type"] == "string"]
    unexplained = [r for r in strings if r["answer"] not in MATH500_TEXTUAL]
    for r in strings:
        print("# string: %r (%s)" % (r["answer"], MATH500_TEXTUAL.get(r["answer"], "UNEXPLAINED")))
    counts = {}
    for r in rows:
        counts[r["answer_type"]] = counts.get(r["answer_type"], 0) + 1
    print("# math500 types: %s" % ", ".join("%s %d" % kv for kv in sorted(counts.items(), key=lambda kv: -kv[1])))
    print("%s math500: every answer typed as math except %d listed textual ones (%d unexplained)"
          % ("ok" if not unexplained else "not ok", len(strings) - len(unexplained), len(unexplained)))
