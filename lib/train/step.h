/* step.h -- what grpo-step and sft-step do alike around their own losses: the model opened for
 * training (its FP32 copy, AdamW's moments, a resumed state), token ids read from a record, and
 * the optimizer step (the gradient's norm checked and clipped, the learning rate warmed up). */
#ifndef GR_STEP_H
#define GR_STEP_H

#include <jansson.h>

#include "train/checkpoint.h"
#include "train/train.h"

/* Opens model_dir on device for training: t (the FP32 copy, BF16 matmuls when compute is "bf16",
 * or "auto" for a BF16 model on a CPU fast at it), opt (resumed when model_dir is our checkpoint).
 * 0, or -1 said why on stderr; t and opt are then freed by train_close as well. */
int train_open(train_model *t, adam_state *opt, const char *model_dir, const char *device, const char *compute);
void train_close(train_model *t, adam_state *opt);

/* dst[0..) = the array a's token ids; -1 when one is not an integer in [0, vocab). */
int train_token_ids(json_t *a, int32_t *dst, int vocab);

/* What both trainers are told alike: the model, where the step goes, the optimizer. */
typedef struct {
    const char *model_dir, *device, *out_dir, *grad_out, *compute;
    double lr, weight_decay, beta1, beta2, eps, grad_clip;   /* grad_clip 0: off */
    long warmup, seed;                                       /* warmup: steps of linear warmup */
} train_options;

#define TRAIN_DEFAULTS(lr_) \
    {.lr = (lr_), .weight_decay = 0.01, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8, .grad_clip = 1.0, .compute = "auto"}

/* Their rows of a cli_option table, for opts a train_options; noun: the model's in --help,
 * lr_text: the default learning rate as text. */
#define TRAIN_CLI_OPTIONS(opts, noun, lr_text)                                                                                      \
    {"model", 0, CLI_STRING, &(opts).model_dir, "DIR", noun ": a Hugging Face Qwen2/Qwen3 directory or our checkpoint (required)", 0, 0}, \
    {"device", 0, CLI_CHOICE, &(opts).device, "cpu|cuda", "where the model runs (cpu; cuda arrives with the GPU backend)", 0, 0},    \
    {"out", 0, CLI_STRING, &(opts).out_dir, "DIR", "the new checkpoint; must not exist (required)", 0, 0},                          \
    {"lr", 0, CLI_DOUBLE, &(opts).lr, "X", "AdamW learning rate (" lr_text ")", 0, 1},                                                    \
    {"weight-decay", 0, CLI_DOUBLE, &(opts).weight_decay, "X", "decoupled weight decay (0.01)", 0, 1},                               \
    {"beta1", 0, CLI_DOUBLE, &(opts).beta1, "X", "AdamW beta1 (0.9)", 0, 0.999999},                                                  \
    {"beta2", 0, CLI_DOUBLE, &(opts).beta2, "X", "AdamW beta2 (0.999)", 0, 0.999999999},                                             \
    {"adam-eps", 0, CLI_DOUBLE, &(opts).eps, "X", "AdamW epsilon (1e-8)", 1e-30, 1},                                                 \
    {"grad-clip", 0, CLI_DOUBLE, &(opts).grad_clip, "X", "global gradient-norm limit, 0 = off (1.0)", 0, 1e9},                       \
    {"warmup-steps", 0, CLI_INT, &(opts).warmup, "N", "linear LR warmup over the first N steps, then constant (0)", 0, 1e9},         \
    {"compute", 0, CLI_CHOICE, &(opts).compute, "auto|f32|bf16",                                                                     \
     "matmuls in f32, or bf16 (AMX; FP32 accumulation and master weights); auto: bf16 for a BF16 model on an AMX CPU", 0, 0},    \
    {"seed", 0, CLI_INT, &(opts).seed, "N", "recorded in trainer_state.json (0)", 0, 9e18},                                          \
    {"grad-out", 0, CLI_STRING, &(opts).grad_out, "FILE", "write the first step's gradient (safetensors) and stop; for checks", 0, 0}

/* --model and --out (or --grad-out) given, --out not there yet; 0, or -1 said why. */
int train_check_options(const train_options *t);
/* The shared settings for trainer_state.json's hyperparameters (the trainer adds its own). */
json_t *train_hyperparameters(const train_options *t);

/* One AdamW step on t->grad, clipped to grad_clip, at the warmed-up rate (*lr gets it, *norm the
 * norm before clipping).  0, or -1 said why when the loss, the gradient or the new weights are not
 * finite (nothing is to be written then). */
int train_optimizer_step(train_model *t, adam_state *opt, const train_options *c, double loss, double *norm, double *lr);

/* The metrics line (taken) on stdout, after the checkpoint out_dir was written; 0, or -1 said why
 * (a metric not finite: line is NULL; stdout failed). */
int train_print_metrics(json_t *line, const char *out_dir);

/* The gradient in t->grad as safetensors at path, and `line` on stdout: --grad-out's checks. */
int train_write_grads(const train_model *t, const char *path, const char *line);

#endif
