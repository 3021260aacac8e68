/* fuzz_verify -- libFuzzer entry for the verifier's extraction and normalisation under every
 * option: the first byte picks the options (percent, unordered lists, paper extraction, precision,
 * strict sets, a brace-depth limit), the rest splits at its first newline into truth and response.
 * Beyond "no crash, leak or hang" it holds properties: the boxes answer_boxes finds lie in order
 * inside the input, each opened by '{' and closed by '}', and answer_last_box is the last of them;
 * the verdict, rule and extraction are the same when asked twice; answer_type's canonical form
 * serialises. */
#include "answer/answer.h"
#include "answer/final.h"
#include "answer/verify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HOLD(c) do { if (!(c)) abort(); } while (0)

static void check_boxes(const char *s, size_t n, int depth) {
    answer_box *box = NULL;
    size_t k = answer_boxes(s, n, depth, &box), end = 0;
    for (size_t i = 0; i < k; i++) {
        HOLD(box[i].start >= end && box[i].start < box[i].a && box[i].a <= box[i].b && box[i].b < n);
        HOLD(s[box[i].a - 1] == '{' && s[box[i].b] == '}');
        end = box[i].b + 1;
    }
    char *last = answer_last_box(s, n, depth, NULL);
    if (last) HOLD(k && strlen(last) <= box[k - 1].b - box[k - 1].a && !memcmp(last, s + box[k - 1].a, strlen(last)));
    free(last), free(box);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!size) return 0;
    unsigned flags = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    check_boxes(s, n, 0);
    check_boxes(s, n, 1 + (int)(flags >> 6));

    const char *nl = memchr(s, '\n', n);
    size_t tn = nl ? (size_t)(nl - s) : n / 2, rs = nl ? tn + 1 : tn;
    verify_options o = {.rtol = 1e-4, .unordered_lists = flags >> 1 & 1,
                        .paper_extraction = flags >> 2 & 1, .precision = flags >> 3 & 1 ? 2 : 0, .strict_sets = flags >> 4 & 1};
    verify_result a, b;
    verify_answer(&o, s, tn, s + rs, n - rs, &a);
    verify_answer(&o, s, tn, s + rs, n - rs, &b);
    HOLD(a.v == b.v && !strcmp(a.rule, b.rule) && !a.extracted == !b.extracted && (!a.extracted || !strcmp(a.extracted, b.extracted)));
    verify_result_free(&a), verify_result_free(&b);

    const char *type;
    json_t *canon = answer_type(s, tn, &type);
    if (canon) {
        char *text = json_dumps(canon, JSON_COMPACT | JSON_ENCODE_ANY);
        HOLD(text);
        free(text);
    }
    json_decref(canon);
    return 0;
}
