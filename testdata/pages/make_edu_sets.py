#!/usr/bin/env python3
"""Write the labelled page sets for the educational-page classifier: edu-train.jsonl, edu-test.jsonl.

usage: make_edu_sets.py [--data DIR] [--out DIR]      write both files (default: next to this script)
       make_edu_sets.py --check [--out DIR]            counts per class and source, and the test
                                                       accuracy of two bag-of-words baselines
       make_edu_sets.py --dump-crawl                   the real pages with their labels (for labelling)

Python 3 standard library only. Deterministic: one random.Random(SEED), inputs read in sorted file
order, no set iteration reaches the output, so a re-run rewrites byte-identical files.

Task. A page is "educational" (label 1) when it holds exam / homework / textbook-exercise / quiz /
tutoring Q&A content with questions that have definite answers, the pages the WebInstruct
(MAmmoTH2) recall step keeps. Everything else is 0: news, shops, recipes, sports, docs, forums
about cars or games, error pages, and also pages that talk about school without exercises.

Records: {"id", "text", "label", "source"}; text is what an HTML-to-text pass leaves (one line
per block element), at most 5,900 characters. source is one of
  crawl:<url>                        a real page from a WARC file, labelled by hand below
  written:<style>:<discipline>       a written positive
  written:neg:<kind>                 a written negative
  written:hardneg:<kind>             a written negative that talks about school, exams, questions
                                     or answers, or is full of numbers and units

Real pages. Every WARC / WET file in DATA/warc/ and testdata/warc/ is read with a lenient walker
(per-record gzip, whole-file gzip or plain; a record that does not parse is skipped). 2xx
text/html responses are turned into text with html.parser (script/style dropped); WET conversion
records are taken as they are. Pages under 40 words, identical texts, repeated URLs and near
duplicates (word 5-gram Jaccard > 0.6 with a kept page) are dropped, and four adult-spam pages of
the CC-MAIN-2020-34 sample are left out (REAL_EXCLUDE). REAL_POSITIVES lists the educational ones
with a reason each (all from testdata/warc/, whose pages were written for the extractor tests;
none of the public crawl samples holds one); the rest are negatives. Four positives
(REAL_TEST_POSITIVES) and about a third of the negatives, whole hosts at a time, go to test.

Written pages. Positives are pages of one site style holding 1-14 problems drawn from
parameterised templates (TEMPLATES: 102 in 15 disciplines), with the site's header, navigation,
answers or worked solutions, sometimes choices, votes or comments, and its footer. Negatives
come from 27 page kinds (NEG_FN). The test file measures generalisation: it shares no problem
template, site style, site name, header or footer with train, and holds
  styles only in test:       review (exam review sheet), forum (tutoring thread), flashcards,
                             worksheet        [train: hwqa, problemset, textbook, quiz, stepsolver]
  disciplines only in test:  law, medicine, mechanical engineering, astronomy
  negative kinds only in test: job_posting, real_estate, exam_timetable, tech_support,
                             hotel_reviews
No text comes from the benchmark files (DATA/eval, DATA/verify); the written pages share no
13-word sequence with them.
"""
import glob
import html.parser
import json
import math
import os
import random
import re
import sys
import zlib
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def default_data_dir():
    shared = os.environ.get("GR_SHARED")
    if shared:
        return os.path.join(shared, "data")
    return os.path.join(os.path.dirname(ROOT), "shared", "data")


# --------------------------------------------------------------------------- WARC reading
def gunzip_members(raw):
    """Concatenated gzip members -> their bytes. A bad member is skipped (resync on the next
    gzip magic); trailing garbage ends the walk. Never raises."""
    out = []
    pos, n = 0, len(raw)
    while pos < n:
        if raw[pos:pos + 3] != b"\x1f\x8b\x08":
            nxt = raw.find(b"\x1f\x8b\x08", pos + 1)
            if nxt < 0:
                break
            pos = nxt
        d = zlib.decompressobj(31)
        try:
            chunk = d.decompress(raw[pos:])
        except zlib.error:
            pos += 1
            continue
        out.append(chunk)
        if not d.eof:
            break                      # truncated member: keep what came out
        used = (n - pos) - len(d.unused_data)
        pos += max(used, 1)
    return b"".join(out)


def read_container(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return b""
    if raw[:2] == b"\x1f\x8b":
        return gunzip_members(raw)
    return raw


RECORD_START = re.compile(rb"(?:^|\n)(WARC/\d+\.\d+)\r?\n")


def split_headers(blob):
    """'Name: value' lines -> dict of lowercased names (first wins)."""
    h = {}
    for line in re.split(rb"\r?\n", blob):
        if b":" not in line:
            continue
        k, v = line.split(b":", 1)
        k = k.strip().lower().decode("latin-1")
        if k and k not in h:
            h[k] = v.strip().decode("latin-1")
    return h


def warc_records(data):
    """Lenient walk: find a 'WARC/x.y' line, read headers to the blank line, take
    Content-Length bytes, then look for the next 'WARC/' line from there. Yields (headers, block)."""
    pos = 0
    n = len(data)
    while pos < n:
        m = RECORD_START.search(data, pos)
        if not m:
            return
        hstart = m.start(1)
        end = re.compile(rb"\r?\n\r?\n").search(data, hstart)
        if not end:
            return
        headers = split_headers(data[hstart:end.start()])
        body_start = end.end()
        try:
            cl = int(headers.get("content-length", "x"))
        except ValueError:
            cl = -1
        if cl < 0 or body_start + cl > n:
            nxt = RECORD_START.search(data, body_start)
            stop = nxt.start(1) if nxt else n
            yield headers, data[body_start:stop]
            pos = stop
            continue
        yield headers, data[body_start:body_start + cl]
        pos = body_start + cl


def dechunk(body):
    out = []
    pos = 0
    while True:
        m = re.compile(rb"([0-9a-fA-F]+)[^\r\n]*\r?\n").match(body, pos)
        if not m:
            return None
        size = int(m.group(1), 16)
        if size == 0:
            return b"".join(out)
        start = m.end()
        out.append(body[start:start + size])
        pos = start + size
        if body[pos:pos + 2] == b"\r\n":
            pos += 2
        elif body[pos:pos + 1] == b"\n":
            pos += 1


def http_html(block):
    """An HTTP response block -> (html bytes, charset) or None if not a 2xx text/html response."""
    m = re.compile(rb"\r?\n\r?\n").search(block)
    if not m or not block.startswith(b"HTTP/"):
        return None
    head, body = block[:m.start()], block[m.end():]
    status = head.split(b"\n", 1)[0].split()
    if len(status) < 2 or not status[1].startswith(b"2"):
        return None
    h = split_headers(head.split(b"\n", 1)[1] if b"\n" in head else b"")
    ctype = h.get("content-type", "").lower()
    if "text/html" not in ctype and "xhtml" not in ctype:
        return None
    if "chunked" in h.get("transfer-encoding", "").lower():
        # many writers store the de-chunked body but keep the header: then use it as it is
        body = dechunk(body) or body
    enc = h.get("content-encoding", "").lower().strip()
    if enc in ("gzip", "x-gzip"):
        if body[:2] == b"\x1f\x8b":       # else it was stored decoded
            body = gunzip_members(body)
    elif enc == "deflate" and body.lstrip()[:1] != b"<":
        try:
            body = zlib.decompress(body)
        except zlib.error:
            try:
                body = zlib.decompress(body, -15)
            except zlib.error:
                return None
    elif enc not in ("", "identity", "none", "deflate") and body.lstrip()[:1] != b"<":
        return None                    # brotli etc.: not decodable with the stdlib
    cs = re.search(r"charset=[\"']?([\w.:-]+)", ctype)
    return body, (cs.group(1) if cs else None)


def decode_html(body, charset):
    if not charset:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.I)
        charset = m.group(1).decode("ascii") if m else "utf-8"
    if body.startswith(b"\xef\xbb\xbf"):
        charset = "utf-8"
    try:
        return body.decode(charset, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


BLOCK_TAGS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
              "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
              "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
              "table", "td", "th", "tr", "ul", "title", "option", "body", "html", "head",
              "center", "frame", "noscript", "select", "textarea", "caption", "tbody",
              "thead", "tfoot", "legend", "menu", "dir"}
SKIP_TAGS = {"script", "style", "template", "svg", "head_meta"}


