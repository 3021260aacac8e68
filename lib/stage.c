/* stage.c -- the JSONL filter loop: batches for the parallel part, input order for the rest. */
#include "stage.h"
#include "jsonl.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096

typedef struct {
    json_t *rec;             /* NULL for a malformed line */
    json_t *bad;             /* the malformed line's reject record */
    const char *reason, *detail;
    char *raw;               /* the line as read, for stages that pass records unchanged */
    size_t raw_len;
} slot;

static void write_reject(FILE *f, json_t *rec, const char *reason, const char *detail) {
    if (!f) return;
    json_object_set_new(rec, "reject_reason", json_string(reason));
    if (detail) json_object_set_new(rec, "reject_detail", json_string(detail));
    jl_write(f, rec);
}

/* Reads up to BATCH records; returns how many slots were filled. */
static int read_batch(jl_reader *r, slot *b, tally *t, const cli_common *c, int *io_error, int *stop,
                      uint64_t *malformed, int keep_raw) {
    int n = 0;
    while (n < BATCH) {
        json_t *rec;
        jl_status s = jl_next(r, &rec);
        if (s == JL_END) break;
        if (s == JL_IO_ERROR) { cli_error("%s: %s", jl_name(r), jl_error(r)); *io_error = 1; break; }
        t->in++;
        b[n] = (slot){rec, NULL, NULL, NULL, NULL, 0};
        if (keep_raw && s == JL_RECORD) {
            const char *line = jl_raw(r, &b[n].raw_len);
            b[n].raw = malloc(b[n].raw_len + 1);
            if (b[n].raw) memcpy(b[n].raw, line, b[n].raw_len);
        }
        if (s == JL_MALFORMED) {
            (*malformed)++;
            if (!c->quiet) cli_error("%s:%ld: %s", jl_name(r), jl_line(r), jl_error(r));
            b[n].bad = jl_malformed_record(r);
            if (c->strict) { *stop = 1; n++; break; }
        }
        n++;
    }
    return n;
}

static void *scratch_of(const stage *st, unsigned char *scratch, int i) {
    return scratch ? scratch + (size_t)i * st->scratch_size : NULL;
}

static void run_batch(const stage *st, slot *b, int n, unsigned char *scratch) {
    if (!st->each) return;
#pragma omp parallel for schedule(dynamic, 64)
    for (int i = 0; i < n; i++)
        if (b[i].rec) b[i].reason = st->each(b[i].rec, st->ctx, scratch_of(st, scratch, i), &b[i].detail);
}

int stage_run(const stage *st, const cli_common *c, tally *t) {
    char *stdin_only[] = {"-"};
    char **files = c->nfiles ? c->files : stdin_only;
    int nfiles = c->nfiles ? c->nfiles : 1;
    safe_file rejects = {0};
    if (c->rejects && safe_open(&rejects, c->rejects)) { cli_error("cannot write %s: %m", c->rejects); return EXIT_USAGE; }
    if (c->threads > 0) omp_set_num_threads((int)c->threads);
    slot *b = calloc(BATCH, sizeof *b);
    unsigned char *scratch = st->scratch_size ? calloc(BATCH, st->scratch_size) : NULL;
    int status = EXIT_DONE, stop = 0;
    uint64_t malformed = 0;   /* malformed lines are rejected records: counted under that reason */
    progress meter;
    progress_init(&meter, c->progress);
    for (int f = 0; b && f < nfiles && !stop; f++) {
        char err[300];
        jl_reader *r = jl_open(files[f], err, sizeof err);
        if (!r) { cli_error("%s: %s", files[f], err); status = EXIT_USAGE; continue; }
        int io_error = 0;
        for (int n; !stop && (n = read_batch(r, b, t, c, &io_error, &stop, &malformed, st->unchanged)) > 0;) {
            run_batch(st, b, n, scratch);
            for (int i = 0; i < n; i++) {
                if (!b[i].rec) {
                    write_reject(rejects.f, b[i].bad, "malformed", NULL);
                    tally_reject(t, "malformed");
                    json_decref(b[i].bad);
                    continue;
                }
                if (!b[i].reason && st->in_order)
                    b[i].reason = st->in_order(b[i].rec, st->ctx, scratch_of(st, scratch, i), &b[i].detail);
                if (b[i].reason) {
                    tally_reject(t, b[i].reason);
                    write_reject(rejects.f, b[i].rec, b[i].reason, b[i].detail);
                } else {
                    if (b[i].raw) fwrite(b[i].raw, 1, b[i].raw_len, stdout), fputc('\n', stdout);
                    else jl_write(stdout, b[i].rec);
                    t->out++;
                }
                json_decref(b[i].rec);
                free(b[i].raw);
            }
            progress_update(&meter, t->in, 0, 0);
        }
        if (io_error) status = EXIT_USAGE;
        jl_close(r);
    }
    free(b);
    free(scratch);
    progress_done(&meter, t->in, 0);
    if (rejects.f && safe_commit(&rejects)) { cli_error("cannot write %s", c->rejects); status = EXIT_USAGE; }
    if (!c->quiet) tally_print(t, st->in_words ? st->in_words : "records in", st->out_words ? st->out_words : "out", stderr);
    if (fflush(stdout) || ferror(stdout)) { cli_error("write error on stdout"); return EXIT_USAGE; }
    if (status == EXIT_DONE && c->strict && malformed) status = EXIT_STRICT;
    return status;
}
