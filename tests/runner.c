/* runner.c -- runs each test program or script given on the command line and counts its results.
 *
 * A test prints one line per check: "ok <name>", "not ok <name>: <why>", or (TAP's way) "ok <name>
 * # SKIP <why>" for a check this machine cannot make; other lines pass through.  A test that exits
 * non-zero without a "not ok" line, or that checks nothing, counts as one failure.
 * The last line is "N passed, N failed, N skipped"; the exit status is 1 when anything failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int starts_with(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

int main(int argc, char **argv) {
    long passed = 0, failed = 0, skipped = 0;
    for (int i = 1; i < argc; i++) {
        char *cmd;
        const char *runner = strstr(argv[i], ".sh") ? "bash " : "";
        if (asprintf(&cmd, "%s'%s' 2>&1", runner, argv[i]) < 0) return 2;
        fprintf(stdout, "# %s\n", argv[i]);
        fflush(stdout);
        FILE *p = popen(cmd, "r");
        free(cmd);
        if (!p) { printf("not ok %s: cannot start\n", argv[i]); failed++; continue; }
        char *line = NULL;
        size_t cap = 0;
        long ok = 0, bad = 0, skip = 0;
        while (getline(&line, &cap, p) > 0) {
            if (starts_with(line, "ok ") && strstr(line, " # SKIP")) skip++;
            else if (starts_with(line, "ok ")) ok++;
            else if (starts_with(line, "not ok ")) bad++;
            fputs(line, stdout);
            fflush(stdout);
        }
        free(line);
        int status = pclose(p);
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (code && !bad) { printf("not ok %s: exited with status %d\n", argv[i], code); bad++; }
        if (!ok && !bad && !skip) { printf("not ok %s: checked nothing\n", argv[i]); bad++; }
        passed += ok, failed += bad, skipped += skip;
    }
    printf("%ld passed, %ld failed, %ld skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
