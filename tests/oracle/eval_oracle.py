"""The paper's evaluation scripts, transcribed: prompts and answer scoring per benchmark.

Transcribed from TIGER-AI-Lab/General-Reasoner @ 007e44cb1e6a: evaluation/eval_mmlupro.py,
eval_supergpqa.py, eval_bbeh.py and evaluation/simple-evals/{gpqa,math,...}_eval_qwen.py with
sampler/qwen_chat_completion_sampler.py.  This file is the oracle gr's eval-prompt and
gen-verify --convention are held to; it imports nothing of ours.

  eval_oracle.py prompts ROWS.jsonl TOKENIZER_DIR > expected.jsonl
      per row: {"content": the user message, "chat": apply_chat_template(...) of the sampler's
      messages with transformers on the real tokenizer config}
"""
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


if __name__ == "__main__":
    if sys.argv[1] == "prompts":
        prompts(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
