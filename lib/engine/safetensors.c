/* safetensors.c -- reading (mmap, validated) and writing .safetensors files. */
#include "engine/safetensors.h"

#include "core/errors.h"
#include "core/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_HEADER 100000000ull     /* the reference reader's limit */

static const struct { const char *name; size_t size; } dtypes[ST_NDTYPES] = {
    [ST_BOOL] = {"BOOL", 1}, [ST_U8] = {"U8", 1}, [ST_I8] = {"I8", 1}, [ST_F8_E5M2] = {"F8_E5M2", 1},
    [ST_F8_E4M3] = {"F8_E4M3", 1}, [ST_I16] = {"I16", 2}, [ST_U16] = {"U16", 2}, [ST_F16] = {"F16", 2},
    [ST_BF16] = {"BF16", 2}, [ST_I32] = {"I32", 4}, [ST_U32] = {"U32", 4}, [ST_F32] = {"F32", 4},
    [ST_F64] = {"F64", 8}, [ST_I64] = {"I64", 8}, [ST_U64] = {"U64", 8},
};

const char *st_dtype_name(st_dtype d) { return d < ST_NDTYPES ? dtypes[d].name : "?"; }
size_t st_dtype_size(st_dtype d) { return d < ST_NDTYPES ? dtypes[d].size : 0; }

int64_t st_numel(const st_tensor *t) {
    int64_t n = 1;
    for (int i = 0; i < t->ndim; i++) n *= t->shape[i];
    return n;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const st_tensor *)a)->name, ((const st_tensor *)b)->name);
}

static int by_offset(const void *a, const void *b) {
    const char *x = ((const st_tensor *)a)->data, *y = ((const st_tensor *)b)->data;
    return x < y ? -1 : x > y;
}

const st_tensor *st_find(const st_set *s, const char *name) {
    st_tensor key = {.name = (char *)name};
    return s->n ? bsearch(&key, s->tensors, s->n, sizeof key, by_name) : NULL;
}

void st_close(st_set *s) {
    for (size_t i = 0; i < s->n; i++) free(s->tensors[i].name);
    for (int i = 0; i < s->nmaps; i++) munmap(s->maps[i], s->map_sizes[i]);
    free(s->tensors), free(s->maps), free(s->map_sizes);
    memset(s, 0, sizeof *s);
}

/* ---- reading one file ---- */

static int parse_dtype(const char *s, st_dtype *d) {
    for (int i = 0; i < ST_NDTYPES; i++)
        if (s && !strcmp(s, dtypes[i].name)) return *d = (st_dtype)i, 0;
    return -1;
}

/* Checks one header entry and fills t; data points into the buffer that starts at body. */
static int parse_entry(const char *path, const char *name, json_t *v, const char *body, uint64_t body_len,
                       st_tensor *t, char *err, size_t errlen) {
    json_t *shape = json_object_get(v, "shape"), *offs = json_object_get(v, "data_offsets");
    if (!json_is_object(v) || parse_dtype(json_string_value(json_object_get(v, "dtype")), &t->dtype) < 0)
        return error_into(err, errlen, "%s: tensor %s: missing or unknown dtype", path, name);
    if (!json_is_array(shape) || json_array_size(shape) > ST_MAX_DIMS)
        return error_into(err, errlen, "%s: tensor %s: shape is not an array of at most %d sizes", path, name, ST_MAX_DIMS);
    uint64_t bytes = st_dtype_size(t->dtype);
    t->ndim = (int)json_array_size(shape);
    for (int i = 0; i < t->ndim; i++) {
        json_t *d = json_array_get(shape, (size_t)i);
        if (!json_is_integer(d) || json_integer_value(d) < 0)
            return error_into(err, errlen, "%s: tensor %s: shape[%d] is not a size", path, name, i);
        t->shape[i] = json_integer_value(d);
        if (t->shape[i] && bytes > UINT64_MAX / (uint64_t)t->shape[i])
            return error_into(err, errlen, "%s: tensor %s: shape overflows", path, name);
        bytes *= (uint64_t)t->shape[i];
    }
    json_t *b = json_array_get(offs, 0), *e = json_array_get(offs, 1);
    if (json_array_size(offs) != 2 || !json_is_integer(b) || !json_is_integer(e) || json_integer_value(b) < 0 ||
        json_integer_value(e) < json_integer_value(b))
        return error_into(err, errlen, "%s: tensor %s: data_offsets is not [begin, end]", path, name);
    uint64_t begin = (uint64_t)json_integer_value(b), end = (uint64_t)json_integer_value(e);
    if (end > body_len)
        return error_into(err, errlen, "%s: tensor %s: data_offsets end %llu is past the data (%llu bytes)", path, name,
                    (unsigned long long)end, (unsigned long long)body_len);
    if (end - begin != bytes)
        return error_into(err, errlen, "%s: tensor %s: %s shape needs %llu bytes, data_offsets give %llu", path, name,
                    dtypes[t->dtype].name, (unsigned long long)bytes, (unsigned long long)(end - begin));
    t->data = body + begin, t->nbytes = (size_t)bytes;
    return (t->name = strdup(name)) ? 0 : error_into(err, errlen, "out of memory");
}

