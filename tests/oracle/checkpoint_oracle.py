#!/usr/bin/env python3
"""checkpoint_oracle.py logits MODEL_RUN CKPT WORK

A checkpoint grpo-step wrote, read by transformers' from_pretrained (in the dtype its config names):
prints the max abs difference between transformers' logits and our engine's (model_run) on a batch
of prompts, the largest |logit|, and the parameters' dtypes.  One JSON line:
{"max_err": ..., "max_logit": ..., "dtype": "torch.bfloat16", "tensors": N}."""
import json, os, subprocess, sys
import numpy as np, torch
from transformers import AutoModelForCausalLM

mode, model_run, ckpt, work = sys.argv[1:5]
assert mode == "logits"
cfg = json.load(open(os.path.join(ckpt, "config.json")))
dtype = {"bfloat16": torch.bfloat16, "float32": torch.float32}[cfg.get("dtype") or cfg.get("torch_dtype") or "float32"]
hf = AutoModelForCausalLM.from_pretrained(ckpt, dtype=dtype).eval()
seqs = [[(i * 7919 + 13 * k) % 150000 for i in range(n)] for k, n in enumerate((5, 17, 40))]
inp = os.path.join(work, "ckpt-batches.jsonl")
with open(inp, "w") as f:
    f.write(json.dumps({"seqs": seqs}) + "\n")
out = os.path.join(work, "ckpt-logits.f32")
if os.path.exists(out):
    os.remove(out)   # model_run appends
subprocess.run([model_run, ckpt, "logits", out], stdin=open(inp), check=True)
ours = np.fromfile(out, dtype=np.float32).reshape(-1, cfg["vocab_size"])
theirs = []
with torch.no_grad():
    for s in seqs:
        theirs.append(hf(torch.tensor([s])).logits[0].float().numpy())
err = float(np.abs(ours - np.concatenate(theirs)).max())
dtypes = {str(p.dtype) for p in hf.parameters()}
print(json.dumps({"max_err": err, "max_logit": float(np.abs(ours).max()), "dtype": ",".join(sorted(dtypes)), "tensors": len(list(hf.parameters()))}))
