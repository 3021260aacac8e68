/* stage.c -- the JSONL filter loop: batches for the parallel part, input order for the rest. */
#include "core/stage.h"
#include "core/buf.h"
#include "core/jscan.h"
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
    int lean;                /* rec holds only the stage's reads; written by splice() */
    jobject obj;             /* a lean line's members (its room kept from batch to batch) */
    json_t **held;           /* the values built for st->reads, one each (NULL: not in the line), a
                              * reference of our own, so a value the stage replaced is told apart */
} slot;

/* ---- lean records: built from the fields a stage reads, written as the line with its changes ---- */

static size_t nreads(const stage *st) {
    size_t n = 0;
    while (st->reads[n]) n++;
    return n;
}

static void release_held(const stage *st, slot *x) {
    if (!x->held) return;
    for (size_t k = 0; st->reads[k]; k++) json_decref(x->held[k]), x->held[k] = NULL;
}

/* The record of a line that jscan_object took: its read fields only; NULL when out of memory. */
static json_t *lean_record(const stage *st, slot *x) {
    if (!x->held && !(x->held = calloc(nreads(st), sizeof *x->held))) return NULL;
    json_t *rec = json_object();
    for (size_t k = 0; rec && st->reads[k]; k++) {
        const jmember *m = jscan_find(x->raw, &x->obj, st->reads[k]);
        if (!m) continue;
        json_t *v = jscan_value(x->raw, m);
        if (!v || json_object_set(rec, st->reads[k], v)) {   /* set, not set_new: held keeps a reference */
            json_decref(v), json_decref(rec), rec = NULL;
            break;
        }
        x->held[k] = v;
    }
    if (!rec) release_held(st, x);
    return rec;
}

static int held_index(const stage *st, const char *key, size_t len) {
    for (int k = 0; st->reads[k]; k++)
        if (strlen(st->reads[k]) == len && !memcmp(st->reads[k], key, len)) return k;
    return -1;
}

/* The line as read, with what the stage changed: a member it replaced gets its new value in
 * place, one it deleted is left out, one it added goes at the end in the order added; the rest,
 * and the spacing between members, byte for byte (what is outside the braces is dropped). */
static char *splice(const stage *st, slot *x) {
    const char *raw = x->raw;
    buf out;
    buf_init(&out);
    buf_putc(&out, '{');
    int any = 0;
    size_t prev = x->obj.open + 1;   /* the end of the member before (or the brace) */
    for (size_t i = 0; i < x->obj.n; prev = x->obj.m[i].end, i++) {
        const jmember *m = &x->obj.m[i];
        int k = held_index(st, raw + m->key, m->key_len);
        json_t *was = k >= 0 ? x->held[k] : NULL, *now = json_object_getn(x->rec, raw + m->key, m->key_len);
        if (was && !now) continue;   /* deleted */
        if (any || !i) buf_append(&out, raw + prev, m->key - 1 - prev);   /* ", " as written; none before the first kept */
        any = 1;
        if (now == was) {
            buf_append(&out, raw + m->key - 1, m->end - (m->key - 1));
        } else {
            buf_append(&out, raw + m->key - 1, m->value - (m->key - 1));   /* "key" : */
            jscan_dump(now, &out);
        }
    }
    buf_append(&out, raw + prev, x->obj.close - prev);
    const char *key;
    json_t *v;
    json_object_foreach(x->rec, key, v) {
        if (jscan_find(raw, &x->obj, key)) continue;
        if (any++) buf_putc(&out, ',');
        jscan_dump_text(key, strlen(key), &out);
        buf_putc(&out, ':');
        jscan_dump(v, &out);
    }
    buf_putc(&out, '}');
    if (out.oom) { buf_free(&out); return NULL; }
    return buf_take(&out);
}

