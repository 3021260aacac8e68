/* instream.c -- decompression behind one read function.
 *
 * gzip files that can be mapped are inflated a whole member at a time with libdeflate, which is
 * two to three times faster than zlib's streaming inflate; the member's size comes from its
 * trailer (ISIZE), found by looking for the next member's header.  A member libdeflate cannot do
 * in one piece (too large, clipped, corrupt, or a wrong guess) is streamed through zlib, which
 * also reports the damage precisely.  Pipes always stream through zlib. */
#include "web/instream.h"

#include <archive.h>
#include <libdeflate.h>
#include <pthread.h>
#include <sys/mman.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define INBUF (1 << 20)
#define WHOLE_MEMBER_MAX (64u << 20)   /* larger members are streamed */

typedef enum { KIND_PLAIN, KIND_GZIP, KIND_ARCHIVE } kind;

typedef struct { uint64_t u, c; } boundary;
typedef struct { boundary *v; size_t n, head, cap; } boundary_list;

/* What the reader has decoded and handed over: data, the member starts in it, damage so far. */
typedef struct {
    unsigned char *data;
    size_t len;
    boundary_list bounds;
    uint64_t damage, bytes_in;
    char error[256];
    int last;                     /* the stream ends with this chunk */
} chunk;

#define PREFETCH_SLOTS 4
#define PREFETCH_CHUNK (4u << 20)

struct instream {
    FILE *f;
    kind kind;
    const char *compression;
    unsigned char *in;            /* compressed input window */
    size_t in_len, in_pos;        /* valid bytes, read position */
    uint64_t in_base;             /* file offset of in[0] */
    int eof;                      /* no more bytes from f */
    uint64_t out_total;           /* decompressed bytes handed out */
    int64_t file_size;
    z_stream z;
    int member_open, finished;
    uint64_t member_start;        /* compressed offset of the member being inflated */
    boundary_list found;          /* member starts the decoder met, not yet published */
    struct archive *ar;
    int mapped;                   /* in[] is the whole file, mmap'ed */
    struct libdeflate_decompressor *deflater;
    unsigned char *member;        /* a member inflated whole, being handed out */
    size_t member_len, member_pos, member_cap;
    uint64_t damage;              /* decoder side: damage met, the last message */
    char error[256];
    /* The published view, what instream_* report: updated as decoded data is handed out. */
    boundary_list bounds;         /* member starts not yet asked about, by increasing u */
    uint64_t seen_damage, seen_bytes_in;
    char seen_error[256];
    /* Prefetch: a thread decodes ahead into a ring of chunks. */
    int threaded, stop;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    chunk ring[PREFETCH_SLOTS];
    unsigned produced, consumed;  /* chunks filled / taken, modulo nothing: ring index is % SLOTS */
    chunk *cur;                   /* the chunk being read, or NULL */
    size_t cur_pos;
};

