#!/usr/bin/env python3
r"""Question-quality filter test sets: benchmark questions that must pass, junk that must not.

usage: quality_sets.py real SHARED_DIR                > real.jsonl
       quality_sets.py junk SHARED_DIR TESTDATA_DIR   > junk.jsonl

Python 3 standard library only, no network, deterministic (seed 17; same inputs -> same bytes).

real: one record per row of SHARED_DIR/data/eval/*.jsonl, data/eval/gpqa_diamond.jsonl.gz and
  data/verify/theoremqa.jsonl, in row order (eval/*.jsonl by name, then gpqa_diamond, then
  theoremqa):
    {"id": "<set>:<row id>", "set": "<file stem>", "question": ..., "answer": ...}
  The row id is prefixed with the set because ids repeat across benchmarks ("0" is a GSM8K, an
  AMC23 and a Minerva id). A row with `choices` gets its question text + "\n(A) opt\n(B) opt..."
  and its letter answer; otherwise the question is copied byte-exact. A non-string answer is
  written with json.dumps (lists, numbers, objects) or str (bool, other).

junk: records a question-quality filter must reject, one kind each:
    {"id": "junk/<kind>/<variant>/<n>", "question", "answer", "junk_kind", "source"}
  From crawls: the HTML (text/html, status 200) response records of SHARED_DIR/data/warc and
  TESTDATA_DIR/warc files named *.warc or *.warc.gz (gzip detected by magic bytes, multi-member
  gzip read to the end). A file that does not parse cleanly (bad gzip, truncated record,
  Content-Length not followed by the next WARC/ line) is skipped whole and named on stderr.
  Pages are parsed with html.parser into a forgiving tree; script/style/svg/... are dropped.
    navigation      a link list: the outermost <nav>/<menu>/nav-ish element, or a list/div that
                    is >= 85% link text with >= 3 links; the link texts joined by " | ", "\n",
                    " " or " · "; no '?', not sentence-like, no link text over 8 words
    boilerplate     text inside <footer> (or a footer/copyright/cookie-classed element), or a
                    block with ©, "All rights reserved", cookie notices, "Skip to content"; short
                    blocks (<= 15 words) with privacy policy / terms of use / sign in / log in /
                    subscribe / newsletter / powered by / licensed under
    not_a_question  a <p> of >= 8 words, outside navigation, with no '?' and none of the words
                    that make an imperative problem (find, compute, solve, what, which, ...)
    wrong_script    a block whose letters are >= 70% non-Latin (>= 10 CJK/kana characters, or
                    >= 3 words); topped up with letter-by-letter Cyrillic/Greek transliterations
                    of benchmark questions only if the crawls give fewer than 100
    mojibake/crawl  blocks that are already mojibake in the crawl (Ã©, â€™, ï¿½)
  Crawl blocks are Latin-script (except wrong_script), >= 3 words, deduplicated (whitespace
  squashed, digits folded) across kinds, at most 15 per page and kind, and at most 400 per kind
  (a seeded random subset in file order). Their answer is drawn from a fixed list of plausible
  answers. `source` is "<file name>#<record number> <target URI>".
  From benchmark rows (the `real` records; rows drawn benchmark-first so small sets appear;
  `source` is "<set>:<row id>"), 200 per kind:
    url_only            the question replaced by 1-2 URLs (http/https/www, padded, trailing '.')
    image_only          only an image reference (markdown, <img>, [image], a file name, ...)
    answer_copied       answer = the question, or its last / longest sentence of >= 8 words
    answer_placeholder  answer "", " ", N/A, TBD, "See explanation", ... in varied case
    mojibake            UTF-8 read as cp1252 (questions with >= 3 non-ASCII characters, or ASCII
                        ones after inserting curly quotes/dashes/é), or words turned into U+FFFD
    word_salad          words shuffled, or every 3rd word taken from another question
    spam                spam lines (repeated 2-4 times) appended or prepended, or spam alone
    repeated            one line repeated 4-10 times, or one sentence pasted 5 times
    empty_question      "", whitespace, punctuation only, "Question:", "Q:" (3 of each form)
The per-kind counts go to stderr.
"""
import glob
import gzip
import html.parser
import json
import os
import random
import re
import sys
import zlib

sys.setrecursionlimit(20000)

SEED = 17
PLAUSIBLE_ANSWERS = ["42", "Paris", "$x = 3$", "0.5 m/s", "B", "True"]
CRAWL_CAP = 400          # most records per crawl kind
PERTURB_N = 200          # records per perturbation kind
MIN_WRONG_SCRIPT = 100   # top wrong_script up with transliterations to this many


# ============================================================================ real set
def answer_text(a):
    if isinstance(a, str):
        return a
    if isinstance(a, bool) or a is None:
        return str(a)
    if isinstance(a, (list, dict, int, float)):
        return json.dumps(a, ensure_ascii=False)
    return str(a)


def letters(n):
    out = []
    for i in range(n):
        s, k = "", i
        while True:
            s = chr(ord("A") + k % 26) + s
            k = k // 26 - 1
            if k < 0:
                break
        out.append(s)
    return out


def benchmark_files(shared):
    data = os.path.join(shared, "data")
    files = sorted(glob.glob(os.path.join(data, "eval", "*.jsonl")))
    files += sorted(glob.glob(os.path.join(data, "eval", "*.jsonl.gz")))
    files.append(os.path.join(data, "verify", "theoremqa.jsonl"))
    return files


