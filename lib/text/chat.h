/* chat.h -- the prompt a policy or verifier model sees, byte for byte.
 *
 *   qwen2.5       ChatML with Qwen2.5's default system line
 *   qwen2.5-math  ChatML with Qwen2.5-Math's ("Please reason step by step, ...")
 *   qwen3         ChatML without a default system line; thinking stays on unless no_think, which
 *                 pre-fills an empty <think></think> block as Qwen3's template does
 *   plain         the text alone, for zero-RL from a base model without a template
 * Each renders one optional system message, one user message and the assistant's generation
 * prompt, as transformers' apply_chat_template(add_generation_prompt=True) does with these
 * models' tokenizer_config.json templates. */
#ifndef GR_CHAT_H
#define GR_CHAT_H

#include <stdint.h>

#include "core/buf.h"
#include "text/tokenizer.h"

/* General-Reasoner's instruction after each question (one space between them). */
#define CHAT_BOXED_INSTRUCTION "Please reason step by step, and put your final answer within \\boxed{}."

/* 0, or -1 for an unknown style.  system may be NULL (the style's default, if any). */
int chat_render(const char *style, const char *system, const char *user, int no_think, buf *out);
/* The style names, for --help: "qwen2.5, qwen2.5-math, qwen3, plain". */
const char *chat_styles(void);
/* The style a program uses: the one asked for (NULL: the model's own, qwen3 or qwen2.5), or NULL
 * with a one-line error on stderr when there is no such style. */
const char *chat_pick_style(const char *asked, int model_is_qwen3);

/* The General-Verifier prompt (no chat template): question, ground truth and the student's answer
 * ("None" when nothing was extracted, as Python's str.format writes it). */
void chat_verifier_prompt(const char *question, const char *truth, const char *student, buf *out);

/* The tokens that end a response in these templates: the model's eos, <|im_end|> and <|endoftext|>
 * (each once).  Returns how many were written to stop[0..3). */
int chat_stop_tokens(const tokenizer *tok, int32_t eos, int32_t stop[3]);

#endif
