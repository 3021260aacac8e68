/* latex.c -- a recursive-descent parser for the math in answers.
 *
 * Precedence, loosest first: \cup, relations (= < \le ...), + - \pm, explicit and implicit
 * products (2x, x(y+1), \sqrt{2}\pi), unary minus, powers (right-assoc), postfix (!, %, ^\circ),
 * atoms.  "\sin 2x" applies sin to the implicit product "2x", as readers of math do.  Brackets
 * decide structure: (a, b) a tuple, [a, b] a list, \{a, b\} a set, and an interval when an end is
 * infinite, the brackets are mixed, or \left[ ... \right] is used (MATH-500 writes intervals so;
 * TheoremQA writes lists as [a, b]). */
#include "answer/latex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_END, T_NUM, T_WORD, T_CMD, T_CHAR } tok_kind;

typedef struct {
    tok_kind kind;
    const char *s;       /* text of the token (without the backslash for T_CMD) */
    size_t n;
    char c;              /* the character for T_CHAR */
} token;

typedef struct {
    const char *start, *p, *end;
    latex_expr *e;
    int after_left;      /* the next bracket was written \left( or \left[ */
    int depth;
    int abs_depth;       /* inside |...|: a '|' closes */
    int failed;
} parser;

/* ---- tree building ------------------------------------------------------------------------ */

static int fail(parser *ps, const char *msg) {
    if (!ps->failed) snprintf(ps->e->error, sizeof ps->e->error, "%s at offset %ld", msg, (long)(ps->p - ps->start));
    ps->failed = 1;
    return -1;
}

static int add_text(latex_expr *e, const char *s, size_t n) {
    if (e->slen + n + 1 > e->scap) {
        size_t cap = e->scap ? e->scap * 2 : 256;
        while (cap < e->slen + n + 1) cap *= 2;
        char *t = realloc(e->strings, cap);
        if (!t) return -1;
        e->strings = t, e->scap = cap;
    }
    memcpy(e->strings + e->slen, s, n);
    e->strings[e->slen + n] = 0;
    int at = (int)e->slen;
    e->slen += n + 1;
    return at;
}

static int node(parser *ps, lx_kind kind, const char *text, size_t n) {
    latex_expr *e = ps->e;
    if (ps->failed) return -1;
    if (e->n == e->cap) {
        int cap = e->cap ? e->cap * 2 : 32;
        lx_node *nn = realloc(e->nodes, (size_t)cap * sizeof *nn);
        if (!nn) return fail(ps, "out of memory");
        e->nodes = nn, e->cap = cap;
    }
    int t = -1;
    if (text && (t = add_text(e, text, n)) < 0) return fail(ps, "out of memory");
    e->nodes[e->n] = (lx_node){kind, -1, -1, t, 0};
    return e->n++;
}

/* Appends child to parent's children. */
static void adopt(parser *ps, int parent, int child) {
    if (parent < 0 || child < 0) return;
    lx_node *nodes = ps->e->nodes;
    if (nodes[parent].child < 0) { nodes[parent].child = child; return; }
    int k = nodes[parent].child;
    while (nodes[k].next >= 0) k = nodes[k].next;
    nodes[k].next = child;
}

static int node2(parser *ps, lx_kind kind, const char *text, int a, int b) {
    if (a < 0 || (b < 0 && kind != LX_NEG && kind != LX_FUNC && kind != LX_PM)) return -1;
    int n = node(ps, kind, text, text ? strlen(text) : 0);
    adopt(ps, n, a);
    adopt(ps, n, b);
    return n;
}

/* ---- lexer ---------------------------------------------------------------------------------- */

static void skip_space(parser *ps) {
    for (;;) {
        while (ps->p < ps->end && (isspace((unsigned char)*ps->p) || *ps->p == '~' || *ps->p == '$')) ps->p++;
        if (ps->end - ps->p >= 2 && ps->p[0] == '\\' && strchr(",;:! >", ps->p[1])) { ps->p += 2; continue; }
        static const char *const spacers[] = {"quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
                                              "left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
                                              "Biggl", "Biggr", "big", "Big", "bigg", "Bigg", NULL};
        int skipped = 0;
        for (int i = 0; spacers[i] && ps->p < ps->end && *ps->p == '\\'; i++) {
            size_t l = strlen(spacers[i]);
            if ((size_t)(ps->end - ps->p) > l && !strncmp(ps->p + 1, spacers[i], l) &&
                (ps->p + 1 + l == ps->end || !isalpha((unsigned char)ps->p[1 + l]))) {
                ps->p += 1 + l;
                if (!strcmp(spacers[i], "left")) ps->after_left = 1;
                if (ps->p < ps->end && *ps->p == '.' && (!strcmp(spacers[i], "left") || !strcmp(spacers[i], "right")))
                    ps->p++;   /* \left. and \right. are invisible */
                skipped = 1;
                break;
            }
        }
        if (!skipped) return;
    }
}

