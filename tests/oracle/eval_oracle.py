"""The paper's evaluation scripts, transcribed: prompts and answer scoring per benchmark.

Transcribed from TIGER-AI-Lab/General-Reasoner @ 007e44cb1e6a: evaluation/eval_mmlupro.py,
eval_supergpqa.py, eval_bbeh.py and evaluation/simple-evals/{gpqa,math,...}_eval_qwen.py with
sampler/qwen_chat_completion_sampler.py.  This file is the oracle gr's eval-prompt and
gen-verify --convention are held to; it imports nothing of ours.

  eval_oracle.py prompts ROWS.jsonl TOKENIZER_DIR > expected.jsonl
      per row: {"content": the user message, "chat": apply_chat_template(...) of the sampler's
      messages with transformers on the real tokenizer config}
"""
import collections
import json
import random
import re
import sys

# ---- prompts -------------------------------------------------------------------------------

MATH_QUERY = """
<question>

Please reason step by step, and put your final answer within \\boxed{}.
""".strip()

GPQA_QUERY = """
<question>

A: <a>
B: <b>
C: <c>
D: <d>

Please reason step by step, and put your final answer within \\boxed{}.
Please only provide the letter of the answer in the box.
""".strip()

SIMPLE_EVALS_SYSTEM = "You are a helpful assistant."  # OPENAI_SYSTEM_MESSAGE_API


def form_options(options):
    option_str = 'Options are:\n'
    opts = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']
    for opt, o in zip(options, opts):
        option_str += f'({o}): {opt}\n'
    return option_str


def content_of(row):
    """The user message and the system message (None: the chat template's default)."""
    b = row["benchmark"]
    if b in ("MMLU-Pro", "SuperGPQA"):
        # SuperGPQA's script reads its upstream `options`; our rows call them choices
        query = row['question'] + '\n' + form_options(row.get('options', row.get('choices'))) + '\n'
        letter = "option letter" if b == "MMLU-Pro" else "letter"
        return (query + f'\nPlease reason step by step, and put your final answer option within \\boxed{{}}. '
                f'Only put the {letter} in the box, e.g. \\boxed{{A}}. There is only one correct answer.'), None
    if b == "BBEH":
        query = row['question'] + '\n'
        return query + '\nPlease reason step by step, and put your final answer option within \\boxed{}.', None
    if b == "GPQA-Diamond":
        choices = row["choices"]
        content = GPQA_QUERY.replace("<question>", row["question"])
        content = content.replace("<a>", choices[0])
        content = content.replace("<b>", choices[1])
        content = content.replace("<c>", choices[2])
        content = content.replace("<d>", choices[3])
        return content, SIMPLE_EVALS_SYSTEM
    content = MATH_QUERY.replace("<question>", row["question"])
    # TheoremQA has no script in the paper's repo: asked as the math sets, through the tokenizer's
    # own template as the eval_*.py scripts do.
    return content, (None if b == "TheoremQA" else SIMPLE_EVALS_SYSTEM)


def prompts(rows_path, tokenizer_dir):
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    for line in open(rows_path, encoding="utf-8"):
        row = json.loads(line)
        content, system = content_of(row)
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": content}]
        chat = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        print(json.dumps({"content": content, "chat": chat}, ensure_ascii=False))


# ---- scoring -------------------------------------------------------------------------------
# eval_mmlupro.py / eval_supergpqa.py / eval_bbeh.py (identical helpers in the three)

def extract_last_boxed(text):
    pattern = r'\\boxed\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}'
    matches = list(re.finditer(pattern, text))
    if matches:
        return matches[-1].group(1)
    return None


def extract_last_final_answer(text):
    pattern1 = r'Final Answer:((?:[^<]|<[^<])*?)\n'
    pattern2 = r'The answer is:((?:[^<]|<[^<])*?)\n'
    matches1 = list(re.finditer(pattern1, text))
    matches2 = list(re.finditer(pattern2, text))
    if matches1:
        return matches1[-1].group(1)
    elif matches2:
        return matches2[-1].group(1)
    return None


def extract_solution(solution_str):
    if '<|im_start|>user' in solution_str:
        model_output = re.sub(r'^.*?<\|im_start\|>assistant', '<|im_start|>assistant', solution_str, flags=re.DOTALL, count=1)
    elif 'Assistant:' in solution_str:
        model_output = solution_str.split('Assistant:')[-1].strip()
    else:
        model_output = solution_str
    stop_words = ["</s>", "<|im_end|>", "<|endoftext|>"]
    for stop_word in stop_words:
        if stop_word in model_output:
            model_output = model_output.split(stop_word)[0].strip()
    extract_boxed_answer = extract_last_boxed(model_output)
    if extract_boxed_answer:
        return extract_boxed_answer
    else:
        return extract_last_final_answer(model_output)


