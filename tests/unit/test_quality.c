/* quality: Gopher rules and reasons on small texts whose counts are worked out by hand, the
 * repetition rules, math stripping and the script ratio. */
#include "filter/quality.h"
#include "unit.h"

#include <stdlib.h>

static const char *q(const gopher_params *p, int rep, const char *text) { return quality_check(p, rep, text, strlen(text)); }

int main(void) {
    const gopher_params dt = {50, 100000, 3, 10, 0.1, 0.9, 0.3, 0.8, 2};   /* datatrove's defaults */
    const gopher_params qa = {0, 0, 3, 10, 0.1, 0.9, 0.3, 0.5, 0};         /* qa-filter's */
    CHECK_STR(q(&dt, 0, "What is the capital of France?"), "gopher_short_doc", "datatrove defaults: 6 words < 50");
    CHECK_STR(q(&qa, 0, "What is the capital of France?"), NULL, "qa defaults: a short question passes");
    CHECK_STR(q(&qa, 0, "Is a an I ok?"), "gopher_below_avg_threshold", "mean word length 1.8 < 3");
    CHECK_STR(q(&qa, 0, "Pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism?"),
              "gopher_above_avg_threshold", "mean word length > 10");
    CHECK_STR(q(&qa, 0, "What # is # the # value # here?"), "gopher_too_many_hashes", "4 hashes in 10 tokens");
    CHECK_STR(q(&qa, 0, "Which one... is it... really..."), "gopher_too_many_ellipsis", "3 ellipses in 9 tokens");
    CHECK_STR(q(&qa, 0, "- one\n- two\n- three"), "gopher_too_many_bullets", "every line a bullet");
    CHECK_STR(q(&qa, 0, "first line...\nsecond line...\nthird line here"), "gopher_too_many_ellipsis",
              "2 ellipses in 8 tokens (checked before line endings)");
    CHECK_STR(q(&qa, 0, "This is the first of the lines with many words in it...\n"
                        "This is the second of the lines with many words in it...\nThis third line has none at all here"),
              "gopher_too_many_end_ellipsis", "2 of 3 lines end in ...");
    CHECK_STR(q(&qa, 0, "1234 + 5678 = 6912 , 4321 * 1000 = 4321000 ?"), "gopher_below_alpha_threshold", "no word has a letter");
    gopher_params stop = qa;
    stop.min_stop_words = 2;
    CHECK_STR(q(&stop, 0, "What is Newton's second law?"), "gopher_enough_stop_words", "no stop word");
    CHECK_STR(q(&stop, 0, "What is the speed of light?"), NULL, "two stop words: the, of");
    CHECK_STR(q(&stop, 0, "The Speed Of Light?"), "gopher_enough_stop_words", "stop words are case-sensitive (The, Of)");

    CHECK_STR(q(&qa, 1, "What is the speed of light in a vacuum, in meters per second?"), NULL, "no repetition");
    CHECK_STR(q(&qa, 1, "Compute the integral.\nCompute the integral.\nCompute the integral.\nWhat is its value?"),
              "dup_line_frac", "a line repeated: 2 of 4 lines are repeats");
    CHECK_STR(q(&qa, 1, "Find the area.\n\nFind the area.\n\nOf the circle with radius 2."), "dup_para_frac", "a repeated paragraph");
    CHECK_STR(q(&qa, 1, "buy now buy now buy now buy now buy now what is the price of the item in dollars"),
              "top_2_gram", "one 2-gram covers 40%% of the text");
    CHECK_STR(q(&qa, 1, "the cat sat on the mat and then the cat sat on the mat again and the cat sat on the mat"),
              "top_2_gram", "\"the cat\" three times covers 24%% of the text");
    CHECK_STR(q(&qa, 1, "What is the value of the integral of x squared from zero to one over the unit interval please?"),
              NULL, "a single occurrence is no repetition (where datatrove would count it)");

    char *m = quality_without_math("Solve $x^2 + 3x = 4$ and \\(y\\) but keep \\$5 and $$\\int f$$.", 60);
    CHECK_STR(m, "Solve  formula  and  formula  but keep \\$5 and  formula .", "math spans set aside");
    free(m);
    m = quality_without_math("A $5 bill and a $10 bill", 24);
    CHECK_STR(m, "A  formula 10 bill", "a lone dollar pair is read as math (as TeX would)");
    free(m);
    CHECK(quality_latin_ratio("hello", 5) == 1.0, "ASCII is Latin");
    CHECK(quality_latin_ratio("\xe4\xb8\x80\xe4\xb8\xaa x", 8) < 0.5, "CJK is not Latin");
    CHECK(quality_latin_ratio("caf\xc3\xa9", 5) == 1.0, "accented Latin is Latin");
    CHECK(quality_latin_ratio("123", 3) == 1.0, "no letters: ratio 1");
    UNIT_EXIT();
}
