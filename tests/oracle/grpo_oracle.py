#!/usr/bin/env python3
"""grpo_oracle.py: the GRPO maths of verl (commit c62e7ac7) in torch float32, as the oracle of gr's C trainer.

Two implementations of the same maths:
  sheet  a line-by-line transcription of the reference sheet (shared/reference/general-reasoner.md §5),
         needing only torch;
  verl   verl's own core_algos functions (compute_grpo_outcome_advantage, compute_policy_loss, kl_penalty,
         agg_loss).  Pinned: verl==0.4.0, the first PyPI release after c62e7ac7 with the same semantics
         (see ORACLE_NOTES.md).  GR_VERL_PATH=dir[:dir] is prepended to sys.path to find it.
Choose with --impl sheet|verl|auto or GR_ORACLE_IMPL (default auto: verl when importable, else sheet).

CLI:
  grpo_oracle.py cases N SEED  > cases.jsonl     random cases covering the edge cases (coverage on stderr)
  grpo_oracle.py expect        < cases.jsonl > expect.jsonl
  grpo_oracle.py compare expect.jsonl ours.jsonl [--tol 1e-5]   exit 1 on any mismatch
  grpo_oracle.py selfcheck N [SEED]              verl against the transcription (exit 2 without verl)
"""
import importlib.util, json, math, os, sys, types, warnings
import numpy as np
import torch

KL_TYPES = ("low_var_kl", "kl", "abs", "mse")
AGG_MODES = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum")
GRPO_EPS = 1e-6       # (score - mean) / (std + 1e-6)
MASKED_MEAN_EPS = 1e-8  # verl_F.masked_mean: sum(x*m) / (sum(m) + 1e-8)


# ---------------------------------------------------------------------------------------------
# The transcription of the reference sheet §5 (the only thing the C code is held to).

def sheet_advantages(rewards, group, std_norm=True):
    """Per-response advantage (rewards [N] float32, group: N hashable keys) -> (adv [N], zero_adv_groups)."""
    adv = torch.empty_like(rewards)
    zero = 0
    for g in dict.fromkeys(group):                       # groups in order of first appearance
        idx = torch.tensor([i for i, k in enumerate(group) if k == g])
        s = rewards[idx]
        if len(idx) == 1:                                # size-1 group: mean 0, std 1 (so adv ~ the reward itself)
            mu, sd = torch.tensor(0.0), torch.tensor(1.0)
        else:
            mu, sd = s.mean(), s.std()                   # torch.std: unbiased, N-1
            zero += bool((s == s[0]).all())              # std 0 -> all advantages 0
        adv[idx] = (s - mu) / (sd + GRPO_EPS) if std_norm else s - mu
    return adv, zero


def masked_mean(x, m):
    return (x * m).sum() / (m.sum() + MASKED_MEAN_EPS)


def sheet_agg(mat, mask, mode):
    # The padded entries are multiplied by 0, so they get exactly 0 gradient (they must be finite).
    if mode == "token-mean":
        return masked_mean(mat, mask)                    # over the whole micro-batch, not per sequence
    if mode == "seq-mean-token-mean":                    # no epsilon here: an all-padding row would be 0/0
        return ((mat * mask).sum(-1) / mask.sum(-1)).mean()
    if mode == "seq-mean-token-sum":                     # mean over all rows, padded length or not
        return (mat * mask).sum(-1).mean()
    raise ValueError(f"agg mode {mode!r}")


def sheet_kl(logp, ref, kind):
    if kind == "kl":
        return logp - ref
    if kind == "abs":
        return (logp - ref).abs()
    if kind == "mse":
        return 0.5 * (logp - ref).square()
    if kind == "low_var_kl":                             # Schulman k3; the clamp zeroes the gradient past +-10
        d = ref - logp
        return torch.clamp(torch.exp(d) - d - 1, min=-10, max=10)
    raise ValueError(f"kl type {kind!r}")


