#!/usr/bin/env python3
"""eval_qa_filter.py KIND ...: scores qa-filter decisions against ground truth or an oracle.

  decontam DATA KEPT REJECTS      every record marked contaminated is rejected as contaminated:<its
                                  benchmark>, every clean one kept
  neardup DATA KEPT               precision/recall of near-dup removal (ground truth: dup_of), by
                                  edit rate and by the true Jaccard similarity of the 5-gram shingle
                                  sets; MinHash-LSH with 14 bands x 8 rows detects a pair with
                                  probability 1-(1-J^8)^14 (0.92 at J=0.8, 0.30 at J=0.63, 0.01 at
                                  J=0.42), so: recall >= 0.9 for J >= 0.8, precision >= 0.95
  oracle NAME DATA KEPT ORACLE    keep/drop agreement with a datatrove oracle's verdicts
                                  (>= MIN, default 0.95), disagreements printed by class
  minhash DATA KEPT ORACLE        the same for near-dup removal, where two MinHash implementations
                                  with different random hash functions can only agree by chance
                                  on pairs of middling similarity: agreement >= 0.99 on records
                                  that are not duplicates or whose shingle Jaccard is >= 0.8 or
                                  < 0.4, and recall within 0.15 of datatrove's in every band"""
import collections, json, sys

def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]

kind = sys.argv[1]
if kind == "decontam":
    data, kept, rej = load(sys.argv[2]), load(sys.argv[3]), load(sys.argv[4])
    kept_ids = {r["id"] for r in kept}
    reasons = {r["id"]: r["reject_reason"] for r in rej}
    dirty = [r for r in data if r["contaminated"]]
    clean = [r for r in data if not r["contaminated"]]
    caught = [r for r in dirty if reasons.get(r["id"]) == "contaminated:" + r["contaminated"]]
    survived = [r for r in clean if r["id"] in kept_ids]
    for r in dirty:
        if r not in caught: print("# missed: %s %r" % (r["id"], r["question"][:80]))
    for r in clean:
        if r not in survived: print("# clean dropped: %s (%s)" % (r["id"], reasons.get(r["id"])))
    print("%s decontamination: %d/%d edited MATH-500 problems dropped, %d/%d clean questions kept"
          % ("ok" if len(caught) == len(dirty) and len(survived) == len(clean) else "not ok",
             len(caught), len(dirty), len(survived), len(clean)))
def shingles(text):   # the words of lib/minhash.c minhash_words(), 5-grams
    import re
    words = re.findall(r"[0-9a-zA-Z\x80-\U0010ffff]+", text.lower())
    return {tuple(words[i:i + 5]) for i in range(max(1, len(words) - 4))}

def jaccards(data):
    base = {r["id"]: shingles(r["question"]) for r in data if r["dup_of"] is None}
    out = {}
    for r in data:
        if r["dup_of"] is not None:
            a, b = base[r["dup_of"]], shingles(r["question"])
            out[r["id"]] = len(a & b) / len(a | b)
    return out

if kind == "minhash":
    data, kept, oracle = load(sys.argv[2]), load(sys.argv[3]), load(sys.argv[4])
    ours = {r["id"] for r in kept}
    theirs = {r["id"]: r["keep"] for r in oracle}
    j = jaccards(data)
    sure = [r for r in data if r["id"] not in j or j[r["id"]] >= 0.8 or j[r["id"]] < 0.4]
    agree = sum((r["id"] in ours) == theirs[r["id"]] for r in sure) / len(sure)
    ok = agree >= 0.99
    for lo, hi in ((0.8, 1.01), (0.6, 0.8), (0.4, 0.6), (0.0, 0.4)):
        band = [i for i, v in j.items() if lo <= v < hi]
        if not band: continue
        r_ours = sum(i not in ours for i in band) / len(band)
        r_theirs = sum(not theirs[i] for i in band) / len(band)
        ok = ok and abs(r_ours - r_theirs) <= 0.15
        print("# Jaccard [%.1f, %.1f): recall ours %.3f, datatrove %.3f (%d pairs)" % (lo, min(hi, 1.0), r_ours, r_theirs, len(band)))
    print("%s minhash agrees with datatrove on %.2f%% of the %d records where similarity decides (need >= 99%%)"
          % ("ok" if ok else "not ok", 100 * agree, len(sure)))
elif kind == "neardup":
    data, kept = load(sys.argv[2]), load(sys.argv[3])
    kept_ids = {r["id"] for r in kept}
    base = {r["id"]: shingles(r["question"]) for r in data if r["dup_of"] is None}
    by_j = collections.defaultdict(lambda: [0, 0])
    for r in data:
        if r["dup_of"] is None: continue
        a, b = base[r["dup_of"]], shingles(r["question"])
        j = len(a & b) / len(a | b)
        band = "J >= 0.8" if j >= 0.8 else "0.6 <= J < 0.8" if j >= 0.6 else "0.4 <= J < 0.6" if j >= 0.4 else "J < 0.4"
        by_j[band][0] += r["id"] not in kept_ids
        by_j[band][1] += 1
    by_rate = collections.defaultdict(lambda: [0, 0])
    false_drops = 0
    for r in data:
        dropped = r["id"] not in kept_ids
        if r["dup_of"] is None:
            false_drops += dropped
        else:
            by_rate[r["edit_rate"]][0] += dropped
            by_rate[r["edit_rate"]][1] += 1
    drops = sum(v[0] for v in by_rate.values()) + false_drops
    precision = (drops - false_drops) / drops if drops else 1.0
    ok = precision >= 0.95
    for rate in sorted(by_rate):
        got, n = by_rate[rate]
        print("# edit rate %.2f: recall %.3f (%d/%d)" % (rate, got / n, got, n))
    for band in ("J >= 0.8", "0.6 <= J < 0.8", "0.4 <= J < 0.6", "J < 0.4"):
        got, n = by_j[band]
        if not n: continue
        if band == "J >= 0.8" and got / n < 0.9: ok = False
        print("# %s: recall %.3f (%d/%d)%s" % (band, got / n, got, n, "  (need >= 0.9)" if band == "J >= 0.8" else ""))
    print("%s near-dup: precision %.3f (%d of %d drops are real duplicates), recall above"
          % ("ok" if ok else "not ok", precision, drops - false_drops, drops))
elif kind == "oracle":
    name, data, kept, oracle = sys.argv[2], load(sys.argv[3]), load(sys.argv[4]), load(sys.argv[5])
    minimum = float(sys.argv[6]) if len(sys.argv) > 6 else 0.95
    ours = {r["id"] for r in kept}
    theirs = {r["id"]: r for r in oracle}
    classes = collections.Counter()
    agree = 0
    for r in data:
        o = theirs[r["id"]]
        if (r["id"] in ours) == o["keep"]:
            agree += 1
        else:
            classes["ours %s, datatrove %s (%s)" % ("keep" if r["id"] in ours else "drop",
                                                     "keep" if o["keep"] else "drop", o.get("reason"))] += 1
    for c, n in classes.most_common():
        print("# disagreement: %s x%d" % (c, n))
    rate = agree / len(data)
    print("%s %s agrees with datatrove on %.2f%% of %d keep/drop decisions (need >= %.0f%%)"
          % ("ok" if rate >= minimum else "not ok", name, 100 * rate, len(data), 100 * minimum))
