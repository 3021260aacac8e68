#!/usr/bin/env python3
"""safetensors_cases.py DIR: checkpoints written by the reference library (safetensors.numpy), a
BF16 file in its layout, a sharded directory, and damaged files.  Writes DIR/good/*.safetensors,
DIR/good/sharded/, DIR/expect.jsonl (what each good tensor must read as: name, dtype, shape,
nbytes, fnv1a64 of its bytes) and DIR/bad/* (one damage each, the name says which)."""
import json, os, struct, sys
import numpy as np
from safetensors.numpy import save_file, load_file

out = sys.argv[1]
for d in ("good", "good/sharded", "good/single", "bad", "bad/index-missing-tensor", "bad/index-missing-shard", "bad/empty-dir"):
    os.makedirs(f"{out}/{d}", exist_ok=True)
rng = np.random.default_rng(7)


def fnv(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def header_of(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    return raw, n, json.loads(raw[8:8 + n])


expect = []


def record(path, label):
    raw, n, h = header_of(path)
    loaded = load_file(path) if label != "bf16" else {}
    for name, v in sorted(h.items()):
        if name == "__metadata__":
            continue
        b, e = v["data_offsets"]
        data = raw[8 + n + b:8 + n + e]
        if name in loaded:
            assert loaded[name].tobytes() == data
        expect.append({"file": label, "name": name, "dtype": v["dtype"], "shape": v["shape"], "nbytes": e - b, "fnv1a64": fnv(data)})


mixed = {"model.embed_tokens.weight": rng.standard_normal((50, 16)).astype(np.float32),
         "model.norm.weight": rng.standard_normal(16).astype(np.float16),
         "ids": np.arange(7, dtype=np.int64), "flag": np.array([True, False]), "scalar": np.array(2.5),
         "bytes": np.arange(5, dtype=np.uint8), "empty": np.zeros((3, 0), dtype=np.float32),
         "i32": np.arange(-3, 3, dtype=np.int32), "i16": np.arange(4, dtype=np.int16), "i8": np.arange(-2, 2, dtype=np.int8)}
save_file(mixed, f"{out}/good/mixed.safetensors", metadata={"format": "pt"})
record(f"{out}/good/mixed.safetensors", "mixed")
save_file({"model.embed_tokens.weight": mixed["model.embed_tokens.weight"]}, f"{out}/good/single/model.safetensors")
record(f"{out}/good/single/model.safetensors", "single")

# BF16 in the reference writer's layout (numpy has no bfloat16): top halves of float32s.
w = rng.standard_normal((8, 4)).astype(np.float32)
bf = (w.view(np.uint32) >> 16).astype(np.uint16).tobytes()
h = json.dumps({"__metadata__": {"format": "pt"}, "w": {"dtype": "BF16", "shape": [8, 4], "data_offsets": [0, len(bf)]}}, separators=(",", ":")).encode()
h += b" " * (-len(h) % 8)
open(f"{out}/good/bf16.safetensors", "wb").write(struct.pack("<Q", len(h)) + h + bf)
record(f"{out}/good/bf16.safetensors", "bf16")

# Two shards and their index, as transformers writes them.
shard_a = {f"model.layers.{i}.mlp.up_proj.weight": rng.standard_normal((6, 4)).astype(np.float32) for i in range(2)}
shard_b = {"lm_head.weight": rng.standard_normal((5, 4)).astype(np.float32)}
save_file(shard_a, f"{out}/good/sharded/model-00001-of-00002.safetensors")
save_file(shard_b, f"{out}/good/sharded/model-00002-of-00002.safetensors")
wm = {**{k: "model-00001-of-00002.safetensors" for k in shard_a}, **{k: "model-00002-of-00002.safetensors" for k in shard_b}}
json.dump({"metadata": {"total_size": 0}, "weight_map": wm}, open(f"{out}/good/sharded/model.safetensors.index.json", "w"))
for f in ("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"):
    record(f"{out}/good/sharded/{f}", "sharded")
with open(f"{out}/expect.jsonl", "w") as f:
    for e in expect:
        f.write(json.dumps(e) + "\n")

# Damage, one kind per file.
raw, n, hdr = header_of(f"{out}/good/mixed.safetensors")
body = raw[8 + n:]


def bad(name, data):
    open(f"{out}/bad/{name}.safetensors", "wb").write(data)


def with_header(h, body=body, pad=True):
    t = json.dumps(h, separators=(",", ":")).encode()
    if pad:
        t += b" " * (-len(t) % 8)
    return struct.pack("<Q", len(t)) + t + body


emb = "model.embed_tokens.weight"
bad("empty", b"")
bad("short", b"\x10\x00\x00")
bad("truncated-header", raw[: 8 + n // 2])
bad("truncated-data", raw[:-10])
bad("header-length-huge", struct.pack("<Q", 1 << 60) + raw[8:])
bad("header-not-json", struct.pack("<Q", 8) + b"{not js}" + body)
bad("header-not-object", with_header([1, 2, 3]))
bad("trailing-bytes", raw + b"\x00" * 16)
bad("unknown-dtype", with_header({**hdr, emb: {**hdr[emb], "dtype": "F7"}}))
bad("shape-mismatch", with_header({**hdr, emb: {**hdr[emb], "shape": [50, 15]}}))
bad("shape-overflow", with_header({**hdr, emb: {**hdr[emb], "shape": [1 << 62, 1 << 62]}}))
bad("negative-shape", with_header({**hdr, emb: {**hdr[emb], "shape": [-50, -16]}}))
b0, e0 = hdr[emb]["data_offsets"]
bad("offsets-past-end", with_header({**hdr, emb: {**hdr[emb], "data_offsets": [b0 + len(body), e0 + len(body)]}}))
bad("offsets-reversed", with_header({**hdr, emb: {**hdr[emb], "data_offsets": [e0, b0]}}))
others = [k for k in hdr if k not in ("__metadata__", emb) and hdr[k]["data_offsets"][1] > hdr[k]["data_offsets"][0]]
o = others[0]
bad("offsets-overlap", with_header({**hdr, o: {**hdr[o], "data_offsets": [b0, b0 + hdr[o]["data_offsets"][1] - hdr[o]["data_offsets"][0]]}}))
bad("hole", with_header({k: v for k, v in hdr.items() if k != o}))
t = json.dumps(hdr, separators=(",", ":"))
dup = t[:-1] + ',"%s":%s}' % (emb, json.dumps(hdr[emb], separators=(",", ":")))
bad("duplicate-name", struct.pack("<Q", len(dup)) + dup.encode() + body)
for d, drop in (("index-missing-tensor", None), ("index-missing-shard", "model-00002-of-00002.safetensors")):
    save_file(shard_a, f"{out}/bad/{d}/model-00001-of-00002.safetensors")
    if drop is None:
        save_file(shard_b, f"{out}/bad/{d}/model-00002-of-00002.safetensors")
    m = dict(wm)
    if drop is None:
        m["model.layers.9.mlp.up_proj.weight"] = "model-00002-of-00002.safetensors"
    json.dump({"weight_map": m}, open(f"{out}/bad/{d}/model.safetensors.index.json", "w"))
