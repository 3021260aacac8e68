/* quality.h -- text quality rules: Gopher's (as datatrove implements them) and a cheap script check.
 *
 * gopher_check follows datatrove's GopherQualityFilter rule by rule, in its order, with its reason
 * names: words are tokens of a spaCy-like English tokenizer (whitespace, then punctuation split
 * off the ends, clitics such as 's and n't split); a "non-symbol" word has a character outside
 * datatrove's punctuation set; '#' and ellipsis counts are over the whole text; stop words are
 * counted distinct and case-sensitive.  A threshold of 0 turns its rule off, as in datatrove. */
#ifndef GR_QUALITY_H
#define GR_QUALITY_H

#include <stddef.h>

typedef struct {
    long min_words, max_words;             /* non-symbol words */
    double min_avg_word_len, max_avg_word_len;
    double max_symbol_ratio;               /* '#' per word, and '...' per word */
    double max_bullet_lines, max_ellipsis_lines;
    double min_alpha_words;                /* fraction of words with a letter */
    long min_stop_words;                   /* distinct stop words present */
} gopher_params;

/* NULL when text passes, else datatrove's reason: GopherQualityFilter's ("gopher_short_doc", ...)
 * and, with repetition_rules, GopherRepetitionFilter's at its defaults: repeated paragraphs or
 * lines (by count or characters), the most repeated 2-4-gram covering too many characters, or
 * repeated 5-10-grams covering too many ("dup_line_frac", "top_2_gram", "duplicated_5_n_grams"). */
const char *quality_check(const gopher_params *p, int repetition_rules, const char *text, size_t n);

/* The text with math spans ($..$, $$..$$, \(..\), \[..\]) replaced by one word "formula", so that
 * prose rules judge the prose of a math question.  Returns a malloc'd string. */
char *quality_without_math(const char *text, size_t n);

/* Fraction of letters in Latin script (ASCII and Latin-1/Extended letters) among all letters;
 * 1.0 when the text has no letters. */
double quality_latin_ratio(const char *text, size_t n);

#endif
