/* eval-score -- verified benchmark responses into the paper's two result tables.
 *
 * Reads gen-verify's records (benchmark, verdict, unanswered, category, id, sample; a `run` field
 * or --run NAME tells runs apart) and prints, in markdown, the paper's general table (MMLU-Pro,
 * GPQA-Diamond, SuperGPQA, TheoremQA, BBEH) and its math table (MATH-500 ... AIME25 and their
 * average), one row per run, each score a percentage made as the paper makes it
 * (lib/eval/benchmark.h's metric): micro accuracy, SuperGPQA's macro over its disciplines, AIME's
 * mean over every sample.  A verdict that is null (undecided) or false is wrong; every record that
 * comes in is counted.  --json writes the scores with their counts and categories, --plot a bar
 * chart (gnuplot). */
#include "core/cli.h"
#include "core/stage.h"
#include "eval/benchmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Scores: MMLU-Pro, GPQA-Diamond, TheoremQA, BBEH and the math sets are accuracy over every record\n"
    "(BBEH micro, not BBEH's harmonic mean); SuperGPQA the mean of its disciplines' accuracies (the\n"
    "paper's column; micro beside it in --json); AIME24/25 the mean over all samples (avg@32 with the\n"
    "paper's 32 per question).  The math AVG is the mean of the math columns present (of 7).  Below the\n"
    "tables, the share of answers nothing could be read from (unanswered), per benchmark.\n"
    "--json FILE: {\"<benchmark>\": {\"score\", \"n\" (questions), \"records\", \"metric\", \"unanswered\",\n"
    "\"micro\", \"macro\", \"by_category\": {...}}}; with several runs, an object of those keyed by run.\n";

typedef struct {
    char *name;
    long records, correct;
} category;

typedef struct {
    long records, correct, unanswered;
    json_t *ids;          /* the questions seen (a set) */
    category *cats;
    int ncats;
} tally_bench;

typedef struct {
    char *name;
    tally_bench *b;       /* one per benchmark_at(i) */
} run;

typedef struct {
    const char *run_name, *json_path, *plot_path;
    run *runs;
    int nruns;
    int oom;
} options;

static run *run_named(options *o, const char *name) {
    for (int i = 0; i < o->nruns; i++)
        if (!strcmp(o->runs[i].name, name)) return &o->runs[i];
    run *grown = realloc(o->runs, (size_t)(o->nruns + 1) * sizeof *grown);
    if (!grown) return NULL;
    o->runs = grown;
    run *r = &o->runs[o->nruns];
    r->name = strdup(name);
    r->b = calloc((size_t)benchmark_count(), sizeof *r->b);
    if (!r->name || !r->b) return free(r->name), free(r->b), NULL;
    o->nruns++;
    return r;
}

static category *category_named(tally_bench *t, const char *name) {
    for (int i = 0; i < t->ncats; i++)
        if (!strcmp(t->cats[i].name, name)) return &t->cats[i];
    category *grown = realloc(t->cats, (size_t)(t->ncats + 1) * sizeof *grown);
    if (!grown) return NULL;
    t->cats = grown;
    category *c = &t->cats[t->ncats];
    if (!(c->name = strdup(name))) return NULL;
    c->records = c->correct = 0;
    t->ncats++;
    return c;
}

/* One record into its run's tallies (input order, one thread). */
static const char *count_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch;
    options *o = ctx;
    const char *name = json_string_value(json_object_get(rec, "benchmark"));
    const benchmark *b = benchmark_find(name);
    if (!b) { *detail = name ? NULL : "no benchmark field"; return "unknown_benchmark"; }
    json_t *v = json_object_get(rec, "verdict");
    if (!v) { *detail = "not verified: run gen-verify first"; return "missing_verdict"; }
    const char *rn = json_string_value(json_object_get(rec, "run"));
    run *r = run_named(o, o->run_name ? o->run_name : rn ? rn : "ours");
    if (!r) return o->oom = 1, "out_of_memory";
    tally_bench *t = &r->b[b - benchmark_at(0)];   /* the table is one array */
    int right = json_is_true(v);
    t->records++, t->correct += right, t->unanswered += json_is_true(json_object_get(rec, "unanswered"));
    json_t *id = json_object_get(rec, "id");
    char *key = id ? json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    if (!t->ids) t->ids = json_object();
    char fallback[32];
    snprintf(fallback, sizeof fallback, "#%ld", t->records);   /* no id: each record its own question */
    json_object_set_new(t->ids, key ? key : fallback, json_true());
    free(key);
    const char *cat = json_string_value(json_object_get(rec, "category"));
    category *c = category_named(t, cat ? cat : "(none)");
    if (!c) return o->oom = 1, "out_of_memory";
    c->records++, c->correct += right;
    return NULL;
}

/* ---- scores ---- */

