"""gen-verify's judgements of benchmark responses against the transcribed scripts (eval_oracle.py
score): what each reads the answer from, the letter, unanswered, and the verdict, per benchmark.
Where a script draws a random letter, gen-verify's must be a letter, and its verdict that letter's."""
import collections
import json
import sys

ours = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
cases = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
total, agree, bad = collections.Counter(), collections.Counter(), []
for o, w, c in zip(ours, want, cases):
    b = c["benchmark"]
    total[b] += 1
    same = o.get("extracted") == w["extracted"] and o.get("unanswered") == w["unanswered"]
    if b in ("MMLU-Pro", "SuperGPQA"):
        if w["prediction"] is None:
            same = same and o.get("prediction", "?") in "ABCDEFGHIJ" and o["verdict"] == (o["prediction"] == c["answer"])
        else:
            same = same and o.get("prediction") == w["prediction"] and o["verdict"] == w["verdict"]
    elif "verdict" in w:
        same = same and o.get("verdict") == w["verdict"]
    if same:
        agree[b] += 1
    else:
        bad.append({"case": c, "ours": {k: o.get(k) for k in ("extracted", "prediction", "unanswered", "verdict")}, "want": w})
print("; ".join(f"{b} {agree[b]}/{total[b]}" for b in total), f"({len(ours)} judged, {len(want)} expected)")
for x in bad[:3]:
    print(json.dumps(x, ensure_ascii=False)[:600])
sys.exit(not (len(ours) == len(want) == len(cases) and not bad))
