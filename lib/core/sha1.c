/* sha1.c -- SHA-1 (FIPS 180-4), with a SHA-NI path: WARC payloads are hashed at decompression
 * speed only if hashing costs well under a byte per cycle. */
#include "core/sha1.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI_PATH 1
#endif

static inline uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1_blocks_portable(uint32_t h[5], const uint8_t *p, size_t nblocks) {
    for (; nblocks--; p += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999;
            else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1;
            else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            else f = b ^ c ^ d, k = 0xCA62C1D6;
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rol(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
}

#ifdef HAVE_SHANI_PATH
/* Four rounds per step g (0..19).  msg[g%4] holds schedule vector W[g]; each step also advances the
 * schedule: finishes W[g+1] (sha1msg2), adds W[g] into the partial W[g+2], starts W[g+3] (sha1msg1).
 * Steps are spelled out with constant g so that the array lives in registers and the round
 * function selector (g/5) is the immediate the instruction needs. */
#define SHANI_STEP(g) do {                                                                         \
    if ((g) < 4) msg[(g)] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * (g))), bswap); \
    e[(g) & 1] = (g) ? _mm_sha1nexte_epu32(e[(g) & 1], msg[(g) & 3]) : _mm_add_epi32(e[0], msg[0]);    \
    e[((g) + 1) & 1] = abcd;                                                                       \
    abcd = _mm_sha1rnds4_epu32(abcd, e[(g) & 1], (g) / 5);                                          \
    if ((g) >= 3) msg[((g) + 1) & 3] = _mm_sha1msg2_epu32(msg[((g) + 1) & 3], msg[(g) & 3]);        \
    if ((g) >= 2) msg[((g) + 2) & 3] = _mm_xor_si128(msg[((g) + 2) & 3], msg[(g) & 3]);             \
    if ((g) >= 1) msg[((g) + 3) & 3] = _mm_sha1msg1_epu32(msg[((g) + 3) & 3], msg[(g) & 3]);        \
} while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static void sha1_blocks_shani(uint32_t h[5], const uint8_t *p, size_t nblocks) {
    const __m128i bswap = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0x1B);
    __m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0);
    for (; nblocks--; p += 64) {
        __m128i abcd_save = abcd, e0_save = e0, msg[4], e[2] = {e0, e0};
        SHANI_STEP(0); SHANI_STEP(1); SHANI_STEP(2); SHANI_STEP(3); SHANI_STEP(4);
        SHANI_STEP(5); SHANI_STEP(6); SHANI_STEP(7); SHANI_STEP(8); SHANI_STEP(9);
        SHANI_STEP(10); SHANI_STEP(11); SHANI_STEP(12); SHANI_STEP(13); SHANI_STEP(14);
        SHANI_STEP(15); SHANI_STEP(16); SHANI_STEP(17); SHANI_STEP(18); SHANI_STEP(19);
        e0 = _mm_sha1nexte_epu32(e[0], e0_save);
        abcd = _mm_add_epi32(abcd, abcd_save);
    }
    _mm_storeu_si128((__m128i *)h, _mm_shuffle_epi32(abcd, 0x1B));
    h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
#endif

typedef void (*blocks_fn)(uint32_t h[5], const uint8_t *p, size_t nblocks);

static blocks_fn pick_blocks(void) {
#ifdef HAVE_SHANI_PATH
    unsigned a, b, c, d;
    int sse41 = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) && (c & bit_SSSE3);
    int sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));   /* CPUID.7.0:EBX.SHA */
    if (sse41 && sha) return sha1_blocks_shani;
#endif
    return sha1_blocks_portable;
}

static blocks_fn sha1_blocks;

void sha1_init(sha1_ctx *c) {
    static const uint32_t iv[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    if (!sha1_blocks) sha1_blocks = pick_blocks();   /* idempotent: a race writes the same value */
    memcpy(c->h, iv, sizeof iv);
    c->length = 0;
    c->used = 0;
}

void sha1_update(sha1_ctx *c, const void *data, size_t n) {
    const uint8_t *p = data;
    c->length += n;
    if (c->used) {
        size_t take = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->block + c->used, p, take);
        c->used += take, p += take, n -= take;
        if (c->used < 64) return;
        sha1_blocks(c->h, c->block, 1);
        c->used = 0;
    }
    if (n >= 64) {
        sha1_blocks(c->h, p, n / 64);
        p += n / 64 * 64, n %= 64;
    }
    memcpy(c->block, p, n);
    c->used = n;
}

void sha1_final(sha1_ctx *c, uint8_t digest[20]) {
    uint64_t bits = c->length * 8;
    uint8_t pad[72] = {0x80};
    size_t padlen = (c->used < 56 ? 56 : 120) - c->used;
    for (int i = 0; i < 8; i++) pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
    uint64_t keep = c->length;
    sha1_update(c, pad, padlen + 8);
    c->length = keep;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) digest[4 * i + j] = (uint8_t)(c->h[i] >> (24 - 8 * j));
}

void sha1_base32(const uint8_t d[20], char out[33]) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    for (int i = 0; i < 32; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = (unsigned)d[byte] << 8 | (byte + 1 < 20 ? d[byte + 1] : 0);
        out[i] = alphabet[(v >> (11 - shift)) & 31];
    }
    out[32] = 0;
}

void sha1_hex(const uint8_t *bytes, size_t n, char *out) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) out[2 * i] = digits[bytes[i] >> 4], out[2 * i + 1] = digits[bytes[i] & 15];
    out[2 * n] = 0;
}
