#!/usr/bin/env python3
"""grpo_grad_oracle.py: whole-model GRPO gradients by torch autograd, the oracle of gr's C backward pass.

  grpo_grad_oracle.py MODEL_DIR ROLLOUTS.jsonl OUT.safetensors [--ref REF_DIR] [--temperature T]
      [--clip-low f] [--clip-high f] [--clip-c f] [--kl-coef f] [--kl-type t] [--entropy-coef f]
      [--agg mode] [--no-std-norm] [--impl sheet|verl|auto] [--fd NAME:INDEX ...] [--fd-eps e]
  grpo_grad_oracle.py --make-rollouts MODEL_DIR ROLLOUTS.jsonl [--ids 2] [--samples 3] [--seed 0] [--temperature T]
                      [--prompt-len 5,10] [--response-len 1,8]

MODEL_DIR is loaded with transformers in float32, eager attention.  ROLLOUTS holds scored records
{id, prompt_ids, response_ids, logprobs (old logp, one per response token), reward}; GRPO groups them by id.
All records are ONE micro-batch, run as ONE forward pass: prompt+response right-padded to the longest, with an
attention_mask (right padding leaves the real tokens' positions and causal attention untouched).  Response
token j of a record is scored by the logits one position before it: logp = log_softmax(logits/T)[token],
entropy = entropy of softmax(logits/T), differentiated through as verl does when entropy_coef != 0.
The loss is grpo_oracle.grpo_loss (pg_loss - entropy_coef*entropy + kl_coef*kl), without verl's division by
the gradient-accumulation count.  Reference log-probs (no grad, same T) come from --ref, else from
MODEL_DIR itself, and only when kl_coef != 0 or --ref is given.

Writes every parameter's gradient, float32, under the checkpoint's own names (named_parameters: a tied
lm_head is not separate, model.embed_tokens.weight holds the sum of both uses), and prints one JSON line
{"loss", "pg_loss", "kl", "entropy", "tokens", ...}.  Each --fd NAME:INDEX (INDEX flat, or i,j) adds to it a
central finite difference of the loss in a float64 copy of the model, next to autograd's float32 and float64
values of the same derivative.
"""
import argparse, copy, json, os, sys
import numpy as np
import torch
from safetensors.torch import save_file
from transformers import AutoModelForCausalLM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpo_oracle as go


def load(d):
    m = AutoModelForCausalLM.from_pretrained(d, dtype=torch.float32, attn_implementation="eager")
    return m.eval()  # no dropout anywhere (attention_dropout 0); eval() just makes sure


def batch_of(records):
    """-> input_ids, attention_mask [B, T], response tokens / mask [B, R], the logits row of each response token."""
    B = len(records)
    T = max(len(r["prompt_ids"]) + len(r["response_ids"]) for r in records)
    R = max(len(r["response_ids"]) for r in records)
    ids = torch.zeros(B, T, dtype=torch.long)      # pad id 0: masked out, its value never matters
    attn = torch.zeros(B, T, dtype=torch.long)
    tok = torch.zeros(B, R, dtype=torch.long)
    mask = torch.zeros(B, R)
    row = torch.zeros(B, R, dtype=torch.long)
    for b, r in enumerate(records):
        P, n = len(r["prompt_ids"]), len(r["response_ids"])
        ids[b, :P + n] = torch.tensor(r["prompt_ids"] + r["response_ids"])
        attn[b, :P + n] = 1
        tok[b, :n] = torch.tensor(r["response_ids"])
        mask[b, :n] = 1
        row[b, :n] = torch.arange(P - 1, P - 1 + n)  # logits at position p score the token at p+1
    return ids, attn, tok, mask, row


def token_stats(model, batch, temperature):
    """Per response token: logp of the sampled token and the entropy, both at temperature T, with grad."""
    ids, attn, tok, mask, row = batch
    logits = model(input_ids=ids, attention_mask=attn).logits          # [B, T, V]
    z = torch.gather(logits, 1, row[..., None].expand(-1, -1, logits.shape[-1])) / temperature
    logp = torch.log_softmax(z, -1).gather(-1, tok[..., None])[..., 0]
    # verl_F.entropy_from_logits: logsumexp(z) - sum softmax(z) * z
    entropy = torch.logsumexp(z, -1) - (torch.softmax(z, -1) * z).sum(-1)
    return logp, entropy


def loss_terms(model, batch, inputs, a, impl, ca):
    rewards, group, old, ref = inputs
    dt = next(model.parameters()).dtype
    logp, entropy = token_stats(model, batch, a.temperature)
    return go.grpo_loss(rewards.to(dt), group, not a.no_std_norm, batch[3].to(dt), logp, old.to(dt),
                        None if ref is None else ref.to(dt), entropy, a.clip_low, a.clip_high, a.clip_c,
                        a.kl_type, a.kl_coef, a.entropy_coef, a.agg, impl, ca)


def float64_copy(model):
    """The model in float64 throughout.  transformers' Qwen RMSNorm rounds to float32 inside, and its eager
    attention takes the softmax in float32: parameter-dependent rounding noise (~1e-8 of the loss) that
    swamps a finite difference.  So: RMSNorm without the cast, and SDPA attention (the same function,
    computed in the input dtype on CPU).  RoPE's cos/sin stay float32-rounded: constants, harmless."""
    m = copy.deepcopy(model).double()
    m.set_attn_implementation("sdpa")
    for mod in m.modules():
        if type(mod).__name__.endswith("RMSNorm"):
            mod.forward = lambda x, mod=mod: mod.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + mod.variance_epsilon))
    return m


