/* find.h -- byte searches that skip ahead 16 bytes at a time.  Scoring a benchmark reads each
 * response several times for short markers ("\boxed", "</s>", "Final Answer:"); glibc's memmem
 * steps a byte or a needle's length at a time, which made those reads most of the scoring. */
#ifndef GR_FIND_H
#define GR_FIND_H

#include <stddef.h>

/* The first occurrence of needle[0..nn) in h[0..n), or NULL (memmem's contract). */
const char *find_bytes(const char *h, size_t n, const char *needle, size_t nn);
/* The index of the first byte at or after from that is a or b; n when there is none. */
size_t find_either(const char *s, size_t from, size_t n, char a, char b);

#endif