static token peek(parser *ps) {
    skip_space(ps);
    token t = {T_END, ps->p, 0, 0};
    if (ps->p >= ps->end) return t;
    const char *p = ps->p;
    if (isdigit((unsigned char)*p) || (*p == '.' && p + 1 < ps->end && isdigit((unsigned char)p[1]))) {
        const char *q = p;
        while (q < ps->end && isdigit((unsigned char)*q)) q++;
        if (q < ps->end && *q == '.' && !(q + 1 < ps->end && q[1] == '.')) {   /* not "1..5" */
            q++;
            while (q < ps->end && isdigit((unsigned char)*q)) q++;
        }
        /* 3.2e5, 1E-3: an exponent only when digits follow and no letter after them */
        if (q < ps->end && (*q == 'e' || *q == 'E')) {
            const char *r = q + 1;
            if (r < ps->end && (*r == '+' || *r == '-')) r++;
            const char *d = r;
            while (r < ps->end && isdigit((unsigned char)*r)) r++;
            if (r > d && (r == ps->end || !isalpha((unsigned char)*r))) q = r;
        }
        return (token){T_NUM, p, (size_t)(q - p), 0};
    }
    if (isalpha((unsigned char)*p)) return (token){T_WORD, p, 1, 0};
    if (*p == '\\') {
        const char *q = p + 1;
        if (q < ps->end && isalpha((unsigned char)*q)) {
            while (q < ps->end && isalpha((unsigned char)*q)) q++;
            return (token){T_CMD, p + 1, (size_t)(q - p - 1), 0};
        }
        if (q < ps->end) return (token){T_CMD, p + 1, 1, 0};   /* \{ \} \% \\ \| */
        return (token){T_CHAR, p, 1, '\\'};
    }
    if ((unsigned char)*p >= 0x80) {   /* a few Unicode math signs, else a symbol character */
        static const struct { const char *utf8, *as; } uni[] = {
            {"\xe2\x88\x9e", "infty"}, {"\xcf\x80", "pi"}, {"\xc3\x97", "times"}, {"\xc2\xb7", "cdot"},
            {"\xe2\x8b\x85", "cdot"}, {"\xe2\x88\x92", "-"}, {"\xe2\x89\xa4", "le"}, {"\xe2\x89\xa5", "ge"},
            {"\xe2\x89\xa0", "ne"}, {"\xc2\xb1", "pm"}, {"\xe2\x88\x9a", "sqrt"}, {"\xc2\xb0", "circ"},
            {"\xc3\xb7", "div"}, {"\xe2\x88\xaa", "cup"}, {NULL, NULL}};
        for (int i = 0; uni[i].utf8; i++) {
            size_t l = strlen(uni[i].utf8);
            if ((size_t)(ps->end - p) >= l && !memcmp(p, uni[i].utf8, l)) {
                if (uni[i].as[0] == '-') return (token){T_CHAR, p, l, '-'};
                return (token){T_CMD, uni[i].as, strlen(uni[i].as), (char)l};   /* c: bytes to consume */
            }
        }
        return (token){T_CHAR, p, 1, (char)*p};
    }
    return (token){T_CHAR, p, 1, *p};
}

static void take(parser *ps, token t) {
    if (t.kind == T_END) return;
    ps->after_left = 0;
    if (t.kind == T_CMD && t.c) { ps->p += (unsigned char)t.c; return; }   /* a Unicode sign */
    ps->p = t.s + t.n;
}

static int is_cmd(token t, const char *name) { return t.kind == T_CMD && t.n == strlen(name) && !strncmp(t.s, name, t.n); }
static int is_char(token t, char c) { return t.kind == T_CHAR && t.c == c; }

static int cmd_in(token t, const char *const *names) {
    for (; *names; names++) if (is_cmd(t, *names)) return 1;
    return 0;
}

static const char *const mul_cmds[] = {"cdot", "times", "ast", NULL};
static const char *const div_cmds[] = {"div", "over", NULL};
static const char *const functions[] = {"sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
                                        "sinh", "cosh", "tanh", "ln", "log", "exp", "lg", "max", "min", "gcd",
                                        "lcm", "det", NULL};
static const char *const greek[] = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
                                    "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho",
                                    "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma",
                                    "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "ell",
                                    "hbar", NULL};
static const char *const text_cmds[] = {"text", "mathrm", "textbf", "mathbf", "textit", "mathit", "mbox",
                                        "textrm", "mathsf", "textsf", "boldsymbol", "mathnormal", "operatorname", NULL};

/* ---- grammar ------------------------------------------------------------------------------- */

static int parse_union(parser *ps);
static int parse_relation(parser *ps);
static int parse_product(parser *ps, int stop_at_implicit);
static int parse_unary(parser *ps);
static int parse_postfix(parser *ps);

