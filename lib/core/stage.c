/* stage.c -- the JSONL filter loop: batches for the parallel part, input order for the rest. */
#include "core/stage.h"
#include "core/jsonl.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096

typedef struct {
    char *raw;               /* the line as read */
    size_t raw_len;
    long lineno;
    json_t *rec;             /* NULL for a malformed line */
    char *error;             /* why the line is malformed */
    const char *reason, *detail;
    char *out;               /* the serialized record, made on the worker thread */
    json_t *expand;          /* records to write instead of rec (a batch stage's) */
} slot;

static void write_reject(FILE *f, json_t *rec, const char *reason, const char *detail) {
    if (!f) return;
    json_object_set_new(rec, "reject_reason", json_string(reason));
    if (detail) json_object_set_new(rec, "reject_detail", json_string(detail));
    jl_write(f, rec);
}

/* Reads up to max raw lines (parsing waits for the workers); returns how many. */
static int read_batch(jl_reader *r, slot *b, int max, int *io_error) {
    int n = 0;
    while (n < max) {
        jl_status s = jl_next_line(r);
        if (s == JL_END) break;
        if (s == JL_IO_ERROR) { cli_error("%s: %s", jl_name(r), jl_error(r)); *io_error = 1; break; }
        size_t len;
        const char *line = jl_raw(r, &len);
        b[n] = (slot){.raw = malloc(len + 1), .raw_len = len, .lineno = jl_line(r)};
        if (b[n].raw) memcpy(b[n].raw, line, len), b[n].raw[len] = 0;
        n++;
    }
    return n;
}

static void *scratch_of(const stage *st, unsigned char *scratch, int i) {
    return scratch ? scratch + (size_t)i * st->scratch_size : NULL;
}

