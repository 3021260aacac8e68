/* judge_time -- in-process time of judging benchmark responses (lib/eval/judge.h) and tallying
 * micro and macro accuracy, the same boundary as the paper's scoring loop timed in Python (rows
 * already in memory; reading and parsing the file is not timed).  For bench/eval_bench.sh.
 *
 * How the rows sit in memory is most of the time, so it is named: by default as our stages hold
 * them (the fields a stage reads, decoded from the line by jscan, one after another in file order:
 * what a stream of lean records leaves in cache); with --trees as jansson trees, each string its
 * own allocation, the way json.loads gives Python its dicts.
 *
 *   judge_time [--trees] FILE.jsonl   rows with benchmark, answer, response, category
 * The loop runs five times over the same rows and the fastest pass is reported, as timeit does and
 * as eval_oracle.py mmlupro-table times the script's loop.
 *
 *   stdout: "micro X macro Y"; stderr: "judge_time: N rows in S s" */
#include "core/jscan.h"
#include "eval/judge.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { PASSES = 5 };   /* the best of five passes over the rows, as the script's loop is timed too */

typedef struct {
    const benchmark *b;
    const char *answer, *response, *category;
    size_t an, rn;
} row;

typedef struct {
    row *rows;
    json_t **trees;   /* --trees: each row's tree, which its strings live in */
    size_t n, cap;
    char *arena;      /* otherwise: the decoded fields, in file order */
    size_t used, room;
} table;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static unsigned slot(const char *s) {
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h % 64;
}

static void add(table *t, row r, json_t *tree) {
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        t->rows = realloc(t->rows, t->cap * sizeof *t->rows), t->trees = realloc(t->trees, t->cap * sizeof *t->trees);
        if (!t->rows || !t->trees) fprintf(stderr, "judge_time: out of memory\n"), exit(2);
    }
    t->trees[t->n] = tree, t->rows[t->n++] = r;
}

static void add_tree(table *t, json_t *r) {
    const benchmark *b = r ? benchmark_find(json_string_value(json_object_get(r, "benchmark"))) : NULL;
    json_t *a = json_object_get(r, "answer"), *resp = json_object_get(r, "response");
    if (!b || !json_is_string(a) || !json_is_string(resp)) return json_decref(r);
    const char *cat = json_string_value(json_object_get(r, "category"));
    add(t, (row){b, json_string_value(a), json_string_value(resp), cat ? cat : "", json_string_length(a), json_string_length(resp)}, r);
}

/* A string member decoded onto the arena (room for the whole line was made), NUL-ended; NULL
 * when the member is missing or not a string. */
static const char *field(table *t, const char *line, const jobject *o, const char *key, size_t *len) {
    const jmember *m = jscan_find(line, o, key);
    if (!m || line[m->value] != '"') return NULL;
    char *out = t->arena + t->used;
    *len = jscan_string(line, m, out);
    out[*len] = 0;
    t->used += *len + 1;
    return out;
}

static void add_lean(table *t, const char *line, size_t len, jobject *o) {
    if (jscan_object(line, len, o) != JSCAN_OK) return add_tree(t, json_loadb(line, len, 0, NULL));
    if (t->used + len + 4 > t->room) {   /* fields are pointed to: the arena was sized for the file */
        fprintf(stderr, "judge_time: arena full\n");
        exit(2);
    }
    size_t bn, an, rn, cn, mark = t->used;
    const char *name = field(t, line, o, "benchmark", &bn);
    const benchmark *b = name ? benchmark_find(name) : NULL;
    t->used = mark;   /* the name is not kept */
    const char *answer = field(t, line, o, "answer", &an), *response = field(t, line, o, "response", &rn);
    const char *cat = field(t, line, o, "category", &cn);
    if (!b || !answer || !response) return (void)(t->used = mark);
    add(t, (row){b, answer, response, cat ? cat : "", an, rn}, NULL);
}

/* The timed part: every row judged, its verdict tallied per category as the script's dict does. */
static void score(const row *rows, size_t n, double *micro, double *macro) {
    const char *names[64] = {0};
    long right[64] = {0}, total[64] = {0}, correct = 0;
    int ncat = 0;
    verify_options vo = {.rtol = 1e-4};
    for (size_t i = 0; i < n; i++) {
        judgement j;
        judge_response(rows[i].b, &vo, rows[i].answer, rows[i].an, rows[i].response, rows[i].rn, NULL, 0, "", &j);
        unsigned c = slot(rows[i].category);
        while (names[c] && strcmp(names[c], rows[i].category)) c = (c + 1) % 64;
        if (!names[c] && ncat < 63) names[c] = rows[i].category, ncat++;
        int ok = j.v == VERDICT_TRUE;
        correct += ok;
        right[c] += ok, total[c]++;
        judgement_free(&j);
    }
    double sum = 0;
    for (int c = 0; c < 64; c++)
        if (total[c]) sum += (double)right[c] / (double)total[c];
    *micro = n ? 100.0 * (double)correct / (double)n : 0, *macro = ncat ? 100 * sum / ncat : 0;
}

int main(int argc, char **argv) {
    int trees = argc == 3 && !strcmp(argv[1], "--trees");
    if (argc != 2 + trees) return fprintf(stderr, "usage: judge_time [--trees] FILE.jsonl\n"), 2;
    FILE *f = fopen(argv[argc - 1], "r");
    if (!f) return perror(argv[argc - 1]), 2;
    fseek(f, 0, SEEK_END);
    table t = {.room = (size_t)ftell(f) + 16};
    rewind(f);
    if (!trees && !(t.arena = malloc(t.room))) return fprintf(stderr, "judge_time: out of memory\n"), 2;
    jobject o = {0};
    char *line = NULL;
    size_t len = 0;
    ssize_t got;
    while ((got = getline(&line, &len, f)) > 0) {
        if (trees) add_tree(&t, json_loadb(line, (size_t)got, 0, NULL));
        else add_lean(&t, line, (size_t)got, &o);
    }
    free(line), free(o.m), fclose(f);
    const row *rows = t.rows;
    size_t n = t.n;
    double best = 0, micro = 0, macro = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        double t0 = now();
        score(rows, n, &micro, &macro);
        double sec = now() - t0;
        if (!pass || sec < best) best = sec;
    }
    printf("micro %.2f macro %.2f\n", micro, macro);
    fprintf(stderr, "judge_time: %zu rows in %.6f s\n", n, best);
    for (size_t i = 0; i < n; i++) json_decref(t.trees[i]);
    free(t.rows), free(t.trees), free(t.arena);
    return 0;
}