static int enter(parser *ps) {
    if (++ps->depth > LATEX_MAX_DEPTH) return fail(ps, "nested too deeply");
    return 0;
}

static int leave(parser *ps, int result) {
    ps->depth--;
    return result;
}

/* A braced group {...}, or a single atom when there is no brace (as in \frac12). */
static int parse_group_or_atom(parser *ps) {
    token t = peek(ps);
    if (is_char(t, '{')) {
        take(ps, t);
        int r = parse_union(ps);
        t = peek(ps);
        if (!is_char(t, '}')) return fail(ps, "expected }");
        take(ps, t);
        return r;
    }
    if (t.kind == T_NUM && t.n > 1 && isdigit((unsigned char)t.s[0])) {   /* \frac12: one digit per argument */
        ps->p = t.s + 1;
        return node(ps, LX_NUM, t.s, 1);
    }
    return parse_postfix(ps);
}

/* The raw text of a braced argument, e.g. \text{ m/s } or \begin{pmatrix}. */
static int raw_group(parser *ps, const char **s, size_t *n) {
    token t = peek(ps);
    if (!is_char(t, '{')) return -1;
    take(ps, t);
    const char *start = ps->p;
    int depth = 1;
    while (ps->p < ps->end && depth) {
        if (*ps->p == '\\' && ps->p + 1 < ps->end) { ps->p += 2; continue; }
        if (*ps->p == '{') depth++;
        else if (*ps->p == '}') depth--;
        ps->p++;
    }
    if (depth) return fail(ps, "unbalanced braces");
    *s = start;
    *n = (size_t)(ps->p - 1 - start);
    return 0;
}

/* Items separated by commas (and, in matrices, & and \\) up to a closer; returns a list node. */
static int parse_items(parser *ps, lx_kind kind, int *count) {
    int list = node(ps, kind, NULL, 0);
    *count = 0;
    for (;;) {
        int item = parse_union(ps);
        if (item < 0) return -1;
        adopt(ps, list, item);
        (*count)++;
        token t = peek(ps);
        if (!is_char(t, ',') && !is_char(t, ';')) return list;
        take(ps, t);
    }
}

static int contains_inf(const latex_expr *e, int n) {
    if (n < 0) return 0;
    if (e->nodes[n].kind == LX_INF) return 1;
    if (e->nodes[n].kind == LX_NEG) return contains_inf(e, e->nodes[n].child);
    return 0;
}

/* ( ... ) or [ ... ] with any closer: grouping, tuple, list or interval. */
static int parse_bracket(parser *ps, char open, int after_left) {
    int count;
    int items = parse_items(ps, LX_TUPLE, &count);
    if (items < 0) return -1;
    token t = peek(ps);
    char close = is_char(t, ')') ? ')' : is_char(t, ']') ? ']' : 0;
    if (!close) return fail(ps, "unclosed bracket");
    take(ps, t);
    latex_expr *e = ps->e;
    int first = e->nodes[items].child, second = first >= 0 ? e->nodes[first].next : -1;
    if (count == 1 && ((open == '(' && close == ')') || e->nodes[first].kind == LX_MATRIX))
        return first;   /* grouping; \left[\begin{array}..\end{array}\right] is the matrix itself */
    if (count == 2 && ((open == '(') != (close == ')') || contains_inf(e, first) || contains_inf(e, second) ||
                       (after_left && open == '[' && close == ']'))) {
        e->nodes[items].kind = LX_INTERVAL;
        e->nodes[items].flags = (open == '[') | (close == ']') << 1;
        return items;
    }
    if ((open == '(') != (close == ')')) return fail(ps, "mismatched brackets");
    e->nodes[items].kind = open == '[' ? LX_LIST : LX_TUPLE;
    return items;
}

/* \begin{pmatrix} a & b \\ c & d \end{pmatrix} */
static int parse_matrix(parser *ps) {
    const char *env;
    size_t envn;
    if (raw_group(ps, &env, &envn) < 0) return fail(ps, "expected {environment}");
    const char *spec;
    size_t specn;
    if (envn == 5 && !strncmp(env, "array", 5) && raw_group(ps, &spec, &specn) < 0)   /* {cc}: column layout */
        return fail(ps, "expected {columns}");
    int m = node(ps, LX_MATRIX, NULL, 0);
    int row = node(ps, LX_TUPLE, NULL, 0);
    adopt(ps, m, row);
    for (;;) {
        token t = peek(ps);
        if (is_cmd(t, "end")) {
            take(ps, t);
            const char *s;
            size_t n;
            if (raw_group(ps, &s, &n) < 0) return -1;
            if (ps->e->nodes[row].child < 0) {   /* a trailing \\ leaves an empty row */
                int k = ps->e->nodes[m].child;
                if (k == row) ps->e->nodes[m].child = -1;
                else { while (ps->e->nodes[k].next != row) k = ps->e->nodes[k].next; ps->e->nodes[k].next = -1; }
            }
            return m;
        }
        if (t.kind == T_END) return fail(ps, "unterminated matrix");
        int cell = parse_union(ps);
        if (cell < 0) return -1;
        adopt(ps, row, cell);
        t = peek(ps);
        if (is_char(t, '&')) { take(ps, t); continue; }
        if (is_cmd(t, "\\") || is_cmd(t, "cr")) {
            take(ps, t);
            row = node(ps, LX_TUPLE, NULL, 0);
            adopt(ps, m, row);
            continue;
        }
        if (!is_cmd(t, "end")) return fail(ps, "unexpected token in matrix");
    }
}

