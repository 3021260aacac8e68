/* unit.h -- the smallest test harness: CHECK prints "ok"/"not ok" lines for tests/runner.c. */
#ifndef GR_UNIT_H
#define GR_UNIT_H
#include <stdio.h>
#include <string.h>

static int unit_failures;

#define CHECK(cond, ...) do {                                                   \
    if (cond) { printf("ok "); printf(__VA_ARGS__); printf("\n"); }             \
    else { unit_failures++; printf("not ok "); printf(__VA_ARGS__);              \
           printf(": %s (%s:%d)\n", #cond, __FILE__, __LINE__); }               \
} while (0)

#define CHECK_STR(got, want, ...) do {                                          \
    const char *g_ = (got), *w_ = (want);                                       \
    int same_ = g_ && w_ ? !strcmp(g_, w_) : g_ == w_;                          \
    if (same_) { printf("ok "); printf(__VA_ARGS__); printf("\n"); }            \
    else { unit_failures++; printf("not ok "); printf(__VA_ARGS__);              \
           printf(": got \"%s\", want \"%s\" (%s:%d)\n", g_ ? g_ : "(null)",      \
                  w_ ? w_ : "(null)", __FILE__, __LINE__); }                    \
} while (0)

#define UNIT_EXIT() return unit_failures ? 1 : 0
#endif
