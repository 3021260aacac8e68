/* qa-filter -- keeps the question/answer records worth training on; every drop has a reason.
 *
 * Rules, each group switchable with --rules and tunable by its flags:
 *   shape     question length, answer present / not a placeholder / short enough to check,
 *             no proofs or open-ended asks (not verifiable);
 *   question  what a crawl puts in a question field by mistake: menus, footers, spam, links or
 *             images only, mojibake, shuffled words, pasted repeats, copied answers (question.h);
 *   gopher    Gopher quality rules on the question's prose (math spans set aside), as datatrove:
 *             made for web documents, so off unless named;
 *   lang      the question's letters are mostly Latin script (--lang en) or anything (--lang any);
 *   decontam  no 13-gram of normalized words shared with a benchmark (--decontaminate FILE...);
 *   exact     no earlier record with the same normalized question;
 *   near      no earlier record whose question is a MinHash-LSH near duplicate.
 * The first failing rule names the reject_reason.  Records are checked in parallel; duplicates
 * are decided in input order, so the first occurrence is the one kept. */
#include "answer/final.h"
#include "core/cli.h"
#include "filter/decontam.h"
#include "filter/minhash.h"
#include "filter/quality.h"
#include "filter/question.h"
#include "core/stage.h"

#include <ctype.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char details[] =
    "Rule groups (--rules, comma-separated): shape, question, gopher, lang, decontam, exact, near;\n"
    "default = all but gopher, all = every group.  The question rules are made for questions and\n"
    "keep >= 99.5% of every real benchmark set (MATH-500, TheoremQA, GSM8K, MMLU-Pro, GPQA,\n"
    "OlympiadBench, Minerva, AIME, AMC, BBEH), where Gopher's web-document rules drop up to 27%.\n"
    "Shape defaults fit those sets too: 2 words (\"Simplify $\\sqrt{242}$.\") to 64 KiB (BBEH's\n"
    "longest is 32 KB).  Gopher's values are datatrove's GopherQualityFilter's except: no word-count\n"
    "bounds (shape has its own), no stop-word minimum, and half the words with a letter instead of\n"
    "80%; with gopher, GopherRepetitionFilter's rules too, except that a top n-gram must occur twice.\n"
    "Near-dup: word 5-gram shingles, 14 bands x 8 rows (Jaccard ~0.72 at 50% detection), first\n"
    "occurrence kept; the index takes 74-91 bytes per kept record (10M records: under 1 GB).\n"
    "Sharded crawls: run each shard with --signatures-out shard.sig, then run shard k again with\n"
    "--dedup-against shard0.sig,...,shard(k-1).sig; no shared memory needed.\n"
    "Reasons: missing_question, missing_answer, question_too_short, question_too_long, answer_empty,\n"
    "answer_placeholder, answer_too_long, not_verifiable, proof_question, answer_not_short and\n"
    "multi_part (--verifiable), question_empty, question_only_link,\n"
    "question_only_image, not_a_question, spam, boilerplate, garbled_text, broken_latex,\n"
    "repeated_text, word_salad, answer_copied, gopher_*, dup_line_frac, dup_para_frac,\n"
    "dup_line_char_frac, dup_para_char_frac, top_N_gram, duplicated_N_n_grams, wrong_language,\n"
    "contaminated:BENCHMARK, duplicate, near_duplicate.\n";

enum { R_SHAPE = 1, R_GOPHER = 2, R_LANG = 4, R_DECONTAM = 8, R_EXACT = 16, R_NEAR = 32, R_QUESTION = 64, R_ALL = 127 };

typedef struct {
    const char *rules_text, *lang, *gopher_math, *signatures_out, *decontam_index;
    int repetition, no_repetition;   /* gopher also applies GopherRepetitionFilter's rules */
    int verifiable;                  /* shape also wants one short answer to one question */
    long min_q_words, max_q_words, min_q_chars, max_q_chars, max_answer_words, decontam_n;
    double min_latin;
    gopher_params gopher;
    minhash_params mh;
    cli_list decontaminate, dedup_against;
    /* state */
    int rules;
    decontam *bench;
    char **contaminated;             /* "contaminated:NAME" per benchmark */
    fp_set *exact, *near[MINHASH_MAX_BANDS];   /* one set per band */
    FILE *sig;
} filter;

typedef struct { uint64_t exact; uint64_t bands[MINHASH_MAX_BANDS]; int has_words; } keys;

/* ---- shape ------------------------------------------------------------------------------------- */