/* sin x, \sin^2(x), \log_2 8, \ln|x|: the function name, then its argument. */
static int parse_function(parser *ps, const char *name, size_t n) {
    int power = -1, base = -1;
    for (int i = 0; i < 2; i++) {
        token t = peek(ps);
        if (is_char(t, '^') && power < 0) { take(ps, t); power = parse_group_or_atom(ps); }
        else if (is_char(t, '_') && base < 0) { take(ps, t); base = parse_group_or_atom(ps); }
    }
    token t = peek(ps);
    int arg;
    if (is_char(t, '(')) {
        take(ps, t);
        arg = parse_union(ps);
        t = peek(ps);
        if (!is_char(t, ')')) return fail(ps, "expected )");
        take(ps, t);
    } else {
        arg = parse_product(ps, 2);   /* \sin\theta\cos\theta: the argument ends at the next function */
    }
    if (arg < 0) return -1;
    int f = node(ps, LX_FUNC, name, n);
    if (base >= 0) adopt(ps, f, base);   /* (log b x): base first */
    adopt(ps, f, arg);
    if (power >= 0) {
        int p = node(ps, LX_POW, NULL, 0);
        adopt(ps, p, f);
        adopt(ps, p, power);
        return p;
    }
    return f;
}

static int parse_command(parser *ps, token t) {
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)t.n, t.s);
    take(ps, t);
    if (!strcmp(name, "frac") || !strcmp(name, "dfrac") || !strcmp(name, "tfrac") || !strcmp(name, "cfrac")) {
        int a = parse_group_or_atom(ps), b = a >= 0 ? parse_group_or_atom(ps) : -1;
        return node2(ps, LX_DIV, NULL, a, b);
    }
    if (!strcmp(name, "binom") || !strcmp(name, "dbinom") || !strcmp(name, "tbinom")) {
        int a = parse_group_or_atom(ps), b = a >= 0 ? parse_group_or_atom(ps) : -1;
        return node2(ps, LX_FUNC, "binom", a, b);
    }
    if (!strcmp(name, "sqrt")) {
        token o = peek(ps);
        int index = -1;
        if (is_char(o, '[')) {
            take(ps, o);
            index = parse_union(ps);
            o = peek(ps);
            if (!is_char(o, ']')) return fail(ps, "expected ]");
            take(ps, o);
        }
        int x = parse_group_or_atom(ps);
        return index >= 0 ? node2(ps, LX_FUNC, "root", index, x) : node2(ps, LX_FUNC, "sqrt", x, -1);
    }
    if (!strcmp(name, "infty") || !strcmp(name, "infinity")) return node(ps, LX_INF, NULL, 0);
    if (!strcmp(name, "circ")) return node(ps, LX_SYM, "deg", 3);
    if (!strcmp(name, "{")) {
        int count, items = parse_items(ps, LX_SET, &count);
        token c = peek(ps);
        if (items < 0 || !is_cmd(c, "}")) return fail(ps, "unclosed \\{");
        take(ps, c);
        return items;
    }
    if (!strcmp(name, "langle")) {
        int count, items = parse_items(ps, LX_TUPLE, &count);
        token c = peek(ps);
        if (items < 0 || !is_cmd(c, "rangle")) return fail(ps, "unclosed \\langle");
        take(ps, c);
        return items;
    }
    if (!strcmp(name, "lfloor") || !strcmp(name, "lceil")) {
        int x = parse_union(ps);
        token c = peek(ps);
        if (x < 0 || !(is_cmd(c, "rfloor") || is_cmd(c, "rceil"))) return fail(ps, "unclosed floor/ceiling");
        take(ps, c);
        return node2(ps, LX_FUNC, name[1] == 'f' ? "floor" : "ceil", x, -1);
    }
    if (!strcmp(name, "lvert") || !strcmp(name, "vert") || !strcmp(name, "|")) {
        int x = parse_union(ps);
        token c = peek(ps);
        if (x < 0 || !(is_cmd(c, "rvert") || is_cmd(c, "vert") || is_cmd(c, "|"))) return fail(ps, "unclosed \\vert");
        take(ps, c);
        return node2(ps, LX_FUNC, "abs", x, -1);
    }
    if (!strcmp(name, "begin")) return parse_matrix(ps);
    if (cmd_in(t, text_cmds)) {
        const char *s;
        size_t n;
        if (raw_group(ps, &s, &n) < 0) return fail(ps, "expected {text}");
        while (n && isspace((unsigned char)*s)) s++, n--;
        while (n && isspace((unsigned char)s[n - 1])) n--;
        if (!strcmp(name, "operatorname")) return parse_function(ps, s, n);
        if (!n) return parse_postfix(ps);   /* \text{ } is spacing */
        return node(ps, LX_SYM, s, n);
    }
    if (cmd_in(t, functions)) return parse_function(ps, name, strlen(name));
    if (cmd_in(t, greek)) return node(ps, LX_SYM, name, strlen(name));
    if (!strcmp(name, "%")) return node(ps, LX_SYM, "percent", 7);
    if (!strcmp(name, "$")) return node(ps, LX_SYM, "dollar", 6);
    if (!strcmp(name, "mathbb") || !strcmp(name, "mathcal") || !strcmp(name, "overline") || !strcmp(name, "vec") ||
        !strcmp(name, "hat") || !strcmp(name, "bar") || !strcmp(name, "tilde") || !strcmp(name, "mathfrak")) {
        int x = parse_group_or_atom(ps);
        return x < 0 ? -1 : node2(ps, LX_FUNC, name, x, -1);
    }
    return fail(ps, "unknown command");
}