/* The parallel part: parse, the stage's `each`, and serializing what may pass. */
static void run_batch(const stage *st, slot *b, int n, unsigned char *scratch) {
#pragma omp parallel for schedule(dynamic, 32)
    for (int i = 0; i < n; i++) {
        slot *x = &b[i];
        char err[300];
        if (!x->raw || jl_parse(x->raw, x->raw_len, &x->rec, err, sizeof err) != JL_RECORD) {
            x->error = strdup(x->raw ? err : "out of memory");
            continue;
        }
        if (st->each) x->reason = st->each(x->rec, st->ctx, scratch_of(st, scratch, i), &x->detail);
        if (!x->reason && !st->unchanged && !st->batch) x->out = json_dumps(x->rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
    }
    if (!st->batch) return;
    json_t **recs = calloc((size_t)n, sizeof *recs), **outs = calloc((size_t)n, sizeof *outs);
    const char **reasons = calloc((size_t)n, sizeof *reasons), **details = calloc((size_t)n, sizeof *details);
    void **scr = calloc((size_t)n, sizeof *scr);
    if (recs && outs && reasons && details && scr) {
        for (int i = 0; i < n; i++) recs[i] = b[i].reason ? NULL : b[i].rec, scr[i] = scratch_of(st, scratch, i);
        st->batch(recs, scr, reasons, details, outs, n, st->ctx);
        for (int i = 0; i < n; i++) {
            if (reasons[i]) b[i].reason = reasons[i], b[i].detail = details[i];
            b[i].expand = outs[i];
        }
    } else
        for (int i = 0; i < n; i++)   /* the batch could not run: each record says so */
            if (!b[i].reason) b[i].reason = "out_of_memory";
    free(recs), free(outs), free(reasons), free(details), free(scr);
}

int stage_run(const stage *st, const cli_common *c, tally *t) {
    char *stdin_only[] = {"-"};
    char **files = c->nfiles ? c->files : stdin_only;
    int nfiles = c->nfiles ? c->nfiles : 1;
    safe_file rejects = {0};
    if (c->rejects && cli_open_output(&rejects, "--rejects", c->rejects, files, nfiles)) return EXIT_USAGE;
    if (c->threads > 0) omp_set_num_threads((int)c->threads);
    int lines = st->batch_lines > 0 ? st->batch_lines : BATCH;
    slot *b = calloc((size_t)lines, sizeof *b);
    unsigned char *scratch = st->scratch_size ? calloc((size_t)lines, st->scratch_size) : NULL;
    int status = EXIT_DONE, stop = 0;
    if (!b || (st->scratch_size && !scratch)) cli_error("out of memory for a batch of %d records", lines), status = EXIT_USAGE;
    uint64_t malformed = 0;   /* malformed lines are rejected records: counted under that reason */
    progress meter;
    progress_init(&meter, c->progress);
    for (int f = 0; b && f < nfiles && !stop; f++) {
        char err[300];
        jl_reader *r = jl_open(files[f], err, sizeof err);
        if (!r) { cli_error("%s: %s", files[f], err); status = EXIT_USAGE; continue; }
        int io_error = 0;
        for (int n; !stop && (n = read_batch(r, b, lines, &io_error)) > 0;) {
            run_batch(st, b, n, scratch);
            for (int i = 0; i < n; i++) {
                slot *x = &b[i];
                t->in++;
                if (!x->rec) {
                    malformed++;
                    if (!c->quiet) cli_error("%s:%ld: %s", jl_name(r), x->lineno, x->error);
                    json_t *bad = jl_malformed_json(jl_name(r), x->lineno, x->error, x->raw, x->raw_len);
                    write_reject(rejects.f, bad, "malformed", NULL);
                    json_decref(bad);
                    tally_reject(t, "malformed");
                    if (c->strict) stop = 1;
                } else {
                    if (!x->reason && st->in_order)
                        x->reason = st->in_order(x->rec, st->ctx, scratch_of(st, scratch, i), &x->detail);
                    if (x->reason) {
                        tally_reject(t, x->reason);
                        write_reject(rejects.f, x->rec, x->reason, x->detail);
                    } else if (st->consume) {
                        t->out++;
                    } else if (x->expand) {
                        size_t k;
                        json_t *e;
                        json_array_foreach(x->expand, k, e) {
                            json_t *why = json_object_get(e, "reject_reason");
                            if (!json_is_string(why)) { jl_write(stdout, e), t->out++; continue; }
                            tally_reject(t, json_string_value(why));
                            if (rejects.f) jl_write(rejects.f, e);
                        }
                    } else {
                        const char *text = st->unchanged ? x->raw : x->out;
                        if (text) fputs(text, stdout), fputc('\n', stdout);
                        else jl_write(stdout, x->rec);
                        t->out++;
                    }
                }
                json_decref(x->rec), json_decref(x->expand);
                free(x->raw), free(x->out), free(x->error);
                if (stop) {   /* --strict: nothing after the first malformed line */
                    for (int k = i + 1; k < n; k++)
                        json_decref(b[k].rec), json_decref(b[k].expand), free(b[k].raw), free(b[k].out), free(b[k].error);
                    break;
                }
            }
            progress_update(&meter, t->in, 0, 0);
            if (ferror(stdout)) stop = 1;   /* the reader is gone or the disk full: the rest would be lost too */
        }
        if (io_error) status = EXIT_USAGE;
        jl_close(r);
    }
    free(b);
    free(scratch);
    progress_done(&meter, t->in, 0);
    if (rejects.f && safe_commit(&rejects)) { cli_error("--rejects %s: write failed; nothing written there", c->rejects); status = EXIT_USAGE; }
    if (!c->quiet) tally_print(t, st->in_words ? st->in_words : "records in", st->out_words ? st->out_words : "out", stderr);
    if (fflush(stdout) || ferror(stdout)) { cli_error("write error on stdout"); return EXIT_USAGE; }
    if (status == EXIT_DONE && c->strict && malformed) status = EXIT_STRICT;
    return status;
}
