#!/usr/bin/env python3
"""make_tiny_models.py OUTDIR TOKENIZER_DIR

Tiny random Qwen checkpoints, written by Hugging Face transformers' own save_pretrained (the real
layout: config.json, model.safetensors, generation_config.json), with Qwen's real vocabulary and
tokenizer files copied in:

  qwen2-f32, qwen2-bf16   Qwen2ForCausalLM, tied embeddings, q/k/v biases, 4 heads over 2 kv heads
  qwen3-f32, qwen3-bf16   Qwen3ForCausalLM, untied lm_head, q_norm/k_norm, head_dim 24 != 64/4

Weights are drawn with a fixed seed and scaled up from transformers' 0.02 init so the logits spread
(a near-uniform distribution would make greedy decoding a coin toss on rounding).  Deterministic: the
same script gives the same files."""
import os, shutil, sys
import torch
from transformers import Qwen2Config, Qwen2ForCausalLM, Qwen3Config, Qwen3ForCausalLM

out, tok_dir = sys.argv[1], sys.argv[2]
common = dict(vocab_size=151936, hidden_size=64, intermediate_size=160, num_hidden_layers=2, num_attention_heads=4,
              num_key_value_heads=2, max_position_embeddings=4096, rms_norm_eps=1e-6, bos_token_id=151643,
              eos_token_id=151643)
specs = {
    "qwen2": (Qwen2ForCausalLM, Qwen2Config(**common, rope_theta=1000000.0, tie_word_embeddings=True)),
    "qwen3": (Qwen3ForCausalLM, Qwen3Config(**common, head_dim=24, rope_theta=1000000.0, tie_word_embeddings=False,
                                            attention_bias=False)),
}
for name, (cls, cfg) in specs.items():
    torch.manual_seed(1234)
    model = cls(cfg).eval()
    with torch.no_grad():
        for pname, p in model.named_parameters():
            if "norm" in pname:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.06 * torch.randn_like(p))
    for dtype, suffix in ((torch.float32, "f32"), (torch.bfloat16, "bf16")):
        d = os.path.join(out, f"{name}-{suffix}")
        model.to(dtype).save_pretrained(d, safe_serialization=True)
        for f in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copy(os.path.join(tok_dir, f), d)
        print(d)