static int word_count(const char *s) {
    int n = 0, in = 0;
    for (; *s; s++) {
        int space = isspace((unsigned char)*s);
        n += !space && !in;
        in = !space;
    }
    return n;
}

/* An answer made only of words that point somewhere else ("See the full solution below",
 * "Refer to the attached image") says nothing, whatever its wording. */
static int pointer_only(const char *a) {
    static const char *const pointing[] = {"see", "refer", "to", "the", "an", "attached", "image", "figure",
                                           "picture", "solution", "solutions", "explanation", "below", "above",
                                           "step", "by", "answer", "check", "in", "detail", "details", "full",
                                           "work", "shown", "given", "as", "per", "file", "video", "link", "here",
                                           "please", "complete", "worked", "steps", "following", "attachment",
                                           "explained", "answered", "is", "given", "description", NULL};
    static const char *const pointer[] = {"solution", "solutions", "explanation", "attached", "attachment", "below",
                                          "above", "image", "figure", "picture", "file", "video", "link", "here",
                                          "steps", "details", NULL};   /* where it points: "to see" is an answer */
    int words = 0, points = 0;
    for (const char *p = a; *p;) {
        while (*p && !isalnum((unsigned char)*p)) p++;
        const char *w = p;
        while (isalnum((unsigned char)*p)) p++;
        if (p == w) break;
        int known = 0;
        for (int i = 0; pointing[i] && !known; i++)
            known = strlen(pointing[i]) == (size_t)(p - w) && !strncasecmp(w, pointing[i], (size_t)(p - w));
        if (!known) return 0;
        for (int i = 0; pointer[i] && !points; i++)
            points = strlen(pointer[i]) == (size_t)(p - w) && !strncasecmp(w, pointer[i], (size_t)(p - w));
        words++;
    }
    return words > 0 && points;   /* "A" or "in" alone is an answer; "see below" points */
}

static int is_placeholder(const char *a) {
    static const char *const words[] = {"see above", "see below", "see explanation", "see the explanation",
                                        "see solution", "see the solution", "explanation", "n/a", "na", "none",
                                        "null", "answer", "-", "?", "...", "tbd", "see image", "see attached",
                                        "see the attached", "refer to the image", "check the explanation",
                                        "see the explanation below", "see step-by-step explanation", NULL};
    char norm[64];
    size_t k = 0;
    for (const char *p = a; *p && k < sizeof norm - 1; p++)
        if (!(k == 0 && isspace((unsigned char)*p))) norm[k++] = (char)tolower((unsigned char)*p);
    while (k && (isspace((unsigned char)norm[k - 1]) || norm[k - 1] == '.' || norm[k - 1] == ':')) k--;
    norm[k] = 0;
    for (int i = 0; words[i]; i++) if (!strcmp(norm, words[i])) return 1;
    return !k || pointer_only(a);   /* "...", or "See the solution below" */
}

/* Whether one of the phrases starts a sentence: at the text's start, or after a sentence's end,
 * a colon, a line break or a label's ")" (then blanks) -- "Prove that" there asks for a proof,
 * while "or show that no such n exists" and "the term used to describe" inside a sentence do not.
 * One pass, comparing only at those places. */
static int asks_at_sentence_start(const char *q, const char *const *asks) {
    int start = 1;
    for (const char *p = q; *p; p++) {
        if (*p == ' ' || *p == '\t') continue;
        if (start) {
            int c = tolower((unsigned char)p[0]), c2 = p[1] ? tolower((unsigned char)p[1]) : 0;
            for (int i = 0; asks[i]; i++)
                if (asks[i][0] == c && asks[i][1] == c2 && !strncasecmp(p, asks[i], strlen(asks[i]))) return 1;
        }
        switch (*p) {   /* a strchr call per byte here was a fifth of qa-filter's time */
        case '.': case '?': case '!': case ':': case ';': case '\n': case ')': start = 1; break;
        default: start = 0;
        }
    }
    return 0;
}

/* Asks for a proof or an opinion, and for nothing a short answer could settle: "Prove that
 * there are finitely many. Find the largest." is verifiable by its second sentence, as are
 * "Determine all n. Explain how you got your answer." and the olympiad problems written so. */