def set_name(path):
    base = os.path.basename(path)
    for ext in (".jsonl.gz", ".jsonl"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


def real_records(shared):
    out = []
    for path in benchmark_files(shared):
        opener = gzip.open if path.endswith(".gz") else open
        name = set_name(path)
        with opener(path, "rb") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line.decode("utf-8"))
                q = row["question"]
                if not isinstance(q, str):
                    q = answer_text(q)
                text = q
                choices = row.get("choices")
                if isinstance(choices, list) and choices:
                    text = q + "\n" + "\n".join(
                        "(%s) %s" % (l, answer_text(c)) for l, c in zip(letters(len(choices)), choices))
                out.append({"id": "%s:%s" % (name, row["id"]), "set": name, "question": text,
                            "answer": answer_text(row.get("answer")),
                            "_raw": q, "_choices": bool(choices)})
    return out


# ============================================================================ WARC reading
class ParseError(Exception):
    pass


def gunzip_members(data):
    """Concatenated gzip members -> bytes. Raises ParseError on a damaged or truncated member
    or on trailing bytes that are not gzip."""
    out, pos = [], 0
    while pos < len(data):
        if data[pos:pos + 2] != b"\x1f\x8b":
            raise ParseError("non-gzip bytes at offset %d" % pos)
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out.append(d.decompress(data[pos:]))
            out.append(d.flush())
        except zlib.error as e:
            raise ParseError("gzip member at %d: %s" % (pos, e))
        if not d.eof:
            raise ParseError("gzip member at %d truncated" % pos)
        pos = len(data) - len(d.unused_data)
    return b"".join(out)


def parse_headers(block):
    """'Name: value' lines (CRLF or LF) -> list of (lower name, value). Continuation lines are
    appended to the previous value."""
    out = []
    for line in re.split(rb"\r?\n", block):
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip().decode("latin-1"))
            continue
        if b":" not in line:
            raise ParseError("bad header line %r" % line[:60])
        k, v = line.split(b":", 1)
        out.append((k.strip().decode("latin-1").lower(), v.strip().decode("latin-1")))
    return out


def warc_records(data):
    """Uncompressed WARC bytes -> [(headers dict, block bytes)]. Strict on Content-Length: after
    the block only CR/LF bytes may come before the next 'WARC/' line (a missing or single-CRLF
    trailer is accepted); anything else raises ParseError."""
    recs, pos, n = [], 0, len(data)
    while True:
        while pos < n and data[pos:pos + 1] in (b"\r", b"\n"):
            pos += 1
        if pos >= n:
            return recs
        if not data.startswith(b"WARC/", pos):
            raise ParseError("no WARC/ at offset %d" % pos)
        m = re.compile(rb"\r?\n\r?\n").search(data, pos)
        if not m:
            raise ParseError("unterminated header at %d" % pos)
        head = data[pos:m.start()]
        first, _, rest = head.partition(b"\n")
        if not re.match(rb"WARC/\d+\.\d+\r?$", first):
            raise ParseError("bad version line %r" % first[:30])
        hdrs = dict(parse_headers(rest))
        try:
            length = int(hdrs["content-length"])
        except (KeyError, ValueError):
            raise ParseError("no Content-Length at %d" % pos)
        start = m.end()
        if start + length > n:
            raise ParseError("record at %d truncated" % pos)
        recs.append((hdrs, data[start:start + length]))
        pos = start + length


def dechunk(body):
    out, pos = [], 0
    while True:
        m = re.compile(rb"([0-9A-Fa-f]+)[^\r\n]*\r?\n").match(body, pos)
        if not m:
            raise ParseError("bad chunk size")
        size = int(m.group(1), 16)
        pos = m.end()
        if size == 0:
            return b"".join(out)
        if pos + size > len(body):
            raise ParseError("chunk past end")
        out.append(body[pos:pos + size])
        pos += size
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1
        else:
            raise ParseError("no CRLF after chunk")


CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
                   "x-sjis": "shift_jis", "sjis": "shift_jis", "gb2312": "gbk",
                   "x-euc-jp": "euc_jp", "utf8": "utf-8"}


def norm_charset(cs):
    if not cs:
        return None
    cs = cs.strip().strip("'\"").lower()
    cs = CHARSET_ALIASES.get(cs, cs)
    try:
        "".encode(cs)
        return cs
    except LookupError:
        return None


def decode_html(body, content_type):
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace")
    cs = None
    m = re.search(r"charset\s*=\s*([\w.:-]+)", content_type or "", re.I)
    if m:
        cs = norm_charset(m.group(1))
    if cs is None:
        m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", body[:4096], re.I)
        if m:
            cs = norm_charset(m.group(1).decode("ascii", "replace"))
    if cs is None:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            cs = "cp1252"
    return body.decode(cs, "replace")


