/* verify: the comparison rules gen-verify's rule layer applies, one case (or a pair) each. */
#include "unit.h"
#include "answer/verify.h"

#include <stdlib.h>

typedef struct { const char *truth, *response; verdict want; const char *why; } verify_case;

static void run(const verify_options *o, const verify_case *c) {
    verify_result r;
    verify_answer(o, c->truth, strlen(c->truth), c->response, strlen(c->response), &r);
    CHECK(r.v == c->want, "%s: verdict %d by rule %s (%s)", c->why, r.v, r.rule, r.detail);
    verify_result_free(&r);
}

/* Long string answers: compared whole (two that differ only after 1,000 characters are not equal),
 * and a normalised text whose word gap falls at byte 510 -- where a 512-byte buffer used to be
 * overrun by one -- is read safely. */
static void long_strings(const verify_options *o) {
    enum { N = 1200 };
    char *a = malloc(N + 1), *b = malloc(N + 1);
    for (int first = 1; first <= 12; first++) {   /* word gaps at first + 6j: one of them at 510 */
        int k = 0;
        for (int i = 0; i < first; i++) a[k++] = 'w';
        for (int w = 0; k + 12 < N; w++) k += snprintf(a + k, 12, " word%d", w % 10);   /* gaps every 6 */
        a[k] = 0;
        memcpy(b, a, (size_t)k + 1);
        b[k - 1] = 'x';
        run(o, &(verify_case){a, b, VERDICT_UNDECIDED, "two long sentences that differ in their last letter (not equal: words are the model's)"});
        run(o, &(verify_case){a, a, VERDICT_TRUE, "a long sentence against itself"});
    }
    free(a), free(b);
}

/* The kinds of answers science, finance and engineering exams write, each kind both ways: a
 * verdict only where the comparison is sure, null where words or notation leave it open. */