def sheet_policy_loss(old, logp, adv, mask, clip_low, clip_high, clip_c, mode):
    """Token-level dual-clip PPO loss, aggregated -> (pg_loss, pg_clipfrac, ppo_kl, pg_clipfrac_lower).
    Gradient at ties (torch 2.15): torch.maximum/minimum split a tie half and half, and torch.clamp gives 0
    at the bounds themselves (only strictly inside passes).  So ratio == 1+eps exactly would get half the
    unclipped gradient; random floats never land there, and the ties they do hit (A == 0, or ratio == 1)
    have equal gradients on both sides, where the split changes nothing."""
    assert clip_c > 1.0
    ratio = torch.exp(logp - old)
    l1 = -adv * ratio
    l2 = -adv * torch.clamp(ratio, 1 - clip_low, 1 + clip_high)
    lc = torch.maximum(l1, l2)                           # pessimistic PPO term
    l3 = -adv * clip_c                                   # dual clip, only for A < 0
    pg = torch.where(adv < 0, torch.minimum(l3, lc), lc)
    clipfrac = masked_mean((l2 > l1).float(), mask)
    clipfrac_lower = masked_mean(((lc > l3) & (adv < 0)).float(), mask)
    ppo_kl = masked_mean(old - logp, mask)
    return sheet_agg(pg, mask, mode), clipfrac, ppo_kl, clipfrac_lower


# ---------------------------------------------------------------------------------------------
# verl's own functions.

_VERL = []


def load_verl(quiet=False):
    """verl.trainer.ppo.core_algos, or None.  verl/__init__.py imports verl.protocol and with it ray and
    pandas, which core_algos (0.4.0) never uses; when that import fails, register a bare `verl` package
    that skips __init__.py, so that `pip install --no-deps verl==0.4.0 tensordict` is enough."""
    if _VERL:
        return _VERL[0]
    for d in reversed([d for d in os.environ.get("GR_VERL_PATH", "").split(os.pathsep) if d]):
        sys.path.insert(0, d)
    ca, why = None, []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for bare in (False, True):
            try:
                if bare:
                    spec = importlib.util.find_spec("verl")
                    if spec is None:
                        break
                    pkg = types.ModuleType("verl")
                    pkg.__path__ = list(spec.submodule_search_locations)
                    sys.modules["verl"] = pkg
                import verl.trainer.ppo.core_algos as ca
                break
            except ImportError as e:
                why.append(f"{'bare' if bare else 'normal'} import: {e}")
                for k in [k for k in sys.modules if k == "verl" or k.startswith("verl.")]:
                    del sys.modules[k]
    if ca is None and why and not quiet:
        print("grpo_oracle: verl not importable (" + "; ".join(why) + ")", file=sys.stderr)
    _VERL.append(ca)
    return ca


def verl_terms(ca, rewards, group, std_norm, mask, logp, old, ref, entropy, clip_low, clip_high, clip_c,
               kl_type, mode):
    # verl's GRPO wants token-level rewards: the score sits on the last valid token.
    last = (mask.sum(-1).long() - 1).clamp(min=0)        # (an empty response keeps its score at 0)
    tlr = torch.zeros_like(mask).scatter(1, last[:, None], rewards[:, None])
    uid = {k: i for i, k in enumerate(dict.fromkeys(group))}
    # An all-ones mask keeps the per-response scalar readable even for an empty response; verl itself
    # returns exactly this times response_mask.
    adv, _ = ca.compute_grpo_outcome_advantage(tlr, torch.ones_like(mask), np.array([uid[k] for k in group]),
                                               epsilon=GRPO_EPS, norm_adv_by_std_in_grpo=std_norm)
    adv_tok = adv * mask
    with warnings.catch_warnings():                      # deprecated (but unchanged) in verl >= 0.5
        warnings.simplefilter("ignore")
        pg, cf, pk, cfl = ca.compute_policy_loss(old, logp, adv_tok, mask, cliprange_low=clip_low,
                                                 cliprange_high=clip_high, clip_ratio_c=clip_c, loss_agg_mode=mode)
    ent = ca.agg_loss(entropy, mask, mode)
    kl = ca.agg_loss(ca.kl_penalty(logp, ref, kl_type), mask, mode) if ref is not None else None
    return adv[:, 0], pg, cf, pk, cfl, ent, kl


# ---------------------------------------------------------------------------------------------

def resolve_impl(impl=None):
    impl = impl or os.environ.get("GR_ORACLE_IMPL", "auto")
    if impl == "sheet":
        return "sheet", None
    ca = load_verl(quiet=impl != "verl")
    if ca is None and impl == "verl":
        sys.exit("grpo_oracle: --impl verl but verl is not importable (set GR_VERL_PATH)")
    return ("verl", ca) if ca is not None else ("sheet", None)


