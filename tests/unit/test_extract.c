/* test_extract.c -- judge_last_span's one pass (lib/eval/judge.c) against the long reading it
 * stands in for (judge_last_span_slow: every marker searched in turn, answer_boxes' full walk),
 * and answer_last_box's quick reading against answer_boxes, on random texts built from the pieces
 * that decide them: boxes open and closed at every depth, stray braces, both marker phrases,
 * newlines, other colons and the marker words without theirs, '<' and chat markers, "Assistant:", letters.  The pass is the one GR_MAX_ISA allows
 * (tests/oracle/test_eval_judge.sh runs this under GR_MAX_ISA=generic too). */
#include "answer/final.h"
#include "core/isa.h"
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
                               ":", "Note: ", "The answer is", "Final Answer", "Assistant",
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

int main(void) {
    long differ = 0, boxes_differ = 0, cases = 0;
    char first[200] = "";
    for (int round = 0; round < 200000; round++) {
        char buf[1024];
        size_t n = text(buf, sizeof buf, round % 4 != 0);
        char *s = malloc(n ? n : 1);   /* exactly its size: ASan sees any read past the end */
        memcpy(s, buf, n);
        size_t fa = 0, fb = 0, sa = 0, sb = 0;
        int fast = judge_last_span(s, n, &fa, &fb), slow = judge_last_span_slow(s, n, &sa, &sb);
        if ((fast != slow || (fast && (fa != sa || fb != sb))) && !differ++) snprintf(first, sizeof first, "%.*s", (int)(n < 150 ? n : 150), s);
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
        free(s);
        cases++;
    }
    CHECK(!differ, "judge_last_span's one pass (%s) reads %ld texts as the long reading does (%ld differ; first: %s)",
          isa_name(isa()), cases, differ, first);
    CHECK(!boxes_differ, "answer_last_box's quick reading agrees with answer_boxes at depths 0-3 (%ld differ)", boxes_differ);
    UNIT_EXIT();
}