static void all_domains(verify_options *o) {
    static const verify_case kinds[] = {
        {"35%", "0.35", VERDICT_TRUE, "a percentage against its share"},
        {"0.35", "35\\%", VERDICT_TRUE, "a share against its percentage"},
        {"7.5%", "7.5", VERDICT_TRUE, "a percentage restated without the sign"},
        {"35%", "0.53", VERDICT_FALSE, "neither reading of 35% is 0.53"},
        {"2.5%", "25%", VERDICT_FALSE, "percentages that differ"},
        {"6.25%", "0.0625", VERDICT_TRUE, "four figures of a share"},
        {"\\frac{5}{6}", "0.833", VERDICT_TRUE, "an exact value rounded to three figures"},
        {"\\frac{5}{6}", "0.8", VERDICT_UNDECIDED, "an exact value rounded to one figure: a grader's call"},
        {"\\frac{5}{6}", "0.853", VERDICT_FALSE, "not a rounding of 5/6"},
        {"2\\sqrt{2}", "2.83", VERDICT_TRUE, "a radical rounded to three figures"},
        {"\\frac{\\ln 3}{0.04}\\ \\text{s}", "27.5 s", VERDICT_TRUE, "a constant with a unit, evaluated"},
        {"80\\pi \\text{ rad/s}", "251 rad/s", VERDICT_TRUE, "pi times a number with a unit"},
        {"80\\pi \\text{ rad/s}", "126 rad/s", VERDICT_FALSE, "not 80 pi"},
        {"x = 4 or x = -1", "x = -1, x = 4", VERDICT_TRUE, "roots in another order and another separator"},
        {"x = 4 or x = -1", "\\{-1, 4\\}", VERDICT_TRUE, "roots as a set"},
        {"x = 4 or x = -1", "x = 4", VERDICT_FALSE, "a root missing"},
        {"y = \\pm 5", "\\{5, -5\\}", VERDICT_TRUE, "plus-minus as a set"},
        {"\\{1, 7\\}", "4 \\pm 3", VERDICT_TRUE, "a set as a centre plus-minus a half-width"},
        {"\\{1, 7\\}", "4 \\pm 2", VERDICT_FALSE, "another half-width"},
        {"\\begin{bmatrix} 2 & 0 \\\\ 1 & 3 \\end{bmatrix}", "[[2, 0], [1, 3]]", VERDICT_TRUE, "a matrix as nested lists"},
        {"\\begin{bmatrix} 2 & 0 \\\\ 1 & 3 \\end{bmatrix}", "[[2, 1], [0, 3]]", VERDICT_FALSE, "its transpose"},
        {"\\begin{pmatrix} 1/3 & 1 \\end{pmatrix}", "[[0.333, 1]]", VERDICT_TRUE, "a cell rounded to three figures"},
        {"Al_2(SO_4)_3", "Al2(SO4)3", VERDICT_TRUE, "a formula with and without subscript markup"},
        {"Al_2(SO_4)_3", "Al3(SO4)2", VERDICT_FALSE, "other counts"},
        {"N2 + 3H2 \\rightarrow 2NH3", "3H_2 + N_2 \\to 2NH_3", VERDICT_TRUE, "an equation with reactants reordered"},
        {"N2 + 3H2 \\rightarrow 2NH3", "N2 + H2 \\to NH3", VERDICT_FALSE, "unbalanced"},
        {"N2 + 3H2 \\rightarrow 2NH3", "2N2 + 6H2 \\to 4NH3", VERDICT_UNDECIDED, "every coefficient doubled: graders differ"},
        {"CH3OCH3", "C2H6O", VERDICT_UNDECIDED, "the same atoms, maybe another compound"},
        {"$4.2 billion", "$4,200,000,000", VERDICT_TRUE, "a scale word against the digits"},
        {"$4.2 billion", "$4.2 million", VERDICT_FALSE, "another scale word"},
        {"12 moles of water", "12.0 mole of water", VERDICT_TRUE, "the same count of the same thing"},
        {"12 moles of water", "21 moles of water", VERDICT_FALSE, "another count of the same thing"},
        {"t \\approx 2.9 s", "t = 2.91 s", VERDICT_TRUE, "an approximation against a value"},
        {"p > 0.05", "(0.05, 1]", VERDICT_UNDECIDED, "an open side against a bound: the domain may give it"},
        {"p > 0.05", "(0.01, 1]", VERDICT_FALSE, "the bound that is given differs"},
        {"K_{eq} > 1", "K_{eq} = 1", VERDICT_UNDECIDED, "the same words, other relations"},
        {"It falls.", "It rises.", VERDICT_UNDECIDED, "words: the model decides"},
        {"60", "The angle is 60 degrees... no, 30.", VERDICT_UNDECIDED, "prose with two numbers"},
        {"60", "The speed limit is 50.", VERDICT_FALSE, "prose with one number"},
        {"(2, 3)", "x = 2 and y = 3", VERDICT_UNDECIDED, "a tuple against named values: kinds differ"},
        {"9 days", "It takes nine days.", VERDICT_TRUE, "a number word in prose, with its unit"},
        {"5", "Five of them survive.", VERDICT_TRUE, "a number word in prose"},
        {"5", "Only four of them survive.", VERDICT_FALSE, "another number word in prose, the only number"},
        {"5", "Four or five of them.", VERDICT_UNDECIDED, "two number words in prose"},
        {"Yes", "Yes, because the series converges.", VERDICT_TRUE, "yes as the first word of prose"},
        {"True", "No. The map is not injective.", VERDICT_FALSE, "no as the first word, against a true-false truth"},
        {"Yes", "Nothing can be said.", VERDICT_UNDECIDED, "a word that begins with no is not no"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) run(o, &kinds[i]);
    json_t *choices = json_pack("[s, s, s, s]", "ohm", "volt", "ampere", "watt");
    o->choices = choices;
    static const verify_case letters[] = {
        {"B", "b", VERDICT_TRUE, "a lower-case letter"},
        {"B", "(b) volt", VERDICT_TRUE, "a letter in brackets with its option"},
        {"B", "B. volt", VERDICT_TRUE, "a letter with a full stop and its option"},
        {"B", "The unit is volt (B).", VERDICT_TRUE, "a letter after the text"},
        {"B", "d", VERDICT_FALSE, "another letter"},
        {"B", "watt", VERDICT_FALSE, "another option's text"},
        {"B", "volt", VERDICT_TRUE, "the option's text alone"},
        {"B", "It is measured in volts per metre.", VERDICT_UNDECIDED, "words of its own"},
    };
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) run(o, &letters[i]);
    o->choices = NULL;
    json_decref(choices);
}

