/* fuzz_judge -- libFuzzer entry: any bytes as a benchmark response.  The paper's last-box reading
 * in one pass (judge_last_span) must give what the long reading gives (judge_last_span_slow,
 * every marker searched in turn), and every benchmark's judge must take the response against a
 * short truth without a fault.  The first byte picks the truth. */
#include "eval/judge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    size_t fa = 0, fb = 0, sa = 0, sb = 0;
    int fast = judge_last_span(s, size, &fa, &fb), slow = judge_last_span_slow(s, size, &sa, &sb);
    if (fast != slow || (fast && (fa != sa || fb != sb))) abort();
    static const char *truths[] = {"C", "A", "(B)", "3.5", "[1, 2]", "True", "\\frac{1}{2}", "x^2+1"};
    const char *truth = truths[size ? data[0] % 8 : 0];
    verify_options vo = {.rtol = 1e-4};
    for (int i = 0; i < benchmark_count(); i++) {
        judgement j;
        judge_response(benchmark_at(i), &vo, truth, strlen(truth), s, size, NULL, 7, "key", &j);
        judgement_free(&j);
    }
    return 0;
}