static double pct(long a, long b) { return b ? 100.0 * (double)a / (double)b : 0; }

static double macro(const tally_bench *t) {
    double sum = 0;
    for (int i = 0; i < t->ncats; i++) sum += pct(t->cats[i].correct, t->cats[i].records);
    return t->ncats ? sum / t->ncats : 0;
}

static double score(const benchmark *b, const tally_bench *t) {
    return b->metric == METRIC_MACRO ? macro(t) : pct(t->correct, t->records);
}

static const char *metric_name(const benchmark *b, const tally_bench *t, char *buf, size_t n) {
    long q = (long)json_object_size(t->ids);
    if (b->metric == METRIC_MACRO) return "macro";
    if (b->metric == METRIC_AVG || (q && t->records > q)) return snprintf(buf, n, "avg@%ld", q ? t->records / q : 0), buf;
    return b->table == 1 ? "micro" : "acc";
}

static int table_present(const options *o, int table) {
    for (int r = 0; r < o->nruns; r++)
        for (int i = 0; i < benchmark_count(); i++)
            if (benchmark_at(i)->table == table && o->runs[r].b[i].records) return 1;
    return 0;
}

static void print_table(const options *o, int table, FILE *f) {
    fprintf(f, "| %s |", table == 1 ? "General" : "Math");
    for (int i = 0; i < benchmark_count(); i++)
        if (benchmark_at(i)->table == table) fprintf(f, " %s |", benchmark_at(i)->column);
    fprintf(f, "%s\n|---|", table == 2 ? " AVG |" : "");
    for (int i = 0; i < benchmark_count(); i++)
        if (benchmark_at(i)->table == table) fprintf(f, "---|");
    fprintf(f, "%s\n", table == 2 ? "---|" : "");
    for (int r = 0; r < o->nruns; r++) {
        fprintf(f, "| %s |", o->runs[r].name);
        double sum = 0;
        int have = 0, all = 0;
        for (int i = 0; i < benchmark_count(); i++) {
            const benchmark *b = benchmark_at(i);
            const tally_bench *t = &o->runs[r].b[i];
            if (b->table != table) continue;
            all++;
            if (!t->records) { fprintf(f, " – |"); continue; }
            double s = score(b, t);
            sum += s, have++;
            fprintf(f, " %.1f |", s);
        }
        if (table == 2) {
            if (have == all) fprintf(f, " %.1f |", sum / have);
            else if (have) fprintf(f, " %.1f (of %d) |", sum / have, have);
            else fprintf(f, " – |");
        }
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void print_unanswered(const options *o, FILE *f) {
    for (int r = 0; r < o->nruns; r++) {
        fprintf(f, "unanswered (%s):", o->runs[r].name);
        for (int i = 0; i < benchmark_count(); i++) {
            const tally_bench *t = &o->runs[r].b[i];
            if (t->records) fprintf(f, " %s %.1f%% (%ld of %ld);", benchmark_at(i)->name, pct(t->unanswered, t->records), t->unanswered, t->records);
        }
        fputc('\n', f);
    }
}

static json_t *run_json(const run *r) {
    json_t *out = json_object();
    for (int i = 0; i < benchmark_count(); i++) {
        const benchmark *b = benchmark_at(i);
        const tally_bench *t = &r->b[i];
        if (!t->records) continue;
        json_t *cats = json_object();
        for (int c = 0; c < t->ncats; c++)
            json_object_set_new(cats, t->cats[c].name, json_pack("{s:f, s:I}", "score", pct(t->cats[c].correct, t->cats[c].records),
                                                                   "n", (json_int_t)t->cats[c].records));
        char m[32];
        json_object_set_new(out, b->name, json_pack("{s:f, s:I, s:I, s:s, s:I, s:f, s:f, s:o}", "score", score(b, t), "n",
                                                    (json_int_t)json_object_size(t->ids), "records", (json_int_t)t->records,
                                                    "metric", metric_name(b, t, m, sizeof m), "unanswered",
                                                    (json_int_t)t->unanswered, "micro", pct(t->correct, t->records), "macro",
                                                    macro(t), "by_category", cats));
    }
    return out;
}

static int write_json(const options *o, safe_file s) {
    json_t *all = o->nruns == 1 ? run_json(&o->runs[0]) : json_object();
    for (int r = 0; o->nruns > 1 && r < o->nruns; r++) json_object_set_new(all, o->runs[r].name, run_json(&o->runs[r]));
    int rc = json_dumpf(all, s.f, JSON_INDENT(1) | JSON_REAL_PRECISION(8)) < 0 || fputc('\n', s.f) == EOF;
    json_decref(all);
    if (rc || safe_commit(&s) < 0) {
        if (rc) safe_abort(&s);
        cli_error("--json %s: write failed", o->json_path);
        return -1;
    }
    return 0;
}

/* A bar chart of every benchmark's score, a bar per run, through gnuplot (data inline). */
static int write_plot(const options *o, safe_file s) {
    FILE *g = popen("gnuplot", "w");
    if (!g) { safe_abort(&s); cli_error("--plot: cannot run gnuplot"); return -1; }
    fprintf(g, "set terminal pngcairo size 1400,520 font ',10'\nset output '");
    for (const char *p = s.tmp ? s.tmp : s.path; *p; p++) fputs(*p == '\'' ? "''" : (char[]){*p, 0}, g);   /* '' quotes ' */
    fprintf(g, "'\n");
    fprintf(g, "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.8 border -1\n"
               "set yrange [0:100]\nset ylabel 'score (%%)'\nset grid ytics\nset xtics rotate by -30\nset key top right\n"
               "$d << EOD\nbenchmark");
    for (int r = 0; r < o->nruns; r++) fprintf(g, " \"%s\"", o->runs[r].name);
    fputc('\n', g);
    for (int i = 0; i < benchmark_count(); i++) {
        int any = 0;
        for (int r = 0; r < o->nruns; r++) any |= o->runs[r].b[i].records > 0;
        if (!any) continue;
        fprintf(g, "\"%s\"", benchmark_at(i)->name);
        for (int r = 0; r < o->nruns; r++)
            fprintf(g, " %.3f", o->runs[r].b[i].records ? score(benchmark_at(i), &o->runs[r].b[i]) : 0.0);
        fputc('\n', g);
    }
    fprintf(g, "EOD\nplot for [c=2:%d] $d using c:xtic(1) title columnheader\n", o->nruns + 1);
    int rc = pclose(g);
    fflush(s.f);
    if (rc != 0 || safe_commit(&s) < 0) {
        if (rc) safe_abort(&s);
        cli_error("--plot %s: gnuplot failed (is gnuplot installed?)", o->plot_path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    options o = {0};
    const cli_option own[] = {
        {"run", 0, CLI_STRING, &o.run_name, "NAME", "the row name for every record (else each record's `run`, else \"ours\")", 0, 0},
        {"json", 0, CLI_STRING, &o.json_path, "FILE", "write the scores, counts and categories as JSON", 0, 0},
        {"plot", 0, CLI_STRING, &o.plot_path, "FILE.png", "write a bar chart of the scores (gnuplot)", 0, 0},
        {0},
    };
    const cli_program prog = {
        .name = "eval-score",
        .synopsis = "Prints the paper's result tables from verified benchmark responses.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "eval-prompt math500.jsonl | rollout --model M -n 1 --temperature 0 | gen-verify | eval-score --json scores.json",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    safe_file json = {0}, plot = {0};   /* opened first: an output that is also an input is refused before reading */
    if ((o.json_path && cli_open_output(&json, "--json", o.json_path, common.files, common.nfiles) < 0) ||
        (o.plot_path && cli_open_output(&plot, "--plot", o.plot_path, common.files, common.nfiles) < 0)) {
        if (json.f) safe_abort(&json);
        free(common.files);
        return EXIT_USAGE;
    }
    static const char *const reads[] = {"benchmark", "verdict", "run", "unanswered", "id", "category", NULL};
    stage st = {.in_order = count_record, .ctx = &o, .unchanged = 1, .consume = 1, .reads = reads, .in_words = "records in",
                .out_words = "scored"};
    tally t = {0};
    int status = stage_run(&st, &common, &t);
    if (o.oom) cli_error("out of memory"), status = EXIT_USAGE;
    if (status != EXIT_USAGE) {
        if (!o.nruns) cli_error("no verified benchmark records: no table");
        for (int table = 1; table <= 2; table++)
            if (table_present(&o, table)) print_table(&o, table, stdout);
        if (o.nruns) print_unanswered(&o, stdout);
        if (fflush(stdout) == EOF || ferror(stdout)) cli_error("stdout: write failed"), status = EXIT_USAGE;
        if (json.f && o.nruns) status = write_json(&o, json) < 0 ? EXIT_USAGE : status, json.f = NULL;
        if (plot.f && o.nruns) status = write_plot(&o, plot) < 0 ? EXIT_USAGE : status, plot.f = NULL;
    }
    if (json.f) safe_abort(&json);   /* nothing to score, or the input failed: no file */
    if (plot.f) safe_abort(&plot);
    for (int r = 0; r < o.nruns; r++) {
        for (int i = 0; i < benchmark_count(); i++) {
            json_decref(o.runs[r].b[i].ids);
            for (int c = 0; c < o.runs[r].b[i].ncats; c++) free(o.runs[r].b[i].cats[c].name);
            free(o.runs[r].b[i].cats);
        }
        free(o.runs[r].b), free(o.runs[r].name);
    }
    free(o.runs), free(common.files);
    return status;
}
