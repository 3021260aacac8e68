#!/usr/bin/env bash
# A second, independent oracle for the engine: llama.cpp (through llama-cpp-python) on the tiny F32
# checkpoints converted to GGUF with the gguf package.  Greedy tokens from rollout --temperature 0
# must be the tokens llama.cpp picks from the same prompt ids.
set -u
source "$(dirname "$0")/../shell/common.bash"
PY=${GR_PYTHON:-python3}
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}
printf '%s\n' '{"question":"What is 2+2?"}' '{"question":"Solve for x: 3x + 5 = 20."}' \
    '{"question":"写一首关于春天的诗"}' '{"question":"Compute $\\int_0^1 x^2 dx$."}' > "$T/q.jsonl"
for name in qwen2-f32 qwen3-f32; do
    "$PY" tests/oracle/gguf_convert.py "$M/$name" "$T/$name.gguf" f32 > /dev/null 2> "$T/convert.err" \
        || { fail "$name: GGUF conversion ($(tail -n 1 "$T/convert.err"))"; continue; }
    "$BIN"/rollout --model "$M/$name" -q -n 1 --temperature 0 --max-tokens 48 "$T/q.jsonl" > "$T/$name.jsonl"
    check "$name: 48 greedy tokens identical to llama.cpp's on 4 prompts" "$PY" - "$T/$name.gguf" "$T/$name.jsonl" <<'PY'
import json, sys
import numpy as np
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=512, logits_all=True, verbose=False, n_threads=2)
good = True
for r in (json.loads(l) for l in open(sys.argv[2])):
    llm.reset()
    llm.eval(r["prompt_ids"])
    picked = []
    for _ in r["response_ids"]:
        picked.append(int(np.argmax(llm.scores[llm.n_tokens - 1])))
        llm.eval([picked[-1]])
    if picked != r["response_ids"]:
        k = next(i for i, (a, b) in enumerate(zip(picked, r["response_ids"])) if a != b)
        print("#  differs at token %d: llama.cpp %d, ours %d" % (k, picked[k], r["response_ids"][k]))
        good = False
sys.exit(not good)
PY
done
