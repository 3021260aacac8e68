/* verifier-sft -- a teacher's verdicts on (question, truth, answer) into SFT records for a verifier.
 *
 * Reads records with question, answer (the truth), the student's answer (extracted, as gen-verify
 * writes it, else taken from response) and the teacher's text (verifier_output: what
 * `gen-verify --model TEACHER --mode model` writes).  Each becomes {prompt, response}: the paper's
 * verifier prompt and the teacher's comparison cut after its "Final Decision: Yes|No", ready for
 * sft-step.  A teacher that never decides, or that contradicts a rule that decided, is rejected with
 * the reason (--keep-disagreements keeps the latter, marked); what is kept is balanced so that each
 * answer type has as many Yes as No, the surplus rejected as `unbalanced`.  --teacher rules writes
 * the comparison from the rule verifier itself (a student that learns the format and the rules). */
#include "answer/answer.h"
#include "answer/verify.h"
#include "core/buf.h"
#include "core/cli.h"
#include "core/stage.h"
#include "text/chat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Output, one record per kept input: id, source, answer_type, question, answer, extracted, prompt\n"
    "(General-Reasoner's verifier prompt, \"None\" for a missing student answer as in the paper), response\n"
    "(the teacher's text up to and including its first \"Final Decision: Yes\" or \"Final Decision: No\"),\n"
    "verdict (the teacher's), rule_verdict (the rules': true, false or null) and teacher.\n"
    "Rejected, with a reason: missing_question, missing_answer, missing_response (no extracted and no\n"
    "response), no_teacher_output, no_decision (the teacher never wrote a Final Decision), rule_undecided\n"
    "(--teacher rules, where no rule decides), teacher_disagrees (the teacher's verdict against a rule's),\n"
    "unbalanced (more of one verdict than the other for that answer type: the surplus, chosen by a hash\n"
    "of the prompt so reruns agree; --no-balance keeps it).  The answer type is the record's\n"
    "answer_type, else answer-typer's type of the truth.\n";

typedef struct {
    const char *teacher;
    int keep_disagreements, no_balance;
    json_t **kept;   /* held for balancing, in input order */
    int n, cap;
} options;

static const char decision[] = "Final Decision: ";

/* The end of the teacher's first "Final Decision: Yes|No" and its verdict; NULL when none. */
static const char *first_decision(const char *text, int *yes) {
    for (const char *p = strstr(text, decision); p; p = strstr(p + 1, decision)) {
        const char *w = p + sizeof decision - 1;
        if (!strncmp(w, "Yes", 3)) return *yes = 1, w + 3;
        if (!strncmp(w, "No", 2)) return *yes = 0, w + 2;
    }
    return NULL;
}

/* The rules' comparison written out as a teacher's would be. */
static void rule_target(const char *truth, const char *student, const verify_result *r, buf *out) {
    buf_puts(out, "The ground truth is ");
    buf_puts(out, truth);
    buf_puts(out, ". The student's answer is ");
    buf_puts(out, student ? student : "None");
    buf_puts(out, ".\nCompared by the ");
    buf_puts(out, r->rule);
    buf_puts(out, " rule: ");
    buf_puts(out, r->detail);
    buf_puts(out, ".\n");
    buf_puts(out, decision);
    buf_puts(out, r->v == VERDICT_TRUE ? "Yes" : "No");
}

static const char *make_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch;
    options *o = ctx;
    json_t *q = json_object_get(rec, "question"), *a = json_object_get(rec, "answer");
    json_t *x = json_object_get(rec, "extracted"), *resp = json_object_get(rec, "response");
    if (!json_is_string(q)) return "missing_question";
    if (!json_is_string(a)) return "missing_answer";
    json_t *said = json_object_get(rec, "verifier_output");
    int by_rules = !strcmp(o->teacher, "rules");
    if (!by_rules && !json_is_string(said)) return "no_teacher_output";   /* before any work */
    verify_options vo = {.rtol = VERIFY_RTOL, .choices = json_object_get(rec, "choices")};
    verify_result r;
    const char *truth = json_string_value(a);
    if (x && (json_is_string(x) || json_is_null(x)))
        verify_extracted(&vo, truth, json_string_length(a), json_string_value(x), &r);
    else if (json_is_string(resp))
        verify_answer(&vo, truth, json_string_length(a), json_string_value(resp), json_string_length(resp), &r);
    else return "missing_response";
    const char *student = r.extracted;
    buf target;
    buf_init(&target);
    int yes = 0;
    const char *why = NULL;
    if (by_rules) {
        if (r.v == VERDICT_UNDECIDED) why = "rule_undecided";
        else rule_target(truth, student, &r, &target), yes = r.v == VERDICT_TRUE;
    } else {
        const char *end = first_decision(json_string_value(said), &yes);
        if (!end) why = "no_decision", *detail = "the teacher's text has no \"Final Decision: Yes\" or \"Final Decision: No\"";
        else buf_append(&target, json_string_value(said), (size_t)(end - json_string_value(said)));
        if (!why && r.v != VERDICT_UNDECIDED && (r.v == VERDICT_TRUE) != yes && !o->keep_disagreements) {
            why = "teacher_disagrees";
            *detail = yes ? "the teacher says Yes where a rule says false" : "the teacher says No where a rule says true";
        }
    }
    if (!why) {
        buf prompt;
        buf_init(&prompt);
        chat_verifier_prompt(json_string_value(q), truth, student, &prompt);
        const char *type = json_string_value(json_object_get(rec, "answer_type"));
        json_t *canonical = type ? NULL : answer_type(truth, json_string_length(a), &type);
        json_t *out = json_object();
        json_t *id = json_object_get(rec, "id"), *src = json_object_get(rec, "source");
        if (id) json_object_set(out, "id", id);
        if (src) json_object_set(out, "source", src);
        json_object_set_new(out, "answer_type", json_string(type ? type : "string"));
        json_object_set(out, "question", q);
        json_object_set(out, "answer", a);
        json_object_set_new(out, "extracted", student ? json_string(student) : json_null());
        json_object_set_new(out, "prompt", json_stringn(prompt.data ? prompt.data : "", prompt.len));
        json_object_set_new(out, "response", json_stringn(target.data ? target.data : "", target.len));
        json_object_set_new(out, "verdict", json_boolean(yes));
        json_object_set_new(out, "rule_verdict", r.v == VERDICT_UNDECIDED ? json_null() : json_boolean(r.v == VERDICT_TRUE));
        json_object_set_new(out, "teacher", json_string(by_rules ? "rules" : "model"));
        if (prompt.oom || target.oom) why = "out_of_memory";
        /* the record becomes its SFT form: what it was is left in the input */
        json_object_clear(rec);
        json_object_update(rec, out);
        json_decref(out), json_decref(canonical);
        buf_free(&prompt);
    }
    buf_free(&target);
    verify_result_free(&r);
    return why;
}

