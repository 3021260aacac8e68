/* warc.c -- the WARC/ARC record walker.
 *
 * The reader keeps a window of decompressed bytes.  A record is: a version line, header lines up
 * to an empty line, Content-Length bytes of block, then CRLFCRLF.  When the bytes after the block
 * are not a record end (or the stream ends before them), the Content-Length lied: if the block's
 * bytes in the window hold the start of the next record, the block is cut there; otherwise the
 * reader scans forward to the next "WARC/" line.  A missing length takes the block up to the next
 * record start.  Either way the problem is reported. */
#include "web/warc.h"
#include "web/instream.h"
#include "core/utf8.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WINDOW_START (1u << 20)
#define WINDOW_MAX (8u << 20)       /* blocks up to this size are checked before they are read */
#define HEADER_MAX (1u << 20)       /* a record header larger than this is garbage */
#define MAX_HEADERS 512

struct warc_reader {
    instream *in;
    unsigned char *buf;
    size_t cap, pos, len;           /* window: buf[pos..len) unread */
    uint64_t ubase;                 /* stream offset of buf[0] */
    int eof, started;
    uint64_t damage_seen;
    int is_arc;
    warc_record rec;
    int in_record;
    uint64_t block_left;            /* unread bytes of the current block */
    char *header_text;              /* storage for the current record's headers */
    size_t header_cap;
    warc_header headers[MAX_HEADERS];
    warc_error_fn on_error;
    void *ctx;
    char arc_date[32];              /* ARC dates rewritten as WARC-Date */
};

static void report(warc_reader *r, const warc_record *rec, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(warc_reader *r, const warc_record *rec, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->on_error) r->on_error(r->ctx, rec, rec ? rec->offset : -1, msg);
}

static uint64_t upos(const warc_reader *r) { return r->ubase + r->pos; }
static size_t avail(const warc_reader *r) { return r->len - r->pos; }

/* Ensures at least want unread bytes in the window, unless the stream ends first. */
static size_t fill(warc_reader *r, size_t want) {
    while (avail(r) < want && !r->eof) {
        if (r->pos && (r->len == r->cap || r->pos > r->cap / 2)) {
            memmove(r->buf, r->buf + r->pos, avail(r));
            r->ubase += r->pos;
            r->len -= r->pos;
            r->pos = 0;
        }
        if (r->len == r->cap) {
            size_t cap = r->cap * 2;
            unsigned char *b = cap <= 2 * WINDOW_MAX ? realloc(r->buf, cap) : NULL;
            if (!b) break;
            r->buf = b, r->cap = cap;
        }
        ssize_t got = instream_read(r->in, r->buf + r->len, r->cap - r->len);
        if (instream_damage_count(r->in) != r->damage_seen) {
            r->damage_seen = instream_damage_count(r->in);
            report(r, r->in_record ? &r->rec : NULL, "%s", instream_error(r->in));
        }
        if (got <= 0) {   /* a read error was reported above, as damage */
            r->eof = 1;
        } else {
            r->len += (size_t)got;
        }
    }
    return avail(r);
}

warc_reader *warc_open(const char *path, char *err, size_t errlen) {
    warc_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->buf = malloc(WINDOW_START))) { free(r); snprintf(err, errlen, "out of memory"); return NULL; }
    r->cap = WINDOW_START;
    if (!(r->in = instream_open(path, err, errlen))) { free(r->buf); free(r); return NULL; }
    return r;
}

void warc_close(warc_reader *r) {
    if (!r) return;
    instream_close(r->in);
    free(r->header_text);
    free(r->buf);
    free(r);
}

void warc_on_error(warc_reader *r, warc_error_fn fn, void *ctx) { r->on_error = fn, r->ctx = ctx; }
int warc_prefetch(warc_reader *r) { return !r->started && instream_prefetch(r->in); }
uint64_t warc_bytes_in(const warc_reader *r) { return instream_bytes_in(r->in); }

const char *warc_header_get(const warc_record *rec, const char *name) {
    for (int i = 0; i < rec->nheaders; i++)
        if (!strcasecmp(rec->headers[i].name, name)) return rec->headers[i].value;
    return NULL;
}

/* "WARC/" followed by a digit: the start of a version line. */
static int is_version_line(const unsigned char *p, size_t n) {
    return n >= 6 && !memcmp(p, "WARC/", 5) && isdigit(p[5]);
}

