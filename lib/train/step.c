/* step.c -- see step.h. */
#include "train/step.h"

#include "core/cli.h"
#include "core/jsonl.h"
#include "engine/backend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int train_check_options(const train_options *t) {
    struct stat st;
    if (!t->model_dir || !(t->out_dir || t->grad_out)) cli_error("--model DIR and --out DIR are required");
    else if (t->out_dir && lstat(t->out_dir, &st) == 0) cli_error("--out %s exists: give a new directory", t->out_dir);
    else return 0;
    return -1;
}

json_t *train_hyperparameters(const train_options *t) {
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:s}", "lr", t->lr, "weight_decay", t->weight_decay, "beta1", t->beta1,
                     "beta2", t->beta2, "eps", t->eps, "grad_clip", t->grad_clip, "warmup_steps", (json_int_t)t->warmup,
                     "compute", t->compute);
}

int train_open(train_model *t, adam_state *opt, const char *model_dir, const char *device, const char *compute) {
    char err[512];
    model m;
    if (engine_open(&m, model_dir, device, err, sizeof err) < 0) { cli_error("%s", err); return -1; }
    int init = train_model_init(t, &m, err, sizeof err);
    engine_close(&m);   /* the FP32 copy is all training reads: the mapped file need not stay resident */
    if (init < 0) { cli_error("%s", err); return -1; }
    if (!(opt->m = train_alloc(t, t->nparams)) || !(opt->v = train_alloc(t, t->nparams))) {
        cli_error("out of memory for AdamW's state");
        return -1;
    }
    if (checkpoint_resume(t, opt, model_dir, err, sizeof err) < 0) { cli_error("%s", err); return -1; }
    t->bf16_compute = !strcmp(compute, "bf16") || (!strcmp(compute, "auto") && t->dtype == ST_BF16 && be_bf16_fast(t->be));
    return 0;
}

void train_close(train_model *t, adam_state *opt) {
    train_free(t, opt->m), train_free(t, opt->v);
    opt->m = opt->v = NULL;
    train_model_free(t);
}

int train_token_ids(json_t *a, int32_t *dst, int vocab) {
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) >= vocab) return -1;
        dst[i] = (int32_t)json_integer_value(v);
    }
    return 0;
}

int train_optimizer_step(train_model *t, adam_state *opt, const train_options *c, double loss, double *norm, double *lr) {
    *norm = train_grad_norm(t);
    if (!isfinite(*norm) || !isfinite(loss)) {
        cli_error("step %ld: the loss (%g) or the gradient (norm %g) is not finite: stopping, nothing written", opt->step + 1,
                  loss, *norm);
        return -1;
    }
    double scale = c->grad_clip > 0 && *norm > c->grad_clip ? c->grad_clip / (*norm + 1e-6) : 1;
    *lr = c->lr * (opt->step < c->warmup ? (double)opt->step / (double)c->warmup : 1.0);
    adamw_config ac = {c->beta1, c->beta2, c->eps, c->weight_decay};
    if (train_adamw(t, opt->m, opt->v, &ac, *lr, ++opt->step, (float)scale) < 0) {
        cli_error("step %ld: weights are not finite after the update (lr %g, adam-eps %g): stopping, nothing written",
                  opt->step, *lr, c->eps);
        return -1;
    }
    return 0;
}

int train_write_grads(const train_model *t, const char *path, const char *line) {
    char err[512];
    if (checkpoint_save_floats(t, t->grad, path, err, sizeof err) < 0) { cli_error("%s", err); return -1; }
    printf("%s\n", line);
    if (fflush(stdout) || ferror(stdout)) { cli_error("write error on stdout (the gradient %s is written)", path); return -1; }
    return 0;
}

int train_print_metrics(json_t *line, const char *out_dir) {
    if (!line) { cli_error("a metric is not finite: no metrics line (the checkpoint %s is written)", out_dir); return -1; }
    jl_write(stdout, line);
    json_decref(line);
    if (fflush(stdout) || ferror(stdout)) {
        cli_error("write error on stdout: the metrics line is lost (the checkpoint %s is written)", out_dir);
        return -1;
    }
    return 0;
}