static const char *open_ended(const char *q) {
    static const char *const proofs[] = {"prove that", "prove the", "show that", "derive the", NULL};
    static const char *const asks[] = {"explain why", "explain how", "explain what", "discuss ", "describe ",
                                       "justify ", "compare and contrast", "in your own words", "what do you think",
                                       "write an essay", "critically evaluate", NULL};
    static const char *const definite[] = {"find ", "determine ", "compute ", "calculate ", "evaluate ", "solve ",
                                           "what is", "what are", "which ", "how many", "how much", "simplify ",
                                           "express ", "give the", NULL};
    int proof = asks_at_sentence_start(q, proofs);
    if (!proof && !asks_at_sentence_start(q, asks)) return NULL;
    if (asks_at_sentence_start(q, definite) || question_has_options(q)) return NULL;
    return proof ? "proof_question" : "not_verifiable";
}

/* Sub-questions labelled "(a) ... (b)", "(i) ... (ii)", "a) ... b)" on lines of their own: several
 * answers, where a record holds one.  Options are not parts. */
static int multi_part(const char *q) {
    static const char *const first[] = {"(a)", "(i)", "\na)", "\na.", "part a", "part 1", NULL},
                             *const second[] = {"(b)", "(ii)", "\nb)", "\nb.", "part b", "part 2", NULL};
    if (question_has_options(q)) return 0;
    for (int i = 0; first[i]; i++) {
        const char *a = strcasestr(q, first[i]);
        if (a && strcasestr(a, second[i])) return 1;
    }
    return 0;
}

/* A worked solution whose result answer-typer will take as the answer (answer_short_form). */
static int has_short_form(const char *a) {
    char *s = answer_short_form(a, strlen(a));
    free(s);
    return s != NULL;
}

static int structured_answer(json_t *rec) {
    const char *t = json_string_value(json_object_get(rec, "answer_type"));
    return t && (!strcmp(t, "list") || !strcmp(t, "matrix") || !strcmp(t, "tuple") || !strcmp(t, "set"));
}

static const char *shape(const filter *f, json_t *rec, const char *q, size_t qc, const char *a) {
    int qw = word_count(q);
    if (qw < f->min_q_words || (long)qc < f->min_q_chars) return "question_too_short";
    if ((f->max_q_words && qw > f->max_q_words) || (f->max_q_chars && (long)qc > f->max_q_chars)) return "question_too_long";
    int aw = word_count(a);
    if (!aw) return "answer_empty";
    if (is_placeholder(a)) return "answer_placeholder";
    int long_answer = aw > 10 || strchr(a, '\n'), worked = f->verifiable && long_answer && has_short_form(a);
    if (f->max_answer_words && aw > f->max_answer_words && !structured_answer(rec) && !worked) return "answer_too_long";
    const char *open = open_ended(q);
    if (open) return open;
    if (!f->verifiable) return NULL;   /* --verifiable: one short answer to one question */
    if (multi_part(q)) return "multi_part";
    return long_answer && !worked ? "answer_not_short" : NULL;
}

/* ---- the stage ------------------------------------------------------------------------------------ */

static const char *check_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    filter *f = ctx;
    keys *k = scratch;
    json_t *qv = json_object_get(rec, "question"), *av = json_object_get(rec, "answer");
    if (!json_is_string(qv)) { *detail = qv ? "question is not a string" : NULL; return "missing_question"; }
    if (!av || json_is_null(av)) return "missing_answer";
    const char *q = json_string_value(qv);
    size_t qn = json_string_length(qv);
    char *answer_text = json_is_string(av) ? NULL : json_dumps(av, JSON_ENCODE_ANY);
    const char *a = answer_text ? answer_text : json_string_value(av);
    const char *why = f->rules & R_SHAPE ? shape(f, rec, q, qn, a ? a : "") : NULL;
    if (why) { free(answer_text); return why; }
    if ((f->rules & R_QUESTION) && (why = question_check(q, qn, a ? a : "", a ? strlen(a) : 0))) {
        free(answer_text);
        return why;
    }
    free(answer_text);
    if (f->rules & R_GOPHER) {
        int strip = strcmp(f->gopher_math, "keep");
        char *prose = strip ? quality_without_math(q, qn) : NULL;
        const char *text = prose ? prose : q;
        size_t tn = prose ? strlen(prose) : qn;
        why = quality_check(&f->gopher, f->repetition, text, tn);
        free(prose);
        if (why) return why;
    }
    if ((f->rules & R_LANG) && strcmp(f->lang, "any") && quality_latin_ratio(q, qn) < f->min_latin) return "wrong_language";
    if (f->rules & R_DECONTAM && f->bench) {
        int b = decontam_check(f->bench, q, qn);
        if (b >= 0) return f->contaminated[b];
    }
    k->has_words = 0;
    if (f->rules & (R_EXACT | R_NEAR)) {
        k->has_words = minhash_band_keys(&f->mh, q, qn, k->bands, &k->exact);
        if (!(f->rules & R_NEAR)) k->has_words = 0;
    }
    return NULL;
}

