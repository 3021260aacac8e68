#!/usr/bin/env python3
"""eval_verify.py JUDGED.jsonl NAME [MIN_TRUE MIN_FALSE [MIN_PRECISION]]: gen-verify on labelled pairs.

Right = verdict equals `expected`; null (undecided) is counted apart, never as right.  Pairs whose
note flags them SUSPICIOUS-LABEL (the label looks wrong) are listed as # lines and left out of the
rates.  Prints every miss (id, answer, response, what we said, which rule) as # lines, then one
ok/not ok line per side: positives (expected true) and negatives (expected false), each against
its minimum share right, and one for the precision of the decided verdicts (0.995 unless given):
a rule that is unsure says null, so a wrong verdict is the failure that counts."""
import json, sys

path, name = sys.argv[1], sys.argv[2]
need = [float(sys.argv[3]) if len(sys.argv) > 3 else 0.0, float(sys.argv[4]) if len(sys.argv) > 4 else 0.0]
min_precision = float(sys.argv[5]) if len(sys.argv) > 5 else 0.995
rows = []
for l in open(path, encoding="utf-8"):
    r = json.loads(l)
    if "SUSPICIOUS-LABEL" in (r.get("note") or ""):
        print("# %s suspicious label, not counted: %s: answer %r response %r expected %s, we say %s" % (
            name, r["id"], r["answer"][:60], r["response"][-60:], r["expected"], r["verdict"]))
    else:
        rows.append(r)
for side, want in (("positives", True), ("negatives", False)):
    part = [r for r in rows if r["expected"] == want]
    if not part:
        continue
    right = [r for r in part if r["verdict"] is want]
    null = [r for r in part if r["verdict"] is None]
    for r in part:
        if r["verdict"] is not want:
            print("# %s miss %s: answer %r response %r -> extracted %r verdict %s (%s)" % (
                name, r["id"], r["answer"][:60], r["response"][-80:], (r.get("extracted") or "")[:40],
                r["verdict"], r["verifier"]))
    rate = len(right) / len(part)
    minimum = need[0] if want else need[1]
    print("%s %s %s: %.1f%% right, %.1f%% undecided, %d pairs (need >= %.0f%%)" % (
        "ok" if rate >= minimum else "not ok", name, side, 100 * rate, 100 * len(null) / len(part), len(part), 100 * minimum))
decided = [r for r in rows if r["verdict"] is not None]
right = sum(r["verdict"] == r["expected"] for r in decided)
precision = right / len(decided) if decided else 1.0
print("%s %s precision of decided verdicts: %.2f%% of %d (%d wrong), coverage %.1f%% (need >= %.1f%%)" % (
    "ok" if precision >= min_precision else "not ok", name, 100 * precision, len(decided), len(decided) - right,
    100 * len(decided) / max(1, len(rows)), 100 * min_precision))
