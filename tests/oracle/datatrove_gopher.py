#!/usr/bin/env python3
"""Reference verdicts of datatrove's GopherQualityFilter on the `question` of QA JSONL records.

usage: $GR_PYTHON datatrove_gopher.py IN.jsonl [--min-words N] [--max-words N]
           [--min-avg-word-len X] [--max-avg-word-len X] [--max-symbol-ratio X]
           [--max-bullet-lines X] [--max-ellipsis-lines X] [--min-alpha-words X]
           [--min-stop-words N] [--explain]

Prints one JSON line per input record, in input order:
  {"id": ..., "keep": true|false, "reason": "<datatrove's reason string>" | null}
With --explain each line also has "n_words" (all tokens), "n_non_symbol" (tokens with at least
one character outside datatrove's PUNCTUATION_SET), "avg_len", "n_hash", "n_ellipsis",
"n_lines", "n_bullet", "n_end_ellipsis", "n_alpha", "stop_words" (sorted distinct hits).
A record whose filter raised gets "keep": false, "reason": "oracle_error: <exception>".

Flag -> GopherQualityFilter argument (datatrove 0.10.1 default when the flag is omitted):
  --min-words          min_doc_words              50
  --max-words          max_doc_words              100000
  --min-avg-word-len   min_avg_word_length        3
  --max-avg-word-len   max_avg_word_length        10
  --max-symbol-ratio   max_symbol_word_ratio      0.1
  --max-bullet-lines   max_bullet_lines_ratio     0.9
  --max-ellipsis-lines max_ellipsis_lines_ratio   0.3
  --min-alpha-words    max_non_alpha_words_ratio  0.8   (a *minimum* fraction despite its name)
  --min-stop-words     min_stop_words             2
A value of 0 (or "none") disables that check, exactly as datatrove does (`if self.x and ...`).
Stop words: {"the","be","to","of","and","that","have","with"}; language "eng" -> spaCy blank "en"
tokenizer (no model download, works offline). The rules, in datatrove's order (the first that
fails gives the reason), are summarised in the docstring of gopher_explain() below.
"""
import argparse
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

FLAGS = [
    # flag, constructor argument, type
    ("--min-words", "min_doc_words", int),
    ("--max-words", "max_doc_words", int),
    ("--min-avg-word-len", "min_avg_word_length", float),
    ("--max-avg-word-len", "max_avg_word_length", float),
    ("--max-symbol-ratio", "max_symbol_word_ratio", float),
    ("--max-bullet-lines", "max_bullet_lines_ratio", float),
    ("--max-ellipsis-lines", "max_ellipsis_lines_ratio", float),
    ("--min-alpha-words", "max_non_alpha_words_ratio", float),
    ("--min-stop-words", "min_stop_words", int),
]


def num(kind):
    def conv(s):
        if s.lower() in ("none", "off"):
            return None
        v = kind(s)
        # keep integral floats as given (3 vs 3.0 compare the same in datatrove)
        return v

    return conv


def gopher_explain(text, flt):
    """The quantities GopherQualityFilter.filter() computes, in the same way (datatrove 0.10.1):
    words = spaCy-en tokens of the raw text, stripped, empty ones dropped;
    non-symbol word = token with a char not in PUNCTUATION_SET; lengths are code points;
    '#' and '...'/'…' counts are str.count over the whole text, divided by len(words);
    lines = str.splitlines(); bullet line: lstrip() starts with '•' or '-';
    ellipsis line: rstrip() ends with '...' or '…'; alpha word: any(c.isalpha());
    stop words: exact (case-sensitive) token match, distinct ones counted."""
    from datatrove.utils.text import PUNCTUATION_SET, split_into_words

    words = split_into_words(text, flt.language)
    ns = [w for w in words if any(ch not in PUNCTUATION_SET for ch in w)]
    lines = text.splitlines()
    return {
        "n_words": len(words),
        "n_non_symbol": len(ns),
        "avg_len": (sum(len(w) for w in ns) / len(ns)) if ns else None,
        "n_hash": text.count("#"),
        "n_ellipsis": text.count("...") + text.count("…"),
        "n_lines": len(lines),
        "n_bullet": sum(s.lstrip().startswith("•") or s.lstrip().startswith("-") for s in lines),
        "n_end_ellipsis": sum(s.rstrip().endswith("...") or s.rstrip().endswith("…") for s in lines),
        "n_alpha": sum(any(c.isalpha() for c in w) for w in words),
        "stop_words": sorted(flt.stop_words.intersection(set(words))),
    }


def main():
    ap = argparse.ArgumentParser(description="datatrove GopherQualityFilter oracle")
    ap.add_argument("input")
    for flag, dest, kind in FLAGS:
        ap.add_argument(flag, dest=dest, type=num(kind), default=argparse.SUPPRESS)
    ap.add_argument("--explain", action="store_true")
    args = ap.parse_args()

    import warnings

    warnings.filterwarnings("ignore")
    from datatrove.data import Document
    from datatrove.pipeline.filters import GopherQualityFilter

    kwargs = {dest: getattr(args, dest) for _, dest, _ in FLAGS if hasattr(args, dest)}
    flt = GopherQualityFilter(**kwargs)

    out = sys.stdout
    with open(args.input, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            q = rec.get("question")
            text = q if isinstance(q, str) else ("" if q is None else str(q))
            doc = Document(text=text, id=str(rec.get("id", lineno)))
            try:
                res = flt.filter(doc)
                if isinstance(res, tuple):
                    keep, reason = bool(res[0]), res[1]
                else:
                    keep, reason = bool(res), None
            except Exception as e:  # e.g. ZeroDivisionError on empty text with checks disabled
                keep, reason = False, f"oracle_error: {type(e).__name__}: {e}"
            row = {"id": rec.get("id"), "keep": keep, "reason": reason}
            if args.explain:
                row.update(gopher_explain(text, flt))
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
