#!/usr/bin/env python3
r"""Reference reading of llm-extract model outputs (Python 3 standard library only): the oracle.

usage: check_cases.py [outputs.jsonl]. Reads each case {case, page, output, expect, why} by the contract and
the rules below; exit 1 unless every result equals `expect`; prints counts per outcome and output style.
Result: {"records": [...]} (+ "rejected": [reasons of an array's bad items]) or {"reject": reason}
(+ "rejected": every item's reason, when an array of 2+ items held no good one).

Ambiguities of the contract, resolved (the C parser must read them the same way):
 R1 Think block only when the output, after leading whitespace, starts with "<think>"; it ends at the first
    "</think>". Never closed (cut off while thinking): model_no_json.
 R2 The value starts at the first "{" after the think block, or the first "[" before "{", "[", '"' or "]"
    if that comes sooner (so "[/INST]", "[1, 2, 3]" and "[one question found]" in prose before the JSON
    are not taken for it); no later start is tried (that would turn `[{...},]` into its first item).
    Fences, labels and prose need no special case. Only objects/arrays count: a bare null is no value.
 R3 Strict RFC 8259 JSON. Text ends inside the value: model_no_json. Any other error (single quotes,
    trailing comma, raw newline/tab in a string, None/True/NaN, comments, leading zeros, unquoted keys,
    bad escape, lone surrogate): model_bad_json. "\frac" with one backslash is valid (form feed + "rac").
 R4 No "{" or "[": model_no_question if the text holds NONE as a whole word (upper case; "NONE.",
    "**NONE**" count, "None" does not), else model_no_json.
 R5 An object is an array of one; [] is model_no_question. Per item, in order: not an object ->
    model_missing_field; "question" null -> model_no_question; question not a non-blank string, or answer
    not a number or non-blank string -> model_missing_field; answer_not_in_page; question_not_in_page.
    No good item: rejected with the first item's reason.
 R6 Duplicate keys: the last wins. Numbers keep their JSON text ("0.50" stays "0.50", not "0.5").
 R7 Trimming is of ASCII whitespace. solution: a string, trimmed; empty or not a string -> null.
 R8 Normalisation (page, answer, question): \text{X}, \mathrm{X} (X without braces) -> X; "$", "\(", "\)"
    removed (not "\[ \]"); "," between a digit and exactly 3 digits removed; A-Z lowered; ASCII
    whitespace runs -> one space, trimmed. Words: runs of ASCII letters/digits.
 R9 A numeric answer (normalised: -?digits[.digits]) is checked by value only, against the page's numbers
    (digits[.digits], also negated after "-"; U+2212 is no minus): "5" is not found in "15" nor "2.0" in
    "2.02". "1/2", "25%", "7.5e-1" are not numeric.
 R10 Other answers: a substring of the page, or, holding a space, 80% of their words on the page.
 R11 Question words: 3+ letters/digits; rejected when under 60% are page words (none: passes).
"""
import collections, json, os, re, sys  # noqa: E401

TRIM = " \t\n\v\f\r"
DIG, HEX = set("0123456789"), set("0123456789abcdefABCDEF")
ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
LITERALS = (("true", True), ("false", False), ("null", None))
Num = collections.namedtuple("Num", "text")  # a JSON number, as written

class JsonError(Exception):
    def __init__(self, cut):
        self.cut = cut  # True: the text ended inside the value (cut off); False: it is not JSON

def at(s, i):
    return s[i] if i < len(s) else ""

def fail(s, i):
    raise JsonError(cut=i >= len(s))

def skip(s, i):
    return re.compile(r"[ \t\n\r]*").match(s, i).end()

def expect(s, i, chars):  # s[i] must be one of chars; -> i + 1
    if at(s, i) == "" or at(s, i) not in chars:
        fail(s, i)
    return i + 1

def hex4(s, i):
    for k in range(i, i + 4):
        expect(s, k, HEX)
    return int(s[i:i + 4], 16), i + 4

