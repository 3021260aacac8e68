/* cli.c -- common options, messages, tallies, safe files, progress. */
#include "core/cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *progname = "gr";

void cli_verror(const char *fmt, va_list ap) {
    fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    cli_verror(fmt, ap);
    va_end(ap);
}

static const cli_option common_options[] = {
    {"threads", 'j', CLI_INT, NULL, "N", "worker threads (0 = all cores; default 0)", 0, 4096},
    {"rejects", 0, CLI_STRING, NULL, "FILE", "write rejected and malformed records here, with reject_reason", 0, 0},
    {"strict", 0, CLI_FLAG, NULL, NULL, "the first malformed record is a failure (exit 1)", 0, 0},
    {"progress", 0, CLI_FLAG, NULL, NULL, "progress on stderr even when it is not a terminal", 0, 0},
    {"quiet", 'q', CLI_FLAG, NULL, NULL, "no summary line, no per-record warnings", 0, 0},
    {"help", 'h', CLI_FLAG, NULL, NULL, "show this help", 0, 0},
    {"version", 0, CLI_FLAG, NULL, NULL, "show the version", 0, 0},
    {0},
};

static void *common_target(const cli_option *o, cli_common *c) {
    if (!strcmp(o->name, "threads")) return &c->threads;
    if (!strcmp(o->name, "rejects")) return &c->rejects;
    if (!strcmp(o->name, "strict")) return &c->strict;
    if (!strcmp(o->name, "progress")) return &c->progress;
    if (!strcmp(o->name, "quiet")) return &c->quiet;
    return NULL;
}

static void print_options(const cli_option *opts, FILE *f) {
    for (const cli_option *o = opts; o && o->name; o++) {
        char left[64];
        int n = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->name)
                              : snprintf(left, sizeof left, "    --%s", o->name);
        if (o->metavar && n < (int)sizeof left)
            snprintf(left + n, sizeof left - n, " %s", o->metavar);
        if (strlen(left) > 26) fprintf(f, "  %s\n  %-26s %s\n", left, "", o->help);   /* a long list of choices */
        else fprintf(f, "  %-26s %s\n", left, o->help);
    }
}

static void print_help(const cli_program *p) {
    printf("Usage: %s %s\n%s\n\nOptions:\n", p->name, p->usage, p->synopsis);
    print_options(p->options, stdout);
    print_options(common_options, stdout);
    if (p->details) printf("\n%s", p->details);
    printf("\nExample:\n  %s\n", p->example);
}

/* Finds the option named by arg ("--name", "--name=value", "-x", or getopt's "-xvalue" for an
 * option that takes one); *inline_value gets "value". */
static const cli_option *find_option(const cli_option *opts, const char *arg, const char **inline_value) {
    *inline_value = NULL;
    for (const cli_option *o = opts; o && o->name; o++) {
        if (arg[1] == '-') {
            size_t n = strlen(o->name);
            if (strncmp(arg + 2, o->name, n)) continue;
            if (arg[2 + n] == '=') *inline_value = arg + 3 + n;
            else if (arg[2 + n]) continue;
            return o;
        }
        if (o->short_name && arg[1] == o->short_name && (!arg[2] || o->kind != CLI_FLAG)) {
            if (arg[2]) *inline_value = arg + 2;
            return o;
        }
    }
    return NULL;
}

static int set_value(const cli_option *o, void *target, const char *v) {
    char *end;
    errno = 0;
    switch (o->kind) {
    case CLI_FLAG: *(int *)target = 1; return 0;
    case CLI_STRING: *(const char **)target = v; return 0;
    case CLI_CHOICE:
        for (const char *w = o->metavar; *w; w += strcspn(w, "|"), w += *w == '|') {
            size_t k = strcspn(w, "|");
            if (k == strlen(v) && !strncmp(w, v, k)) { *(const char **)target = v; return 0; }
        }
        return -1;
    case CLI_LIST: {
        cli_list *l = target;
        for (const char *p = v; *p;) {
            size_t k = strcspn(p, ",");
            char **items = realloc(l->items, (size_t)(l->n + 1) * sizeof *items);
            if (!items || !(items[l->n] = strndup(p, k))) { if (items) l->items = items; return -1; }
            l->items = items;
            if (k) l->n++;
            else free(items[l->n]);
            p += k + (p[k] == ',');
        }
        return 0;
    }
    case CLI_INT: {
        long x = strtol(v, &end, 10);
        if (errno || end == v || *end || x < o->min || x > o->max) return -1;
        *(long *)target = x;
        return 0;
    }
    case CLI_DOUBLE: {
        double x = strtod(v, &end);
        if (errno || end == v || *end || !isfinite(x) || x < o->min || x > o->max) return -1;
        *(double *)target = x;
        return 0;
    }
    }
    return -1;
}

