/* jscan_property.h -- what lib/core/jscan.h promises, held against jansson on one line: shared
 * by tests/unit/test_jscan.c (generated lines) and fuzz_jscan (any bytes).  Returns 0 when it
 * holds, else a word for what broke; *lean says whether jscan took the line itself. */
#ifndef GR_JSCAN_PROPERTY_H
#define GR_JSCAN_PROPERTY_H

#include "core/jscan.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int jscan_same_dump(const json_t *v) {
    buf b;
    buf_init(&b);
    jscan_dump(v, &b);
    char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    int same = want && b.data && !strcmp(want, b.data);
    free(want), buf_free(&b);
    return same;
}

static const char *jscan_property(const char *line, size_t n, int *lean) {
    jobject o = {0};
    *lean = jscan_object(line, n, &o) == JSCAN_OK;
    json_t *j = json_loadb(line, n, JSON_ALLOW_NUL, NULL);   /* jl_parse's reading */
    const char *broke = NULL;
    if (*lean) {
        if (!json_is_object(j)) broke = "took a line jansson refuses";
        else if (json_object_size(j) != o.n) broke = "member count";
        for (size_t i = 0; !broke && i < o.n; i++) {
            const jmember *m = &o.m[i];
            json_t *want = json_object_getn(j, line + m->key, m->key_len), *got = jscan_value(line, m);
            if (!want) broke = "a key jansson does not have";
            else if (!got || !json_equal(got, want)) broke = "a value unlike jansson's";
            else if (!jscan_same_dump(got)) broke = "a value written unlike jansson";
            if (!broke && json_is_string(want)) {   /* jscan_string decodes what jansson decodes */
                char *text = malloc(m->end - m->value);
                size_t len = text ? jscan_string(line, m, text) : 0;
                if (!text || len != json_string_length(want) || memcmp(text, json_string_value(want), len)) broke = "a string decoded unlike jansson";
                free(text);
            }
            json_decref(got);
        }
        const char *key;
        json_t *v;
        if (!broke) json_object_foreach(j, key, v) if (!jscan_find(line, &o, key)) broke = "a key jscan_find misses";
        if (!broke && o.close >= n) broke = "closing brace past the line";
        if (!broke && line[o.close] != '}') broke = "closing brace";
    }
    json_decref(j);
    free(o.m);
    return broke;
}

#endif