static void set_damage(instream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_damage(instream *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    s->damage++;
}

/* Keeps unread bytes and tops the window up from the file. */
static int refill(instream *s) {
    if (s->eof) return 0;
    if (s->mapped) { s->eof = 1; return 0; }
    if (s->in_pos) {
        memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
        s->in_base += s->in_pos;
        s->in_len -= s->in_pos;
        s->in_pos = 0;
    }
    size_t got = fread(s->in + s->in_len, 1, INBUF - s->in_len, s->f);
    s->in_len += got;
    if (got == 0) {
        if (ferror(s->f)) { set_damage(s, "read error: %s", strerror(errno)); return -1; }
        s->eof = 1;
    }
    return (int)got;
}

static size_t avail(const instream *s) { return s->in_len - s->in_pos; }

static void list_push(boundary_list *l, boundary b) {
    if (l->n == l->cap) {
        if (l->head) {   /* drop what was already asked about */
            memmove(l->v, l->v + l->head, (l->n - l->head) * sizeof *l->v);
            l->n -= l->head;
            l->head = 0;
        }
        if (l->n == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 64;
            boundary *v = realloc(l->v, cap * sizeof *v);
            if (!v) return;   /* offsets are then unknown, never wrong */
            l->v = v, l->cap = cap;
        }
    }
    l->v[l->n++] = b;
}

/* Moves every boundary of `from` to the end of `to`. */
static void list_move(boundary_list *to, boundary_list *from) {
    for (size_t i = from->head; i < from->n; i++) list_push(to, from->v[i]);
    from->n = from->head = 0;
}

static void add_boundary(instream *s, uint64_t u, uint64_t c) { list_push(&s->found, (boundary){u, c}); }

int64_t instream_member_at(instream *s, uint64_t upos) {
    if (s->kind != KIND_GZIP) return s->kind == KIND_PLAIN ? (int64_t)upos : -1;
    boundary_list *l = &s->bounds;
    int64_t found = -1;
    while (l->head < l->n && l->v[l->head].u <= upos) {
        if (l->v[l->head].u == upos && found < 0) found = (int64_t)l->v[l->head].c;
        l->head++;
    }
    return found;
}

/* Finds the next gzip header in the input after damage; 1 found, 0 none left. */
static int skip_to_gzip_header(instream *s) {
    for (;;) {
        while (avail(s) >= 3) {
            unsigned char *p = s->in + s->in_pos;
            unsigned char *hit = memmem(p, avail(s), "\x1f\x8b\x08", 3);
            if (hit) { s->in_pos += (size_t)(hit - p); return 1; }
            s->in_pos = s->in_len - 2;
        }
        if (refill(s) <= 0) { s->in_pos = s->in_len; return 0; }
    }
}

/* At a member boundary: opens the next member, or ends the stream, or skips garbage.
 * upos is the decompressed offset the new member's output will start at. */
static int next_member(instream *s, uint64_t upos) {
    while (avail(s) < 3 && !s->eof) if (refill(s) < 0) return -1;
    if (avail(s) == 0) { s->finished = 1; return 0; }
    uint64_t at = s->in_base + s->in_pos;
    if (avail(s) < 3 || memcmp(s->in + s->in_pos, "\x1f\x8b\x08", 3)) {
        if (!skip_to_gzip_header(s)) {
            set_damage(s, "%llu bytes of non-gzip data at byte %llu, at the end of the file",
                       (unsigned long long)(s->in_base + s->in_pos - at), (unsigned long long)at);
            s->finished = 1;
            return 0;
        }
        set_damage(s, "skipped %llu bytes of non-gzip data at byte %llu",
                   (unsigned long long)(s->in_base + s->in_pos - at), (unsigned long long)at);
    }
    inflateReset(&s->z);
    s->member_open = 1;
    s->member_start = s->in_base + s->in_pos;
    add_boundary(s, upos, s->in_base + s->in_pos);
    return 1;
}

static ssize_t read_gzip(instream *s, unsigned char *buf, size_t n) {
    size_t produced = 0;
    while (produced < n && !s->finished) {
        if (!s->member_open) {
            int r = next_member(s, s->out_total + produced);
            if (r < 0) return -1;
            if (r == 0) break;
        }
        if (avail(s) == 0 && refill(s) < 0) return -1;
        uint64_t member_start = s->member_start;
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)avail(s);
        s->z.next_out = buf + produced;
        s->z.avail_out = (uInt)(n - produced);
        int rc = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        produced = n - s->z.avail_out;
        if (rc == Z_STREAM_END) {
            s->member_open = 0;
            if (s->mapped) break;   /* the next member may go through libdeflate */
            continue;
        }
        if (rc == Z_OK) continue;
        if (rc == Z_BUF_ERROR && s->z.avail_out > 0 && !s->eof) continue;   /* wants more input */
        if (rc == Z_BUF_ERROR && s->z.avail_out > 0) {
            set_damage(s, "gzip member at byte %llu is truncated (file ends inside it)",
                       (unsigned long long)member_start);
            s->finished = 1;
            break;
        }
        if (rc == Z_BUF_ERROR) break;   /* output full */
        set_damage(s, "corrupt gzip member at byte %llu: %s", (unsigned long long)member_start,
                   s->z.msg ? s->z.msg : "inflate failed");
        s->member_open = 0;
        if (avail(s)) s->in_pos++;   /* step past so the scan finds the next member */
    }
    return (ssize_t)produced;
}

