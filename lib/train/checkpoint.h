/* checkpoint.h -- what grpo-step writes and resumes from.
 *
 * A checkpoint is a Hugging Face model directory (config.json, tokenizer files, model.safetensors in
 * the dtype the run started from: loadable by rollout, gen-verify and transformers) plus
 * optimizer.safetensors (AdamW's moments, and for a BF16/F16 model the FP32 master weights, so a
 * resumed run continues bit for bit) and trainer_state.json (step, seed, every hyper-parameter).
 * It is written into DIR.tmp and renamed to DIR: a crash at any moment leaves the complete
 * checkpoint or none, and never touches the one it started from. */
#ifndef GR_CHECKPOINT_H
#define GR_CHECKPOINT_H

#include <jansson.h>

#include "train/train.h"

typedef struct {
    float *m, *v;   /* AdamW's first and second moments, nparams each */
    long step;      /* optimizer steps taken */
} adam_state;

/* Writes t (weights, converted to t->dtype), opt and state (trainer_state.json; step is added) as
 * out_dir, copying config and tokenizer files from src_dir.  0, or -1 with a reason. */
int checkpoint_write(const train_model *t, const adam_state *opt, const char *src_dir, const char *out_dir, json_t *state,
                     char *err, size_t errlen);

/* Writes a flat array laid out as t's parameters (its gradient, say) as F32 tensors under the
 * model's names, to path (safetensors, via path.tmp).  0, or -1 with a reason. */
int checkpoint_save_floats(const train_model *t, const float *base, const char *path, char *err, size_t errlen);

/* Resumes from dir: its optimizer.safetensors into opt (and master weights into t->w) and its
 * step.  1 when resumed, 0 when dir has no optimizer state (a fresh start: opt zeroed), -1 with a
 * reason when the state is there but damaged -- never a silent reset. */
int checkpoint_resume(train_model *t, adam_state *opt, const char *dir, char *err, size_t errlen);

#endif
