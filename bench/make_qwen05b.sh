#!/usr/bin/env bash
# make_qwen05b.sh DIR: a random model with Qwen2.5-0.5B's shape in BF16, written by transformers
# (with Qwen's tokenizer files), for the model and training benchmarks; ~1 GB, git-ignored.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"
echo "making $1 (random weights, Qwen2.5-0.5B shape, BF16)" >&2
"$GR_PYTHON" - "$1" "$GR_SHARED/data/tokenizers/qwen3" <<'PY'
import shutil, sys, torch
from transformers import Qwen2Config, Qwen2ForCausalLM
torch.manual_seed(0)
cfg = Qwen2Config(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24, num_attention_heads=14,
                  num_key_value_heads=2, max_position_embeddings=32768, rope_theta=1000000.0, tie_word_embeddings=True,
                  rms_norm_eps=1e-6)
Qwen2ForCausalLM(cfg).to(torch.bfloat16).save_pretrained(sys.argv[1])
for f in ("tokenizer.json", "tokenizer_config.json"):
    shutil.copy(f"{sys.argv[2]}/{f}", sys.argv[1])
PY
