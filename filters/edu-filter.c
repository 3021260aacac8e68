/* edu-filter -- keeps the educational pages of a crawl: the cheap recall step before llm-extract.
 *
 * A record with a `text` (warc-extract --pages) is scored by a linear model over hashed word
 * n-grams (lib/filter/edu.h): `edu_score` is added, and the page is kept when the score reaches
 * --threshold, else rejected as not_educational.  Records without a text (QA pairs found in
 * markup) pass as they are.  With --train, no filtering: a model is trained on labelled records
 * ({"text": ..., "label": 1 or 0}) and saved; --test reports how it does on others. */
#include "core/cli.h"
#include "core/jsonl.h"
#include "core/stage.h"
#include "filter/edu.h"
#include "filter/minhash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Classify: edu-filter --model M [--threshold X] [FILE...]; a record whose text is not a string\n"
    "is rejected as no_text when it has no question either.\n"
    "Train: edu-filter --train LABELLED.jsonl --save M [--test HELDOUT.jsonl] [--bits N --iters N\n"
    "--l2 X --ngrams N]: prints {\"train\": {...}, \"test\": {...}} with examples, accuracy, precision and recall\n"
    "at the model's threshold; the same data give the same model, byte for byte.  The threshold is\n"
    "calibrated by training 5 times, each without one fifth of the kinds of source (the `source` field\n"
    "up to its second ':'), on how the held-out pages score.\n";

typedef struct {
    const char *model_path, *train_path, *test_path, *save_path;
    double threshold, l2;
    long bits, iters, ngrams;
    edu_model m;
} options;

static double round4(double x) { return (double)(long)(x * 1e4 + 0.5) / 1e4; }

static const char *classify(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch, (void)detail;
    const options *o = ctx;
    json_t *text = json_object_get(rec, "text");
    if (!json_is_string(text)) return json_object_get(rec, "question") ? NULL : "no_text";
    double p = edu_score(&o->m, json_string_value(text), json_string_length(text));
    json_object_set_new(rec, "edu_score", json_real(round4(p)));
    return p >= o->threshold ? NULL : "not_educational";
}

/* ---- training ----------------------------------------------------------------------------- */

typedef struct { edu_example *ex; json_t **recs; int n, cap; } labelled;

static void labelled_free(labelled *l) {
    for (int i = 0; i < l->n; i++) json_decref(l->recs[i]);
    free(l->ex), free(l->recs);
}

/* Pages held out together when the threshold is calibrated: those of one kind of source, the
 * `source` field up to its second ':' ("written:quiz", "crawl:https"); without one, each page alone. */
static unsigned source_group(json_t *rec, int index) {
    json_t *s = json_object_get(rec, "source");
    if (!json_is_string(s)) return (unsigned)index * 2654435761u;
    const char *v = json_string_value(s), *c = strchr(v, ':');
    c = c ? strchr(c + 1, ':') : NULL;
    return (unsigned)minhash_hash64(v, c ? (size_t)(c - v) : strlen(v), 7);
}

/* Every line must be {"text": string, "label": 0|1|false|true}: training data with holes is an
 * error, named by file and line, not something to skip. */
static int read_labelled(const char *path, labelled *l) {
    char err[300];
    jl_reader *r = jl_open(path, err, sizeof err);
    if (!r) { cli_error("%s: %s", path, err); return -1; }
    json_t *rec;
    jl_status st;
    int bad = 0;
    while (!bad && (st = jl_next(r, &rec)) != JL_END) {
        if (st == JL_IO_ERROR) { cli_error("%s: %s", path, jl_error(r)); bad = 1; break; }
        if (st == JL_MALFORMED) { cli_error("%s:%ld: %s", path, jl_line(r), jl_error(r)); bad = 1; break; }
        json_t *t = json_object_get(rec, "text"), *y = json_object_get(rec, "label");
        int label = json_is_boolean(y) ? json_is_true(y) : json_is_integer(y) ? (int)json_integer_value(y) : -1;
        if (!json_is_string(t) || (label != 0 && label != 1)) {
            cli_error("%s:%ld: want {\"text\": string, \"label\": 0 or 1}", path, jl_line(r));
            json_decref(rec);
            bad = 1;
            break;
        }
        if (l->n == l->cap) {
            int cap = l->cap ? l->cap * 2 : 256;
            edu_example *ex = realloc(l->ex, (size_t)cap * sizeof *ex);
            if (ex) l->ex = ex;
            json_t **recs = realloc(l->recs, (size_t)cap * sizeof *recs);
            if (recs) l->recs = recs;
            if (!ex || !recs) { cli_error("%s: out of memory", path); json_decref(rec); bad = 1; break; }
            l->cap = cap;
        }
        l->recs[l->n] = rec;
        l->ex[l->n] = (edu_example){json_string_value(t), json_string_length(t), label, source_group(rec, l->n)};
        l->n++;
    }
    jl_close(r);
    if (!bad && !l->n) { cli_error("%s: no examples", path); bad = 1; }
    return bad ? -1 : 0;
}