static int starts_atom(parser *ps, token t) {
    if (t.kind == T_NUM || t.kind == T_WORD) return 1;
    if (t.kind == T_CHAR) return t.c == '(' || t.c == '[' || t.c == '{' || (t.c == '|' && !ps->abs_depth);
    if (t.kind != T_CMD) return 0;
    static const char *const not_atoms[] = {"cdot", "times", "ast", "div", "over", "pm", "mp", "le", "leq", "ge",
                                            "geq", "ne", "neq", "lt", "gt", "leqslant", "geqslant", "cup", "cap",
                                            "rangle", "rfloor", "rceil", "rvert", "end", "\\", "}", "cr", "approx",
                                            "to", "in", "mid", "implies", "iff", "equiv", "sim", "%", NULL};
    return !cmd_in(t, not_atoms);
}

/* A word spelled in letters: a known function (sin, log...), pi, inf, or single letters. */
static int parse_word(parser *ps) {
    const char *s = ps->p;
    const char *q = s;
    while (q < ps->end && isalpha((unsigned char)*q)) q++;
    size_t n = (size_t)(q - s);
    for (const char *const *f = functions; *f; f++) {
        size_t l = strlen(*f);
        if (n >= l && !strncmp(s, *f, l) && (n == l || !strcmp(*f, "ln") || l >= 3)) {
            if (n != l && strcmp(*f, "ln")) continue;
            ps->p = s + l;
            return parse_function(ps, *f, l);
        }
    }
    static const struct { const char *word; lx_kind kind; const char *as; } words[] = {
        {"sqrt", LX_FUNC, "sqrt"}, {"pi", LX_SYM, "pi"}, {"inf", LX_INF, NULL}, {"infinity", LX_INF, NULL},
        {"infty", LX_INF, NULL}, {NULL, 0, NULL}};
    for (int i = 0; words[i].word; i++)
        if (n == strlen(words[i].word) && !strncmp(s, words[i].word, n)) {
            ps->p = q;
            if (words[i].kind == LX_FUNC) return parse_function(ps, "sqrt", 4);
            return node(ps, words[i].kind, words[i].as, words[i].as ? strlen(words[i].as) : 0);
        }
    ps->p = s + 1;   /* xy is x times y: one letter at a time */
    return node(ps, LX_SYM, s, 1);
}

static int parse_atom(parser *ps) {
    token t = peek(ps);
    switch (t.kind) {
    case T_END: return fail(ps, "unexpected end");
    case T_NUM: take(ps, t); return node(ps, LX_NUM, t.s, t.n);
    case T_WORD: return parse_word(ps);
    case T_CMD: return parse_command(ps, t);
    case T_CHAR: break;
    }
    if (t.c == '(' || t.c == '[') {
        int after_left = ps->after_left;
        take(ps, t);
        return parse_bracket(ps, t.c, after_left);
    }
    if (t.c == '{') {   /* a group, or with commas a set as plain text writes it: {1, 2, 3} */
        take(ps, t);
        int count, items = parse_items(ps, LX_SET, &count);
        token c = peek(ps);
        if (items < 0 || !is_char(c, '}')) return fail(ps, "expected }");
        take(ps, c);
        return count == 1 ? ps->e->nodes[items].child : items;
    }
    if (t.c == '|') {
        take(ps, t);
        ps->abs_depth++;
        int x = parse_union(ps);
        ps->abs_depth--;
        token c = peek(ps);
        if (x < 0 || !is_char(c, '|')) return fail(ps, "unclosed |");
        take(ps, c);
        return node2(ps, LX_FUNC, "abs", x, -1);
    }
    return fail(ps, "unexpected character");
}

