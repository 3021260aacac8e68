/* fuzz_llm -- libFuzzer entry: any bytes, split at the first NUL into what a model said and the
 * page it said it about, through llm-extract's reading (lib/qa/llm.h): the think block, the JSON
 * found among prose, numbers kept as written, the checks against the page. */
#include "qa/llm.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    const char *nul = memchr(s, 0, size);
    size_t on = nul ? (size_t)(nul - s) : size;
    llm_result r;
    if (llm_read(s, on, nul ? nul + 1 : "", nul ? size - on - 1 : 0, &r) == 0) llm_result_free(&r);
    return 0;
}
