#!/usr/bin/env bash
# pass-rate (the paper's difficulty filter) on real scored rollouts: rollout -n 8 with a tiny model,
# gen-verify against the answers, then pass-rate; the pass rates, the kept set and the reasons are
# checked against a Python recount of gen-verify's verdicts, in input order and shuffled.  Hostile
# samples (no id, no verdict, a reward only, malformed lines) and bad flags.
set -u
source "$(dirname "$0")/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}/qwen3-f32
python3 - > "$T/qa.jsonl" <<'PY'
import json
qs = [("What is 2+2?", "4"), ("Name a prime.", "2"), ("Say yes.", "yes"), ("Compute 3*3.", "9"), ("Pick a letter.", "a"),
      ("What is 1+0?", "1"), ("Say a word.", "the"), ("Count to one.", "1")]
for i, (q, a) in enumerate(qs): print(json.dumps({"id": f"q{i}", "question": q, "answer": a, "category": "math"}))
PY
# Each question's answer is what the model says first (sample 0 of the same seeded rollout), so
# sample 0 is right and the other seven are right as often as the model repeats itself.
roll() { "$BIN"/rollout -q --model "$M" -n 8 --max-tokens 1 --top-k 3 --seed 3 "$1"; }
roll "$T/qa.jsonl" | jq -c 'select(.sample == 0) | del(.sample, .prompt, .prompt_ids, .response_ids, .logprobs, .finish_reason, .length, .stop) | .answer = (.response | gsub("^\\s+|\\s+$"; "")) | del(.response)' > "$T/task.jsonl"
roll "$T/task.jsonl" | "$BIN"/gen-verify -q --reward binary > "$T/scored.jsonl"
python3 - "$T/scored.jsonl" > "$T/scored-mixed.jsonl" <<'PY'
import json, random, sys
rows = open(sys.argv[1]).readlines()
random.Random(1).shuffle(rows)
sys.stdout.writelines(rows)
PY
check "the scored samples hold right and wrong answers ($(jq -r .verdict "$T/scored.jsonl" | sort | uniq -c | paste -sd' '))" \
    eval 'jq -r .verdict "$T/scored.jsonl" | grep -qx true && jq -r .verdict "$T/scored.jsonl" | grep -qvx true'   # wrong: false or null
for input in scored scored-mixed; do
    "$BIN"/pass-rate --rejects "$T/$input.rej" "$T/$input.jsonl" > "$T/$input.out" 2> "$T/$input.err"
    check "$input: exit 0, a summary line ($(tail -1 "$T/$input.err"))" grep -q "^pass-rate: 64 samples in, 8 questions" "$T/$input.err"
    check "$input: pass rates, kept set and reasons as recounted from the verdicts" python3 - "$T/$input.jsonl" "$T/$input.out" "$T/$input.rej" <<'PY'
import collections, json, sys
n, k = collections.Counter(), collections.Counter()
for l in open(sys.argv[1]):
    r = json.loads(l); n[r["id"]] += 1; k[r["id"]] += r["verdict"] is True
out = [json.loads(l) for l in open(sys.argv[2])]
rej = [json.loads(l) for l in open(sys.argv[3])]
assert len(out) + len(rej) == len(n), (len(out), len(rej))
for r in out + rej:
    assert r["samples"] == n[r["id"]] and r["correct"] == k[r["id"]] and abs(r["pass_rate"] - k[r["id"]] / n[r["id"]]) < 1e-12
    assert not {"response", "sample", "verdict", "reward", "response_ids", "logprobs"} & set(r), r.keys()
    assert r["question"] and r["answer"]
for r in out: assert 0 < r["pass_rate"] < 1
for r in rej: assert r["reject_reason"] == ("too_hard" if r["pass_rate"] == 0 else "too_easy"), r
PY
done
check "the kept questions are the same in any sample order" cmp -s <(jq -S -c . "$T/scored.out" | sort) <(jq -S -c . "$T/scored-mixed.out" | sort)

# Bounds: --keep 0:1 --inclusive keeps everything; --keep 0.5:1 is stricter than the default.
"$BIN"/pass-rate -q --keep 0:1 --inclusive "$T/scored.jsonl" > "$T/all.out"
check "--inclusive 0:1 keeps every question" test "$(wc -l < "$T/all.out")" = 8
"$BIN"/pass-rate -q --keep 0.5:1 "$T/scored.jsonl" > "$T/half.out"
check "--keep 0.5:1 keeps only rates above one half" python3 -c '
import json, sys
sys.exit(not all(0.5 < json.loads(l)["pass_rate"] < 1 for l in open(sys.argv[1])))' "$T/half.out"

# Hostile samples, under ASan.
{ head -3 "$T/scored.jsonl"
  echo '{"sample": 0, "verdict": true}'
  echo '{"id": "x", "sample": 0}'
  echo '{"id": 7, "reward": 1.0}'
  echo '{"id": 7, "reward": 0.0}'
  echo '{"id": "y", "verdict": null}'
  printf '{"id": "z", "verdict": tru\n'
  printf '\xff\xfe\n'; } > "$T/hostile.jsonl"
"$ASAN"/pass-rate --rejects "$T/h.rej" "$T/hostile.jsonl" > "$T/h.out" 2> "$T/h.err"; rc=$?
check "hostile samples: exit 0 under ASan+UBSan (rc $rc)" test $rc = 0 -a -z "$(grep -l 'Sanitizer\|runtime error' "$T/h.err")"
reasons=$(jq -r .reject_reason "$T/h.rej" | sort | paste -sd' ')
check "hostile samples: each rejected for its reason ($reasons)" test "$reasons" = "$(printf '%s\n' malformed malformed no_id no_verdict too_hard "$(jq -s -r 'map(.verdict) | if all then "too_easy" elif any then "" else "too_hard" end' <(head -3 "$T/scored.jsonl"))" | grep . | sort | paste -sd' ')"
check "an integer id and reward-only samples make a question (id 7: pass rate 0.5, kept)" \
    grep -q '"id":7,.*"pass_rate":0.5,' "$T/h.out"
"$BIN"/pass-rate --strict "$T/hostile.jsonl" > /dev/null 2>&1; rc=$?
check "--strict: the first malformed line is exit 1 (got $rc)" test $rc = 1

# Flags and outputs.
"$BIN"/pass-rate --keep 1:0 "$T/scored.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "--keep 1:0: exit 2, one line naming it" test $rc = 2 -a "$(wc -l < "$T/err")" = 1 -a -n "$(grep -l -- '--keep' "$T/err")"
"$BIN"/pass-rate --rejects "$T/scored.jsonl" "$T/scored.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "--rejects naming the input: exit 2, the input untouched" test $rc = 2 -a "$(wc -l < "$T/scored.jsonl")" = 64
"$BIN"/pass-rate "$T/nosuch.jsonl" > /dev/null 2> "$T/err"; rc=$?
check "a missing input: exit 2, named" test $rc = 2 -a -n "$(grep -l nosuch "$T/err")"
check "--help has an example" grep -q "rollout .* | gen-verify | pass-rate" <("$BIN"/pass-rate --help)
