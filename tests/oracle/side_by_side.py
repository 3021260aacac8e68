#!/usr/bin/env python3
"""Side-by-side of gen-verify and the math-verify oracle against a labelled pair set.

Usage: side_by_side.py OURS.jsonl THEIRS.jsonl SET_NAME [--note TEXT]

OURS   gen-verify's output over the pair file (it passes `id`, `answer`, `response`, `expected` through
       and adds `verdict` true/false/null, `extracted`, `verifier`).
THEIRS mathverify_judge.py's output ({"id", "verdict", "error"}); may cover a subset of the ids (the
       comparison is then over the ids in THEIRS).

A verdict is right when it equals `expected`; null (gen-verify abstained) is never right.
Prints, as `# ` lines, the table both right / only gr right / only math-verify right / both wrong,
gr's null rate, then every "only math-verify right" case; then ONE TAP line:
  math500_pairs, theoremqa_pairs (and any other set): not ok when math-verify is right where gr gave the
  wrong verdict on > 2% of the pairs, or where gr said null (it leaves those to the verifier model) on
  > 10%.
  mathverify_pairs (math-verify's own test cases, options of each test): report only; not ok when gr
  is right on fewer than (math-verify's rate - 50 percentage points) of the pairs (a sanity floor).
Also not ok when ids of THEIRS are missing from OURS or either file is unreadable.
"""
import argparse
import json
import sys

MAX_ONLY_MV = 0.02   # math500 / theoremqa: "only math-verify right", gr wrong, at most 2% of the pairs
MAX_ONLY_MV_NULL = 0.10   # ... gr null (undecided: the model decides), at most 10%
FLOOR_PP = 50.0      # mathverify_pairs: gr right-rate >= math-verify right-rate - 50 pp


def load(path):
    recs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                recs[r.get("id")] = r
    return recs


def tail(s, n=70):
    s = s if isinstance(s, str) else json.dumps(s)
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else "…" + s[-n:]


def head(s, n=50):
    s = s if isinstance(s, str) else json.dumps(s)
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[:n] + "…"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ours")
    ap.add_argument("theirs")
    ap.add_argument("set_name")
    ap.add_argument("--note", default="", help="appended to the TAP line (e.g. subset used)")
    a = ap.parse_args()
    name = a.set_name

    try:
        ours = load(a.ours)
        theirs = load(a.theirs)
    except (OSError, ValueError) as e:
        print(f"not ok side-by-side {name}: cannot read results ({e})")
        return 1
    missing = [i for i in theirs if i not in ours]
    ids = [i for i in theirs if i in ours]
    n = len(ids)
    if n == 0 or missing:
        print(f"not ok side-by-side {name}: {len(missing)} oracle ids missing from gen-verify output, "
              f"{n} joined")
        return 1

    both = only_gr = only_mv = only_mv_null = both_wrong = gr_null = mv_err = 0
    only_mv_cases = []
    for i in ids:
        o, t = ours[i], theirs[i]
        exp = o.get("expected")
        if not isinstance(exp, bool):
            print(f"not ok side-by-side {name}: {i}: no boolean `expected` in gen-verify output")
            return 1
        gv = o.get("verdict")
        if gv is None:
            gr_null += 1
        if t.get("error"):
            mv_err += 1
        g_ok = gv is not None and bool(gv) == exp
        m_ok = t.get("verdict") is not None and bool(t["verdict"]) == exp
        if g_ok and m_ok:
            both += 1
        elif g_ok:
            only_gr += 1
        elif m_ok:
            only_mv += 1
            only_mv_null += gv is None
            only_mv_cases.append(o)
        else:
            both_wrong += 1

    pct = lambda k: 100.0 * k / n
    gr_rate, mv_rate = pct(both + only_gr), pct(both + only_mv)
    print(f"# side-by-side {name}: {n} pairs" + (f" ({a.note})" if a.note else ""))
    print(f"#   {'':22} {'math-verify right':>18} {'math-verify wrong':>18}")
    print(f"#   {'gr right':22} {both:>18} {only_gr:>18}")
    print(f"#   {'gr wrong or null':22} {only_mv:>18} {both_wrong:>18}")
    print(f"#   gr right {gr_rate:.1f}%, math-verify right {mv_rate:.1f}%, gr null {gr_null} "
          f"({pct(gr_null):.1f}%), math-verify errors/timeouts {mv_err}")
    for o in only_mv_cases:
        print(f"#   only math-verify right: {o.get('id')} expected={json.dumps(o.get('expected'))} "
              f"answer={json.dumps(head(o.get('answer')), ensure_ascii=False)} "
              f"response=…{json.dumps(tail(o.get('response')), ensure_ascii=False)} "
              f"gr={json.dumps(o.get('verdict'))} verifier={o.get('verifier')} "
              f"extracted={json.dumps(head(o.get('extracted'), 40), ensure_ascii=False)}")

    nums = (f"n={n} both_right={both} only_gr={only_gr} only_mv={only_mv} ({pct(only_mv):.1f}%) "
            f"both_wrong={both_wrong} gr_right={gr_rate:.1f}% mv_right={mv_rate:.1f}% "
            f"gr_null={pct(gr_null):.1f}%")
    note = f" # {a.note}" if a.note else ""
    if name.startswith("mathverify"):
        floor = mv_rate - FLOOR_PP
        ok = gr_rate >= floor
        line = f"side-by-side {name}: {nums}; report only, floor gr_right >= {floor:.1f}%"
    else:
        ok = only_mv - only_mv_null <= MAX_ONLY_MV * n and only_mv_null <= MAX_ONLY_MV_NULL * n
        line = (f"side-by-side {name}: {nums}, {only_mv_null} of them gr null; need only_mv with gr wrong <= "
                f"{100 * MAX_ONLY_MV:.0f}%, with gr null <= {100 * MAX_ONLY_MV_NULL:.0f}%")
    print(("ok " if ok else "not ok ") + line + note)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