/* In input order: the first of a set of duplicates is kept and enters the index. */
static const char *dedup_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)rec, (void)detail;
    filter *f = ctx;
    keys *k = scratch;
    if ((f->rules & R_EXACT) && fp_set_contains(f->exact, k->exact)) return "duplicate";
    if (k->has_words)
        for (int b = 0; b < f->mh.bands; b++)
            if (fp_set_contains(f->near[b], k->bands[b])) return "near_duplicate";
    if (f->rules & R_EXACT) fp_set_add(f->exact, k->exact);
    if (k->has_words) {
        for (int b = 0; b < f->mh.bands; b++) fp_set_add(f->near[b], k->bands[b]);
        if (f->sig) minhash_write_keys(f->sig, &f->mh, k->bands);
    }
    return NULL;
}

/* ---- setup ---------------------------------------------------------------------------------------- */

static int parse_rules(const char *text, int *rules) {
    static const struct { const char *name; int bit; } names[] = {
        {"shape", R_SHAPE}, {"gopher", R_GOPHER}, {"lang", R_LANG}, {"decontam", R_DECONTAM},
        {"exact", R_EXACT}, {"near", R_NEAR}, {"question", R_QUESTION}, {"all", R_ALL}, {"none", 0},
        {"default", R_ALL & ~R_GOPHER}};
    *rules = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, ",");
        size_t i = 0;
        for (; i < sizeof names / sizeof names[0]; i++)
            if (n == strlen(names[i].name) && !strncmp(p, names[i].name, n)) break;
        if (i == sizeof names / sizeof names[0]) {
            cli_error("unknown rule group '%.*s' in --rules; try 'qa-filter --help'", (int)n, p);
            return -1;
        }
        *rules |= names[i].bit;
        p += n + (p[n] == ',');
    }
    return 0;
}

/* Writes the index to a unique temporary name beside the file and renames it into place: shards
 * that start together may each build it, and none may see another's half.  Only a regular file
 * (or a new one) will do, since readers map it. */
static int save_index(filter *f, const cli_common *common) {
    const char *path = f->decontam_index;
    char *target = NULL, *tmp = NULL;
    if (output_is_input(path, common->files, common->nfiles) || output_is_input(path, f->decontaminate.items, f->decontaminate.n)) {
        cli_error("--decontam-index %s: that file is also an input; writing it would destroy it", path);
        return -1;
    }
    if (output_target(path, &target) != 0) {
        cli_error("--decontam-index %s: not a regular file (the index is mapped, so it must be one)", path);
        free(target);
        return -1;
    }
    int fd = asprintf(&tmp, "%s.XXXXXX", target) < 0 ? -1 : mkstemp(tmp);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
    int ok = out && !fchmod(fd, 0644) && !decontam_save(f->bench, out);
    if (out) ok &= !fclose(out);
    else if (fd >= 0) close(fd);
    ok = ok && !rename(tmp, target);
    if (!ok) {
        cli_error("--decontam-index %s: cannot write: %m; nothing written there", path);
        if (fd >= 0) remove(tmp);
    }
    free(tmp), free(target);
    return ok ? 0 : -1;
}

/* The benchmark index: from --decontam-index when that file was built from exactly these files,
 * else built from them (and saved there for the next process). */
static int load_benchmarks(filter *f, const cli_common *common) {
    if (!f->decontaminate.n) return 0;
    char err[300];
    if (f->decontam_index) {
        f->bench = decontam_load(f->decontam_index, (int)f->decontam_n, f->decontaminate.items, f->decontaminate.n, err, sizeof err);
        if (!f->bench && common->progress) cli_error("--decontam-index %s: %s; building it", f->decontam_index, err);
    }
    int built = !f->bench;
    if (built && !(f->bench = decontam_new((int)f->decontam_n))) return -1;
    if (built) decontam_threads(f->bench, common->threads ? (int)common->threads : omp_get_max_threads());
    if (!(f->contaminated = calloc((size_t)f->decontaminate.n, sizeof *f->contaminated))) return -1;
    for (int i = 0; i < f->decontaminate.n; i++) {
        if (built && decontam_add_file(f->bench, f->decontaminate.items[i], err, sizeof err) < 0) {
            cli_error("--decontaminate %s: %s", f->decontaminate.items[i], err);
            return -1;
        }
        if (asprintf(&f->contaminated[i], "contaminated:%s", decontam_name(f->bench, i)) < 0) return -1;
    }
    return built && f->decontam_index ? save_index(f, common) : 0;
}