/* Tensors must tile the buffer: sorted by offset, each starts where the last ended. */
static int check_tiling(const char *path, st_tensor *t, size_t n, const char *body, uint64_t body_len, char *err,
                        size_t errlen) {
    qsort(t, n, sizeof *t, by_offset);
    const char *at = body;
    for (size_t i = 0; i < n; i++) {
        if ((const char *)t[i].data != at)
            return error_into(err, errlen, "%s: tensor %s: data %s the previous tensor's", path, t[i].name,
                        (const char *)t[i].data < at ? "overlaps" : "leaves a hole after");
        at += t[i].nbytes;
    }
    if ((uint64_t)(at - body) != body_len)
        return error_into(err, errlen, "%s: %llu bytes after the last tensor", path, (unsigned long long)(body_len - (uint64_t)(at - body)));
    return 0;
}

static int map_file(const char *path, void **map, size_t *size, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        int e = errno;
        if (fd >= 0) close(fd);
        return error_into(err, errlen, "%s: %s", path, strerror(e));
    }
    *size = (size_t)st.st_size;
    *map = *size ? mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    close(fd);
    if (*size && *map == MAP_FAILED) return error_into(err, errlen, "%s: mmap: %s", path, strerror(errno));
    return 0;
}

static int add_map(st_set *s, void *map, size_t size) {
    void **m = realloc(s->maps, (size_t)(s->nmaps + 1) * sizeof *m);
    if (m) s->maps = m;
    size_t *z = realloc(s->map_sizes, (size_t)(s->nmaps + 1) * sizeof *z);
    if (z) s->map_sizes = z;
    if (!m || !z) return -1;
    s->maps[s->nmaps] = map, s->map_sizes[s->nmaps++] = size;
    return 0;
}

static int parse_header(st_set *s, const char *path, const char *base, size_t size, char *err, size_t errlen) {
    uint64_t n = 0;
    if (size < 8) return error_into(err, errlen, "%s: %zu bytes: too short for a safetensors header", path, size);
    for (int i = 7; i >= 0; i--) n = n << 8 | (unsigned char)base[i];
    if (n > MAX_HEADER || n > size - 8)
        return error_into(err, errlen, "%s: header length %llu does not fit the file (%zu bytes)", path, (unsigned long long)n, size);
    if (!n || base[8] != '{') return error_into(err, errlen, "%s: header does not start with '{'", path);
    json_error_t je;
    json_t *h = json_loadb(base + 8, (size_t)n, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(h)) {
        json_decref(h);
        return error_into(err, errlen, "%s: header JSON at byte %d: %s", path, je.position + 8, je.text);
    }
    const char *body = base + 8 + n;
    uint64_t body_len = size - 8 - n;
    size_t first = s->n, count = json_object_size(h);
    st_tensor *t = realloc(s->tensors, (s->n + count) * sizeof *t);
    int rc = t ? 0 : error_into(err, errlen, "out of memory");
    if (t) s->tensors = t;
    const char *name;
    json_t *v;
    json_object_foreach(h, name, v) {
        if (rc || !strcmp(name, "__metadata__")) continue;
        memset(&s->tensors[s->n], 0, sizeof *s->tensors);
        rc = parse_entry(path, name, v, body, body_len, &s->tensors[s->n], err, errlen);
        if (!rc) s->n++;
    }
    json_decref(h);
    if (!rc) rc = check_tiling(path, s->tensors + first, s->n - first, body, body_len, err, errlen);
    return rc;
}

