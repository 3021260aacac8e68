#!/usr/bin/env bash
# Decontamination holds on its own (qa-filter --rules decontam, nothing else helping): an edited
# copy of every row of every eval benchmark in $GR_SHARED (MMLU-Pro with its options, GPQA, BBEH,
# the math sets, and TheoremQA) -- case changed, punctuation or "$" stripped, whitespace
# collapsed or reflowed, wrapped in a prefix or suffix ("Question: ... Show your work."), in
# random combination -- is caught, naming its benchmark; and questions from other sources are
# not: each benchmark's questions checked against all the others (leave one out) give <= 1 %
# false hits.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
E=$SHARED/data/eval
BENCH=$(ls "$E"/*.jsonl "$E"/gpqa_diamond.jsonl.gz "$SHARED"/data/verify/theoremqa.jsonl | paste -sd, -)
"$PY" tests/oracle/quality_sets.py real "$SHARED" > "$T/real.jsonl" 2> /dev/null
"$PY" - "$T/real.jsonl" > "$T/edited.jsonl" <<'PY'
import json, random, re, sys
rng = random.Random(23)
prefixes = ["Question: ", "Q: ", "Problem 3. ", "Homework help!\n", "Can someone solve this?\n\n", "[Exam 2019] ",
            "Here is a question from my textbook: ", "1) "]
suffixes = [" Show your work.", "\nThanks in advance!", " (5 points)", "\n\nAnswer:", " Explain your reasoning.",
            " Please help, due tomorrow.", " Source: class notes."]
def edit(q):
    done = []
    if rng.random() < 0.5: q = q.lower() if rng.random() < 0.5 else q.upper(); done.append("case")
    if rng.random() < 0.4: q = re.sub(r"[^\w\s$\\{}^]", "", q); done.append("punct")
    if rng.random() < 0.5: q = q.replace("$", ""); done.append("dollar")
    if rng.random() < 0.5:
        words = q.split()
        q = "".join(w + ("\n" if rng.random() < 0.12 else " ") for w in words).strip(); done.append("reflow")
    elif rng.random() < 0.5: q = re.sub(r"\s+", " ", q); done.append("whitespace")
    if rng.random() < 0.8: q = rng.choice(prefixes) + q; done.append("prefix")
    if rng.random() < 0.6: q = q + rng.choice(suffixes); done.append("suffix")
    return q, done
for l in open(sys.argv[1]):
    r = json.loads(l)
    q, done = edit(r["question"])
    print(json.dumps({"id": r["id"], "set": r["set"], "question": q, "answer": r["answer"], "edits": done}))
PY
"$BIN"/qa-filter -q --rules decontam --decontaminate "$BENCH" --rejects "$T/edited.rej" "$T/edited.jsonl" > "$T/edited.kept"
"$PY" - "$T" <<'PY'
import collections, json, sys
T = sys.argv[1]
names = {"mmlu_pro": "mmlu_pro", "gpqa_diamond": "gpqa_diamond"}
total = collections.Counter(json.loads(l)["set"] for l in open(f"{T}/edited.jsonl"))
kept = [json.loads(l) for l in open(f"{T}/edited.kept")]
wrong = [r for r in map(json.loads, open(f"{T}/edited.rej")) if r["reject_reason"] != "contaminated:" + r["set"]]
missed = collections.Counter(r["set"] for r in kept)
for s in sorted(total):
    shown = "".join(f"\n#   missed {r['id']} {r['edits']}: {r['question'][:120]!r}" for r in [k for k in kept if k["set"] == s][:3])
    print(("ok" if not missed[s] else "not ok") + f" every edited copy of {s} is caught ({total[s] - missed[s]}/{total[s]})" + shown)
json.dump([[r["id"], r["reject_reason"].split(":", 1)[1]] for r in wrong], open(f"{T}/other.json", "w"))
PY
# Leave one out: a benchmark's own questions checked against the others are questions from other
# sources.  A hit is false unless the benchmark it names holds the same question (MMLU-Pro took
# 600 of TheoremQA's and some of MATH's): 80 % of the shorter one's distinct words in the other.
: > "$T/loo.rej"
for f in "$E"/*.jsonl "$E"/gpqa_diamond.jsonl.gz "$SHARED"/data/verify/theoremqa.jsonl; do
    name=$(basename "$f"); name=${name%%.*}
    others=$(echo "$BENCH" | tr , '\n' | grep -v "/$name\.jsonl" | paste -sd, -)
    jq -c --arg s "$name" 'select(.set == $s)' "$T/real.jsonl" > "$T/own.jsonl"
    "$BIN"/qa-filter -q --rules decontam --decontaminate "$others" --rejects "$T/own.rej" "$T/own.jsonl" > /dev/null
    cat "$T/own.rej" >> "$T/loo.rej"
done
"$PY" - "$T" <<'PY'
import collections, json, re, sys
T = sys.argv[1]
rows = [json.loads(l) for l in open(f"{T}/real.jsonl")]
def words(q): return set(re.findall(r"[a-z0-9]+", q.lower()))
by_set, index = collections.defaultdict(list), collections.defaultdict(lambda: collections.defaultdict(list))
for r in rows:
    w = words(r["question"])
    by_set[r["set"]].append(w)
    for x in w: index[r["set"]][x].append(len(by_set[r["set"]]) - 1)
def same_question(w, bench):
    cands = collections.Counter(i for x in w for i in index[bench].get(x, ()))
    return any(c >= 0.8 * min(len(w), len(by_set[bench][i])) for i, c in cands.items())
false = collections.Counter()
hits = [json.loads(l) for l in open(f"{T}/loo.rej")]
for r in hits:
    if not same_question(words(r["question"]), r["reject_reason"].split(":", 1)[1]): false[r["set"]] += 1
n = len(rows)
question = {r["id"]: r["question"] for r in rows}
other = json.load(open(f"{T}/other.json"))
unlike = [i for i, b in other if not same_question(words(question[i]), b)]
print(("ok" if not unlike else "not ok") + f" an edited copy that names another benchmark ({len(other)}) is a question that"
      + f" benchmark holds too ({len(other) - len(unlike)}; {unlike[:3]})")
print(("ok" if sum(false.values()) * 100 <= n else "not ok")
      + f" questions from other sources: {sum(false.values())} false hits in {n} ({dict(false)}; need <= 1%),"
      + f" beside {len(hits) - sum(false.values())} true ones (the same question in two benchmarks)")
PY