def parse_string(s, i):
    out, i = [], i + 1
    while at(s, i) != '"':
        c, e = at(s, i), at(s, i + 1)
        if c == "" or c < " ":  # the end of the text, or a raw control character
            fail(s, i)
        elif c != "\\":
            out.append(c)
            i += 1
        elif e in ESC:
            out.append(ESC[e])
            i += 2
        else:
            cp, i = hex4(s, expect(s, i + 1, "u"))
            if 0xD800 <= cp < 0xDC00:  # a high surrogate: "\u" and a low one must follow
                lo, i = hex4(s, expect(s, expect(s, i, "\\"), "u"))
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00) if 0xDC00 <= lo < 0xE000 else cp
            if 0xD800 <= cp < 0xE000:
                raise JsonError(cut=False)  # a lone surrogate
            out.append(chr(cp))
    return "".join(out), i + 1

def digits(s, i):
    expect(s, i, DIG)
    return re.compile(r"[0-9]*").match(s, i).end()

def parse_number(s, i):
    j = i + (at(s, i) == "-")
    j = j + 1 if at(s, j) == "0" else digits(s, j)
    if at(s, j) == ".":
        j = digits(s, j + 1)
    if at(s, j) in ("e", "E"):
        j = digits(s, j + 1 + (at(s, j + 1) in ("+", "-")))
    return Num(s[i:j]), j

def parse_value(s, i):
    """The JSON value at s[i:] (whitespace first) -> (value, index after it)."""
    i = skip(s, i)
    c = at(s, i)
    if c == '"':
        return parse_string(s, i)
    if c == "-" or c in DIG:
        return parse_number(s, i)
    if c not in ("{", "["):
        for word, val in LITERALS:
            if s.startswith(word, i):
                return val, i + len(word)
        raise JsonError(cut=any(w.startswith(s[i:]) for w, _ in LITERALS))  # "", "tr", "nul": cut off
    obj, items, close = {}, [], "}" if c == "{" else "]"
    i = skip(s, i + 1)
    while at(s, i) != close or obj or items:  # only an empty {} or [] skips the loop
        if c == "{":
            i = skip(s, i)
            expect(s, i, '"')
            key, i = parse_string(s, i)
            obj[key], i = parse_value(s, expect(s, skip(s, i), ":"))  # a repeated key: the last wins
        else:
            v, i = parse_value(s, i)
            items.append(v)
        i = skip(s, i)
        if at(s, i) == close:
            break
        i = expect(s, i, ",")
    return (obj if c == "{" else items), i + 1

def after_think(out):
    s = out.lstrip(TRIM)
    if not s.startswith("<think>"):
        return out
    end = s.find("</think>")
    return None if end < 0 else s[end + len("</think>"):]

def read_json(out):  # -> (value, start, end) of the output's JSON value, or a reason
    s = after_think(out)
    if s is None:
        return "model_no_json"
    # a "[" starts the value only before "{", "[", '"', "]" (or the end): not "[/INST]", "[1, 2]" in prose
    bracket = re.search(r'\[(?=[ \t\n\r]*(?:[{\["\]]|$))', s)
    starts = [k for k in (s.find("{"), bracket.start() if bracket else -1) if k >= 0]
    if not starts:
        return "model_no_question" if re.search(r"(?<![A-Za-z0-9_])NONE(?![A-Za-z0-9_])", s) else "model_no_json"
    try:
        v, end = parse_value(s, min(starts))
    except JsonError as e:
        return "model_no_json" if e.cut else "model_bad_json"
    return v, min(starts), end

def norm(s):
    s = re.sub(r"\\(?:text|mathrm)\{([^{}]*)\}", r"\1", s)
    s = s.replace("$", "").replace("\\(", "").replace("\\)", "")
    s = re.sub(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))", "", s)
    s = re.sub(r"[A-Z]+", lambda m: m.group().lower(), s)
    return re.sub(r"[ \t\n\v\f\r]+", " ", s).strip(" ")

def words(s):
    return re.findall(r"[A-Za-z0-9]+", s)

class Page:
    def __init__(self, text):
        self.n = norm(text)
        self.words = set(words(self.n))
        nums = [(float(m[2]), m[1]) for m in re.finditer(r"(-?)([0-9]+(?:\.[0-9]+)?)", self.n)]
        self.nums = {x for x, _ in nums} | {-x for x, sign in nums if sign}