static int open_file(st_set *s, const char *path, char *err, size_t errlen) {
    void *map = NULL;
    size_t size = 0;
    if (map_file(path, &map, &size, err, errlen) < 0) return -1;
    if (add_map(s, map, size) < 0) {
        if (size) munmap(map, size);
        return error_into(err, errlen, "out of memory");
    }
    return parse_header(s, path, map, size, err, errlen);
}

/* ---- directories ---- */

static char *join(const char *dir, const char *name) {
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    if (p) sprintf(p, "%s/%s", dir, name);
    return p;
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Shards named by the index's weight_map, each opened once; every tensor it names must be in its shard. */
static int open_index(st_set *s, const char *dir, const char *index, char *err, size_t errlen) {
    json_error_t je;
    json_t *root = json_load_file(index, JSON_REJECT_DUPLICATES, &je), *map = json_object_get(root, "weight_map");
    if (!json_is_object(map)) {
        json_decref(root);
        return error_into(err, errlen, "%s: %s", index, root ? "no weight_map object" : je.text);
    }
    json_t *opened = json_object();
    const char *name;
    json_t *v;
    int rc = 0;
    json_object_foreach(map, name, v) {
        const char *shard = json_string_value(v);
        if (!shard || strchr(shard, '/')) { rc = error_into(err, errlen, "%s: weight_map[%s] is not a file name", index, name); break; }
        if (json_object_get(opened, shard)) continue;
        char *path = join(dir, shard);
        rc = path ? open_file(s, path, err, errlen) : error_into(err, errlen, "out of memory");
        free(path);
        if (rc) break;
        json_object_set_new(opened, shard, json_true());
    }
    qsort(s->tensors, s->n, sizeof *s->tensors, by_name);
    json_object_foreach(map, name, v) {
        if (rc) break;
        if (!st_find(s, name)) rc = error_into(err, errlen, "%s: %s is not in %s", index, name, json_string_value(v));
    }
    json_decref(opened), json_decref(root);
    return rc;
}

int st_open(st_set *s, const char *path, char *err, size_t errlen) {
    memset(s, 0, sizeof *s);
    struct stat st;
    if (stat(path, &st) < 0) return error_into(err, errlen, "%s: %s", path, strerror(errno));
    int rc;
    if (S_ISDIR(st.st_mode)) {
        char *index = join(path, "model.safetensors.index.json"), *single = join(path, "model.safetensors");
        if (!index || !single) rc = error_into(err, errlen, "out of memory");
        else if (is_file(index)) rc = open_index(s, path, index, err, errlen);
        else if (is_file(single)) rc = open_file(s, single, err, errlen);
        else rc = error_into(err, errlen, "%s: neither model.safetensors nor model.safetensors.index.json", path);
        free(index), free(single);
    } else {
        rc = open_file(s, path, err, errlen);
    }
    if (!rc) {
        qsort(s->tensors, s->n, sizeof *s->tensors, by_name);
        for (size_t i = 1; i < s->n && !rc; i++)
            if (!strcmp(s->tensors[i - 1].name, s->tensors[i].name))
                rc = error_into(err, errlen, "%s: tensor %s is in two shards", path, s->tensors[i].name);
    }
    if (rc) st_close(s);
    return rc;
}

/* ---- writing ---- */

static int write_order(const void *a, const void *b) {
    const st_tensor *x = *(const st_tensor *const *)a, *y = *(const st_tensor *const *)b;
    if (x->dtype != y->dtype) return x->dtype > y->dtype ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int write_all(FILE *f, const void *p, size_t n) { return n == 0 || fwrite(p, 1, n, f) == n ? 0 : -1; }

/* The tensors' bytes from file offset `at` on, in 64 MB pieces on all threads: copying gigabytes into
 * the page cache is CPU work, and one thread's worth is slower than the disk. */
static int write_data(int fd, const st_tensor *const *order, size_t n, uint64_t at) {
    enum { PIECE = 64 << 20 };
    size_t pieces = 0;
    for (size_t i = 0; i < n; i++) pieces += (order[i]->nbytes + PIECE - 1) / PIECE;
    int failed = 0, why = 0;   /* why: the failing thread's errno, for the caller's message */
#pragma omp parallel for schedule(dynamic) reduction(| : failed)
    for (size_t k = 0; k < pieces; k++) {
        size_t i = 0, j = k;   /* piece j of tensor i */
        uint64_t off = at;
        while (j >= (order[i]->nbytes + PIECE - 1) / PIECE) j -= (order[i]->nbytes + PIECE - 1) / PIECE, off += order[i]->nbytes, i++;
        const char *p = (const char *)order[i]->data + j * PIECE;
        size_t len = order[i]->nbytes - j * PIECE < PIECE ? order[i]->nbytes - j * PIECE : PIECE;
        off += j * PIECE;
        while (len && !failed) {
            ssize_t w = pwrite(fd, p, len, (off_t)off);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                failed = 1;
#pragma omp atomic write
                why = w < 0 ? errno : ENOSPC;
            } else p += w, off += (uint64_t)w, len -= (size_t)w;
        }
    }
    if (failed) errno = why;
    return failed ? -1 : 0;
}

int st_save(const char *path, const st_tensor *tensors, size_t n, const json_t *metadata, char *err, size_t errlen) {
    const st_tensor **order = malloc((n ? n : 1) * sizeof *order);
    json_t *h = json_object();
    if (!order || !h) { free(order), json_decref(h); return error_into(err, errlen, "out of memory"); }
    for (size_t i = 0; i < n; i++) order[i] = &tensors[i];
    qsort(order, n, sizeof *order, write_order);
    if (metadata) json_object_set(h, "__metadata__", (json_t *)metadata);
    uint64_t off = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *shape = json_array();
        for (int d = 0; d < order[i]->ndim; d++) json_array_append_new(shape, json_integer(order[i]->shape[d]));
        json_object_set_new(h, order[i]->name, json_pack("{s:s, s:o, s:[I,I]}", "dtype", st_dtype_name(order[i]->dtype),
                                                         "shape", shape, "data_offsets", (json_int_t)off,
                                                         (json_int_t)(off + order[i]->nbytes)));
        off += order[i]->nbytes;
    }
    char *text = json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(h);
    size_t len = text ? strlen(text) : 0, padded = (len + 7) & ~(size_t)7;
    /* The data goes in with pwrite, so only a regular file will do; a symlink's target is replaced. */
    char *target = NULL, *tmp = NULL;
    FILE *f = NULL;
    int rc = text ? 0 : error_into(err, errlen, "out of memory");
    int direct = rc ? 0 : output_target(path, &target);
    if (!rc && direct < 0) rc = error_into(err, errlen, "%s: %s", path, strerror(errno));
    else if (!rc && direct) rc = error_into(err, errlen, "%s: not a regular file (safetensors are written by offset)", path);
    if (!rc && asprintf(&tmp, "%s.tmp", target) < 0) tmp = NULL, rc = error_into(err, errlen, "out of memory");
    if (!rc && !(f = fopen(tmp, "wb"))) rc = error_into(err, errlen, "%s: %s", tmp, strerror(errno));
    unsigned char head[8];
    for (int i = 0; i < 8; i++) head[i] = (unsigned char)((uint64_t)padded >> (8 * i));
    if (!rc) rc = write_all(f, head, 8) || write_all(f, text, len) || write_all(f, "        ", padded - len) || fflush(f);
    if (!rc) rc = write_data(fileno(f), order, n, 8 + padded);
    if (f && (fflush(f) || fsync(fileno(f)))) rc = -1;
    if (f && fclose(f)) rc = -1;
    if (f && rc) error_into(err, errlen, "%s: write failed: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, target) < 0) rc = error_into(err, errlen, "%s: rename: %s", target, strerror(errno));
    if (rc && f) unlink(tmp);
    free(target), free(tmp), free(text), free(order);
    return rc;
}
