/* warc-extract -- question/answer pairs out of web crawls.
 *
 * Reads WARC (0.x-1.1, WET) and ARC files, compressed or not, record by record.  By default it
 * decodes each HTML or plain-text page and prints one JSONL record per question/answer pair that
 * structured data (JSON-LD, microdata) or conservative text patterns reveal.  With --list it prints
 * one line per WARC record instead: the index view (offsets, ids, digests) that warcio and cdx users
 * know.  Files are processed in parallel; output keeps the order of the files. */
#include "core/cli.h"
#include "web/http.h"
#include "core/jsonl.h"
#include "web/page.h"
#include "web/html.h"
#include "qa/extract.h"
#include "core/sha1.h"
#include "web/warc.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char details[] =
    "Reads WARC 1.0/1.1 (and 0.17/0.18), WET and ARC files: per-record gzip, whole-file gzip, zstd,\n"
    "xz, bzip2, lz4 or uncompressed.  Extractors: jsonld-qapage, jsonld-faqpage, jsonld-quiz,\n"
    "jsonld-question, microdata-question, text-qa-pattern, text-problem-solution, text-answer-key\n"
    "(docs/extraction.md says exactly what each takes).  Damaged records are reported on stderr as\n"
    "'FILE: record N at byte B: reason', counted, and skipped; reading resumes at the next record.\n"
    "Exit status: 0 done, 1 damage met under --strict, 2 usage error or unreadable file.\n";

typedef struct {
    int list;
    int pages;             /* a page without QA markup becomes a page record, not a no_pairs reject */
    long max_page_bytes;
} options;

typedef struct {
    const char *path;
    const options *opt;
    const cli_common *common;
    FILE *out;
    FILE *rejects;
    int prefetch;          /* decompress on a second thread */
    uint64_t bytes_seen;   /* for the progress meter */
    tally t;
    int unreadable;
} file_job;

/* ---- progress (stderr, --progress or a terminal) ----------------------------------------- */

static progress meter;
static uint64_t meter_records, meter_bytes, meter_total;

/* Adds this record and the compressed bytes read since the last call to the shared meter. */
static void count_progress(file_job *job, warc_reader *r) {
    if (!meter.enabled) return;
    uint64_t now = warc_bytes_in(r), delta = now - job->bytes_seen;
    job->bytes_seen = now;
#pragma omp critical(meter)
    {
        meter_records++;
        meter_bytes += delta;
        progress_update(&meter, meter_records, meter_bytes, meter_total);
    }
}

/* ---- errors ---------------------------------------------------------------------------- */

/* Damage is counted, said on stderr, and listed in --rejects, so the rejects file accounts for every
 * region of the input that was skipped or repaired, not only for whole records. */
static void on_warc_error(void *ctx, const warc_record *rec, int64_t offset, const char *msg) {
    file_job *job = ctx;
    job->t.malformed++;
    if (job->rejects) {
        json_t *o = json_pack("{s:s, s:s, s:s}", "warc_file", job->path, "reject_reason", "malformed", "reject_detail", msg);
        if (rec) json_object_set_new(o, "record", json_integer((json_int_t)rec->number));
        if (offset >= 0) json_object_set_new(o, "offset", json_integer(offset));
        jl_write(job->rejects, o);
        json_decref(o);
    }
    if (job->common->quiet) return;
    if (rec && offset >= 0)
        cli_error("%s: record %llu at byte %lld: %s", job->path, (unsigned long long)rec->number, (long long)offset, msg);
    else if (rec)
        cli_error("%s: record %llu: %s", job->path, (unsigned long long)rec->number, msg);
    else
        cli_error("%s: %s", job->path, msg);
}

static void write_reject(file_job *job, const warc_record *rec, const char *reason, const char *detail) {
    tally_reject(&job->t, reason);
    if (!job->rejects) return;
    json_t *o = json_pack("{s:s, s:I, s:s?, s:s?, s:s, s:s?}", "warc_file", job->path, "record", (json_int_t)rec->number,
                          "warc_record_id", rec->record_id, "url", rec->target_uri, "reject_reason", reason,
                          "reject_detail", detail);
    if (rec->offset >= 0) json_object_set_new(o, "offset", json_integer(rec->offset));
    jl_write(job->rejects, o);
    json_decref(o);
}

