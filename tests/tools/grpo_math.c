/* grpo_math -- test driver of lib/grpo (not an installed program).
 *
 *   grpo_math < cases.jsonl > ours.jsonl
 *
 * Each case (tests/oracle/grpo_oracle.py writes them): rewards, group, std_norm, mask, logp,
 * old_logp, ref_logp (or null), entropy (N x L), clip_low, clip_high, clip_c, kl_type, kl_coef,
 * entropy_coef, agg.  Each answer: advantages, zero_adv_groups, pg_loss, pg_clipfrac,
 * pg_clipfrac_lower, ppo_kl, kl, entropy, loss, dloss_dlogp and dloss_dentropy (N x L). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "train/grpo.h"

static double num(json_t *o, const char *k) { return json_number_value(json_object_get(o, k)); }
static float cell(json_t *m, int i, int j) { return (float)json_number_value(json_array_get(json_array_get(m, i), j)); }

static json_t *solve(json_t *c) {
    json_t *rewards = json_object_get(c, "rewards"), *mask = json_object_get(c, "mask"), *ref = json_object_get(c, "ref_logp");
    int n = (int)json_array_size(rewards), L = (int)json_array_size(json_array_get(mask, 0));
    grpo_config cfg = {num(c, "clip_low"), num(c, "clip_high"), num(c, "clip_c"), num(c, "kl_coef"), num(c, "entropy_coef"),
                       grpo_kl_parse(json_string_value(json_object_get(c, "kl_type"))),
                       grpo_agg_parse(json_string_value(json_object_get(c, "agg"))), 0};
    if ((int)cfg.kl_type < 0 || (int)cfg.agg < 0) return NULL;
    if (json_is_null(ref)) ref = NULL;
    double *r = malloc(sizeof *r * (size_t)n);
    int *g = malloc(sizeof *g * (size_t)n), *len = calloc((size_t)n, sizeof *len);
    float *adv = malloc(sizeof *adv * (size_t)n);
    long ntok = 0;
    for (int i = 0; i < n; i++) {
        r[i] = json_number_value(json_array_get(rewards, i));
        g[i] = (int)json_integer_value(json_array_get(json_object_get(c, "group"), i));
        for (int j = 0; j < L; j++) len[i] += cell(mask, i, j) != 0;
        ntok += len[i];
    }
    int zero = grpo_advantages(r, g, n, json_is_true(json_object_get(c, "std_norm")), adv);
    grpo_terms t = {0};
    json_t *dl = json_array(), *de = json_array(), *advs = json_array();
    for (int i = 0; i < n; i++) {
        json_t *rl = json_array(), *re = json_array();
        for (int j = 0; j < L; j++) {
            double dlogp = 0, dent = 0;
            float r = ref ? cell(ref, i, j) : 0;
            if (cell(mask, i, j) != 0)
                dlogp = grpo_token(&cfg, adv[i], grpo_token_weight(cfg.agg, ntok, n, len[i]), 1.0 / ((double)ntok + 1e-8),
                                   cell(json_object_get(c, "logp"), i, j), cell(json_object_get(c, "old_logp"), i, j),
                                   ref ? &r : NULL, cell(json_object_get(c, "entropy"), i, j), &t, &dent);
            json_array_append_new(rl, json_real(dlogp));
            json_array_append_new(re, json_real(dent));
        }
        json_array_append_new(dl, rl);
        json_array_append_new(de, re);
        json_array_append_new(advs, json_real(adv[i]));
    }
    free(r), free(g), free(len), free(adv);
    return json_pack("{s:o, s:i, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "advantages", advs, "zero_adv_groups", zero,
                     "pg_loss", t.pg_loss, "pg_clipfrac", t.pg_clipfrac, "pg_clipfrac_lower", t.pg_clipfrac_lower, "ppo_kl",
                     t.ppo_kl, "kl", t.kl, "entropy", t.entropy, "loss", t.loss, "dloss_dlogp", dl, "dloss_dentropy", de);
}

int main(void) {
    char line[1 << 20];
    long n = 0;
    while (fgets(line, sizeof line, stdin)) {
        json_error_t e;
        json_t *c = json_loads(line, 0, &e), *out = c ? solve(c) : NULL;
        n++;
        if (!out) { fprintf(stderr, "grpo_math: case %ld: %s\n", n, c ? "unknown kl_type or agg" : e.text); return 2; }
        char *s = json_dumps(out, JSON_COMPACT);
        puts(s);
        free(s), json_decref(out), json_decref(c);
    }
    return 0;
}