/* The record as a line: spliced when lean, else serialized whole; NULL when out of memory. */
static char *record_text(const stage *st, slot *x) {
    return x->lean ? splice(st, x) : json_dumps(x->rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

static void write_line(FILE *f, const stage *st, slot *x) {
    char *text = record_text(st, x);
    if (text) fputs(text, f), fputc('\n', f);
    else cli_error("out of memory writing a record");
    free(text);
}

static void write_reject(FILE *f, const stage *st, slot *x) {
    if (!f) return;
    json_object_set_new(x->rec, "reject_reason", json_string(x->reason));
    if (x->detail) json_object_set_new(x->rec, "reject_detail", json_string(x->detail));
    write_line(f, st, x);
}

struct stage_sink {
    FILE *rejects;
    tally *t;
};

void stage_emit(stage_sink *s, json_t *rec, const char *reason, const char *detail) {
    if (!reason) {
        jl_write(stdout, rec), s->t->out++;
        return;
    }
    tally_reject(s->t, reason);
    if (!s->rejects) return;
    json_object_set_new(rec, "reject_reason", json_string(reason));
    if (detail) json_object_set_new(rec, "reject_detail", json_string(detail));
    jl_write(s->rejects, rec);
}

/* What a slot held for its line, released (the room for the next kept). */
static void done_with(const stage *st, slot *x) {
    if (x->lean) release_held(st, x);
    json_decref(x->rec), json_decref(x->expand);
    free(x->raw), free(x->out), free(x->error);
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
        slot keep = b[n];   /* the room for members and held values, reused */
        b[n] = (slot){.raw = malloc(len + 1), .raw_len = len, .lineno = jl_line(r), .obj = keep.obj, .held = keep.held};
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
        if (st->reads && x->raw && jscan_object(x->raw, x->raw_len, &x->obj) == JSCAN_OK)
            x->lean = (x->rec = lean_record(st, x)) != NULL;
        if (!x->lean && (!x->raw || jl_parse(x->raw, x->raw_len, &x->rec, err, sizeof err) != JL_RECORD)) {
            x->error = strdup(x->raw ? err : "out of memory");
            continue;
        }
        if (st->each) x->reason = st->each(x->rec, st->ctx, scratch_of(st, scratch, i), &x->detail);
        if (!x->reason && !st->unchanged && !st->batch) x->out = record_text(st, x);
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
                    if (rejects.f) jl_write(rejects.f, bad);
                    json_decref(bad);
                    tally_reject(t, "malformed");
                    if (c->strict) stop = 1;
                } else {
                    if (!x->reason && st->in_order)
                        x->reason = st->in_order(x->rec, st->ctx, scratch_of(st, scratch, i), &x->detail);
                    if (x->reason) {
                        tally_reject(t, x->reason);
                        write_reject(rejects.f, st, x);
                    } else if (st->consume) {
                        if (!st->finish) t->out++;
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
                        else write_line(stdout, st, x);
                        t->out++;
                    }
                }
                done_with(st, x);
                if (stop) {   /* --strict: nothing after the first malformed line */
                    for (int k = i + 1; k < n; k++) done_with(st, &b[k]);
                    break;
                }
            }
            progress_update(&meter, t->in, 0, 0);
            if (ferror(stdout)) stop = 1;   /* the reader is gone or the disk full: the rest would be lost too */
        }
        if (io_error) status = EXIT_USAGE;
        jl_close(r);
    }
    for (int i = 0; b && i < lines; i++) free(b[i].obj.m), free(b[i].held);
    free(b);
    free(scratch);
    progress_done(&meter, t->in, 0);
    if (st->finish && b) {
        stage_sink sink = {rejects.f, t};
        st->finish(st->ctx, &sink);
    }
    if (rejects.f && safe_commit(&rejects)) { cli_error("--rejects %s: write failed; nothing written there", c->rejects); status = EXIT_USAGE; }
    if (!c->quiet) tally_print(t, st->in_words ? st->in_words : "records in", st->out_words ? st->out_words : "out", stderr);
    if (fflush(stdout) || ferror(stdout)) { cli_error("write error on stdout"); return EXIT_USAGE; }
    if (status == EXIT_DONE && c->strict && malformed) status = EXIT_STRICT;
    return status;
}