/* Header values go into JSON, which must be UTF-8: invalid bytes become U+FFFD. */
static void set_text(json_t *o, const char *key, const char *value) {
    if (!value) return;
    size_t n = strlen(value);
    if (utf8_valid(value, n)) { json_object_set_new(o, key, json_stringn(value, n)); return; }
    char *clean = utf8_sanitize(value, n);
    if (clean) json_object_set_new(o, key, json_string(clean));
    free(clean);
}

/* ---- --list: the index view ------------------------------------------------------------- */

static int is_http_block(const warc_record *rec) {
    return rec->content_type && !strncasecmp(rec->content_type, "application/http", 16);
}

/* Index fields from the block: for HTTP messages (responses, requests, revisits) the status and
 * the payload's media type from the HTTP head, and the SHA-1 of the payload after the head,
 * de-chunked (a broken chunked encoding falls back to the raw body, as warcio does); for other
 * records the record's media type and the SHA-1 of the whole block.  Revisits carry no payload,
 * so they get no payload_sha1. */
static void hash_payload(warc_reader *r, const warc_record *rec, json_t *o, file_job *job) {
    const unsigned char *data;
    int complete;
    size_t n = warc_read_block(r, 65536, &data, &complete);
    sha1_ctx raw, plain;
    sha1_init(&raw);
    dechunk dc;
    int chunked = 0;
    char mime[128] = "";
    if (is_http_block(rec)) {
        http_head h;
        long head = http_parse_head(data, n, &h, complete);
        if (head > 0) {
            if (h.status) json_object_set_new(o, "http_status", json_integer(h.status));
            if (h.status) http_media_type(h.content_type, mime, sizeof mime);   /* a request's own type */
            chunked = h.chunked;
            data += head, n -= (size_t)head;
        }
    }
    if (!mime[0]) http_media_type(rec->content_type, mime, sizeof mime);
    if (mime[0]) set_text(o, "mime", mime);
    if (chunked) sha1_init(&plain), dechunk_init(&dc);
    unsigned char *tmp = chunked ? malloc(1 << 20) : NULL;
    if (chunked && !tmp) {
        on_warc_error(job, rec, rec->offset, "out of memory for de-chunking; payload digest taken over the raw body");
        chunked = 0;
    }
    for (;;) {
        sha1_update(&raw, data, n);
        for (size_t at = 0; tmp && at < n && !dc.error;) {
            size_t step = n - at < (1u << 20) ? n - at : (1u << 20);
            size_t got = dechunk_feed(&dc, data + at, step, tmp);
            sha1_update(&plain, tmp, got);
            at += step;
        }
        if (complete || rec->truncated) break;
        n = warc_read_block(r, 1 << 20, &data, &complete);
        if (!n) break;
    }
    if (chunked && dc.error && dc.chunks)
        on_warc_error(job, rec, rec->offset, "broken chunked transfer encoding; payload digest taken over the raw body");
    uint8_t digest[20];
    char b32[40] = "sha1:";
    sha1_final(chunked && !dc.error ? &plain : &raw, digest);
    free(tmp);
    if (rec->type && !strcmp(rec->type, "revisit")) return;
    sha1_base32(digest, b32 + 5);
    json_object_set_new(o, "payload_sha1", json_string(b32));
}

static json_t *index_entry(warc_reader *r, const warc_record *rec, file_job *job) {
    json_t *o = json_object();
    json_object_set_new(o, "warc_file", json_string(job->path));
    if (rec->offset >= 0) json_object_set_new(o, "offset", json_integer(rec->offset));
    set_text(o, "type", rec->type);
    set_text(o, "warc_record_id", rec->record_id);
    set_text(o, "target_uri", rec->target_uri);
    set_text(o, "date", rec->date);
    if (rec->content_length >= 0) json_object_set_new(o, "content_length", json_integer(rec->content_length));
    hash_payload(r, rec, o, job);
    set_text(o, "payload_digest", rec->payload_digest);
    return o;
}

/* Prints the entry held back until the next record's offset (or the end) gives its length. */
static void flush_entry(json_t **pending, int64_t end, file_job *job) {
    if (!*pending) return;
    json_t *off = json_object_get(*pending, "offset");
    if (off && end >= 0) {
        /* keep "length" next to "offset": rebuild the key order */
        json_t *o = json_object();
        const char *k;
        json_t *v;
        json_object_foreach(*pending, k, v) {
            json_object_set(o, k, v);
            if (!strcmp(k, "offset")) json_object_set_new(o, "length", json_integer(end - json_integer_value(off)));
        }
        json_decref(*pending);
        *pending = o;
    }
    jl_write(job->out, *pending);
    job->t.out++;
    json_decref(*pending);
    *pending = NULL;
}

