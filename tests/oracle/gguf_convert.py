#!/usr/bin/env python3
"""gguf_convert.py HF_DIR OUT.gguf [f32|bf16]

A Hugging Face Qwen2/Qwen3 directory as a GGUF file for llama.cpp, written with the gguf package
(llama.cpp's own GGUF writer) the way llama.cpp's convert_hf_to_gguf.py lays Qwen models out:
tensor names token_embd / blk.N.attn_q ... / output_norm / output, 1-D tensors in F32, the
byte-level BPE vocabulary as tokenizer.ggml (model gpt2, pre qwen2, merges, token types).  Only the
layout is ours; the file format and every key name come from gguf."""
import json, os, sys
import numpy as np
import gguf
import torch
from safetensors.torch import load_file as load_torch

src, out = sys.argv[1], sys.argv[2]
outtype = sys.argv[3] if len(sys.argv) > 3 else "f32"
cfg = json.load(open(os.path.join(src, "config.json")))
arch = cfg["model_type"]
w = gguf.GGUFWriter(out, arch)
C, H = cfg["hidden_size"], cfg["num_attention_heads"]
D = cfg.get("head_dim") or C // H
theta = cfg.get("rope_theta") or (cfg.get("rope_parameters") or {}).get("rope_theta", 10000.0)
w.add_context_length(cfg.get("max_position_embeddings", 32768))
w.add_embedding_length(C)
w.add_feed_forward_length(cfg["intermediate_size"])
w.add_block_count(cfg["num_hidden_layers"])
w.add_head_count(H)
w.add_head_count_kv(cfg.get("num_key_value_heads") or H)
w.add_rope_freq_base(theta)
w.add_layer_norm_rms_eps(cfg.get("rms_norm_eps", 1e-6))
if arch == "qwen3":
    w.add_key_length(D)
    w.add_value_length(D)
w.add_file_type(gguf.LlamaFileType.MOSTLY_BF16 if outtype == "bf16" else gguf.LlamaFileType.ALL_F32)

# Vocabulary: byte-level strings by id, added tokens by content, unused rows as [PADn].
tok = json.load(open(os.path.join(src, "tokenizer.json"), encoding="utf-8"))
V = cfg["vocab_size"]
by_id = {i: t for t, i in tok["model"]["vocab"].items()}
added = {a["id"]: a for a in tok["added_tokens"]}
tokens, types = [], []
for i in range(V):
    if i in added:
        tokens.append(added[i]["content"])
        types.append(gguf.TokenType.CONTROL if added[i]["special"] else gguf.TokenType.USER_DEFINED)
    elif i in by_id:
        tokens.append(by_id[i]); types.append(gguf.TokenType.NORMAL)
    else:
        tokens.append(f"[PAD{i}]"); types.append(gguf.TokenType.UNUSED)
w.add_tokenizer_model("gpt2")
w.add_tokenizer_pre("qwen2")
w.add_token_list(tokens)
w.add_token_types(types)
w.add_token_merges([m if isinstance(m, str) else " ".join(m) for m in tok["model"]["merges"]])
w.add_bos_token_id(151643)
w.add_eos_token_id(cfg.get("eos_token_id") or 151643)
w.add_pad_token_id(151643)
w.add_add_bos_token(False)

names = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight", "lm_head.weight": "output.weight"}
per_layer = {"input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
             "self_attn.q_proj.weight": "attn_q.weight", "self_attn.q_proj.bias": "attn_q.bias",
             "self_attn.k_proj.weight": "attn_k.weight", "self_attn.k_proj.bias": "attn_k.bias",
             "self_attn.v_proj.weight": "attn_v.weight", "self_attn.v_proj.bias": "attn_v.bias",
             "self_attn.o_proj.weight": "attn_output.weight", "self_attn.q_norm.weight": "attn_q_norm.weight",
             "self_attn.k_norm.weight": "attn_k_norm.weight", "mlp.gate_proj.weight": "ffn_gate.weight",
             "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight"}
tensors = load_torch(os.path.join(src, "model.safetensors"))
for name in sorted(tensors):
    t = tensors[name]
    if name.startswith("model.layers."):
        i, rest = name[len("model.layers."):].split(".", 1)
        gname = f"blk.{i}.{per_layer[rest]}"
    else:
        gname = names[name]
    if t.dim() == 1 or outtype == "f32":     # llama.cpp wants norms and biases in F32
        w.add_tensor(gname, t.float().numpy())
    else:
        w.add_tensor(gname, t.to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16),
                     raw_shape=list(t.shape), raw_dtype=gguf.GGMLQuantizationType.BF16)
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
