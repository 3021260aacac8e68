/* fuzz_answer -- libFuzzer entry: any bytes as an answer, through the typer (numbers, units,
 * the LaTeX parser, structure) and through the unit and LaTeX parsers directly; split at the first
 * newline into truth and response, through extraction and the rule verifier. */
#include "answer/answer.h"
#include "answer/latex.h"
#include "answer/units.h"
#include "answer/final.h"
#include "answer/verify.h"

#include <stdlib.h>
#include <string.h>

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    const char *type;
    json_t *canonical = answer_type(s, size, &type);
    json_decref(canonical);
    unit_value u;
    unit_parse(s, size, &u);
    latex_expr e;
    if (latex_parse(s, size, &e) == 0) {
        buf b;
        buf_init(&b);
        latex_sexpr(&e, e.root, &b);
        buf_free(&b);
    }
    latex_free(&e);
    const char *nl = memchr(s, '\n', size);
    size_t tn = nl ? (size_t)(nl - s) : size / 2;
    verify_options o = {.rtol = 1e-4};
    verify_result r;
    verify_answer(&o, s, tn, s + tn, size - tn, &r);
    verify_result_free(&r);
    free(answer_final_paper(s, size));
    return 0;
}
