/* final: the final answer of a text, as the dataset stage (qa text patterns) and the verifier both
 * take it -- one rule, so a solution and a response with the same boxes answer the same. */
#include "unit.h"
#include "answer/final.h"
#include "qa/text.h"

#include <stdlib.h>

/* The answer qa_from_text finds for a Problem/Solution block whose solution is sol. */
static char *dataset_answer(const char *sol) {
    char text[512];
    snprintf(text, sizeof text, "Problem 1. What is the value of the sum of the two numbers?\nSolution: %s\n", sol);
    qa_list l = {0};
    qa_from_text(text, &l);
    char *a = l.n ? strdup(l.pairs[0].answer) : NULL;
    qa_list_free(&l);
    return a;
}

static void both(const char *sol, const char *want, const char *why) {
    char *v = answer_final(sol, strlen(sol)), *d = dataset_answer(sol), *b = answer_last_box(sol, strlen(sol), 0, NULL);
    CHECK_STR(b, want, "%s: the last box", why);
    CHECK_STR(v, want, "%s: the verifier's final answer", why);
    CHECK_STR(d, want, "%s: the dataset's answer", why);
    free(v), free(d), free(b);
}

int main(void) {
    both("so \\boxed{3} and then \\boxed{4", "3", "an unclosed box after a closed one");
    both("first \\boxed{1}, then \\fbox{2}", "2", "\\fbox counts as a box");
    both("\\boxed{\\frac{1}{\\sqrt{2}}}", "\\frac{1}{\\sqrt{2}}", "nested braces");
    both("\\boxed{\\boxed{\\boxed{\\boxed{7}}}}", "\\boxed{\\boxed{\\boxed{7}}}", "any nesting: the outermost");
    char *p = answer_final_paper("\\boxed{\\boxed{\\boxed{\\boxed{7}}}}", 36);
    CHECK_STR(p, "\\boxed{\\boxed{7}}", "the paper's rule: at most two brace levels inside, so the first box that fits");
    free(p);
    char *e = answer_last_box("x \\boxed{} y", 12, 0, NULL);
    CHECK(e == NULL, "an empty box is no answer");
    size_t i = 0, a, b;
    CHECK(!answer_next_box("\\boxed{", 7, &i, &a, &b, 0), "a lone unclosed box is none");
    UNIT_EXIT();
}