def grpo_loss(rewards, group, std_norm, mask, logp, old, ref, entropy, clip_low=0.2, clip_high=0.2, clip_c=3.0,
              kl_type="low_var_kl", kl_coef=0.0, entropy_coef=0.0, agg="token-mean", impl="sheet", ca=None):
    """The whole micro-batch loss: pg_loss - entropy_coef*entropy + kl_coef*kl (no KL term when ref is None).
    Tensors [N, L] (rewards [N]); logp and entropy may carry gradients.  Returns a dict of tensors."""
    adv, zero = sheet_advantages(rewards, group, std_norm)   # zero_adv_groups: counted the same for both
    if impl == "verl":
        adv, pg, cf, pk, cfl, ent, kl = verl_terms(ca, rewards, group, std_norm, mask, logp, old, ref, entropy,
                                                   clip_low, clip_high, clip_c, kl_type, agg)
    else:   # the advantage is broadcast to the response's tokens and masked, as verl returns it
        pg, cf, pk, cfl = sheet_policy_loss(old, logp, adv[:, None] * mask, mask, clip_low, clip_high, clip_c, agg)
        ent = sheet_agg(entropy, mask, agg)
        kl = sheet_agg(sheet_kl(logp, ref, kl_type), mask, agg) if ref is not None else None
    loss = pg - ent * entropy_coef                       # same operand order as dp_actor.update_policy
    if kl is not None:
        loss = loss + kl * kl_coef
    return dict(advantages=adv, zero_adv_groups=zero, pg_loss=pg, pg_clipfrac=cf, pg_clipfrac_lower=cfl,
                ppo_kl=pk, kl=kl if kl is not None else torch.zeros(()), entropy=ent, loss=loss)


def expect_case(c, impl="sheet", ca=None):
    t = lambda x: torch.tensor(x, dtype=torch.float32)
    logp = t(c["logp"]).requires_grad_()
    entropy = t(c["entropy"]).requires_grad_()
    r = grpo_loss(t(c["rewards"]), c["group"], c["std_norm"], t(c["mask"]), logp, t(c["old_logp"]),
                  t(c["ref_logp"]) if c.get("ref_logp") is not None else None, entropy,
                  c["clip_low"], c["clip_high"], c["clip_c"], c["kl_type"], c["kl_coef"], c["entropy_coef"],
                  c["agg"], impl, ca)
    r["loss"].backward()
    out = {k: (v if isinstance(v, int) else v.detach().tolist()) for k, v in r.items()}
    out["dloss_dlogp"] = logp.grad.tolist()
    out["dloss_dentropy"] = entropy.grad.tolist()
    return out


# ---------------------------------------------------------------------------------------------
# Random cases.  Every float is rounded to float32 first, so that C's strtof and torch read the same value.

def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64).tolist()