/* Inflates the member starting at in_pos in one call; 0 when it must be streamed instead. */
static int inflate_whole_member(instream *s) {
    const unsigned char *p = s->in + s->in_pos;
    size_t left = avail(s);
    const unsigned char *next = left > 20 ? memmem(p + 10, left - 10, "\x1f\x8b\x08", 3) : NULL;
    const unsigned char *end = next ? next : p + left;
    if (end - p < 18) return 0;
    size_t isize = (size_t)end[-4] | (size_t)end[-3] << 8 | (size_t)end[-2] << 16 | (size_t)end[-1] << 24;
    size_t cap = isize ? isize : 1;
    for (int tries = 0; cap <= WHOLE_MEMBER_MAX && tries < 4; tries++, cap *= 4) {
        if (cap > s->member_cap) {
            unsigned char *m = realloc(s->member, cap);
            if (!m) return 0;
            s->member = m, s->member_cap = cap;
        }
        size_t in_used, out_len;
        enum libdeflate_result rc = libdeflate_gzip_decompress_ex(s->deflater, p, left, s->member, s->member_cap,
                                                                  &in_used, &out_len);
        if (rc == LIBDEFLATE_SUCCESS) {
            s->in_pos += in_used;
            s->member_len = out_len, s->member_pos = 0;
            return 1;
        }
        if (rc != LIBDEFLATE_INSUFFICIENT_SPACE) return 0;   /* damaged: zlib will say how */
        cap = s->member_cap;
    }
    return 0;
}

/* The mapped-file gzip path: whole members through libdeflate, the rest through zlib. */
static ssize_t read_gzip_mapped(instream *s, unsigned char *buf, size_t n) {
    size_t produced = 0;
    while (produced < n) {
        if (s->member_pos < s->member_len) {
            size_t take = s->member_len - s->member_pos < n - produced ? s->member_len - s->member_pos : n - produced;
            memcpy(buf + produced, s->member + s->member_pos, take);
            s->member_pos += take, produced += take;
            continue;
        }
        if (s->finished) break;
        if (!s->member_open) {
            int r = next_member(s, s->out_total + produced);
            if (r <= 0) break;
            if (inflate_whole_member(s)) { s->member_open = 0; continue; }
        }
        ssize_t got = read_gzip(s, buf + produced, n - produced);   /* streams this member */
        if (got < 0) return got;
        produced += (size_t)got;
    }
    return (ssize_t)produced;
}

static la_ssize_t archive_feed(struct archive *a, void *data, const void **buf) {
    (void)a;
    instream *s = data;
    if (avail(s) == 0) {
        s->in_pos = s->in_len = 0;
        if (refill(s) < 0) return -1;
    }
    *buf = s->in + s->in_pos;
    size_t n = avail(s);
    s->in_pos = s->in_len;
    return (la_ssize_t)n;
}

static int open_archive(instream *s, char *err, size_t errlen) {
    s->ar = archive_read_new();
    struct archive_entry *entry;
    if (!s->ar || archive_read_support_filter_all(s->ar) || archive_read_support_format_raw(s->ar) ||
        archive_read_open(s->ar, s, NULL, archive_feed, NULL) != ARCHIVE_OK ||
        archive_read_next_header(s->ar, &entry) != ARCHIVE_OK) {
        snprintf(err, errlen, "cannot decompress (%s compression): %s", s->compression,
                 s->ar ? archive_error_string(s->ar) : "out of memory");
        return -1;
    }
    return 0;
}