static int load_signatures(filter *f) {
    for (int i = 0; i < f->dedup_against.n; i++) {
        char err[300];
        if (minhash_load(f->dedup_against.items[i], &f->mh, f->near, err, sizeof err) < 0) {
            cli_error("--dedup-against %s: %s", f->dedup_against.items[i], err);
            return -1;
        }
    }
    return 0;
}

static int validate(long bands, long rows) {
    if (bands * rows > 1024) { cli_error("--bands x --rows must be at most 1024"); return -1; }
    return 0;
}

static int new_band_sets(filter *f) {
    for (int b = 0; b < f->mh.bands; b++)
        if (!(f->near[b] = fp_set_new())) return -1;
    return 0;
}

static void release(filter *f) {
    for (int i = 0; f->contaminated && i < f->decontaminate.n; i++) free(f->contaminated[i]);
    free(f->contaminated);
    decontam_free(f->bench);
    fp_set_free(f->exact);
    for (int b = 0; b < MINHASH_MAX_BANDS; b++) fp_set_free(f->near[b]);
    cli_list_free(&f->decontaminate);
    cli_list_free(&f->dedup_against);
}

/* Runs the stage with the index and files set up; returns the exit status. */
static int run(filter *f, const cli_common *common) {
    safe_file sig = {0};
    if (f->signatures_out && cli_open_output(&sig, "--signatures-out", f->signatures_out, common->files, common->nfiles))
        return EXIT_USAGE;
    if (sig.f && minhash_write_header(sig.f, &f->mh)) {
        cli_error("--signatures-out %s: write failed", f->signatures_out);
        safe_abort(&sig);
        return EXIT_USAGE;
    }
    f->sig = sig.f;
    static const char *const reads[] = {"question", "answer", "answer_type", NULL};
    stage st = {.each = check_record, .in_order = dedup_record, .ctx = f, .scratch_size = sizeof(keys),
                .unchanged = 1, .reads = reads, .in_words = "records in", .out_words = "kept"};
    tally t = {0};
    int status = stage_run(&st, common, &t);
    if (sig.f && safe_commit(&sig)) { cli_error("--signatures-out %s: write failed; nothing written there", f->signatures_out); status = EXIT_USAGE; }
    size_t kept = fp_set_count(f->near[0]), bytes = 0;
    for (int b = 0; b < f->mh.bands; b++) bytes += fp_set_bytes(f->near[b]);
    if (common->progress && (f->rules & R_NEAR) && kept)   /* a diagnostic: the summary stays the last line */
        cli_error("near-dup index: %zu records, %.1f bytes per record", kept, (double)bytes / (double)kept);
    return status;
}

