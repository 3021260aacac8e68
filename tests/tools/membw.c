/* membw -- memory read bandwidth, the ceiling of a decode step that streams every weight once:
 * sums a 1 GiB buffer with all threads (OpenMP), best of 5; prints {"read_gb_s": X}. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int main(void) {
    size_t n = (size_t)1 << 27;                 /* 2^27 uint64 = 1 GiB */
    uint64_t *a = malloc(n * sizeof *a);
    if (!a) return 1;
    memset(a, 1, n * sizeof *a);
    double best = 0;
    volatile uint64_t sink = 0;
    for (int rep = 0; rep < 5; rep++) {
        uint64_t s = 0;
        double t0 = now_seconds();
#pragma omp parallel for reduction(+ : s) schedule(static)
        for (size_t i = 0; i < n; i++) s += a[i];
        double dt = now_seconds() - t0;
        sink += s;
        if (n * sizeof *a / dt / 1e9 > best) best = n * sizeof *a / dt / 1e9;
    }
    printf("{\"read_gb_s\":%.2f}\n", best);
    free(a);
    return sink == 42;
}