/* Length of the line at p (through its '\n'), 0 when no '\n' within n bytes. */
static size_t line_length(const unsigned char *p, size_t n) {
    const unsigned char *nl = memchr(p, '\n', n);
    return nl ? (size_t)(nl - p) + 1 : 0;
}

/* An ARC v1 header line: a URL with a scheme, then at least four more space-separated fields
 * (IP, date, type, length; the length may be garbage, which the reader reports). */
static int looks_like_arc_header(const unsigned char *p, size_t n) {
    size_t l = line_length(p, n < 4096 ? n : 4096);
    if (!l || l < 12) return 0;
    size_t first = 0, fields = 0;
    while (first < l && p[first] != ' ' && p[first] != ':') first++;
    if (first == 0 || first >= l || p[first] != ':') return 0;
    for (size_t i = 0; i < l; i++) {
        if (p[i] < 0x20 && p[i] != '\r' && p[i] != '\n' && p[i] != '\t') return 0;
        fields += p[i] != ' ' && p[i] != '\r' && p[i] != '\n' && (i == 0 || p[i - 1] == ' ');
    }
    return fields >= 5;
}

/* The next record start in the window at or after p: a version line (WARC) or a header line
 * (ARC) at a line start.  NULL when none is in the window. */
static const unsigned char *next_record_start(const warc_reader *r, const unsigned char *p, const unsigned char *end) {
    if (r->is_arc) {
        for (const unsigned char *q = p; q < end; q++) {
            if (q != r->buf && q[-1] != '\n') continue;
            if (looks_like_arc_header(q, (size_t)(end - q))) return q;
        }
        return NULL;
    }
    for (const unsigned char *q = p; (q = memmem(q, (size_t)(end - q), "WARC/", 5)); q++) {
        if ((q == r->buf || q[-1] == '\n') && q + 5 < end && isdigit(q[5])) return q;
        if (q + 6 > end) break;
    }
    return NULL;
}

/* Scans forward to the next record start; returns the number of bytes skipped. */
static uint64_t resync(warc_reader *r) {
    uint64_t skipped = 0;
    for (;;) {
        fill(r, 4096);
        if (avail(r) < 6) { skipped += avail(r); r->pos = r->len; return skipped; }
        unsigned char *p = r->buf + r->pos, *end = r->buf + r->len;
        const unsigned char *q = next_record_start(r, p, end);
        if (q) {
            skipped += (uint64_t)(q - p);
            r->pos += (size_t)(q - p);
            return skipped;
        }
        size_t keep = 5;   /* a version line may straddle the window's end */
        skipped += avail(r) - keep;
        r->pos = r->len - keep;
    }
}

/* Copies the header section [p, p+n) to owned storage, splits it into lines and fields. */
static int parse_headers(warc_reader *r, const unsigned char *p, size_t n) {
    if (n + 1 > r->header_cap) {
        char *t = realloc(r->header_text, n + 1);
        if (!t) return -1;
        r->header_text = t, r->header_cap = n + 1;
    }
    memcpy(r->header_text, p, n);
    r->header_text[n] = 0;
    warc_record *rec = &r->rec;
    size_t nuls = 0;   /* a NUL would end the header section early (Content-Length lost): a space instead */
    for (char *z; (z = memchr(r->header_text, 0, n)); nuls++) *z = ' ';
    if (nuls) report(r, rec, "%zu NUL bytes in the header, read as spaces", nuls);
    rec->nheaders = 0;
    char *line = r->header_text, *next;
    for (; *line; line = next) {
        next = strchr(line, '\n');
        next = next ? (*next = 0, next + 1) : line + strlen(line);
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) line[--len] = 0;
        if (!len) continue;
        if ((*line == ' ' || *line == '\t') && rec->nheaders) {   /* folded continuation */
            while (*line == ' ' || *line == '\t') line++;
            char *prev = rec->headers[rec->nheaders - 1].value;
            size_t plen = strlen(prev);
            memmove(prev + plen + 1, line, strlen(line) + 1);   /* joined in place: line follows prev */
            prev[plen] = ' ';
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon || rec->nheaders == MAX_HEADERS) return -1;
        *colon = 0;
        char *value = colon + 1;
        while (*value == ' ' || *value == '\t') value++;
        rec->headers[rec->nheaders++] = (warc_header){line, value};
    }
    return 0;
}

/* Strips the <...> that wget and WARC/1.1 drafts put around URIs. */
static void unbracket(const char **v) {
    if (!*v || **v != '<') return;
    char *s = (char *)*v;
    size_t n = strlen(s);
    if (n >= 2 && s[n - 1] == '>') { s[n - 1] = 0; *v = s + 1; }
}

