/* jsonl: records, malformed lines, invalid UTF-8, long lines, key order; cli tally. */
#include "core/cli.h"
#include "core/jsonl.h"
#include "unit.h"

#include <stdlib.h>

int main(void) {
    char path[] = "/tmp/gr-jsonl-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "{\"b\":1,\"a\":2}\n\n{not json}\n[1,2]\n{\"x\":\"\xff\"}\n{\"long\":\"");
    for (int i = 0; i < 200000; i++) fputc('y', f);
    fprintf(f, "\"}\r\n{\"last\":true}");
    fclose(f);
    char err[200];
    jl_reader *r = jl_open(path, err, sizeof err);
    json_t *rec;
    CHECK(jl_next(r, &rec) == JL_RECORD && jl_line(r) == 1, "first record");
    char *dump = json_dumps(rec, JSON_COMPACT);
    CHECK_STR(dump, "{\"b\":1,\"a\":2}", "keys keep their order");
    free(dump);
    json_decref(rec);
    CHECK(jl_next(r, &rec) == JL_MALFORMED && jl_line(r) == 3, "invalid JSON at line 3 (blank line skipped)");
    json_t *bad = jl_malformed_record(r);
    CHECK(!strcmp(json_string_value(json_object_get(bad, "reject_reason")), "malformed") &&
          strstr(json_string_value(json_object_get(bad, "reject_detail")), ":3: invalid JSON"), "malformed record names file:line");
    json_decref(bad);
    CHECK(jl_next(r, &rec) == JL_MALFORMED && strstr(jl_error(r), "not a JSON object"), "array is not a record");
    CHECK(jl_next(r, &rec) == JL_MALFORMED && strstr(jl_error(r), "UTF-8"), "invalid UTF-8 is reported");
    bad = jl_malformed_record(r);
    CHECK(strstr(json_string_value(json_object_get(bad, "raw")), "\xef\xbf\xbd") != NULL, "raw line sanitized");
    json_decref(bad);
    CHECK(jl_next(r, &rec) == JL_RECORD && json_string_length(json_object_get(rec, "long")) == 200000, "200 kB line, CRLF end");
    json_decref(rec);
    CHECK(jl_next(r, &rec) == JL_RECORD && json_is_true(json_object_get(rec, "last")), "last line without newline");
    json_decref(rec);
    CHECK(jl_next(r, &rec) == JL_END, "end");
    jl_close(r);
    remove(path);

    CHECK(utf8_valid("\xed\xa0\x80", 3) == 0 && utf8_valid("\xc0\xaf", 2) == 0 && utf8_valid("\xf4\x90\x80\x80", 4) == 0,
          "surrogates, overlongs and >U+10FFFF are invalid");
    CHECK(utf8_valid("h\xc3\xa9 \xf0\x9f\x98\x80", 8), "valid UTF-8");

    tally t = {0};
    t.in = 5, t.out = 2;
    tally_reject(&t, "too_short");
    tally_reject(&t, "too_short");
    tally_reject(&t, "near_duplicate");
    t.malformed = 1;
    char *line;
    size_t len;
    FILE *m = open_memstream(&line, &len);
    tally_print(&t, "in", "out", m);
    fclose(m);
    CHECK(strstr(line, "5 in, 2 out, 3 rejected (too_short 2, near_duplicate 1), 1 malformed") != NULL, "summary line: %s", line);
    free(line);
    UNIT_EXIT();
}