/* Swaps the read window for a mapping of the whole file (already-read bytes are its start). */
static void map_file(instream *s) {
    if (s->in_base != 0 || s->in_pos != 0 || !(s->deflater = libdeflate_alloc_decompressor())) return;
    void *m = mmap(NULL, (size_t)s->file_size, PROT_READ, MAP_PRIVATE, fileno(s->f), 0);
    if (m == MAP_FAILED) return;
    madvise(m, (size_t)s->file_size, MADV_SEQUENTIAL);
    free(s->in);
    s->in = m;
    s->in_len = (size_t)s->file_size;
    s->mapped = 1;
}

static const struct { const char *magic; size_t len; const char *name; } magics[] = {
    {"\x1f\x8b", 2, "gzip"}, {"\x28\xb5\x2f\xfd", 4, "zstd"}, {"\xfd" "7zXZ", 5, "xz"},
    {"BZh", 3, "bzip2"}, {"\x04\x22\x4d\x18", 4, "lz4"}, {"\x89LZO", 4, "lzop"}, {"\x5d\x00\x00", 3, "lzma"},
};

instream *instream_open(const char *path, char *err, size_t errlen) {
    instream *s = calloc(1, sizeof *s);
    if (!s || !(s->in = malloc(INBUF))) { free(s); snprintf(err, errlen, "out of memory"); return NULL; }
    s->f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!s->f) { snprintf(err, errlen, "cannot open: %s", strerror(errno)); free(s->in); free(s); return NULL; }
    struct stat st;
    s->file_size = fstat(fileno(s->f), &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
    if (refill(s) < 0) { snprintf(err, errlen, "%s", s->error); instream_close(s); return NULL; }
    s->compression = "none";
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (s->in_len >= magics[i].len && !memcmp(s->in, magics[i].magic, magics[i].len)) {
            s->compression = magics[i].name;
            s->kind = i == 0 ? KIND_GZIP : KIND_ARCHIVE;
            break;
        }
    if (s->kind == KIND_GZIP && inflateInit2(&s->z, 15 + 16) != Z_OK) {
        snprintf(err, errlen, "zlib init failed");
        s->kind = KIND_PLAIN;
        instream_close(s);
        return NULL;
    }
    if (s->kind == KIND_GZIP && s->file_size > 0) map_file(s);
    if (s->kind == KIND_ARCHIVE && open_archive(s, err, errlen)) { instream_close(s); return NULL; }
    return s;
}

/* Decodes up to n bytes: the decoder side, run by the reader or by the prefetch thread. */
static ssize_t decode(instream *s, void *buf, size_t n) {
    ssize_t got;
    if (s->kind == KIND_GZIP) {
        got = s->mapped ? read_gzip_mapped(s, buf, n) : read_gzip(s, buf, n);
    } else if (s->kind == KIND_ARCHIVE) {
        got = archive_read_data(s->ar, buf, n);
        if (got < 0) {
            set_damage(s, "%s data is damaged: %s", s->compression, archive_error_string(s->ar));
            got = 0;
        }
    } else {
        if (avail(s) == 0 && refill(s) < 0) return -1;
        got = (ssize_t)(avail(s) < n ? avail(s) : n);
        memcpy(buf, s->in + s->in_pos, (size_t)got);
        s->in_pos += (size_t)got;
    }
    if (got > 0) s->out_total += (uint64_t)got;
    return got;
}

static uint64_t decoder_bytes_in(const instream *s) {
    if (s->kind == KIND_ARCHIVE) return (uint64_t)archive_filter_bytes(s->ar, -1);
    return s->in_base + s->in_pos;
}

/* Makes what the decoder met visible through instream_*: member starts, damage, position. */
static void publish(instream *s, boundary_list *bounds, uint64_t damage, const char *error, uint64_t bytes_in) {
    list_move(&s->bounds, bounds);
    if (damage != s->seen_damage || strcmp(error, s->seen_error)) snprintf(s->seen_error, sizeof s->seen_error, "%s", error);
    s->seen_damage = damage;
    s->seen_bytes_in = bytes_in;
}