/* Atom with subscripts, primes, factorials, percent and degree signs after it. */
static int parse_postfix(parser *ps) {
    if (enter(ps)) return -1;
    int a = parse_atom(ps);
    for (;;) {
        if (a < 0) return leave(ps, -1);
        token t = peek(ps);
        if (is_char(t, '_') && ps->e->nodes[a].kind == LX_SYM) {   /* x_1, x_{10}: part of the name */
            take(ps, t);
            const char *s;
            size_t n;
            token g = peek(ps);
            if (is_char(g, '{')) { if (raw_group(ps, &s, &n) < 0) return leave(ps, -1); }
            else { take(ps, g); s = g.s; n = g.n; }
            char name[96];
            snprintf(name, sizeof name, "%s_%.*s", lx_text(ps->e, a), (int)(n < 60 ? n : 60), s);
            ps->e->nodes[a].text = add_text(ps->e, name, strlen(name));
            continue;
        }
        if (is_char(t, '!') && !(ps->p + 1 < ps->end && ps->p[1] == '=')) {   /* x != 3 is no factorial */
            take(ps, t);
            a = node2(ps, LX_FUNC, "fact", a, -1);
            continue;
        }
        if (is_char(t, '%') || is_cmd(t, "%")) { take(ps, t); a = node2(ps, LX_FUNC, "percent", a, -1); continue; }
        if (is_cmd(t, "circ") || (t.kind == T_CMD && t.c && !strncmp(t.s, "circ", 4))) {
            take(ps, t);
            a = node2(ps, LX_FUNC, "deg", a, -1);
            continue;
        }
        if (is_char(t, '\'')) { take(ps, t); a = node2(ps, LX_FUNC, "prime", a, -1); continue; }
        return leave(ps, a);
    }
}

/* base ^ exponent, right-associative; x^\circ is a degree sign. */
static int parse_power(parser *ps) {
    if (enter(ps)) return -1;
    int base = parse_postfix(ps);
    token t = peek(ps);
    if (base < 0 || !is_char(t, '^')) return leave(ps, base);
    take(ps, t);
    token x = peek(ps);
    if (is_cmd(x, "circ")) { take(ps, x); return leave(ps, node2(ps, LX_FUNC, "deg", base, -1)); }
    if (is_char(x, '{')) {
        const char *save = ps->p;
        take(ps, x);
        token c = peek(ps);
        if (is_cmd(c, "circ")) {
            take(ps, c);
            token close = peek(ps);
            if (is_char(close, '}')) { take(ps, close); return leave(ps, node2(ps, LX_FUNC, "deg", base, -1)); }
        }
        ps->p = save;
    }
    int exponent;
    if (is_char(x, '-') || is_char(x, '+')) {
        take(ps, x);
        int inner = parse_power(ps);
        exponent = is_char(x, '-') ? node2(ps, LX_NEG, NULL, inner, -1) : inner;
    } else if (is_char(x, '{')) {
        exponent = parse_group_or_atom(ps);
    } else {
        exponent = parse_power(ps);
    }
    return leave(ps, node2(ps, LX_POW, NULL, base, exponent));
}

static int parse_unary(parser *ps) {
    if (enter(ps)) return -1;
    token t = peek(ps);
    if (is_char(t, '-')) { take(ps, t); return leave(ps, node2(ps, LX_NEG, NULL, parse_unary(ps), -1)); }
    if (is_char(t, '+')) { take(ps, t); return leave(ps, parse_unary(ps)); }
    if (is_cmd(t, "pm") || is_cmd(t, "mp")) { take(ps, t); return leave(ps, node2(ps, LX_PM, NULL, parse_unary(ps), -1)); }
    return leave(ps, parse_power(ps));
}

static int is_integer_node(const latex_expr *e, int n) {
    return n >= 0 && e->nodes[n].kind == LX_NUM && !strpbrk(lx_text(e, n), ".eE");
}

static int is_simple_fraction(const latex_expr *e, int n) {
    if (e->nodes[n].kind != LX_DIV) return 0;
    int a = e->nodes[n].child;
    return is_integer_node(e, a) && is_integer_node(e, e->nodes[a].next);
}