def make_case(rng, i):
    ngroups = int(rng.integers(1, 5))
    sizes = [1 if rng.random() < 0.25 else int(rng.integers(2, 7)) for _ in range(ngroups)]
    keys = rng.choice(1000, ngroups, replace=False)
    group, rewards = [], []
    for k, n in zip(keys, sizes):
        if n > 1 and rng.random() < 0.3:                 # all equal: std 0, advantage 0 everywhere
            rs = [float(rng.choice([-0.5, 0.0, 1.0, 0.75]))] * n
        elif rng.random() < 0.5:                         # General-Reasoner-like reward values
            rs = [float(rng.choice([-0.5, 0.0, 0.5, 0.85, 1.0])) for _ in range(n)]
        else:
            rs = rng.normal(0, 1, n).tolist()
        group += [int(k)] * n
        rewards += rs
    order = rng.permutation(len(group))                  # a group's members need not be adjacent
    group = [group[j] for j in order]
    rewards = [rewards[j] for j in order]
    n = len(group)

    L = 1 if rng.random() < 0.15 else int(rng.integers(2, 9))
    lens = rng.integers(1, L + 1, n)
    lens[rng.integers(n)] = L
    if rng.random() < 0.2:
        lens[rng.integers(n)] = 1                        # a length-1 response
    mask = (np.arange(L)[None, :] < lens[:, None]).astype(np.float64)

    old = -rng.exponential(1.5, (n, L))
    # logp - old: mostly small, some beyond the clip range on either side, some far enough (> log clip_c)
    # for negative advantages to hit the dual clip.
    kind = rng.choice(3, (n, L), p=[0.55, 0.25, 0.2])
    delta = np.where(kind == 0, rng.normal(0, 0.15, (n, L)),
            np.where(kind == 1, rng.choice([-1, 1], (n, L)) * rng.uniform(0.3, 1.5, (n, L)),
                     rng.uniform(1.0, 4.0, (n, L))))
    logp = old + delta
    ref = None
    if rng.random() < 0.8:
        off = np.where(rng.random((n, L)) < 0.15, rng.uniform(2.0, 5.0, (n, L)),  # k3 beyond its clamp at 10
                       rng.normal(0, 0.3, (n, L)))
        ref = logp + off
    entropy = rng.uniform(0, 3, (n, L))
    # Padding holds finite junk: it must contribute nothing, whatever its value.
    junk = lambda a: np.where(mask > 0, a, rng.uniform(-3, 0, (n, L)))
    clip_low = float(rng.choice([0.2, 0.1, 0.28, rng.uniform(0.05, 0.4)]))
    clip_high = clip_low if rng.random() < 0.4 else float(rng.choice([0.2, 0.28, rng.uniform(0.05, 0.5)]))
    return {
        "rewards": f32(rewards), "group": group, "std_norm": bool(rng.random() < 0.7), "mask": mask.tolist(),
        "logp": f32(junk(logp)), "old_logp": f32(junk(old)), "ref_logp": None if ref is None else f32(junk(ref)),
        "entropy": f32(junk(entropy)), "clip_low": f32(clip_low), "clip_high": f32(clip_high),
        "clip_c": f32(rng.choice([3.0, 10.0, rng.uniform(1.2, 5.0)])),
        "kl_type": KL_TYPES[i % 4], "kl_coef": f32(rng.choice([0.0, 1e-4, 0.1, 1.0])),
        "entropy_coef": f32(rng.choice([0.0, 1e-3, 0.05, 0.5])), "agg": AGG_MODES[(i // 4) % 3],
    }


def coverage(cases, expects):
    """What the cases exercised, counted from the sheet's own intermediate values."""
    cov = dict.fromkeys(["all-equal group", "size-1 group", "length-1 response", "padded response",
                         "clipped above", "clipped below", "dual clip", "k3 clamp", "no ref", "std_norm off",
                         "clip_low!=clip_high", "kl_coef 0", "kl_coef>0", "entropy_coef 0", "entropy_coef>0"], 0)
    for c, e in zip(cases, expects):
        m = np.array(c["mask"]) > 0
        a = np.array(e["advantages"])[:, None] * np.ones_like(m)
        ratio = np.exp(np.array(c["logp"]) - np.array(c["old_logp"]))
        sizes = {g: c["group"].count(g) for g in c["group"]}
        cov["all-equal group"] += e["zero_adv_groups"] > 0
        cov["size-1 group"] += 1 in sizes.values()
        cov["length-1 response"] += bool((m.sum(1) == 1).any())
        cov["padded response"] += bool((~m).any())
        cov["clipped above"] += bool((m & (a > 0) & (ratio > 1 + c["clip_high"])).any())
        cov["clipped below"] += bool((m & (a < 0) & (ratio < 1 - c["clip_low"])).any())
        cov["dual clip"] += bool((m & (a < 0) & (ratio > c["clip_c"])).any())
        if c["ref_logp"] is not None:
            d = np.array(c["ref_logp"]) - np.array(c["logp"])
            cov["k3 clamp"] += c["kl_type"] == "low_var_kl" and bool((m & (np.exp(d) - d - 1 > 10)).any())
        cov["no ref"] += c["ref_logp"] is None
        cov["std_norm off"] += not c["std_norm"]
        cov["clip_low!=clip_high"] += c["clip_low"] != c["clip_high"]
        cov["kl_coef 0"] += c["kl_coef"] == 0
        cov["kl_coef>0"] += c["kl_coef"] > 0
        cov["entropy_coef 0"] += c["entropy_coef"] == 0
        cov["entropy_coef>0"] += c["entropy_coef"] > 0
    for k in KL_TYPES:
        cov["kl_type " + k] = sum(c["kl_type"] == k for c in cases)
    for k in AGG_MODES:
        cov["agg " + k] = sum(c["agg"] == k for c in cases)
    return cov


# ---------------------------------------------------------------------------------------------

def flat(x):
    if isinstance(x, list):
        return [y for v in x for y in flat(v)]
    return [x]


def float32_zero_advantage(e, o):
    """verl computes an all-equal group's advantage in float32, where (r - mean) / (std + 1e-6) can be
    +-1e-7 instead of the sheet's 0; its sign then decides whether the token counts in
    pg_clipfrac_lower (a logged metric only: the loss moves by 1e-7 x ratio).  True when that is so."""
    return any(a != 0 and abs(a) < 1e-5 and b == 0 for a, b in zip(e["advantages"], o.get("advantages", [])))


def compare_case(e, o, tol):
    """-> [(field, worst error, detail)] for every field, failing ones flagged by worst > tol (0 for the
    integer zero_adv_groups); error = |a-b| / max(1, |a|), so absolute below 1 and relative above."""
    bad = []
    for k, ev in e.items():
        if k not in o:
            bad.append((k, math.inf, "missing", True))
            continue
        a, b = flat(ev), flat(o[k])
        if len(a) != len(b):
            bad.append((k, math.inf, f"{len(b)} values, expected {len(a)}", True))
            continue
        worst, at = 0.0, None
        for j, (x, y) in enumerate(zip(a, b)):
            if x is None or y is None or (isinstance(x, float) and math.isnan(x)):
                err = 0.0 if (x is None) == (y is None) and (x is None or math.isnan(x) == math.isnan(y)) else math.inf
            else:
                err = abs(x - y) / max(1.0, abs(x))
                err = math.inf if math.isnan(err) else err
            if err > worst:
                worst, at = err, j
        limit = 0 if k == "zero_adv_groups" else tol
        if k == "pg_clipfrac_lower" and worst > limit and float32_zero_advantage(e, o):
            bad.append((k, worst, "not compared: an all-equal group's float32 advantage is +-1e-7 here, exactly 0 in ours", False))
            continue
        where = "" if not isinstance(ev, list) else f"[{at}] "   # flat index into a list field
        bad.append((k, worst, "" if at is None else f"{where}expected {a[at]!r} got {b[at]!r}", worst > limit))
    return bad


def cmd_compare(argv):
    tol = 1e-5
    if "--tol" in argv:
        j = argv.index("--tol")
        tol = float(argv[j + 1])
        argv = argv[:j] + argv[j + 2:]
    exp = [json.loads(l) for l in open(argv[0]) if l.strip()]
    ours = [json.loads(l) for l in open(argv[1]) if l.strip()]
    if len(exp) != len(ours):
        print(f"compare: {len(ours)} lines, expected {len(exp)}")
    failed = report(exp, ours, tol, "compare")
    return 1 if failed or len(exp) != len(ours) else 0


def report(exp, ours, tol, what):
    """Prints each failing (case, field) and a summary with the worst error of every field; -> failing cases."""
    failed, worst, skipped = 0, {}, 0
    for i, (e, o) in enumerate(zip(exp, ours)):
        fields = compare_case(e, o, tol)
        for k, err, how, bad in fields:
            if how.startswith("not compared"):
                skipped += 1
                continue
            worst[k] = max(worst.get(k, 0.0), err)
            if bad:
                print(f"case {i}: {k}: error {err:.3g} {how}")
        failed += any(f[3] for f in fields)
    failed += max(0, len(exp) - len(ours))               # missing lines fail too
    print(f"{what}: {len(exp) - failed}/{len(exp)} cases match within {tol:g}; worst error "
          + ", ".join(f"{k} {v:.3g}" for k, v in worst.items())
          + (f"; {skipped} pg_clipfrac_lower not compared (float32 advantage of an all-equal group)" if skipped else ""))
    return failed


def main(argv):
    impl = None
    if "--impl" in argv:
        j = argv.index("--impl")
        impl = argv[j + 1]
        argv = argv[:j] + argv[j + 2:]
    if not argv:
        sys.exit(__doc__)
    cmd, args = argv[0], argv[1:]
    if cmd == "cases":
        n, seed = int(args[0]), int(args[1]) if len(args) > 1 else 0
        rng = np.random.default_rng(seed)
        cases = [make_case(rng, i) for i in range(n)]
        for c in cases:
            print(json.dumps(c))
        cov = coverage(cases, [expect_case(c) for c in cases])
        print("cases: " + ", ".join(f"{k} {v}" for k, v in cov.items()), file=sys.stderr)
        return 0
    if cmd == "expect":
        name, ca = resolve_impl(impl)
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(expect_case(json.loads(line), name, ca)))
        print(f"expect: impl {name}", file=sys.stderr)
        return 0
    if cmd == "compare":
        return cmd_compare(args)
    if cmd == "selfcheck":
        ca = load_verl()
        if ca is None:
            print("selfcheck: verl is not importable (pip install --no-deps verl==0.4.0 tensordict; GR_VERL_PATH)")
            return 2
        n, seed = int(args[0]) if args else 200, int(args[1]) if len(args) > 1 else 1
        rng = np.random.default_rng(seed)
        cases = [make_case(rng, i) for i in range(n)]
        print(f"selfcheck: verl {ca.__file__} (verl first, the transcription second)")
        failed = report([expect_case(c, "verl", ca) for c in cases], [expect_case(c, "sheet") for c in cases],
                        1e-6, "selfcheck")
        return 1 if failed else 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
