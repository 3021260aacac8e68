/* output.c -- writing a named file without replacing what is not ours to replace (output.h). */
#include "core/output.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* path with its symlinks followed to the last one's target, which need not exist yet. */
static char *follow_links(const char *path) {
    char *at = strdup(path);
    for (int hops = 0; at && hops < 40; hops++) {
        struct stat st;
        if (lstat(at, &st) < 0 || !S_ISLNK(st.st_mode)) return at;
        char link[PATH_MAX];
        ssize_t n = readlink(at, link, sizeof link - 1);
        if (n < 0) { free(at); return NULL; }
        link[n] = 0;
        char *next;
        const char *slash = strrchr(at, '/');
        if (link[0] == '/' || !slash) next = strdup(link);   /* absolute, or relative to the cwd's entry */
        else if (asprintf(&next, "%.*s/%s", (int)(slash - at), at, link) < 0) next = NULL;
        free(at);
        at = next;
    }
    if (at) free(at), errno = ELOOP;
    return NULL;
}

int output_target(const char *path, char **target) {
    if (!(*target = follow_links(path))) return -1;
    struct stat st;
    if (stat(*target, &st) < 0) return errno == ENOENT ? 0 : (free(*target), *target = NULL, -1);
    if (S_ISREG(st.st_mode)) return 0;
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return 1;
    errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    free(*target), *target = NULL;
    return -1;
}

int output_is_input(const char *path, char *const *files, int n) {
    struct stat out;
    if (stat(path, &out) < 0 || !S_ISREG(out.st_mode)) return 0;   /* a new file, or a device: no input */
    for (int i = 0; i < n; i++) {
        struct stat in;
        if (strcmp(files[i], "-") && stat(files[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
            return 1;
    }
    return 0;
}

int safe_open(safe_file *s, const char *path) {
    memset(s, 0, sizeof *s);
    int direct = output_target(path, &s->path);
    if (direct < 0) return -1;
    if (direct) {
        if ((s->f = fopen(s->path, "w"))) return 0;
    } else if (asprintf(&s->tmp, "%s.tmp", s->path) >= 0) {
        if ((s->f = fopen(s->tmp, "w"))) return 0;
        free(s->tmp);
    }
    int e = errno;
    free(s->path);
    memset(s, 0, sizeof *s);
    errno = e;
    return -1;
}

int safe_commit(safe_file *s) {
    int bad = ferror(s->f) | fclose(s->f);
    if (!bad && s->tmp) bad = rename(s->tmp, s->path);
    if (bad && s->tmp) remove(s->tmp);
    free(s->path), free(s->tmp);
    memset(s, 0, sizeof *s);
    return bad ? -1 : 0;
}

void safe_abort(safe_file *s) {
    if (!s->f) return;
    fclose(s->f);
    if (s->tmp) remove(s->tmp);
    free(s->path), free(s->tmp);
    memset(s, 0, sizeof *s);
}
