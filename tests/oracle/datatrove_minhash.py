#!/usr/bin/env python3
"""Reference near-duplicate verdicts of datatrove's MinhashDedup pipeline on QA JSONL questions.

usage: $GR_PYTHON datatrove_minhash.py IN.jsonl [--ngram 5] [--bands 14] [--rows 8] [--seed 1]
           [--first] [--clusters] [--keep-tmp DIR]
       $GR_PYTHON datatrove_minhash.py --dump-params [--bands 14] [--rows 8] [--seed 1]

Runs datatrove's four MinHash stages (MinhashDedupSignature, MinhashDedupBuckets,
MinhashDedupCluster, MinhashDedupFilter) with LocalPipelineExecutor (workers=1) in a temporary
directory, on one Document per input record (text = `question`), and prints one JSON line per
record, in input order:  {"id": ..., "keep": true|false}
--clusters adds "cluster": the id of the first record (in input order) of its duplicate cluster,
  or null for a record in no cluster.
--first: keep = "first record of its cluster" instead of datatrove's own choice. datatrove keeps
  the union-find root, which is NOT always the first occurrence (union by size: when a bigger
  cluster absorbs an earlier singleton, the earlier record is the one removed).
--dump-params prints the 2 x (bands*rows) permutation parameters {"a": [...], "b": [...]}
  (uint64, from numpy RandomState(seed)) so that a C implementation can embed them.

datatrove 0.10.1 MinHash, precisely (MinhashConfig defaults; n_grams/num_buckets/
hashes_per_bucket are --ngram/--bands/--rows):
  1. simplify_text(text): lowercase (str.lower) -> every run matching
     regex r"\\p{Nd}+([.,،٫⎖⎗⎘]\\p{Nd}+)?" becomes "0" -> each char of datatrove's PUNCTUATION
     string (all ASCII punctuation, ASCII controls except \\t \\n \\r... see utils/text.py, and some
     CJK/typographic marks) becomes " " -> re.sub(r"\\s+", " ", strip()) -> NFD and drop
     category Mn -> strip().
  2. words = spaCy blank "en" tokenizer on that string (whitespace split plus English tokenizer
     exceptions, e.g. "dont" -> "do" "nt", "cannot" -> "can" "not", and suffix splits such as
     "0km" -> "0" "km", "0°" -> "0" "°").
  3. shingles = " ".join(words[i:i+n]) for every window of n consecutive words (none when fewer
     than n words: such a record gets no signature and is always kept); each hashed with
     xxhash.xxh64_intdigest(utf-8 bytes, seed 0).
  4. for j in 0..bands*rows-1: h_j = min over shingles of ((s * a_j + b_j) mod 2^64) mod (2^61-1)
     (numpy uint64 arithmetic wraps at 2^64 before the mod); a = RandomState(seed).randint(1,
     2^61-1, uint64, (1, B*R)), then b = randint(0, 2^61-1, ...) from the same generator.
  5. band k = (h_{kR} .. h_{kR+R-1}); two records whose band tuples are equal in any band are a
     duplicate pair; pairs are unioned (union by size, ties: the earlier record is the root);
     every record that is not its cluster's root is removed.
"""
import argparse
import json
import os
import struct
import sys
import tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def main():
    ap = argparse.ArgumentParser(description="datatrove MinhashDedup oracle")
    ap.add_argument("input", nargs="?")
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--bands", type=int, default=14)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first", action="store_true")
    ap.add_argument("--clusters", action="store_true")
    ap.add_argument("--keep-tmp", metavar="DIR")
    ap.add_argument("--dump-params", action="store_true")
    args = ap.parse_args()
    if not args.dump_params and not args.input:
        ap.error("IN.jsonl is required")

    import logging
    import warnings

    warnings.filterwarnings("ignore")
    from datatrove.utils.logging import logger

    logger.remove()  # loguru: keep stdout/stderr clean
    logging.disable(logging.WARNING)

    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )

    config = MinhashConfig(
        n_grams=args.ngram, num_buckets=args.bands, hashes_per_bucket=args.rows, seed=args.seed
    )

    if args.dump_params:
        a, b = MinhashDedupSignature(output_folder=tempfile.mkdtemp(), config=config).parameters
        print(json.dumps({"a": [int(x) for x in a[0]], "b": [int(x) for x in b[0]]}))
        return

    ids, docs = [], []
    with open(args.input, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            q = rec.get("question")
            text = q if isinstance(q, str) else ("" if q is None else str(q))
            ids.append(rec.get("id"))
            docs.append(Document(text=text, id=str(len(docs))))

    tmp_ctx = None
    if args.keep_tmp:
        work = args.keep_tmp
        os.makedirs(work, exist_ok=True)
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="dt-minhash-")
        work = tmp_ctx.name
    kept_path = os.path.join(work, "kept.txt")

    class CollectKept(PipelineStep):
        name = "collect kept"

        def run(self, data, rank=0, world_size=1):
            with open(kept_path, "w") as f:
                for doc in data:
                    f.write(doc.id + "\n")
                    yield doc

    sig = LocalPipelineExecutor(
        pipeline=[docs, MinhashDedupSignature(output_folder=f"{work}/sigs", config=config)],
        tasks=1, workers=1, logging_dir=f"{work}/logs/sigs",
    )
    buckets = LocalPipelineExecutor(
        pipeline=[MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets",
                                      config=config)],
        tasks=config.num_buckets, workers=1, logging_dir=f"{work}/logs/buckets", depends=sig,
    )
    cluster = LocalPipelineExecutor(
        pipeline=[MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove",
                                      config=config, save_cluster_id=True)],
        tasks=1, workers=1, logging_dir=f"{work}/logs/clusters", depends=buckets,
    )
    filt = LocalPipelineExecutor(
        pipeline=[docs, MinhashDedupFilter(input_folder=f"{work}/remove"), CollectKept()],
        tasks=1, workers=1, logging_dir=f"{work}/logs/filter", depends=cluster,
    )
    # datatrove logs (loguru, tqdm) to stdout/stderr; send both to a log file while it runs and
    # show its tail only if the run fails.
    log_path = os.path.join(work, "datatrove.log")
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log_path, "w") as logf:
        os.dup2(logf.fileno(), 1)
        os.dup2(logf.fileno(), 2)
        try:
            filt.run()
            failed = None
        except Exception as e:  # noqa: BLE001
            failed = e
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
    if failed is not None or not os.path.exists(kept_path):
        with open(log_path, errors="replace") as f:
            sys.stderr.write("".join(f.readlines()[-40:]))
        sys.stderr.write(f"datatrove_minhash: pipeline failed: {failed!r}\n")
        sys.exit(1)

    with open(kept_path) as f:
        kept = {int(x) for x in f.read().split()}

    # cluster ids (datatrove's own clustering): pairs (doc index, cluster id) for docs in a cluster
    members = {}
    cpath = os.path.join(work, "remove", "000000.clusters")
    if os.path.exists(cpath):
        with open(cpath, "rb") as f:
            raw = f.read()
        for doc_idx, cid in struct.iter_unpack("<2I", raw):
            members.setdefault(cid, []).append(doc_idx)
    first_of = {}
    for cid, idxs in members.items():
        m = min(idxs)
        for i in idxs:
            first_of[i] = m

    out = sys.stdout
    for i, rid in enumerate(ids):
        keep = (first_of.get(i, i) == i) if args.first else (i in kept)
        row = {"id": rid, "keep": keep}
        if args.clusters:
            row["cluster"] = ids[first_of[i]] if i in first_of else None
        out.write(json.dumps(row, ensure_ascii=False) + "\n")

    if tmp_ctx:
        tmp_ctx.cleanup()


if __name__ == "__main__":
    main()
