/* fuzz_model_files -- libFuzzer entry for what a model directory holds: any bytes as a
 * .safetensors file (through a memfd, as st_open reads files), and any bytes through the Qwen
 * tokenizer ($GR_TOKENIZER), where decode(encode(x)) must give back x as the reference would see
 * it: ill-formed UTF-8 repaired, then NFC. */
#include "engine/safetensors.h"
#include "text/tokenizer.h"
#include "core/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utf8proc.h>

static tokenizer *tok;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    const char *path = getenv("GR_TOKENIZER");
    char err[512];
    if (path && !(tok = tokenizer_load(path, err, sizeof err))) fprintf(stderr, "fuzz_model_files: %s\n", err), abort();
    return 0;
}

static void safetensors_bytes(const uint8_t *data, size_t size) {
    int fd = memfd_create("fuzz.safetensors", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) abort();
    char path[64], err[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    st_set s;
    if (st_open(&s, path, err, sizeof err) == 0) {
        for (size_t i = 0; i < s.n; i++)   /* every byte a tensor claims must be readable */
            if (s.tensors[i].nbytes && ((const volatile char *)s.tensors[i].data)[s.tensors[i].nbytes - 1] == 1) err[0] = 0;
        st_close(&s);
    }
    close(fd);
}

static void round_trip(const uint8_t *data, size_t size) {
    token_ids ids = {0};
    if (tokenizer_encode(tok, (const char *)data, size, &ids) < 0) abort();
    buf got, want;
    buf_init(&got), buf_init(&want);
    tokenizer_decode(tok, ids.ids, ids.len, &got);
    utf8_append_lossy(&want, (const char *)data, size);
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = want.len ? utf8proc_map((const utf8proc_uint8_t *)want.data, (utf8proc_ssize_t)want.len, &nfc,
                                                 UTF8PROC_STABLE | UTF8PROC_COMPOSE) : 0;
    if (n < 0 || (size_t)n != got.len || (n && memcmp(nfc, got.data, (size_t)n))) abort();
    free(nfc), buf_free(&got), buf_free(&want), token_ids_free(&ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    safetensors_bytes(data, size);
    if (tok) round_trip(data, size);
    return 0;
}