cli_result cli_parse(const cli_program *p, cli_common *c, int argc, char **argv) {
    progname = p->name;
    memset(c, 0, sizeof *c);
    c->files = calloc((size_t)argc + 1, sizeof *c->files);
    if (!c->files) { cli_error("out of memory"); return CLI_STOP_USAGE; }
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || !a[1]) { c->files[c->nfiles++] = argv[i]; continue; }
        if (!strcmp(a, "--")) { only_files = 1; continue; }
        const char *value;
        const cli_option *o = find_option(p->options, a, &value);
        void *target = o ? o->target : NULL;
        if (!o && (o = find_option(common_options, a, &value))) target = common_target(o, c);
        if (!o) { cli_error("unknown option %s; try '%s --help'", a, p->name); return CLI_STOP_USAGE; }
        if (o->kind == CLI_FLAG && value) {
            cli_error("option --%s takes no value; try '%s --help'", o->name, p->name);
            return CLI_STOP_USAGE;
        }
        if (!strcmp(o->name, "help")) { print_help(p); return CLI_STOP_OK; }
        if (!strcmp(o->name, "version")) { printf("%s (gr) %s\n", p->name, GR_VERSION); return CLI_STOP_OK; }
        if (o->kind != CLI_FLAG && !value) {
            if (i + 1 >= argc) { cli_error("option --%s needs %s", o->name, o->metavar); return CLI_STOP_USAGE; }
            value = argv[++i];
        }
        if (set_value(o, target, value)) {
            if (o->kind == CLI_INT || o->kind == CLI_DOUBLE)
                cli_error("bad value '%s' for --%s (expected a number from %g to %g)", value, o->name, o->min, o->max);
            else if (o->kind == CLI_CHOICE)
                cli_error("bad value '%s' for --%s (choose one of %s)", value, o->name, o->metavar);
            else
                cli_error("bad value '%s' for --%s", value, o->name);
            return CLI_STOP_USAGE;
        }
    }
    return CLI_RUN;
}

void cli_list_free(cli_list *l) {
    for (int i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL, l->n = 0;
}

void tally_reject(tally *t, const char *reason) {
    t->rejected++;
    for (int i = 0; i < t->nreasons; i++)
        if (!strcmp(t->reasons[i].reason, reason)) { t->reasons[i].count++; return; }
    int i = t->nreasons < TALLY_MAX_REASONS ? t->nreasons++ : TALLY_MAX_REASONS - 1;
    if (i == TALLY_MAX_REASONS - 1 && t->reasons[i].count) reason = "other";
    snprintf(t->reasons[i].reason, sizeof t->reasons[i].reason, "%s", reason);
    t->reasons[i].count++;
}

void tally_merge(tally *into, const tally *from) {
    into->in += from->in;
    into->out += from->out;
    into->malformed += from->malformed;
    for (int i = 0; i < from->nreasons; i++)
        for (uint64_t k = 0; k < from->reasons[i].count; k++) tally_reject(into, from->reasons[i].reason);
}

void tally_print(const tally *t, const char *in_words, const char *out_words, FILE *f) {
    fprintf(f, "%s: %llu %s, %llu %s, %llu rejected", progname, (unsigned long long)t->in, in_words,
            (unsigned long long)t->out, out_words, (unsigned long long)t->rejected);
    for (int i = 0; i < t->nreasons; i++)
        fprintf(f, "%s%s %llu", i ? ", " : " (", t->reasons[i].reason, (unsigned long long)t->reasons[i].count);
    if (t->nreasons) fputc(')', f);
    if (t->malformed) fprintf(f, ", %llu malformed", (unsigned long long)t->malformed);
    fputc('\n', f);
}

int cli_open_output(safe_file *s, const char *flag, const char *path, char *const *inputs, int n) {
    memset(s, 0, sizeof *s);
    if (output_is_input(path, inputs, n)) {
        cli_error("%s %s: that file is also an input; writing it would destroy it", flag, path);
        return -1;
    }
    if (safe_open(s, path) == 0) return 0;
    if (errno == EINVAL) cli_error("%s %s: not a file, FIFO or character device", flag, path);
    else cli_error("%s %s: cannot write: %m", flag, path);
    return -1;
}

double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_init(progress *p, int enabled) {
    p->enabled = enabled || isatty(STDERR_FILENO);
    p->start = p->last = now_seconds();
}

static void progress_line(progress *p, double t, uint64_t records, uint64_t bytes, uint64_t total_bytes) {
    double rate = bytes / 1e6 / (t - p->start + 1e-9);
    fprintf(stderr, "\r%s: %llu records, %.1f MB, %.1f MB/s", progname, (unsigned long long)records,
            bytes / 1e6, rate);
    if (total_bytes > bytes && rate > 0)
        fprintf(stderr, ", ETA %.0fs", (total_bytes - bytes) / 1e6 / rate);
    fputs("   ", stderr);
}

void progress_update(progress *p, uint64_t records, uint64_t bytes, uint64_t total_bytes) {
    if (!p->enabled) return;
    double t = now_seconds();
    if (t - p->last < 0.5) return;
    p->last = t;
    progress_line(p, t, records, bytes, total_bytes);
}

void progress_done(progress *p, uint64_t records, uint64_t bytes) {
    if (!p->enabled) return;
    progress_line(p, now_seconds(), records, bytes, 0);
    fputc('\n', stderr);
}