static void list_records(warc_reader *r, file_job *job) {
    const warc_record *rec;
    json_t *pending = NULL;
    while (warc_next(r, &rec)) {
        job->t.in++;
        count_progress(job, r);
        flush_entry(&pending, rec->offset, job);
        pending = index_entry(r, rec, job);
        if (job->common->strict && job->t.malformed) break;
    }
    flush_entry(&pending, (int64_t)warc_bytes_in(r), job);
}

/* ---- default mode: question/answer pairs --------------------------------------------------- */

/* A new record's first fields: its id (from the URL and index: -1 for a page record) and where
 * it came from. */
static json_t *provenance(const warc_record *rec, int index, const file_job *job) {
    json_t *o = json_object();
    char id[17], domain[256];
    qa_pair_id(rec->target_uri ? rec->target_uri : "", index, id);
    page_url_host(rec->target_uri ? rec->target_uri : "", domain, sizeof domain);
    json_object_set_new(o, "id", json_string(id));
    set_text(o, "url", rec->target_uri);
    set_text(o, "domain", domain);
    json_object_set_new(o, "warc_file", json_string(job->path));
    set_text(o, "warc_record_id", rec->record_id);
    set_text(o, "warc_date", rec->date);
    return o;
}

static void emit_pairs(const warc_record *rec, const qa_list *pairs, file_job *job) {
    for (int i = 0; i < pairs->n; i++) {
        const qa_pair *p = &pairs->pairs[i];
        json_t *o = provenance(rec, i, job);
        json_object_set_new(o, "extractor", json_string(p->extractor));
        json_object_set_new(o, "question", json_string(p->question));
        json_object_set_new(o, "answer", json_string(p->answer));
        if (p->solution) json_object_set_new(o, "solution", json_string(p->solution));
        if (p->nchoices) {
            json_t *a = json_array();
            for (int c = 0; c < p->nchoices; c++) json_array_append_new(a, json_string(p->choices[c]));
            json_object_set_new(o, "choices", a);
        }
        json_object_set_new(o, "answer_words", json_integer(qa_word_count(p->answer)));
        jl_write(job->out, o);
        json_decref(o);
        job->t.out++;
    }
}

/* A page with no QA markup, for a later stage to read (edu-filter, llm-extract): its provenance and
 * its text as the text extractors see it (HTML to lines of text). */
static void emit_page(const warc_record *rec, const page *pg, file_job *job) {
    json_t *o = provenance(rec, -1, job);
    buf text;
    buf_init(&text);
    if (pg->is_html) html_to_text(pg->text, pg->len, &text);
    else buf_append(&text, pg->text, pg->len);
    json_object_set_new(o, "text", json_stringn(text.data ? text.data : "", text.len));
    buf_free(&text);
    jl_write(job->out, o);
    json_decref(o);
    job->t.out++;
}

static void extract_records(warc_reader *r, file_job *job) {
    const warc_record *rec;
    page pg;
    page_init(&pg);
    while (warc_next(r, &rec)) {
        job->t.in++;
        count_progress(job, r);
        const char *why = page_load(&pg, r, rec, (size_t)job->opt->max_page_bytes, job->opt->pages ? NULL : qa_candidate);
        if (pg.damage[0]) on_warc_error(job, rec, rec->offset, pg.damage);
        if (why) { write_reject(job, rec, why, pg.detail[0] ? pg.detail : NULL); continue; }
        qa_list pairs = {0};
        qa_extract(pg.text, pg.len, pg.is_html, &pairs);
        if (pairs.n) emit_pairs(rec, &pairs, job);
        else if (job->opt->pages) emit_page(rec, &pg, job);
        else write_reject(job, rec, "no_pairs", NULL);
        qa_list_free(&pairs);
        if (job->common->strict && job->t.malformed) break;
    }
    page_free(&pg);
}

/* ---- files ---------------------------------------------------------------------------------- */

static void process_file(file_job *job) {
    char err[300];
    warc_reader *r = warc_open(job->path, err, sizeof err);
    if (!r) {
        cli_error("%s: %s", job->path, err);
        job->unreadable = 1;
        return;
    }
    warc_on_error(r, on_warc_error, job);
    if (job->prefetch) warc_prefetch(r);
    if (job->opt->list) list_records(r, job);
    else extract_records(r, job);
    warc_close(r);
}

