/* test_extract.c -- judge_extract_last's one pass (lib/eval/judge.c) against the long reading it
 * stands in for (judge_extract_last_slow: every marker searched in turn, answer_boxes' full walk),
 * and answer_last_box's quick reading against answer_boxes, on random texts built from the pieces
 * that decide them: boxes open and closed at every depth, stray braces, both marker phrases,
 * newlines, '<' and chat markers, "Assistant:", letters. */
#include "answer/final.h"
#include "eval/judge.h"

#include "unit.h"

#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x2545F4914F6CDD1DULL;
static unsigned next(void) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return (unsigned)(state >> 7);
}

static const char *pieces[] = {"\\boxed{", "\\boxed{", "{", "}", "}", "}", "\\fbox{", "Final Answer:", "The answer is:", "\n",
                               "\n", " (C) ", "A", "x", " ", "Final Answer: B\n", "\\boxed{D}", "\\boxed {", "\\frac{1}{2}",
                               /* the plain texts stop here */ "<", "<<", "</s>", "Assistant:", "<|im_end|>"};

static size_t text(char *s, size_t room, int plain) {
    size_t n = 0, kinds = sizeof pieces / sizeof *pieces - (plain ? 5 : 0);   /* plain: no '<' nor "Assistant:", the one pass's case */
    for (int k = (int)(next() % 40); k > 0; k--) {
        const char *p = pieces[next() % kinds];
        size_t l = strlen(p);
        if (n + l > room) break;
        memcpy(s + n, p, l), n += l;
    }
    return n;
}

static int same(const char *a, const char *b) { return a && b ? !strcmp(a, b) : a == b; }

int main(void) {
    long differ = 0, boxes_differ = 0, cases = 0;
    char first[200] = "";
    for (int round = 0; round < 200000; round++) {
        char buf[1024];
        size_t n = text(buf, sizeof buf, round % 4 != 0);
        char *s = malloc(n ? n : 1);   /* exactly its size: ASan sees any read past the end */
        memcpy(s, buf, n);
        char *fast = judge_extract_last(s, n), *slow = judge_extract_last_slow(s, n);
        if (!same(fast, slow) && !differ++) snprintf(first, sizeof first, "%.*s", (int)(n < 150 ? n : 150), s);
        for (int depth = 0; depth <= 3; depth++) {
            answer_box *box;
            size_t k = answer_boxes(s, n, depth, &box), end = 0;
            char *last = answer_last_box(s, n, depth, &end);
            const answer_box *b = k ? &box[k - 1] : NULL;
            int agree = b ? end == b->b && (b->b > b->a ? last && strlen(last) == b->b - b->a && !memcmp(last, s + b->a, b->b - b->a) : !last)
                          : !last && end == 0;
            boxes_differ += !agree;
            free(last), free(box);
        }
        free(fast), free(slow), free(s);
        cases++;
    }
    CHECK(!differ, "judge_extract_last's one pass reads %ld texts as the long reading does (%ld differ; first: %s)", cases,
          differ, first);
    CHECK(!boxes_differ, "answer_last_box's quick reading agrees with answer_boxes at depths 0-3 (%ld differ)", boxes_differ);
    UNIT_EXIT();
}
