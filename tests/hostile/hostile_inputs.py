"""hostile_inputs.py OUTDIR [--big] -- JSONL inputs of every hostile class, for every program.

Each class is written twice: CLASS.text.jsonl (records with id, question, answer, response: for
qa-filter, answer-typer, gen-verify, rollout) and CLASS.scored.jsonl (rollout records with prompt_ids,
response_ids, logprobs and reward: for grpo-step).  Every file but the empty ones also holds one good
record, so a program that gives up on the first bad line is caught.  --big adds the 50 MB line."""
import json, os, random, sys

out = sys.argv[1]
rng = random.Random(15)
good_text = {"id": "good", "question": "What is 2 + 2? Give the number.", "answer": "4", "response": "So \\boxed{4}."}
good_scored = {"id": "good", "prompt_ids": [1, 2, 3], "response_ids": [4, 5], "logprobs": [-1.0, -2.0], "reward": 1.0}


def text(v, **extra):   # a record whose every text field is v
    return {"id": "hostile", "question": v, "answer": v, "response": v, **extra}


def scored(**fields):
    return {**good_scored, "id": "hostile", **fields}


latex = {
    "nesting": "\\frac{1}{" * 100000 + "2" + "}" * 100000,
    "unclosed": "\\boxed{" * 150000,
    "fbox": "\\fbox{" * 150000,
    "braces": "{" * 100000 + "x" + "}" * 100000,
    "left": "\\left(" * 50000 + "x" + "\\right)" * 50000,
    "sqrt": "\\sqrt" * 100000 + "{2}",
    "powers": "2^" * 100000 + "2",
    "digits": "9" * 1000000,
    "exponent": "1e99999999",
    "matrix": "\\begin{pmatrix}" + "1&" * 100000 + "1\\end{pmatrix}",
}
classes = {
    "empty": ([], [], b""),
    "whitespace": ([], [], b" \n\t\n\r\n   \n"),
    "invalid-utf8": ([b'{"id":"u","question":"caf\xe9 \xff\xfe?","answer":"\xc3\x28","response":"\xed\xa0\x80"}'],
                     [b'{"id":"u","prompt_ids":[1],"response_ids":[2],"logprobs":[-1],"reward":1,"x":"\xff"}'], None),
    "nul": ([b'{"id":"n","question":"a\x00b","answer":"4","response":"4"}',
             json.dumps(text("a\u0000b \\boxed{4\u0000}")).encode()],
            [b'{"id":"n\x00","prompt_ids":[1],"response_ids":[2],"logprobs":[-1],"reward":1}'], None),
    "deep-json": ([b'{"id":"d","question":' + b"[" * 100000 + b"]" * 100000 + b"}"],
                  [b'{"id":"d","prompt_ids":' + b"[" * 100000 + b"]" * 100000 + b"}"], None),
    "wrong-types": ([json.dumps(r).encode() for r in (text(4), text(None), text([1, 2]), text({"a": 1}),
                     {"id": {"x": 1}, "question": "q", "answer": "4", "response": "4"}, [1, 2], "string", 3, None, True)],
                    [json.dumps(r).encode() for r in (scored(reward="1"), scored(reward=None), scored(prompt_ids="abc"),
                     scored(response_ids=[1.5, "x"]), scored(response_ids=[-1]), scored(response_ids=[2 ** 40]),
                     scored(logprobs=[1, 2, 3]), scored(logprobs="x"), scored(id=None), [1], "s", 7)], None),
    "numbers": ([b'{"id":"h","question":1e999,"answer":1e999,"response":-1e999}', b'{"id":"h","answer":NaN,"response":Infinity}',
                 json.dumps(text("1e308")).encode(), json.dumps(text("-0")).encode(),
                 json.dumps(text("99999999999999999999999999999999999999999")).encode()],
                [b'{"id":"h","prompt_ids":[1],"response_ids":[2],"logprobs":[-1],"reward":1e999}',
                 b'{"id":"h","prompt_ids":[1],"response_ids":[2],"logprobs":[-1],"reward":NaN}',
                 b'{"id":"h","prompt_ids":[1],"response_ids":[2],"logprobs":[-1e999],"reward":1}',
                 json.dumps(scored(reward=1e308)).encode(), json.dumps(scored(logprobs=[-1e308, 0.0])).encode(),
                 b'{"id":"h","prompt_ids":[99999999999999999999999],"response_ids":[2],"logprobs":[-1],"reward":1}'], None),
    "latex": ([json.dumps(text(v, id="latex-" + k)).encode() for k, v in latex.items()] +
              [json.dumps({"id": "mixed-" + k, "question": "q?", "answer": v, "response": "\\boxed{" + v + "}"}).encode()
               for k, v in latex.items()],
              [json.dumps(scored(id="latex-" + k, note=v)).encode() for k, v in latex.items()], None),
    "truncated": ([json.dumps(good_text).encode()[:25]], [json.dumps(good_scored).encode()[:25]], None),
    "random": (None, None, bytes(rng.getrandbits(8) for _ in range(65536))),
}
if "--big" in sys.argv:
    word = "word " * 10000000   # 50 MB
    classes["50mb-line"] = ([json.dumps(text(word)).encode()], [json.dumps(scored(note=word)).encode()], None)

for name, (t, s, raw) in classes.items():
    for kind, lines, good in (("text", t, good_text), ("scored", s, good_scored)):
        with open(os.path.join(out, f"{name}.{kind}.jsonl"), "wb") as f:
            if raw is not None:   # the same bytes for every program, then (unless empty) the good record
                f.write(raw)
                if name == "random":
                    f.write(b"\n" + json.dumps(good).encode() + b"\n")
                continue
            f.write(json.dumps(good).encode() + b"\n")
            for l in lines:
                f.write(l + b"\n")
            if name == "truncated":   # the cut line is the last, without its newline
                f.seek(f.tell() - 1)
                f.truncate()
    print(name)
