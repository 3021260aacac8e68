/* chat.c -- ChatML renderings of Qwen's templates, and General-Reasoner's verifier prompt. */
#include "text/chat.h"
#include "core/cli.h"

#include <string.h>

static const struct {
    const char *name, *default_system;
    int chatml;
} styles[] = {
    {"qwen2.5", "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", 1},
    {"qwen2.5-math", CHAT_BOXED_INSTRUCTION, 1},
    {"qwen3", NULL, 1},
    {"plain", NULL, 0},
};

const char *chat_styles(void) { return "qwen2.5, qwen2.5-math, qwen3, plain"; }

const char *chat_pick_style(const char *asked, int model_is_qwen3) {
    const char *style = asked ? asked : model_is_qwen3 ? "qwen3" : "qwen2.5";
    buf probe;
    buf_init(&probe);
    int known = chat_render(style, NULL, "", 0, &probe) == 0;
    buf_free(&probe);
    if (!known) cli_error("--template %s: choose one of %s", style, chat_styles());
    return known ? style : NULL;
}

static void turn(buf *out, const char *role, const char *content) {
    buf_puts(out, "<|im_start|>");
    buf_puts(out, role);
    buf_putc(out, '\n');
    buf_puts(out, content);
    buf_puts(out, "<|im_end|>\n");
}

int chat_render(const char *style, const char *system, const char *user, int no_think, buf *out) {
    for (size_t i = 0; i < sizeof styles / sizeof *styles; i++) {
        if (strcmp(style, styles[i].name)) continue;
        if (!styles[i].chatml) {
            if (system) buf_puts(out, system), buf_puts(out, "\n\n");
            buf_puts(out, user);
            return 0;
        }
        if (system || styles[i].default_system) turn(out, "system", system ? system : styles[i].default_system);
        turn(out, "user", user);
        buf_puts(out, "<|im_start|>assistant\n");
        if (no_think && !strcmp(style, "qwen3")) buf_puts(out, "<think>\n\n</think>\n\n");
        return 0;
    }
    return -1;
}

void chat_verifier_prompt(const char *question, const char *truth, const char *student, buf *out) {
    buf_puts(out, "User: ### Question: ");
    buf_puts(out, question);
    buf_puts(out, "\n\n### Ground Truth Answer: ");
    buf_puts(out, truth);
    buf_puts(out, "\n\n### Student Answer: ");
    buf_puts(out, student ? student : "None");
    buf_puts(out, "\n\nFor the above question, please verify if the student's answer is equivalent to the ground truth "
                  "answer.\nDo not solve the question by yourself; just check if the student's answer is equivalent to "
                  "the ground truth answer.\nIf the student's answer is correct, output \"Final Decision: Yes\". If the "
                  "student's answer is incorrect, output \"Final Decision: No\". Assistant:");
}

int chat_stop_tokens(const tokenizer *tok, int32_t eos, int32_t stop[3]) {
    const char *names[] = {"<|im_end|>", "<|endoftext|>"};
    int n = 0;
    stop[n++] = eos;
    for (int i = 0; i < 2; i++) {
        int id = tokenizer_find(tok, names[i]);
        if (id >= 0 && id != eos) stop[n++] = id;
    }
    return n;
}
