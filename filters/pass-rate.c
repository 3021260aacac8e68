/* pass-rate -- keeps the questions a model solves sometimes but not always (the paper's difficulty
 * filter: 8 candidate solutions per question, drop it if none or all are right).
 *
 * Reads scored rollouts (rollout -n G | gen-verify: one record per sample, with the question's
 * `id` and a `verdict`, or a `reward` when there is no verdict), groups them by id in any order,
 * and writes one record per kept question: the first sample's record without what belongs to a
 * sample (response, sample, verdict, reward, token ids, ...), with `pass_rate`, `samples` and
 * `correct` added.  A dropped question goes to --rejects the same way, with its reason; a sample
 * without an id or a verdict goes there as it came, with its own. */
#include "core/cli.h"
#include "core/jsonl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "A sample is right when its verdict is true; false and null (undecided) are wrong.  Without a\n"
    "verdict field its reward decides: right when reward >= --reward-threshold (0.5).\n"
    "Kept: MIN < pass_rate < MAX (--keep MIN:MAX, default 0:1, the paper's rule); inclusive bounds\n"
    "with --keep 0.25:1 --inclusive.  Output follows the order in which questions first appear.\n"
    "Reasons: too_hard (pass_rate at or below MIN: none right), too_easy (at or above MAX: all right),\n"
    "too_few_samples (fewer than --min-samples), no_id, no_verdict, malformed.\n";

/* what a sample adds to its question's record (rollout's and gen-verify's fields) */
static const char *const per_sample[] = {
    "sample", "prompt", "prompt_ids", "response", "response_ids", "logprobs", "finish_reason", "length", "stop",
    "verdict", "reward", "extracted", "prediction", "unanswered", "rule", "verifier", "verifier_detail",
    "verifier_output", NULL};

typedef struct {
    char *id;
    json_t *first;    /* the first sample, fields per sample removed */
    long samples, correct;
} question;

typedef struct {
    question *q;
    size_t n, cap;
    size_t *slot;     /* open-addressing index of q by id hash; (size_t)-1 = empty */
    size_t slots;
} groups;

static size_t hash(const char *s) {
    size_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow_index(groups *g) {
    size_t slots = g->slots ? 2 * g->slots : 1024, *slot = malloc(slots * sizeof *slot);
    if (!slot) return -1;
    memset(slot, 0xff, slots * sizeof *slot);
    for (size_t i = 0; i < g->n; i++) {
        size_t k = hash(g->q[i].id) & (slots - 1);
        while (slot[k] != (size_t)-1) k = (k + 1) & (slots - 1);
        slot[k] = i;
    }
    free(g->slot);
    g->slot = slot, g->slots = slots;
    return 0;
}

/* The question of this id, made from rec when it is new; NULL when out of memory. */
static question *find(groups *g, const char *id, json_t *rec) {
    if (2 * (g->n + 1) > g->slots && grow_index(g)) return NULL;
    size_t k = hash(id) & (g->slots - 1);
    for (; g->slot[k] != (size_t)-1; k = (k + 1) & (g->slots - 1))
        if (!strcmp(g->q[g->slot[k]].id, id)) return &g->q[g->slot[k]];
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 1024;
        question *more = realloc(g->q, cap * sizeof *more);
        if (!more) return NULL;
        g->q = more, g->cap = cap;
    }
    json_t *first = json_deep_copy(rec);
    char *copy = strdup(id);
    if (!first || !copy) { json_decref(first), free(copy); return NULL; }
    for (int i = 0; per_sample[i]; i++) json_object_del(first, per_sample[i]);
    g->q[g->n] = (question){copy, first, 0, 0};
    g->slot[k] = g->n;
    return &g->q[g->n++];
}

typedef struct {
    const char *keep;
    double min, max, threshold;
    long min_samples;
    int inclusive;
} options;

/* 1 right, 0 wrong, -1 no verdict to read */
static int right(const options *o, json_t *rec) {
    json_t *v = json_object_get(rec, "verdict");
    if (v) return json_is_true(v);
    json_t *r = json_object_get(rec, "reward");
    return json_is_number(r) ? json_number_value(r) >= o->threshold : -1;
}

static int parse_keep(options *o) {
    char *end;
    o->min = strtod(o->keep, &end);
    if (end == o->keep || *end != ':') goto bad;
    const char *b = end + 1;
    o->max = strtod(b, &end);
    if (end == b || *end || !(o->min >= 0 && o->max <= 1 && o->min <= o->max)) goto bad;
    return 0;
bad:
    cli_error("--keep %s: want MIN:MAX with 0 <= MIN <= MAX <= 1, such as 0:1", o->keep);
    return -1;
}

/* too_hard, too_easy, too_few_samples or NULL (kept) */
static const char *judge(const options *o, const question *q, double rate) {
    if (q->samples < o->min_samples) return "too_few_samples";
    if (o->inclusive ? rate < o->min : rate <= o->min) return "too_hard";
    if (o->inclusive ? rate > o->max : rate >= o->max) return "too_easy";
    return NULL;
}

static void reject(FILE *f, json_t *rec, const char *reason) {
    if (!f) return;
    json_object_set_new(rec, "reject_reason", json_string(reason));
    jl_write(f, rec);
}

