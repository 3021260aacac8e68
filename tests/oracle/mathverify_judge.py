#!/usr/bin/env python3
"""Oracle for gen-verify: judge answer/response pairs with math-verify (huggingface/Math-Verify 0.9.0).

Usage: mathverify_judge.py IN.jsonl [--use-notes] [--every K] [--out FILE]

Reads JSONL records with `answer` (ground truth) and `response` (model output) and prints one JSON line
per record: {"id": ..., "verdict": true|false, "error": null|"..."}.

Default mode = General-Reasoner's validation reward (compute_score.py, math_metric):
  gold = parse("\\boxed{" + answer + "}", [LatexExtractionConfig()])
  pred = parse(response, [ExprExtractionConfig(), LatexExtractionConfig()])   (the whole response)
  verdict = verify(gold, pred)   (float_rounding=6, strict=True: math-verify's defaults)
An empty gold extraction is a ValueError in math_metric, which compute_score turns into 0: verdict false.

--use-notes (for mathverify_pairs.jsonl): each record's `note` holds, after the first "; ", the JSON
options of math-verify's own test helper tests/test_all.py::compare_strings:
  match_types "latex" -> LatexExtractionConfig(boxed_match_priority=0), "expr" -> ExprExtractionConfig(),
  in that order, for both gold and pred (no \\boxed wrapping);
  verify(gold, pred, float_rounding=precision, strict=strict, allow_set_relation_comp=...).
  fn "verify(parse(gold), parse(pred)) defaults" (tests/test_yujianll.py) -> parse/verify defaults.

Timeouts: math-verify's own (parse parsing_timeout=5 s, verify timeout_seconds=5 s per comparison,
signal.alarm based). It swallows timeouts and errors (-> empty extraction / False); they are caught
from its logger and reported in `error` without changing the verdict. Anything that escapes ->
verdict false + error.

--every K: judge only records whose 0-based index i satisfies i % K == 0 (deterministic subset).
"""
import argparse
import json
import logging
import sys
import time

from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify
from math_verify.errors import TimeoutException


class _Catch(logging.Handler):
    """Remembers the first warning/error/debug-with-exception math-verify logs for the current record."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.first = None

    def emit(self, record):
        if self.first is not None:
            return
        if record.levelno >= logging.WARNING or record.exc_info:
            msg = record.getMessage().split("\n", 1)[0][:120]
            if record.exc_info and record.exc_info[0] is not None:
                msg += f" ({record.exc_info[0].__name__}: {str(record.exc_info[1])[:120]})"
            self.first = msg


def note_options(note):
    """JSON object after the first '; ' of the note (trailing flags after it are ignored)."""
    if not note or "; " not in note:
        return {}
    s = note.split("; ", 1)[1]
    try:
        obj, _ = json.JSONDecoder().raw_decode(s)
    except ValueError:
        return {}
    return obj if isinstance(obj, dict) else {}


DEFAULT_GOLD = [LatexExtractionConfig()]
DEFAULT_PRED = [ExprExtractionConfig(), LatexExtractionConfig()]


def judge(answer, response, opts, use_notes):
    """Returns (verdict, error-or-None)."""
    if not use_notes:
        gold = parse("\\boxed{" + answer + "}", DEFAULT_GOLD)
        if len(gold) == 0:
            return False, "no gold extracted"
        pred = parse(response, DEFAULT_PRED)
        return bool(verify(gold, pred)), None
    fn = opts.get("fn", "compare_strings")
    if fn != "compare_strings":  # test_yujianll: verify(parse(gold), parse(pred))
        return bool(verify(parse(answer), parse(response))), None
    targets = []
    for mt in opts.get("match_types", ["latex", "expr"]):
        if mt == "latex":
            targets.append(LatexExtractionConfig(boxed_match_priority=0))
        elif mt == "expr":
            targets.append(ExprExtractionConfig())
    gold = parse(answer, targets)
    pred = parse(response, targets)
    return bool(verify(gold, pred,
                       float_rounding=int(opts.get("precision", 6)),
                       strict=bool(opts.get("strict", True)),
                       allow_set_relation_comp=bool(opts.get("allow_set_relation_comp", False)))), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("--use-notes", action="store_true")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()

    catch = _Catch()
    for name in ("math_verify", "latex2sympy2_extended"):
        lg = logging.getLogger(name)
        lg.setLevel(logging.DEBUG)
        lg.propagate = False
        lg.handlers[:] = [catch]

    out = sys.stdout if a.out == "-" else open(a.out, "w")
    n = 0
    t0 = time.time()
    with open(a.input, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if a.every > 1 and i % a.every:
                continue
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            catch.first = None
            err = None
            try:
                answer = rec.get("answer")
                response = rec.get("response")
                if not isinstance(answer, str) or not isinstance(response, str):
                    raise ValueError("answer/response not strings")
                opts = note_options(rec.get("note")) if a.use_notes else {}
                verdict, err = judge(answer, response, opts, a.use_notes)
            except (Exception, TimeoutException) as e:  # TimeoutException is a BaseException
                verdict, err = False, f"{type(e).__name__}: {str(e)[:160]}"
            if err is None and catch.first is not None:
                err = catch.first
            out.write(json.dumps({"id": rec.get("id", i), "verdict": verdict, "error": err},
                                 ensure_ascii=False) + "\n")
            n += 1
    out.flush()
    print(f"mathverify_judge: {n} records in {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
