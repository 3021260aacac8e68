#!/usr/bin/env python3
"""Write the QA test sets of testdata/qa/ for `qa-filter`, or a large benchmark corpus.

usage: make_qa_sets.py [--data DIR] [--out DIR] [--seed N]
       make_qa_sets.py [--data DIR] [--seed N] --bench OUT MB

Python 3 standard library only. Deterministic: every choice comes from random.Random(seed)
(default seed 20261127) and the inputs are read in file order, so a re-run rewrites
byte-identical files.

--data: the eval data folder holding eval/ and verify/ (default $GR_SHARED/data, else
        ../shared/data next to the repository).
--out:  where neardup.jsonl and decontam.jsonl go (default: the directory of this script).

neardup.jsonl   ~400 base questions from the real eval files (gsm8k, mmlu_pro, bbeh, aime24/25,
                amc23, olympiadbench, minerva_math; not math500, not gpqa), no two bases sharing
                more than 20% of their word 5-grams. Copies with word-level edits follow their
                base at random later positions. Keys: id, question, answer, dup_of (null for a
                base, else the base's id), edit_rate (null for a base; else 0.0 .. 0.5 = number
                of edits / number of words of the base, each edit a substitution, insertion or
                deletion of one word), jaccard (5-gram Jaccard of normalized words, copy vs base;
                1.0 for a base), benchmark.
decontam.jsonl  200 MATH-500 problems (verify/math500.jsonl `problem`, at least 13 normalized
                words) lightly edited (case, punctuation, whitespace, LaTeX spacing; listed in
                `edits`), "contaminated": "math500", mixed with 200 gsm8k/mmlu_pro questions,
                "contaminated": null, that share no 13-gram with any MATH-500 problem or TheoremQA
                question. Both properties are checked here under four normalizations (lowercase;
                non-alphanumerics deleted or turned into spaces; ASCII or Unicode alphanumerics;
                whitespace split): every contaminated record shares a 13-gram with its source
                under all four, every clean one shares none under any.
--bench OUT MB  bench_corpus(): about MB * 10^6 bytes of synthetic QA JSONL (see its docstring).
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 20261127

NEARDUP_SOURCES = [
    # file, number of bases wanted
    ("gsm8k", 110),
    ("mmlu_pro", 150),
    ("bbeh", 30),
    ("olympiadbench", 40),
    ("minerva_math", 30),
    ("aime24", 12),
    ("aime25", 12),
    ("amc23", 16),
]
EDIT_RATES = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5]


# --------------------------------------------------------------------------- helpers
def default_data_dir():
    shared = os.environ.get("GR_SHARED")
    if shared:
        return os.path.join(shared, "data")
    return os.path.join(os.path.dirname(ROOT), "shared", "data")


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


_ASCII_DEL = re.compile(r"[^a-z0-9\s]")
_ASCII_SP = re.compile(r"[^a-z0-9]+")


def norm_words(text, mode="space"):
    """Lowercase, then drop non-alphanumerics, then split on whitespace.
    mode: "space" (ASCII: each run of non-[a-z0-9] becomes a space), "delete" (ASCII: chars other
    than [a-z0-9] and whitespace are deleted), "uspace"/"udelete" (the same with str.isalnum)."""
    t = text.lower()
    if mode == "space":
        return _ASCII_SP.sub(" ", t).split()
    if mode == "delete":
        return _ASCII_DEL.sub("", t).split()
    if mode == "uspace":
        return "".join(c if c.isalnum() else " " for c in t).split()
    if mode == "udelete":
        return "".join(c for c in t if c.isalnum() or c.isspace()).split()
    raise ValueError(mode)


NORM_MODES = ("space", "delete", "uspace", "udelete")


def ngrams(words, n):
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


_SPLIT_KEEP_WS = re.compile(r"(\s+)")


def word_edits(text, rate, rng, vocab):
    """round(rate * n_words) word edits at distinct random positions; each substitutes a
    vocabulary word, inserts one after the position, or deletes the word. Whitespace between
    untouched words is kept. rate 0 returns the text unchanged."""
    parts = _SPLIT_KEEP_WS.split(text)
    # parts: [lead_ws?, word, ws, word, ...]; words are at the positions with non-space text
    word_pos = [i for i, p in enumerate(parts) if p and not p.isspace()]
    k = round(rate * len(word_pos))
    if k == 0:
        return text
    for i in rng.sample(word_pos, k):
        op = rng.randrange(3)
        if op == 0:
            parts[i] = rng.choice(vocab)
        elif op == 1:
            parts[i] = parts[i] + " " + rng.choice(vocab)
        else:
            parts[i] = ""
    out = "".join(parts)
    return re.sub(r"[ \t]{2,}", " ", out).strip() if out.strip() else rng.choice(vocab)


def build_vocab(texts):
    seen = {}
    for t in texts:
        for w in re.findall(r"\b[A-Za-z]{3,10}\b", t):
            seen.setdefault(w.lower(), None)
    return sorted(seen)


# --------------------------------------------------------------------------- neardup
def make_neardup(data, rng):
    eval_dir = os.path.join(data, "eval")
    candidates = []
    for name, want in NEARDUP_SOURCES:
        rows = read_jsonl(os.path.join(eval_dir, name + ".jsonl"))
        pool = [r for r in rows if 60 <= len(r["question"]) <= 1500
                and len(norm_words(r["question"])) >= 12]
        rng.shuffle(pool)
        candidates.append((name, want, pool))

    bases, index = [], {}  # index: 5-gram -> list of base numbers
    for name, want, pool in candidates:
        got = 0
        for r in pool:
            if got == want:
                break
            g = ngrams(norm_words(r["question"]), 5)
            hits = {}
            for x in g:
                for b in index.get(x, ()):
                    hits[b] = hits.get(b, 0) + 1
            if any(c / len(g | bases[b]["_g"]) > 0.2 for b, c in hits.items()):
                continue  # too close to a base already taken
            n = len(bases)
            for x in g:
                index.setdefault(x, []).append(n)
            bases.append({"id": f"{name}/{r['id']}", "question": r["question"],
                          "answer": r["answer"], "benchmark": name, "_g": g})
            got += 1

    vocab = build_vocab(b["question"] for b in bases)
    order = list(range(len(bases)))
    rng.shuffle(order)
    # copies: the first 60 bases (in shuffled order) get one copy at every rate, the next 120 get
    # one copy each, the rates cycling; the rest have none.
    copies = {}
    for j, bi in enumerate(order[:180]):
        rates = EDIT_RATES if j < 60 else [EDIT_RATES[j % len(EDIT_RATES)]]
        copies[bi] = rates

    keyed = []
    nb = len(bases)
    for pos, bi in enumerate(order):
        b = bases[bi]
        keyed.append((float(pos), 0, {"id": b["id"], "question": b["question"],
                                      "answer": b["answer"], "dup_of": None, "edit_rate": None,
                                      "jaccard": 1.0, "benchmark": b["benchmark"]}))
        for k, rate in enumerate(copies.get(bi, [])):
            q = word_edits(b["question"], rate, rng, vocab)
            jac = jaccard(ngrams(norm_words(q), 5), b["_g"])
            key = rng.uniform(pos + 0.001, nb)
            keyed.append((key, 1, {"id": f"{b['id']}~d{k}", "question": q, "answer": b["answer"],
                                   "dup_of": b["id"], "edit_rate": rate,
                                   "jaccard": round(jac, 4), "benchmark": b["benchmark"]}))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [r for _, _, r in keyed]


# --------------------------------------------------------------------------- decontam
def edit_case(t, rng):
    mode = rng.randrange(4)
    if mode == 0:
        return t.lower()
    if mode == 1:
        return t.upper()
    if mode == 2:
        return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), t)
    return re.sub(r"[A-Za-z]+",
                  lambda m: m.group(0).swapcase() if rng.random() < 0.3 else m.group(0), t)


def edit_punct(t, rng):
    swap = {".": [";", "", "!"], ",": [";", "", " -"], "?": [".", ""], ";": [",", "."],
            ":": [" -", ""], "!": [".", ""]}

    def at_boundary(m):
        c = m.group(1)
        r = rng.random()
        if r < 0.5:
            return rng.choice(swap[c]) + m.group(2)
        return m.group(0)

    t = re.sub(r"([.,?;:!])(\s|$)", at_boundary, t)
    if rng.random() < 0.5:  # drop the $ delimiters of inline math
        t = t.replace("$", "")
    if rng.random() < 0.3:  # add a comma after a few words
        t = re.sub(r"\b([a-z]{4,})( )", lambda m: m.group(1) + ("," if rng.random() < 0.1 else "")
                   + m.group(2), t)
    return t


def edit_space(t, rng):
    def ws(m):
        r = rng.random()
        if r < 0.15:
            return "  "
        if r < 0.22:
            return "\n"
        if r < 0.27:
            return "\t"
        if r < 0.35:
            return " \n "
        return " "

    t = re.sub(r"\s+", ws, t)
    if rng.random() < 0.5:
        t = "  " + t + " \n"
    return t


def edit_latex(t, rng):
    """Re-space math: spaces around operators and braces, or spaces removed; \\left/\\right
    dropped; \\dfrac for \\frac."""
    def in_math(seg):
        mode = rng.randrange(3)
        if mode == 0:
            seg = re.sub(r"\s*([=+\-<>^_])\s*", r" \1 ", seg)
            seg = re.sub(r"\}\{", "} {", seg)
        elif mode == 1:
            seg = re.sub(r"\s*([=+\-<>,])\s*", r"\1", seg)
        else:
            seg = seg.replace("\\left", "").replace("\\right", "").replace("\\frac", "\\dfrac")
            seg = re.sub(r"\\cdot", r" \\cdot ", seg)
        return seg

    parts = re.split(r"(\$[^$]*\$)", t)
    return "".join(in_math(p) if p.startswith("$") and p.endswith("$") and len(p) > 1 else p
                   for p in parts)


EDITS = [("case", edit_case), ("punct", edit_punct), ("whitespace", edit_space),
         ("latex", edit_latex)]


def shares(words_by_mode, grams_by_mode, n=13):
    """True if, under every normalization, some n-gram of the text is in the reference set."""
    for mode in NORM_MODES:
        g = ngrams(words_by_mode[mode], n)
        if not (g & grams_by_mode[mode]):
            return False
    return True


def make_decontam(data, rng):
    verify = os.path.join(data, "verify")
    eval_dir = os.path.join(data, "eval")
    math = read_jsonl(os.path.join(verify, "math500.jsonl"))
    tqa = read_jsonl(os.path.join(verify, "theoremqa.jsonl"))
    math_eval = read_jsonl(os.path.join(eval_dir, "math500.jsonl"))

    # reference 13-grams of every MATH-500 problem and TheoremQA question, per normalization
    ref_texts = [r["problem"] for r in math] + [r["question"] for r in math_eval] + \
        [r["question"] for r in tqa]
    ref = {m: set() for m in NORM_MODES}
    for t in ref_texts:
        for m in NORM_MODES:
            ref[m] |= ngrams(norm_words(t, m), 13)

    # contaminated: edited MATH-500 problems
    pool = [r for r in math if min(len(norm_words(r["problem"], m)) for m in NORM_MODES) >= 13]
    rng.shuffle(pool)
    dirty = []
    for r in pool:
        if len(dirty) == 200:
            break
        src = r["problem"]
        src_grams = {m: ngrams(norm_words(src, m), 13) for m in NORM_MODES}
        done = None
        for attempt in range(30):
            k = 3 if attempt < 10 else (2 if attempt < 20 else 1)
            kinds = rng.sample(EDITS, rng.randint(1, k))
            kinds.sort(key=lambda e: [x[0] for x in EDITS].index(e[0]))
            q = src
            for _, fn in kinds:
                q = fn(q, rng)
            if q == src or not q.strip():
                continue
            if shares({m: norm_words(q, m) for m in NORM_MODES}, src_grams):
                done = (q, [name for name, _ in kinds])
                break
        if done is None:
            continue
        dirty.append({"id": f"math500/{r['id']}", "question": done[0], "answer": r["answer"],
                      "contaminated": "math500", "edits": done[1]})
    if len(dirty) < 200:
        sys.exit(f"make_qa_sets: only {len(dirty)} MATH-500 problems survived the edits")

    # clean: gsm8k and mmlu_pro (half of the latter from its math category)
    gsm = read_jsonl(os.path.join(eval_dir, "gsm8k.jsonl"))
    mmlu = read_jsonl(os.path.join(eval_dir, "mmlu_pro.jsonl"))
    mmlu_math = [r for r in mmlu if r.get("category") == "math"]
    mmlu_other = [r for r in mmlu if r.get("category") != "math"]
    clean = []
    for name, rows, want in (("gsm8k", gsm, 100), ("mmlu_pro", mmlu_math, 50),
                             ("mmlu_pro", mmlu_other, 50)):
        rows = list(rows)
        rng.shuffle(rows)
        got = 0
        for r in rows:
            if got == want:
                break
            q = r["question"]
            if len(norm_words(q)) < 13:
                continue
            if any(ngrams(norm_words(q, m), 13) & ref[m] for m in NORM_MODES):
                continue
            clean.append({"id": f"{name}/{r['id']}", "question": q, "answer": r["answer"],
                          "contaminated": None, "edits": []})
            got += 1

    rows = dirty + clean
    rng.shuffle(rows)
    return rows


# --------------------------------------------------------------------------- bench corpus
BENCH_SOURCES = ["gsm8k", "mmlu_pro", "bbeh", "olympiadbench", "minerva_math", "aime24", "aime25",
                 "amc23", "math500"]
PREFIXES = ["", "", "", "Question: ", "Q: ", "Problem: ", "Solve the following problem. ",
            "Answer the question below.\n", "Exercise: "]
SUFFIXES = ["", "", "", " Show your work.", " Explain your reasoning.", "\nGive the final answer.",
            " Justify your answer."]
_NUM = re.compile(r"\d+")


def bench_corpus(out_path, mb=50, seed=SEED, data=None):
    """Write about mb * 10^6 bytes of synthetic QA JSONL to out_path, for benchmarks.

    Each record {"id", "question", "answer", "benchmark", "dup_of"} starts from a random eval
    question (every file in eval/ except gpqa, which stays compressed), sometimes with its
    mmlu_pro options written out, then: integers replaced by random ones of the same length (p
    0.5), 10-25% of its words substituted, inserted or deleted, one sentence of another question
    appended (p 0.3), a prefix/suffix template. About 10% of records are instead near-duplicates
    of one of the last 5000 records (edit rate 0-0.1; a quarter of them exact copies), with
    dup_of set. About 3% get Gopher-unfriendly noise (bullet lines, trailing '...', '#' tags).
    """
    rng = random.Random(seed)
    data = data or default_data_dir()
    eval_dir = os.path.join(data, "eval")
    qs = []
    for name in BENCH_SOURCES:
        for r in read_jsonl(os.path.join(eval_dir, name + ".jsonl")):
            q = r["question"]
            if r.get("choices") and rng.random() < 0.5:
                q += "\nOptions:\n" + "\n".join(f"({chr(65 + i)}) {c}"
                                                for i, c in enumerate(r["choices"]))
            qs.append((name, q, str(r["answer"])))
    vocab = build_vocab(q for _, q, _ in qs[::7])
    sentences = [s for _, q, _ in qs[::3] for s in re.split(r"(?<=[.?!])\s+", q)
                 if 20 <= len(s) <= 300]
    recent = []
    target = int(mb * 1_000_000)
    written = 0
    n = 0
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        while written < target:
            dup_of = None
            if recent and rng.random() < 0.10:
                src = recent[rng.randrange(len(recent))]
                rate = 0.0 if rng.random() < 0.25 else rng.uniform(0.01, 0.1)
                q = word_edits(src["question"], rate, rng, vocab)
                name, ans, dup_of = src["benchmark"], src["answer"], src["id"]
            else:
                name, q, ans = qs[rng.randrange(len(qs))]
                if rng.random() < 0.5:
                    q = _NUM.sub(lambda m: str(rng.randrange(10 ** (len(m.group(0)) - 1)
                                                             if len(m.group(0)) > 1 else 0,
                                                             10 ** len(m.group(0)))), q)
                q = word_edits(q, rng.uniform(0.10, 0.25), rng, vocab)
                if rng.random() < 0.3:
                    q = q + " " + rng.choice(sentences)
                q = rng.choice(PREFIXES) + q + rng.choice(SUFFIXES)
                r = rng.random()
                if r < 0.01:
                    q = "\n".join("- " + s for s in re.split(r"(?<=[.?!])\s+", q))
                elif r < 0.02:
                    q = q.rstrip(".") + "..."
                elif r < 0.03:
                    q = q + " " + " ".join("#" + rng.choice(vocab) for _ in range(rng.randint(3, 12)))
            rec = {"id": f"bench-{n:07d}", "question": q, "answer": ans, "benchmark": name,
                   "dup_of": dup_of}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
            if dup_of is None:
                if len(recent) < 5000:
                    recent.append(rec)
                else:
                    recent[rng.randrange(5000)] = rec
    os.replace(tmp, out_path)
    return n, written


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--bench", nargs=2, metavar=("OUT", "MB"))
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.data, "eval")):
        sys.exit(f"make_qa_sets: {args.data}/eval not found (set --data or GR_SHARED)")

    if args.bench:
        n, size = bench_corpus(args.bench[0], float(args.bench[1]), args.seed, args.data)
        print(f"{args.bench[0]}: {n} records, {size} bytes")
        return

    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    nd = make_neardup(args.data, rng)
    write_jsonl(os.path.join(args.out, "neardup.jsonl"), nd)
    rng = random.Random(args.seed + 1)
    dc = make_decontam(args.data, rng)
    write_jsonl(os.path.join(args.out, "decontam.jsonl"), dc)
    for name, rows in (("neardup.jsonl", nd), ("decontam.jsonl", dc)):
        p = os.path.join(args.out, name)
        print(f"{p}: {len(rows)} records, {os.path.getsize(p)} bytes")


if __name__ == "__main__":
    main()
