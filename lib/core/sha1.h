/* sha1.h -- SHA-1 for WARC digests (WARC-Payload-Digest is "sha1:" + base32 of it).
 * Uses the x86 SHA extensions when the CPU has them, portable C otherwise. */
#ifndef GR_SHA1_H
#define GR_SHA1_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[5];
    uint64_t length;      /* bytes hashed so far */
    uint8_t block[64];
    size_t used;          /* bytes waiting in block */
} sha1_ctx;

void sha1_init(sha1_ctx *c);
void sha1_update(sha1_ctx *c, const void *data, size_t n);
void sha1_final(sha1_ctx *c, uint8_t digest[20]);

/* RFC 4648 base32 of 20 bytes: 32 characters plus NUL. */
void sha1_base32(const uint8_t digest[20], char out[33]);
/* Hex of n bytes into out (2n+1 bytes). */
void sha1_hex(const uint8_t *bytes, size_t n, char *out);

#endif
