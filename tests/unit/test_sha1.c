/* SHA-1 against FIPS 180 vectors, both code paths, and base32 as WARC writes digests. */
#include "core/sha1.c"
#include "unit.h"

static void digest_with(blocks_fn fn, const void *data, size_t n, size_t step, char out[41]) {
    sha1_ctx c;
    sha1_init(&c);
    sha1_blocks = fn;
    for (size_t i = 0; i < n; i += step) sha1_update(&c, (const char *)data + i, n - i < step ? n - i : step);
    uint8_t d[20];
    sha1_final(&c, d);
    sha1_hex(d, 20, out);
}

int main(void) {
    static const struct { const char *in, *hex; } v[] = {
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    };
    blocks_fn paths[2] = {sha1_blocks_portable, pick_blocks()};
    for (int p = 0; p < 2; p++) {
        char hex[41];
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            digest_with(paths[p], v[i].in, strlen(v[i].in), 7, hex);
            CHECK_STR(hex, v[i].hex, "sha1 path %d vector %zu", p, i);
        }
        static char million[1000000];
        memset(million, 'a', sizeof million);
        digest_with(paths[p], million, sizeof million, 4093, hex);
        CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f", "sha1 path %d million a", p);
    }
    /* WARC's own example: sha1 of "" in base32. */
    uint8_t d[20];
    sha1_ctx c;
    sha1_init(&c);
    sha1_final(&c, d);
    char b32[33];
    sha1_base32(d, b32);
    CHECK_STR(b32, "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "base32 of empty sha1");
    UNIT_EXIT();
}
