/* warc.h -- reading WARC (0.x, 1.0, 1.1, WET) and ARC v1 records from any instream.
 *
 * Lenient where real writers are sloppy (LF-only lines, stray CRs, a single CRLF or none after a
 * block, <...> around URIs), and loud where data is damaged: every problem goes to the error
 * handler with the record number and byte offset, then the reader resynchronises on the next
 * "WARC/" line.  A record's block is streamed with warc_read(), so any size works. */
#ifndef GR_WARC_H
#define GR_WARC_H

#include <stdint.h>
#include <sys/types.h>

typedef struct { char *name, *value; } warc_header;

typedef struct {
    uint64_t number;            /* 1-based, in file order */
    int64_t offset;             /* in the file (the gzip member's offset); -1 inside a member */
    uint64_t uoffset;           /* in the decompressed stream */
    char version[16];           /* "WARC/1.1", or "ARC" */
    warc_header *headers;       /* in file order; names as written */
    int nheaders;
    int64_t content_length;     /* declared block length; -1 when missing or not a number */
    uint64_t block_length;      /* what is read as the block: the declared length, or less when
                                 * it runs into the next record */
    const char *type, *record_id, *target_uri, *date, *content_type, *payload_digest;
    int truncated;              /* the block ended before content_length bytes */
} warc_record;

typedef struct warc_reader warc_reader;

/* Called for each problem met; rec is the record it concerns (NULL between records). */
typedef void (*warc_error_fn)(void *ctx, const warc_record *rec, int64_t offset, const char *msg);

warc_reader *warc_open(const char *path, char *err, size_t errlen);
void warc_close(warc_reader *r);
void warc_on_error(warc_reader *r, warc_error_fn fn, void *ctx);
/* Decompresses on a second thread while records are parsed (before the first warc_next). */
int warc_prefetch(warc_reader *r);

/* Advances to the next record (skipping what is left of the current block): 1 record, 0 end. */
int warc_next(warc_reader *r, const warc_record **rec);

/* Reads the current record's block; 0 at its end. */
ssize_t warc_read(warc_reader *r, void *buf, size_t n);

/* Points *data at up to max bytes of the block, read in one piece (valid until the next call);
 * *complete says whether that is the whole block. */
size_t warc_read_block(warc_reader *r, size_t max, const unsigned char **data, int *complete);

const char *warc_header_get(const warc_record *rec, const char *name);   /* case-insensitive */
uint64_t warc_bytes_in(const warc_reader *r);       /* compressed bytes consumed so far */

#endif