def html_pages(path):
    """[(record number, target URI, html text)] for the HTML responses of one WARC file."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gunzip_members(data)
    pages = []
    for i, (h, block) in enumerate(warc_records(data)):
        if h.get("warc-type", "").lower() != "response":
            continue
        if "application/http" not in h.get("content-type", "").lower():
            continue
        m = re.compile(rb"\r?\n\r?\n").search(block)
        if not m or not block.startswith(b"HTTP/"):
            continue
        status = block[:block.find(b"\n")].split()
        if len(status) < 2 or status[1] != b"200":
            continue
        hh = dict(parse_headers(block[block.find(b"\n") + 1:m.start()]))
        ctype = hh.get("content-type", "")
        if "text/html" not in ctype.lower():
            continue
        body = block[m.end():]
        # Archives often store the body already decoded while keeping the original headers
        # (ClueWeb, node-warc), so decode only what looks encoded.
        try:
            if ("chunked" in hh.get("transfer-encoding", "").lower()
                    and re.match(rb"[0-9A-Fa-f]+[ \t;]*[^\r\n]*\r?\n", body)):
                body = dechunk(body)
            enc = hh.get("content-encoding", "").lower().strip()
            if enc in ("gzip", "x-gzip"):
                if body[:2] == b"\x1f\x8b":
                    body = gunzip_members(body)
            elif enc == "deflate" and not body.lstrip()[:1] == b"<":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    body = zlib.decompress(body, -zlib.MAX_WBITS)
            elif enc not in ("", "identity", "deflate") and not body.lstrip()[:1] == b"<":
                continue          # brotli etc.: no stdlib decoder
        except (ParseError, zlib.error):
            continue
        uri = h.get("warc-target-uri", "").strip().strip("<>")
        pages.append((i, uri, decode_html(body, ctype)))
    return pages


# ============================================================================ HTML -> blocks
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "command"}
SKIP = {"script", "style", "noscript", "template", "svg", "math", "head", "title", "select",
        "option", "textarea", "iframe", "object", "button"}
BLOCK = {"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
         "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
         "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "html", "li", "main", "menu", "nav",
         "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
         "tr", "ul", "caption", "frameset", "frame", "noframes", "font-block"}


class Node:
    __slots__ = ("tag", "attrs", "kids", "parent", "tl", "ll", "nl")

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.kids, self.parent = tag, attrs, [], parent
        self.tl = self.ll = self.nl = 0


class TreeBuilder(html.parser.HTMLParser):
    """A forgiving DOM: unknown end tags are ignored, <p>/<li>/<td>... close implicitly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag in SKIP:
                self.skip += 1
            return
        if tag in SKIP:
            self.skip = 1
            return
        if tag in BLOCK:
            self._close({"p"}, BLOCK)
        if tag == "li":
            self._close({"li"}, {"ul", "ol", "menu"})
        elif tag in ("dt", "dd"):
            self._close({"dt", "dd"}, {"dl"})
        elif tag in ("td", "th"):
            self._close({"td", "th"}, {"tr", "table"})
        elif tag == "tr":
            self._close({"tr"}, {"table"})
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.cur)
        self.cur.kids.append(node)
        if tag not in VOID:
            self.cur = node

    def _close(self, targets, barrier):
        n = self.cur
        while n is not self.root:
            if n.tag in targets:
                self.cur = n.parent
                return
            if n.tag in barrier:
                return
            n = n.parent

    def handle_startendtag(self, tag, attrs):
        if self.skip or tag in SKIP:
            return
        self.cur.kids.append(Node(tag, {k: (v or "") for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        if self.skip:
            if tag in SKIP:
                self.skip -= 1
            return
        n = self.cur
        while n is not self.root:
            if n.tag == tag:
                self.cur = n.parent
                return
            n = n.parent

    def handle_data(self, data):
        if not self.skip:
            self.cur.kids.append(data)


def parse_html(text):
    b = TreeBuilder()
    try:
        b.feed(text)
        b.close()
    except Exception:
        pass
    add_stats(b.root)
    return b.root


def add_stats(root):
    """Bottom-up, without recursion: tl = non-space text chars, ll = chars of that inside <a>,
    nl = number of <a> with text."""
    order, stack = [], [root]
    while stack:
        n = stack.pop()
        order.append(n)
        stack.extend(k for k in n.kids if isinstance(k, Node))
    for n in reversed(order):
        tl = ll = nl = 0
        for k in n.kids:
            if isinstance(k, str):
                tl += len("".join(k.split()))
            else:
                tl += k.tl
                ll += k.ll
                nl += k.nl
        if n.tag == "a":
            ll, nl = tl, (1 if tl else 0)
        n.tl, n.ll, n.nl = tl, ll, nl


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


def inline_text(node):
    """Text of a node, ignoring block structure (br -> space)."""
    parts = []

    def walk(n):
        for k in n.kids:
            if isinstance(k, str):
                parts.append(k)
            else:
                if k.tag in ("br",) or k.tag in BLOCK:
                    parts.append(" ")
                walk(k)
                if k.tag in BLOCK:
                    parts.append(" ")
    walk(node)
    return squash("".join(parts))


def link_texts(node):
    out = []

    def walk(n):
        for k in n.kids:
            if isinstance(k, Node):
                if k.tag == "a":
                    t = inline_text(k)
                    if t:
                        out.append(t)
                else:
                    walk(k)
    walk(node)
    return out


def attr_words(node):
    return " ".join([node.attrs.get("id", ""), node.attrs.get("class", ""),
                     node.attrs.get("role", "")]).lower()


NAVISH = re.compile(r"(^|[\s_-])(nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|toc|"
                    r"topbar|tabs|pagination|pager|sitemap|links|skip)([\s_-]|$)")
FOOTISH = re.compile(r"(^|[\s_-])(footer|site-footer|page-footer|site-info|colophon|copyright|"
                     r"cookies?|cookie-banner|consent|gdpr)([\s_-]|$)")


def leaf_blocks(root):
    """[(text, ctx)] where text is the text directly under a block element (nested blocks cut
    it), ctx = dict(tag, in_footer, in_nav, links, link_chars); link_chars counts non-space
    characters, as does ctx["chars"]."""
    out = []

    def walk(node, in_footer, in_nav):
        buf, links = [], [0, 0]
        aw = attr_words(node) if node.tag != "#root" else ""
        # a "footer" holding most of a page is a markup accident, not a footer
        in_footer = in_footer or ((node.tag == "footer" or bool(FOOTISH.search(aw)))
                                  and node.tl <= 3000)
        in_nav = in_nav or node.tag in ("nav", "menu") or bool(NAVISH.search(aw))

        def flush():
            t = squash("".join(buf))
            if t:
                out.append((t, {"tag": node.tag, "in_footer": in_footer, "in_nav": in_nav,
                                "links": links[0], "link_chars": links[1],
                                "chars": len("".join(t.split()))}))
            buf.clear()
            links[0] = links[1] = 0

        def inline(n):
            for k in n.kids:
                if isinstance(k, str):
                    buf.append(k)
                elif k.tag in BLOCK:
                    flush()
                    walk(k, in_footer, in_nav)
                else:
                    if k.tag == "br":
                        buf.append(" ")
                    if k.tag == "a" and k.tl:
                        links[0] += 1
                        links[1] += k.tl
                    inline(k)
        inline(node)
        flush()
    walk(root, False, False)
    return out


NAV_TAGS = {"nav", "menu", "ul", "ol", "div", "td", "p", "header", "section", "aside", "dl",
            "footer", "span", "li"}


def nav_blocks(root):
    """Link lists: the outermost <nav>/<menu>/nav-ish element, or ul/ol/div/td/p... whose text
    is >= 85% link text with >= 3 links (>= 60% for a nav-ish one). -> [list of link texts]."""
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        for k in reversed(n.kids):
            if not isinstance(k, Node):
                continue
            if k.tag in NAV_TAGS and k.nl >= 3 and k.tl:
                navish = k.tag in ("nav", "menu") or bool(NAVISH.search(attr_words(k)))
                ratio = k.ll / k.tl
                if ratio >= 0.85 or (navish and ratio >= 0.6):
                    out.append(link_texts(k))
                    continue
            stack.append(k)
    return out


# ---------------------------------------------------------------------------- text tests
def script_counts(s):
    latin = other = 0
    for ch in s:
        if not ch.isalpha():
            continue
        if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF:
            latin += 1
        else:
            other += 1
    return latin, other


def is_latin(s):
    lat, oth = script_counts(s)
    return lat > 0 and oth <= 0.05 * (lat + oth)


def words(s):
    return s.split()


# Boilerplate phrases. STRONG ones mark a block at any length (<= 600 chars); WEAK ones only a
# short block (<= 15 words), since prose may mention "terms of use" or "log in" in passing.
BOILER_STRONG = re.compile(
    r"©|\(c\)\s*(19|20)\d\d|copyright\s*(©|\(c\)|(19|20)\d\d)|all rights reserved|"
    r"\bcookies?\b.*\b(use|uses|using|accept|policy|consent|browser|settings|store|stored)\b|"
    r"\b(use|uses|using|accept|policy|consent|browser|settings)\b.*\bcookies?\b|"
    r"skip to (main )?content", re.I)
BOILER_WEAK = re.compile(
    r"privacy (policy|notice|statement)|terms of (use|service)|terms (and|&) conditions|"
    r"^(sign in|sign up|log in|login|log out|logout|register|subscribe|unsubscribe)\b|"
    r"\b(sign|log) in (to|with|or)\b|\bsubscribe\b|\bnewsletter\b|\bcopyright\b|"
    r"\bpowered by\b|\blicensed (under|via)\b|\bcode of conduct\b|\bdisclaimer\b", re.I)


def is_boiler(t):
    return bool(BOILER_STRONG.search(t)) or (len(words(t)) <= 15 and bool(BOILER_WEAK.search(t)))


QUESTIONY = re.compile(
    r"\?|\b(question|questions|q\d*:|problem|exercise|solution|answer|answers|quiz|exam|"
    r"find|compute|calculate|determine|solve|evaluate|prove|show that|explain|describe|"
    r"what|which|why|how|who|whom|whose|where|when|suppose|let|given|estimate|simplify|"
    r"consider|assume|choose|select|identify|convert|express|derive|sketch|write|list|"
    r"name|state whether|true or false|fill in)\b|\\\(|\$|=", re.I)


def is_cjk(ch):
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF
            or 0xF900 <= o <= 0xFAFF or 0xFF66 <= o <= 0xFF9F)


def is_nonlatin_prose(s):
    """Mostly letters of a non-Latin script: >= 70% of the letters, and either >= 10 CJK/kana/
    Hangul characters or >= 3 words with >= 12 such letters."""
    lat, oth = script_counts(s)
    if oth < 0.7 * (lat + oth) or oth < 10:
        return False
    cjk = sum(1 for ch in s if is_cjk(ch))
    return cjk >= 10 or (oth >= 12 and len(words(s)) >= 3)


def is_sentence_like(s):
    """Navigation must not read as a sentence."""
    w = words(s)
    if re.search(r"[.!?]\s*$", s) and len(w) >= 6:
        return True
    fn = sum(x.lower() in ("the", "a", "an", "is", "are", "was", "of", "to", "and", "in",
                          "that", "it", "for", "with") for x in w)
    return len(w) >= 8 and fn / len(w) > 0.25


MOJI = re.compile("[ÂÃÄÅÆÇÐÑØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178"
                  "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
                  "\u2030\u2039\u203a\u20ac\u2122]")


def looks_mojibake(t):
    return len(MOJI.findall(t)) >= 2 or "ï¿½" in t or t.count("\ufffd") >= 2


PER_PAGE = 15   # most blocks of one kind taken from one page, so that no site dominates


def crawl_candidates(files):
    """{kind: [(text, source)]} in file order; a block (whitespace squashed, digits folded)
    is used once, for the first kind it qualifies for."""
    seen = set()
    cands = {"navigation": [], "boilerplate": [], "not_a_question": [], "wrong_script": [],
             "mojibake": []}
    parsed, skipped = [], []
    seen_pages = set()

    for path in files:
        try:
            pages = html_pages(path)
        except (ParseError, OSError, ValueError) as e:
            skipped.append((os.path.basename(path), str(e)))
            continue
        parsed.append((os.path.basename(path), len(pages)))
        for rec_no, uri, text in pages:
            if text in seen_pages:        # the same capture in a .warc and its .warc.gz
                continue
            seen_pages.add(text)
            src = "%s#%d %s" % (os.path.basename(path), rec_no, uri)
            taken = {k: 0 for k in cands}

            def add(kind, t):
                key = re.sub(r"\d", "0", squash(t))
                if key in seen or taken[kind] >= PER_PAGE:
                    return
                seen.add(key)
                taken[kind] += 1
                cands[kind].append((t, src))

            root = parse_html(text)
            for k, lt in enumerate(nav_blocks(root)):
                joined = [" | ", "\n", " ", " · ", " | "][(len(lt) + k) % 5].join(lt)
                if (len(words(joined)) >= 3 and is_latin(joined) and "?" not in joined
                        and not looks_mojibake(joined) and not is_sentence_like(joined)
                        and max(len(words(x)) for x in lt) <= 8):
                    add("navigation", joined)
            for t, ctx in leaf_blocks(root):
                nw = len(words(t))
                if is_nonlatin_prose(t):
                    if not ctx["in_nav"] and not (ctx["links"] and
                                                  ctx["link_chars"] >= 0.5 * ctx["chars"]):
                        add("wrong_script", t)
                    continue
                if nw < 3:
                    continue
                if looks_mojibake(t):
                    if nw >= 3 and len(t) <= 1000:
                        add("mojibake", t)
                    continue
                if not is_latin(t) or "\ufffd" in t:
                    continue
                link_heavy = ctx["links"] >= 2 and ctx["link_chars"] >= 0.7 * ctx["chars"]
                boiler = is_boiler(t)
                if boiler or (ctx["in_footer"] and not link_heavy):
                    if ("?" not in t and len(t) <= 600
                            and (boiler or not QUESTIONY.search(t))):
                        add("boilerplate", t)
                    continue
                if (ctx["tag"] == "p" and nw >= 8 and not ctx["in_nav"] and not link_heavy
                        and not QUESTIONY.search(t)):
                    add("not_a_question", t)
    return cands, parsed, skipped


def warc_files(shared, testdata):
    out = []
    for d in (os.path.join(shared, "data", "warc"), os.path.join(testdata, "warc")):
        for p in sorted(glob.glob(os.path.join(d, "*"))):
            if os.path.isfile(p) and (p.endswith(".warc") or p.endswith(".warc.gz")):
                out.append(p)
    return out


def thin(items, cap, rng):
    """At most cap items, chosen at random, kept in their original order."""
    if len(items) <= cap:
        return list(items)
    keep = sorted(rng.sample(range(len(items)), cap))
    return [items[i] for i in keep]


# ============================================================================ perturbations
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“$\\])|\n+")


