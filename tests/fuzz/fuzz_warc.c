/* fuzz_warc -- libFuzzer entry: any bytes as a (possibly compressed) WARC/ARC file, through the
 * record walker, the HTTP layer, page decoding and every QA extractor. */
#include "web/http.h"
#include "web/page.h"
#include "qa/extract.h"
#include "web/warc.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static void ignore(void *ctx, const warc_record *rec, int64_t off, const char *msg) { (void)ctx, (void)rec, (void)off, (void)msg; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) { if (fd >= 0) close(fd); return 0; }
    char path[64], err[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    warc_reader *r = warc_open(path, err, sizeof err);
    if (r) {
        warc_on_error(r, ignore, NULL);
        page pg;
        page_init(&pg);
        const warc_record *rec;
        for (int i = 0; warc_next(r, &rec); i++) {
            if (i % 2) {   /* the --list path: stream the block through the dechunker */
                unsigned char buf[512], out[512];
                dechunk d;
                dechunk_init(&d);
                ssize_t n;
                while ((n = warc_read(r, buf, sizeof buf)) > 0) dechunk_feed(&d, buf, (size_t)n, out);
                continue;
            }
            if (page_load(&pg, r, rec, 1 << 20, i % 4 ? qa_candidate : NULL)) continue;
            qa_list pairs = {0};
            qa_extract(pg.text, pg.len, pg.is_html, &pairs);
            qa_list_free(&pairs);
        }
        page_free(&pg);
        warc_close(r);
    }
    close(fd);
    return 0;
}
