#!/usr/bin/env python3
"""sft_grad_oracle.py: supervised fine-tuning's loss and whole-model gradients by torch autograd, the
oracle of sft-step (its --grad-out).

  sft_grad_oracle.py MODEL_DIR RECORDS.jsonl OUT.safetensors
  sft_grad_oracle.py --make-records MODEL_DIR RECORDS.jsonl [--n 5] [--seed 0]

RECORDS holds {prompt_ids, response_ids}.  The loss is the token cross-entropy of the response tokens
only (the prompt masked), the mean over every response token of all the records -- what verl's SFT
trainer and TRL's completion-only loss compute -- through transformers' own modules in float32
(grpo_grad_oracle's batch and log-softmax).  Writes every parameter's gradient under the
checkpoint's names and prints {"loss", "tokens"}.
"""
import argparse, json, os, sys
import numpy as np
import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpo_grad_oracle as gg


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--make-records", action="store_true")
    ap.add_argument("model")
    ap.add_argument("records")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    if a.make_records:
        rng = np.random.default_rng(a.seed)
        with open(a.records, "w") as f:
            for i in range(a.n):
                f.write(json.dumps({"id": i, "prompt_ids": rng.integers(0, 151643, int(rng.integers(1, 12))).tolist(),
                                    "response_ids": rng.integers(0, 151643, int(rng.integers(1, 9))).tolist()}) + "\n")
        return
    records = [json.loads(l) for l in open(a.records) if l.strip()]
    model = gg.load(a.model)
    batch = gg.batch_of(records)
    model.zero_grad()
    logp, _ = gg.token_stats(model, batch, 1.0)
    mask = batch[3]
    loss = -(logp * mask).sum() / mask.sum()
    loss.backward()
    grads = {n: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().float().contiguous()
             for n, p in model.named_parameters()}
    save_file(grads, a.out, metadata={"format": "pt"})
    print(json.dumps({"loss": loss.item(), "tokens": int(mask.sum().item())}))


if __name__ == "__main__":
    main()
