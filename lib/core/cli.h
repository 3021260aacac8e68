/* cli.h -- what every gr program shares on the command line and on stderr.
 *
 * Options come from one table per program (its own) plus the common ones of DESIGN.md, which this
 * module appends: --help --version --threads --rejects --strict --progress --quiet.  Diagnostics go to
 * stderr as "prog: message"; stdout carries data only.  A tally counts records in, out and rejected
 * per reason and prints the closing summary line.  Nothing here exits: main picks the exit code. */
#ifndef GR_CLI_H
#define GR_CLI_H

#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/output.h"

#define GR_VERSION "0.1.0"

enum { EXIT_DONE = 0, EXIT_STRICT = 1, EXIT_USAGE = 2 };

/* CLI_CHOICE: a string that must be one of the words of its metavar, "a|b|c" (checked when parsed,
 * so a bad word is refused before any other check or any work). */
typedef enum { CLI_FLAG, CLI_INT, CLI_DOUBLE, CLI_STRING, CLI_CHOICE, CLI_LIST } cli_kind;

/* A repeatable option: every use appends, and a comma-separated value appends each item. */
typedef struct { char **items; int n; } cli_list;

typedef struct {
    const char *name;      /* long name, without "--" */
    char short_name;       /* 0 when none */
    cli_kind kind;
    void *target;          /* int* (FLAG), long* (INT), double* (DOUBLE), const char** (STRING, CHOICE), cli_list* */
    const char *metavar;   /* shown in --help for options that take a value */
    const char *help;
    double min, max;       /* bounds for INT and DOUBLE */
} cli_option;

typedef struct {
    const char *name;      /* program name */
    const char *synopsis;  /* one line: what it does */
    const char *usage;     /* "[options] [FILE...]" */
    const char *details;   /* paragraphs printed after the options, may be NULL */
    const char *example;   /* an example pipeline */
    const cli_option *options; /* the program's own, ended by a zeroed entry; may be NULL */
} cli_program;

typedef struct {
    long threads;          /* --threads N (0 = all cores) */
    const char *rejects;   /* --rejects FILE */
    int strict, progress, quiet;
    char **files;          /* operands; "-" or none means stdin */
    int nfiles;
} cli_common;

typedef enum { CLI_RUN, CLI_STOP_OK, CLI_STOP_USAGE } cli_result;

/* Parses argv into the program's targets and *common.  CLI_STOP_OK: --help or --version was
 * printed; CLI_STOP_USAGE: a message naming the bad option was printed to stderr. */
cli_result cli_parse(const cli_program *prog, cli_common *common, int argc, char **argv);
void cli_list_free(cli_list *l);

/* Messages on stderr prefixed by the program name set by cli_parse. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_verror(const char *fmt, va_list ap);
/* Counting what a filter did with its records. */
#define TALLY_MAX_REASONS 48
typedef struct {
    uint64_t in, out, rejected;
    uint64_t malformed;    /* damage met (a record may be damaged and still pass) */
    int nreasons;
    struct { char reason[40]; uint64_t count; } reasons[TALLY_MAX_REASONS];
} tally;

void tally_reject(tally *t, const char *reason);
void tally_merge(tally *into, const tally *from);
/* "prog: 10 records in, 8 out, 2 rejected (too_short 1, near_duplicate 1), 1 malformed"; the
 * words name what came in and what went out ("records in", "pairs out"). */
void tally_print(const tally *t, const char *in_words, const char *out_words, FILE *f);

/* Opens the file named by an output flag (output.h) unless it is also one of inputs[0..n); on
 * failure prints one line naming the flag and the path.  0, or -1. */
int cli_open_output(safe_file *s, const char *flag, const char *path, char *const *inputs, int n);

/* Progress on stderr, rate-limited; a no-op unless enabled. */
typedef struct { int enabled; double start, last; } progress;
void progress_init(progress *p, int enabled);
void progress_update(progress *p, uint64_t records, uint64_t bytes, uint64_t total_bytes);
/* The final line, whatever the rate limit. */
void progress_done(progress *p, uint64_t records, uint64_t bytes);

double now_seconds(void);

#endif
