/* final: the final answer of a text, as the dataset stage (qa text patterns) and the verifier both
 * take it -- one rule, so a solution and a response with the same boxes answer the same. */
#include "unit.h"
#include "answer/final.h"
#include "qa/text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The first box from *i on, by scanning each opener's braces to their match: quadratic in
 * unclosed boxes, but plainly what answer_boxes promises, so it is the oracle for the linear walk. */
static int scan_next_box(const char *s, size_t n, size_t *i, size_t *a, size_t *b, int max_depth) {
    for (; *i < n; (*i)++) {
        size_t open;
        if (n - *i >= 7 && !memcmp(s + *i, "\\boxed{", 7)) open = *i + 6;
        else if (!max_depth && n - *i >= 6 && !memcmp(s + *i, "\\fbox{", 6)) open = *i + 5;
        else continue;
        int depth = 0, deepest = 0;
        size_t k = open;
        for (; k < n; k++) {
            if (s[k] == '{') { depth++; if (depth - 1 > deepest) deepest = depth - 1; }
            else if (s[k] == '}' && --depth == 0) break;
        }
        if (k >= n || (max_depth && deepest > max_depth)) continue;
        *a = open + 1, *b = k, *i = k + 1;
        return 1;
    }
    return 0;
}

/* Random texts of boxes, braces and letters: answer_boxes takes exactly the scan's boxes. */
static void boxes_match_the_scan(void) {
    static const char *const parts[] = {"\\boxed{", "\\fbox{", "{", "}", "}", "a", "\\boxed", " "};
    unsigned long long x = 88172645463325252ULL;
    int bad = 0, total = 0;
    for (int round = 0; round < 3000; round++) {
        char s[400] = "";
        size_t n = 0;
        for (int k = 0; k < 30; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *p = parts[x % 8];
            memcpy(s + n, p, strlen(p)), n += strlen(p);
        }
        for (int max_depth = 0; max_depth <= 2; max_depth += 2) {
            answer_box *box;
            size_t got = answer_boxes(s, n, max_depth, &box), j = 0, i = 0, a, b;
            int same = 1;
            while (scan_next_box(s, n, &i, &a, &b, max_depth)) {
                same &= j < got && box[j].a == a && box[j].b == b && box[j].start == a - (s[a - 2] == 'd' ? 7 : 6);
                j++;
            }
            same &= j == got;
            bad += !same, total++;
            free(box);
        }
    }
    CHECK(!bad, "answer_boxes takes the scan's boxes on %d random texts (%d differ)", total, bad);
}

/* 1 MB of unclosed boxes after a closed one: one pass, not one per opener. */
static void unclosed_boxes_are_linear(void) {
    size_t n = 1 << 20;
    char *s = malloc(n + 1);
    memcpy(s, "\\boxed{3} ", 10);
    for (size_t k = 10; k + 7 <= n; k += 7) memcpy(s + k, "\\boxed{", 7);
    s[n] = 0;
    clock_t t0 = clock();
    char *a = answer_final(s, strlen(s)), *p = answer_final_paper(s, strlen(s));
    double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_STR(a, "3", "149,796 unclosed boxes after \\boxed{3}: the closed one answers");
    CHECK_STR(p, "3", "... and in the paper's reading");
    CHECK(seconds < 2, "... in %.3f s (one pass each; the scan took minutes)", seconds);
    free(a), free(p), free(s);
}

static void both(const char *sol, const char *want, const char *why) {
    char *v = answer_final(sol, strlen(sol)), *d = dataset_answer(sol), *b = answer_last_box(sol, strlen(sol), 0, NULL);
    CHECK_STR(b, want, "%s: the last box", why);
    CHECK_STR(v, want, "%s: the verifier's final answer", why);
    CHECK_STR(d, want, "%s: the dataset's answer", why);
    free(v), free(d), free(b);
}

/* answer_short_form: the result a worked solution ends with, or NULL for an answer that is its own
 * short form and for prose. */
static void short_forms(void) {
    static const struct { const char *in, *want, *why; } cases[] = {
        {"Q = m·Lf = 250 g × 334 J/g = 83500 J, or about 83.5 kJ.", "83500 J", "the value after the last =, to its clause"},
        {"Subtract 7 from both sides: \\(3x = 15\\). Divide by 3: \\(x = 5\\).", "5", "inside the last math span"},
        {"\\(F = ma = 1200\\ \\mathrm{kg} \\times 2.5 = 3000\\ \\mathrm{N}\\), i.e. about 3 kN.", "3000\\ \\mathrm{N}", "the span ends it"},
        {"Time to the top: t = 1.5 s.\nThe ball falls for as long again, so it lands after 3.0 s.", "3.0 s", "the last line's number"},
        {"With the midpoint method, price rises 22.2% and the elasticity is ≈ -1.29, so demand is elastic.", "-1.29", "≈ counts as ="},
        {"$1,000 × 1.05^2 = $1,102.50.", "$1,102.50", "a short calculation: its result; \"$\" before a digit is money"},
        {"PV = $1,000 / 1.05^3 = $863.84", "$863.84", "money on both sides"},
        {"5% ($50 / $1,000).", "5%", "an aside in words goes"},
        {"3 (approximately)", "3", "an aside in words goes"},
        {"So the result is \\boxed{7}.", "7", "a box"},
        {"The answer is 42.", "42", "a marker"},
        {"x = 5", NULL, "a definition is its own short form"},
        {"5x - 7y + 11z + 4 = 0", NULL, "an equation with variables is whole"},
        {"(0,9) \\cup (9,36)", NULL, "an interval is no aside"},
        {"(-\\infty, 2) \\cup (3, \\infty)", NULL, "command names are math"},
        {"x^2 (x - 2)", NULL, "a factor is no aside"},
        {"Compound interest is interest calculated on the initial principal and on the interest added to it over "
         "earlier periods, so it grows faster than simple interest does.", NULL, "prose has no short form"},
        {"", NULL, "empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = answer_short_form(cases[i].in, strlen(cases[i].in));
        CHECK_STR(got, cases[i].want, "short form of \"%.40s\": %s", cases[i].in, cases[i].why);
        free(got);
    }
}

int main(void) {
    both("so \\boxed{3} and then \\boxed{4", "3", "an unclosed box after a closed one");
    both("first \\boxed{1}, then \\fbox{2}", "2", "\\fbox counts as a box");
    both("\\boxed{\\frac{1}{\\sqrt{2}}}", "\\frac{1}{\\sqrt{2}}", "nested braces");
    both("\\boxed{\\boxed{\\boxed{\\boxed{7}}}}", "\\boxed{\\boxed{\\boxed{7}}}", "any nesting: the outermost");
    const char *deep = "\\boxed{\\boxed{\\boxed{\\boxed{7}}}}";
    char *p = answer_final_paper(deep, strlen(deep));
    CHECK_STR(p, "\\boxed{\\boxed{7}}", "the paper's rule: at most two brace levels inside, so the first box that fits");
    free(p);
    char *e = answer_last_box("x \\boxed{} y", 12, 0, NULL);
    CHECK(e == NULL, "an empty box is no answer");
    answer_box *box;
    CHECK(!answer_boxes("\\boxed{", 7, 0, &box) && !box, "a lone unclosed box is none");
    boxes_match_the_scan();
    unclosed_boxes_are_linear();
    short_forms();
    UNIT_EXIT();
}
