#!/usr/bin/env python3
"""paper_reward.py JUDGED.jsonl TOKENIZER.json NAME [--paper-extraction]

General-Reasoner's reward as its verifier.py computes it (extract_solution, compute_rm_score;
transcribed from ../shared/reference/general-reasoner.md section 2), with token counts from Hugging
Face tokenizers, checked against gen-verify's output.  The verifier's "Final Decision: Yes" is
gen-verify's verdict true.  With --paper-extraction the `extracted` field must also be exactly what
extract_solution returns.  Prints the first differences as # lines, then ok/not ok lines."""
import json, re, sys
from tokenizers import Tokenizer

path, tok_path, name = sys.argv[1:4]
paper_extraction = "--paper-extraction" in sys.argv
tok = Tokenizer.from_file(tok_path)

BOX = re.compile(r"\\boxed\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")
PHRASES = ["Final Answer:", "Final Answer is:", "The answer is:", "Answer:", "Solution:", "The solution is:"]
MARKERS = [re.compile(re.escape(p) + r"((?:(?!<<).)*?)\n", re.IGNORECASE) for p in PHRASES]


def extract_solution(text):
    boxes = BOX.findall(text)
    if boxes and boxes[-1]:
        return boxes[-1]
    matches = [m for pat in MARKERS for m in pat.finditer(text)]
    if not matches:
        return None
    ans = max(matches, key=lambda m: m.start()).group(1).strip()
    for suffix in ("</s>", "<|im_end|>", "<|endoftext|>"):
        if ans.endswith(suffix):
            ans = ans[: -len(suffix)].strip()
            break
    return ans


def ntok(s):
    return len(tok.encode(s, add_special_tokens=False).ids)


def compute_rm_score(extracted, verdict_yes, ground_truth):
    score = 0.0
    if extracted is None:
        score -= 0.5
    if verdict_yes:
        score += 1.0
        said = extracted if extracted is not None else "No Answer"
        score -= 0.05 * min(10, abs(ntok(said) - ntok(ground_truth)))
    return score


rows = [json.loads(l) for l in open(path, encoding="utf-8")]
bad_reward = bad_extract = 0
for r in rows:
    if paper_extraction:
        want = extract_solution(r["response"])
        if r["extracted"] != want:
            bad_extract += 1
            if bad_extract <= 5:
                print("# %s extraction differs on %r: ours %r, reference %r" % (name, r["response"][-120:], r["extracted"], want))
    want = compute_rm_score(r["extracted"], r["verdict"] is True, r["answer"])
    if abs(r["reward"] - want) > 1e-9:
        bad_reward += 1
        if bad_reward <= 5:
            print("# %s reward differs: answer %r extracted %r verdict %s: ours %s, reference %s" % (
                name, r["answer"], r["extracted"], r["verdict"], r["reward"], want))
n = len(rows)
levels = sorted({round(r["reward"], 4) for r in rows})
print("%s %s: reward equals compute_rm_score on %d/%d records (values seen: %s)" % (
    "ok" if n and not bad_reward else "not ok", name, n - bad_reward, n, ", ".join("%g" % v for v in levels)))
if paper_extraction:
    print("%s %s: extracted equals extract_solution on %d/%d responses" % (
        "ok" if n and not bad_extract else "not ok", name, n - bad_extract, n))
