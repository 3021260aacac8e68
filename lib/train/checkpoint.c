/* checkpoint.c -- writing a training checkpoint atomically, and resuming from one. */
#include "train/checkpoint.h"

#include "engine/dtype.h"
#include "core/errors.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- files ---- */

static int copy_file(const char *from, const char *to, char *err, size_t errlen) {
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char chunk[1 << 16];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        if (fwrite(chunk, 1, n, out) != n) rc = -1;
    if (in && ferror(in)) rc = -1;
    if (out && (fflush(out) || fsync(fileno(out)))) rc = -1;
    if (out && fclose(out)) rc = -1;
    if (in) fclose(in);
    return rc ? error_into(err, errlen, "copying %s to %s: %s", from, to, strerror(errno)) : 0;
}

/* The files of a model directory we carry over: all but weights and training state. */
static int carried(const char *name) {
    size_t n = strlen(name);
    return strcmp(name, "model.safetensors.index.json") && strcmp(name, "trainer_state.json") &&
           !(n > 12 && !strcmp(name + n - 12, ".safetensors"));
}

static int remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return errno == ENOENT ? 0 : -1;
    struct dirent *e;
    char path[4096 + 320];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    closedir(d);
    return rmdir(dir);
}

static int sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int write_json(const char *path, json_t *j, char *err, size_t errlen) {
    FILE *f = fopen(path, "w");
    int rc = !f || json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || fputc('\n', f) == EOF || fflush(f) ||
             fsync(fileno(f));
    if (f && fclose(f)) rc = 1;
    return rc ? error_into(err, errlen, "%s: %s", path, strerror(errno)) : 0;
}

/* ---- the checkpoint ---- */

static st_tensor tensor_of(const train_tensor *x, char *name, st_dtype dtype, const void *data) {
    st_tensor s = {.name = name, .dtype = dtype, .ndim = x->cols ? 2 : 1, .data = data};
    s.shape[0] = x->rows, s.shape[1] = x->cols;
    s.nbytes = x->size * st_dtype_size(dtype);
    return s;
}

static int write_weights(const train_model *t, const char *path, char *err, size_t errlen) {
    size_t es = st_dtype_size(t->dtype);
    unsigned char *conv = t->dtype == ST_F32 ? NULL : malloc(t->nparams * es);
    st_tensor *ts = calloc((size_t)t->ntensors, sizeof *ts);
    if ((t->dtype != ST_F32 && !conv) || !ts) { free(conv), free(ts); return error_into(err, errlen, "out of memory"); }
    for (int i = 0; i < t->ntensors; i++) {
        const train_tensor *x = &t->tensor[i];
        const float *w = t->w + x->offset;
        uint16_t *h = conv ? (uint16_t *)conv + x->offset : NULL;
        for (size_t k = 0; h && k < x->size; k++) h[k] = t->dtype == ST_BF16 ? f32_to_bf16(w[k]) : f32_to_f16(w[k]);
        ts[i] = tensor_of(x, (char *)x->name, t->dtype, h ? (const void *)h : (const void *)w);
    }
    json_t *meta = json_pack("{s:s}", "format", "pt");
    int rc = st_save(path, ts, (size_t)t->ntensors, meta, err, errlen);
    json_decref(meta), free(conv), free(ts);
    return rc;
}

static const char *const opt_kinds[] = {"exp_avg", "exp_avg_sq", "master"};

static int write_optimizer(const train_model *t, const adam_state *opt, const char *path, char *err, size_t errlen) {
    int kinds = t->dtype == ST_F32 ? 2 : 3, n = 0;   /* an F32 model's weights are its own master copy */
    st_tensor *ts = calloc((size_t)t->ntensors * 3, sizeof *ts);
    char *names = malloc((size_t)t->ntensors * 3 * 128);
    if (!ts || !names) { free(ts), free(names); return error_into(err, errlen, "out of memory"); }
    for (int k = 0; k < kinds; k++)
        for (int i = 0; i < t->ntensors; i++, n++) {
            const train_tensor *x = &t->tensor[i];
            const float *src = (k == 0 ? opt->m : k == 1 ? opt->v : t->w) + x->offset;
            snprintf(names + n * 128, 128, "%s.%s", opt_kinds[k], x->name);
            ts[n] = tensor_of(x, names + n * 128, ST_F32, src);
        }
    json_t *meta = json_pack("{s:s}", "step", "");
    json_object_set_new(meta, "step", json_sprintf("%ld", opt->step));
    int rc = st_save(path, ts, (size_t)n, meta, err, errlen);
    json_decref(meta), free(ts), free(names);
    return rc;
}

