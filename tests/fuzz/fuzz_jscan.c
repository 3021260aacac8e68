/* fuzz_jscan -- libFuzzer entry: any bytes as one JSONL line through the lean reader
 * (lib/core/jscan.h), held against jansson by jscan_property: it never takes a line jansson
 * refuses, and reads, decodes and writes every member of one it takes as jansson does. */
#include "jscan_property.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *line = malloc(size + 1);   /* stage.c's lines are NUL-ended copies */
    if (!line) return 0;
    memcpy(line, data, size), line[size] = 0;
    int lean;
    const char *broke = jscan_property(line, size, &lean);
    free(line);
    if (broke) abort();
    return 0;
}