static json_t *measure(const options *o, const labelled *l) {
    long tp = 0, fp = 0, fn = 0, right = 0;
    for (int i = 0; i < l->n; i++) {
        int said = edu_score(&o->m, l->ex[i].text, l->ex[i].len) >= o->threshold, y = l->ex[i].label;
        right += said == y, tp += said && y, fp += said && !y, fn += !said && y;
    }
    return json_pack("{s:i,s:f,s:f,s:f,s:f}", "examples", l->n, "threshold", round4(o->threshold), "accuracy", round4((double)right / l->n),
                     "precision", round4(tp + fp ? (double)tp / (double)(tp + fp) : 1.0), "recall", round4(tp + fn ? (double)tp / (double)(tp + fn) : 1.0));
}

static int train(options *o, const cli_common *common) {
    if (!o->save_path) { cli_error("--train needs --save FILE: where the model goes"); return EXIT_USAGE; }
    labelled tr = {0}, te = {0};
    safe_file out = {0};
    int status = EXIT_USAGE;
    char *inputs[] = {(char *)o->train_path, (char *)(o->test_path ? o->test_path : o->train_path)};
    if (read_labelled(o->train_path, &tr) || (o->test_path && read_labelled(o->test_path, &te))) goto done;
    o->m.bits = (int)o->bits, o->m.ngrams = (int)o->ngrams;
    if (edu_train(&o->m, tr.ex, tr.n, (int)o->iters, o->l2) || edu_calibrate(&o->m, tr.ex, tr.n, 5, (int)o->iters, o->l2)) {
        cli_error("out of memory");
        goto done;
    }
    if (o->threshold < 0) o->threshold = o->m.threshold;
    else o->m.threshold = (float)o->threshold;   /* a threshold given is the model's */
    if (cli_open_output(&out, "--save", o->save_path, inputs, 2)) goto done;
    if (edu_save(&o->m, out.f) || safe_commit(&out)) {
        cli_error("--save %s: write failed; nothing written there", o->save_path);
        goto done;
    }
    json_t *report = json_pack("{s:o}", "train", measure(o, &tr));
    if (te.n) json_object_set_new(report, "test", measure(o, &te));
    jl_write(stdout, report);
    if (!common->quiet) cli_error("trained on %d pages (%s), saved %s", tr.n, o->test_path ? "tested on --test" : "no --test", o->save_path);
    json_decref(report);
    status = fflush(stdout) ? EXIT_USAGE : EXIT_DONE;
done:
    if (out.f) safe_abort(&out);
    labelled_free(&tr), labelled_free(&te);
    return status;
}

int main(int argc, char **argv) {
    options o = {.threshold = -1, .l2 = 1e-3, .ngrams = 1, .bits = 18, .iters = 300};
    const cli_option own[] = {
        {"model", 0, CLI_STRING, &o.model_path, "FILE", "the model (edu-filter --train ... --save FILE)", 0, 0},
        {"threshold", 0, CLI_DOUBLE, &o.threshold, "X", "keep pages scoring at least X (the model's, calibrated when trained)", 0, 1},
        {"train", 0, CLI_STRING, &o.train_path, "FILE", "train on labelled records instead of filtering", 0, 0},
        {"test", 0, CLI_STRING, &o.test_path, "FILE", "--train: also measure on these labelled records", 0, 0},
        {"save", 0, CLI_STRING, &o.save_path, "FILE", "--train: write the model here", 0, 0},
        {"bits", 0, CLI_INT, &o.bits, "N", "--train: 2^N hashed features (18)", 8, 26},
        {"ngrams", 0, CLI_INT, &o.ngrams, "N", "--train: 1 words, 2 words and word pairs (1)", 1, 2},
        {"iters", 0, CLI_INT, &o.iters, "N", "--train: gradient steps (300)", 1, 100000},
        {"l2", 0, CLI_DOUBLE, &o.l2, "X", "--train: the penalty on squared weights, per page (1e-3)", 0, 100},
        {0},
    };
    const cli_program prog = {
        .name = "edu-filter",
        .synopsis = "Keeps the educational pages (exercises, quizzes, worked problems) of warc-extract --pages.",
        .usage = "--model FILE [options] [FILE...]  |  --train FILE --save FILE [--test FILE]",
        .details = details,
        .example = "warc-extract --pages crawl/*.warc.gz | edu-filter --model edu.model | llm-extract --model qwen",
        .options = own,
    };
    cli_common common;
    cli_result r = cli_parse(&prog, &common, argc, argv);
    if (r != CLI_RUN) return r == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    int status;
    if (o.train_path) status = train(&o, &common);
    else if (!o.model_path) { cli_error("give --model FILE (or --train to make one)"); status = EXIT_USAGE; }
    else {
        char err[300];
        if (edu_load(&o.m, o.model_path, err, sizeof err)) {
            cli_error("--model %s: %s", o.model_path, err);
            status = EXIT_USAGE;
        } else {
            if (o.threshold < 0) o.threshold = o.m.threshold;
            stage st = {.each = classify, .ctx = &o, .in_words = "records in", .out_words = "kept"};
            tally t = {0};
            status = stage_run(&st, &common, &t);
        }
    }
    edu_free(&o.m);
    free(common.files);
    return status;
}