/* Runs the jobs on up to `threads` threads.  Output goes straight to stdout with one thread;
 * with more, each file's output is buffered and written in file order as soon as its turn comes. */
static void run_jobs(file_job *jobs, int n, int threads) {
    if (threads <= 1 || n <= 1) {
        for (int i = 0; i < n; i++) process_file(&jobs[i]);
        return;
    }
    char **bufs = calloc((size_t)n, sizeof *bufs);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    if (!bufs || !lens) {   /* no room to hold each file's output: one file at a time, in order */
        free(bufs), free(lens);
        for (int i = 0; i < n; i++) process_file(&jobs[i]);
        return;
    }
#pragma omp parallel for ordered schedule(dynamic, 1) num_threads(threads)
    for (int i = 0; i < n; i++) {
        FILE *out = open_memstream(&bufs[i], &lens[i]);
        jobs[i].out = out ? out : stdout;
        process_file(&jobs[i]);
        if (out) fclose(out);
#pragma omp ordered
        {
            if (out) fwrite(bufs[i], 1, lens[i], stdout);
            free(bufs[i]);
        }
    }
    free(bufs);
    free(lens);
}

int main(int argc, char **argv) {
    options opt = {.max_page_bytes = 8 << 20};
    const cli_option own[] = {
        {"list", 'l', CLI_FLAG, &opt.list, NULL, "one line per WARC record (offset, ids, digests) instead of QA pairs", 0, 0},
        {"pages", 0, CLI_FLAG, &opt.pages, NULL, "a page without QA markup becomes {id, url, ..., text} (for llm-extract)", 0, 0},
        {"max-page-bytes", 0, CLI_INT, &opt.max_page_bytes, "N", "skip pages larger than N bytes (default and most: 8388608)", 1024, 8 << 20},
        {0},
    };
    const cli_program prog = {
        .name = "warc-extract",
        .synopsis = "Question/answer pairs (or, with --list, an index) out of WARC, WET and ARC files.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "warc-extract crawl/*.warc.gz | qa-filter | answer-typer > dataset.jsonl",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    char *stdin_only[] = {"-"};
    char **files = common.nfiles ? common.files : stdin_only;
    int nfiles = common.nfiles ? common.nfiles : 1;

    safe_file rejects = {0};
    if (common.rejects && cli_open_output(&rejects, "--rejects", common.rejects, files, nfiles)) return EXIT_USAGE;
    file_job *jobs = calloc((size_t)nfiles, sizeof *jobs);
    if (!jobs) {
        cli_error("out of memory for %d files", nfiles);
        return EXIT_USAGE;
    }
    for (int i = 0; i < nfiles; i++)
        jobs[i] = (file_job){.path = files[i], .opt = &opt, .common = &common, .out = stdout, .rejects = rejects.f};
    int threads = common.threads > 0 ? (int)common.threads : omp_get_num_procs();
    if (rejects.f && threads > 1) threads = 1;   /* one rejects stream, in input order */
    /* Threads go to files first; a file gets a second one for decompression when there is room. */
    int workers = nfiles < threads ? nfiles : threads;
    progress_init(&meter, common.progress);
    for (int i = 0; meter.enabled && i < nfiles; i++) {
        struct stat st;
        if (strcmp(files[i], "-") && !stat(files[i], &st)) meter_total += (uint64_t)st.st_size;
    }
    for (int i = 0; i < nfiles; i++) jobs[i].prefetch = threads >= 2 * workers;
    run_jobs(jobs, nfiles, workers);

    progress_done(&meter, meter_records, meter_bytes);
    tally total = {0};
    int unreadable = 0;
    for (int i = 0; i < nfiles; i++) tally_merge(&total, &jobs[i].t), unreadable |= jobs[i].unreadable;
    free(jobs);
    if (rejects.f && safe_commit(&rejects)) {
        cli_error("--rejects %s: write failed; nothing written there", common.rejects);
        unreadable = 1;
    }
    if (!common.quiet) tally_print(&total, "records in", opt.list ? "lines out" : "pairs out", stderr);
    free(common.files);
    if (fflush(stdout) || ferror(stdout)) { cli_error("write error on stdout"); return EXIT_USAGE; }
    if (unreadable) return EXIT_USAGE;
    return common.strict && total.malformed ? EXIT_STRICT : EXIT_DONE;
}
