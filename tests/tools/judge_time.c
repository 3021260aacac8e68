/* judge_time -- in-process time of judging benchmark responses (lib/eval/judge.h) and tallying
 * micro and macro accuracy, the same boundary as the paper's scoring loop timed in Python (rows
 * already in memory; reading and parsing the file is not timed).  For bench/eval_bench.sh.
 *
 *   judge_time FILE.jsonl   rows with benchmark, answer, response, category
 *   stdout: "micro X macro Y"; stderr: "judge_time: N rows in S s" */
#include "eval/judge.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const benchmark *b;
    const char *answer, *response, *category;
    size_t an, rn;
} row;

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

int main(int argc, char **argv) {
    if (argc != 2) return fprintf(stderr, "usage: judge_time FILE.jsonl\n"), 2;
    FILE *f = fopen(argv[1], "r");
    if (!f) return perror(argv[1]), 2;
    json_t **recs = NULL;
    row *rows = NULL;
    size_t n = 0, cap = 0, len = 0;
    char *line = NULL;
    ssize_t got;
    while ((got = getline(&line, &len, f)) > 0) {
        json_t *r = json_loadb(line, (size_t)got, 0, NULL);
        const benchmark *b = r ? benchmark_find(json_string_value(json_object_get(r, "benchmark"))) : NULL;
        json_t *a = json_object_get(r, "answer"), *resp = json_object_get(r, "response");
        if (!b || !json_is_string(a) || !json_is_string(resp)) { json_decref(r); continue; }
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            recs = realloc(recs, cap * sizeof *recs), rows = realloc(rows, cap * sizeof *rows);
            if (!recs || !rows) return fprintf(stderr, "judge_time: out of memory\n"), 2;
        }
        const char *cat = json_string_value(json_object_get(r, "category"));
        recs[n] = r;
        rows[n++] = (row){b, json_string_value(a), json_string_value(resp), cat ? cat : "", json_string_length(a),
                          json_string_length(resp)};
    }
    free(line), fclose(f);
    double t0 = now();
    const char *names[64] = {0};
    long right[64] = {0}, total[64] = {0}, correct = 0;
    int ncat = 0;
    verify_options vo = {.rtol = 1e-4};
    for (size_t i = 0; i < n; i++) {
        judgement j;
        judge_response(rows[i].b, &vo, rows[i].answer, rows[i].an, rows[i].response, rows[i].rn, NULL, 0, "", &j);
        unsigned c = slot(rows[i].category);   /* the script's dict of categories */
        while (names[c] && strcmp(names[c], rows[i].category)) c = (c + 1) % 64;
        if (!names[c] && ncat < 63) names[c] = rows[i].category, ncat++;
        int ok = j.v == VERDICT_TRUE;
        correct += ok;
        right[c] += ok, total[c]++;
        judgement_free(&j);
    }
    double macro = 0;
    for (int c = 0; c < 64; c++)
        if (total[c]) macro += (double)right[c] / (double)total[c];
    double t = now() - t0;
    printf("micro %.2f macro %.2f\n", n ? 100.0 * (double)correct / (double)n : 0, ncat ? 100 * macro / ncat : 0);
    fprintf(stderr, "judge_time: %zu rows in %.4f s\n", n, t);
    for (size_t i = 0; i < n; i++) json_decref(recs[i]);
    free(recs), free(rows);
    return 0;
}