static int64_t parse_length(const char *v) {
    if (!v) return -1;
    while (*v == ' ') v++;
    if (!isdigit((unsigned char)*v)) return -1;
    int64_t n = 0;
    for (; isdigit((unsigned char)*v); v++) {
        if (n > (INT64_MAX - 9) / 10) return -1;
        n = n * 10 + (*v - '0');
    }
    while (*v == ' ') v++;
    return *v ? -1 : n;
}

static void name_fields(warc_record *rec) {
    rec->type = warc_header_get(rec, "WARC-Type");
    rec->record_id = warc_header_get(rec, "WARC-Record-ID");
    rec->target_uri = warc_header_get(rec, "WARC-Target-URI");
    rec->date = warc_header_get(rec, "WARC-Date");
    rec->content_type = warc_header_get(rec, "Content-Type");
    rec->payload_digest = warc_header_get(rec, "WARC-Payload-Digest");
    unbracket(&rec->target_uri);
}

/* The bytes right after a block: CR/LF then a version line or the end.  Returns how many
 * separator bytes to skip, or -1 when what follows is not a record boundary. */
static int64_t record_end_at(warc_reader *r, size_t at) {
    fill(r, at + 64);
    size_t n = avail(r);
    const unsigned char *p = r->buf + r->pos;
    size_t i = at;
    if (at > n) return -1;   /* the stream ends inside the claimed block: no record end there */
    while (i < n && i - at < 16 && (p[i] == '\r' || p[i] == '\n')) i++;
    if (i >= n && r->eof) return (int64_t)(i - at);
    if (r->is_arc) return looks_like_arc_header(p + i, n - i) ? (int64_t)(i - at) : -1;
    return is_version_line(p + i, n - i) ? (int64_t)(i - at) : -1;
}

/* A block that does not end where it should: does it hold the next record's start?  Looks for a
 * version line followed by a "WARC-" header inside the first `len` bytes; returns its offset. */
static int64_t next_record_inside(warc_reader *r, size_t len) {
    const unsigned char *p = r->buf + r->pos, *end = p + len;
    for (const unsigned char *q = p; (q = memmem(q, (size_t)(end - q), "WARC/", 5)); q++) {
        if (q != p && q[-1] != '\n') continue;
        size_t l = line_length(q, (size_t)(r->buf + r->len - q));
        if (l && is_version_line(q, l) && q + l + 5 <= r->buf + r->len && !memcmp(q + l, "WARC-", 5)) {
            for (int k = 0; k < 4 && q > p && (q[-1] == '\n' || q[-1] == '\r'); k++) q--;   /* the separator */
            return q - p;
        }
    }
    return -1;
}

/* The block of a WARC record whose length is missing or not a number: up to the next record start
 * in the window, or to the end of the stream (its trailing newlines left out); -1 when neither is
 * within the window. */
static int64_t block_without_length(warc_reader *r) {
    size_t have = fill(r, WINDOW_MAX);
    int64_t cut = next_record_inside(r, have);
    if (cut >= 0 || !r->eof) return cut;
    const unsigned char *p = r->buf + r->pos;
    while (have && (p[have - 1] == '\r' || p[have - 1] == '\n')) have--;
    return (int64_t)have;
}