int checkpoint_write(const train_model *t, const adam_state *opt, const char *src_dir, const char *out_dir, json_t *state,
                     char *err, size_t errlen) {
    char tmp[4096], from[4096 + 320], to[4096 + 320];
    if (strlen(out_dir) + 5 > sizeof tmp || strlen(src_dir) + 1 > sizeof tmp) return error_into(err, errlen, "%s: path too long", out_dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", out_dir);
    /* A directory left by a killed run is ours to clear; a symlink or file there is not (clearing
     * through a link would empty its target). */
    struct stat left;
    if (lstat(tmp, &left) == 0 && !S_ISDIR(left.st_mode))
        return error_into(err, errlen, "%s exists and is not a directory a killed run left: remove it", tmp);
    if (remove_dir(tmp) < 0 && errno != ENOENT) return error_into(err, errlen, "%s: cannot clear: %s", tmp, strerror(errno));
    if (mkdir(tmp, 0777) < 0) return error_into(err, errlen, "%s: %s", tmp, strerror(errno));
    DIR *d = opendir(src_dir);
    if (!d) return error_into(err, errlen, "%s: %s", src_dir, strerror(errno));
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        struct stat st;
        snprintf(from, sizeof from, "%s/%s", src_dir, e->d_name);
        if (stat(from, &st) < 0 || !S_ISREG(st.st_mode) || !carried(e->d_name)) continue;
        snprintf(to, sizeof to, "%s/%s", tmp, e->d_name);
        rc = copy_file(from, to, err, errlen);
    }
    closedir(d);
    snprintf(to, sizeof to, "%s/model.safetensors", tmp);
    if (!rc) rc = write_weights(t, to, err, errlen);
    snprintf(to, sizeof to, "%s/optimizer.safetensors", tmp);
    if (!rc) rc = write_optimizer(t, opt, to, err, errlen);
    json_object_set_new(state, "step", json_integer(opt->step));
    snprintf(to, sizeof to, "%s/trainer_state.json", tmp);
    if (!rc) rc = write_json(to, state, err, errlen);
    if (!rc && sync_dir(tmp) < 0) rc = error_into(err, errlen, "%s: fsync: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, out_dir) < 0) rc = error_into(err, errlen, "%s: %s", out_dir, strerror(errno));
    if (rc) remove_dir(tmp);
    return rc ? -1 : 0;
}

/* Copies the F32 tensor KIND.NAME of x's shape into dst, or says what is wrong with it. */
static int read_state_tensor(const st_set *s, const char *kind, const train_tensor *x, float *dst, const char *path,
                             char *err, size_t errlen) {
    char name[160];
    snprintf(name, sizeof name, "%s.%s", kind, x->name);
    const st_tensor *st = st_find(s, name);
    if (!st) return error_into(err, errlen, "%s: %s is missing", path, name);
    if (st->dtype != ST_F32 || st->ndim != (x->cols ? 2 : 1) || st->shape[0] != x->rows || (x->cols && st->shape[1] != x->cols))
        return error_into(err, errlen, "%s: %s is not F32 of the model's shape", path, name);
    memcpy(dst, st->data, x->size * sizeof *dst);
    for (size_t k = 0; k < x->size; k++)
        if (!isfinite(dst[k]) || (!strcmp(kind, "exp_avg_sq") && dst[k] < 0))
            return error_into(err, errlen, "%s: %s holds %g at %zu", path, name, dst[k], k);
    return 0;
}

int checkpoint_resume(train_model *t, adam_state *opt, const char *dir, char *err, size_t errlen) {
    char path[4096];
    opt->step = 0;
    snprintf(path, sizeof path, "%s/optimizer.safetensors", dir);
    if (access(path, F_OK) < 0) {   /* a fresh start; a resume below fills every element */
        train_zero(t, opt->m, t->nparams);
        train_zero(t, opt->v, t->nparams);
        return 0;
    }
    st_set s;
    if (st_open(&s, path, err, errlen) < 0) return -1;
    int rc = 0, kinds = t->dtype == ST_F32 ? 2 : 3;
    if (s.n != (size_t)(kinds * t->ntensors))
        rc = error_into(err, errlen, "%s: %zu tensors, the model needs %d", path, s.n, kinds * t->ntensors);
    for (int k = 0; !rc && k < kinds; k++)
        for (int i = 0; !rc && i < t->ntensors; i++)
            rc = read_state_tensor(&s, opt_kinds[k], &t->tensor[i], (k == 0 ? opt->m : k == 1 ? opt->v : t->w) + t->tensor[i].offset,
                                   path, err, errlen);
    st_close(&s);
    if (rc) return -1;
    snprintf(path, sizeof path, "%s/trainer_state.json", dir);
    json_error_t je;
    json_t *state = json_load_file(path, 0, &je);
    json_t *step = json_object_get(state, "step");
    if (!state) rc = error_into(err, errlen, "%s: %s", path, je.text);
    else if (!json_is_integer(step) || json_integer_value(step) < 0)
        rc = error_into(err, errlen, "%s: step is missing or negative", path);
    else opt->step = (long)json_integer_value(step);
    json_decref(state);
    return rc ? -1 : 1;
}

int checkpoint_save_floats(const train_model *t, const float *base, const char *path, char *err, size_t errlen) {
    st_tensor *ts = calloc((size_t)t->ntensors, sizeof *ts);
    if (!ts) return error_into(err, errlen, "out of memory");
    for (int i = 0; i < t->ntensors; i++) ts[i] = tensor_of(&t->tensor[i], (char *)t->tensor[i].name, ST_F32, base + t->tensor[i].offset);
    int rc = st_save(path, ts, (size_t)t->ntensors, NULL, err, errlen);
    free(ts);
    return rc;
}