def get_prediction(output):
    """None where the script draws random.choice: the caller checks only that a letter was drawn."""
    solution = extract_solution(output)
    if solution is None:
        return None
    for option in ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']:
        if option in solution:
            return option
    return None


def strip_latex(response: str) -> str:
    if response.startswith("$") and response.endswith("$"):
        response = response[1:-1]
    if "boxed{" in response and response.endswith("}"):
        response = response[0:-1].split("boxed{")[1]
    if "text{" in response and response.endswith("}"):
        response = response[0:-1].split("text{")[1]
    if "texttt{" in response and response.endswith("}"):
        response = response[0:-1].split("texttt{")[1]
    return response


def extract_answer(sample: str) -> str:
    if sample is None:
        sample = ""
    answer_prefixes = ["The answer is:", "The final answer is ", "The final answer is: ", "The answer is "]
    answer = sample
    for answer_prefix in answer_prefixes:
        if answer_prefix in answer:
            answer = answer.split(answer_prefix)[-1].strip()
    if answer.endswith("."):
        answer = answer[:-1]
    return strip_latex(answer)


def fuzzy_match(prediction: str, reference: str) -> bool:
    if prediction == reference:
        return True
    if len(prediction) == 3 and prediction[0] == "(" and prediction[-1] == ")":
        return prediction[1] == reference
    if len(reference) == 3 and reference[0] == "(" and reference[-1] == ")":
        return reference[1] == prediction
    try:
        if float(prediction) == float(reference):
            return True
    except ValueError:
        pass
    if prediction.replace("'", "") == reference.replace("'", ""):
        return True
    if f"[{reference}]" == prediction or f"[{prediction}]" == reference:
        return True
    if prediction.endswith("?") and prediction[:-1] == reference:
        return True
    return False


def preprocess_sample(sample: str) -> str:
    if sample is None:
        sample = ""
    prediction = extract_answer(sample.strip()).lower()
    prediction = prediction.replace(", ", ",").replace("**", "")
    prediction = prediction.split("\n")[0]
    prediction = prediction[0:-1] if prediction.endswith(".") else prediction
    return prediction


def preprocess_reference(reference: str) -> str:
    reference = reference.strip().lower()
    reference = reference.replace(", ", ",")
    return reference


# simple-evals common.py
ANSWER_PATTERN_BOXED = r"(?i)\\boxed\s*{([^\n]+)}"


def first_box(response_text):
    match = re.search(ANSWER_PATTERN_BOXED, response_text)
    return match.group(1) if match else None


def score(row):
    b, r, truth = row["benchmark"], row["response"], row["answer"]
    if b in ("MMLU-Pro", "SuperGPQA"):
        p = get_prediction(r)
        return {"extracted": extract_solution(r), "prediction": p, "unanswered": p is None,
                "verdict": None if p is None else p == truth}
    if b == "BBEH":
        x = extract_solution(r)
        return {"extracted": x, "unanswered": x is None,
                "verdict": fuzzy_match(preprocess_sample(x), preprocess_reference(truth))}
    x = first_box(r)
    if b == "GPQA-Diamond":
        return {"extracted": x, "unanswered": x is None, "verdict": x == truth}
    return {"extracted": x, "unanswered": x is None}   # math: GPT-4o judged; compared elsewhere


# ---- varied responses ------------------------------------------------------------------------

