/* jsonl.c -- JSON Lines over jansson. */
#include "core/jsonl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct jl_reader {
    FILE *f;
    char *name;
    char *line;
    size_t cap;
    ssize_t len;
    long lineno;
    char error[300];
};

jl_reader *jl_open(const char *path, char *err, size_t errlen) {
    jl_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    int is_stdin = !strcmp(path, "-");
    r->f = is_stdin ? stdin : fopen(path, "r");
    r->name = strdup(is_stdin ? "(stdin)" : path);
    if (!r->f || !r->name) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        if (r->f && !is_stdin) fclose(r->f);
        free(r->name);
        free(r);
        return NULL;
    }
    return r;
}

void jl_close(jl_reader *r) {
    if (!r) return;
    if (r->f != stdin) fclose(r->f);
    free(r->line);
    free(r->name);
    free(r);
}

const char *jl_name(const jl_reader *r) { return r->name; }
long jl_line(const jl_reader *r) { return r->lineno; }
const char *jl_error(const jl_reader *r) { return r->error; }
const char *jl_raw(const jl_reader *r, size_t *len) { *len = r->len > 0 ? (size_t)r->len : 0; return r->line; }

jl_status jl_next_line(jl_reader *r) {
    for (;;) {
        errno = 0;
        r->len = getline(&r->line, &r->cap, r->f);
        if (r->len < 0) {
            if (ferror(r->f)) { snprintf(r->error, sizeof r->error, "read error: %s", strerror(errno)); return JL_IO_ERROR; }
            return JL_END;
        }
        r->lineno++;
        while (r->len && (r->line[r->len - 1] == '\n' || r->line[r->len - 1] == '\r')) r->line[--r->len] = 0;
        if (r->len && strspn(r->line, " \t") != (size_t)r->len) return JL_RECORD;
    }
}

jl_status jl_parse(const char *line, size_t len, json_t **rec, char *err, size_t errlen) {
    json_error_t e;   /* jansson validates UTF-8 as it parses */
    json_t *v = json_loadb(line, len, JSON_ALLOW_NUL, &e);   /* a repeated key: the last wins */
    *rec = NULL;
    if (!v) {
        int utf8 = json_error_code(&e) == json_error_invalid_utf8 || strstr(e.text, "decode byte");
        snprintf(err, errlen, "%s at column %d: %s", utf8 ? "invalid UTF-8" : "invalid JSON", e.column, e.text);
        return JL_MALFORMED;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        snprintf(err, errlen, "not a JSON object");
        return JL_MALFORMED;
    }
    *rec = v;
    return JL_RECORD;
}

jl_status jl_next(jl_reader *r, json_t **rec) {
    *rec = NULL;
    jl_status s = jl_next_line(r);
    return s == JL_RECORD ? jl_parse(r->line, (size_t)r->len, rec, r->error, sizeof r->error) : s;
}

int jl_write(FILE *f, const json_t *rec) {
    if (json_dumpf(rec, f, JSON_COMPACT | JSON_PRESERVE_ORDER) || fputc('\n', f) == EOF) return -1;
    return 0;
}

json_t *jl_malformed_json(const char *name, long line, const char *why, const char *raw_line, size_t len) {
    char detail[400];
    snprintf(detail, sizeof detail, "%s:%ld: %s", name, line, why);
    char *raw = utf8_sanitize(raw_line ? raw_line : "", raw_line ? len : 0);
    json_t *o = json_pack("{s:s, s:s, s:s?}", "reject_reason", "malformed", "reject_detail", detail, "raw", raw);
    free(raw);
    return o;
}

json_t *jl_malformed_record(const jl_reader *r) {
    return jl_malformed_json(r->name, r->lineno, r->error, r->line, r->len > 0 ? (size_t)r->len : 0);
}