def answer_ok(a, page):
    a = norm(a)
    if re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", a):
        return float(a) in page.nums
    w = words(a)
    return a in page.n or (" " in a and sum(x in page.words for x in w) * 5 >= len(w) * 4)

def question_ok(q, page):
    w = [x for x in words(norm(q)) if len(x) >= 3]
    return sum(x in page.words for x in w) * 5 >= len(w) * 3

def read_item(it, page):
    """-> the record, or a reason."""
    if not isinstance(it, dict):
        return "model_missing_field"
    q, a, sol = it.get("question"), it.get("answer"), it.get("solution")
    if "question" in it and q is None:
        return "model_no_question"
    a = a.text if isinstance(a, Num) else a
    if type(q) is not str or not q.strip(TRIM) or type(a) is not str or not a.strip(TRIM):
        return "model_missing_field"
    if not answer_ok(a, page):
        return "answer_not_in_page"
    if not question_ok(q, page):
        return "question_not_in_page"
    sol = sol.strip(TRIM) if type(sol) is str else ""
    return {"question": q.strip(TRIM), "answer": a.strip(TRIM), "solution": sol or None}

def read_output(out, page_text):
    r = read_json(out)
    if isinstance(r, str):
        return {"reject": r}
    items = r[0] if isinstance(r[0], list) else [r[0]]
    if not items:
        return {"reject": "model_no_question"}
    got = [read_item(it, Page(page_text)) for it in items]
    good, bad = [g for g in got if isinstance(g, dict)], [g for g in got if isinstance(g, str)]
    res = {"records": good} if good else {"reject": bad[0]}
    if bad and (good or len(bad) > 1):
        res["rejected"] = bad
    return res

def styles(out):
    """Labels for the summary only."""
    s, r = after_think(out) or "", read_json(out)
    fences = re.findall(r"```([A-Za-z]*)", s)
    t = ["think"] * out.lstrip(TRIM).startswith("<think>") + ["fence:" + (f or "plain") for f in fences[:1]]
    t += ["two-fences"] * (len(fences) >= 4) + ["bold"] * ("**" in s) + ["escaped-backslash"] * ("\\\\" in s)
    t += ["u-escape"] * bool(re.search(r"\\u[0-9a-fA-F]{4}", s))
    if isinstance(r, str):
        return t + ["no-json-text"] * (not re.search(r"[{\[]", s))
    prose = [k for k, x in (("prose-before", s[:r[1]]), ("prose-after", s[r[2]:]))
             if re.sub(r"```[A-Za-z]*", "", x).strip(TRIM)]
    items = r[0] if isinstance(r[0], list) else [r[0]]
    t += prose + ["bare"] * (not (prose or fences or "think" in t)) + ["array" if isinstance(r[0], list) else "object"]
    return t + ["number-answer"] * any(isinstance(x, dict) and isinstance(x.get("answer"), Num) for x in items)

def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              "outputs.jsonl")
    outcome, inner, style, seen, failed = collections.Counter(), collections.Counter(), collections.Counter(), set(), 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            c = json.loads(line)
            assert set(c) == {"case", "page", "output", "expect", "why"} and c["case"] not in seen, (n, sorted(c))
            assert 200 <= len(c["page"]) <= 3000, (n, c["case"], len(c["page"]))
            seen.add(c["case"])
            got = read_output(c["output"], c["page"])
            if got != c["expect"]:
                failed += 1
                print("FAIL %s\n  got    %s\n  expect %s" % (c["case"], json.dumps(got), json.dumps(c["expect"])))
            outcome["accepted" if "records" in got else got["reject"]] += 1
            inner.update(got.get("rejected", []) if "records" in got else [])
            style.update(styles(c["output"]))
    for title, cnt in (("outcome", outcome), ("items rejected in accepted arrays", inner), ("style", style)):
        print("%s: %s" % (title, ", ".join("%s %d" % kv for kv in sorted(cnt.items()))))
    print("%d cases, %d failed" % (len(seen), failed))
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
