/* safetensors_tool -- test driver of lib/safetensors (not an installed program).
 *
 *   safetensors_tool list PATH        one JSON line per tensor: name, dtype, shape, nbytes, fnv1a64
 *   safetensors_tool copy PATH OUT    read PATH (file or model directory), write every tensor to OUT
 *                                     with the metadata transformers writes, {"format": "pt"}
 * Exit 2 with one line on stderr when PATH is not a valid checkpoint. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine/safetensors.h"

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

int main(int argc, char **argv) {
    if (argc < 3 || (strcmp(argv[1], "list") && strcmp(argv[1], "copy")) || (!strcmp(argv[1], "copy") && argc < 4)) {
        fprintf(stderr, "usage: safetensors_tool list PATH | copy PATH OUT\n");
        return 2;
    }
    char err[512];
    st_set s;
    if (st_open(&s, argv[2], err, sizeof err) < 0) { fprintf(stderr, "safetensors_tool: %s\n", err); return 2; }
    int rc = 0;
    if (!strcmp(argv[1], "list")) {
        for (size_t i = 0; i < s.n; i++) {
            const st_tensor *t = &s.tensors[i];
            printf("{\"name\":\"%s\",\"dtype\":\"%s\",\"shape\":[", t->name, st_dtype_name(t->dtype));
            for (int d = 0; d < t->ndim; d++) printf("%s%" PRId64, d ? "," : "", t->shape[d]);
            printf("],\"nbytes\":%zu,\"fnv1a64\":\"%016" PRIx64 "\"}\n", t->nbytes, fnv1a(t->data, t->nbytes));
        }
    } else {
        json_t *meta = json_pack("{s:s}", "format", "pt");
        if (st_save(argv[3], s.tensors, s.n, meta, err, sizeof err) < 0) {
            fprintf(stderr, "safetensors_tool: %s\n", err);
            rc = 1;
        }
        json_decref(meta);
    }
    st_close(&s);
    return rc;
}
