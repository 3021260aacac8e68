/* output.h -- files we write by name.  A regular file (or a new one) is written to NAME.tmp beside
 * it and renamed over it when complete, so a crash never leaves half a file under the name; a
 * symlink is followed and its target replaced that way (the link stays); a character device or a
 * FIFO is written directly (--rejects /dev/null, --rejects >(gzip > r.gz)); a directory, socket or
 * block device is refused.  And an output that is also an input is refused before anything is read. */
#ifndef GR_OUTPUT_H
#define GR_OUTPUT_H

#include <stdio.h>

typedef struct {
    FILE *f;
    char *path;    /* where the data lands: symlinks followed */
    char *tmp;     /* NULL when written directly */
} safe_file;

/* 0, or -1 with errno set (EISDIR, or EINVAL for a socket or block device). */
int safe_open(safe_file *s, const char *path);
/* Flush, close and rename into place; 0, or -1 (a write failed: nothing replaced). */
int safe_commit(safe_file *s);
/* Close and remove the temporary file. */
void safe_abort(safe_file *s);

/* Where a file written to path lands, symlinks followed: *target malloc'd; 1 when it is written
 * directly (a character device, a FIFO), 0 through a temporary file and a rename, -1 with errno
 * when it may not be written. */
int output_target(const char *path, char **target);

/* Whether path is (after symlinks) the same file as one of files[0..n): writing it would destroy
 * an input.  "-" (stdin) is no file. */
int output_is_input(const char *path, char *const *files, int n);

#endif