def sentences(text):
    return [x.strip() for x in SENT_SPLIT.split(text) if x.strip()]


class Picker:
    """Rows drawn across benchmarks: a benchmark uniformly at random, then a row of it, so the
    small sets (AIME, AMC) are not drowned by MMLU-Pro; a row is used at most once per kind."""

    def __init__(self, real, rng):
        self.rng = rng
        self.by_set = {}
        for r in real:
            self.by_set.setdefault(r["set"], []).append(r)
        self.sets = sorted(self.by_set)

    def pick(self, used, pred=lambda r: True, tries=2000):
        for _ in range(tries):
            rows = self.by_set[self.rng.choice(self.sets)]
            r = rows[self.rng.randrange(len(rows))]
            if r["id"] not in used and pred(r):
                used.add(r["id"])
                return r
        raise RuntimeError("no row fits")


def short(limit):
    return lambda r: len(r["question"]) <= limit


def slug(text, n=6):
    ws = re.findall(r"[A-Za-z0-9]+", text)[:n]
    return "-".join(w.lower() for w in ws) or "question"


def rand_token(rng, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


URL_HOSTS = ["math.stackexchange.com", "www.chegg.com", "brainly.com", "www.quora.com",
             "socratic.org", "www.coursehero.com", "homework.study.com", "physics.stackexchange.com",
             "www.reddit.com", "imgur.com", "drive.google.com", "pastebin.com", "bit.ly",
             "www.youtube.com", "docs.google.com", "web2.0calc.com", "www.mathway.com"]


def make_url(rng, text, www=False):
    host = rng.choice(URL_HOSTS)
    form = rng.randrange(6)
    if form == 0:
        path = "/questions/%d/%s" % (rng.randrange(10 ** 5, 10 ** 7), slug(text))
    elif form == 1:
        path = "/homework-help/questions-and-answers/%s-q%d" % (slug(text, 9), rng.randrange(10 ** 8))
    elif form == 2:
        path = "/watch?v=%s" % rand_token(rng, 11)
    elif form == 3:
        path = "/file/d/%s/view?usp=sharing" % rand_token(rng, 28)
    elif form == 4:
        path = "/r/learnmath/comments/%s/%s/" % (rand_token(rng, 6, "abcdefghijklmnopqrstuvwxyz0123456789"),
                                                 slug(text, 5).replace("-", "_"))
    else:
        path = "/%s?id=%d&ref=share" % (rand_token(rng, 7), rng.randrange(10 ** 6))
    if www:
        return ("www." + host.split(".", 1)[1] if host.startswith("www.") else "www." + host) + path
    return rng.choice(["https://", "https://", "http://"]) + host + path


def url_only(rng, r, i):
    v = ["plain", "www", "spaced", "period", "two"][i % 5]
    u = make_url(rng, r["_raw"], www=(v == "www"))
    if v == "spaced":
        q = rng.choice(["  %s  ", "\n%s\n", "\t%s ", " %s\n\n"]) % u
    elif v == "period":
        q = u + "."
    elif v == "two":
        q = u + rng.choice([" ", "\n", "\n\n", " , "]) + make_url(rng, r["_raw"], www=rng.random() < 0.3)
    else:
        q = u
    return v, q, r["answer"]


def image_only(rng, r, i):
    n = rng.randrange(1, 40)
    file = rng.choice(["image.png", "image (%d).png" % n, "IMG_2023%04d_%06d.jpg" % (
        rng.randrange(101, 1231), rng.randrange(10 ** 6)), "Screenshot_2024-0%d-1%d.png" % (
        rng.randrange(1, 10), rng.randrange(10)), "q%d.png" % n, "fig%d.jpg" % n, "problem.jpeg"])
    url = rng.choice(["https://i.imgur.com/%s.png" % rand_token(rng, 7),
                      "https://cdn.mathpix.com/cropped/2024_%s.jpg?height=%d&width=%d" % (
                          rand_token(rng, 16, "0123456789abcdef"), rng.randrange(200, 900),
                          rng.randrange(300, 1200)),
                      "https://media.cheggcdn.com/media/%s/%s.png" % (
                          rand_token(rng, 3, "0123456789abcdef"), rand_token(rng, 12)),
                      "http://example.edu/hw/%d/fig%d.jpg" % (rng.randrange(1, 12), n)])
    alt = rng.choice(["", "image", "question", "problem %d" % n, "IMG_%d" % rng.randrange(1000, 9999),
                      "Screenshot"])
    forms = [
        ("md", "![%s](%s)" % (alt, file)),
        ("md_url", "![](%s)" % url),
        ("img", '<img src="%s">' % file),
        ("img_url", '<img src="%s" alt="%s"/>' % (url, alt)),
        ("tag", rng.choice(["[image]", "[Image]", "[IMAGE]", "<image>", "[img]", "[Figure 1]"])),
        ("attached", rng.choice(["See the attached image.", "see attached image",
                                 "Please see the attached picture.", "Question is in the image.",
                                 "Refer to the image.", "(see image)"])),
        ("filename", file),
        ("figure", "(Refer to the figure) ![](%s)" % url),
        ("bbcode", "[img]%s[/img]" % url),
        ("caption", "%s\n![%s](%s)" % (rng.choice(["Question in the image below",
                                                   "Solve the problem in the picture:",
                                                   "Help with this one please"]), alt, file)),
        ("data_uri", "![](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA%s...)" % rand_token(rng, 24)),
    ]
    v, q = forms[i % len(forms)]
    return v, q, r["answer"]


def answer_copied(rng, r, i):
    sents = [s for s in sentences(r["_raw"]) if len(words(s)) >= 8]
    v = ["whole", "last", "longest"][i % 3]
    if v == "last" and sents and sentences(r["_raw"])[-1] == sents[-1]:
        a = sents[-1]
    elif v == "longest" and sents:
        a = max(sents, key=len)
    else:
        v, a = "whole", r["question"]
    assert a in r["question"]
    return v, r["question"], a


PLACEHOLDERS = ["", " ", "N/A", "See explanation", "see the solution below", "...", "TBD", "Answer",
                "?", "none", "See attached", "Refer to the image", "-"]


def vary_case(rng, s):
    return rng.choice([s, s, s.lower(), s.upper(), s.title(), s.capitalize()])


def answer_placeholder(rng, r, i):
    p = PLACEHOLDERS[i % len(PLACEHOLDERS)]
    a = vary_case(rng, p)
    return "p%02d" % (i % len(PLACEHOLDERS)), r["question"], a


def add_non_ascii(rng, q):
    """Curly quotes, dashes, é inserted where they fit."""
    q2 = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", q)
    q2 = re.sub(r'"([^"\n]{1,80})"', "\u201c\\1\u201d", q2)
    q2 = q2.replace(" - ", " \u2013 ").replace("--", "\u2014")
    ws = [m for m in re.finditer(r"(?<![\\$\w])[A-Za-z]{5,}(?![\w$])", q2)]
    if ws:
        m = rng.choice(ws)
        w = m.group(0)
        q2 = q2[:m.start()] + "\u201c" + w + "\u201d" + q2[m.end():]
    ws = [m for m in re.finditer(r"(?<![\\$\w])[A-Za-z]*e[A-Za-z]*(?![\w$])", q2) if len(m.group(0)) >= 4]
    if ws:
        m = rng.choice(ws)
        w = m.group(0)
        j = w.index("e")
        q2 = q2[:m.start()] + w[:j] + "\u00e9" + w[j + 1:] + q2[m.end():]
    if q2.isascii():
        q2 = "\u201c" + q2 + "\u201d"
    return q2


def mojibake(rng, r, i):
    q = r["question"]
    if i % 3 != 2:
        v = "cp1252"
        if all(ord(c) < 128 for c in q):
            q = add_non_ascii(rng, q)
            v = "cp1252_inserted"
        out = q.encode("utf-8").decode("cp1252", errors="replace")
        assert out != q
    else:
        v = "fffd"
        chars = list(q.encode("utf-8").decode("ascii", errors="replace"))
        spans = [m.span() for m in re.finditer(r"[A-Za-z]{3,}", "".join(chars))]
        for a, b in rng.sample(spans, max(1, len(spans) // 3)) if spans else []:
            for k in range(a + rng.randrange(0, 2), b):
                chars[k] = "\ufffd"
        out = "".join(chars)
        if out.count("\ufffd") < 8:
            out = out + " " + "\ufffd" * rng.randrange(8, 20)
    return v, out, r["answer"]


def word_salad(rng, r, i, other):
    ws = words(r["question"])
    if i % 2 == 0:
        v = "shuffle"
        for _ in range(20):
            sh = ws[:]
            rng.shuffle(sh)
            if sh[:4] != ws[:4]:
                break
        return v, " ".join(sh), r["answer"], None
    v = "every3rd"
    ow = words(other["question"])
    out = [rng.choice(ow) if k % 3 == 2 else w for k, w in enumerate(ws)]
    return v, " ".join(out), r["answer"], other


SPAM_LINES = [
    "Buy cheap essays at http://example-essays.biz !!! Use code SAVE50",
    "Visit www.casino-bonus.win for free spins",
    "Call/WhatsApp +1-555-0100 now",
    "CLICK HERE >>> http://bit.ly/free-answers-now <<<",
    "Get 100% plagiarism-free homework help 24/7 at www.homework-helpers.example",
    "Earn $5000/week from home!!! DM me on Telegram @easycash_bot",
    "Best replica watches at http://cheap-watches.example.shop - FREE shipping",
    "FREE iPhone giveaway >>> www.win-prize.example.top <<< claim now",
    "Lose 20 lbs in 10 days!!! http://keto-miracle.example.biz",
    "Crypto signals 1000% profit guaranteed, join t.me/pump_signals_vip",
    "Cheap followers & likes - www.insta-boost.example.xyz - 50% OFF TODAY",
    "Download all answers PDF free: http://answers-pdf.example.net/download?id=99",
]


def spam_block(rng):
    k = rng.randrange(2, 5)
    if rng.random() < 0.5:
        line = rng.choice(SPAM_LINES)
        return rng.choice([" ", "\n", " !!! "]).join([line] * k)
    return "\n".join(rng.choice(SPAM_LINES) for _ in range(k))


def spam(rng, r, i):
    v = ["append", "prepend", "pure"][i % 3]
    s = spam_block(rng)
    if v == "append":
        q = r["question"] + rng.choice(["\n\n", "\n", " "]) + s
    elif v == "prepend":
        q = s + rng.choice(["\n\n", "\n", " "]) + r["question"]
    else:
        q = s
    return v, q, r["answer"]


def repeated(rng, r, i):
    raw = r["_raw"]
    first = raw.split("\n", 1)[0].strip()
    if i % 2 == 0:
        v = "line"
        line = first if 3 <= len(words(first)) and len(first) <= 300 else None
        if line is None:
            cand = [s for s in sentences(raw) if 3 <= len(words(s)) and len(s) <= 300]
            line = rng.choice(cand) if cand else first[:200]
        q = "\n".join([line] * rng.randrange(4, 11))
    else:
        v = "sentence5"
        cand = [s for s in sentences(raw) if 5 <= len(words(s)) and len(s) <= 400]
        sent = rng.choice(cand) if cand else first[:200]
        q = " ".join([sent] * 5)
    return v, q, r["answer"]


CYR = dict(zip("abcdefghijklmnopqrstuvwyz", "абцдефгхийклмнопкрстувwыз"))
CYR["w"] = "в"
CYR["x"] = "кс"
GRK = dict(zip("abcdefghijklmnopqrstuvwxyz", "αβκδεφγηιικλμνοπκρστυβωξυζ"))


def translit(text, table):
    out = []
    for ch in text:
        lo = ch.lower()
        if lo in table and ch.isascii():
            t = table[lo]
            out.append(t.upper() if ch.isupper() else t)
        else:
            out.append(ch)
    return "".join(out)


def wrong_script_translit(rng, r, i):
    v = ["cyrillic", "greek"][i % 2]
    q = translit(r["question"], CYR if v == "cyrillic" else GRK)
    return v, q, r["answer"]


EMPTY_FORMS = ["", " ", "   ", "\n", "\t", " \n\t ", "\n\n\n", "\u00a0", "?", "??", "???", ".",
               "...", "\u2026", "-", "\u2014", "!?", "()", "[]", "*", "#", "$$", ":", ";",
               "Question:", "Q:", "question:", "QUESTION:", "Q: ", "Question: ", "Question:\n",
               "Q:\n\n", "  Q:  ", "**Question:**", "Question:?", "Q: ..."]


# ============================================================================ modes
def emit(out, rec):
    out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass"))


def run_real(shared):
    out = sys.stdout.buffer
    counts = {}
    for r in real_records(shared):
        emit(out, {"id": r["id"], "set": r["set"], "question": r["question"], "answer": r["answer"]})
        counts[r["set"]] = counts.get(r["set"], 0) + 1
    for k in counts:
        print("%-16s %6d" % (k, counts[k]), file=sys.stderr)
    print("%-16s %6d" % ("total", sum(counts.values())), file=sys.stderr)


def run_junk(shared, testdata):
    rng = random.Random(SEED)
    real = real_records(shared)
    recs = []
    counters = {}

    def add(kind, variant, q, a, src):
        n = counters.get(kind, 0)
        counters[kind] = n + 1
        recs.append({"id": "junk/%s/%s/%04d" % (kind, variant, n), "question": q, "answer": a,
                     "junk_kind": kind, "source": src})

    # ---- crawls
    cands, parsed, skipped = crawl_candidates(warc_files(shared, testdata))
    for f, e in skipped:
        print("skipped %s: %s" % (f, e), file=sys.stderr)
    arng = random.Random(SEED)
    for kind in ("navigation", "boilerplate", "not_a_question"):
        for t, src in thin(cands[kind], CRAWL_CAP, rng):
            add(kind, "crawl", t, arng.choice(PLAUSIBLE_ANSWERS), src)

    # ---- perturbations of benchmark rows
    picker = Picker(real, rng)
    rid = lambda r: r["id"]
    plain = short(2500)

    def each(kind, fn, pred=plain, n=PERTURB_N):
        used = set()
        for i in range(n):
            r = picker.pick(used, pred)
            v, q, a = fn(rng, r, i)
            add(kind, v, q, a, rid(r))

    each("url_only", url_only)
    each("image_only", image_only)
    each("answer_copied", answer_copied)
    each("answer_placeholder", answer_placeholder)
    used = set()
    for i in range(PERTURB_N):
        # a third each: questions with >= 3 non-ASCII characters of their own, ASCII ones that get
        # curly quotes/dashes/é first, and the U+FFFD variant
        pred = [lambda r: plain(r) and sum(ord(c) > 127 for c in r["question"]) >= 3,
                lambda r: plain(r) and r["question"].isascii(), plain][i % 3]
        r = picker.pick(used, pred)
        v, q, a = mojibake(rng, r, i)
        add("mojibake", v, q, a, rid(r))
    for t, src in thin(cands["mojibake"], 100, rng):
        add("mojibake", "crawl", t, arng.choice(PLAUSIBLE_ANSWERS), src)

    used = set()
    for i in range(PERTURB_N):
        r = picker.pick(used, lambda r: plain(r) and len(words(r["question"])) >= 10)
        other = picker.pick(set([r["id"]]), lambda r: len(words(r["question"])) >= 10)
        v, q, a, o = word_salad(rng, r, i, other)
        add("word_salad", v, q, a, rid(r) if o is None else "%s (+ words of %s)" % (rid(r), rid(o)))

    used = set()
    for i in range(PERTURB_N):
        r = picker.pick(used, plain)
        v, q, a = spam(rng, r, i)
        add("spam", v, q, a, rid(r) if v != "pure" else "spam template (answer of %s)" % rid(r))

    each("repeated", repeated)

    ws = thin(cands["wrong_script"], CRAWL_CAP, rng)
    for t, src in ws:
        add("wrong_script", "crawl", t, arng.choice(PLAUSIBLE_ANSWERS), src)
    if len(ws) < MIN_WRONG_SCRIPT:
        prose = lambda r: (plain(r) and "$" not in r["question"] and "\\" not in r["question"]
                           and len(words(r["_raw"])) >= 8)
        each("wrong_script", wrong_script_translit, prose, MIN_WRONG_SCRIPT - len(ws))

    used = set()
    for i in range(len(EMPTY_FORMS) * 3):
        r = picker.pick(used)
        add("empty_question", "e%02d" % (i % len(EMPTY_FORMS)), EMPTY_FORMS[i % len(EMPTY_FORMS)],
            r["answer"], "empty form (answer of %s)" % rid(r))

    out = sys.stdout.buffer
    for rec in recs:
        emit(out, rec)
    kinds = {}
    for rec in recs:
        kinds[rec["junk_kind"]] = kinds.get(rec["junk_kind"], 0) + 1
    for k, n in kinds.items():
        print("%-20s %5d" % (k, n), file=sys.stderr)
    print("%-20s %5d" % ("total", len(recs)), file=sys.stderr)


def main(argv):
    if len(argv) == 3 and argv[1] == "real":
        run_real(argv[2])
    elif len(argv) == 4 and argv[1] == "junk":
        run_junk(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
