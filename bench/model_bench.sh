#!/usr/bin/env bash
# The CPU engine on a random model with Qwen2.5-0.5B's shape in BF16 (made by transformers into
# bench/data/qwen2.5-0.5b-random, git-ignored; ~1 GB), 2 threads unless BENCH_THREADS says otherwise:
#   decode tokens/s (one sequence, a 64-token prompt, 64 tokens decoded) against the memory-bandwidth
#     limit: weight bytes read per token / read bandwidth measured in the same run (tests/tools/membw);
#   prefill tokens/s (a 256-token prompt) against PyTorch (transformers, BF16, CPU) on the same prompt,
#     and against numpy's OpenBLAS sgemm (F32) of the same matmul shapes;
#   decode tokens/s against llama.cpp (llama-cpp-python) on the same model converted to GGUF BF16 by
#     tests/oracle/gguf_convert.py (bench/data/qwen2.5-0.5b-random.gguf), same prompt, same threads;
# best of 3 each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
die() { echo "model_bench: $*" >&2; exit 1; }
TOOLS=${GR_TOOLS:-build/tools}
THREADS=${BENCH_THREADS:-2}
export OMP_NUM_THREADS=$THREADS
qwen05b
bw=$("$TOOLS/membw" | sed 's/.*: *\([0-9.]*\)}/\1/')
read -r prefill decode < <("$TOOLS/model_run" "$M" bench 256 0 | sed 's/.*"prefill_tok_s":\([0-9.]*\).*/\1/' | tr '\n' ' '; \
                          "$TOOLS/model_run" "$M" bench 64 64 | sed 's/.*"decode_tok_s":\([0-9.]*\).*/\1/')
read -r torch_prefill sgemm < <("$GR_PYTHON" - "$M" "$THREADS" <<'PY'
import sys, time, numpy as np, torch
from transformers import AutoModelForCausalLM
torch.set_num_threads(int(sys.argv[2]))
m = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.bfloat16).eval()
ids = torch.tensor([[(i * 7919 + 13) % 150000 for i in range(256)]])
best = 0
with torch.no_grad():
    for _ in range(3):
        t0 = time.perf_counter(); m(ids); best = max(best, 256 / (time.perf_counter() - t0))
c = m.config
C, F, V, L = c.hidden_size, c.intermediate_size, c.vocab_size, c.num_hidden_layers
KV = c.num_key_value_heads * (C // c.num_attention_heads)
shapes = [(C, C), (KV, C), (KV, C), (C, C), (F, C), (F, C), (C, F)] * L + [(V, C)]
x = {k: np.random.rand(256, k).astype(np.float32) for k in {C, F}}
w = {s: np.random.rand(s[1], s[0]).astype(np.float32) for s in set(shapes)}
t_best = None
for _ in range(3):
    t0 = time.perf_counter()
    for s in shapes:
        x[s[1]] @ w[s]
    dt = time.perf_counter() - t0
    t_best = dt if t_best is None else min(t_best, dt)
print("%.2f %.2f" % (best, 256 / t_best))
PY
)
[ -s "$M.gguf" ] || "$GR_PYTHON" tests/oracle/gguf_convert.py "$M" "$M.gguf" bf16 > /dev/null
llama=$("$GR_PYTHON" - "$M.gguf" "$THREADS" <<'PY'
import sys, time
import numpy as np
from llama_cpp import Llama
n = int(sys.argv[2])
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=n, n_threads_batch=n, verbose=False)
prompt = [(i * 7919 + 13) % 150000 for i in range(64)]
best = 0
for _ in range(3):
    llm.reset()
    llm.eval(prompt)
    t0 = time.perf_counter()
    for _ in range(64):
        llm.eval([int(np.argmax(llm.scores[llm.n_tokens - 1]))])
    best = max(best, 64 / (time.perf_counter() - t0))
print("%.2f" % best)
PY
)
weights=$("$GR_PYTHON" -c 'import os, sys; print(os.path.getsize(sys.argv[1] + "/model.safetensors"))' "$M")
awk -v ll="$llama" -v bw="$bw" -v p="$prefill" -v d="$decode" -v tp="$torch_prefill" -v sg="$sgemm" -v wb="$weights" -v th="$THREADS" 'BEGIN {
    limit = bw * 1e9 / wb     # every weight is read once a token (tied: the embedding as lm_head)
    printf "model: random Qwen2.5-0.5B shape, BF16 (%.2f GB of weights), %d threads\n", wb / 1e9, th
    if (d > limit)   # a limit cannot be passed: the measurement of it is what is wrong
        printf "  decode:  %8.2f tok/s   above the bandwidth \"limit\" %.2f tok/s (read %.2f GB/s): the yardstick under-measures here, no ratio\n", d, limit, bw
    else
        printf "  decode:  %8.2f tok/s   bandwidth limit %.2f tok/s (read %.2f GB/s)   ratio %.2f (target >= 0.8)\n", d, limit, bw, d / limit
    printf "  prefill: %8.2f tok/s   PyTorch %.2f tok/s (ratio %.2f, target >= 1.0)   OpenBLAS sgemm %.2f tok/s (ratio %.2f, target >= 0.7)\n", p, tp, p / tp, sg, p / sg
    printf "  decode:  %8.2f tok/s   llama.cpp (llama-cpp-python, GGUF BF16) %.2f tok/s   ratio %.2f (target >= 1.0)\n", d, ll, d / ll
}'