/* ARC v1 header line: URL IP DATE MIME LENGTH.  Fills rec from it. */
static int parse_arc_line(warc_reader *r, const unsigned char *p, size_t n) {
    if (n + 1 > r->header_cap) {
        char *t = realloc(r->header_text, n + 64);
        if (!t) return -1;
        r->header_text = t, r->header_cap = n + 64;
    }
    char *s = r->header_text;
    memcpy(s, p, n);
    s[n] = 0;
    s[strcspn(s, "\r\n")] = 0;
    char *field[64];
    int nf = 0;
    for (char *t = strtok(s, " "); t && nf < 64; t = strtok(NULL, " ")) field[nf++] = t;
    if (nf < 5) return -1;
    warc_record *rec = &r->rec;
    rec->content_length = parse_length(field[nf - 1]);
    for (int i = 1; i < nf - 4; i++) field[i][-1] = ' ';   /* a URL with spaces: rejoin */
    char *date = r->arc_date;
    const char *d = field[nf - 3];
    if (strlen(d) >= 14) snprintf(date, sizeof r->arc_date, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", d, d + 4, d + 6, d + 8, d + 10, d + 12);
    else snprintf(date, sizeof r->arc_date, "%s", d);
    int is_filedesc = !strncmp(field[0], "filedesc:", 9);
    rec->headers = r->headers;
    rec->nheaders = 0;
    if (is_filedesc) {
        const char *name = field[0] + 9;
        while (*name == '/') name++;
        r->headers[rec->nheaders++] = (warc_header){"WARC-Filename", (char *)name};
    } else {
        r->headers[rec->nheaders++] = (warc_header){"WARC-Target-URI", field[0]};
    }
    r->headers[rec->nheaders++] = (warc_header){"WARC-IP-Address", field[nf - 4]};
    r->headers[rec->nheaders++] = (warc_header){"WARC-Date", date};
    r->headers[rec->nheaders++] = (warc_header){"ARC-Content-Type", field[nf - 2]};
    r->headers[rec->nheaders++] = (warc_header){"ARC-Length", field[nf - 1]};
    r->headers[rec->nheaders++] = (warc_header){"WARC-Type", is_filedesc ? "warcinfo" : "response"};
    name_fields(rec);
    rec->content_type = is_filedesc ? "text/plain" : "application/http; msgtype=response";
    snprintf(rec->version, sizeof rec->version, "ARC");
    return 0;
}

/* Reads the header section of the record at the window's position; 1 ok, 0 end, -1 bad. */
static int read_record_header(warc_reader *r, uint64_t number) {
    warc_record *rec = &r->rec;
    memset(rec, 0, sizeof *rec);
    rec->number = number;
    rec->headers = r->headers;
    fill(r, 64);
    while (avail(r) && (r->buf[r->pos] == '\r' || r->buf[r->pos] == '\n')) {
        r->pos++;
        if (!avail(r)) fill(r, 64);
    }
    if (!avail(r)) return 0;
    rec->uoffset = upos(r);
    rec->offset = instream_member_at(r->in, rec->uoffset);
    const unsigned char *p = r->buf + r->pos;
    if (r->is_arc) {
        size_t n = fill(r, 4096);
        p = r->buf + r->pos;
        size_t l = line_length(p, n);
        if (!l || parse_arc_line(r, p, l)) return -1;
        r->pos += l;
        return 1;
    }
    size_t n0 = fill(r, 64);
    p = r->buf + r->pos;
    size_t first = line_length(p, n0);
    if (!first || !is_version_line(p, first) || first > sizeof rec->version + 2) return -1;
    snprintf(rec->version, sizeof rec->version, "%.*s", (int)strcspn((const char *)p, "\r\n"), p);
    /* The header section ends at the first empty line ("\n", "\r\n" or "\r\r\n"). */
    size_t at = first;
    for (;;) {
        size_t n = fill(r, at + 1024);
        p = r->buf + r->pos;
        size_t l = line_length(p + at, n - at);
        if (!l) {
            if (r->eof || n >= HEADER_MAX) return -1;
            fill(r, n + 4096);
            continue;
        }
        at += l;
        if (l <= 3 && (l == 1 || p[at - l] == '\r') && (l < 3 || p[at - 2] == '\r')) break;
        if (at > HEADER_MAX) return -1;
    }
    if (parse_headers(r, p + first, at - first)) return -1;
    r->pos += at;
    name_fields(rec);
    rec->content_length = parse_length(warc_header_get(rec, "Content-Length"));
    for (int i = 0; i < rec->nheaders; i++)
        if (!utf8_valid(rec->headers[i].value, strlen(rec->headers[i].value)))
            report(r, rec, "header %s is not valid UTF-8 (bad bytes shown as U+FFFD)", rec->headers[i].name);
    return 1;
}

/* Finishes the current record: skips the rest of its block and its separator. */
static void finish_record(warc_reader *r) {
    if (!r->in_record) return;
    while (r->block_left) {
        size_t n = fill(r, 1);
        if (!n) break;
        size_t take = n < r->block_left ? n : (size_t)r->block_left;
        r->pos += take;
        r->block_left -= take;
    }
    if (r->block_left) {   /* the stream ended inside the block */
        if (!r->rec.truncated)
            report(r, &r->rec, "record truncated: %llu of its %llu bytes are missing",
                   (unsigned long long)r->block_left, (unsigned long long)r->rec.block_length);
        r->block_left = 0;
    } else {
        int64_t sep = record_end_at(r, 0);
        if (sep >= 0) {
            r->pos += (size_t)sep;
        } else {
            uint64_t at = upos(r);
            uint64_t skipped = resync(r);
            report(r, &r->rec, "no record end after the block (is Content-Length %lld wrong?): "
                   "skipped %llu bytes from stream byte %llu to the next record",
                   (long long)r->rec.content_length, (unsigned long long)skipped, (unsigned long long)at);
        }
    }
    r->in_record = 0;
}

int warc_next(warc_reader *r, const warc_record **out) {
    if (!r->started) {   /* read nothing before the caller has set its error handler */
        r->started = 1;
        fill(r, 16);
        r->is_arc = avail(r) >= 11 && !memcmp(r->buf, "filedesc://", 11);
    }
    finish_record(r);
    uint64_t number = r->rec.number;
    for (;;) {
        uint64_t at = upos(r);
        int rc = read_record_header(r, number + 1);
        if (rc == 0) return 0;
        if (rc < 0) {
            uint64_t skipped = resync(r);
            if (skipped == 0 && avail(r)) { r->pos++; skipped = 1 + resync(r); }
            report(r, NULL, "record %llu: not a valid %s record header at stream byte %llu; skipped %llu bytes",
                   (unsigned long long)(number + 1), r->is_arc ? "ARC" : "WARC", (unsigned long long)at,
                   (unsigned long long)skipped);
            if (!avail(r) && r->eof) return 0;
            continue;
        }
        break;
    }
    warc_record *rec = &r->rec;
    r->in_record = 1;
    rec->block_length = rec->content_length > 0 ? (uint64_t)rec->content_length : 0;
    if (rec->content_length < 0) {
        const char *v = warc_header_get(rec, r->is_arc ? "ARC-Length" : "Content-Length");
        int64_t found = r->is_arc ? -1 : block_without_length(r);
        if (found >= 0) rec->block_length = (uint64_t)found;
        char taken[64] = "block taken as empty";
        if (found >= 0) snprintf(taken, sizeof taken, "block taken up to the next record (%lld bytes)", (long long)found);
        report(r, rec, "%s %s%s%s: %s", r->is_arc ? "ARC length" : "Content-Length", v ? "'" : "missing", v ? v : "",
               v ? "' is not a number" : "", taken);
    }
    r->block_left = rec->block_length;
    /* A block that fits the window is checked for its record end; a larger one only for whether the
     * stream ends before it does -- either way a lie is cut at the next record inside, so no record's
     * pages are read as another's. */
    int lies = rec->block_length <= WINDOW_MAX ? record_end_at(r, (size_t)rec->block_length) < 0
                                               : fill(r, WINDOW_MAX) < rec->block_length && r->eof;
    if (lies) {
        size_t have = fill(r, rec->block_length <= WINDOW_MAX ? (size_t)rec->block_length : WINDOW_MAX);
        int64_t cut = next_record_inside(r, have < rec->block_length ? have : (size_t)rec->block_length);
        if (cut >= 0) {
            report(r, rec, "Content-Length %lld runs into the next record; block cut at %lld bytes",
                   (long long)rec->content_length, (long long)cut);
            r->block_left = rec->block_length = (uint64_t)cut;
        }
    }
    *out = rec;
    return 1;
}

ssize_t warc_read(warc_reader *r, void *buf, size_t n) {
    if (!r->in_record || !r->block_left) return 0;
    size_t have = avail(r) ? avail(r) : fill(r, 1);
    if (!have) {
        r->rec.truncated = 1;
        report(r, &r->rec, "record truncated: %llu of its %llu bytes are missing",
               (unsigned long long)r->block_left, (unsigned long long)r->rec.block_length);
        r->block_left = 0;
        return 0;
    }
    size_t take = have < n ? have : n;
    if (take > r->block_left) take = (size_t)r->block_left;
    memcpy(buf, r->buf + r->pos, take);
    r->pos += take;
    r->block_left -= take;
    return (ssize_t)take;
}

size_t warc_read_block(warc_reader *r, size_t max, const unsigned char **data, int *complete) {
    size_t want = r->block_left < max ? (size_t)r->block_left : max;
    if (want > WINDOW_MAX) want = WINDOW_MAX;
    size_t have = fill(r, want);
    if (have < want) {
        r->rec.truncated = 1;
        report(r, &r->rec, "record truncated: %llu of its %llu bytes are missing",
               (unsigned long long)(r->block_left - have), (unsigned long long)r->rec.block_length);
        want = have;
        r->block_left = have;
    }
    *data = r->buf + r->pos;
    r->pos += want;
    r->block_left -= want;
    *complete = r->block_left == 0 && !r->rec.truncated;
    return want;
}