/* in_order: held until every record is in, for the balance. */
static const char *hold(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch, (void)detail;
    options *o = ctx;
    if (o->n == o->cap) {
        json_t **more = realloc(o->kept, (size_t)(o->cap ? 2 * o->cap : 1024) * sizeof *more);
        if (!more) return "out_of_memory";
        o->kept = more, o->cap = o->cap ? 2 * o->cap : 1024;
    }
    o->kept[o->n++] = json_incref(rec);
    return NULL;
}

static uint64_t fnv1a(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

typedef struct { uint64_t hash; int index; } ranked;

static int by_rank(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->index - y->index;
}

static const char *type_of(json_t *rec) { return json_string_value(json_object_get(rec, "answer_type")); }
static int said_yes(json_t *rec) { return json_is_true(json_object_get(rec, "verdict")); }

/* Marks drop[i] for the surplus verdict of each answer type: the records of the larger side with
 * the largest prompt hashes, so that which ones go does not depend on the input's order. */
static int choose_surplus(const options *o, char *drop) {
    ranked *side = malloc((size_t)(o->n ? o->n : 1) * sizeof *side);
    char *seen = calloc((size_t)(o->n ? o->n : 1), 1);
    if (!side || !seen) return free(side), free(seen), -1;
    for (int i = 0; i < o->n; i++) {
        if (seen[i]) continue;
        const char *type = type_of(o->kept[i]);
        int yes = 0, no = 0;
        for (int j = i; j < o->n; j++)
            if (!strcmp(type_of(o->kept[j]), type)) seen[j] = 1, said_yes(o->kept[j]) ? yes++ : no++;
        int more = yes > no, k = 0, keep = yes < no ? yes : no;
        for (int j = i; j < o->n; j++)
            if (!strcmp(type_of(o->kept[j]), type) && said_yes(o->kept[j]) == more)
                side[k++] = (ranked){fnv1a(json_string_value(json_object_get(o->kept[j], "prompt"))), j};
        qsort(side, (size_t)k, sizeof *side, by_rank);
        for (int m = keep; m < k; m++) drop[side[m].index] = 1;
    }
    free(side), free(seen);
    return 0;
}

static void finish(void *ctx, stage_sink *sink) {
    options *o = ctx;
    char *drop = calloc((size_t)(o->n ? o->n : 1), 1);
    int failed = !drop || (!o->no_balance && choose_surplus(o, drop) < 0);
    if (failed) cli_error("out of memory balancing %d records", o->n);
    for (int i = 0; i < o->n; i++) {
        json_t *rec = o->kept[i];
        stage_emit(sink, rec, failed ? "out_of_memory" : drop[i] ? "unbalanced" : NULL,
                   !failed && drop[i] ? "the other verdict has fewer records of this answer type" : NULL);
        json_decref(rec);
    }
    free(drop), free(o->kept);
    o->kept = NULL, o->n = 0;
}

int main(int argc, char **argv) {
    options o = {.teacher = "model"};
    const cli_option own[] = {
        {"teacher", 0, CLI_CHOICE, &o.teacher, "model|rules", "whose comparison is the target: verifier_output's (model, the default) or the rule verifier's", 0, 0},
        {"keep-disagreements", 0, CLI_FLAG, &o.keep_disagreements, NULL, "keep a teacher verdict that contradicts a rule's (rule_verdict says so)", 0, 0},
        {"no-balance", 0, CLI_FLAG, &o.no_balance, NULL, "keep every verdict, not as many Yes as No per answer type", 0, 0},
        {0},
    };
    const cli_program prog = {
        .name = "verifier-sft",
        .synopsis = "Turns a teacher's verdicts on (question, truth, student answer) into SFT records for a verifier.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "rollout --model T -n 4 qa.jsonl | gen-verify --model T --mode model | verifier-sft | sft-step --model S --out S1",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    static const char *const reads[] = {"id", "source", "question", "answer", "answer_type", "choices", "extracted", "response",
                                        "verifier_output", NULL};
    stage st = {.each = make_record, .in_order = hold, .finish = finish, .consume = 1, .reads = reads, .ctx = &o,
                .in_words = "records in", .out_words = "out"};
    tally t = {0};
    int status = stage_run(&st, &common, &t);
    for (int i = 0; i < o.n; i++) json_decref(o.kept[i]);
    free(o.kept), free(common.files);
    return status;
}