/* Explicit products and quotients, and implicit products of adjacent atoms. */
/* stop_at_implicit: 1, no implicit product at all; 2, none with a function (a function's argument). */
static int parse_product(parser *ps, int stop_at_implicit) {
    if (enter(ps)) return -1;
    int left = parse_unary(ps);
    int prod = -1;
    for (;;) {
        if (left < 0) return leave(ps, -1);
        token t = peek(ps);
        int explicit_mul = is_char(t, '*') || cmd_in(t, mul_cmds);
        if (is_char(t, '/') || cmd_in(t, div_cmds)) {
            take(ps, t);
            int right = parse_unary(ps);
            if (prod >= 0) {   /* a b / c: the quotient takes the product so far */
                left = node2(ps, LX_DIV, NULL, prod, right);
                prod = -1;
            } else {
                left = node2(ps, LX_DIV, NULL, left, right);
            }
            continue;
        }
        if (!explicit_mul && (stop_at_implicit == 1 || !starts_atom(ps, t) || (stop_at_implicit == 2 && cmd_in(t, functions)))) break;
        if (explicit_mul) take(ps, t);
        int mixed = !explicit_mul && prod < 0 && is_integer_node(ps->e, left) && (is_cmd(t, "frac") || is_cmd(t, "dfrac") || is_cmd(t, "tfrac"));
        int right = parse_unary(ps);
        if (right < 0) return leave(ps, -1);
        if (mixed && is_simple_fraction(ps->e, right)) {   /* 2\frac{1}{2} is two and a half */
            left = node2(ps, LX_ADD, NULL, left, right);
            continue;
        }
        if (prod < 0) {
            prod = node(ps, LX_MUL, NULL, 0);
            adopt(ps, prod, left);
        }
        adopt(ps, prod, right);
        left = prod;
    }
    return leave(ps, left);
}

static int parse_sum(parser *ps) {
    if (enter(ps)) return -1;
    int left = parse_product(ps, 0);
    int sum = -1;
    for (;;) {
        if (left < 0) return leave(ps, -1);
        token t = peek(ps);
        int minus = is_char(t, '-'), plus = is_char(t, '+');
        if (is_cmd(t, "pm") || is_cmd(t, "mp")) {
            take(ps, t);
            left = node2(ps, LX_PM, NULL, sum >= 0 ? sum : left, parse_product(ps, 0));
            sum = -1;
            continue;
        }
        if (!minus && !plus) break;
        take(ps, t);
        int right = parse_product(ps, 0);
        if (minus) right = node2(ps, LX_NEG, NULL, right, -1);
        if (right < 0) return leave(ps, -1);
        if (sum < 0) {
            sum = node(ps, LX_ADD, NULL, 0);
            adopt(ps, sum, left);
        }
        adopt(ps, sum, right);
        left = sum;
    }
    return leave(ps, left);
}

static const char *relation(parser *ps, token t) {
    static const struct { const char *cmd; const char *op; } cmds[] = {
        {"le", "<="}, {"leq", "<="}, {"leqslant", "<="}, {"ge", ">="}, {"geq", ">="}, {"geqslant", ">="},
        {"ne", "!="}, {"neq", "!="}, {"lt", "<"}, {"gt", ">"}, {"approx", "="}, {"in", "in"}, {NULL, NULL}};
    for (int i = 0; cmds[i].cmd; i++) if (is_cmd(t, cmds[i].cmd)) { take(ps, t); return cmds[i].op; }
    if (t.kind != T_CHAR || !strchr("=<>!", t.c)) return NULL;
    if (t.c == '!') {
        if (!(ps->p + 1 < ps->end && ps->p[1] == '=')) return NULL;
        ps->p += 2;
        return "!=";
    }
    take(ps, t);
    token u = peek(ps);
    if (is_char(u, '=')) { take(ps, u); return t.c == '<' ? "<=" : t.c == '>' ? ">=" : "="; }
    return t.c == '<' ? "<" : t.c == '>' ? ">" : "=";
}

static int parse_relation(parser *ps) {
    if (enter(ps)) return -1;
    int left = parse_sum(ps);
    for (;;) {
        if (left < 0) return leave(ps, -1);
        const char *op = relation(ps, peek(ps));
        if (!op) return leave(ps, left);
        /* x \in (2,12) \cup (12,102): membership takes the whole union */
        left = node2(ps, LX_REL, op, left, strcmp(op, "in") ? parse_sum(ps) : parse_union(ps));
    }
}

static int parse_union(parser *ps) {
    if (enter(ps)) return -1;
    int left = parse_relation(ps);
    int u = -1;
    for (;;) {
        if (left < 0) return leave(ps, -1);
        token t = peek(ps);
        if (!is_cmd(t, "cup")) break;
        take(ps, t);
        int right = parse_relation(ps);
        if (right < 0) return leave(ps, -1);
        if (u < 0) { u = node(ps, LX_UNION, NULL, 0); adopt(ps, u, left); }
        adopt(ps, u, right);
        left = u;
    }
    for (int c = u >= 0 ? ps->e->nodes[u].child : -1; c >= 0; c = ps->e->nodes[c].next) {
        lx_node *m = &ps->e->nodes[c];   /* (0,9) \cup (9,36): the pairs are intervals */
        if ((m->kind == LX_TUPLE || m->kind == LX_LIST) && lx_count_children(ps->e, c) == 2) {
            m->flags = m->kind == LX_LIST ? 3 : 0;
            m->kind = LX_INTERVAL;
        }
    }
    return leave(ps, left);
}