class TextExtractor(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.cur = []
        self.skip = 0

    def flush(self):
        line = " ".join("".join(self.cur).split())
        if line:
            self.lines.append(line)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.flush()
        elif tag == "a" and not self.skip:
            self.cur.append(" ")         # adjacent links are separate words

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.flush()
        elif tag == "a" and not self.skip:
            self.cur.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def html_to_text(doc):
    p = TextExtractor()
    try:
        p.feed(doc)
        p.close()
    except Exception:      # html.parser is lenient, but never crash on a hostile page
        pass
    p.flush()
    return "\n".join(p.lines)


def crawl_files(data_dir):
    files = sorted(glob.glob(os.path.join(data_dir, "warc", "*")))
    for pat in ("*.warc.gz", "*.warc", "*.wet"):
        files += sorted(glob.glob(os.path.join(ROOT, "testdata", "warc", pat)))
    return [f for f in files if os.path.isfile(f) and not f.endswith(".md")]


def crawl_pages(data_dir):
    """-> list of (url, text, file) in file order, identical texts and repeated URLs dropped."""
    seen_text, seen_url, pages = set(), set(), []
    for path in crawl_files(data_dir):
        data = read_container(path)
        if b"WARC/" not in data:
            continue
        for headers, block in warc_records(data):
            rtype = headers.get("warc-type", "").lower()
            url = headers.get("warc-target-uri", "").strip().strip("<>")
            text = None
            if rtype == "response":
                got = http_html(block)
                if got:
                    text = html_to_text(decode_html(*got))
            elif rtype == "conversion":
                text = "\n".join(l.strip() for l in block.decode("utf-8", "replace").splitlines()
                                 if l.strip())
            if not text or not url or len(text.split()) < 40:
                continue
            text = text[:5900]
            if text in seen_text or url in seen_url:
                continue
            seen_text.add(text)
            seen_url.add(url)
            pages.append((url, text, os.path.basename(path)))
    return pages



# --------------------------------------------------------------------------- number helpers


def fmt(x, nd=2):
    """x rounded to nd decimals, trailing zeros dropped."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return "%d/%d" % (x.numerator, x.denominator)
    s = "%.*f" % (nd, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def sf(x, n=3):
    """x to n significant figures, no exponent."""
    if x == 0:
        return "0"
    d = n - 1 - int(math.floor(math.log10(abs(x))))
    if d <= 0:
        return "{:,}".format(int(round(x, d)))
    return "%.*f" % (d, x)


def money(x, cents=True, sym="$"):
    if x < 0:
        return "-" + money(-x, cents, sym)
    return sym + ("{:,.2f}".format(x) if cents else "{:,.0f}".format(x))


def poly(coefs, var="x"):
    """[a_n, ..., a_0] -> 'a_n x^n + ... + a_0' written the way people type it."""
    n = len(coefs) - 1
    out = []
    for i, c in enumerate(coefs):
        k = n - i
        if c == 0:
            continue
        mag = abs(c)
        if k == 0:
            term = str(mag)
        else:
            term = ("" if mag == 1 else str(mag)) + var + ("^%d" % k if k > 1 else "")
        if not out:
            out.append(("-" if c < 0 else "") + term)
        else:
            out.append(("- " if c < 0 else "+ ") + term)
    return " ".join(out) if out else "0"


def signed(c):
    return "+ %s" % c if c >= 0 else "- %s" % -c


NUM_RE = re.compile(r"(?<![\^\w.,/])-?\d[\d,]*(?:\.\d+)?(?![\w/^])")


def num_distractors(r, answer):
    """Three wrong options made by scaling (or shifting) every number in answer, or None when the
    answer has no plain number or holds a fraction."""
    if re.search(r"\d\s*/\s*\d", answer) or "0x" in answer:
        return None
    nums = list(NUM_RE.finditer(answer))
    if not nums:
        return None

    def render(x, s):
        dec = len(s.split(".")[1]) if "." in s else 0
        t = ("{:,.%df}" if "," in s else "{:.%df}") % dec
        return t.format(x)

    def apply(f):
        out, pos = [], 0
        for m in nums:
            s = m.group(0)
            x = float(s.replace(",", ""))
            y = f(x)
            if "." not in s:
                y = round(y)
            out.append(answer[pos:m.start()])
            out.append(render(y, s))
            pos = m.end()
        out.append(answer[pos:])
        return "".join(out)

    fs = [lambda x: x * 2, lambda x: x / 2, lambda x: x * 1.5, lambda x: x * 0.8, lambda x: x * 1.25,
          lambda x: x * 10, lambda x: x / 10]
    if len(nums) == 1:
        k = r.randint(1, 4)
        fs += [lambda x: x + k, lambda x: x - k, lambda x: -x]
    r.shuffle(fs)
    out = []
    for f in fs:
        t = apply(f)
        if t != answer and t not in out and "-0" not in t:
            out.append(t)
        if len(out) == 3:
            return out
    return None


def with_choices(r, correct, wrong):
    opts = [correct] + list(wrong)
    r.shuffle(opts)
    return opts, opts.index(correct)


def prob(q, a, steps=(), choices=None, ci=None, topic=""):
    return {"q": q, "a": a, "steps": list(steps), "choices": choices, "ci": ci, "topic": topic}


NAMES = ["Maria", "Jamal", "Priya", "Chen", "Olga", "Tomás", "Aisha", "Liam", "Sofia", "Kenji",
         "Fatima", "Noah", "Elena", "Diego", "Hannah", "Omar", "Grace", "Ravi", "Zoe", "Mateo",
         "Ingrid", "Kwame", "Lucia", "Arjun", "Mei", "Samuel", "Leila", "Jonas", "Amara", "Viktor",
         "Nadia", "Ethan", "Yuki", "Carlos", "Beatriz", "Tariq", "Freya", "Dmitri", "Ana", "Malik"]

# --------------------------------------------------------------------------- problem templates
# TEMPLATES[discipline][split] = list of functions r -> prob(...). The train and test lists
# share no function, and law / medicine / mechanical engineering / astronomy have test ones only.
TEMPLATES = {}


def template(discipline, split):
    def reg(fn):
        TEMPLATES.setdefault(discipline, {"train": [], "test": []})[split].append(fn)
        return fn
    return reg


# ---- mathematics (algebra) ----
@template("mathematics", "train")
def t_linear(r):
    x, a, b = r.randint(-9, 15), r.randint(2, 9), r.randint(-20, 30)
    c = a * x + b
    q = r.choice(["Solve for x: %dx %s = %d." % (a, signed(b), c),
                  "Find the value of x that satisfies %dx %s = %d." % (a, signed(b), c),
                  "What is x if %dx %s = %d?" % (a, signed(b), c)])
    steps = ["%s %d %s both sides: %dx = %d." % ("Subtract" if b >= 0 else "Add", abs(b), "from" if b >= 0 else "to", a, c - b),
             "Divide both sides by %d: x = %d/%d = %d." % (a, c - b, a, x)]
    return prob(q, "x = %d" % x, steps, topic="Linear equations")


@template("mathematics", "train")
def t_system(r):
    x, y = r.randint(-5, 9), r.randint(-5, 9)
    a1, b1, a2, b2 = r.randint(1, 5), r.randint(1, 5), r.randint(1, 5), -r.randint(1, 5)
    if a1 * b2 - a2 * b1 == 0:
        b2 -= 1
    c1, c2 = a1 * x + b1 * y, a2 * x + b2 * y
    def lin2(a, b):
        xs = ("" if a == 1 else "-" if a == -1 else str(a)) + "x"
        ys = ("" if abs(b) == 1 else str(abs(b))) + "y"
        return "%s %s %s" % (xs, "+" if b > 0 else "-", ys)
    e1 = "%s = %d" % (lin2(a1, b1), c1)
    e2 = "%s = %d" % (lin2(a2, b2), c2)
    q = "Solve the system of equations:\n%s\n%s" % (e1, e2)
    steps = ["Multiply the first equation by %d and the second by %d so the x terms match." % (a2, a1),
             "Subtracting gives %dy = %d, so y = %d." % (b1 * a2 - b2 * a1, c1 * a2 - c2 * a1, y),
             "Substitute back into the first equation: %dx = %d - %d, so x = %d." % (a1, c1, b1 * y, x)]
    return prob(q, "x = %d, y = %d" % (x, y), steps, topic="Systems of equations")


@template("mathematics", "train")
def t_quadratic(r):
    r1, r2 = r.randint(-9, 9), r.randint(-9, 9)
    p, qq = -(r1 + r2), r1 * r2
    eq = poly([1, p, qq]) + " = 0"
    q = r.choice(["Solve by factoring: %s" % eq, "Find all real solutions of %s." % eq,
                  "What are the roots of the equation %s?" % eq])
    f1 = "(x %s)" % signed(-r1)
    f2 = "(x %s)" % signed(-r2)
    steps = ["We need two numbers whose product is %d and whose sum is %d: %d and %d." % (qq, p, -r1, -r2),
             "So %s factors as %s%s = 0." % (poly([1, p, qq]), f1, f2),
             "Setting each factor to zero gives x = %d or x = %d." % (r1, r2)]
    ans = "x = %d" % r1 if r1 == r2 else "x = %d or x = %d" % (min(r1, r2), max(r1, r2))
    return prob(q, ans, steps, topic="Quadratic equations")


@template("mathematics", "train")
def t_percent_change(r):
    item = r.choice(["a bicycle", "a concert ticket", "a pair of headphones", "a textbook",
                     "a monthly bus pass", "a bag of coffee", "a gym membership"])
    old = r.choice([20, 25, 40, 48, 50, 60, 75, 80, 120, 150, 200, 250])
    pct = r.choice([-40, -25, -20, -15, -10, 5, 10, 12, 15, 20, 25, 30, 35, 50])
    new = old * (100 + pct) / 100
    name = r.choice(NAMES)
    q = "The price of %s changed from %s to %s. %s wants to know the percent change. What is it?" % (
        item, money(old, False), money(new, new != int(new)), name)
    steps = ["Percent change = (new - old) / old × 100%.",
             "(%s - %s) / %s × 100%% = %s%%." % (fmt(new), old, old, fmt(pct))]
    ans = "%s%% %s" % (abs(pct), "increase" if pct > 0 else "decrease")
    return prob(q, ans, steps, topic="Percentages")


@template("mathematics", "train")
def t_arith_seq(r):
    a1, d, n = r.randint(-10, 20), r.choice([-7, -4, -3, -2, 2, 3, 4, 5, 6, 8, 11]), r.randint(12, 60)
    terms = ", ".join(str(a1 + k * d) for k in range(4))
    q = "Find the %dth term of the arithmetic sequence %s, ..." % (n, terms)
    an = a1 + (n - 1) * d
    steps = ["The first term is a1 = %d and the common difference is d = %d." % (a1, d),
             "a_n = a1 + (n - 1)d = %d + %d(%d) = %d." % (a1, n - 1, d, an)]
    return prob(q, str(an), steps, topic="Sequences")


@template("mathematics", "train")
def t_ages(r):
    m, n = r.choice([(3, 2), (4, 3), (5, 3), (4, 2), (5, 4)])
    # m*s + k = n*(s + k)  ->  s = k(n-1)/(m-n)
    while True:
        k = r.randint(2, 20)
        if (k * (n - 1)) % (m - n) == 0:
            s_age = k * (n - 1) // (m - n)
            if 2 <= s_age <= 20:
                break
    parent, child = r.choice([("Maria", "her son"), ("Mr. Okafor", "his daughter"), ("Ana", "her niece"),
                              ("Kenji", "his nephew"), ("Grace", "her daughter")])
    words = {2: "twice", 3: "three times", 4: "four times", 5: "five times"}
    q = "%s is %s as old as %s. In %d years, %s will be %s the age of %s. Find the current age of %s." % (
        parent, words[m], child, k, parent.split()[-1] if parent.startswith("Mr") else parent,
        words[n].replace("times", "times").replace("twice", "twice"), child, child)
    steps = ["Let s be the child's age now, so the parent is %ds." % m,
             "In %d years: %ds + %d = %d(s + %d)." % (k, m, k, n, k),
             ("%ds - %ds = %d - %d, so %ds = %d and s = %d." % (m, n, n * k, k, m - n, (n - 1) * k, s_age)) if m - n > 1 else
             "%ds - %ds = %d - %d, so s = %d." % (m, n, n * k, k, s_age)]
    return prob(q, "%d years old" % s_age, steps, topic="Word problems")


@template("mathematics", "test")
def x_exponential(r):
    b = r.choice([2, 3, 5])
    e = r.randint(3, 7 if b == 2 else 5)
    k = r.randint(-2, 3)
    x = e - k
    lhs = "%d^(x %s)" % (b, signed(k)) if k else "%d^x" % b
    q = "Solve the exponential equation %s = %d." % (lhs, b ** e)
    steps = ["Write %d as a power of %d: %d = %d^%d." % (b ** e, b, b ** e, b, e),
             ("Equate the exponents: x %s = %d, so x = %d." % (signed(k), e, x)) if k else "Equate the exponents: x = %d." % e]
    return prob(q, "x = %d" % x, steps, topic="Exponents")


@template("mathematics", "test")
def x_rectangle(r):
    w, d = r.randint(3, 25), r.randint(2, 15)
    per = 2 * (w + w + d)
    thing = r.choice(["garden", "rectangular rug", "parking lot", "classroom floor", "poster"])
    q = "The length of a %s is %d m more than its width, and its perimeter is %d m. Find its area." % (thing, d, per)
    steps = ["Let the width be w, so the length is w + %d." % d,
             "Perimeter: 2(w + w + %d) = %d, so 4w = %d and w = %d m." % (d, per, per - 2 * d, w),
             "Area = %d × %d = %d m^2." % (w, w + d, w * (w + d))]
    return prob(q, "%d m^2" % (w * (w + d)), steps, topic="Geometry")


@template("mathematics", "test")
def x_line(r):
    m = r.choice([-3, -2, -1, 1, 2, 3, 4, Fraction(1, 2), Fraction(-1, 2), Fraction(3, 2)])
    x1 = r.randint(-6, 6)
    x2 = x1 + (2 * r.randint(1, 4))
    b = r.randint(-8, 8)
    y1, y2 = m * x1 + b, m * x2 + b
    q = "Find the equation of the line passing through (%d, %s) and (%d, %s) in slope-intercept form." % (
        x1, fmt(y1), x2, fmt(y2))
    steps = ["Slope m = (%s - %s)/(%d - %d) = %s." % (fmt(y2), fmt(y1), x2, x1, fmt(m)),
             "Use y = mx + b with the first point: %s = %s(%d) + b, so b = %d." % (fmt(y1), fmt(m), x1, b)]
    ms = {1: "", -1: "-"}.get(m, fmt(m))
    ans = ("y = %sx %s" % (ms, signed(b))) if b else "y = %sx" % ms
    return prob(q, ans, steps, topic="Linear functions")


# ---- calculus ----
@template("calculus", "train")
def t_derivative_at(r):
    a, b, c, d = r.randint(1, 5), r.randint(-6, 6), r.randint(-9, 9), r.randint(-9, 9)
    x0 = r.randint(-3, 4)
    val = 3 * a * x0 ** 2 + 2 * b * x0 + c
    q = "Let f(x) = %s. Find f'(%d)." % (poly([a, b, c, d]), x0)
    steps = ["Differentiate term by term: f'(x) = %s." % poly([3 * a, 2 * b, c]),
             "f'(%d) = %d(%d)^2 %s(%d) %s = %d." % (x0, 3 * a, x0, signed(2 * b), x0, signed(c), val)]
    return prob(q, str(val), steps, topic="Derivatives")


@template("calculus", "train")
def t_integral(r):
    a, b, k = r.randint(1, 6), r.randint(-5, 8), r.randint(1, 5)
    val = Fraction(a * k ** 3, 3) + Fraction(b * k ** 2, 2)
    q = "Evaluate the definite integral ∫ from 0 to %d of (%s) dx." % (k, poly([a, b, 0]))
    bh = Fraction(abs(b), 2)
    term = "" if b == 0 else (" + " if b > 0 else " - ") + ("" if bh == 1 else fmt(bh) if bh.denominator == 1 else "(%s)" % fmt(bh)) + "x^2"
    steps = ["An antiderivative is F(x) = (%d/3)x^3%s." % (a, term),
             "F(%d) - F(0) = %s + %s = %s." % (k, fmt(Fraction(a * k ** 3, 3)), fmt(Fraction(b * k ** 2, 2)).join("()") if b < 0 else fmt(Fraction(b * k ** 2, 2)), fmt(val))]
    return prob(q, fmt(val) if val.denominator == 1 else "%s ≈ %s" % (fmt(val), fmt(float(val), 3)), steps,
                topic="Definite integrals")


@template("calculus", "train")
def t_limit(r):
    a, b = r.randint(1, 9), r.randint(-6, 9)
    if a == -b:
        b += 1
    num = poly([1, b - a, -a * b])
    q = "Evaluate the limit as x approaches %d of (%s)/(x - %d)." % (a, num, a)
    steps = ["Direct substitution gives 0/0, so factor the numerator: %s = (x - %d)(x %s)." % (num, a, signed(b)),
             "Cancel (x - %d): the limit equals %d %s = %d." % (a, a, signed(b), a + b)]
    return prob(q, str(a + b), steps, topic="Limits")


@template("calculus", "train")
def t_tangent(r):
    a, c, k = r.randint(-4, 5), r.randint(-9, 9), r.choice([1, 2, 3])
    slope = 2 * k * a
    icpt = c - k * a * a
    fx = poly([k, 0, c])
    q = "Find the equation of the tangent line to y = %s at x = %d." % (fx, a)
    steps = ["dy/dx = %s, so the slope at x = %d is %d." % (poly([2 * k, 0]), a, slope),
             "The point of tangency is (%d, %d)." % (a, k * a * a + c),
             "%s = %d(%s) gives y = %dx %s." % ("y %s" % signed(-(k * a * a + c)) if k * a * a + c else "y", slope, "x %s" % signed(-a) if a else "x", slope, signed(icpt))]
    return prob(q, "y = %dx %s" % (slope, signed(icpt)), steps, topic="Tangent lines")


@template("calculus", "train")
def t_fence(r):
    L = r.choice([40, 60, 80, 100, 120, 200, 240, 300, 400, 600])
    q = ("A farmer has %d m of fencing to enclose a rectangular field that borders a straight river. "
         "No fence is needed along the river. What dimensions maximize the area, and what is the maximum area?" % L)
    x = L / 4
    steps = ["Let x be the side perpendicular to the river; the side parallel is %d - 2x." % L,
             "A(x) = x(%d - 2x) = %dx - 2x^2, so A'(x) = %d - 4x = 0 gives x = %s m." % (L, L, L, fmt(x)),
             "The parallel side is %s m and A = %s m^2." % (fmt(L / 2), fmt(L * L / 8))]
    return prob(q, "%s m by %s m, area %s m^2" % (fmt(x), fmt(L / 2), fmt(L * L / 8)), steps, topic="Optimization")


@template("calculus", "test")
def x_related_rates(r):
    k, R = r.choice([0.5, 1, 2, 3, 1.5]), r.randint(3, 30)
    rate = 2 * math.pi * R * k
    thing = r.choice(["ripple on a pond", "circular oil slick", "circular ink stain", "spreading circle of light"])
    q = "The radius of a %s grows at %s cm/s. How fast is its area increasing when the radius is %d cm?" % (thing, fmt(k), R)
    steps = ["A = πr^2, so dA/dt = 2πr dr/dt.", "dA/dt = 2π(%d)(%s) = %sπ ≈ %s cm^2/s." % (R, fmt(k), fmt(2 * R * k), fmt(rate, 1))]
    return prob(q, "%sπ ≈ %s cm^2/s" % (fmt(2 * R * k), fmt(rate, 1)), steps, topic="Related rates")


@template("calculus", "test")
def x_average_value(r):
    b, c = r.randint(1, 9), r.randint(1, 4)
    avg = Fraction(c * b * b, 3)
    q = "What is the average value of f(x) = %s on the interval [0, %d]?" % (poly([c, 0, 0]), b)
    steps = ["Average value = (1/(b - a)) ∫ f(x) dx from a to b.",
             "(1/%d) · (%d/3)(%d)^3 = %s." % (b, c, b, fmt(avg))]
    return prob(q, fmt(avg), steps, topic="Integrals")


@template("calculus", "test")
def x_critical_points(r):
    a = r.randint(1, 6)
    q = "Find and classify the critical points of f(x) = x^3 - %dx." % (3 * a * a)
    steps = ["f'(x) = 3x^2 - %d = 0 gives x = ±%d." % (3 * a * a, a),
             "f''(x) = 6x: f''(-%d) < 0 (local maximum), f''(%d) > 0 (local minimum)." % (a, a)]
    return prob(q, "local max at x = -%d, local min at x = %d" % (a, a), steps, topic="Curve sketching")


# ---- physics ----
G = 9.8


@template("physics", "train")
def t_acceleration(r):
    u, t = r.choice([0, 0, 5, 10]), r.choice([2, 4, 5, 6, 8, 10, 12])
    a = r.choice([0.5, 1.5, 2, 2.5, 3, 4])
    v = u + a * t
    d = u * t + 0.5 * a * t * t
    veh = r.choice(["car", "cyclist", "train", "motorbike", "delivery van"])
    start = "from rest" if u == 0 else "from %d m/s" % u
    q = "A %s accelerates uniformly %s to %s m/s in %d s. What is its acceleration, and how far does it travel in that time?" % (veh, start, fmt(v), t)
    steps = ["a = (v - u)/t = (%s - %d)/%d = %s m/s^2." % (fmt(v), u, t, fmt(a)),
             "d = ut + ½at^2 = %d(%d) + ½(%s)(%d)^2 = %s m." % (u, t, fmt(a), t, fmt(d))]
    return prob(q, "%s m/s^2; %s m" % (fmt(a), fmt(d)), steps, topic="Kinematics")


@template("physics", "train")
def t_projectile(r):
    h, v = r.choice([1.2, 2.5, 4.9, 10, 19.6, 20, 45]), r.choice([3, 5, 8, 12, 15, 20])
    t = math.sqrt(2 * h / G)
    obj = r.choice(["ball rolls off a table", "stone is thrown horizontally from a cliff",
                    "package slides off a flat roof", "marble leaves the edge of a bench"])
    q = "A %s %s m high with a horizontal speed of %d m/s. How far from the base does it land? (g = 9.8 m/s^2)" % (obj, fmt(h), v)
    steps = ["Fall time: t = √(2h/g) = √(2 × %s / 9.8) = %s s." % (fmt(h), fmt(t, 2)),
             "Horizontal distance: x = vt = %d × %s = %s m." % (v, fmt(t, 2), fmt(v * t, 2))]
    return prob(q, "%s m" % sf(v * t, 3), steps, topic="Projectile motion")


@template("physics", "train")
def t_ohm(r):
    V, R = r.choice([1.5, 3, 6, 9, 12, 24, 120, 230]), r.choice([2, 4, 5, 8, 10, 20, 47, 100, 220])
    I = V / R
    q = r.choice(["A %s V battery is connected across a %d Ω resistor. Find the current and the power dissipated.",
                  "What current flows through a %d Ω resistor when %s V is applied, and how much power does it use?"])
    q = q % ((fmt(V), R) if q.startswith("A ") else (R, fmt(V)))
    steps = ["I = V/R = %s/%d = %s A." % (fmt(V), R, sf(I)), "P = VI = %s × %s = %s W." % (fmt(V), sf(I), sf(V * I))]
    return prob(q, "%s A, %s W" % (sf(I), sf(V * I)), steps, topic="Circuits")


@template("physics", "train")
def t_kinetic(r):
    m, v = r.choice([0.15, 0.5, 2, 5, 60, 70, 80, 1000, 1500]), r.choice([2, 3, 5, 8, 10, 12, 20, 25, 30])
    ke = 0.5 * m * v * v
    obj = {0.15: "baseball", 0.5: "soccer ball", 2: "bowling pin", 5: "shot put", 60: "sprinter",
           70: "skier", 80: "cyclist with bike", 1000: "small car", 1500: "car"}[m]
    q = "What is the kinetic energy of a %s kg %s moving at %d m/s?" % (fmt(m), obj, v)
    steps = ["KE = ½mv^2 = ½ × %s × %d^2 = %s J." % (fmt(m), v, fmt(ke))]
    return prob(q, "%s J" % sf(ke, 3), steps, topic="Energy")


@template("physics", "train")
def t_collision(r):
    (m1, m2), v1 = r.choice([(1, 1), (2, 1), (2, 3), (3, 5), (4, 2), (1200, 800), (1500, 1000), (900, 1100)]), r.choice([2, 4, 6, 10, 15])
    vf = m1 * v1 / (m1 + m2)
    obj = "car" if m1 > 100 else "cart"
    q = ("A %d kg %s moving at %d m/s collides with a stationary %d kg %s and they stick together. "
         "What is their speed just after the collision?" % (m1, obj, v1, m2, obj))
    steps = ["Momentum is conserved: m1v1 = (m1 + m2)v.", "v = %d × %d / (%d + %d) = %s m/s." % (m1, v1, m1, m2, sf(vf))]
    return prob(q, "%s m/s" % sf(vf), steps, topic="Momentum")


@template("physics", "train")
def t_density(r):
    mat = r.choice([("aluminium", 2.70), ("oak", 0.75), ("ice", 0.92), ("iron", 7.87), ("cork", 0.24),
                    ("granite", 2.75), ("pine", 0.50)])
    vol = r.choice([20, 50, 80, 120, 250, 400])
    mass = mat[1] * vol
    q = "A block has a mass of %s g and a volume of %d cm^3. What is its density, and will it float in water?" % (fmt(mass, 1), vol)
    floats = mat[1] < 1.0
    steps = ["ρ = m/V = %s / %d = %s g/cm^3." % (fmt(mass, 1), vol, fmt(mat[1])),
             "Water has density 1.00 g/cm^3, so the block %s." % ("floats" if floats else "sinks")]
    return prob(q, "%s g/cm^3; it %s" % (fmt(mat[1]), "floats" if floats else "sinks"), steps, topic="Density")


@template("physics", "train")
def t_wave(r):
    f, lam = r.choice([50, 128, 256, 440, 512, 1000]), r.choice([0.34, 0.5, 0.67, 0.78, 1.2, 1.5])
    q = "A sound wave has a frequency of %d Hz and a wavelength of %s m. What is its speed?" % (f, fmt(lam))
    steps = ["v = fλ = %d × %s = %s m/s." % (f, fmt(lam), fmt(f * lam, 1))]
    return prob(q, "%s m/s" % fmt(f * lam, 1), steps, topic="Waves")


@template("physics", "test")
def x_pendulum(r):
    L = r.choice([0.25, 0.5, 0.8, 1.0, 1.5, 2.0, 2.45, 9.8])
    T = 2 * math.pi * math.sqrt(L / G)
    q = "Find the period of a simple pendulum of length %s m on Earth (g = 9.8 m/s^2)." % fmt(L)
    steps = ["T = 2π√(L/g) = 2π√(%s/9.8) = %s s." % (fmt(L), fmt(T, 2))]
    return prob(q, "%s s" % fmt(T, 2), steps, topic="Oscillations")


@template("physics", "test")
def x_spring(r):
    k, x = r.choice([50, 100, 200, 250, 400, 800]), r.choice([0.02, 0.05, 0.1, 0.15, 0.2, 0.3])
    q = "A spring with spring constant %d N/m is compressed by %s m. How much elastic potential energy is stored, and what force does the spring exert?" % (k, fmt(x))
    steps = ["U = ½kx^2 = ½(%d)(%s)^2 = %s J." % (k, fmt(x), fmt(0.5 * k * x * x, 3)),
             "F = kx = %d × %s = %s N." % (k, fmt(x), fmt(k * x))]
    return prob(q, "%s J; %s N" % (fmt(0.5 * k * x * x, 3), fmt(k * x)), steps, topic="Springs")


@template("physics", "test")
def x_lens(r):
    f, do = r.choice([(10, 15), (10, 30), (20, 60), (15, 20), (5, 20), (12, 36), (25, 50)])
    di = 1 / (1 / f - 1 / do)
    mag = -di / do
    q = "An object is placed %d cm in front of a converging lens of focal length %d cm. Where is the image, and what is the magnification?" % (do, f)
    steps = ["1/d_i = 1/f - 1/d_o = 1/%d - 1/%d, so d_i = %s cm." % (f, do, fmt(di, 1)),
             "m = -d_i/d_o = %s (real, inverted image)." % fmt(mag, 2)]
    return prob(q, "%s cm behind the lens; m = %s" % (fmt(di, 1), fmt(mag, 2)), steps, topic="Optics")


# ---- chemistry ----
AW = {"H": 1.008, "C": 12.011, "N": 14.007, "O": 15.999, "Na": 22.990, "Cl": 35.45, "S": 32.06,
      "Ca": 40.078, "K": 39.098, "Mn": 54.938, "Mg": 24.305, "Fe": 55.845, "Al": 26.982, "P": 30.974}
COMPOUNDS = [("H2O", "water", {"H": 2, "O": 1}), ("CO2", "carbon dioxide", {"C": 1, "O": 2}),
             ("NaCl", "sodium chloride", {"Na": 1, "Cl": 1}), ("C6H12O6", "glucose", {"C": 6, "H": 12, "O": 6}),
             ("H2SO4", "sulfuric acid", {"H": 2, "S": 1, "O": 4}), ("CaCO3", "calcium carbonate", {"Ca": 1, "C": 1, "O": 3}),
             ("NH3", "ammonia", {"N": 1, "H": 3}), ("CH4", "methane", {"C": 1, "H": 4}),
             ("KMnO4", "potassium permanganate", {"K": 1, "Mn": 1, "O": 4}), ("C2H5OH", "ethanol", {"C": 2, "H": 6, "O": 1}),
             ("MgCl2", "magnesium chloride", {"Mg": 1, "Cl": 2}), ("Fe2O3", "iron(III) oxide", {"Fe": 2, "O": 3}),
             ("Al2O3", "aluminium oxide", {"Al": 2, "O": 3}), ("NaOH", "sodium hydroxide", {"Na": 1, "O": 1, "H": 1}),
             ("H3PO4", "phosphoric acid", {"H": 3, "P": 1, "O": 4}), ("KCl", "potassium chloride", {"K": 1, "Cl": 1})]


def molar_mass(comp):
    return sum(AW[e] * n for e, n in comp.items())


@template("chemistry", "train")
def t_molar_mass(r):
    f, name, comp = r.choice(COMPOUNDS)
    mm = molar_mass(comp)
    parts = " + ".join("%d(%s)" % (n, fmt(AW[e], 3)) if n > 1 else fmt(AW[e], 3) for e, n in comp.items())
    q = "Calculate the molar mass of %s (%s)." % (name, f)
    return prob(q, "%s g/mol" % fmt(mm, 2), ["M = %s = %s g/mol." % (parts, fmt(mm, 2))], topic="Molar mass")


@template("chemistry", "train")
def t_moles(r):
    f, name, comp = r.choice(COMPOUNDS)
    g = r.choice([5.0, 10.0, 12.5, 25.0, 36.0, 50.0, 100.0, 250.0])
    mm = molar_mass(comp)
    n = g / mm
    q = r.choice(["How many moles are in %s g of %s?" % (fmt(g, 1), f),
                  "A sample of %s has a mass of %s g. How many moles of %s does it contain?" % (name, fmt(g, 1), f)])
    steps = ["Molar mass of %s = %s g/mol." % (f, fmt(mm, 2)), "n = m/M = %s / %s = %s mol." % (fmt(g, 1), fmt(mm, 2), sf(n))]
    return prob(q, "%s mol" % sf(n), steps, topic="Moles")


@template("chemistry", "train")
def t_molarity(r):
    f, name, comp = r.choice([c for c in COMPOUNDS if c[0] in ("NaCl", "C6H12O6", "NaOH", "KCl", "MgCl2", "KMnO4")])
    g, ml = r.choice([2.0, 5.85, 10.0, 20.0, 29.2, 40.0]), r.choice([100, 250, 500, 750, 1000])
    M = g / molar_mass(comp) / (ml / 1000)
    q = "%s g of %s is dissolved in enough water to make %d mL of solution. What is the molarity?" % (fmt(g, 2), f, ml)
    steps = ["n = %s g / %s g/mol = %s mol." % (fmt(g, 2), fmt(molar_mass(comp), 2), sf(g / molar_mass(comp))),
             "M = n/V = %s mol / %s L = %s M." % (sf(g / molar_mass(comp)), fmt(ml / 1000, 3), sf(M))]
    return prob(q, "%s M" % sf(M), steps, topic="Solutions")


@template("chemistry", "train")
def t_ph(r):
    acid = r.choice(["HCl", "HNO3", "HBr", "HClO4"])
    c = r.choice([0.1, 0.01, 0.001, 0.05, 0.025, 0.002, 0.0005, 0.2])
    ph = -math.log10(c)
    q = "What is the pH of a %s M %s solution?" % (fmt(c, 4), acid)
    steps = ["%s is a strong acid, so [H+] = %s M." % (acid, fmt(c, 4)), "pH = -log(%s) = %s." % (fmt(c, 4), "%.2f" % ph)]
    return prob(q, "pH = %.2f" % ph, steps, topic="Acids and bases")


@template("chemistry", "train")
def t_ideal_gas(r):
    n, T, V = r.choice([0.5, 1.0, 1.5, 2.0, 2.5, 3.0]), r.choice([273, 298, 300, 350, 400]), r.choice([5.0, 10.0, 11.2, 22.4, 25.0])
    P = n * 0.08206 * T / V
    gas = r.choice(["nitrogen", "oxygen", "helium", "argon", "carbon dioxide"])
    q = "%s mol of %s gas is held in a %s L container at %d K. What is the pressure in atm? (R = 0.08206 L·atm/(mol·K))" % (fmt(n), gas, fmt(V, 1), T)
    steps = ["P = nRT/V = (%s)(0.08206)(%d)/%s = %s atm." % (fmt(n), T, fmt(V, 1), sf(P))]
    return prob(q, "%s atm" % sf(P), steps, topic="Gas laws")


@template("chemistry", "train")
def t_percent_comp(r):
    f, name, comp = r.choice([c for c in COMPOUNDS if len(c[2]) > 1])
    e = r.choice(sorted(comp))
    pct = AW[e] * comp[e] / molar_mass(comp) * 100
    q = "What is the percent by mass of %s in %s (%s)?" % (e, name, f)
    steps = ["Mass of %s per mole: %d × %s = %s g." % (e, comp[e], fmt(AW[e], 3), fmt(AW[e] * comp[e], 3)),
             "%% %s = %s / %s × 100 = %s%%." % (e, fmt(AW[e] * comp[e], 3), fmt(molar_mass(comp), 2), fmt(pct, 1))]
    return prob(q, "%s%%" % fmt(pct, 1), steps, topic="Percent composition")


@template("chemistry", "test")
def x_dilution(r):
    M1, M2, V2 = r.choice([(12.0, 1.0, 500), (6.0, 0.5, 250), (18.0, 3.0, 1000), (2.0, 0.25, 400), (10.0, 0.1, 200)])
    V1 = M2 * V2 / M1
    q = "How many mL of %s M stock solution are needed to prepare %d mL of %s M solution?" % (fmt(M1, 1), V2, fmt(M2, 2))
    steps = ["M1V1 = M2V2, so V1 = M2V2/M1 = (%s)(%d)/%s = %s mL." % (fmt(M2, 2), V2, fmt(M1, 1), fmt(V1, 1))]
    return prob(q, "%s mL" % fmt(V1, 1), steps, topic="Dilution")


@template("chemistry", "test")
def x_heat(r):
    sub, c = r.choice([("water", 4.184), ("aluminium", 0.897), ("copper", 0.385), ("iron", 0.449)])
    m, t1, t2 = r.choice([25, 50, 100, 150, 200, 500]), r.choice([20, 22, 25]), r.choice([45, 60, 75, 90])
    qh = m * c * (t2 - t1)
    q = "How much heat is needed to raise the temperature of %d g of %s from %d °C to %d °C? (c = %s J/g·°C)" % (m, sub, t1, t2, fmt(c, 3))
    steps = ["q = mcΔT = %d × %s × (%d - %d) = %s J." % (m, fmt(c, 3), t2, t1, fmt(qh, 1))]
    return prob(q, "%s kJ" % sf(qh / 1000), steps, topic="Thermochemistry")


@template("chemistry", "test")
def x_half_life(r):
    iso, hl = r.choice([("iodine-131", 8), ("phosphorus-32", 14), ("radon-222", 3.8), ("cobalt-60", 5.27), ("technetium-99m", 6)])
    unit = "hours" if iso == "technetium-99m" else ("years" if iso == "cobalt-60" else "days")
    n = r.choice([2, 3, 4, 5])
    m0 = r.choice([16, 40, 80, 100, 160, 200])
    q = "A sample contains %d mg of %s, whose half-life is %s %s. How much remains after %s %s?" % (m0, iso, fmt(hl), unit, fmt(hl * n), unit)
    steps = ["%s %s is %d half-lives." % (fmt(hl * n), unit, n), "m = %d × (1/2)^%d = %s mg." % (m0, n, fmt(m0 / 2 ** n, 3))]
    return prob(q, "%s mg" % fmt(m0 / 2 ** n, 3), steps, topic="Nuclear chemistry")


# ---- biology ----
TRAITS = [("pea plants", "yellow seeds", "green seeds", "Y"), ("pea plants", "purple flowers", "white flowers", "P"),
          ("guinea pigs", "black fur", "white fur", "B"), ("fruit flies", "red eyes", "sepia eyes", "S"),
          ("tomato plants", "tall stems", "dwarf stems", "D"), ("rabbits", "brown coat", "white coat", "W"),
          ("corn plants", "smooth kernels", "wrinkled kernels", "K")]


@template("biology", "train")
def t_monohybrid(r):
    org, dom, rec, L = r.choice(TRAITS)
    l = L.lower()
    p1, p2 = r.choice([(L + l, L + l), (L + l, l + l), (L + L, l + l), (L + l, L + L)])
    kids = ["".join(sorted(a + b)) for a in p1 for b in p2]
    n_rec = sum(1 for k in kids if k == l + l)
    frac = Fraction(n_rec, 4)
    q = "In %s, the allele for %s (%s) is dominant over the allele for %s (%s). If a %s individual is crossed with a %s one, what fraction of the offspring are expected to have %s?" % (
        org, dom, L, rec, l, p1, p2, rec)
    steps = ["Punnett square for %s × %s: %s." % (p1, p2, ", ".join(sorted(kids))),
             "%d of the 4 boxes are %s%s, so the fraction is %s." % (n_rec, l, l, fmt(frac) if n_rec else "0")]
    return prob(q, fmt(frac) if n_rec else "0 (none)", steps, topic="Genetics")


@template("biology", "train")
def t_hardy_weinberg(r):
    q_ = r.choice([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    q2 = q_ * q_
    trait = r.choice(["cystic fibrosis", "albinism", "white coat colour", "attached earlobes", "wrinkled leaves"])
    q = ("In a population in Hardy–Weinberg equilibrium, %s%% of individuals show %s, a recessive trait. "
         "What percentage of the population are heterozygous carriers?" % (fmt(q2 * 100, 2), trait))
    p = 1 - q_
    steps = ["q^2 = %s, so q = %s and p = 1 - q = %s." % (fmt(q2, 4), fmt(q_), fmt(p)),
             "Carriers: 2pq = 2(%s)(%s) = %s, i.e. %s%%." % (fmt(p), fmt(q_), fmt(2 * p * q_, 4), fmt(200 * p * q_, 2))]
    return prob(q, "%s%%" % fmt(200 * p * q_, 2), steps, topic="Population genetics")


@template("biology", "train")
def t_dna(r):
    seq = "".join(r.choice("ATGC") for _ in range(r.randint(9, 15)))
    comp = {"A": "T", "T": "A", "G": "C", "C": "G"}
    mrna = {"A": "U", "T": "A", "G": "C", "C": "G"}
    if r.random() < 0.5:
        q = "Write the complementary DNA strand for 5'-%s-3'." % seq
        a = "3'-%s-5'" % "".join(comp[c] for c in seq)
        steps = ["Pair A with T and G with C, keeping the strands antiparallel."]
    else:
        q = "A DNA template strand reads 3'-%s-5'. What is the mRNA transcribed from it?" % seq
        a = "5'-%s-3'" % "".join(mrna[c] for c in seq)
        steps = ["RNA polymerase pairs A with U, T with A, G with C and C with G."]
    return prob(q, a, steps, topic="Molecular biology")


ORGANELLES = [("Which organelle produces most of the cell's ATP through cellular respiration?", "mitochondrion"),
              ("Which structure is the site of protein synthesis?", "ribosome"),
              ("In which organelle does photosynthesis take place?", "chloroplast"),
              ("Which organelle contains most of a eukaryotic cell's DNA?", "nucleus"),
              ("Which organelle breaks down worn-out cell parts with digestive enzymes?", "lysosome"),
              ("Which organelle modifies, sorts and packages proteins for secretion?", "Golgi apparatus"),
              ("Which rigid structure made mainly of cellulose surrounds plant cells?", "cell wall"),
              ("Which membrane system, studded with ribosomes, makes proteins destined for export?", "rough endoplasmic reticulum")]


@template("biology", "train")
def t_organelle(r):
    qq, a = r.choice(ORGANELLES)
    others = [o[1] for o in ORGANELLES if o[1] != a]
    ch, ci = with_choices(r, a, r.sample(others, 3))
    return prob(qq, a, ["The %s is responsible for this function." % a], ch, ci, topic="Cell biology")


@template("biology", "train")
def t_growth(r):
    n0, dt, t = r.choice([100, 200, 500, 1000, 50]), r.choice([20, 30, 40, 60]), r.choice([2, 3, 4, 5, 6])
    gens = t * 60 // dt
    q = "A bacterial culture starts with %d cells and doubles every %d minutes. How many cells are there after %d hours?" % (n0, dt, t)
    steps = ["%d hours = %d minutes = %d doubling periods." % (t, t * 60, gens), "N = %d × 2^%d = %s cells." % (n0, gens, "{:,}".format(n0 * 2 ** gens))]
    return prob(q, "{:,} cells".format(n0 * 2 ** gens), steps, topic="Microbiology")


@template("biology", "test")
def x_magnification(r):
    eye, obj = r.choice([10, 15]), r.choice([4, 10, 40, 100])
    field = r.choice([4.5, 2.0, 1.8])
    q = "A microscope has a %d× eyepiece and a %d× objective lens. What is the total magnification?" % (eye, obj)
    return prob(q, "%d×" % (eye * obj), ["Total magnification = eyepiece × objective = %d × %d = %d×." % (eye, obj, eye * obj)],
                topic="Microscopy")


@template("biology", "test")
def x_dihybrid(r):
    ask = r.choice([("both dominant traits", Fraction(9, 16)), ("both recessive traits", Fraction(1, 16)),
                    ("the dominant first trait and the recessive second trait", Fraction(3, 16))])
    org = r.choice(["pea plants", "tomato plants", "fruit flies", "mice"])
    q = "Two %s heterozygous for two unlinked genes (AaBb × AaBb) are crossed. What fraction of the offspring show %s?" % (org, ask[0])
    steps = ["The genes assort independently, giving the 9:3:3:1 ratio.", "The requested class is %s of the offspring." % fmt(ask[1])]
    return prob(q, fmt(ask[1]), steps, topic="Genetics")


@template("biology", "test")
def x_meiosis(r):
    sp, n2 = r.choice([("human", 46), ("fruit fly", 8), ("dog", 78), ("pea plant", 14), ("cat", 38), ("horse", 64)])
    q = "A %s body cell has %d chromosomes (2n = %d). How many chromosomes are in each gamete produced by meiosis?" % (sp, n2, n2)
    return prob(q, str(n2 // 2), ["Meiosis halves the chromosome number: n = %d / 2 = %d." % (n2, n2 // 2)], topic="Cell division")


# ---- economics ----
@template("economics", "train")
def t_elasticity(r):
    p1, p2 = r.choice([(2, 3), (4, 5), (10, 12), (8, 6), (20, 25), (1.5, 2.0)])
    q1 = r.choice([100, 120, 200, 60, 500])
    q2 = int(q1 * r.choice([0.5, 0.7, 0.8, 0.9, 1.2])) if p2 > p1 else int(q1 * r.choice([1.1, 1.3, 1.5]))
    pct_q = (q2 - q1) / ((q1 + q2) / 2)
    pct_p = (p2 - p1) / ((p1 + p2) / 2)
    e = abs(pct_q / pct_p)
    good = r.choice(["movie tickets", "coffee", "gasoline", "notebooks", "bus fares", "ice cream cones"])
    q = "When the price of %s changes from %s to %s, the quantity demanded changes from %d to %d. Using the midpoint method, what is the price elasticity of demand? Is demand elastic or inelastic?" % (
        good, money(p1), money(p2), q1, q2)
    kind = "elastic" if e > 1 else "inelastic"
    steps = ["%%ΔQ = (%d - %d)/%s = %s%%." % (q2, q1, fmt((q1 + q2) / 2, 1), fmt(pct_q * 100, 1)),
             "%%ΔP = (%s - %s)/%s = %s%%." % (fmt(p2), fmt(p1), fmt((p1 + p2) / 2, 2), fmt(pct_p * 100, 1)),
             "|E| = %s / %s = %s, so demand is %s." % (fmt(abs(pct_q) * 100, 1), fmt(abs(pct_p) * 100, 1), fmt(e, 2), kind)]
    return prob(q, "%s (%s)" % (fmt(e, 2), kind), steps, topic="Elasticity")


@template("economics", "train")
def t_real_gdp(r):
    nom, defl = r.choice([(550, 110), (1200, 120), (800, 125), (2400, 150), (960, 96), (3300, 110)])
    country = r.choice(["Country A", "Freedonia", "an economy", "the island economy of Kiribo"])
    q = "Nominal GDP in %s is $%d billion and the GDP deflator is %d (base year = 100). What is real GDP?" % (country, nom, defl)
    steps = ["Real GDP = nominal GDP ÷ (deflator/100) = %d ÷ %s = %s." % (nom, fmt(defl / 100), fmt(nom * 100 / defl, 1))]
    return prob(q, "$%s billion" % fmt(nom * 100 / defl, 1), steps, topic="Macroeconomics")


@template("economics", "train")
def t_multiplier(r):
    mpc = r.choice([0.5, 0.6, 0.75, 0.8, 0.9])
    dg = r.choice([10, 20, 25, 40, 50, 100])
    k = 1 / (1 - mpc)
    q = "Households spend %s of each extra dollar of income (MPC = %s). Find the spending multiplier and the change in GDP after government spending rises by $%d billion." % (
        "%d cents" % round(mpc * 100), fmt(mpc), dg)
    steps = ["Multiplier = 1/(1 - MPC) = 1/%s = %s." % (fmt(1 - mpc), fmt(k, 2)), "ΔGDP = %s × $%d billion = $%s billion." % (fmt(k, 2), dg, fmt(k * dg, 1))]
    return prob(q, "multiplier %s; $%s billion" % (fmt(k, 2), fmt(k * dg, 1)), steps, topic="Fiscal policy")


@template("economics", "train")
def t_unemployment(r):
    emp, un, notlf = r.randint(150, 900), r.randint(8, 80), r.randint(60, 400)
    lf = emp + un
    q = "A town has %d employed workers, %d unemployed people looking for work and %d adults not in the labor force. Find the unemployment rate and the labor force participation rate." % (
        emp * 100, un * 100, notlf * 100)
    q = re.sub(r"\d{4,}", lambda m: "{:,}".format(int(m.group(0))), q)
    c = lambda v: "{:,}".format(v * 100)
    steps = ["Labor force = %s + %s = %s." % (c(emp), c(un), c(lf)),
             "Unemployment rate = %s / %s = %s%%." % (c(un), c(lf), fmt(un / lf * 100, 1)),
             "Participation rate = %s / %s = %s%%." % (c(lf), c(lf + notlf), fmt(lf / (lf + notlf) * 100, 1))]
    return prob(q, "%s%%; %s%%" % (fmt(un / lf * 100, 1), fmt(lf / (lf + notlf) * 100, 1)), steps, topic="Labor market")


@template("economics", "train")
def t_cpi(r):
    c1 = r.choice([100, 180, 210.5, 240, 250])
    c2 = round(c1 * r.choice([1.02, 1.03, 1.045, 1.06, 1.08, 0.99]), 1)
    y = r.randint(2005, 2021)
    q = "The CPI was %s in %d and %s in %d. What was the inflation rate over that year?" % (fmt(c1, 1), y, fmt(c2, 1), y + 1)
    infl = (c2 - c1) / c1 * 100
    steps = ["Inflation = (CPI_new - CPI_old)/CPI_old × 100 = (%s - %s)/%s × 100 = %s%%." % (fmt(c2, 1), fmt(c1, 1), fmt(c1, 1), fmt(infl, 2))]
    return prob(q, "%s%%" % fmt(infl, 2), steps, topic="Inflation")


@template("economics", "train")
def t_profit(r):
    p, atc, qn = r.choice([8, 10, 12, 15, 20, 25]), r.choice([6, 7, 9, 11, 14, 18, 22]), r.choice([100, 150, 200, 400, 1000])
    q = "A firm in a perfectly competitive market sells %d units at a price of $%d. Its average total cost at that output is $%d. What is its economic profit?" % (qn, p, atc)
    prof = (p - atc) * qn
    steps = ["Profit = (P - ATC) × Q = (%d - %d) × %d = %s." % (p, atc, qn, money(prof, False))]
    return prob(q, ("$%s" % "{:,}".format(prof)) if prof >= 0 else "a loss of $%s" % "{:,}".format(-prof), steps, topic="Market structure")


@template("economics", "test")
def x_equilibrium(r):
    P, b, d = r.randint(3, 20), r.randint(2, 10), r.randint(2, 10)
    Q = r.randint(20, 200)
    a, c = Q + b * P, Q - d * P
    q = "Demand is Qd = %d - %dP and supply is Qs = %s. Find the equilibrium price and quantity." % (a, b, "%d + %dP" % (c, d) if c >= 0 else "%dP - %d" % (d, -c))
    steps = ["Set Qd = Qs: %d - %dP = %s." % (a, b, "%d + %dP" % (c, d) if c >= 0 else "%dP - %d" % (d, -c)),
             "%dP = %d, so P = %d and Q = %d." % (b + d, a - c, P, Q)]
    return prob(q, "P = %d, Q = %d" % (P, Q), steps, topic="Supply and demand")


@template("economics", "test")
def x_opportunity_cost(r):
    c1, c2 = r.choice(["Aland", "Brevia", "Costa", "Dornia"]), r.choice(["Elbia", "Fenwick", "Galt", "Hollis"])
    a, b, c, d = r.choice([(40, 20, 30, 30), (60, 30, 20, 40), (12, 6, 8, 16), (100, 50, 60, 90)])
    g1, g2 = r.choice([("wheat", "cloth"), ("cars", "computers"), ("fish", "coconuts"), ("wine", "cheese")])
    q = ("In one day %s can produce %d units of %s or %d units of %s; %s can produce %d units of %s or %d units of %s. "
         "Which country has the comparative advantage in %s?" % (c1, a, g1, b, g2, c2, c, g1, d, g2, g1))
    oc1, oc2 = b / a, d / c
    winner = c1 if oc1 < oc2 else c2
    steps = ["Opportunity cost of 1 %s: %s gives up %s %s; %s gives up %s %s." % (g1, c1, fmt(oc1, 2), g2, c2, fmt(oc2, 2), g2),
             "The lower opportunity cost belongs to %s." % winner]
    return prob(q, winner, steps, topic="Trade")


@template("economics", "test")
def x_consumer_surplus(r):
    a, b = r.choice([(100, 2), (50, 1), (80, 4), (120, 3), (60, 0.5)])
    p = r.choice([x for x in (10, 20, 30, 40) if x < a])
    Q = (a - p) / b
    cs = 0.5 * (a - p) * Q
    q = "The demand curve for a product is P = %s - %sQ. If the market price is $%d, what is consumer surplus?" % (fmt(a), "" if b == 1 else fmt(b), p)
    steps = ["At P = %d, Q = (%s - %d)/%s = %s." % (p, fmt(a), p, fmt(b), fmt(Q)), "CS = ½ × (%s - %d) × %s = $%s." % (fmt(a), p, fmt(Q), fmt(cs))]
    return prob(q, "$%s" % fmt(cs), steps, topic="Welfare")


# ---- finance ----
@template("finance", "train")
def t_simple_interest(r):
    P, rate, t = r.choice([500, 1000, 2500, 4000, 10000]), r.choice([2, 3, 4, 5, 6, 7.5]), r.choice([2, 3, 4, 5, 10])
    I = P * rate / 100 * t
    q = "%s deposits %s at %s%% simple interest per year. How much interest is earned after %d years?" % (r.choice(NAMES), money(P, False), fmt(rate), t)
    return prob(q, money(I), ["I = Prt = %s × %s × %d = %s." % (money(P, False), fmt(rate / 100, 3), t, money(I))], topic="Interest")


@template("finance", "train")
def t_compound(r):
    P, rate, t = r.choice([1000, 2000, 5000, 8000]), r.choice([3, 4, 5, 6, 8]), r.choice([2, 3, 5, 10])
    n, nname = r.choice([(1, "annually"), (4, "quarterly"), (12, "monthly")])
    A = P * (1 + rate / 100 / n) ** (n * t)
    q = "If %s is invested at %s%% interest compounded %s, what will it be worth after %d years?" % (money(P, False), fmt(rate), nname, t)
    steps = ["A = P(1 + r/n)^(nt) = %s(1 + %s/%d)^(%d) = %s." % (money(P, False), fmt(rate / 100, 3), n, n * t, money(A))]
    return prob(q, money(A), steps, topic="Compound interest")


@template("finance", "train")
def t_present_value(r):
    F, rate, t = r.choice([1000, 5000, 10000, 25000]), r.choice([3, 4, 5, 6, 8, 10]), r.choice([2, 3, 5, 8, 10])
    PV = F / (1 + rate / 100) ** t
    q = "What is the present value of %s to be received in %d years if the discount rate is %s%% per year?" % (money(F, False), t, fmt(rate))
    return prob(q, money(PV), ["PV = FV/(1 + r)^t = %s / %s^%d = %s." % (money(F, False), fmt(1 + rate / 100, 2), t, money(PV))], topic="Time value of money")


@template("finance", "train")
def t_loan(r):
    P, rate, years = r.choice([10000, 15000, 20000, 25000, 200000]), r.choice([3, 4.5, 5, 6, 7]), r.choice([3, 4, 5, 15, 30])
    i, n = rate / 100 / 12, years * 12
    pmt = P * i / (1 - (1 + i) ** -n)
    what = "a car loan" if P < 100000 else "a mortgage"
    q = "What is the monthly payment on %s of %s at %s%% annual interest over %d years, compounded monthly?" % (what, money(P, False), fmt(rate), years)
    steps = ["i = %s/12 = %s per month, n = %d payments." % (fmt(rate / 100, 3), fmt(i, 6), n),
             "PMT = P·i / (1 - (1 + i)^-n) = %s." % money(pmt)]
    return prob(q, money(pmt), steps, topic="Loans")


@template("finance", "train")
def t_npv(r):
    c0 = r.choice([1000, 5000, 10000, 50000])
    flows = [round(c0 * r.choice([0.3, 0.4, 0.5, 0.6])) for _ in range(r.choice([2, 3]))]
    rate = r.choice([5, 8, 10, 12])
    npv = -c0 + sum(f / (1 + rate / 100) ** (k + 1) for k, f in enumerate(flows))
    q = "A project costs %s today and returns %s at the end of years 1–%d. At a discount rate of %d%%, what is its NPV? Should it be accepted?" % (
        money(c0, False), ", ".join(money(f, False) for f in flows), len(flows), rate)
    terms = " + ".join("%s/%s^%d" % (money(f, False), fmt(1 + rate / 100, 2), k + 1) for k, f in enumerate(flows))
    steps = ["NPV = -%s + %s = %s." % (money(c0, False), terms, money(npv)), "NPV is %s, so the project should %sbe accepted." % ("positive" if npv > 0 else "negative", "" if npv > 0 else "not ")]
    return prob(q, "%s (%s)" % (money(npv), "accept" if npv > 0 else "reject"), steps, topic="Capital budgeting")


@template("finance", "train")
def t_hpr(r):
    buy, sell, div = r.choice([20, 40, 50, 80, 120]), None, r.choice([0, 1, 2, 2.5, 4])
    sell = round(buy * r.choice([0.9, 1.05, 1.1, 1.25, 1.4]), 2)
    hpr = (sell - buy + div) / buy * 100
    q = "You bought a share for $%d, received $%s in dividends and sold it a year later for $%s. What was your holding-period return?" % (buy, fmt(div, 2), fmt(sell, 2))
    return prob(q, "%s%%" % fmt(hpr, 2), ["HPR = (P1 - P0 + D)/P0 = (%s - %d + %s)/%d = %s%%." % (fmt(sell, 2), buy, fmt(div, 2), buy, fmt(hpr, 2))], topic="Investments")


@template("finance", "test")
def x_current_yield(r):
    coupon, price = r.choice([3, 4, 5, 6, 7]), r.choice([920, 950, 980, 1000, 1040, 1100])
    cy = coupon * 10 / price * 100
    q = "A bond with a $1,000 face value and a %d%% annual coupon trades at %s. What is its current yield?" % (coupon, money(price, False))
    return prob(q, "%s%%" % fmt(cy, 2), ["Annual coupon = $%d; current yield = %d / %d = %s%%." % (coupon * 10, coupon * 10, price, fmt(cy, 2))], topic="Bonds")


@template("finance", "test")
def x_rule72(r):
    rate = r.choice([3, 4, 6, 8, 9, 12])
    q = "Using the rule of 72, about how many years does it take an investment to double at %d%% per year?" % rate
    return prob(q, "%s years" % fmt(72 / rate, 1), ["Years ≈ 72 / %d = %s." % (rate, fmt(72 / rate, 1))], topic="Growth")


@template("finance", "test")
def x_break_even(r):
    fc, p, vc = r.choice([12000, 30000, 45000, 60000]), r.choice([25, 40, 50, 80]), r.choice([10, 15, 20, 30])
    be = math.ceil(fc / (p - vc))
    q = "A workshop has fixed costs of %s per month. Each item sells for $%d and costs $%d to make. How many items must it sell each month to break even?" % (money(fc, False), p, vc)
    return prob(q, "%s items" % "{:,}".format(be),
                ["Contribution margin = %d - %d = $%d." % (p, vc, p - vc), "Break-even = %d / %d = %s units, so %s items." % (fc, p - vc, fmt(fc / (p - vc), 1), "{:,}".format(be))],
                topic="Cost analysis")


# ---- computer science ----
@template("computer science", "train")
def t_binary(r):
    n = r.randint(5, 255)
    b = bin(n)[2:]
    q = r.choice(["Convert the binary number %s to decimal." % b, "What is %s₂ in base 10?" % b])
    terms = " + ".join("%d·2^%d" % (int(d), len(b) - 1 - i) for i, d in enumerate(b) if d == "1")
    return prob(q, str(n), ["%s = %s = %d." % (b, terms, n)], topic="Number systems")


@template("computer science", "train")
def t_hex(r):
    n = r.randint(100, 4095)
    q = "Convert %d to hexadecimal." % n
    steps = ["%d ÷ 16 = %d remainder %d." % (n, n // 16, n % 16), "Repeating gives 0x%X." % n]
    return prob(q, "0x%X" % n, steps, topic="Number systems")


LOOPS = [("for i in range(n):\n    for j in range(n):\n        total += a[i] * a[j]", "O(n^2)"),
         ("i = 1\nwhile i < n:\n    i = i * 2", "O(log n)"),
         ("for i in range(n):\n    total += a[i]", "O(n)"),
         ("for i in range(n):\n    for j in range(i, n):\n        for k in range(n):\n            count += 1", "O(n^3)"),
         ("for i in range(n):\n    j = n\n    while j > 1:\n        j //= 2", "O(n log n)"),
         ("x = a[0] + a[n - 1]", "O(1)")]


@template("computer science", "train")
def t_bigo(r):
    code, a = r.choice(LOOPS)
    q = "What is the time complexity of the following code in terms of n?\n%s" % code
    others = [o for o in ["O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)", "O(2^n)"] if o != a]
    ch, ci = with_choices(r, a, r.sample(others, 3))
    return prob(q, a, ["Count how many times the innermost statement runs as a function of n: it is %s." % a], ch, ci, topic="Algorithm analysis")


@template("computer science", "train")
def t_bits(r):
    n = r.choice([10, 26, 50, 100, 200, 365, 1000, 5000, 65536, 100000])
    thing = r.choice(["distinct colours", "student IDs", "different symbols", "memory addresses", "sensor states"])
    b = math.ceil(math.log2(n))
    q = "What is the minimum number of bits needed to give each of %s %s a unique binary code?" % ("{:,}".format(n), thing)
    return prob(q, "%d bits" % b, ["We need 2^b ≥ %s; 2^%d = %s ≥ %s, while 2^%d = %s is too few." % ("{:,}".format(n), b, "{:,}".format(2 ** b), "{:,}".format(n), b - 1, "{:,}".format(2 ** (b - 1)))], topic="Data representation")


@template("computer science", "train")
def t_boolean(r):
    A, B, C = r.choice([True, False]), r.choice([True, False]), r.choice([True, False])
    form, fn = r.choice([("(A AND NOT B) OR C", lambda a, b, c: (a and not b) or c),
                         ("NOT (A OR B) AND C", lambda a, b, c: (not (a or b)) and c),
                         ("(A XOR B) AND NOT C", lambda a, b, c: (a != b) and not c),
                         ("A OR (B AND C)", lambda a, b, c: a or (b and c))])
    v = fn(A, B, C)
    t = lambda x: "1" if x else "0"
    q = "Evaluate the Boolean expression %s for A = %s, B = %s, C = %s." % (form, t(A), t(B), t(C))
    return prob(q, t(v), ["Substitute the values and evaluate the innermost operations first: the result is %s." % t(v)], topic="Digital logic")


@template("computer science", "train")
def t_loop_output(r):
    a, b, s = r.randint(0, 5), r.randint(10, 30), r.choice([1, 2, 3, 4])
    total = sum(range(a, b, s))
    code = "total = 0\nfor i in range(%d, %d, %d):\n    total += i\nprint(total)" % (a, b, s)
    q = "What does this Python program print?\n%s" % code
    vals = list(range(a, b, s))
    shown = ", ".join(map(str, vals[:3])) + (", ..., %d" % vals[-1] if len(vals) > 4 else "".join(", %d" % v for v in vals[3:]))
    return prob(q, str(total), ["i takes the values %s (%d values)." % (shown, len(vals)), "Their sum is %d." % total], topic="Programming")


@template("computer science", "test")
def x_twos_complement(r):
    n = r.randint(1, 127)
    q = "Write -%d as an 8-bit two's complement binary number." % n
    code = format((256 - n) & 0xFF, "08b")
    steps = ["%d in binary is %s." % (n, format(n, "08b")), "Invert the bits and add 1: %s." % code]
    return prob(q, code, steps, topic="Computer arithmetic")


@template("computer science", "test")
def x_row_major(r):
    rows, cols, size = r.choice([4, 5, 8, 10]), r.choice([6, 8, 10, 12]), r.choice([2, 4, 8])
    i, j = r.randint(1, rows - 1), r.randint(1, cols - 1)
    base = r.choice([1000, 2000, 4096, 0x2000])
    addr = base + (i * cols + j) * size
    q = "A %d×%d array of %d-byte integers is stored in row-major order starting at address %d. What is the address of element [%d][%d] (0-indexed)?" % (rows, cols, size, base, i, j)
    return prob(q, str(addr), ["Address = base + (i·cols + j)·size = %d + (%d·%d + %d)·%d = %d." % (base, i, cols, j, size, addr)], topic="Memory layout")


@template("computer science", "test")
def x_graphs(r):
    if r.random() < 0.5:
        n = r.randint(5, 30)
        q = "How many edges does a complete undirected graph on %d vertices have?" % n
        return prob(q, str(n * (n - 1) // 2), ["K_n has n(n - 1)/2 edges: %d·%d/2 = %d." % (n, n - 1, n * (n - 1) // 2)], topic="Graph theory")
    n = r.choice([100, 500, 1000, 1024, 4000, 1000000])
    k = int(math.floor(math.log2(n))) + 1
    q = "What is the maximum number of comparisons binary search needs on a sorted array of %s elements?" % "{:,}".format(n)
    return prob(q, str(k), ["Worst case = ⌊log2 n⌋ + 1 = %d." % k], topic="Searching")


# ---- statistics ----
@template("statistics", "train")
def t_mean_median(r):
    data = [r.randint(1, 99) for _ in range(r.choice([5, 6, 7, 8, 9]))]
    srt = sorted(data)
    n = len(srt)
    med = srt[n // 2] if n % 2 else (srt[n // 2 - 1] + srt[n // 2]) / 2
    mean = sum(data) / n
    ctx = r.choice(["test scores", "daily temperatures (°F)", "minutes spent commuting", "points scored per game", "plant heights in cm"])
    q = "Find the mean and median of these %s: %s." % (ctx, ", ".join(map(str, data)))
    steps = ["Sum = %d, n = %d, mean = %s." % (sum(data), n, fmt(mean, 2)), "Sorted: %s; median = %s." % (", ".join(map(str, srt)), fmt(med, 1))]
    return prob(q, "mean %s, median %s" % (fmt(mean, 2), fmt(med, 1)), steps, topic="Descriptive statistics")


@template("statistics", "train")
def t_dice(r):
    s = r.randint(2, 12)
    ways = 6 - abs(s - 7)
    q = "Two fair six-sided dice are rolled. What is the probability that the sum is %d?" % s
    return prob(q, fmt(Fraction(ways, 36)), ["There are 36 equally likely outcomes and %d of them sum to %d, so P = %d/36 = %s." % (ways, s, ways, fmt(Fraction(ways, 36)))], topic="Probability")


@template("statistics", "train")
def t_zscore(r):
    mu, sd = r.choice([(70, 10), (100, 15), (500, 100), (65, 8), (170, 6)])
    x = mu + sd * r.choice([-2, -1.5, -1, 0.5, 1, 1.2, 2, 2.5])
    z = (x - mu) / sd
    ctx = r.choice(["an exam", "an IQ test", "a standardized test", "a height survey"])
    q = "Scores on %s have mean %d and standard deviation %d. What is the z-score of a score of %s?" % (ctx, mu, sd, fmt(x, 1))
    return prob(q, "z = %s" % fmt(z, 2), ["z = (x - μ)/σ = (%s - %d)/%d = %s." % (fmt(x, 1), mu, sd, fmt(z, 2))], topic="Normal distribution")


@template("statistics", "train")
def t_combinations(r):
    n, k = r.randint(6, 15), r.randint(2, 5)
    c = math.comb(n, k)
    grp = r.choice(["a committee", "a study group", "a relay team", "a panel"])
    q = "In how many ways can %s of %d be chosen from %d people?" % (grp, k, n)
    return prob(q, "{:,}".format(c), ["C(%d, %d) = %d! / (%d! %d!) = %s." % (n, k, n, k, n - k, "{:,}".format(c))], topic="Counting")


@template("statistics", "train")
def t_expected(r):
    win, pw, cost = r.choice([10, 20, 50, 100]), r.choice([Fraction(1, 10), Fraction(1, 5), Fraction(1, 20), Fraction(1, 4)]), r.choice([2, 3, 5, 10])
    ev = win * pw - cost
    q = "A game costs $%d to play. You win $%d with probability %s and nothing otherwise. What is the expected net gain per game?" % (cost, win, fmt(pw))
    return prob(q, "$%s" % fmt(float(ev), 2), ["E = %d × %s - %d = %s dollars." % (win, fmt(pw), cost, fmt(float(ev), 2))], topic="Expected value")


@template("statistics", "test")
def x_stdev(r):
    data = [r.randint(2, 20) for _ in range(r.choice([4, 5, 6]))]
    mean = sum(data) / len(data)
    var = sum((d - mean) ** 2 for d in data) / (len(data) - 1)
    q = "Compute the sample standard deviation of the data set {%s}." % ", ".join(map(str, data))
    steps = ["Mean = %s." % fmt(mean, 3), "Sum of squared deviations = %s; divide by n - 1 = %d to get %s." % (fmt(var * (len(data) - 1), 3), len(data) - 1, fmt(var, 3)),
             "s = √%s = %s." % (fmt(var, 3), fmt(math.sqrt(var), 2))]
    return prob(q, fmt(math.sqrt(var), 2), steps, topic="Variability")


@template("statistics", "test")
def x_conditional(r):
    a, b, c, d = r.randint(10, 60), r.randint(10, 60), r.randint(10, 60), r.randint(10, 60)
    g1, g2 = r.choice([("juniors", "seniors"), ("commuters", "residents"), ("morning shift", "night shift")])
    o1, o2 = r.choice([("own a car", "do not own a car"), ("passed", "failed"), ("prefer tea", "prefer coffee")])
    q = ("A survey gives: %s – %d %s, %d %s; %s – %d %s, %d %s. If a randomly chosen respondent %s, what is the probability they are one of the %s?" % (
        g1, a, o1, b, o2, g2, c, o1, d, o2, o1.replace("do not ", "doesn't ").replace("own a car", "owns a car").replace("prefer", "prefers").replace("passed", "passed"), g1))
    pr = Fraction(a, a + c)
    return prob(q, "%s ≈ %s" % (fmt(pr), fmt(float(pr), 3)), ["P(%s | %s) = %d / (%d + %d) = %s." % (g1, o1, a, a, c, fmt(pr))], topic="Conditional probability")


@template("statistics", "test")
def x_binomial(r):
    n, k, p = r.choice([5, 6, 8, 10]), None, r.choice([0.2, 0.3, 0.5, 0.6])
    k = r.randint(1, n - 1)
    pr = math.comb(n, k) * p ** k * (1 - p) ** (n - k)
    q = "A free-throw shooter makes %d%% of shots. In %d independent shots, what is the probability of exactly %d makes?" % (round(p * 100), n, k)
    return prob(q, fmt(pr, 4), ["P(X = %d) = C(%d, %d)(%s)^%d(%s)^%d = %s." % (k, n, k, fmt(p), k, fmt(1 - p), n - k, fmt(pr, 4))], topic="Binomial distribution")


# ---- history ----
EVENTS_TRAIN = [("the signing of the Magna Carta", 1215), ("the fall of Constantinople to the Ottoman Turks", 1453),
                ("Columbus's first voyage across the Atlantic", 1492), ("Luther's posting of the Ninety-five Theses", 1517),
                ("the adoption of the US Declaration of Independence", 1776), ("the storming of the Bastille", 1789),
                ("the Battle of Waterloo", 1815), ("the start of the American Civil War", 1861),
                ("the proclamation of the German Empire at Versailles", 1871), ("the outbreak of World War I", 1914),
                ("the October Revolution in Russia", 1917), ("the Wall Street Crash", 1929),
                ("the founding of the United Nations", 1945), ("the independence of India and Pakistan", 1947),
                ("the Apollo 11 Moon landing", 1969), ("the fall of the Berlin Wall", 1989),
                ("the dissolution of the Soviet Union", 1991)]
EVENTS_TEST = [("the Battle of Hastings", 1066), ("the arrival of the Black Death in Europe", 1347),
               ("the Peace of Westphalia", 1648), ("the Glorious Revolution in England", 1688),
               ("the Slavery Abolition Act in the British Empire", 1833), ("the revolutions across Europe", 1848),
               ("the Meiji Restoration in Japan", 1868), ("the opening of the Suez Canal", 1869),
               ("the signing of the Treaty of Versailles", 1919), ("the proclamation of the People's Republic of China", 1949),
               ("the Cuban Missile Crisis", 1962), ("the Chernobyl disaster", 1986), ("Nelson Mandela's release from prison", 1990)]
PEOPLE = [("Who was the first President of the United States?", "George Washington"),
          ("Who co-wrote The Communist Manifesto (1848) with Friedrich Engels?", "Karl Marx"),
          ("Who crowned himself Emperor of the French in 1804?", "Napoleon Bonaparte"),
          ("Who was the British Prime Minister for most of World War II?", "Winston Churchill"),
          ("Which monarch ruled England from 1558 to 1603?", "Elizabeth I"),
          ("Who led the 1930 Salt March against British rule in India?", "Mahatma Gandhi"),
          ("Who was the first emperor of a unified China?", "Qin Shi Huang"),
          ("Who delivered the Gettysburg Address in 1863?", "Abraham Lincoln"),
          ("Which Macedonian king defeated the Persian Empire in the 330s BC?", "Alexander the Great"),
          ("Who led the Bolsheviks to power in the October Revolution?", "Vladimir Lenin")]
TREATIES = [("Treaty of Paris (1783)", "the American Revolutionary War"), ("Treaty of Guadalupe Hidalgo (1848)", "the Mexican–American War"),
            ("Treaty of Portsmouth (1905)", "the Russo-Japanese War"), ("Treaty of Nanking (1842)", "the First Opium War"),
            ("Treaty of Utrecht (1713)", "the War of the Spanish Succession"), ("Treaty of Brest-Litovsk (1918)", "Russia's part in World War I")]


@template("history", "train")
def t_event_year(r):
    ev, y = r.choice(EVENTS_TRAIN)
    q = r.choice(["In what year did %s take place?" % ev, "%s happened in which year?" % (ev[0].upper() + ev[1:])])
    wrong = r.sample([y - 10, y - 3, y + 4, y + 12, y - 25, y + 1], 3)
    ch, ci = with_choices(r, str(y), [str(w) for w in wrong])
    return prob(q, str(y), ["%s%s was in %d." % (ev[0].upper(), ev[1:], y)], ch, ci, topic="Dates")


@template("history", "train")
def t_person(r):
    qq, a = r.choice(PEOPLE)
    others = [p[1] for p in PEOPLE if p[1] != a]
    ch, ci = with_choices(r, a, r.sample(others, 3))
    return prob(qq, a, [], ch, ci, topic="People")


@template("history", "train")
def t_treaty(r):
    t, war = r.choice(TREATIES)
    others = [x[1] for x in TREATIES if x[1] != war]
    ch, ci = with_choices(r, war, r.sample(others, 3))
    return prob("The %s ended which conflict?" % t, war, [], ch, ci, topic="Treaties")


@template("history", "test")
def x_chronology(r):
    evs = r.sample(EVENTS_TEST, 3)
    q = "Put these events in chronological order: %s." % "; ".join(e[0] for e in evs)
    order = sorted(evs, key=lambda e: e[1])
    return prob(q, " → ".join("%s (%d)" % (e[0], e[1]) for e in order), [], topic="Chronology")


@template("history", "test")
def x_century(r):
    ev, y = r.choice(EVENTS_TEST)
    c = (y - 1) // 100 + 1
    suf = "th" if 10 <= c % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(c % 10, "th")
    q = "In which century did %s occur?" % ev
    return prob(q, "the %d%s century" % (c, suf), ["It happened in %d, which is in the %d%s century." % (y, c, suf)], topic="Periods")


# ---- electrical engineering ----
@template("electrical engineering", "train")
def t_series(r):
    rs = [r.choice([10, 22, 47, 100, 150, 220, 330, 470]) for _ in range(r.choice([2, 3]))]
    V = r.choice([5, 9, 12, 24])
    tot = sum(rs)
    q = "Resistors of %s Ω are connected in series across a %d V source. Find the equivalent resistance and the current." % (", ".join(map(str, rs)), V)
    return prob(q, "%d Ω; %s mA" % (tot, sf(V / tot * 1000)), ["R_eq = %s = %d Ω." % (" + ".join(map(str, rs)), tot), "I = V/R = %d/%d = %s mA." % (V, tot, sf(V / tot * 1000))], topic="DC circuits")


@template("electrical engineering", "train")
def t_parallel(r):
    r1, r2 = r.choice([(10, 10), (6, 3), (12, 4), (20, 30), (100, 100), (60, 40), (8, 24)])
    req = r1 * r2 / (r1 + r2)
    q = "What is the equivalent resistance of a %d Ω resistor in parallel with a %d Ω resistor?" % (r1, r2)
    return prob(q, "%s Ω" % fmt(req, 2), ["R_eq = R1R2/(R1 + R2) = %d·%d/%d = %s Ω." % (r1, r2, r1 + r2, fmt(req, 2))], topic="DC circuits")


@template("electrical engineering", "train")
def t_rc(r):
    R, C = r.choice([(1000, 100e-6), (10000, 10e-6), (4700, 220e-6), (2200, 47e-6), (100000, 1e-6)])
    tau = R * C
    cname = "%s μF" % fmt(C * 1e6)
    q = "An RC circuit has R = %s Ω and C = %s. What is the time constant, and how long until the capacitor reaches about 99%% of full charge?" % ("{:,}".format(R), cname)
    return prob(q, "τ = %s s; about %s s" % (sf(tau), sf(5 * tau)), ["τ = RC = %s × %s F = %s s." % ("{:,}".format(R), "%g" % C, sf(tau)), "About 5τ = %s s." % sf(5 * tau)], topic="Transients")


@template("electrical engineering", "train")
def t_energy_cost(r):
    W, h, price = r.choice([60, 100, 750, 1200, 1500, 2000]), r.choice([2, 4, 5, 8, 10]), r.choice([0.12, 0.15, 0.20, 0.28])
    dev = {60: "light bulb", 100: "desk fan", 750: "toaster oven", 1200: "microwave", 1500: "space heater", 2000: "kettle"}[W]
    kwh = W * h * 30 / 1000
    q = "A %d W %s runs %d hours a day for 30 days. At $%s per kWh, how much does the electricity cost?" % (W, dev, h, fmt(price, 2))
    return prob(q, money(kwh * price), ["Energy = %d W × %d h × 30 = %s kWh." % (W, h, fmt(kwh, 1)), "Cost = %s × $%s = %s." % (fmt(kwh, 1), fmt(price, 2), money(kwh * price))], topic="Power")


# ---- law (test only) ----
CONSTITUTION = [("How many justices sit on the U.S. Supreme Court under current federal law?", "9", ["7", "11", "12"]),
                ("What is the minimum age to serve as a U.S. Senator?", "30", ["25", "35", "21"]),
                ("What is the minimum age to be President of the United States?", "35", ["30", "40", "45"]),
                ("Which amendment to the U.S. Constitution abolished slavery?", "the Thirteenth Amendment", ["the Fifteenth Amendment", "the Fourteenth Amendment", "the Tenth Amendment"]),
                ("Which amendment protects freedom of speech and of the press?", "the First Amendment", ["the Fourth Amendment", "the Second Amendment", "the Fifth Amendment"]),
                ("Which article of the U.S. Constitution establishes the federal judiciary?", "Article III", ["Article I", "Article II", "Article V"]),
                ("What vote of both houses of Congress is needed to override a presidential veto?", "two-thirds", ["a simple majority", "three-fifths", "three-quarters"]),
                ("How long is the term of a member of the U.S. House of Representatives?", "two years", ["four years", "six years", "one year"]),
                ("Which amendment guaranteed women the right to vote?", "the Nineteenth Amendment", ["the Twenty-sixth Amendment", "the Fifteenth Amendment", "the Eighteenth Amendment"])]
DOCTRINE = [("A reply to an offer that changes its terms is legally treated as:", "a counteroffer that rejects the original offer", ["an acceptance", "a binding option contract", "a revocation"]),
            ("What is the standard of proof in a U.S. criminal trial?", "beyond a reasonable doubt", ["preponderance of the evidence", "clear and convincing evidence", "probable cause"]),
            ("What is the usual standard of proof in a civil lawsuit?", "preponderance of the evidence", ["beyond a reasonable doubt", "reasonable suspicion", "probable cause"]),
            ("Which of the following is NOT an element of negligence?", "intent to harm", ["duty of care", "breach of duty", "causation"]),
            ("Something of value exchanged by each party that makes a promise enforceable is called:", "consideration", ["estoppel", "tender", "novation"]),
            ("A false written statement of fact that damages someone's reputation is:", "libel", ["slander", "perjury", "trespass"]),
            ("The principle that courts follow earlier rulings on the same legal question is:", "stare decisis", ["res judicata", "habeas corpus", "mens rea"]),
            ("Under the Statute of Frauds, which contract generally must be in writing?", "a contract for the sale of land", ["a contract to mow a lawn next week", "a promise to lend a book", "an agreement to meet for lunch"])]


@template("law", "test")
def x_constitution(r):
    qq, a, wrong = r.choice(CONSTITUTION)
    ch, ci = with_choices(r, a, wrong)
    return prob(qq, a, [], ch, ci, topic="Constitutional law")


@template("law", "test")
def x_doctrine(r):
    qq, a, wrong = r.choice(DOCTRINE)
    ch, ci = with_choices(r, a, wrong)
    return prob(qq, a, [], ch, ci, topic="Legal principles")


@template("law", "test")
def x_comparative_negligence(r):
    dmg, fault = r.choice([50000, 80000, 120000, 250000, 400000]), r.choice([10, 20, 25, 30, 40])
    p, d = r.choice([("Ms. Ruiz", "a delivery company"), ("a cyclist", "a driver"), ("Mr. Haddad", "a store owner"), ("a tenant", "the landlord")])
    q = ("In a pure comparative negligence jurisdiction, a jury finds %s's damages are %s and that %s was %d%% at fault, with %s %d%% at fault. How much can %s recover?" % (
        p, money(dmg, False), p, fault, d, 100 - fault, p))
    rec = dmg * (100 - fault) / 100
    return prob(q, money(rec, False), ["Recovery is reduced by the plaintiff's share of fault: %s × %d%% = %s." % (money(dmg, False), 100 - fault, money(rec, False))], topic="Torts")


# ---- medicine (test only) ----
VITAMINS = [("vitamin C", "scurvy"), ("vitamin D", "rickets"), ("thiamine (vitamin B1)", "beriberi"),
            ("niacin (vitamin B3)", "pellagra"), ("vitamin A", "night blindness"), ("vitamin K", "impaired blood clotting")]


@template("medicine", "test")
def x_dose(r):
    drug, mgkg, conc = r.choice([("amoxicillin", 25, 250 / 5), ("acetaminophen", 15, 160 / 5), ("ibuprofen", 10, 100 / 5), ("cefalexin", 12.5, 250 / 5)])
    kg = r.choice([8, 10, 12, 14, 16, 18, 20, 22])
    dose = mgkg * kg
    q = "A child weighing %d kg is prescribed %s %s mg/kg per dose. The suspension contains %s mg per 5 mL. How many mL should be given per dose?" % (kg, drug, fmt(mgkg), fmt(conc * 5))
    return prob(q, "%s mL" % fmt(dose / conc, 1), ["Dose = %s mg/kg × %d kg = %s mg." % (fmt(mgkg), kg, fmt(dose)), "Volume = %s mg ÷ %s mg/mL = %s mL." % (fmt(dose), fmt(conc), fmt(dose / conc, 1))], topic="Dosage calculation")


@template("medicine", "test")
def x_drip(r):
    vol, hrs, df = r.choice([500, 1000, 250, 1500]), r.choice([2, 4, 6, 8, 12]), r.choice([10, 15, 20, 60])
    rate = vol * df / (hrs * 60)
    q = "%d mL of normal saline is to be infused over %d hours using tubing with a drop factor of %d gtt/mL. What is the drip rate in drops per minute?" % (vol, hrs, df)
    return prob(q, "%d gtt/min" % round(rate), ["Rate = volume × drop factor / minutes = %d × %d / %d = %s gtt/min." % (vol, df, hrs * 60, fmt(rate, 1))], topic="IV therapy")


@template("medicine", "test")
def x_bmi(r):
    kg, m = r.choice([50, 58, 65, 72, 80, 95, 110]), r.choice([1.55, 1.62, 1.70, 1.75, 1.80, 1.88])
    bmi = kg / m / m
    cat = "underweight" if bmi < 18.5 else "normal weight" if bmi < 25 else "overweight" if bmi < 30 else "obese"
    q = "A patient weighs %d kg and is %s m tall. Calculate the BMI and classify it." % (kg, fmt(m))
    return prob(q, "%s kg/m^2 (%s)" % (fmt(bmi, 1), cat), ["BMI = mass / height^2 = %d / %s^2 = %s." % (kg, fmt(m), fmt(bmi, 1))], topic="Clinical measurements")


@template("medicine", "test")
def x_vitamin(r):
    v, dis = r.choice(VITAMINS)
    others = [d for _, d in VITAMINS if d != dis]
    ch, ci = with_choices(r, dis, r.sample(others, 3))
    return prob("A deficiency of %s causes which condition?" % v, dis, [], ch, ci, topic="Nutrition")


# ---- mechanical engineering (test only) ----
@template("mechanical engineering", "test")
def x_stress(r):
    F, d = r.choice([5, 10, 20, 25, 50]), r.choice([10, 12, 16, 20, 25])
    A = math.pi * (d / 2) ** 2
    sig = F * 1000 / A
    q = "A steel rod of diameter %d mm carries an axial tensile load of %d kN. What is the normal stress in the rod?" % (d, F)
    return prob(q, "%s MPa" % sf(sig), ["A = π(%d/2)^2 = %s mm^2." % (d, fmt(A, 1)), "σ = F/A = %d N / %s mm^2 = %s MPa." % (F * 1000, fmt(A, 1), sf(sig))], topic="Mechanics of materials")


@template("mechanical engineering", "test")
def x_elongation(r):
    F, L, A, E = r.choice([10, 20, 40]), r.choice([1.0, 2.0, 2.5, 3.0]), r.choice([100, 200, 400]), r.choice([(200, "steel"), (70, "aluminium"), (110, "copper")])
    dl = F * 1000 * L * 1000 / (A * E[0] * 1000)
    q = "A %s bar (E = %d GPa) of length %s m and cross-section %d mm^2 carries %d kN in tension. How much does it stretch?" % (E[1], E[0], fmt(L), A, F)
    return prob(q, "%s mm" % fmt(dl, 3), ["δ = FL/(AE) = (%d × 10^3 N)(%s mm)/(%d mm^2 × %d × 10^3 MPa) = %s mm." % (F, fmt(L * 1000), A, E[0], fmt(dl, 3))], topic="Deformation")


@template("mechanical engineering", "test")
def x_gears(r):
    t1, t2, rpm = r.choice([12, 15, 18, 20, 24]), r.choice([36, 40, 48, 60, 72]), r.choice([600, 900, 1200, 1500, 1800])
    out = rpm * t1 / t2
    q = "A %d-tooth driving gear turning at %d rpm meshes with a %d-tooth driven gear. What is the speed of the driven gear and the gear ratio?" % (t1, rpm, t2)
    return prob(q, "%s rpm; ratio %s:1" % (fmt(out, 1), fmt(t2 / t1, 2)), ["Gear ratio = %d/%d = %s." % (t2, t1, fmt(t2 / t1, 2)), "n2 = n1 × T1/T2 = %d × %d/%d = %s rpm." % (rpm, t1, t2, fmt(out, 1))], topic="Machine design")


@template("mechanical engineering", "test")
def x_beam(r):
    L, P = r.choice([4, 5, 6, 8, 10]), r.choice([10, 12, 20, 30])
    a = r.randint(1, L - 1)
    Rb = P * a / L
    Ra = P - Rb
    q = "A simply supported beam of span %d m carries a point load of %d kN at %d m from the left support A. Find the support reactions." % (L, P, a)
    return prob(q, "R_A = %s kN, R_B = %s kN" % (fmt(Ra, 2), fmt(Rb, 2)), ["Moments about A: R_B × %d = %d × %d, so R_B = %s kN." % (L, P, a, fmt(Rb, 2)), "R_A = %d - %s = %s kN." % (P, fmt(Rb, 2), fmt(Ra, 2))], topic="Statics")


# ---- astronomy (test only) ----
@template("astronomy", "test")
def x_kepler(r):
    a = r.choice([0.39, 0.72, 1.52, 2.8, 4, 5.2, 9.5, 16])
    P = a ** 1.5
    q = "An asteroid orbits the Sun with a semi-major axis of %s AU. Using Kepler's third law, what is its orbital period in years?" % fmt(a)
    return prob(q, "%s years" % fmt(P, 2), ["P^2 = a^3, so P = %s^(3/2) = %s years." % (fmt(a), fmt(P, 2))], topic="Orbits")


@template("astronomy", "test")
def x_parallax(r):
    p = r.choice([0.772, 0.5, 0.25, 0.1, 0.05, 0.379, 0.2])
    d = 1 / p
    q = "A star has a parallax of %s arcseconds. How far away is it in parsecs and in light-years?" % fmt(p, 3)
    return prob(q, "%s pc ≈ %s ly" % (fmt(d, 2), fmt(d * 3.26, 1)), ["d = 1/p = 1/%s = %s pc." % (fmt(p, 3), fmt(d, 2)), "1 pc ≈ 3.26 ly, so d ≈ %s ly." % fmt(d * 3.26, 1)], topic="Distances")


@template("astronomy", "test")
def x_light_time(r):
    body, km = r.choice([("the Moon", 384400), ("the Sun", 149600000), ("Mars at closest approach", 54600000), ("Jupiter (average)", 778000000)])
    t = km / 299792
    q = "How long does light take to travel from %s to Earth, a distance of %s km?" % (body, "{:,}".format(km))
    ans = "%s s" % fmt(t, 2) if t < 120 else "%s s ≈ %s min" % ("{:,}".format(round(t)), fmt(t / 60, 1))
    return prob(q, ans, ["t = d/c = %s km ÷ 299,792 km/s = %s s." % ("{:,}".format(km), fmt(t, 2))], topic="Light")


# --------------------------------------------------------------------------- page furniture
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def date(r, style=0, years=(2016, 2024)):
    y, mo, d = r.randint(*years), r.randint(1, 12), r.randint(1, 28)
    if style == 0:
        return "%s %d, %d" % (MONTHS[mo - 1], d, y)
    if style == 1:
        return "%d %s %d" % (d, MONTHS[mo - 1][:3], y)
    if style == 2:
        return "%04d-%02d-%02d" % (y, mo, d)
    return "%02d/%02d/%d" % (mo, d, y)


def handle(r):
    a = r.choice(["sam", "kat", "jay", "emma", "ben", "nova", "rex", "lulu", "dev", "mika", "oz", "tina",
                  "marco", "ash", "juno", "kai", "pat", "zed", "ivy", "leo"])
    b = r.choice(["", "_", ".", ""])
    c = r.choice(["", "123", "99", "2005", "x", "_k", "07", "lee", "m", "smith", "22", "jr"])
    return a + b + c


def person(r):
    first = r.choice(["Alice", "Brian", "Carmen", "David", "Elif", "Farah", "George", "Helena", "Ivan", "Julia",
                      "Kofi", "Laura", "Miguel", "Nora", "Oscar", "Paula", "Quentin", "Rosa", "Stefan", "Tanya"])
    last = r.choice(["Anderson", "Baptiste", "Chowdhury", "Duarte", "Eriksen", "Fischer", "Gonzalez", "Hoffman",
                     "Ibrahim", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okoye", "Petrov",
                     "Quinn", "Rossi", "Schmidt", "Tanaka", "Underwood", "Varga", "Whitfield", "Yilmaz"])
    return first, last


DISC = {  # label, course codes/titles, textbook titles, department
    "mathematics": ("Math", [("MATH 110", "College Algebra"), ("MATH 104", "Precalculus"), ("MTH 095", "Intermediate Algebra")],
                    ["College Algebra", "Algebra and Trigonometry", "Elementary Algebra"], "Mathematics"),
    "calculus": ("Calculus", [("MATH 151", "Calculus I"), ("MATH 221", "Differential Calculus"), ("MAT 265", "Calculus for Engineers")],
                 ["Calculus: Early Transcendentals", "Calculus, Volume 1", "Single Variable Calculus"], "Mathematics"),
    "physics": ("Physics", [("PHYS 101", "General Physics I"), ("PHY 121", "Mechanics"), ("PHYS 2211", "Introductory Physics")],
                ["College Physics", "University Physics", "Physics for Scientists and Engineers"], "Physics"),
    "chemistry": ("Chemistry", [("CHEM 111", "General Chemistry I"), ("CHM 151", "Principles of Chemistry"), ("CHEM 1A", "General Chemistry")],
                  ["Chemistry: The Central Science", "General Chemistry", "Chemistry: Atoms First"], "Chemistry"),
    "biology": ("Biology", [("BIOL 120", "Cell Biology"), ("BIO 181", "General Biology I"), ("BIOL 2310", "Genetics")],
                ["Concepts of Biology", "Biology", "Principles of Genetics"], "Biology"),
    "economics": ("Economics", [("ECON 201", "Principles of Microeconomics"), ("ECON 202", "Principles of Macroeconomics"), ("EC 101", "Introductory Economics")],
                  ["Principles of Economics", "Macroeconomics", "Microeconomics"], "Economics"),
    "finance": ("Finance", [("FIN 300", "Corporate Finance"), ("FIN 210", "Personal Finance"), ("BUS 340", "Financial Management")],
                ["Fundamentals of Corporate Finance", "Principles of Finance", "Financial Mathematics"], "Finance"),
    "computer science": ("Computer Science", [("CS 101", "Introduction to Computing"), ("CSE 142", "Computer Programming I"), ("CS 250", "Computer Organization")],
                         ["Introduction to Computer Science", "Computer Systems", "Programming in Python"], "Computer Science"),
    "statistics": ("Statistics", [("STAT 200", "Elementary Statistics"), ("STA 2023", "Statistical Methods"), ("MATH 140", "Probability")],
                   ["Introductory Statistics", "Elementary Statistics", "Probability and Statistics"], "Statistics"),
    "history": ("History", [("HIST 105", "World History"), ("HIS 201", "Modern Europe"), ("HIST 1301", "U.S. History I")],
                ["World History: Patterns of Interaction", "The Modern World", "A History of Western Society"], "History"),
    "electrical engineering": ("Electrical Engineering", [("ECE 210", "Circuit Analysis"), ("EE 201", "Electric Circuits"), ("ELEC 101", "Electronics Fundamentals")],
                               ["Fundamentals of Electric Circuits", "Electric Circuits", "Basic Engineering Circuit Analysis"], "Electrical and Computer Engineering"),
    "law": ("Law", [("LAW 510", "Constitutional Law"), ("LAW 501", "Contracts"), ("PLS 220", "Introduction to Law")],
            ["Constitutional Law", "Contracts: Cases and Problems", "Torts"], "Law"),
    "medicine": ("Nursing", [("NURS 210", "Pharmacology"), ("NUR 118", "Dosage Calculations"), ("HSC 240", "Nutrition")],
                 ["Clinical Calculations", "Pharmacology for Nurses", "Nutrition and Diet Therapy"], "Nursing"),
    "mechanical engineering": ("Engineering", [("ME 220", "Mechanics of Materials"), ("ENGR 211", "Statics"), ("ME 340", "Machine Design")],
                               ["Mechanics of Materials", "Engineering Mechanics: Statics", "Machine Elements"], "Mechanical Engineering"),
    "astronomy": ("Astronomy", [("ASTR 101", "Introductory Astronomy"), ("AST 110", "The Solar System"), ("ASTR 1020", "Stars and Galaxies")],
                  ["Astronomy", "The Cosmic Perspective", "Foundations of Astronomy"], "Physics and Astronomy"),
}

SITE_NAMES = {
    "train": {
        "hwqa": ["HomeworkLab", "AnswerNest", "StudyDock", "BrainSpot", "TutorBase", "AskMentorly", "HomeworkOwl", "SolveBay"],
        "problemset": ["Northgate State University", "University of Westbrook", "Lakeshore College", "Pinecrest Community College",
                       "Eastfield Institute of Technology", "Harmon University"],
        "textbook": ["OpenShelf Texts", "LibreCourse Books", "FreeText Press", "CommonBook Project"],
        "quiz": ["QuizHaven", "ProProfs Trivia", "QuizMeNow", "TestYourself.net", "Quizmania"],
        "stepsolver": ["SnapSolve", "StepWise", "Solvely", "MathPapa Plus", "QuickAnswers"],
    },
    "test": {
        "review": ["Riverside Polytechnic", "St. Aldric's College", "Marlow Technical University", "University of Kettering Falls",
                   "Bayview State College", "Ashcombe University"],
        "forum": ["ScienceHelpForum", "HomeworkHelpers Forum", "TutorTalk Boards", "MathForumz", "StudentsHelpingStudents"],
        "flashcards": ["CramDeck", "StudyStack", "FlashLearn", "Cardwise"],
        "worksheet": ["WorksheetWorks", "TeachPrintables", "K12 Resource Room", "ClassSheets"],
    },
}
TRAIN_STYLES = ["hwqa", "problemset", "textbook", "quiz", "stepsolver"]
TEST_STYLES = ["review", "forum", "flashcards", "worksheet"]


def solution_block(r, p, fmt_i):
    """The worked solution of p and its final answer, in one of several formats."""
    lines = list(p["steps"])
    a = p["a"]
    if p["choices"] is not None:
        a = "%s. %s" % ("ABCD"[p["ci"]], p["choices"][p["ci"]])
    tail = ["Answer: %s" % a, "Final answer: %s" % a, "So the answer is %s." % a, "Ans: %s" % a, "The answer is %s." % a,
            "Therefore, %s." % a][fmt_i % 6]
    return lines + [tail]


def choice_lines(r, p, style):
    if p["choices"] is None:
        return []
    fmt_ = [("A. ", "B. ", "C. ", "D. "), ("(A) ", "(B) ", "(C) ", "(D) "), ("a) ", "b) ", "c) ", "d) "),
            ("A) ", "B) ", "C) ", "D) ")][style]
    return [f + c for f, c in zip(fmt_, p["choices"])]


def ensure_choices(r, p):
    """Give a free-response problem numeric multiple-choice options when it can have them."""
    if p["choices"] is not None:
        return p
    wrong = num_distractors(r, p["a"])
    if not wrong:
        return p
    q = dict(p)
    q["choices"], q["ci"] = with_choices(r, p["a"], wrong)
    return q


def short_title(q, n=80):
    t = q.split("\n")[0]
    return t if len(t) <= n else t[:n].rsplit(" ", 1)[0] + "..."


# ---- train styles ----
def s_hwqa(r, disc, probs, site):
    label = DISC[disc][0]
    p = probs[0]
    L = []
    h = r.randint(0, 2)
    if h == 0:
        L += [site, "Home | Subjects | Ask a question | Log in"]
    elif h == 1:
        L += ["%s — homework help" % site, "Subjects ▾ Textbook solutions Expert Q&A Sign in Sign up"]
    else:
        L += ["Skip to main content", site, "Browse | Ask | Leaderboard | Join for free"]
    L += ["%s › %s" % (label, p["topic"])]
    if r.random() < 0.5 and short_title(p["q"]) != p["q"].split("\n")[0]:
        L.append(short_title(p["q"]))
    hrs = r.randint(1, 23)
    L.append(r.choice(["Asked by %s · %d hour%s ago" % (handle(r), hrs, "s" if hrs > 1 else ""),
                       "Question asked %s by %s" % (date(r, 1), handle(r)),
                       "%s asked in %s" % (handle(r), label)]))
    L += p["q"].split("\n")
    L += choice_lines(r, p, r.randint(0, 3))
    if r.random() < 0.4:
        L.append(r.choice(["I tried this twice and keep getting a different answer from the back of the book.",
                           "Please show the steps, I have a quiz tomorrow.", "Can someone explain how to set this up?",
                           "Not sure where to start with this one."]))
    nans = r.randint(1, 3)
    L.append("%d Answer%s" % (nans, "s" if nans > 1 else ""))
    L.append(r.choice(["Expert answer", "Best answer", "Verified answer", "Top answer"]) +
             r.choice(["", " · %d votes" % r.randint(2, 90), " (%d👍)" % r.randint(1, 40)]))
    if r.random() < 0.5:
        L.append(r.choice(["Answered by %s" % handle(r), "%s · Tutor · %d answers" % (handle(r), r.randint(20, 3000))]))
    L += solution_block(r, p, r.randint(0, 5))
    if nans > 1:
        L.append(r.choice(["%d votes" % r.randint(0, 9), "Answer 2"]))
        L.append(r.choice(["I got the same thing: %s." % p["a"], "Same method as above, just check your units.",
                           "You can also check it by plugging the answer back in.", "%s is right." % p["a"]]))
    if r.random() < 0.5:
        L.append(r.choice(["Was this answer helpful? Yes (%d) No (%d)" % (r.randint(1, 60), r.randint(0, 5)),
                           "Helpful (%d) · Not helpful (%d)" % (r.randint(1, 60), r.randint(0, 5))]))
    if r.random() < 0.4:
        L += ["Comments (%d)" % 1, r.choice(["thank you!! this makes sense now", "where does the formula in step 1 come from?",
                                             "great explanation", "thanks, I forgot to convert units"])]
    if len(probs) > 1:
        L.append(r.choice(["Related questions", "Similar questions", "More %s questions" % label]))
        L += [short_title(x["q"], 90) for x in probs[1:]]
    f = r.randint(0, 2)
    y = r.randint(2015, 2024)
    if f == 0:
        L += ["© %d %s. All rights reserved." % (y, site), "About | Careers | Privacy | Terms | Contact"]
    elif f == 1:
        L += ["%s is not affiliated with any university." % site, "Terms · Privacy · Cookie preferences · Help center"]
    else:
        L += ["Get the %s app" % site, "Download on the App Store | Get it on Google Play", "© %d %s Inc." % (y, site)]
    return L


def s_problemset(r, disc, probs, site):
    code, title = r.choice(DISC[disc][1])
    fn, ln = person(r)
    term = r.choice(["Fall", "Spring", "Summer", "Winter"]) + " %d" % r.randint(2014, 2024)
    n = r.randint(1, 12)
    topic = probs[0]["topic"]
    L = ["%s %s | %s" % (code, title, site), "Home | Syllabus | Schedule | Problem Sets | Office Hours",
         "%s: %s — %s" % (r.choice(["Problem Set", "Homework", "Assignment", "PS"]), n, topic) if r.random() < 0.5 else
         "Problem Set %d (%s)" % (n, term)]
    L.append(r.choice(["Due %s at 11:59 pm. Show all work; answers without justification receive no credit." % r.choice(DAYS),
                       "Due in class on %s. You may work in groups of up to three but write up your own solutions." % r.choice(DAYS),
                       "Submit a PDF on the course page by %s. Solutions are posted below after the due date." % date(r, 0)]))
    inline = r.random() < 0.5
    num = r.choice(["Problem %d.", "%d.", "Problem %d:", "Q%d."])
    for i, p in enumerate(probs, 1):
        lines = p["q"].split("\n")
        L.append((num % i) + " " + lines[0])
        L += lines[1:]
        L += choice_lines(r, p, 1)
        if inline:
            L.append("Solution.")
            L += solution_block(r, p, i)
    if not inline:
        L.append(r.choice(["Solutions", "Solutions (posted %s)" % date(r, 3), "Solution key"]))
        for i, p in enumerate(probs, 1):
            sol = solution_block(r, p, i + 2)
            L.append((num % i) + " " + sol[0])
            L += sol[1:]
    L += ["%s · Department of %s" % (site, DISC[disc][3]), "Page maintained by Prof. %s %s. Last updated %s." % (fn, ln, date(r, 0))]
    return L


def s_textbook(r, disc, probs, site):
    book = r.choice(DISC[disc][2])
    ch, sec = r.randint(1, 14), r.randint(1, 8)
    ed = r.choice(["2nd", "3rd", "4th", "Open"])
    L = [site, "%s, %s edition" % (book, ed) if ed != "Open" else "%s (open edition)" % book,
         "Table of Contents | Search this book | Download PDF",
         "Chapter %d: %s" % (ch, probs[0]["topic"]), "%d.%d Exercises" % (ch, sec)]
    if r.random() < 0.5:
        L.append(r.choice(["In the following exercises, solve each problem. Round to three significant figures where needed.",
                           "Practice makes perfect. Try these before checking the answer key.",
                           "Exercises marked with ★ are more challenging."]))
    start = r.randint(1, 40)
    numfmt = r.choice(["%d.", "%d.%d.%%d" % (ch, sec), "Exercise %d"])
    for i, p in enumerate(probs):
        lines = p["q"].split("\n")
        L.append(numfmt % (start + i) + " " + lines[0])
        L += lines[1:]
        L += choice_lines(r, p, 2)
    L.append(r.choice(["Answer Key", "Answers to Selected Exercises", "Answers", "Check your answers"]))
    for i, p in enumerate(probs):
        a = p["a"] if p["choices"] is None else "%s) %s" % ("abcd"[p["ci"]], p["choices"][p["ci"]])
        if r.random() < 0.35 and p["steps"] and p["choices"] is None:
            L.append(numfmt % (start + i) + " " + p["steps"][-1] + " " + a)
        else:
            L.append(numfmt % (start + i) + " " + a)
    L += ["Previous: %d.%d %s | Next: %d.%d" % (ch, max(1, sec - 1), r.choice(["Review", "Key Concepts", "Examples"]), ch, sec + 1),
          r.choice(["This book is licensed under a Creative Commons Attribution 4.0 International License.",
                    "%s is a nonprofit initiative. Print copies available." % site])]
    return L


def s_quiz(r, disc, probs, site):
    label = DISC[disc][0]
    topic = probs[0]["topic"]
    n = len(probs)
    L = [site, "Quizzes | Flash Quiz | Leaderboard | Create a quiz | Sign in", "Home > %s > %s" % (label, topic),
         "%s Quiz%s" % (topic, r.choice([" (%d questions)" % n, ": Test your knowledge", " — Level %d" % r.randint(1, 5)]))]
    if r.random() < 0.5:
        L.append("%s questions · %d plays · Rated %s/5" % (n, r.randint(100, 90000), fmt(r.uniform(3.5, 5), 1)))
    score = 0
    ofmt = r.randint(0, 3)
    for i, p0 in enumerate(probs, 1):
        p = ensure_choices(r, p0)
        L.append(r.choice(["Question %d of %d" % (i, n), "%d." % i, "Q%d" % i]))
        L += p["q"].split("\n")
        if p["choices"] is not None:
            L += choice_lines(r, p, ofmt)
            got = r.random() < 0.7
            score += got
            L.append(("✓ Correct! " if got else "✗ Incorrect. ") + r.choice(["The correct answer is", "Correct answer:", "Answer:"]) +
                     " %s" % p["choices"][p["ci"]])
        else:
            L.append("Your answer: ____")
            L.append("Correct answer: %s" % p["a"])
            score += 1
        if p["steps"] and r.random() < 0.7:
            L.append("Explanation: " + " ".join(p["steps"]))
    L.append(r.choice(["You scored %d/%d" % (score, n), "Your score: %d out of %d (%d%%)" % (score, n, round(100 * score / n))]))
    L += ["Retake quiz | Share | Next quiz »", r.choice(["Report a problem with this quiz", "%d people have taken this quiz" % r.randint(100, 50000)]),
          "© %d %s · Privacy · Terms" % (r.randint(2012, 2024), site)]
    return L


def s_stepsolver(r, disc, probs, site):
    label = DISC[disc][0]
    p = probs[0]
    L = ["%s | Step-by-step solutions" % site, "Solver | Calculators | Study guides | Sign in", label, "Question"]
    L += p["q"].split("\n")
    L += choice_lines(r, p, 0)
    L.append(r.choice(["Step-by-step explanation:", "Solution", "Expert-verified solution", "Explanation"]))
    pre = r.choice(["Step %d: ", "Step %d – ", ""])
    for k, st in enumerate(p["steps"], 1):
        L.append((pre % k if pre else "") + st)
    a = p["a"] if p["choices"] is None else "%s. %s" % ("ABCD"[p["ci"]], p["choices"][p["ci"]])
    L += [r.choice(["Answer:", "Final answer", "Result:"]), a]
    L.append("%s views · Answered by %s (%s★)" % ("{:,}".format(r.randint(40, 90000)), handle(r), fmt(r.uniform(4, 5), 1)))
    if len(probs) > 1:
        L.append("More %s questions" % label.lower())
        L += [short_title(x["q"], 90) for x in probs[1:]]
    L += [r.choice(["Questions are answered by verified tutors.", "Still stuck? Ask a tutor — first question free."]),
          "© %d %s Learning Ltd. | Cookie policy | Accessibility" % (r.randint(2016, 2024), site)]
    return L


# ---- test styles ----
def s_review(r, disc, probs, site):
    code, title = r.choice(DISC[disc][1])
    fn, ln = person(r)
    exam = r.choice(["Final Exam Review", "Midterm 2 Practice Problems", "Exam 1 Study Guide", "Practice Final"])
    L = ["%s — Department of %s" % (site, DISC[disc][3]), "Course materials > %s > Exams" % code,
         "%s %s: %s" % (code, title, exam), "Prof. %s · %s %d" % (ln, r.choice(["Fall", "Spring"]), r.randint(2014, 2024)),
         r.choice(["These practice problems cover the material since the last exam. The actual exam has %d questions; calculators allowed." % r.randint(8, 30),
                   "Work these without notes first, then check the key at the end.",
                   "This review is not graded. A formula sheet will be provided on the exam."])]
    mc = [p for p in probs if p["choices"] is not None]
    fr = [p for p in probs if p["choices"] is None]
    key = []
    i = 0
    if mc:
        L.append("Part I – Multiple choice")
        for p in mc:
            i += 1
            L.append("%d) %s" % (i, p["q"].split("\n")[0]))
            L += p["q"].split("\n")[1:]
            L += choice_lines(r, p, 2)
            key.append("%d) %s" % (i, "abcd"[p["ci"]]))
    if fr:
        L.append("Part II – Free response" if mc else "Problems")
        for p in fr:
            i += 1
            L.append("%d) %s" % (i, p["q"].split("\n")[0]))
            L += p["q"].split("\n")[1:]
            work = (" (" + p["steps"][-1].rstrip(".") + ")") if p["steps"] and r.random() < 0.5 else ""
            key.append("%d) %s%s" % (i, p["a"], work))
    L.append(r.choice(["KEY", "Answer key", "Answers"]))
    if mc and r.random() < 0.5:
        L.append("   ".join(key[:len(mc)]))
        L += key[len(mc):]
    else:
        L += key
    L += [r.choice(["Good luck on the exam!", "Office hours this week: Tue/Thu 2–4 pm."]),
          "Copyright %d %s Board of Regents" % (r.randint(2014, 2024), site)]
    return L


def s_forum(r, disc, probs, site):
    label = DISC[disc][0]
    p = probs[0]
    asker, tutor = handle(r), handle(r) + r.choice(["", "_tutor", "PhD"])
    L = ["%s › Forums › %s Help › Homework & Coursework Questions" % (site, label),
         "Thread: " + r.choice(["Help with %s problem" % p["topic"].lower(), short_title(p["q"], 60), "Stuck on a %s question" % label.lower()])]
    day = date(r, 3)
    t0 = r.randint(7 * 60, 20 * 60)
    stamp = lambda m: "%s, %02d:%02d" % (day, (t0 + m) // 60 % 24, (t0 + m) % 60)
    gap = r.randint(10, 180)
    L.append("%s (Junior Member, %d posts) — %s" % (asker, r.randint(1, 40), stamp(0)))
    intro = r.choice(["hey all, stuck on this one:", "Homework statement:", "Can anyone help me with this? Problem:", "1. The problem statement"])
    L.append(intro)
    L += p["q"].split("\n")
    L += choice_lines(r, p, 3)
    wrong = num_distractors(r, p["a"])
    if wrong:
        L.append(r.choice(["I tried it and got %s but that's marked wrong. what am I doing wrong?" % wrong[0],
                           "My attempt: I keep getting %s, the book says otherwise." % wrong[0]]))
    else:
        L.append("Not sure how to approach it. Any hints?")
    L.append("%s (Homework Helper, %s posts) — %s" % (tutor, "{:,}".format(r.randint(300, 20000)), stamp(gap)))
    if p["steps"]:
        L.append(r.choice(["Let's go step by step.", "Close! Check your setup:", "Here's how I'd do it."]))
        L += p["steps"]
    else:
        L.append(r.choice(["This one is straight from the chapter reading, look at the definition again.",
                           "Go through the options one at a time and rule out the ones that don't fit exactly.",
                           "Check your notes from lecture, this was on the slides."]))
    a = p["a"] if p["choices"] is None else p["choices"][p["ci"]]
    L.append(r.choice(["So you should get %s." % a, "That gives %s." % a, "Answer = %s" % a]))
    L.append("%s — %s" % (asker, stamp(gap + r.randint(5, 240))))
    L.append(r.choice(["oh I see, thanks!! got %s now" % a, "Thank you, I forgot that step.", "makes sense now, thanks a lot"]))
    if len(probs) > 1:
        L.append("Similar threads")
        L += [short_title(x["q"], 70) for x in probs[1:]]
    L += ["%d replies · %s views" % (r.randint(2, 9), "{:,}".format(r.randint(50, 9000))),
          "Forum rules · Contact staff · Powered by XenBoard 2.2",
          "All times are GMT%s. The time now is %02d:%02d." % (r.choice(["-5", "+1", "-8", "+0"]), r.randint(0, 23), r.randint(0, 59))]
    return L


def s_flashcards(r, disc, probs, site):
    label = DISC[disc][0]
    code, title = r.choice(DISC[disc][1])
    st = r.choice(["%s %s flashcards" % (code, probs[0]["topic"]), "%s – exam prep" % title, "%s practice cards" % probs[0]["topic"]])
    L = [site, "Study sets | Classes | Create | Log in | Sign up free", st,
         "Created by %s · %d terms" % (handle(r), len(probs)), r.choice(["Flashcards  Learn  Test  Match", "Study  Write  Spell  Test"]),
         r.choice(["Terms in this set (%d)" % len(probs), "Cards (%d)" % len(probs)])]
    mode = r.randint(0, 2)
    for i, p in enumerate(probs, 1):
        q = " ".join(p["q"].split("\n"))
        a = p["a"] if p["choices"] is None else p["choices"][p["ci"]]
        if mode == 0:
            L += [q, a]
        elif mode == 1:
            L += ["Front: " + q, "Back: " + a]
        else:
            L += ["%d. %s" % (i, q), "→ " + a + ((" (" + p["steps"][-1] + ")") if p["steps"] and r.random() < 0.3 else "")]
    L += [r.choice(["Flashcard sets are created by users.", "Students also viewed: %s %s" % (label, r.choice(["Unit 2", "Chapter 5", "Final"]))]),
          "Company · Students · Teachers · Resources · Language: English (USA)"]
    return L


def s_worksheet(r, disc, probs, site):
    topic = probs[0]["topic"]
    L = ["%s Printable Worksheets" % site, "Grade level ▾ Subject ▾ Worksheet generator Members",
         "%s Worksheet #%d" % (topic, r.randint(1, 20)), "Name: ______________  Period: ____  Date: ______",
         r.choice(["Directions: Solve each problem. Show your work and include units.", "Solve. Circle your final answer.",
                   "Instructions: Answer all questions in the space provided."])]
    for i, p in enumerate(probs, 1):
        lines = p["q"].split("\n")
        L.append("%d. %s" % (i, lines[0]))
        L += lines[1:]
        L += choice_lines(r, p, 3)
    L.append(r.choice(["Answer Key", "ANSWERS", "Teacher key"]))
    for i, p in enumerate(probs, 1):
        L.append("%d. %s" % (i, p["a"] if p["choices"] is None else "%s) %s" % ("ABCD"[p["ci"]], p["choices"][p["ci"]])))
    L += [r.choice(["Free to print for classroom use.", "Members can download an editable version."]),
          "Copyright %d %s. Terms of service · Privacy" % (r.randint(2010, 2024), site)]
    return L


STYLE_FN = {"hwqa": s_hwqa, "problemset": s_problemset, "textbook": s_textbook, "quiz": s_quiz, "stepsolver": s_stepsolver,
            "review": s_review, "forum": s_forum, "flashcards": s_flashcards, "worksheet": s_worksheet}
STYLE_NPROBS = {"hwqa": (1, 5), "problemset": (3, 7), "textbook": (4, 10), "quiz": (4, 10), "stepsolver": (1, 4),
                "review": (5, 12), "forum": (1, 3), "flashcards": (6, 14), "worksheet": (5, 10)}
TRAIN_DISCIPLINES = [d for d in DISC if TEMPLATES[d]["train"]]
TEST_DISCIPLINES = [d for d in DISC if TEMPLATES[d]["test"]]
TEST_ONLY_DISCIPLINES = [d for d in TEST_DISCIPLINES if not TEMPLATES[d]["train"]]


def furnish(r, text, lines_nav=3):
    """Vary the page furniture in the same way for both classes: the separator used in nav and
    footer lines, how the copyright line is written, and a sign-in link in the nav."""
    if r.random() < 0.5:
        sep = r.choice([" · ", " | ", " - ", " • ", " / "])
        text = text.replace(" · ", sep).replace(" | ", sep)
    u = r.random()
    if u < 0.2:
        text = text.replace("© ", "Copyright © ")
    elif u < 0.35:
        text = text.replace("© ", "Copyright ")
    elif u < 0.45:
        text = text.replace("Copyright ", "© ")
    return text


def positive_page(r, split, style, disc):
    fns = TEMPLATES[disc][split]
    lo, hi = STYLE_NPROBS[style]
    n = r.randint(lo, hi)
    probs = []
    seen = set()
    order = []
    for _ in range(n * 3):
        if not order:
            order = list(fns)
            r.shuffle(order)
        p = order.pop()(r)
        if p["q"] not in seen:
            seen.add(p["q"])
            probs.append(p)
        if len(probs) == n:
            break
    site = r.choice(SITE_NAMES[split][style])
    lines = STYLE_FN[style](r, disc, probs, site)
    text = "\n".join(l for l in lines if l.strip())
    while len(text) > 5900 and len(probs) > 1:
        probs.pop()
        text = "\n".join(l for l in STYLE_FN[style](r, disc, probs, site) if l.strip())
    return furnish(r, text)[:5900]


# --------------------------------------------------------------------------- written negatives
CITIES = ["Springfield", "Riverton", "Maplewood", "Port Ellis", "Cedar Falls", "Lakeview", "Ashford", "Millbrook",
          "Fairhaven", "Kingsbridge", "Oakdale", "Brookside", "Westhampton", "Harlow", "Elmira", "Dunmore"]
NEG_SITES = {
    "news": (["The Riverton Ledger", "Daily Courier", "Metro Herald", "Valley News Network"], ["Harbor Gazette", "The Morning Star Tribune", "County Observer"]),
    "shop": (["GadgetBarn", "HomeGoods Direct", "TrailPeak Outfitters", "Bright Kitchen Co."], ["UrbanNest Store", "VoltMart", "CozyFeet Shoes"]),
    "recipe": (["Simply Supper", "The Flour Diaries", "Weeknight Plates"], ["Grandma's Table", "Spoon & Skillet"]),
    "sports": (["SportsDesk 24", "The Final Whistle", "Courtside Report"], ["Matchday Live", "Press Box Daily"]),
    "celebrity": (["StarBuzz", "Red Carpet Daily", "PopWire"], ["Glam Gazette", "The Spotlight"]),
    "travel": (["Wander Notes", "Passport Pages", "Roam & Rest"], ["Backroads Journal", "Globetrotter Guide"]),
    "company": (["Norvell Logistics", "Brightline Dental", "Ostrander Analytics", "Kestrel Roofing"], ["Halcyon Software", "Ridgeway Insurance"]),
    "terms": (["Pixelio", "ShopRight", "CloudNote"], ["StreamBox", "FitTrack"]),
    "login": (["MyAccount Portal", "Webmail", "Member Center"], ["Employee Self-Service", "Partner Hub"]),
    "docs": (["libfetch", "Quill ORM", "rapidjson-lite", "Nimbus CLI"], ["Corvid HTTP", "tinyqueue"]),
    "blog": (["Coffee and Chaos", "Notes from the Garden Shed", "Miles and Moments"], ["The Weekend Tinkerer", "Small Apartment Living"]),
    "hobby_forum": (["GarageTalk Forums", "ConsoleCorner", "TrailRigs Community"], ["Retro Gamers Hub", "HondaOwners Club"]),
    "error": (["", ""], ["", ""]),
    "links": (["Useful Links", "Resources Directory"], ["Partner Links", "Web Directory"]),
    "school_news": (["Lincoln High School", "Westbrook Academy", "Maple Grove Middle School"], ["Riverside Preparatory School", "St. Brigid's Secondary"]),
    "admissions": (["Northgate State University", "Harmon University", "Lakeshore College"], ["Marlow Technical University", "Bayview State College"]),
    "catalog": (["Northgate State University", "Pinecrest Community College", "Eastfield Institute of Technology"], ["Ashcombe University", "University of Kettering Falls"]),
    "faculty": (["University of Westbrook", "Harmon University"], ["St. Aldric's College", "Riverside Polytechnic"]),
    "study_tips": (["StudySmart Blog", "Campus Life Magazine", "The Grad Café"], ["Scholar's Notebook", "Learning Well"]),
    "product_faq": (["GadgetBarn", "BeanBox Coffee", "SoleMate Shoes", "PetPal Supplies"], ["VoltMart", "BloomBox Flowers"]),
    "weather": (["WeatherNow", "Regional Forecast Center"], ["SkyWatch Weather", "Coastal Weather Service"]),
    "stocks": (["MarketPulse", "The Trading Desk"], ["Ticker Daily", "Wall & Main"]),
    # test only
    "job_posting": ([], ["CareerLink", "HireDirect", "JobsBoard"]),
    "real_estate": ([], ["HomeFinder Realty", "Keystone Properties", "OpenDoor Listings"]),
    "exam_timetable": ([], ["Marlow Technical University", "Riverside Preparatory School", "Bayview State College"]),
    "tech_support": ([], ["TechSupport Forums", "PC Help Desk Community", "RouterFix Forum"]),
    "hotel_reviews": ([], ["StayAdvisor", "TripNotes", "HotelCritic"]),
}
TRAIN_NEG_KINDS = [k for k, v in NEG_SITES.items() if v[0]]
TEST_ONLY_NEG_KINDS = [k for k, v in NEG_SITES.items() if not v[0]]


def pick(r, *opts):
    return r.choice(opts)


def disciplines_seen(split):
    """Disciplines a negative page of this split may name: train pages never name the test-only
    ones, so those stay unseen in train altogether."""
    return [d for d in DISC if TEMPLATES[d]["train"]] if split == "train" else list(DISC)


def n_news(r, site, split):
    city = r.choice(CITIES)
    topic = r.randint(0, 4)
    fn, ln = person(r)
    L = [site, r.choice(["News | Local | Politics | Business | Opinion | Sports | Obituaries", "Home  World  Local  Business  Arts  Subscribe"])]
    if topic == 0:
        amt = r.randint(2, 90)
        L += ["%s council approves $%d million bridge repair plan" % (city, amt),
              "By %s %s | %s" % (fn, ln, date(r)),
              "The %s city council voted %d-%d on Tuesday night to approve a $%d million plan to repair the %s Street bridge, which has been closed to trucks since %s." % (
                  city, r.randint(5, 9), r.randint(0, 4), amt, r.choice(["Main", "Mill", "Water", "Bridge", "Elm"]), r.choice(MONTHS)),
              "Work is expected to begin in the spring and last about %d months. Detours will route traffic over the %s Road crossing." % (r.randint(6, 30), r.choice(["Old Mill", "Harbor", "County Line"])),
              "\"This bridge carries %s vehicles a day, and we simply cannot let it fall apart,\" said council member %s %s." % ("{:,}".format(r.randint(8, 40) * 1000), *person(r)),
              "Residents at the meeting raised questions about noise and parking during construction. The city said it would hold an open house next month."]
    elif topic == 1:
        L += ["%s opens new public library branch after two-year wait" % city, "%s — Staff report" % date(r),
              "Hundreds of residents lined up Saturday morning for the opening of the %s branch library, a %s-square-foot building with a makerspace, study rooms and a children's garden." % (
                  r.choice(["Eastside", "Northpoint", "Riverside", "Hilltop"]), "{:,}".format(r.randint(8, 30) * 1000)),
              "The project cost $%s million, funded mostly by a bond measure voters passed in %d." % (fmt(r.uniform(3, 20), 1), r.randint(2015, 2021)),
              "Library director %s %s said the branch will be open seven days a week." % person(r),
              "Related: Summer reading program sign-ups begin June 1"]
    elif topic == 2:
        L += ["Police investigate string of catalytic converter thefts in %s" % city, "Updated %s" % date(r),
              "Police in %s are asking residents to report suspicious activity after %d catalytic converters were stolen from parked cars in the past month." % (city, r.randint(6, 40)),
              "Most of the thefts happened overnight in apartment parking lots, according to a department spokesperson.",
              "Officers recommend parking in well-lit areas and engraving the vehicle's VIN on the part.",
              "Anyone with information is asked to call the non-emergency line."]
    elif topic == 3:
        L += ["Transit agency to add late-night bus service on %d routes" % r.randint(3, 9), "By %s %s, Transportation reporter" % (fn, ln),
              "Starting %s, buses on several of the busiest %s routes will run until 1 a.m. on weekdays, the regional transit agency announced." % (r.choice(MONTHS), city),
              "Ridership has recovered to about %d%% of pre-2020 levels, officials said, and late-evening trips are among the fastest-growing." % r.randint(70, 98),
              "Fares will not change. The agency is still hiring drivers and offering a $%s signing bonus." % "{:,}".format(r.choice([1000, 2500, 3000]))]
    else:
        L += ["Farmers market moves to %s Park for the summer season" % r.choice(["Central", "Veterans", "Riverside", "Lincoln"]),
              date(r), "The %s Farmers Market will set up in its new location every Saturday from 8 a.m. to 1 p.m. through October." % city,
              "More than %d vendors are expected, including bakers, flower growers and a cider press." % r.randint(30, 90),
              "Organizers said the move gives them more shade and parking. Dogs on leashes are welcome."]
    L += [r.choice(["Share this article: Facebook | X | Email", "Comments (%d)" % r.randint(0, 80)]),
          "© %d %s. All rights reserved. | Privacy Policy | Terms of Service" % (r.randint(2015, 2024), site)]
    return L


def n_shop(r, site, split):
    prod = r.choice([("Stainless Steel Insulated Water Bottle, 32 oz", "Kitchen & Dining", ["Double-wall vacuum insulation keeps drinks cold for 24 hours", "BPA-free lid with carry loop", "Fits most car cup holders"]),
                     ("Wireless Noise-Cancelling Headphones", "Electronics", ["Up to 30 hours of battery life", "Bluetooth 5.3 with multipoint pairing", "Foldable design with travel case"]),
                     ("Men's Waterproof Hiking Boots", "Shoes", ["Seam-sealed waterproof membrane", "Vibram outsole", "Weight: 1.2 lb per boot"]),
                     ("Cast Iron Skillet, 12 inch", "Cookware", ["Pre-seasoned and ready to use", "Works on induction, gas and in the oven", "Made in the USA"]),
                     ("LED Desk Lamp with USB Charging Port", "Home Office", ["5 brightness levels and 3 colour temperatures", "Touch controls", "Adjustable arm"]),
                     ("Kids' Bike, 20 inch", "Outdoors", ["Steel frame", "Coaster and hand brakes", "Recommended for ages 6–9"])])
    price = r.choice([19.99, 24.95, 39.99, 59.00, 89.99, 129.99, 149.00, 199.99])
    L = [site, r.choice(["Shop | Deals | New Arrivals | Gift Cards | Cart (0)", "Departments ▾  Search products  Sign in  Cart"]),
         "Home > %s > %s" % (prod[1], prod[0].split(",")[0]), prod[0],
         "★★★★☆ %s (%s reviews)" % (fmt(r.uniform(3.6, 4.9), 1), "{:,}".format(r.randint(12, 9000))),
         "$%s" % fmt(price, 2) + r.choice(["", "  List price: $%s" % fmt(price * 1.3, 2)]),
         r.choice(["In stock. Ships in 1–2 business days.", "Only %d left in stock — order soon." % r.randint(2, 9)]),
         "Color: " + r.choice(["Black", "Slate Blue", "Forest Green", "Sand"]), "Quantity: 1", "Add to cart", "Add to wish list",
         "About this item"] + prod[2] + [
         "Dimensions: %s × %s × %s in · Weight: %s lb" % (r.randint(3, 30), r.randint(2, 20), r.randint(1, 12), fmt(r.uniform(0.3, 25), 1)),
         "Customer reviews",
         "%s — %s" % (handle(r), r.choice(["Exactly as described", "Good value", "Returned it", "Works great after a month"])),
         r.choice(["Bought this for my brother and he loves it.", "Arrived a day early, packaging was fine.", "Runs a little small, order a size up.",
                   "Solid build. Would buy again."]),
         "Free shipping on orders over $%d | 30-day returns" % r.choice([25, 35, 50]),
         "© %d %s | Privacy | Terms | Accessibility" % (r.randint(2015, 2024), site)]
    if r.random() < 0.5:
        qa = r.sample([("Is it dishwasher safe?", "The body is hand-wash only; the lid can go on the top rack."),
                       ("Does it come with batteries?", "Yes, two AA batteries are included."),
                       ("What is the warranty?", "One year from the manufacturer."),
                       ("Will this fit a 2-inch opening?", "Yes, I measured mine and it fits."),
                       ("Is the color in the photo accurate?", "Mine is a little darker than the picture."),
                       ("Can it be used outdoors?", "Answer: only under cover, it is not waterproof.")], 2)
        i = L.index("Customer reviews")
        L[i:i] = ["Customer questions & answers"] + sum([["Question: " + q, "Answer: " + a] for q, a in qa], []) + ["See more answered questions (%d)" % r.randint(3, 60)]
    return L


def n_recipe(r, site, split):
    dish = r.choice([("Lemon Garlic Roast Chicken", ["1 whole chicken (about 4 lb)", "2 lemons", "6 cloves garlic", "2 tbsp olive oil", "1 tsp salt", "½ tsp black pepper"], 425, 75),
                     ("Easy Banana Bread", ["3 ripe bananas", "⅓ cup melted butter", "¾ cup sugar", "1 egg", "1 tsp baking soda", "1½ cups flour"], 350, 60),
                     ("Weeknight Vegetable Stir-Fry", ["2 cups broccoli florets", "1 red bell pepper", "2 tbsp soy sauce", "1 tbsp sesame oil", "1 tsp grated ginger", "2 cups cooked rice"], None, 20),
                     ("Classic Pancakes", ["1½ cups flour", "3½ tsp baking powder", "1 tbsp sugar", "1¼ cups milk", "1 egg", "3 tbsp butter"], None, 25),
                     ("Slow-Cooker Black Bean Chili", ["2 cans black beans (15 oz each)", "1 onion", "1 can diced tomatoes", "2 tsp chili powder", "1 tsp cumin", "1 cup corn"], None, 360)])
    name, ingr, oven, mins = dish
    L = [site, "Recipes | Dinner | Baking | Meal Plans | About", name,
         "Prep: %d min | Cook: %d min | Serves %d" % (r.randint(5, 20), mins, r.randint(2, 8)),
         r.choice(["This is the recipe I make when I have no time and everyone is hungry.", "My kids ask for this every week, and it comes together fast.",
                   "A reader favourite since we first posted it in %d." % r.randint(2012, 2021)]), "Ingredients"] + ingr + ["Instructions"]
    steps = ["Preheat the oven to %d°F." % oven] if oven else []
    steps += ["Prepare the ingredients and measure everything before you start.", r.choice(["Combine the wet ingredients in a large bowl.", "Heat the oil in a large pan over medium-high heat."]),
              r.choice(["Cook for %d minutes, stirring occasionally." % r.randint(5, 15), "Bake until golden, about %d minutes." % r.randint(25, 60)]), "Let rest 5 minutes before serving."]
    L += ["%d. %s" % (i, s_) for i, s_ in enumerate(steps, 1)]
    if r.random() < 0.4:
        L.append(r.choice(["Conversions: 1 cup = 240 mL, 1 tbsp = 15 mL, 350°F = 175°C.", "Tip: 1 stick of butter = ½ cup = 113 g."]))
    L += ["Nutrition (per serving): %d kcal, %d g protein, %d g carbs" % (r.randint(180, 650), r.randint(3, 40), r.randint(10, 80)),
          r.choice(["Did you make this recipe? Leave a comment below!", "Pin it for later"]), "© %d %s. All rights reserved." % (r.randint(2014, 2024), site)]
    return L


TEAMS = ["Riverton Hawks", "Port Ellis Mariners", "Cedar Falls Miners", "Lakeview Comets", "Ashford Rovers", "Millbrook Foxes",
         "Kingsbridge Royals", "Oakdale Thunder", "Harlow Giants", "Dunmore Wolves"]


def n_sports(r, site, split):
    t1, t2 = r.sample(TEAMS, 2)
    s1, s2 = r.randint(60, 120), r.randint(60, 120)
    sport = r.randint(0, 2)
    fn, ln = person(r)
    L = [site, "Scores | Schedule | Standings | Teams | Videos"]
    if sport == 0:
        L += ["%s %s %s %d-%d" % (t1, "beat" if s1 > s2 else "fall to", t2, max(s1, s2), min(s1, s2)),
              "%s %s scored %d points and grabbed %d rebounds as the %s %s on %s night." % (fn, ln, r.randint(18, 41), r.randint(4, 15), t1.split()[-1], "won" if s1 > s2 else "lost", r.choice(DAYS)),
              "The game was tied at %d at halftime before a %d-%d run in the third quarter." % (r.randint(40, 55), r.randint(9, 18), r.randint(0, 5)),
              "The %s are now %d-%d this season and host the %s on %s." % (t1.split()[-1], r.randint(10, 40), r.randint(5, 30), r.choice(TEAMS).split()[-1], r.choice(DAYS))]
    elif sport == 1:
        g1, g2 = r.randint(0, 4), r.randint(0, 4)
        L += ["%s %d, %s %d: late goal settles derby" % (t1, g1, t2, g2) if g1 != g2 else "%s and %s draw %d-%d" % (t1, t2, g1, g2),
              "A crowd of %s watched at %s Stadium." % ("{:,}".format(r.randint(8, 60) * 1000), r.choice(CITIES)),
              "%s %s opened the scoring in the %dth minute with a header from a corner." % (fn, ln, r.randint(5, 44)),
              "Possession: %d%% – %d%%. Shots on target: %d – %d." % (p_ := r.randint(35, 65), 100 - p_, r.randint(1, 9), r.randint(1, 9)),
              "Manager %s %s said afterwards the team \"showed character\"." % person(r)]
    else:
        L += ["%s edges %s in extra innings" % (t1, t2), "Final: %s %d, %s %d (11 innings)" % (t1, r.randint(3, 9), t2, r.randint(1, 2)),
              "%s %s drove in the winning run with a two-out single." % (fn, ln),
              "Starter %s %s allowed %d hits over %d innings and struck out %d." % (*person(r), r.randint(2, 8), r.randint(5, 8), r.randint(3, 11)),
              "The series continues %s at 7:05 p.m." % r.choice(DAYS)]
    L += ["Box score | Highlights | Post-game reaction", "© %d %s" % (r.randint(2015, 2024), site)]
    return L


def n_celebrity(r, site, split):
    fn, ln = person(r)
    fn2, ln2 = person(r)
    L = [site, "Celebrity | TV | Movies | Music | Style | Royals",
         r.choice(["%s %s and %s %s spotted together in %s" % (fn, ln, fn2, ln2, r.choice(["Malibu", "Paris", "Lake Como", "Aspen"])),
                   "%s %s stuns in custom gown at the %s premiere" % (fn, ln, r.choice(["festival", "awards", "film"])),
                   "%s %s confirms new album is coming this %s" % (fn, ln, r.choice(["summer", "fall", "winter"]))]),
         "By %s %s · %s" % (*person(r), date(r)),
         r.choice(["Fans went wild on social media after photos surfaced over the weekend.", "The star shared the news in a video posted to %d million followers." % r.randint(2, 90)]),
         "A source close to the couple told us, \"They're very happy and keeping things low-key.\"",
         r.choice(["Representatives did not respond to a request for comment.", "The pair first met on the set of a %d film." % r.randint(2010, 2022)]),
         "MORE: The best and worst looks from last night's red carpet", "Advertisement",
         "Sign up for our newsletter | Privacy | Terms | Do Not Sell My Info"]
    return L


def n_travel(r, site, split):
    place = r.choice(["Lisbon", "Kyoto", "Cape Town", "Reykjavík", "Oaxaca", "Edinburgh", "Hanoi", "Valparaíso"])
    days = r.randint(2, 5)
    L = [site, "Destinations | Itineraries | Travel Tips | About", "%d Days in %s: A Relaxed Itinerary" % (days, place),
         "Posted %s · %d min read" % (date(r), r.randint(4, 14)),
         "We spent %d days in %s in %s and loved every minute. Here is how we'd do it again." % (days, place, r.choice(MONTHS)),
         "Day 1: Old town and viewpoints", "Start early to beat the crowds, grab a pastry and coffee, and wander the main square before heading up to the best viewpoint in town.",
         "Day 2: Markets and museums", "The central market opens at 8 a.m. Budget about %d euros for lunch for two." % r.randint(20, 60),
         "Where to stay", "We stayed in a guesthouse near the river for about %d euros a night, including breakfast." % r.randint(60, 180),
         "Getting around", "A %d-hour transit pass costs %s and covers buses, trams and the metro." % (r.choice([24, 48, 72]), r.choice(["7 euros", "12 euros", "18 euros"])),
         r.choice(["Questions about visiting %s? Ask in the comments and I'll answer." % place, "This post contains affiliate links."]),
         "© %d %s | Privacy | Contact" % (r.randint(2015, 2024), site)]
    return L


def n_company(r, site, split):
    yr = r.randint(1962, 2015)
    fn, ln = person(r)
    L = [site, r.choice(["Home | Services | About Us | Careers | Contact", "Home | Solutions | Industries | About | Contact"]), "About %s" % site,
         "Founded in %d in %s, %s has grown from a two-person shop into a team of %d professionals serving clients across the region." % (yr, r.choice(CITIES), site, r.randint(12, 400)),
         r.choice(["Our mission is simple: deliver dependable work, on time, with no surprises.",
                   "We provide end-to-end solutions that answer the questions our customers actually have."]), "Our values",
         "Integrity — We do what we say.", "Craftsmanship — Quality is never an accident.", "Community — We give back through local partnerships.",
         "Leadership", "%s %s, Chief Executive Officer" % (fn, ln), "%s %s, Director of Operations" % person(r),
         r.choice(["We are proud to be ISO 9001 certified.", "Winner of the %d Regional Business Excellence Award." % r.randint(2016, 2023)]),
         "Get in touch: (555) %03d-%04d | info@%s.com" % (r.randint(100, 999), r.randint(0, 9999), site.lower().replace(" ", "")[:10]),
         "© %d %s. All rights reserved. Privacy Policy" % (r.randint(2018, 2024), site)]
    return L


def n_terms(r, site, split):
    L = [site, "Terms of Service", "Last updated: %s" % date(r),
         "Please read these Terms of Service (\"Terms\") carefully before using the %s website and mobile application (the \"Service\")." % site,
         "1. Acceptance of Terms", "By accessing or using the Service you agree to be bound by these Terms. If you disagree with any part of the terms, you may not access the Service.",
         "2. Accounts", "You must be at least %d years old to create an account. You are responsible for safeguarding your password." % r.choice([13, 16, 18]),
         "3. Subscriptions", "Some parts of the Service are billed on a subscription basis. Subscriptions renew automatically unless cancelled at least %d hours before the end of the billing cycle." % r.choice([24, 48]),
         "4. Termination", "We may terminate or suspend your account immediately, without prior notice, for any breach of these Terms.",
         "5. Limitation of Liability", "In no event shall %s be liable for any indirect, incidental, special or consequential damages." % site,
         "6. Governing Law", "These Terms are governed by the laws of the State of %s." % r.choice(["Delaware", "California", "New York", "Washington"]),
         "Contact us at legal@%s.com with any questions about these Terms." % site.lower()]
    return L


def n_login(r, site, split):
    L = [site, r.choice(["Sign in to your account", "Log in", "Welcome back"]), "Email or username", "Password",
         r.choice(["Remember me", "Keep me signed in"]), "Sign in", "Forgot your password?",
         r.choice(["New here? Create an account", "Don't have an account? Register"]),
         "Or continue with Google | Apple | Microsoft",
         r.choice(["For security reasons, please log out and close your browser when you are done.", "Your session will expire after %d minutes of inactivity." % r.choice([15, 20, 30])]),
         "Having trouble? Contact support at support@%s.com or call 1-800-555-%04d." % (site.lower().replace(" ", ""), r.randint(0, 9999)),
         "Privacy | Terms | Cookie settings | © %d" % r.randint(2016, 2024)]
    return L


def n_docs(r, site, split):
    fnm = r.choice(["connect", "fetch_all", "parse", "open_session", "retry", "configure"])
    L = [site + " documentation", "Docs | API Reference | Guides | Changelog | GitHub", "v%d.%d.%d" % (r.randint(0, 4), r.randint(0, 20), r.randint(0, 9)),
         "%s.%s()" % (site.split()[0].lower().replace("-", "_"), fnm),
         r.choice(["Opens a connection and returns a handle.", "Parses the input and returns a document object.", "Fetches all records matching the query."]),
         "Parameters", "timeout (float) – seconds to wait before giving up. Default: %d." % r.choice([5, 10, 30, 60]),
         "retries (int) – how many times to retry on a transient error. Default: %d." % r.randint(0, 5),
         "verbose (bool) – log each request.",
         r.choice(["pattern (str) – only keys matching this regular expression, e.g. \"^[a-z0-9_]+$\".", "encoding (str) – text encoding. Default: \"utf-8\".", "batch_size (int) – rows per request (max 1000)."]),
         "Returns", "A Result object. Raises TimeoutError if the deadline passes.",
         "Example", "import %s" % site.split()[0].lower().replace("-", "_"),
         "client = %s.Client(url=\"https://api.example.com\", timeout=%d)" % (site.split()[0].lower().replace("-", "_"), r.choice([5, 10, 30])),
         "for row in client.%s(limit=%d):" % (fnm, r.choice([10, 100, 500])), "    print(row.id, row.name)",
         "Note", r.choice(["Since version 2.0 the default timeout is 30 seconds.", "This function is not thread-safe; create one client per thread.",
                           "Deprecated aliases will be removed in the next major release."]),
         r.choice(["Questions? Ask on the discussion board or see the FAQ.", "Found a bug? Open an issue."]),
         "Edit this page on GitHub | Previous: Installation | Next: Error handling", "© %d The %s authors. Licensed under MIT." % (r.randint(2016, 2024), site)]
    return L


def n_blog(r, site, split):
    topic = r.randint(0, 3)
    L = [site, "Home | About | Archive | Contact"]
    if topic == 0:
        L += ["Our tomato experiment, week %d" % r.randint(3, 12), "Posted on %s" % date(r),
              "The raised bed finally got its first ripe tomatoes this week. After the late frost in %s I wasn't sure we'd get any at all." % r.choice(["April", "May"]),
              "The cherry varieties are way ahead of the beefsteaks. I've been watering every other morning and mulching with straw.",
              "Next year I want to try a drip line and fewer plants per square foot. If you have tips, leave them below!"]
    elif topic == 1:
        L += ["I tried waking up at 5 a.m. for a month", date(r),
              "Everyone online swears by it, so in %s I set my alarm for 5:00 and kept a little diary." % r.choice(MONTHS),
              "Week one was rough. By week three I was reading again, about %d pages a morning." % r.randint(10, 40),
              "Would I keep doing it? Honestly, only on weekdays. Saturdays are for sleeping in."]
    elif topic == 2:
        L += ["We adopted a dog!", date(r), "Meet %s, a %d-year-old %s from the %s shelter." % (r.choice(["Biscuit", "Luna", "Pepper", "Moose"]), r.randint(1, 8), r.choice(["beagle mix", "greyhound", "terrier", "lab mix"]), r.choice(CITIES)),
              "The first week involved a chewed shoe and a lot of walks. She already knows sit and stay.", "More photos soon."]
    else:
        L += ["Thoughts on moving to a smaller place", date(r), "We went from %d square feet to %d this year." % (r.randint(1400, 2400), r.randint(600, 1000)),
              "The hardest part was the books. The easiest was the garage, which we simply don't miss.", "Here's what I'd tell anyone thinking about downsizing: start a year early."]
    L += ["%d comments" % r.randint(0, 40), r.choice(["Filed under: life, home", "Tags: garden, summer"]), "© %d %s · Powered by WordPress" % (r.randint(2012, 2024), site)]
    return L


def n_hobby_forum(r, site, split):
    car = r.random() < 0.6
    asker = handle(r)
    L = [site, "Forums › %s" % (r.choice(["Maintenance & Repair", "Engine & Drivetrain", "HVAC & Electrical"]) if car else r.choice(["PC Gaming", "Retro Consoles", "Multiplayer"]))]
    if car:
        model = r.choice(["2012 Civic", "2009 F-150", "2015 Camry", "2011 Outback", "2008 Jetta"])
        q = r.choice(["AC blows warm air on my %s — what should I check first?" % model, "Squealing noise when braking, %s" % model,
                      "Check engine light P0420 on %s, worth fixing?" % model, "How do I reset the TPMS light on a %s?" % model])
        L += ["Thread: " + q, "%s — %s" % (asker, date(r, 3)),
              r.choice(["Compressor clicks on but the air is only cool at idle. Recharged it last summer.", "Started last week, only when the car is cold.",
                        "Light came on after a long highway drive. Car runs fine otherwise."]),
              "Any ideas before I take it to the shop? Quotes are around $%d." % r.choice([300, 600, 900, 1500]),
              r.choice(["%s — Reply" % handle(r), "Best answer · %s" % handle(r), "%s — Accepted answer" % handle(r)]),
              r.choice(["Check the condenser fan first. Mine had a bad relay, $15 fix.", "Sounds like the wear indicators. Pull a wheel and look at the pads.",
                        "Could just be an O2 sensor. Get the codes read for free at the parts store.",
                        "Torque spec for the lug nuts = 80 ft-lb, do them in a star pattern."]),
              "%s — Reply" % asker, "Thanks, will try that this weekend and report back."]
    else:
        game = r.choice(["Elden Ring", "Stardew Valley", "Minecraft", "Zelda: Breath of the Wild", "Counter-Strike 2"])
        L += ["Thread: Is it worth upgrading my GPU for %s?" % game if r.random() < 0.5 else "Thread: Best settings for %s on a laptop?" % game,
              "%s — %s" % (asker, date(r, 3)), "I get about %d fps at 1080p on medium. Would a new card help or is my CPU the bottleneck?" % r.randint(25, 60),
              "%s — Reply" % handle(r), "Turn off motion blur and drop shadows to medium, that alone gave me +15 fps.",
              "%s — Reply" % handle(r), "Honestly it depends on the CPU. What do you have?"]
    L += ["%d replies · %s views" % (r.randint(2, 60), "{:,}".format(r.randint(100, 30000))), "Forum rules | Contact us | Privacy | Top"]
    return L


def n_error(r, site, split):
    code = r.choice([404, 404, 403, 500, 503])
    msg = {404: ["404 Not Found", "The page you requested could not be found.", "It may have been moved or deleted."],
           403: ["403 Forbidden", "You don't have permission to access this resource on this server."],
           500: ["500 Internal Server Error", "The server encountered an internal error and was unable to complete your request."],
           503: ["503 Service Unavailable", "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later."]}[code]
    L = list(msg)
    L += [r.choice(["Go back to the homepage", "Return to previous page", "Try searching our site:"]),
          r.choice(["Popular pages: Home | Products | Support | Blog | Contact", "Search | Sitemap | Help"]),
          r.choice(["Apache/2.4.%d (Ubuntu) Server at www.example.org Port 443" % r.randint(10, 58), "nginx/1.%d.%d" % (r.randint(14, 25), r.randint(0, 9)),
                    "Request ID: %08x-%04x" % (r.randint(0, 2 ** 32 - 1), r.randint(0, 65535))]),
          "If you believe this is an error, contact the site administrator and include the address you were trying to reach and the time of the error."]
    return L


def n_links(r, site, split):
    cats = r.sample([("Local government", ["City Hall", "County Clerk", "Parks & Recreation", "Public Works"]),
                     ("Community", ["Food Bank", "Senior Center", "Animal Shelter", "Volunteer Fire Department"]),
                     ("Shopping", ["Downtown Merchants Association", "Farmers Market", "Antique Mall"]),
                     ("Media", ["The Riverton Ledger", "KRVN 89.1 FM", "Channel 6 News"]),
                     ("Recreation", ["Golf Club", "Ski Area", "Bike Trails Map", "Public Pool Schedule"]),
                     ("Health", ["Regional Hospital", "Urgent Care", "Blood Drive Calendar"])], r.randint(3, 5))
    L = [site, "Home | Links | Submit a site | Contact", "Links and resources for %s residents" % r.choice(CITIES),
         "We are not responsible for the content of external sites."]
    for c, items in cats:
        L.append(c)
        L += ["%s — www.%s.org" % (it, it.lower().replace(" ", "").replace("&", "and")[:18]) for it in items]
    L += ["Last checked %s. Report a broken link." % date(r), "© %d %s" % (r.randint(2005, 2024), site)]
    return L


def n_school_news(r, site, split):
    fn, ln = person(r)
    L = [site, "Home | About | Academics | Athletics | Parents | News & Events", "News"]
    items = r.sample([
        "Congratulations to our %d seniors who graduated on %s! The ceremony was held in the gymnasium and streamed online." % (r.randint(80, 400), date(r)),
        "Our Science Olympiad team placed %s at the regional competition and will advance to the state tournament in %s." % (r.choice(["first", "second", "third"]), r.choice(MONTHS)),
        "Reminder: state exams for grades 3–8 begin the week of %s. Please make sure students get plenty of sleep and eat breakfast." % date(r),
        "Parent–teacher conferences will be held %s from 4 to 7 p.m. Sign up for a time slot through the parent portal." % r.choice(DAYS),
        "The library is collecting gently used books for the spring book swap. Drop-off bins are at the front office.",
        "Ms. %s's fourth-grade class raised $%d for the local animal shelter with a bake sale." % (ln, r.randint(150, 900)),
        "Students in the robotics club will demonstrate their projects at the open house on %s." % date(r),
        "Picture day retakes are scheduled for %s. Order forms were sent home in backpacks." % date(r),
        "The cafeteria menu for next month is now posted. Free and reduced lunch applications are available online."], r.randint(3, 5))
    for it in items:
        L += [it.split(".")[0][:70], it]
    L += ["Principal: %s %s" % (fn, ln), "%d %s Road, %s | Phone (555) %03d-%04d" % (r.randint(10, 999), r.choice(["School", "College", "Oak", "Hill"]), r.choice(CITIES), r.randint(100, 999), r.randint(0, 9999)),
          "Non-discrimination statement | Accessibility | Staff login"]
    return L


def n_admissions(r, site, split):
    L = [site, "Admissions | Academics | Research | Campus Life | Give", "Undergraduate Admissions", "How to apply",
         "First-year applicants apply through the Common App or our own application. The priority deadline is %s 1." % r.choice(["November", "December", "January"]),
         "What we look for", "We review every application holistically: your coursework, grades, essays, recommendations and activities all matter.",
         "Test-optional policy", "SAT and ACT scores are optional for applicants through the %d entering class. If you submit scores, we consider the highest section scores across test dates." % r.randint(2025, 2028),
         "Application checklist", "Application and $%d fee (waivers available)" % r.choice([50, 60, 75]), "High school transcript", "One teacher recommendation", "Personal essay (650 words max)",
         "Tuition and aid", "Tuition for %d–%d is $%s for in-state students. About %d%% of students receive financial aid." % (y := r.randint(2022, 2025), y + 1, "{:,}".format(r.randint(9, 30) * 1000), r.randint(40, 90)),
         "Visit campus", "Tours run Monday through Friday at 10 a.m. and 2 p.m. Questions? Email admissions@%s.edu." % site.split()[0].lower(),
         "Apply now | Request info | Virtual tour", "© %d %s" % (r.randint(2018, 2024), site)]
    return L


def n_catalog(r, site, split):
    dept = r.choice(disciplines_seen(split))
    label, courses, _, deptname = DISC[dept]
    L = [site, "Course Catalog %d–%d" % (y := r.randint(2018, 2024), y + 1), "Department of %s" % deptname,
         "Courses numbered 100–299 are lower-division; 300 and above are upper-division."]
    for code, title in courses:
        cr = r.choice([3, 3, 4, 1])
        L += ["%s %s (%d credits)" % (code, title, cr),
              r.choice(["Introduces the core ideas of the field through lectures, readings and weekly problem sets.",
                        "Topics include %s. Emphasis on problem solving and applications." % ", ".join(r.sample(["foundations", "methods", "modelling", "history of the discipline", "laboratory techniques", "case studies"], 3)),
                        "Continuation of the introductory sequence with a required laboratory section."]),
              "Prerequisite: %s. Offered: %s." % (r.choice(["none", "placement exam", "%s with a grade of C or better" % courses[0][0]]), r.choice(["Fall", "Spring", "Fall, Spring", "Every semester"]))]
    L += ["Grading is based on homework, two midterm exams and a final exam unless otherwise noted.",
          "See the Registrar's page for the schedule of classes. | Catalog archive | Print this page"]
    return L


def n_faculty(r, site, split):
    dept = r.choice(disciplines_seen(split))
    L = [site, "Department of %s" % DISC[dept][3], "Faculty and Staff"]
    for _ in range(r.randint(2, 4)):
        fn, ln = person(r)
        L += ["Dr. %s %s" % (fn, ln), r.choice(["Professor", "Associate Professor", "Assistant Professor", "Senior Lecturer"]) + " of " + DISC[dept][3],
              "Ph.D., %s, %d" % (r.choice(["University of Michigan", "ETH Zürich", "University of Toronto", "Stanford University", "University of Edinburgh"]), r.randint(1988, 2019)),
              r.choice(["Dr. %s teaches introductory and upper-level courses and received the college's teaching award in %d." % (ln, r.randint(2010, 2023)),
                        "Research interests include %s. Dr. %s has advised more than %d graduate students." % (r.choice(["applied modelling", "education research", "data analysis", "field studies"]), ln, r.randint(5, 40)),
                        "Before joining the faculty, Dr. %s worked in industry for %d years." % (ln, r.randint(3, 15))]),
              "Office: %s Hall %d | Office hours: %s %d–%d pm" % (r.choice(["Science", "Main", "Carver", "Hayes"]), r.randint(100, 450), r.choice(["Mon/Wed", "Tue/Thu"]), r.randint(1, 3), r.randint(4, 5))]
    L += ["Directory | Employment opportunities | Contact the department"]
    return L


def n_study_tips(r, site, split):
    tips = ["Space out your study sessions instead of cramming the night before the exam.", "Test yourself: close the book and write down everything you remember.",
            "Sleep at least seven hours before a big test — memory consolidates while you sleep.", "Put your phone in another room while you study.",
            "Use the Pomodoro technique: 25 minutes on, 5 minutes off.", "Teach the material to a friend or even to your dog.",
            "Mix up different kinds of problems instead of doing the same type over and over.", "Go to office hours early in the semester, not the week before finals.",
            "Keep a list of questions you got wrong and review it weekly.", "Eat a real breakfast on exam day.",
            "Study in the same kind of room where you'll take the exam.", "Make a realistic weekly schedule and stick to it."]
    n = r.choice([5, 7, 8, 10])
    chosen = r.sample(tips, min(n, len(tips)))
    L = [site, "Blog | Student Life | Careers | Study Skills", "%d Tips to Study Better for Your Exams" % len(chosen) if r.random() < 0.5 else "How to Study Smarter, Not Harder: %d Proven Tips" % len(chosen),
         "By %s %s · %s" % (*person(r), date(r)),
         r.choice(["Finals season is here, and if you're like most students, you've asked yourself how to get more done in less time.",
                   "We surveyed %d students and asked what actually works. Here's what they said." % r.randint(200, 3000)])]
    for i, t in enumerate(chosen, 1):
        L.append("%d. %s" % (i, t))
    L += ["What's your best study tip? Let us know in the comments.", "Related: How to write a great college essay", "© %d %s" % (r.randint(2015, 2024), site)]
    return L


def n_product_faq(r, site, split):
    qa = [("How long does shipping take?", "Standard shipping takes %d–%d business days. Express orders placed before 2 p.m. ship the same day." % (r.randint(2, 4), r.randint(5, 8))),
          ("What is your return policy?", "You can return unused items within %d days for a full refund. Return shipping is free for exchanges." % r.choice([14, 30, 60])),
          ("Do you ship internationally?", "Yes, we ship to %d countries. Duties and taxes are calculated at checkout." % r.randint(20, 90)),
          ("How do I track my order?", "Once your order ships, you'll get an email with a tracking number."),
          ("Can I change or cancel my order?", "Orders can be changed within %d minutes of purchase. After that they go straight to our warehouse." % r.choice([30, 60])),
          ("What payment methods do you accept?", "Visa, Mastercard, American Express, PayPal and gift cards."),
          ("Is my payment information secure?", "Yes. All transactions are encrypted and we never store your full card number."),
          ("How do I redeem a promo code?", "Enter the code at checkout in the field marked 'Discount code'. One code per order."),
          ("What is the warranty on your products?", "Most products carry a %d-year limited warranty against manufacturing defects." % r.choice([1, 2, 5])),
          ("Do you offer student discounts?", "Yes — verified students get %d%% off full-price items." % r.choice([10, 15, 20]))]
    chosen = r.sample(qa, r.randint(5, 9))
    L = [site, r.choice(["Shop | Help Center | Track Order | Cart", "Home › Help › FAQ"]), r.choice(["Frequently Asked Questions", "FAQ", "Help Center: Common questions"])]
    lab = r.randint(0, 2)
    for q, a in chosen:
        if lab == 0:
            L += [q, a]
        elif lab == 1:
            L += ["Q: " + q, "A: " + a]
        else:
            L += ["Question: " + q, "Answer: " + a]
    L += ["Still have questions? Chat with us 9am–6pm ET or email help@%s.com." % site.lower().replace(" ", "").replace(".", ""), "© %d %s | Privacy | Terms" % (r.randint(2016, 2024), site)]
    return L


def n_weather(r, site, split):
    city = r.choice(CITIES)
    hi, lo = r.randint(40, 95), None
    lo = hi - r.randint(8, 25)
    L = [site, "Forecast | Radar | Severe Weather | Maps", "%s, %s Weather" % (city, r.choice(["OR", "ME", "TX", "OH", "CO", "GA"])),
         "Updated %s %d:%02d %s" % (date(r), r.randint(1, 12), r.randint(0, 59), r.choice(["AM", "PM"])),
         "Now: %d°F, %s. Feels like %d°F. Wind %s %d mph. Humidity %d%%." % (hi - r.randint(0, 8), r.choice(["partly cloudy", "sunny", "light rain", "overcast"]), hi - r.randint(0, 10), r.choice(["NW", "SW", "E", "S"]), r.randint(2, 25), r.randint(20, 95)),
         "Today: High %d°F. %s" % (hi, r.choice(["Chance of showers 40%.", "Clear skies.", "Thunderstorms possible after 3 p.m."])), "Tonight: Low %d°F." % lo, "7-day forecast"]
    wk = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    k0 = r.randint(0, 6)
    for d in wk[k0:] + wk[:k0]:
        L.append("%s  %d° / %d°  %s  Precip %d%%" % (d, hi + r.randint(-6, 6), lo + r.randint(-6, 6), r.choice(["Sunny", "Cloudy", "Rain", "T-storms", "Showers", "Fog"]), r.randint(0, 90)))
    L += [r.choice(["Air quality: Good (AQI %d)" % r.randint(10, 50), "UV index: %d (%s)" % (u := r.randint(1, 11), "high" if u > 5 else "moderate")]),
          "Sunrise %d:%02d AM · Sunset %d:%02d PM" % (r.randint(5, 7), r.randint(0, 59), r.randint(5, 8), r.randint(0, 59)),
          "© %d %s. Data from the National Weather Service." % (r.randint(2018, 2024), site)]
    return L


def n_stocks(r, site, split):
    idx = r.randint(28000, 39000)
    ch = r.uniform(-2, 2)
    L = [site, "Markets | Stocks | Crypto | Personal Finance | Watchlist",
         "Stocks %s as investors weigh %s" % ("rise" if ch > 0 else "slip", r.choice(["earnings reports", "inflation data", "Fed comments", "oil prices", "jobs report"])),
         "%s · %d:%02d p.m. ET" % (date(r), r.randint(1, 4), r.randint(0, 59)),
         "The Dow Jones Industrial Average %s %s points, or %s%%, to %s. The S&P 500 %s %s%% and the Nasdaq Composite %s %s%%." % (
             "gained" if ch > 0 else "lost", "{:,}".format(int(abs(ch) * idx / 100)), fmt(abs(ch), 2), "{:,}".format(idx), "rose" if ch > 0 else "fell", fmt(abs(ch) * 0.9, 2),
             "added" if ch > 0 else "dropped", fmt(abs(ch) * 1.2, 2)),
         "Shares of %s jumped %s%% after the company raised its full-year outlook." % (r.choice(["Acme Corp.", "Northwind Traders", "Globex", "Initech"]), fmt(r.uniform(3, 15), 1)),
         "The 10-year Treasury yield was at %s%%. Crude oil settled at $%s a barrel." % (fmt(r.uniform(2.5, 5), 2), fmt(r.uniform(60, 95), 2)),
         "Top movers", "%s +%s%%" % (r.choice(["NWND", "ACME", "GLBX"]), fmt(r.uniform(2, 12), 1)), "%s -%s%%" % (r.choice(["INTC", "HOOL", "UMBR"]), fmt(r.uniform(2, 9), 1)),
         "Market data delayed at least 15 minutes. Not investment advice.", "© %d %s" % (r.randint(2015, 2024), site)]
    return L


# ---- test-only kinds ----
def n_job_posting(r, site, split):
    role, emp, pay = r.choice([("Warehouse Associate", "Norvell Logistics", 34), ("Senior Data Engineer", "Halcyon Software", 135),
                               ("Registered Nurse – Night Shift", "Brightline Health", 78), ("Customer Success Manager", "Ridgeway Insurance", 68),
                               ("High School Math Teacher", "Riverton Unified School District", 52), ("Line Cook", "The Copper Pot", 36),
                               ("Payroll Specialist", "Kestrel Roofing", 55)])
    lo_ = pay * 1000 + r.randint(-4, 4) * 1000
    L = [site, "Find jobs | Company reviews | Salaries | Post a job", role, "%s — %s" % (emp, r.choice(CITIES)),
         "$%s – $%s a year · Full-time" % ("{:,}".format(lo_), "{:,}".format(lo_ + r.randint(5, 30) * 1000)),
         "Posted %d days ago · %d applicants" % (r.randint(1, 30), r.randint(3, 200)), "About the role",
         r.choice(["We are looking for a reliable, detail-oriented person to join our growing team.", "You will work closely with a small team and report to the department lead."]),
         "Responsibilities", "Collaborate with colleagues across departments", "Maintain accurate records", "Follow all safety and compliance procedures",
         "Qualifications", r.choice(["Bachelor's degree or equivalent experience", "High school diploma or GED", "Valid state license or certification"]),
         "%d+ years of relevant experience" % r.randint(1, 7), "Benefits: health, dental and vision insurance; 401(k) with match; paid time off",
         "Apply now | Save job | Report this listing", "%s is an equal opportunity employer." % site]
    return L


def n_real_estate(r, site, split):
    beds, baths = r.randint(1, 5), r.choice([1, 1.5, 2, 2.5, 3])
    sqft = r.randint(6, 35) * 100
    L = [site, "Buy | Rent | Sell | Mortgage calculator | Agents",
         "%d %s %s, %s" % (r.randint(10, 9999), r.choice(["Maple", "Cedar", "Sunset", "Harbor View", "Willow"]), r.choice(["Ave", "St", "Ct", "Dr"]), r.choice(CITIES)),
         "$%s" % "{:,}".format(price_ := r.randint(150, 1200) * 1000), "%d bd | %s ba | %s sqft" % (beds, fmt(baths), "{:,}".format(sqft)),
         "Est. payment $%s/mo" % "{:,}".format(int(price_ * r.uniform(0.0055, 0.0075))),
         r.choice(["Charming craftsman with original hardwood floors and a big backyard.", "Move-in ready condo close to shops, parks and the light rail.",
                   "Updated kitchen with quartz counters, new roof in %d." % r.randint(2015, 2023)]),
         "Facts and features", "Year built: %d" % r.randint(1910, 2020), "Lot: %s acres" % fmt(r.uniform(0.05, 1.5), 2), "Heating: forced air", "Living room: %d × %d ft" % (r.randint(11, 18), r.randint(12, 24)), "Parking: %d-car garage" % r.randint(1, 3),
         "HOA: $%d/month" % r.choice([0, 150, 320, 450]), "Listed by %s %s, %s Realty" % (*person(r), r.choice(["Keystone", "Harbor", "Summit"])),
         "Schedule a tour | Contact agent", "Information deemed reliable but not guaranteed. Equal Housing Opportunity."]
    return L


def n_exam_timetable(r, site, split):
    season, yr = r.choice([("Fall", 12), ("Spring", 5), ("Winter", 3)]), r.randint(2016, 2025)
    term = "%s %d" % (season[0], yr)
    L = [site, "Students | Registrar | Academic Calendar", "%s Final Examination Schedule" % term,
         "Final exams are held in the room where the class normally meets unless otherwise noted. Students with three or more exams on the same day may request a conflict exam through the Registrar by %s." % date(r),
         "Bring your student ID card to every exam. Phones and smart watches must be switched off and stored in your bag."]
    for _ in range(r.randint(5, 10)):
        code, title = r.choice(r.choice(list(DISC.values()))[1])
        L.append("%s %s — %s %d %s %d — %s" % (code, title, r.choice(DAYS)[:3] + ",", r.randint(8, 19), MONTHS[season[1] - 1][:3], yr,
                                              r.choice(["8:00–10:30 am", "11:00 am–1:30 pm", "2:00–4:30 pm", "6:30–9:00 pm"])))
    L += ["Accommodations: students registered with Disability Services should book exams at least 7 days in advance.",
          "Grades will be posted to the student portal within 72 hours of the exam.", "Questions? registrar@%s.edu" % site.split()[0].lower()]
    return L


def n_tech_support(r, site, split):
    asker = handle(r)
    issue = r.choice([("Wi-Fi keeps dropping every few minutes on Windows 11", "Go to Device Manager, open the adapter properties and untick 'Allow the computer to turn off this device to save power'."),
                      ("Printer shows offline even though it's connected", "Remove the printer, restart the print spooler service and add it again by IP address."),
                      ("Laptop fan runs constantly after update", "Check Task Manager for a runaway process. In my case it was the search indexer; rebuilding the index fixed it."),
                      ("Router reboots itself at night", "Look for a scheduled reboot setting in the admin page. Also update the firmware."),
                      ("External drive not showing up in File Explorer", "Open Disk Management. If the drive shows as unallocated, assign it a letter; don't format unless you have a backup.")])
    L = [site, "Forums › Windows › Networking & Hardware", "Thread: " + issue[0],
         "%s — %s" % (asker, date(r, 3)), "Any ideas? I've already tried restarting and reinstalling the driver. Version %d.%d." % (r.randint(1, 23), r.randint(0, 9)),
         r.choice(["%s (Moderator) — Reply" % handle(r), "Best answer · %s (Moderator)" % handle(r)]), issue[1],
         r.choice(["", "If that doesn't help, set MTU = 1492 on the router and reboot.", "Question: did this start after the last update?"]),
         "%s — Reply" % asker, r.choice(["That fixed it, thank you!", "Tried it, no luck so far.", "Will try tonight."]),
         "Marked as solved" if r.random() < 0.5 else "%d replies" % r.randint(2, 20), "Community guidelines | Privacy | Contact"]
    return L


def n_hotel_reviews(r, site, split):
    hotel = r.choice(["Harborview Inn", "The Grand Meridian", "Pine Lodge Resort", "Hotel Azul", "Riverside Suites"])
    L = [site, "Hotels | Flights | Things to do | Reviews", "%s, %s" % (hotel, r.choice(CITIES)),
         "%s of 5 · %s reviews · #%d of %d hotels in town" % (fmt(r.uniform(3, 4.9), 1), "{:,}".format(r.randint(50, 4000)), r.randint(1, 20), r.randint(20, 80))]
    for _ in range(r.randint(2, 4)):
        L += ["%s — %s" % (handle(r), r.choice(["Great location, tiny rooms", "Perfect weekend getaway", "Would not stay again", "Friendly staff, noisy street"])),
              "Stayed %s %d. %s" % (r.choice(MONTHS), r.randint(2017, 2024), r.choice(["The breakfast buffet was excellent and the pool was clean.", "Check-in took 40 minutes and the AC was broken.",
                                                                                         "Walking distance to everything. Parking is $%d a night." % r.randint(10, 45)]))]
    L += ["Prices from $%d/night" % r.randint(80, 400), "Check availability", "Reviews are the subjective opinions of members. © %d %s" % (r.randint(2016, 2024), site)]
    return L


NEG_FN = {"news": n_news, "shop": n_shop, "recipe": n_recipe, "sports": n_sports, "celebrity": n_celebrity, "travel": n_travel,
          "company": n_company, "terms": n_terms, "login": n_login, "docs": n_docs, "blog": n_blog, "hobby_forum": n_hobby_forum,
          "error": n_error, "links": n_links, "school_news": n_school_news, "admissions": n_admissions, "catalog": n_catalog,
          "faculty": n_faculty, "study_tips": n_study_tips, "product_faq": n_product_faq, "weather": n_weather, "stocks": n_stocks,
          "job_posting": n_job_posting, "real_estate": n_real_estate, "exam_timetable": n_exam_timetable,
          "tech_support": n_tech_support, "hotel_reviews": n_hotel_reviews}
HARD_NEG_KINDS = ["school_news", "admissions", "catalog", "faculty", "study_tips", "product_faq", "hobby_forum", "weather", "stocks",
                  "docs", "exam_timetable", "tech_support"]


def negative_page(r, split, kind):
    names = NEG_SITES[kind][0 if split == "train" else 1]
    site = r.choice(names) if names and names[0] else ""
    lines = NEG_FN[kind](r, site, split)
    if len(lines) > 2 and "|" in lines[1] and "Sign in" not in lines[1] and "Log in" not in lines[1] and r.random() < 0.4:
        lines[1] += r.choice([" | Sign in", " | Log in", " | Sign in | Subscribe"])
    return furnish(r, "\n".join(l for l in lines if l.strip()))[:5900]


# --------------------------------------------------------------------------- real pages: labels
# Every real page not listed here is a negative. Reasons are one line each.
REAL_POSITIVES = {
    "https://www.finance-basics.org/faq/compound-interest": "FAQ with worked compound-interest and APY calculations ($1,000 at 5% -> $1,102.50)",
    "https://www.microecon-notes.net/elasticity/faq": "elasticity FAQ with a worked midpoint-method problem and its answer (1.29, elastic)",
    "https://learn.physicshub.org/faq/newtons-second-law": "physics FAQ solving F = ma for a 1200 kg car (3.0 kN)",
    "https://www.physicshomeworkhelp.net/questions/1187/heat-needed-to-melt-ice": "homework Q&A: heat to melt 250 g of ice, best answer 83.5 kJ",
    "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q10287654321": "Japanese Q&A: factor x^2 - 5x + 6 = 0, answered x = 2, 3",
    "http://www.EconTutor.net:8080/questions/318/real-gdp-from-nominal-gdp": "economics tutor Q&A: real GDP from nominal GDP and deflator, plus a related solved question",
    "https://math.stackexchange.com/questions/4821937/derivative-of-x2-sin-x": "math.SE question on the product rule with the worked derivative",
    "https://physics.stackexchange.com/questions/781204/time-of-flight-for-a-ball-thrown-straight-up": "physics.SE kinematics question with worked answers (3.0 s)",
    "https://chemistry.stackexchange.com/questions/176455/ph-of-a-0-010-m-hydrochloric-acid-solution": "chemistry.SE pH question answered (pH = 2.00)",
    "https://www.kinematics-tutor.com/practice/set-3": "kinematics practice set with Question/Answer pairs",
    "https://www.personalfinance-qa.com/time-value-of-money": "finance Q/A: present value and current yield with answers",
    "https://www.mathcontest-prep.org/probability/problem-4": "contest probability problem with full solution (3/4)",
    "https://www.chem101-review.com/exams/midterm-practice": "chemistry midterm practice with (A)-(D) choices and an answer key",
    "https://www.freefall-physics.net/q/stone-dropped-from-30-6-m": "free-fall question with worked solution (2.5 s)",
    "https://www.chemprep-practice.org/quizzes/stoichiometry-1": "stoichiometry quiz with definite answers (the third answered on the page)",
    "https://www.mathhomework-answers.com/q/2291/solve-3x-plus-7-equals-22": "algebra homework question with best answer x = 5",
    "https://www.macroecon-study.com/multiplier-practice": "multiplier practice, Q1/Q2 with answers (5; $100 billion)",
    "http://www.chemistry-tutorials.org/moles/exercise-2": "worked chemistry exercise: grams of NaCl in 0.500 mol (29.2 g)",
    "https://www.forces-quiz.net/unit-3": "forces quiz with A)-D) choices and an answer list",
}
# Real positives held out for the test file (all other real positives go to train).
REAL_TEST_POSITIVES = ["https://learn.physicshub.org/faq/newtons-second-law",
                       "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q10287654321",
                       "https://www.chem101-review.com/exams/midterm-practice",
                       "https://www.forces-quiz.net/unit-3"]
# Negatives worth a note (they look like Q&A or education but are not):
REAL_NEGATIVE_NOTES = {
    "https://commoncrawl.org/faq": "FAQ about a product (the crawler), no exercises",
    "http://www.archive.org/about/faqs.php": "site help FAQ",
    "http://data.gov.uk/faq": "project FAQ (Q. What is the project doing?)",
    "http://www.archive.org/details/education": "collection listing of course videos, no questions",
    "https://maria-antoniak.github.io/2018/11/19/data-science-crash-course.html": "blog post listing study resources, no solved problems",
    "https://www.teachingmathblog.com/2024/02/should-students-memorize-formulas/": "blog on teaching that says 'the answer is no'",
    "https://www.physicsforums-community.org/threads/halliday-10th-edition-solutions.88213/": "thread asking where to find a solutions manual; nothing solved",
    "https://www.studyguide-archive.net/calculus/derivatives-review": "review note; its Q/A markers sit only in script and comments",
    "http://www.archive.org/iathreads/post-view.php?id=191028": "forum post titled 'How many hours in a day', a chat, not an exercise",
}
# Left out entirely: explicit adult spam from the CC-MAIN-2020-34 sample (resiliparse warcfile).
REAL_EXCLUDE = {
    "http://037426.cn/": "adult keyword spam in the title",
    "http://0513mt.com/index.php/art/detail/id/8884.html": "adult video listing",
    "http://05925.net/index.php/vod/type/id/53.html": "adult video listing",
    "http://096355.com/video/11073.html?11073-0-2": "adult video page",
}
NEAR_DUP_JACCARD = 0.6


def shingles(text):
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i:i + 5]) for i in range(max(1, len(w) - 4))}


def drop_near_duplicates(pages):
    """Keep a page only if its word 5-gram Jaccard with every kept page is <= NEAR_DUP_JACCARD
    (the 29 nearly identical product pages of one Japanese shop, and archive.org pages that are
    mostly navigation, would otherwise dominate)."""
    kept, sh = [], []
    for pg in pages:
        s_ = shingles(pg[1])
        if any(len(s_ & t) / len(s_ | t) > NEAR_DUP_JACCARD for t in sh):
            continue
        kept.append(pg)
        sh.append(s_)
    return kept


def host_of(url):
    h = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return h[4:] if h.startswith("www.") else h


def split_real(r, pages):
    """-> (train, test) lists of (url, text, label). Negatives are split by host so that pages of
    one site never sit on both sides; about a third of them go to test."""
    pos = [(u, t, 1) for u, t, _ in pages if u in REAL_POSITIVES]
    neg = [(u, t, 0) for u, t, _ in pages if u not in REAL_POSITIVES]
    train = [p for p in pos if p[0] not in REAL_TEST_POSITIVES]
    test = [p for p in pos if p[0] in REAL_TEST_POSITIVES]
    hosts = {}
    for p in neg:
        hosts.setdefault(host_of(p[0]), []).append(p)
    order = sorted(hosts)
    r.shuffle(order)
    target = round(len(neg) / 3)
    ntest = 0
    for h in order:
        if ntest + len(hosts[h]) <= target + 2:
            test += hosts[h]
            ntest += len(hosts[h])
        else:
            train += hosts[h]
    return train, test


# --------------------------------------------------------------------------- assembly
SEED = 20240611
TARGET = {"train": (400, 400), "test": (150, 150)}   # (positives, negatives)


def written_records(r, split, n_pos, n_neg, seen):
    recs = []
    styles = TRAIN_STYLES if split == "train" else TEST_STYLES
    discs = TRAIN_DISCIPLINES if split == "train" else TEST_DISCIPLINES
    shared = [d for d in discs if d not in TEST_ONLY_DISCIPLINES]
    i = 0
    while sum(1 for x in recs if x[2] == 1) < n_pos:
        style = styles[i % len(styles)]
        if split == "test" and i % 5 in (1, 3):
            disc = TEST_ONLY_DISCIPLINES[(i // 5 * 2 + (i % 5 == 3)) % len(TEST_ONLY_DISCIPLINES)]
        elif split == "test":
            disc = r.choice(shared)
        else:
            disc = discs[(i // len(styles) + i) % len(discs)]
        i += 1
        text = positive_page(r, split, style, disc)
        if text in seen:
            continue
        seen.add(text)
        recs.append((text, "written:%s:%s" % (style, disc), 1))
    kinds = TRAIN_NEG_KINDS if split == "train" else TEST_ONLY_NEG_KINDS + TRAIN_NEG_KINDS
    i = 0
    while sum(1 for x in recs if x[2] == 0) < n_neg:
        if split == "test" and i % 2 == 0:
            kind = TEST_ONLY_NEG_KINDS[(i // 2) % len(TEST_ONLY_NEG_KINDS)]
        elif split == "test":
            kind = TRAIN_NEG_KINDS[(i // 2) % len(TRAIN_NEG_KINDS)]
        else:
            kind = TRAIN_NEG_KINDS[i % len(TRAIN_NEG_KINDS)]
        i += 1
        text = negative_page(r, split, kind)
        if text in seen or len(text.split()) < 40:
            continue
        seen.add(text)
        recs.append((text, "written:%s:%s" % ("hardneg" if kind in HARD_NEG_KINDS else "neg", kind), 0))
    return recs


def build(data_dir):
    r = random.Random(SEED)
    pages = drop_near_duplicates([p for p in crawl_pages(data_dir) if p[0] not in REAL_EXCLUDE])
    real_train, real_test = split_real(r, pages)
    seen = {p[1] for p in pages}
    out = {}
    for split, real in (("train", real_train), ("test", real_test)):
        npos = TARGET[split][0] - sum(1 for x in real if x[2] == 1)
        nneg = TARGET[split][1] - sum(1 for x in real if x[2] == 0)
        recs = [(t, "crawl:" + u, lab) for u, t, lab in real] + written_records(r, split, npos, nneg, seen)
        r.shuffle(recs)
        out[split] = [{"id": "edu-%s-%04d" % (split, k), "text": t, "label": lab, "source": src}
                      for k, (t, src, lab) in enumerate(recs, 1)]
    return out


def write_sets(out, outdir):
    for split, recs in out.items():
        path = os.path.join(outdir, "edu-%s.jsonl" % split)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for rec in recs:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
        print("%s: %d records, %d bytes" % (path, len(recs), os.path.getsize(path)))


# --------------------------------------------------------------------------- sanity check
def tokens(text):
    return re.findall(r"[a-z]+|\d+|[^\sa-z\d]", text.lower())


def features(text):
    w = tokens(text)
    return w + [a + " " + b for a, b in zip(w, w[1:])]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f]


def naive_bayes(train, test):
    import collections
    cnt = [collections.Counter(), collections.Counter()]
    docs = [0, 0]
    for rec in train:
        cnt[rec["label"]].update(set(tokens(rec["text"])))     # Bernoulli-style presence counts
        docs[rec["label"]] += 1
    vocab = set(cnt[0]) | set(cnt[1])
    tot = [sum(c.values()) + len(vocab) for c in cnt]
    ok = 0
    for rec in test:
        sc = []
        for c in (0, 1):
            s_ = math.log(docs[c] / len(train))
            for w in set(tokens(rec["text"])):
                if w in vocab:
                    s_ += math.log((cnt[c][w] + 1) / tot[c])
            sc.append(s_)
        ok += (sc[1] > sc[0]) == (rec["label"] == 1)
    return ok / len(test)


def logreg(train, test, dim=1 << 18, epochs=8, lr=0.2, l2=1e-6, seed=1):
    """Hashed unigram+bigram logistic regression trained with SGD (what the C toolkit does)."""
    import zlib as _z
    w = [0.0] * dim
    b = 0.0

    def vec(text):
        f = {}
        for t in features(text):
            h = _z.crc32(t.encode("utf-8")) % dim
            f[h] = f.get(h, 0) + 1
        n = math.sqrt(sum(v * v for v in f.values())) or 1.0
        return [(k, v / n) for k, v in f.items()]

    X = [(vec(rec["text"]), rec["label"]) for rec in train]
    rr = random.Random(seed)
    for ep in range(epochs):
        rr.shuffle(X)
        for x, y in X:
            z = b + sum(w[k] * v for k, v in x)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = p - y
            b -= lr * g
            for k, v in x:
                w[k] -= lr * (g * v + l2 * w[k])
    ok = 0
    errs = []
    for rec in test:
        z = b + sum(w[k] * v for k, v in vec(rec["text"]))
        pred = z > 0
        ok += pred == (rec["label"] == 1)
        if pred != (rec["label"] == 1):
            errs.append(rec["source"])
    return ok / len(test), errs


def check(outdir):
    import collections
    tr, te = load(os.path.join(outdir, "edu-train.jsonl")), load(os.path.join(outdir, "edu-test.jsonl"))
    for name, recs in (("train", tr), ("test", te)):
        c = collections.Counter(r_["label"] for r_ in recs)
        kinds = collections.Counter((r_["label"], r_["source"].split(":")[0] if r_["source"].startswith("crawl") else ":".join(r_["source"].split(":")[:2])) for r_ in recs)
        print("%s: %d records, label 1: %d, label 0: %d, max text %d chars" % (name, len(recs), c[1], c[0], max(len(r_["text"]) for r_ in recs)))
        for k, v in sorted(kinds.items()):
            print("   label %d  %-28s %d" % (k[0], k[1], v))
    print("naive Bayes (word presence) test accuracy: %.3f" % naive_bayes(tr, te))
    acc, errs = logreg(tr, te)
    print("hashed 1-2-gram logistic regression test accuracy: %.3f" % acc)
    print("   errors by source:", dict(collections.Counter(":".join(e.split(":")[:3]) if not e.startswith("crawl") else "crawl" for e in errs)))
    real_te = [r_ for r_ in te if r_["source"].startswith("crawl")]
    if real_te:
        acc_r, _ = logreg(tr, real_te)
        print("   on the %d real crawl pages of test: %.3f" % (len(real_te), acc_r))


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default_data_dir(), help="shared data folder holding warc/ (default: $GR_SHARED/data or ../shared/data)")
    ap.add_argument("--out", default=HERE, help="where edu-train.jsonl and edu-test.jsonl go (default: this script's folder)")
    ap.add_argument("--check", action="store_true", help="only read the written sets back: counts, and a bag-of-words baseline's test accuracy")
    ap.add_argument("--dump-crawl", action="store_true", help="print each real page's URL, label and first lines (for labelling)")
    a = ap.parse_args(argv)
    if a.check:
        check(a.out)
        return 0
    if a.dump_crawl:
        for u, t, f in drop_near_duplicates([p for p in crawl_pages(a.data) if p[0] not in REAL_EXCLUDE]):
            print("=== %s [%s] label=%d words=%d" % (u, f, u in REAL_POSITIVES, len(t.split())))
            for l in t.split("\n")[:8]:
                print("   | " + l[:150])
        return 0
    write_sets(build(a.data), a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