def cases(n, seed):
    """n responses per convention, built from the pieces that break extractors."""
    rng = random.Random(seed)
    ws = [" ", "", "\n", "\t", "\u00a0", "\u2003", "  ", "\r\n", "\u3000"]
    letters = "ABCDEFGHIJ"

    def nested(depth, core):
        for _ in range(depth):
            core = rng.choice(["{%s}", "\\frac{%s}{2}", "x^{%s}", "\\text{%s}"]) % core
        return core

    def answer_piece(kind):
        L = rng.choice(letters + "abcd")
        return rng.choice([
            L, f"({L})", f"\\text{{{L}}}", f"\\textbf{{{L}}}", f"{L}. option text", f"Option {L}", "",
            nested(rng.randint(0, 4), L), f"{rng.randint(-20, 2000)}", f"{rng.random() * 100:.{rng.randint(0, 4)}f}",
            rng.choice(["True", "false", "yes", "No", "'valid'", "[x]", "x?", "**b**", "a, b, c", "$5$", "É", "İstanbul",
                        "\\boxed{3}", "\\texttt{ok}", "1_000", "inf", "  7 ", "(é)", "3.", ".5", "1e3", "nan"]),
        ]) if kind != "math" else rng.choice([
            "\\frac{1}{2}", "0.5", "x^2+1", "\\sqrt{2}", "\\{1, 2\\}", "(1,2)", "3", "\\pi", "2\\pi", "10\\%",
            nested(rng.randint(0, 3), "3"), "\\dfrac{3}{4}", "4.0", "-2", "\\infty", "x=3", "",
        ])

    def response(kind, truth):
        parts = []
        if rng.random() < 0.5:   # the truth among the pieces, in some wrapping, so that many are right
            wrap = rng.choice(["%s", "(%s)", "\\text{%s}", "%s.", " %s ", "**%s**", "$%s$", "'%s'", "[%s]", "%s?"])
            parts.append(rng.choice(["\\boxed{%s}", "Final Answer: %s\n", "The answer is: %s\n", "\\boxed {%s}"])
                         % (wrap % truth))
        for _ in range(rng.randint(0, 6)):
            a = answer_piece(kind)
            parts.insert(rng.randint(0, len(parts)), rng.choice([
                f"\\boxed{{{a}}}", f"\\boxed{rng.choice(ws)}{{{a}}}", f"\\BOXED{{{a}}}", f"\\Boxed {{{a}}} tail}}",
                f"\\boxed{{{a}", f"\\boxed{{{a}}}}}", f"\\fbox{{{a}}}", f"$\\boxed{{{a}}}$",
                f"Final Answer:{rng.choice(ws)}{a}\n", f"Final Answer: {a}", f"The answer is: {a}\n",
                f"The answer is {a}.", f"The final answer is {a}", f"Final Answer: {a} <x\n", f"Final Answer: {a} <\nmore\n",
                f"Final Answer: {a} << stop\n", f"the answer is ({a})", "Let me think step by step.", "So we get",
                rng.choice(ws), "\n\n", f"Assistant: {a}", "<|im_end|>", "</s>", "<|endoftext|>",
                "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n", f"{a}", "}", "{", "\\boxed{}", "Final Answer:\n",
            ]))
            parts.append(rng.choice(["", " ", "\n", ". ", " and ", "\n\n"]))
        return "".join(parts)

    plans = [("MMLU-Pro", "letter"), ("SuperGPQA", "letter"), ("GPQA-Diamond", "letter"), ("BBEH", "bbeh"),
             ("MATH-500", "math")]
    k = 0
    for bench, kind in plans:
        for i in range(n):
            if bench == "BBEH":
                truth = rng.choice(["(A)", "a", "3", "3.0", "valid", "'valid'", "x", "[x]", "true", "no", "a,b,c",
                                    "é", "i̇stanbul", "1000", "7", "ok", "0.5", "inf", "É", "(é)"])
            elif bench == "MATH-500":
                truth = rng.choice(["\\frac{1}{2}", "3", "\\sqrt{2}", "(1,2)", "x^2+1", "10", "2\\pi"])
            else:
                truth = rng.choice(letters[:4] if bench == "GPQA-Diamond" else letters)
            r = response(kind if bench != "MATH-500" else "math", truth)
            if rng.random() < 0.5:   # the truth last, where the last-box readers look
                r = "".join(reversed(r.split("\n\n", 1))) if "\n\n" in r else r
            if rng.random() < 0.03:
                r = ""
            k += 1
            yield {"id": f"c{k}", "sample": i % 3, "benchmark": bench, "answer": truth, "response": r}


if __name__ == "__main__":
    if sys.argv[1] == "prompts":
        prompts(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "cases":
        for c in cases(int(sys.argv[2]), int(sys.argv[3])):
            print(json.dumps(c, ensure_ascii=False))
    elif sys.argv[1] == "mmlupro-table":
        # eval_mmlupro.py's scoring loop and report over verified-to-be rows (benchmark rows with a
        # response); prints micro and macro accuracy and, on stderr, the in-process seconds of the
        # fastest of five passes (timeit's rule; judge_time times ours the same way)
        import time
        t_read = time.perf_counter()
        rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
        t_loaded = time.perf_counter()

        def table():
            per_category_accuracy = collections.defaultdict(lambda: [0, 0])
            success = fail = 0
            for entry in rows:
                prediction = get_prediction(entry["response"]) or random.choice(list("ABCDEFGHIJ"))
                if entry["answer"] == prediction:
                    success += 1; per_category_accuracy[entry["category"]][0] += 1
                else:
                    fail += 1; per_category_accuracy[entry["category"]][1] += 1
            micro = success / (success + fail)
            macro = sum(c / (c + f) for c, f in per_category_accuracy.values()) / len(per_category_accuracy)
            return f"micro {micro * 100:.2f} macro {macro * 100:.2f}"

        best = None
        for _ in range(5):
            t0 = time.perf_counter()
            out = table()
            t = time.perf_counter() - t0
            best = t if best is None else min(best, t)
        print(out)
        print(f"eval_oracle: {len(rows)} rows in {best:.4f} s ({t_loaded - t_read + best:.4f} s with reading the file)", file=sys.stderr)
    elif sys.argv[1] == "score":
        for line in open(sys.argv[2], encoding="utf-8"):
            print(json.dumps(score(json.loads(line)), ensure_ascii=False))
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
