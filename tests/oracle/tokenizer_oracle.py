#!/usr/bin/env python3
"""tokenizer_oracle.py TOKENIZE TOKENIZER.json SHARED WORKDIR

Checks lib/tokenizer (through the build/tools/tokenize driver) against Hugging Face `tokenizers`
(the Rust reference) on every text of SHARED/data: each string field of each JSONL file, each WARC
payload as raw bytes (ill-formed UTF-8 included: the reference sees bytes.decode(errors="replace")),
and hand-made hostile strings.  Prints one ok/not ok line per check and the first differences."""
import glob, gzip, json, os, subprocess, sys, unicodedata
from tokenizers import Tokenizer

tool, tok_path, shared, work = sys.argv[1:5]
ref = Tokenizer.from_file(tok_path)


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def jsonl_texts():
    seen = set()
    for path in sorted(glob.glob(f"{shared}/data/**/*.jsonl*", recursive=True)):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                for s in strings(json.loads(line)):
                    if s not in seen:
                        seen.add(s)
                        yield s


HOSTILE = [
    "", " ", "\n", "\r\n\r\n", "   leading and trailing   ", "a" * 100000, " " * 5000 + "x", "1234567890" * 50,
    "e\u0301 cafe\u0301 \u212b \u1100\u1161\u11a8 A\u030a\u0323",            # NFC composes these
    "👨‍👩‍👧‍👦 🏳️‍🌈 🇯🇵 \U0001f600\ufe0f", "中文测试，日本語のテキスト、한국어 텍스트", "مرحبا بالعالم שלום",
    "\u00a0\u2000\u3000\u2028\u2029\u0085\t\x0b\x0c tabs and odd spaces", "\x00 NUL \x01\x1f\x7f controls",
    "ſ's ſt K 'S 'T 'RE 'Ll", "don't I'm we'VE you'D", "x^{2}+\\frac{1}{2}=\\sqrt[3]{8}\\quad\\boxed{42}",
    "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
    "<think>\n\n</think>\n\n<|endoftext|><|endoftext|><|im_start", "<|im_end|x <| |> <think <tool_call></tool_call>",
    "\ufeffBOM then text", "\U0010fffd \ue000 private use", "math: ∀x∈ℝ, ∑_{i=1}^n i² = n(n+1)/2 ≤ ∞",
]
RAW = [b"\xff\xfe bad lead", b"trunc \xe2\x82", b"\xed\xa0\x80 surrogate", b"\xc0\xaf overlong",
       b"\xf4\x90\x80\x80 too big", b"mixed \xe4\xbd\xa0\xe5 tail \xf0\x9f", b"\x80\x80\x80 stray continuation"]


def warc_payloads():
    from warcio.archiveiterator import ArchiveIterator
    out = []
    for path in sorted(glob.glob(f"{shared}/data/warc/*")):
        if path.endswith(".md"):
            continue
        try:
            with open(path, "rb") as f:
                for rec in ArchiveIterator(f, arc2warc=True):
                    data = rec.content_stream().read()
                    if data:
                        out.append(data)
        except Exception:
            pass    # damaged files: keep what was read before the damage
    return out


def run(args, stdin=None):
    cmd = [tool, tok_path] + args
    p = subprocess.run(cmd, input=stdin, capture_output=True)
    if p.returncode:
        sys.exit("tokenize failed: %s" % p.stderr.decode(errors="replace")[:500])
    return [json.loads(l) for l in p.stdout.splitlines()]


def compare(name, texts, ours):
    bad_ids = bad_dec = bad_trip = bad_stream = tokens = 0
    refs = [e.ids for e in ref.encode_batch(texts, add_special_tokens=False)]
    decoded = ref.decode_batch(refs, skip_special_tokens=False)
    for text, got, want, dec in zip(texts, ours, refs, decoded):
        tokens += len(want)
        bad_stream += not got["stream_same"]
        if got["ids"] != want:
            bad_ids += 1
            if bad_ids <= 5:
                print("#  %s ids differ on %r: ours %s ref %s" % (name, text[:80], got["ids"][:20], want[:20]))
        if got["decoded"] != dec:
            bad_dec += 1
        if got["decoded"] != unicodedata.normalize("NFC", text):
            bad_trip += 1
    n = len(texts)
    same = len(ours) == n
    print("%s %s: token ids identical to HF tokenizers on %d/%d texts (%d tokens)" % (
        "ok" if same and not bad_ids else "not ok", name, n - bad_ids, n, tokens))
    print("%s %s: decode identical to HF decode on %d/%d" % ("ok" if same and not bad_dec else "not ok", name, n - bad_dec, n))
    print("%s %s: streamed decode (one id at a time) equals whole decode on %d/%d" % (
        "ok" if same and not bad_stream else "not ok", name, n - bad_stream, n))
    return bad_trip


texts = list(jsonl_texts()) + HOSTILE
with open(f"{work}/texts.jsonl", "w", encoding="utf-8") as f:
    for t in texts:
        f.write(json.dumps({"text": t}) + "\n")
with open(f"{work}/texts.jsonl", "rb") as f:
    ours = run([], f.read())
trip = compare("jsonl texts", texts, ours)
print("%s decode(encode(x)) == NFC(x) on %d/%d texts" % ("ok" if not trip else "not ok", len(texts) - trip, len(texts)))

raws = warc_payloads() + RAW
files = []
for i, data in enumerate(raws):
    files.append(f"{work}/raw{i:05d}")
    with open(files[-1], "wb") as f:
        f.write(data)
compare("raw bytes (WARC payloads, ill-formed UTF-8)", [r.decode("utf-8", errors="replace") for r in raws], run(files))