int main(int argc, char **argv) {
    filter f = {
        .rules_text = "default", .lang = "en", .gopher_math = "strip",
        .min_q_words = 2, .max_q_words = 0, .min_q_chars = 10, .max_q_chars = 65536, .max_answer_words = 30,
        .decontam_n = 13, .min_latin = 0.8,
        .gopher = {0, 0, 3, 10, 0.1, 0.9, 0.3, 0.5, 0},
    };
    long ngram = 5, bands = 14, rows = 8, seed = 1;
    const cli_option own[] = {
        {"rules", 0, CLI_STRING, &f.rules_text, "LIST", "rule groups to apply (default: all but gopher)", 0, 0},
        {"min-question-words", 0, CLI_INT, &f.min_q_words, "N", "shape: at least N words (2)", 0, 1e9},
        {"max-question-words", 0, CLI_INT, &f.max_q_words, "N", "shape: at most N words (0 = off, the default)", 0, 1e9},
        {"min-question-chars", 0, CLI_INT, &f.min_q_chars, "N", "shape: at least N bytes (10)", 0, 1e9},
        {"max-question-chars", 0, CLI_INT, &f.max_q_chars, "N", "shape: at most N bytes (65536; 0 = off)", 0, 1e9},
        {"max-answer-words", 0, CLI_INT, &f.max_answer_words, "N", "shape: answer words unless list/matrix (30; 0 = off)", 0, 1e9},
        {"verifiable", 0, CLI_FLAG, &f.verifiable, NULL, "shape: one short answer (or one answer-typer can pull out) to one question", 0, 0},
        {"min-words", 0, CLI_INT, &f.gopher.min_words, "N", "gopher: min non-symbol words (0 = off; datatrove 50)", 0, 1e9},
        {"max-words", 0, CLI_INT, &f.gopher.max_words, "N", "gopher: max non-symbol words (0 = off; datatrove 100000)", 0, 1e9},
        {"min-avg-word-len", 0, CLI_DOUBLE, &f.gopher.min_avg_word_len, "X", "gopher: min mean word length (3)", 0, 1e9},
        {"max-avg-word-len", 0, CLI_DOUBLE, &f.gopher.max_avg_word_len, "X", "gopher: max mean word length (10)", 0, 1e9},
        {"max-symbol-ratio", 0, CLI_DOUBLE, &f.gopher.max_symbol_ratio, "X", "gopher: max '#' or '...' per word (0.1)", 0, 1e9},
        {"max-bullet-lines", 0, CLI_DOUBLE, &f.gopher.max_bullet_lines, "X", "gopher: max fraction of bullet lines (0.9)", 0, 1},
        {"max-ellipsis-lines", 0, CLI_DOUBLE, &f.gopher.max_ellipsis_lines, "X", "gopher: max fraction of lines ending ... (0.3)", 0, 1},
        {"min-alpha-words", 0, CLI_DOUBLE, &f.gopher.min_alpha_words, "X", "gopher: min fraction of words with a letter (0.5; datatrove 0.8)", 0, 1},
        {"min-stop-words", 0, CLI_INT, &f.gopher.min_stop_words, "N", "gopher: min distinct stop words (0 = off; datatrove 2)", 0, 8},
        {"no-repetition", 0, CLI_FLAG, &f.no_repetition, NULL, "gopher: skip the repeated line/paragraph/n-gram rules", 0, 0},
        {"gopher-math", 0, CLI_CHOICE, &f.gopher_math, "strip|keep", "gopher: judge the prose without math spans (strip)", 0, 0},
        {"lang", 0, CLI_CHOICE, &f.lang, "en|any", "lang: require mostly Latin script (en)", 0, 0},
        {"min-latin", 0, CLI_DOUBLE, &f.min_latin, "X", "lang: min fraction of Latin letters (0.8)", 0, 1},
        {"decontaminate", 0, CLI_LIST, &f.decontaminate, "FILE...", "decontam: benchmark files, JSONL or text (repeat or comma-separate)", 0, 0},
        {"decontam-ngram", 0, CLI_INT, &f.decontam_n, "N", "decontam: words per n-gram (13)", 1, 64},
        {"decontam-index", 0, CLI_STRING, &f.decontam_index, "FILE", "decontam: keep the index here; reuse it while the files are unchanged", 0, 0},
        {"ngram", 0, CLI_INT, &ngram, "N", "near: words per shingle (5)", 1, 64},
        {"bands", 0, CLI_INT, &bands, "N", "near: LSH bands (14)", 1, MINHASH_MAX_BANDS},
        {"rows", 0, CLI_INT, &rows, "N", "near: hashes per band (8)", 1, 64},
        {"seed", 0, CLI_INT, &seed, "N", "near: MinHash seed (1)", 0, 1e15},
        {"signatures-out", 0, CLI_STRING, &f.signatures_out, "FILE", "near: write kept records' band keys here", 0, 0},
        {"dedup-against", 0, CLI_LIST, &f.dedup_against, "FILE...", "near: drop records matching these signature files", 0, 0},
        {0},
    };
    const cli_program prog = {
        .name = "qa-filter",
        .synopsis = "Keeps verifiable, clean, unique, uncontaminated QA records; rejects the rest with a reason.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "warc-extract crawl/*.warc.gz | qa-filter --decontaminate math500.jsonl --rejects drops.jsonl | answer-typer",
        .options = own,
    };
    cli_common common;
    cli_result r = cli_parse(&prog, &common, argc, argv);
    if (r != CLI_RUN) return r == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    f.mh = (minhash_params){(int)ngram, (int)bands, (int)rows, (uint64_t)seed};
    f.repetition = !f.no_repetition;
    int status = EXIT_USAGE;
    if (!validate(bands, rows) && !parse_rules(f.rules_text, &f.rules) && !load_benchmarks(&f, &common) &&
        (f.exact = fp_set_new()) && !new_band_sets(&f) && !load_signatures(&f))
        status = run(&f, &common);
    release(&f);
    free(common.files);
    return status;
}
