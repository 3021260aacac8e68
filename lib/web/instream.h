/* instream.h -- a file as a stream of decompressed bytes, whatever its compression.
 *
 * gzip is inflated here with zlib member by member, because a WARC index needs each member's
 * compressed offset and libarchive's gzip filter hides member boundaries.  zstd, xz, bzip2, lz4 and
 * the rest go through libarchive's raw format and its filters.  Anything else is read as is.
 * Damage is reported, not fatal: a clipped member ends the stream, garbage between members is
 * skipped up to the next gzip header.  Each such event is counted and its message kept. */
#ifndef GR_INSTREAM_H
#define GR_INSTREAM_H

#include <stdint.h>
#include <sys/types.h>

typedef struct instream instream;

/* Opens path ("-" = stdin).  NULL on failure, with a message in err. */
instream *instream_open(const char *path, char *err, size_t errlen);
void instream_close(instream *s);

/* Up to n decompressed bytes into buf; 0 at the end; -1 on a read error (see instream_error). */
ssize_t instream_read(instream *s, void *buf, size_t n);

/* Decodes ahead on a second thread (compressed input only), so decompression overlaps with the
 * caller's work.  Call before the first read; 1 when started.  The results are the same. */
int instream_prefetch(instream *s);

/* Damage met so far (clipped or corrupt members, trailing garbage); the last one's message. */
uint64_t instream_damage_count(const instream *s);
const char *instream_error(const instream *s);

uint64_t instream_bytes_in(const instream *s);          /* compressed bytes consumed */

/* The compressed offset of the member whose first decompressed byte is at upos, or -1 when upos
 * is inside a member.  For uncompressed input it is upos itself.  Positions must be asked in
 * increasing order: earlier boundaries are forgotten. */
int64_t instream_member_at(instream *s, uint64_t upos);

#endif
