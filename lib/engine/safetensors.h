/* safetensors.h -- Hugging Face .safetensors files: mmap'd reading with every header fact checked,
 * and writing (temp name, then rename) in the reference writer's exact layout.
 *
 * A file is an 8-byte little-endian header length N, N bytes of JSON ({"name": {"dtype", "shape",
 * "data_offsets": [begin, end]}, "__metadata__": {...}}), then the tensor bytes.  A checkpoint is one
 * file or shards named by model.safetensors.index.json.  Reading rejects, with one line naming the
 * file and the tensor: a header longer than the file or 100 MB, bad JSON, duplicate names, unknown
 * dtypes, shapes whose byte size overflows or disagrees with the offsets, offsets out of bounds,
 * overlapping or leaving holes, and bytes after the last tensor. */
#ifndef GR_SAFETENSORS_H
#define GR_SAFETENSORS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    ST_BOOL, ST_U8, ST_I8, ST_F8_E5M2, ST_F8_E4M3, ST_I16, ST_U16, ST_F16, ST_BF16,
    ST_I32, ST_U32, ST_F32, ST_F64, ST_I64, ST_U64, ST_NDTYPES   /* the reference writer's order */
} st_dtype;

#define ST_MAX_DIMS 8

typedef struct {
    char *name;
    st_dtype dtype;
    int ndim;
    int64_t shape[ST_MAX_DIMS];
    const void *data;          /* in the mapping: read-only, maybe not aligned to the dtype */
    size_t nbytes;
} st_tensor;

typedef struct {
    st_tensor *tensors;        /* sorted by name */
    size_t n;
    void **maps;
    size_t *map_sizes;
    int nmaps;
} st_set;

const char *st_dtype_name(st_dtype d);
size_t st_dtype_size(st_dtype d);
int64_t st_numel(const st_tensor *t);

/* Opens a .safetensors file, or a model directory (model.safetensors.index.json and its shards, or
 * model.safetensors).  0, or -1 with a one-line reason in err. */
int st_open(st_set *s, const char *path, char *err, size_t errlen);
void st_close(st_set *s);
/* The tensor called name, or NULL. */
const st_tensor *st_find(const st_set *s, const char *name);

/* Writes tensors to path (via path.tmp and rename) as the reference writer does: tensors ordered by
 * descending dtype size, then name; header padded with spaces to a multiple of 8.  metadata (a
 * string -> string object) may be NULL.  0, or -1 with a reason in err. */
int st_save(const char *path, const st_tensor *tensors, size_t n, const json_t *metadata, char *err, size_t errlen);

#endif
