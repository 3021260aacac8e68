/* stage.h -- the loop every JSONL filter runs: read records from the files (or stdin), hand each
 * to the stage, write what passes to stdout and what is rejected to --rejects, count everything.
 *
 * A stage has two callbacks.  `each` sees one record at a time and may run on many threads at
 * once (lines are read in batches, then parsed, judged and serialized in parallel; output keeps
 * input order).  `in_order`, when given, then sees the records one by one in input order on one
 * thread (for state such as a dedup index); it may reject a record but not change it.  Either
 * returns NULL to pass the record (it may add fields) or a fixed reject reason, with an optional
 * detail string written to *detail (a static or record-owned string).  Both get the record's
 * scratch space, so the parallel part can compute what the sequential part needs. */
#ifndef GR_STAGE_H
#define GR_STAGE_H

#include "core/cli.h"
#include <jansson.h>

typedef const char *(*stage_fn)(json_t *rec, void *ctx, void *scratch, const char **detail);

/* A whole read batch at once, for stages that work on many records together (a model's batched
 * forward pass), after `each`: recs[i] is NULL where the line was malformed or rejected already,
 * scratch[i] is what `each` left for it; the function may reject (reasons[i], details[i]) or make a
 * record into several: outs[i], a JSON array of the records to write in its place (one that holds
 * a string reject_reason goes to --rejects, counted under it: a part of the record rejected). */
typedef void (*stage_batch_fn)(json_t **recs, void *const *scratch, const char **reasons, const char **details,
                               json_t **outs, int n, void *ctx);

/* Where a stage's finish writes the records it held: stage_emit passes rec (reason NULL) to stdout,
 * or rejects it to --rejects with the reason and detail (may be NULL); each is counted. */
typedef struct stage_sink stage_sink;
void stage_emit(stage_sink *s, json_t *rec, const char *reason, const char *detail);

typedef struct {
    stage_fn each;          /* thread-safe per-record work, may be NULL */
    stage_fn in_order;      /* sequential work, may be NULL */
    stage_batch_fn batch;   /* sequential work on a batch of records, may be NULL */
    int batch_lines;        /* lines per batch (0: 4096) */
    void *ctx;
    size_t scratch_size;    /* bytes of per-record scratch that `each` fills for `in_order` */
    int unchanged;          /* the stage adds no fields: passed records are written as read */
    int consume;            /* passed records are the stage's (in_order kept what it needs): none to stdout */
    /* After the last record, before --rejects is closed: writes what the stage held (a choice
     * that needs every record, such as balancing classes).  With it, consumed records are not
     * counted as out: what finish emits is. */
    void (*finish)(void *ctx, stage_sink *sink);
    const char *in_words, *out_words;   /* for the summary: "records in", "out" */
    /* The fields the callbacks read, NULL-ended; NULL: all.  Given, a record holds only those
     * (jscan.h: the rest is never built), and what is written is the line as read with the
     * fields the stage set, replaced or deleted spliced in.  The callbacks may then change a
     * record only by json_object_set/del, never a read value in place. */
    const char *const *reads;
} stage;

/* Runs the stage over common->files; prints the summary unless quiet.  Returns the exit status
 * of DESIGN.md: 0, 1 (malformed input under --strict), 2 (unreadable file, write error). */
int stage_run(const stage *st, const cli_common *common, tally *t);

#endif
