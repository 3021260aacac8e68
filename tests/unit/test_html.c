/* html: entities, tokenizer tolerance, visible text rules of docs/extraction.md. */
#include "web/html.h"
#include "unit.h"

#include <stdlib.h>

static char *text_of(const char *html) {
    buf b;
    buf_init(&b);
    html_to_text(html, strlen(html), &b);
    return buf_take(&b);
}

#define TEXT(html, want) do { char *t_ = text_of(html); CHECK_STR(t_, want, "text of %s", #html); free(t_); } while (0)

int main(void) {
    TEXT("<p>a</p><p>b</p>", "a\n\nb");
    TEXT("a<br>b", "a\nb");
    TEXT("<ul><li>one</li><li>two</li></ul>", "one\ntwo");
    TEXT("  x \n\t y  ", "x y");
    TEXT("<td>1</td><td>2</td>", "1 2");
    TEXT("a &amp; b &lt;c&gt; &eacute; &#233; &#xE9; &#x1F600; &notin; &notit;", "a & b <c> \xc3\xa9 \xc3\xa9 \xc3\xa9 \xf0\x9f\x98\x80 \xe2\x88\x89 \xc2\xacit;");
    TEXT("&#150; &#0; &bogus; & x", "\xe2\x80\x93 \xef\xbf\xbd &bogus; & x");
    TEXT("<script>var q = 'Question: x';</script>kept", "kept");
    TEXT("<style>p{}</style><!-- Question: hidden -->shown", "shown");
    TEXT("<script type=\"math/tex\">x^2</script> and <script type=\"math/tex; mode=display\">y</script>", "\\(x^2\\) and \\[y\\]");
    TEXT("<head><title>T</title><meta charset=utf-8></head><body>B</body>", "B");
    TEXT("<svg><title>no</title><text>no</text></svg>yes", "yes");
    TEXT("if a < b and $x<1$ or 3 <= 4", "if a < b and $x<1$ or 3 <= 4");
    TEXT("as browsers do, c<d starts a tag", "as browsers do, c");
    TEXT("<pre>line1\nline2</pre>", "line1\nline2");
    TEXT("<div><p>x</p></div><div>y", "x\n\ny");
    TEXT("unclosed <b attr=\"never ends", "unclosed");
    TEXT("a&nbsp;&nbsp;b", "a b");

    html_lexer lx;
    html_token t;
    const char *doc = "<A HREF='x' data-v=\"1 &amp; 2\" checked>";
    html_lexer_init(&lx, doc, strlen(doc));
    CHECK(html_next(&lx, &t) && t.kind == HTML_START && !strcmp(t.name, "a"), "tag names are lower-cased");
    buf v;
    buf_init(&v);
    CHECK(html_attr(&t, "href", &v) && !strcmp(v.data, "x"), "single-quoted attribute");
    CHECK(html_attr(&t, "data-v", &v) && !strcmp(v.data, "1 & 2"), "attribute entities decoded");
    CHECK(html_attr(&t, "checked", NULL), "attribute without value");
    CHECK(!html_attr(&t, "missing", &v), "absent attribute");
    buf_free(&v);
    UNIT_EXIT();
}
