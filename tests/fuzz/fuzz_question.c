/* fuzz_question -- libFuzzer entry: any bytes, split at the first newline into a question and an
 * answer, through the question-aware rules (lib/filter/question.h) and Gopher's with the math set
 * aside (lib/filter/quality.h), as qa-filter runs them. */
#include "filter/quality.h"
#include "filter/question.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t qn = nl ? (size_t)(nl - s) : size;
    char *q = strndup(s, qn);   /* qa-filter's questions are NUL-ended strings from JSON */
    if (!q) return 0;
    size_t an = nl ? size - qn - 1 : 0;
    question_check(q, strlen(q), nl ? nl + 1 : "", an);
    gopher_params g = {0, 0, 3, 10, 0.1, 0.9, 0.3, 0.5, 0};
    char *prose = quality_without_math(q, strlen(q));
    if (prose) quality_check(&g, 1, prose, strlen(prose));
    quality_latin_ratio(q, strlen(q));
    free(prose), free(q);
    return 0;
}