/* ---- entry points ----------------------------------------------------------------------------- */

void latex_unwrap(const char **s, size_t *n) {
    for (int changed = 1; changed;) {
        changed = 0;
        while (*n && (isspace((unsigned char)**s))) (*s)++, (*n)--;
        while (*n && (isspace((unsigned char)(*s)[*n - 1]) || (*s)[*n - 1] == '.')) (*n)--;
        static const struct { const char *open, *close; } pairs[] = {
            {"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}, {"\\boxed{", "}"}, {"\\fbox{", "}"}};
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            size_t lo = strlen(pairs[i].open), lc = strlen(pairs[i].close);
            if (*n >= lo + lc && !strncmp(*s, pairs[i].open, lo) && !strncmp(*s + *n - lc, pairs[i].close, lc)) {
                *s += lo, *n -= lo + lc, changed = 1;
                break;
            }
        }
    }
}

int latex_parse(const char *s, size_t n, latex_expr *e) {
    memset(e, 0, sizeof *e);
    e->root = -1;
    latex_unwrap(&s, &n);
    parser ps = {.start = s, .p = s, .end = s + n, .e = e};
    int root = parse_union(&ps);
    if (!ps.failed && root >= 0 && peek(&ps).kind != T_END) fail(&ps, "unexpected trailing text");
    if (ps.failed || root < 0) {
        if (!e->error[0]) snprintf(e->error, sizeof e->error, "cannot parse");
        return -1;
    }
    e->root = root;
    return 0;
}

void latex_free(latex_expr *e) {
    free(e->nodes);
    free(e->strings);
    memset(e, 0, sizeof *e);
}

const char *lx_text(const latex_expr *e, int node) {
    return node >= 0 && e->nodes[node].text >= 0 ? e->strings + e->nodes[node].text : "";
}

int lx_count_children(const latex_expr *e, int node) {
    int k = 0;
    for (int c = e->nodes[node].child; c >= 0; c = e->nodes[c].next) k++;
    return k;
}

int lx_is_constant(const latex_expr *e, int node) {
    const lx_node *x = &e->nodes[node];
    if (x->kind >= LX_REL && x->kind != LX_PM && x->kind != LX_INF) return 0;   /* a relation, a set: no number */
    if (x->kind == LX_SYM) {
        const char *t = lx_text(e, node);
        return !strcmp(t, "pi") || !strcmp(t, "e") || !strcmp(t, "i") || !strcmp(t, "deg");
    }
    for (int c = x->child; c >= 0; c = e->nodes[c].next)
        if (!lx_is_constant(e, c)) return 0;
    return 1;
}

static void sexpr(const latex_expr *e, int n, buf *out, int depth) {
    static const char *const ops[] = {[LX_ADD] = "+", [LX_MUL] = "*", [LX_DIV] = "/", [LX_POW] = "^",
                                      [LX_NEG] = "-", [LX_PM] = "pm", [LX_TUPLE] = "tuple", [LX_LIST] = "list",
                                      [LX_SET] = "set", [LX_UNION] = "union", [LX_MATRIX] = "matrix"};
    const lx_node *x = &e->nodes[n];
    if (depth > LATEX_MAX_DEPTH * 4) { buf_puts(out, "..."); return; }
    switch (x->kind) {
    case LX_NUM: case LX_SYM: buf_puts(out, lx_text(e, n)); return;
    case LX_INF: buf_puts(out, "inf"); return;
    case LX_INTERVAL: {
        int lo = x->child, hi = lo >= 0 ? e->nodes[lo].next : -1;
        buf_puts(out, x->flags & 1 ? "(interval closed " : "(interval open ");
        if (lo >= 0) sexpr(e, lo, out, depth + 1);
        buf_putc(out, ' ');
        if (hi >= 0) sexpr(e, hi, out, depth + 1);
        buf_puts(out, x->flags & 2 ? " closed)" : " open)");
        return;
    }
    case LX_FUNC: case LX_REL: buf_putc(out, '('); buf_puts(out, lx_text(e, n)); break;
    case LX_MATRIX:
        buf_puts(out, "(matrix");
        for (int r = x->child; r >= 0; r = e->nodes[r].next) {
            buf_puts(out, " (row");
            for (int c = e->nodes[r].child; c >= 0; c = e->nodes[c].next) { buf_putc(out, ' '); sexpr(e, c, out, depth + 1); }
            buf_putc(out, ')');
        }
        buf_putc(out, ')');
        return;
    default: buf_putc(out, '('); buf_puts(out, ops[x->kind]); break;
    }
    for (int c = x->child; c >= 0; c = e->nodes[c].next) { buf_putc(out, ' '); sexpr(e, c, out, depth + 1); }
    buf_putc(out, ')');
}

void latex_sexpr(const latex_expr *e, int node, buf *out) {
    if (node >= 0) sexpr(e, node, out, 0);
}