def finite_differences(model, batch, inputs, a, impl, ca, grads):
    """Central differences of the loss in one float64 copy, each next to autograd's float64 and float32 values."""
    m64 = float64_copy(model)
    loss_terms(m64, batch, inputs, a, impl, ca)["loss"].backward()
    params = dict(m64.named_parameters())
    out = []
    for spec in a.fd:
        name, index = spec.rsplit(":", 1)
        p = params[name]
        k = int(np.ravel_multi_index(tuple(int(i) for i in index.split(",")), p.shape)) if "," in index else int(index)
        x = p.view(-1)[k].item()
        f = []
        with torch.no_grad():
            for v in (x + a.fd_eps, x - a.fd_eps):
                p.view(-1)[k] = v
                f.append(loss_terms(m64, batch, inputs, a, impl, ca)["loss"].item())
            p.view(-1)[k] = x                           # restored exactly, not by adding -eps back
        out.append({"name": name, "index": k, "eps": a.fd_eps, "fd64": (f[0] - f[1]) / ((x + a.fd_eps) - (x - a.fd_eps)),
                    "autograd64": p.grad.reshape(-1)[k].item(), "autograd": grads[name].reshape(-1)[k].item()})
    return out


def make_rollouts(a):
    """Synthetic scored rollouts: random prompts and responses, old logprobs near the model's own
    (most within the clip range, some beyond it on either side, some far enough for the dual clip)."""
    rng = np.random.default_rng(a.seed)
    model = load(a.model)
    recs = []
    for g in range(a.ids):
        prompt = rng.integers(0, 151643, int(rng.integers(*a.prompt_len))).tolist()
        for s in range(a.samples):
            recs.append({"id": f"q{g}", "prompt_ids": prompt,
                         "response_ids": rng.integers(0, 151643, int(rng.integers(*a.response_len))).tolist(),
                         "reward": float(rng.choice([-0.5, 0.0, 0.5, 0.85, 1.0]))})
    with torch.no_grad():
        logp, _ = token_stats(model, batch_of(recs), a.temperature)
    for b, r in enumerate(recs):
        n = len(r["response_ids"])
        kind = rng.choice(3, n, p=[0.6, 0.25, 0.15])
        shift = np.where(kind == 0, rng.normal(0, 0.05, n),
                np.where(kind == 1, rng.choice([-1, 1], n) * rng.uniform(0.3, 1.0, n), -rng.uniform(1.5, 3.0, n)))
        r["logprobs"] = np.float32(logp[b, :n].numpy() + shift).astype(float).tolist()  # old = new + shift
    with open(a.rollouts, "w") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    print(f"make-rollouts: {len(recs)} records in {a.ids} groups -> {a.rollouts}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--make-rollouts", action="store_true")
    ap.add_argument("model")
    ap.add_argument("rollouts")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--ref")
    lengths = lambda v: tuple(int(x) for x in v.split(","))
    ap.add_argument("--prompt-len", type=lengths, default=(5, 10), metavar="LO,HI", help="make-rollouts: prompt lengths [LO, HI)")
    ap.add_argument("--response-len", type=lengths, default=(1, 8), metavar="LO,HI", help="make-rollouts: response lengths [LO, HI)")
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--clip-low", type=float, default=0.2)
    ap.add_argument("--clip-high", type=float, default=0.2)
    ap.add_argument("--clip-c", type=float, default=3.0)
    ap.add_argument("--kl-coef", type=float, default=0.0)
    ap.add_argument("--kl-type", default="low_var_kl", choices=go.KL_TYPES)
    ap.add_argument("--entropy-coef", type=float, default=0.0)
    ap.add_argument("--agg", default="token-mean", choices=go.AGG_MODES)
    ap.add_argument("--no-std-norm", action="store_true")
    ap.add_argument("--impl", choices=("sheet", "verl", "auto"))  # default: GR_ORACLE_IMPL, else auto
    ap.add_argument("--fd", action="append", default=[], metavar="NAME:INDEX")
    ap.add_argument("--fd-eps", type=float, default=1e-5)  # float64: roundoff ~1e-11, kinks rarely in reach
    ap.add_argument("--ids", type=int, default=2)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    if a.make_rollouts:
        return make_rollouts(a)
    if not a.out:
        ap.error("OUT.safetensors is required")
    impl, ca = go.resolve_impl(a.impl)

    records = [json.loads(l) for l in open(a.rollouts) if l.strip()]
    for r in records:
        assert len(r["logprobs"]) == len(r["response_ids"]) > 0, f"record {r.get('id')}: logprobs/response_ids"
    batch = batch_of(records)
    old = torch.zeros(batch[3].shape)
    for b, r in enumerate(records):
        old[b, :len(r["logprobs"])] = torch.tensor(r["logprobs"])
    rewards = torch.tensor([float(r["reward"]) for r in records])
    group = [str(r["id"]) for r in records]

    model = load(a.model)
    ref = None
    if a.kl_coef != 0 or a.ref:
        with torch.no_grad():
            ref = token_stats(load(a.ref) if a.ref else model, batch, a.temperature)[0]
    inputs = (rewards, group, old, ref)

    model.zero_grad()
    r = loss_terms(model, batch, inputs, a, impl, ca)
    r["loss"].backward()
    params = dict(model.named_parameters())
    grads = {n: (p.grad if p.grad is not None else torch.zeros_like(p)).detach().float().contiguous()
             for n, p in params.items()}
    save_file(grads, a.out, metadata={"format": "pt"})

    out = {k: r[k].item() for k in ("loss", "pg_loss", "kl", "entropy", "pg_clipfrac", "pg_clipfrac_lower", "ppo_kl")}
    out.update(tokens=int(batch[3].sum()), zero_adv_groups=r["zero_adv_groups"],
               advantages=[float(x) for x in r["advantages"]], impl=impl)
    if a.fd:
        out["fd"] = finite_differences(model, batch, inputs, a, impl, ca, grads)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