static void *prefetch_main(void *arg) {
    instream *s = arg;
    for (unsigned k = 0;; k++) {
        pthread_mutex_lock(&s->mu);
        while (s->produced - s->consumed == PREFETCH_SLOTS && !s->stop) pthread_cond_wait(&s->changed, &s->mu);
        int stop = s->stop;
        pthread_mutex_unlock(&s->mu);
        if (stop) return NULL;
        chunk *c = &s->ring[k % PREFETCH_SLOTS];
        c->len = 0;
        c->last = 0;
        while (c->len < PREFETCH_CHUNK) {
            ssize_t got = decode(s, c->data + c->len, PREFETCH_CHUNK - c->len);
            if (got <= 0) { c->last = got < 0 ? -1 : 1; break; }
            c->len += (size_t)got;
        }
        list_move(&c->bounds, &s->found);
        c->damage = s->damage;
        c->bytes_in = decoder_bytes_in(s);
        snprintf(c->error, sizeof c->error, "%s", s->error);
        pthread_mutex_lock(&s->mu);
        s->produced++;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->mu);
        if (c->last) return NULL;
    }
}

int instream_prefetch(instream *s) {
    if (s->threaded || s->kind == KIND_PLAIN || s->out_total) return 0;
    for (int i = 0; i < PREFETCH_SLOTS; i++)
        if (!(s->ring[i].data = malloc(PREFETCH_CHUNK))) return 0;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->changed, NULL);
    if (pthread_create(&s->thread, NULL, prefetch_main, s)) return 0;
    s->threaded = 1;
    return 1;
}

/* The reader's side of the prefetch ring. */
static ssize_t read_prefetched(instream *s, unsigned char *buf, size_t n) {
    size_t copied = 0;
    while (copied < n) {
        if (!s->cur) {
            pthread_mutex_lock(&s->mu);
            while (s->produced == s->consumed) pthread_cond_wait(&s->changed, &s->mu);
            s->cur = &s->ring[s->consumed % PREFETCH_SLOTS];
            pthread_mutex_unlock(&s->mu);
            s->cur_pos = 0;
            publish(s, &s->cur->bounds, s->cur->damage, s->cur->error, s->cur->bytes_in);
        }
        chunk *c = s->cur;
        size_t take = c->len - s->cur_pos < n - copied ? c->len - s->cur_pos : n - copied;
        memcpy(buf + copied, c->data + s->cur_pos, take);
        s->cur_pos += take, copied += take;
        if (s->cur_pos < c->len) continue;
        if (c->last) {   /* keep the last chunk: every later read returns its end */
            if (c->last < 0 && !copied) return -1;
            break;
        }
        pthread_mutex_lock(&s->mu);
        s->consumed++;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->mu);
        s->cur = NULL;
    }
    return (ssize_t)copied;
}

ssize_t instream_read(instream *s, void *buf, size_t n) {
    if (s->threaded) return read_prefetched(s, buf, n);
    ssize_t got = decode(s, buf, n);
    publish(s, &s->found, s->damage, s->error, decoder_bytes_in(s));
    return got;
}

uint64_t instream_damage_count(const instream *s) { return s->seen_damage; }
const char *instream_error(const instream *s) { return s->seen_error; }

uint64_t instream_bytes_in(const instream *s) { return s->seen_bytes_in; }

void instream_close(instream *s) {
    if (!s) return;
    if (s->threaded) {
        pthread_mutex_lock(&s->mu);
        s->stop = 1;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->mu);
        pthread_join(s->thread, NULL);
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->changed);
    }
    for (int i = 0; i < PREFETCH_SLOTS; i++) free(s->ring[i].data), free(s->ring[i].bounds.v);
    free(s->found.v);
    if (s->kind == KIND_GZIP) inflateEnd(&s->z);
    if (s->ar) archive_read_free(s->ar);
    if (s->f && s->f != stdin) fclose(s->f);
    free(s->bounds.v);
    if (s->mapped) munmap(s->in, s->in_len);
    else free(s->in);
    if (s->deflater) libdeflate_free_decompressor(s->deflater);
    free(s->member);
    free(s);
}