/* Reads every sample into g; returns the exit status so far (*oom when memory ran out). */
static int read_samples(const options *o, const cli_common *c, groups *g, FILE *rejects, tally *t, int *oom) {
    char *stdin_only[] = {"-"};
    char **files = c->nfiles ? c->files : stdin_only;
    int nfiles = c->nfiles ? c->nfiles : 1, status = EXIT_DONE, stop = 0;
    for (int f = 0; f < nfiles && !stop; f++) {
        char err[300];
        jl_reader *r = jl_open(files[f], err, sizeof err);
        if (!r) { cli_error("%s: %s", files[f], err); status = EXIT_USAGE; continue; }
        json_t *rec;
        for (jl_status s; !stop && (s = jl_next(r, &rec)) != JL_END;) {
            if (s == JL_IO_ERROR) { cli_error("%s: %s", jl_name(r), jl_error(r)); status = EXIT_USAGE; break; }
            t->in++;
            if (s == JL_MALFORMED) {
                if (!c->quiet) cli_error("%s:%ld: %s", jl_name(r), jl_line(r), jl_error(r));
                json_t *bad = jl_malformed_record(r);
                reject(rejects, bad, "malformed");
                json_decref(bad);
                t->malformed++, tally_reject(t, "malformed");
                if (c->strict) status = EXIT_STRICT, stop = 1;
                continue;
            }
            json_t *idv = json_object_get(rec, "id");
            char num[32];
            const char *id = json_is_string(idv) ? json_string_value(idv) : NULL;
            if (json_is_integer(idv)) snprintf(num, sizeof num, "%lld", (long long)json_integer_value(idv)), id = num;
            int ok = right(o, rec);
            if (!id || ok < 0) {
                const char *why = !id ? "no_id" : "no_verdict";
                reject(rejects, rec, why), tally_reject(t, why);
            } else {
                question *q = find(g, id, rec);
                if (!q) *oom = stop = 1;
                else q->samples++, q->correct += ok;
            }
            json_decref(rec);
        }
        jl_close(r);
    }
    return status;
}

/* Decides each question and writes it; returns questions kept. */
static uint64_t write_questions(const options *o, groups *g, FILE *rejects, tally *t) {
    uint64_t kept = 0;
    for (size_t i = 0; i < g->n; i++) {
        question *q = &g->q[i];
        double rate = (double)q->correct / (double)q->samples;
        json_object_set_new(q->first, "pass_rate", json_real(rate));
        json_object_set_new(q->first, "samples", json_integer(q->samples));
        json_object_set_new(q->first, "correct", json_integer(q->correct));
        const char *why = judge(o, q, rate);
        if (why) reject(rejects, q->first, why), tally_reject(t, why);
        else jl_write(stdout, q->first), kept++;
        json_decref(q->first), free(q->id);
    }
    free(g->q), free(g->slot);
    return kept;
}

int main(int argc, char **argv) {
    options o = {.keep = "0:1", .threshold = 0.5, .min_samples = 1};
    const cli_option own[] = {
        {"keep", 0, CLI_STRING, &o.keep, "MIN:MAX", "keep questions with MIN < pass rate < MAX (0:1)", 0, 0},
        {"inclusive", 0, CLI_FLAG, &o.inclusive, NULL, "MIN <= pass rate <= MAX instead", 0, 0},
        {"min-samples", 0, CLI_INT, &o.min_samples, "N", "drop questions with fewer samples (1)", 1, 1e9},
        {"reward-threshold", 0, CLI_DOUBLE, &o.threshold, "X", "without a verdict, right when reward >= X (0.5)", -1e300, 1e300},
        {0},
    };
    const cli_program prog = {
        .name = "pass-rate",
        .synopsis = "Keeps the questions a model solves sometimes but not always; one record per question.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "rollout --model M -n 8 qa.jsonl | gen-verify | pass-rate --rejects drops.jsonl > learnable.jsonl",
        .options = own,
    };
    cli_common common;
    cli_result r = cli_parse(&prog, &common, argc, argv);
    if (r != CLI_RUN) return r == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    if (parse_keep(&o)) { free(common.files); return EXIT_USAGE; }
    safe_file rejects = {0};
    if (common.rejects && cli_open_output(&rejects, "--rejects", common.rejects, common.files, common.nfiles)) {
        free(common.files);
        return EXIT_USAGE;
    }
    groups g = {0};
    tally t = {0};
    int oom = 0, status = read_samples(&o, &common, &g, rejects.f, &t, &oom);
    if (oom) cli_error("out of memory after %llu samples; nothing written", (unsigned long long)t.in), status = EXIT_USAGE;
    uint64_t questions = g.n, kept = 0;
    tally tq = {0};   /* questions' reasons, apart from the samples' in t */
    if (!oom) kept = write_questions(&o, &g, rejects.f, &tq);
    else {
        for (size_t i = 0; i < g.n; i++) json_decref(g.q[i].first), free(g.q[i].id);
        free(g.q), free(g.slot);
    }
    if (rejects.f && (oom ? (safe_abort(&rejects), 0) : safe_commit(&rejects))) {
        cli_error("--rejects %s: write failed; nothing written there", common.rejects);
        status = EXIT_USAGE;
    }
    if (!common.quiet) {   /* "16 samples in, 2 questions, 1 kept, 1 rejected (too_hard 1); samples rejected: no_verdict 2" */
        fprintf(stderr, "pass-rate: %llu samples in, %llu questions, %llu kept, %llu rejected", (unsigned long long)t.in,
                (unsigned long long)questions, (unsigned long long)kept, (unsigned long long)(questions - kept));
        for (int i = 0; i < tq.nreasons; i++)
            fprintf(stderr, "%s%s %llu", i ? ", " : " (", tq.reasons[i].reason, (unsigned long long)tq.reasons[i].count);
        fprintf(stderr, "%s", tq.nreasons ? ")" : "");
        for (int i = 0; i < t.nreasons; i++)
            fprintf(stderr, "%s%s %llu", i ? ", " : "; samples rejected: ", t.reasons[i].reason,
                    (unsigned long long)t.reasons[i].count);
        fputc('\n', stderr);
    }
    free(common.files);
    if (fflush(stdout) || ferror(stdout)) { cli_error("write error on stdout"); return EXIT_USAGE; }
    return status;
}