int main(void) {
    static const verify_case defaults[] = {
        {"$x >= 5$", "Therefore $x \\geq 5$ is the solution.", VERDICT_TRUE, "a relation in prose"},
        {"$x != 3$", "We find that $x \\neq 3$.", VERDICT_TRUE, "!= is no factorial"},
        {"$x \\geq 5$", "The solution is $x \\leq 5$", VERDICT_FALSE, "one-variable inequalities by their sets"},
        {"$x < 1$", "$x > -1$", VERDICT_FALSE, "one-variable inequalities by their sets"},
        {"$(1, \\infty)$", "$x > 1$", VERDICT_TRUE, "a single relation against an interval"},
        {"$1\\leq|z|\\leq \\frac{3}{2}$", "$z \\in \\left[-\\frac{3}{2}, -1\\right] \\cup \\left[1, \\frac{3}{2}\\right]$", VERDICT_TRUE,
         "|z| between bounds is two intervals"},
        {"$2x+4y-3=0$", "$y=-\\frac{1}{2}x+\\frac{3}{4}$", VERDICT_TRUE, "equations equal up to a constant factor"},
        {"$34x+45y-20z+100=0$", "$-34x-45y+20z-100=0$", VERDICT_TRUE, "equations equal up to a negative factor"},
        {"$D = (0, 1)$", "$D = (0, 1.5)$", VERDICT_FALSE, "equations naming the same thing compare their values"},
        {"$7 = 11a+c$", "$11a+c$", VERDICT_UNDECIDED, "only a name's equation gives its value (not equal; kinds differ)"},
        {"$k=1$", "$1$", VERDICT_TRUE, "a name's equation gives its value"},
        {"$|AB|=1$", "$$1$$", VERDICT_TRUE, "a length is a name"},
        {"$10/9$", "Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $", VERDICT_TRUE, "a response's last step"},
        {"$x = 1/3$", "$x = 5+5+1 = 1/3 \\approx 11$", VERDICT_TRUE, "a rounding after the result is not the answer"},
        {"$\\pm 2021$", "$2021$", VERDICT_FALSE, "two values are not one"},
        {"$1$", "$-[0,1)$", VERDICT_UNDECIDED, "a set is no number (kinds differ: the model decides)"},
        {"78", "\\text{Navin}", VERDICT_FALSE, "words that state no number"},
        {"2", "AZYUK2A", VERDICT_FALSE, "digits inside a word are no number"},
        {"4", "four", VERDICT_TRUE, "a number word"},
        {"$28\\%$", "$28$ %", VERDICT_TRUE, "a percent sign after the math"},
        {"$12$", "so there are 12 of them, see $d = 90/n$ above and 12 in all. I hope it is correct.", VERDICT_TRUE,
         "the number prose ends with, after its last math"},
        {"$10455$", "so \\boxed{255} is the interest. Final Answer: The final answer is $10,455$. I hope it is correct.",
         VERDICT_TRUE, "a final-answer marker after the last box"},
        {"$9$", "Answer \\( \n 9 \n \\)", VERDICT_FALSE, "a closing delimiter alone is no answer"},
        {"\\boxed{1} no no no no no \\boxed{2}", "$\\boxed{1,2}$", VERDICT_UNDECIDED, "prose between boxes: the last box (a number against a list)"},
        {"\\(\\boxed{1}\\) and \\(\\boxed{-2}\\).", "$\\boxed{-2,1}$.", VERDICT_TRUE, "boxes joined by 'and' are a set"},
        {"$$(3, 3), (1, 1)$$", "$$\\boxed{(3, 3)} \\text{ for part (a) and } \\boxed{(1, 1)}$$", VERDICT_TRUE,
         "boxes in one formula"},
        {"So the answer is: \\[ \\boxed{32349} \\]", "is $\\boxed{32, 349}$", VERDICT_UNDECIDED, "a truth's own box (a number against a list)"},
        {"$(37,3,3,13),(3,3,2,3)$", "(3,3,2,3), (37,3,3,13), (3,3,2,3)", VERDICT_TRUE, "solutions: a repeat counts once"},
        {"$(0;-2;6),(4;0;0)$", "(4, 0, 0), (0, -2, 6)", VERDICT_TRUE, "semicolons separate coordinates"},
        {"$p=5,q=2;p=7,q=2$", "$(5,2),(7,2)$", VERDICT_TRUE, "semicolons separate solutions"},
        {"\\boxed{a=4,\\,-8,\\,-10}", "$\\boxed{-10,-8,4}$", VERDICT_TRUE, "a name and its values are a set"},
        {"$(11,7)or(7,11)$", "$\\boxed{(7,11),\\ (11,7)}$", VERDICT_TRUE, "'or' between brackets"},
        {"$21,16$ or $11$", "$21,16,11$", VERDICT_TRUE, "'or' between math spans"},
        {"$x_{1}=\\frac{1}{2}+\\sqrt{5},\\quadx_{2}=\\frac{1}{2}-\\sqrt{5}$",
         "$\\boxed{\\dfrac{1 + 2\\sqrt{5}}{2}} \\quad \\text{and} \\quad \\boxed{\\dfrac{1 - 2\\sqrt{5}}{2}}$", VERDICT_TRUE,
         "named values against boxes"},
        {"$-2 \\\\le x \\\\le 7$", "$x \\in [-2,7]$", VERDICT_TRUE, "doubled backslashes"},
        {"$\\begin{pmatrix}1 & 2 \\\\3 & 4\\end{pmatrix}$", "$ \\left[\\begin{array}{cc}1 & 2 \\\\3 & 4\\end{array}\\right] $",
         VERDICT_TRUE, "an array in brackets is a matrix"},
        {"$\\begin{pmatrix}6 & 8 \\\\ 10 & 12\\end{pmatrix}$",
         "The sum is $\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix}$", VERDICT_TRUE,
         "matrix arithmetic"},
        {"$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", "$2 \\begin{pmatrix}1 & 0 \\\\ 0 & 1\\end{pmatrix}$", VERDICT_FALSE,
         "matrix arithmetic: another matrix"},
        {"$\\begin{pmatrix}\\frac{1}{3\\sqrt[3]{x}^2}&0\\end{pmatrix}$", "$\\begin{pmatrix}\\frac{1}{3x^{2/3}}&0\\end{pmatrix}$",
         VERDICT_TRUE, "matrix cells by value"},
        {"$\\frac{1}{3}$", "0.3333", VERDICT_TRUE, "without --precision, rtol"},
    };
    verify_options o = {.rtol = 1e-4};
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) run(&o, &defaults[i]);

    static const verify_case at2[] = {
        {"$(\\begin{pmatrix}\\frac{1}{3}\\\\ \\frac{1}{5} \\end{pmatrix})$", "$\\begin{pmatrix}0.33\\\\0.2 \\end{pmatrix}$", VERDICT_TRUE,
         "--precision 2: matrix cells rounded"},
        {"$(\\frac{3}{5},\\frac{8}{3}]$", "$(0.6,2.6667]$", VERDICT_TRUE, "--precision 2: interval ends rounded"},
        {"$\\frac{1}{3}$", "0.34", VERDICT_FALSE, "--precision 2: 0.34 is not 0.33"},
    };
    o.precision = 2;
    for (size_t i = 0; i < sizeof at2 / sizeof at2[0]; i++) run(&o, &at2[i]);
    o.precision = 6;
    run(&o, &(verify_case){"$\\frac{1}{3}$", "0.3333", VERDICT_FALSE, "--precision 6: 0.3333 is not 1/3"});

    o.precision = 0;
    static const verify_case relation_for_set = {"$x \\in [-2,7]$", "$-2 \\le x \\le 7$", VERDICT_TRUE, "a relation answers a set"};
    run(&o, &relation_for_set);
    o.strict_sets = 1;
    run(&o, &(verify_case){relation_for_set.truth, relation_for_set.response, VERDICT_FALSE, "--strict-sets: it does not"});
    run(&o, &(verify_case){"$-2 \\le x \\le 7$", "$x \\in [-2,7]$", VERDICT_TRUE, "--strict-sets: a set answers a relation"});
    o.strict_sets = 0;
    long_strings(&o);
    static const verify_case signs[] = {
        {"C++", "C", VERDICT_UNDECIDED, "C++ is not the letter C (no longer equal; the model decides)"},
        {"C#", "C", VERDICT_UNDECIDED, "C# is not the letter C (no longer equal; the model decides)"},
        {"the language C++", "the language C", VERDICT_UNDECIDED, "C++ is not C (not equal)"},
        {"chloride ion Cl-", "chloride ion Cl", VERDICT_UNDECIDED, "a charge is part of the answer (not equal)"},
        {"vector x^2 term", "vector x_2 term", VERDICT_UNDECIDED, "a power is not a subscript (not equal)"},
        {"carbon dioxide", "Carbon-dioxide", VERDICT_TRUE, "a hyphen inside a word is a space"},
        {"the mitochondria", "Mitochondria.", VERDICT_TRUE, "articles and a full stop do not count"},
    };
    for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) run(&o, &signs[i]);
    all_domains(&o);
    UNIT_EXIT();
}
