/* test_find.c -- lib/core/find.h against glibc's memmem and a plain loop, over random texts of
 * a small alphabet (so matches are frequent), every length around the 16-byte steps, needles
 * that straddle a step's end, and buffers of exactly their size (ASan sees a read past the end). */
#include "core/find.h"

#include "unit.h"

#include <stdlib.h>
#include <string.h>

static unsigned long long state = 88172645463325252ULL;
static unsigned next(void) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return (unsigned)state;
}

static char *random_text(size_t n, int letters) {
    char *s = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) s[i] = (char)("ab<\\{}\0x"[next() % (unsigned)letters]);
    return s;
}

int main(void) {
    long mismatches = 0, cases = 0;
    for (size_t n = 0; n < 80; n++)
        for (int round = 0; round < 60; round++) {
            int letters = 2 + round % 7;
            char *h = random_text(n, letters);
            size_t nn = 1 + next() % 6;
            char *needle = random_text(nn, letters);
            if (n >= nn && round % 3 == 0) memcpy(needle, h + next() % (n - nn + 1), nn);   /* one that is there */
            const char *want = memmem(h, n, needle, nn), *got = find_bytes(h, n, needle, nn);
            mismatches += want != got, cases++;
            size_t from = n ? next() % n : 0, w = from;
            while (w < n && h[w] != needle[0] && h[w] != '}') w++;
            mismatches += find_either(h, from, n, needle[0], '}') != w, cases++;
            free(h), free(needle);
        }
    CHECK(mismatches == 0, "find_bytes and find_either agree with memmem and a loop (%ld of %ld differ)", mismatches,
          cases);
    static const char text[] = "The answer is \\boxed{C}. Final Answer: (C)\n</s>";
    CHECK(find_bytes(text, sizeof text - 1, "</s>", 4) == text + sizeof text - 5, "a needle that ends the text");
    CHECK(find_bytes(text, sizeof text - 1, "", 0) == text, "the empty needle is at the start");
    CHECK(!find_bytes(text, 3, "The answer", 10), "a needle longer than the text");
    CHECK(find_either(text, 0, sizeof text - 1, '{', '}') == 20, "the first brace");
    UNIT_EXIT();
}
