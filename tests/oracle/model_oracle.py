#!/usr/bin/env python3
"""model_oracle.py MODEL_RUN ROLLOUT MODELS_DIR WORK

lib/model, lib/sample and rollout against Hugging Face transformers' own Qwen2ForCausalLM /
Qwen3ForCausalLM on the tiny checkpoints of testdata/models/make_tiny_models.py:
  - logits of every token, for a batch of prompts of different lengths, prefilled together and fed
    one token at a time (KV cache): max abs error <= 1e-4 (F32), and for BF16 two BF16 units in the
    last place of the largest |logit| (two implementations that both round each result to BF16
    part by one or two of them: 0.031 for logits up to 2.48; AVX2's rounding without AVX512-BF16
    gives 0.0205, AMX's less);
  - 64 greedy tokens from rollout --temperature 0 identical to generate(do_sample=False);
  - the logprobs rollout reports for sampled tokens (T = 0.7, top-p 0.9) equal log_softmax(logits / T)
    recomputed by transformers on the whole sequence;
  - the qwen3 chat template byte-identical to apply_chat_template with the real tokenizer_config.json."""
import json, os, subprocess, sys
import numpy as np, torch
from transformers import AutoModelForCausalLM, AutoTokenizer

model_run, rollout, models, work = sys.argv[1:5]
torch.manual_seed(0)
PROMPTS = ["What is 2+2?", "Solve for x: 3x + 5 = 20.", "The partial pressure of ethanol is 30.0 torr; find the total.",
           "写一首关于春天的诗", "Compute $\\int_0^1 x^2 \\, dx$."]


def ok(cond, msg):
    print(("ok " if cond else "not ok ") + msg)


def run_rollout(d, args, questions):
    inp = "".join(json.dumps({"id": i, "question": q}) + "\n" for i, q in enumerate(questions))
    p = subprocess.run([rollout, "--model", d, "-q"] + args, input=inp.encode(), capture_output=True)
    if p.returncode:
        sys.exit("rollout failed: " + p.stderr.decode()[-400:])
    return [json.loads(l) for l in p.stdout.splitlines()]


for name in ("qwen2-f32", "qwen3-f32", "qwen2-bf16", "qwen3-bf16"):
    d = os.path.join(models, name)
    bf16 = name.endswith("bf16")
    tol = 2e-2 if bf16 else 1e-4
    hf = AutoModelForCausalLM.from_pretrained(d, dtype=torch.bfloat16 if bf16 else torch.float32).eval()
    tok = AutoTokenizer.from_pretrained(d)
    seqs = [tok(p)["input_ids"] for p in PROMPTS]
    with torch.no_grad():
        ref = np.concatenate([hf(torch.tensor([s])).logits[0].float().numpy() for s in seqs])
    if bf16:
        tol = 2 * 2.0 ** (np.floor(np.log2(np.abs(ref).max())) - 7)
    for mode in ("logits", "steps"):
        out = os.path.join(work, f"{name}.{mode}.f32")
        open(out, "wb").close()
        subprocess.run([model_run, d, mode, out], input=(json.dumps({"seqs": seqs}) + "\n").encode(), check=True)
        ours = np.fromfile(out, dtype=np.float32).reshape(ref.shape)
        err = float(np.abs(ours - ref).max())
        how = "prefilled as one batch of 5 lengths" if mode == "logits" else "one token at a time through the KV cache"
        ok(err <= tol, f"{name}: logits of {ref.shape[0]} tokens {how}: max abs error {err:.2e} (<= {tol:g}; |logits| up to {np.abs(ref).max():.2f})")

    # Greedy generation: 64 tokens, stopping only at the limit.
    rows = run_rollout(d, ["-n", "1", "--temperature", "0", "--max-tokens", "64", "--batch", "3"], PROMPTS)
    same = ties = 0
    for r in rows:
        ids = torch.tensor([r["prompt_ids"]])
        with torch.no_grad():
            g = hf.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False, max_new_tokens=64,
                            eos_token_id=None, pad_token_id=0)[0, ids.shape[1]:].tolist()
        n, ours = len(r["response_ids"]), r["response_ids"]
        if g[:n] == ours and (n == 64 or r["finish_reason"] == "stop"):
            same += 1
            continue
        # BF16: a different token is fine only where transformers itself sees a tie within the
        # logits tolerance (its top choice and ours at most 2 * tol apart at the first difference).
        k = next(i for i in range(min(n, len(g))) if g[i] != ours[i])
        with torch.no_grad():
            lg = hf(torch.tensor([r["prompt_ids"] + g[:k]])).logits[0, -1].float()
        ties += bf16 and float(lg[g[k]] - lg[ours[k]]) <= 2 * tol
        print(f"#  {name}: greedy differs at token {k} of {n}: transformers {g[k]} ({float(lg[g[k]]):.4f}), ours {ours[k]} ({float(lg[ours[k]]):.4f})")
    what = "identical to" if not bf16 else "identical to, or parting only at a tie within 2x the logits tolerance from,"
    ok(same + ties == len(rows), f"{name}: greedy tokens {what} generate(do_sample=False) on {same + ties}/{len(rows)} prompts (64 tokens; {same} identical)")

    # Sampled logprobs against transformers' own recomputation of the sequence.
    rows = run_rollout(d, ["-n", "3", "--temperature", "0.7", "--top-p", "0.9", "--max-tokens", "24", "--seed", "11"], PROMPTS[:2])
    worst = 0.0
    for r in rows:
        full = torch.tensor([r["prompt_ids"] + r["response_ids"]])
        with torch.no_grad():
            lg = hf(full).logits[0, len(r["prompt_ids"]) - 1:-1].float() / 0.7
        lp = torch.log_softmax(lg, -1).gather(1, torch.tensor(r["response_ids"])[:, None])[:, 0].numpy()
        worst = max(worst, float(np.abs(lp - np.array(r["logprobs"])).max()))
    ltol = 5e-2 if bf16 else 1e-4
    ok(worst <= ltol, f"{name}: {len(rows)} sampled responses' logprobs equal transformers' log_softmax(logits/T): max error {worst:.2e} (<= {ltol:g})")

# Chat template: ours against apply_chat_template with Qwen3's tokenizer_config.json.
tok = AutoTokenizer.from_pretrained(os.path.join(models, "qwen3-f32"))
for think in (True, False):
    args = [] if think else ["--no-think"]
    rows = run_rollout(os.path.join(models, "qwen3-f32"), ["-n", "1", "--max-tokens", "1", "--template", "qwen3"] + args, PROMPTS)
    want = [tok.apply_chat_template([{"role": "user", "content": q + " Please reason step by step, and put your final answer within \\boxed{}."}],
                                    tokenize=False, add_generation_prompt=True, enable_thinking=think) for q in PROMPTS]
    same = sum(r["prompt"] == w for r, w in zip(rows, want))
    ok(same == len(PROMPTS), f"qwen3 template{'' if think else ' --no-think'}: prompts byte-identical to apply_chat_template on {same}/{len(PROMPTS)}")
