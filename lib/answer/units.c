/* units.c -- unit expressions to SI dimensions.  Three passes over fixed buffers: normalize
 * (LaTeX and Unicode spellings become one ASCII-ish form), lex (words, integers, operators),
 * then a recursive-descent parse bounded by MAX_DEPTH.  Nothing is allocated. */
#include "answer/units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_IN 256          /* longer text is prose, not a unit */
#define NORM_CAP 1536       /* the worst expansion ("Å" -> " angstrom ") stays well inside */
#define MAX_BRACES 16
#define MAX_TOK 64
#define MAX_WORD 24         /* "millielectronvolts" is 18 */
#define MAX_DEPTH 8
#define MAX_DIM 60          /* keeps every exponent inside a signed char */
#define MAX_EXP 12

/* Marker bytes the normalizer writes; control bytes in the input are rejected, so they cannot
 * be forged. */
#define MICRO '\x01'
#define DEG '\x02'
#define FRAC '\x03'

#define PI 3.14159265358979323846
#define LBF (0.45359237 * 9.80665)      /* pound-force: pound mass times standard gravity */
#define INCH 0.0254

/* ---- the unit table ---------------------------------------------------------------------- */

enum {
    F_SYM = 1,      /* takes symbol prefixes: km, µs */
    F_NPFX = 2,     /* takes name prefixes: kilometre */
    F_PL = 4,       /* takes a plural "s": meters, bars */
    F_NAME = 8,     /* a spelled-out name, also matched lower-cased: Joules */
    F_DEG = 16,     /* angle degree, which a following C/F/K turns into a temperature */
    F_PCT = 32,
    F_CUR = 64,
};

typedef struct {
    const char *name;
    double scale;
    signed char dim[UNIT_NDIMS];
    unsigned short flags;
    double offset;
} unit_def;

#define D(m, kg, s, A, K, mol, cd) {m, kg, s, A, K, mol, cd}
#define U(name, scale, dim, flags) {name, scale, dim, flags, 0}
#define NODIM D(0, 0, 0, 0, 0, 0, 0)
#define LEN D(1, 0, 0, 0, 0, 0, 0)
#define MASS D(0, 1, 0, 0, 0, 0, 0)
#define TIME D(0, 0, 1, 0, 0, 0, 0)
#define FORCE D(1, 1, -2, 0, 0, 0, 0)
#define ENERGY D(2, 1, -2, 0, 0, 0, 0)
#define POWER D(2, 1, -3, 0, 0, 0, 0)
#define PRESS D(-1, 1, -2, 0, 0, 0, 0)
#define VOL D(3, 0, 0, 0, 0, 0, 0)
#define SPEED D(1, 0, -1, 0, 0, 0, 0)
#define FREQ D(0, 0, -1, 0, 0, 0, 0)
#define TEMP D(0, 0, 0, 0, 1, 0, 0)
#define CHARGE D(0, 0, 1, 1, 0, 0, 0)
#define DOSE D(2, 0, -2, 0, 0, 0, 0)

#define SN (F_SYM | F_NAME)
#define NAME (F_NAME | F_PL)
#define NAMEP (F_NAME | F_PL | F_NPFX)

static const unit_def units[] = {
    /* SI base and derived symbols, all prefixable */
    U("m", 1, LEN, F_SYM), U("g", 1e-3, MASS, F_SYM), U("s", 1, TIME, F_SYM),
    U("A", 1, D(0, 0, 0, 1, 0, 0, 0), F_SYM), U("K", 1, TEMP, F_SYM),
    U("mol", 1, D(0, 0, 0, 0, 0, 1, 0), F_SYM | F_PL), U("cd", 1, D(0, 0, 0, 0, 0, 0, 1), F_SYM),
    U("N", 1, FORCE, F_SYM), U("J", 1, ENERGY, F_SYM), U("W", 1, POWER, F_SYM),
    U("Pa", 1, PRESS, F_SYM), U("Hz", 1, FREQ, F_SYM), U("C", 1, CHARGE, F_SYM),
    U("V", 1, D(2, 1, -3, -1, 0, 0, 0), F_SYM), U("ohm", 1, D(2, 1, -3, -2, 0, 0, 0), F_SYM | NAMEP),
    U("Ohm", 1, D(2, 1, -3, -2, 0, 0, 0), F_SYM | F_PL), U("F", 1, D(-2, -1, 4, 2, 0, 0, 0), F_SYM),
    U("H", 1, D(2, 1, -2, -2, 0, 0, 0), F_SYM), U("T", 1, D(0, 1, -2, -1, 0, 0, 0), F_SYM),
    U("Wb", 1, D(2, 1, -2, -1, 0, 0, 0), F_SYM), U("S", 1, D(-2, -1, 3, 2, 0, 0, 0), F_SYM),
    U("L", 1e-3, VOL, F_SYM), U("l", 1e-3, VOL, F_SYM), U("eV", 1.602176634e-19, ENERGY, F_SYM),
    U("Da", 1.66053906892e-27, MASS, F_SYM), U("Gy", 1, DOSE, F_SYM), U("Sv", 1, DOSE, F_SYM),
    U("Bq", 1, FREQ, F_SYM), U("lm", 1, D(0, 0, 0, 0, 0, 0, 1), F_SYM),
    U("lx", 1, D(-2, 0, 0, 0, 0, 0, 1), F_SYM), U("kat", 1, D(0, 0, -1, 0, 0, 1, 0), F_SYM),
    U("Wh", 3600, ENERGY, F_SYM), U("Ah", 3600, CHARGE, F_SYM), U("VA", 1, POWER, F_SYM),
    U("bar", 1e5, PRESS, F_SYM | F_PL), U("cal", 4.184, ENERGY, F_SYM), U("Torr", 101325.0 / 760, PRESS, F_SYM),
    U("torr", 101325.0 / 760, PRESS, F_SYM | F_NAME), U("M", 1000, D(-3, 0, 0, 0, 0, 1, 0), F_SYM),
    U("yr", 31557600, TIME, F_SYM), U("rad", 1, NODIM, F_SYM), U("sr", 1, NODIM, F_SYM),
    U("pc", 648000 / PI * 1.495978707e11, LEN, F_SYM),
    /* other symbols, not prefixable (prefix splits of these would be nonsense or plain words) */
    U("u", 1.66053906892e-27, MASS, 0), U("amu", 1.66053906892e-27, MASS, 0),
    U("min", 60, TIME, 0), U("mins", 60, TIME, 0), U("sec", 1, TIME, 0), U("secs", 1, TIME, 0),
    U("h", 3600, TIME, 0), U("hr", 3600, TIME, 0), U("hrs", 3600, TIME, 0), U("d", 86400, TIME, 0),
    U("yrs", 31557600, TIME, 0), U("t", 1000, MASS, 0),
    U("atm", 101325, PRESS, 0), U("mmHg", 133.322387415, PRESS, 0), U("cmHg", 1333.22387415, PRESS, 0),
    U("inHg", INCH * 13595.1 * 9.80665, PRESS, 0), U("psi", LBF / (INCH * INCH), PRESS, 0),
    U("ksi", 1000 * LBF / (INCH * INCH), PRESS, 0), U("Cal", 4184, ENERGY, 0), U("kCal", 4184, ENERGY, 0),
    U("BTU", 1055.05585262, ENERGY, 0), U("Btu", 1055.05585262, ENERGY, 0), U("erg", 1e-7, ENERGY, 0),
    U("dyn", 1e-5, FORCE, 0), U("lb", 0.45359237, MASS, 0), U("lbs", 0.45359237, MASS, 0),
    U("lbm", 0.45359237, MASS, 0), U("lbf", LBF, FORCE, 0), U("kgf", 9.80665, FORCE, 0),
    U("oz", 0.028349523125, MASS, 0), U("ft", 0.3048, LEN, 0), U("in", INCH, LEN, 0),
    U("mi", 1609.344, LEN, 0), U("yd", 0.9144, LEN, 0), U("ly", 9.4607304725808e15, LEN, 0),
    U("AU", 1.495978707e11, LEN, 0), U("au", 1.495978707e11, LEN, 0), U("gal", 3.785411784e-3, VOL, 0),
    U("cc", 1e-6, VOL, 0), U("mph", 0.44704, SPEED, 0), U("kph", 1 / 3.6, SPEED, 0),
    U("kmh", 1 / 3.6, SPEED, 0), U("kmph", 1 / 3.6, SPEED, 0), U("hp", 550 * 0.3048 * LBF, POWER, 0),
    U("rpm", 2 * PI / 60, FREQ, 0), U("rev", 2 * PI, NODIM, 0),
    U("deg", PI / 180, NODIM, F_DEG), U("\x02", PI / 180, NODIM, F_DEG),
    U("arcmin", PI / 10800, NODIM, 0), U("arcsec", PI / 648000, NODIM, 0),
    U("ppm", 1e-6, NODIM, 0), U("ppb", 1e-9, NODIM, 0), U("%", 0.01, NODIM, F_PCT),
    U("$", 1, NODIM, F_CUR), U("USD", 1, NODIM, F_CUR), U("EUR", 1, NODIM, F_CUR),
    U("GBP", 1, NODIM, F_CUR), U("JPY", 1, NODIM, F_CUR), U("Nm", 1, ENERGY, 0), U("kNm", 1e3, ENERGY, 0),
    {"degC", 1, TEMP, 0, 273.15}, {"degF", 5.0 / 9, TEMP, 0, 273.15 - 32 * 5.0 / 9},
    /* miscased spellings common enough in answers to be worth accepting */
    U("Kg", 1, MASS, 0), U("KG", 1, MASS, 0), U("kgs", 1, MASS, 0), U("Kgs", 1, MASS, 0),
    U("KJ", 1e3, ENERGY, 0), U("Kj", 1e3, ENERGY, 0), U("kj", 1e3, ENERGY, 0),
    U("KW", 1e3, POWER, 0), U("Kw", 1e3, POWER, 0), U("kw", 1e3, POWER, 0),
    U("Km", 1e3, LEN, 0), U("KM", 1e3, LEN, 0), U("hz", 1, FREQ, 0), U("HZ", 1, FREQ, 0),
    U("KHz", 1e3, FREQ, 0), U("khz", 1e3, FREQ, 0), U("Mhz", 1e6, FREQ, 0), U("mhz", 1e6, FREQ, 0),
    U("MHZ", 1e6, FREQ, 0), U("Ghz", 1e9, FREQ, 0), U("ghz", 1e9, FREQ, 0), U("GHZ", 1e9, FREQ, 0),
    U("KPa", 1e3, PRESS, 0), U("kpa", 1e3, PRESS, 0), U("KWh", 3.6e6, ENERGY, 0),
    U("kwh", 3.6e6, ENERGY, 0), U("Kwh", 3.6e6, ENERGY, 0), U("KWH", 3.6e6, ENERGY, 0),
    /* spelled-out names */
    U("metre", 1, LEN, NAMEP), U("meter", 1, LEN, NAMEP), U("micron", 1e-6, LEN, NAME),
    U("gram", 1e-3, MASS, NAMEP), U("gramme", 1e-3, MASS, NAMEP), U("second", 1, TIME, NAMEP),
    U("ampere", 1, D(0, 0, 0, 1, 0, 0, 0), NAMEP), U("amp", 1, D(0, 0, 0, 1, 0, 0, 0), NAMEP),
    U("kelvin", 1, TEMP, NAMEP), U("mole", 1, D(0, 0, 0, 0, 0, 1, 0), NAMEP),
    U("candela", 1, D(0, 0, 0, 0, 0, 0, 1), NAMEP), U("newton", 1, FORCE, NAMEP),
    U("joule", 1, ENERGY, NAMEP), U("watt", 1, POWER, NAMEP), U("pascal", 1, PRESS, NAMEP),
    U("hertz", 1, FREQ, F_NAME | F_NPFX), U("coulomb", 1, CHARGE, NAMEP),
    U("volt", 1, D(2, 1, -3, -1, 0, 0, 0), NAMEP), U("farad", 1, D(-2, -1, 4, 2, 0, 0, 0), NAMEP),
    U("henry", 1, D(2, 1, -2, -2, 0, 0, 0), NAMEP), U("henries", 1, D(2, 1, -2, -2, 0, 0, 0), F_NAME | F_NPFX),
    U("tesla", 1, D(0, 1, -2, -1, 0, 0, 0), NAMEP), U("weber", 1, D(2, 1, -2, -1, 0, 0, 0), NAMEP),
    U("siemens", 1, D(-2, -1, 3, 2, 0, 0, 0), F_NAME | F_NPFX), U("litre", 1e-3, VOL, NAMEP),
    U("liter", 1e-3, VOL, NAMEP), U("electronvolt", 1.602176634e-19, ENERGY, NAMEP),
    U("dalton", 1.66053906892e-27, MASS, NAMEP), U("calorie", 4.184, ENERGY, NAMEP),
    U("gray", 1, DOSE, NAMEP), U("sievert", 1, DOSE, NAMEP), U("becquerel", 1, FREQ, NAMEP),
    U("lumen", 1, D(0, 0, 0, 0, 0, 0, 1), NAMEP), U("lux", 1, D(-2, 0, 0, 0, 0, 0, 1), F_NAME | F_NPFX),
    U("radian", 1, NODIM, NAMEP), U("steradian", 1, NODIM, NAMEP), U("tonne", 1000, MASS, NAMEP),
    U("parsec", 648000 / PI * 1.495978707e11, LEN, NAMEP), U("minute", 60, TIME, NAME),
    U("hour", 3600, TIME, NAME), U("day", 86400, TIME, NAME), U("week", 604800, TIME, NAME),
    U("year", 31557600, TIME, NAME), U("angstrom", 1e-10, LEN, NAME), U("atmosphere", 101325, PRESS, NAME),
    U("inch", INCH, LEN, F_NAME), U("inches", INCH, LEN, F_NAME), U("foot", 0.3048, LEN, F_NAME),
    U("feet", 0.3048, LEN, F_NAME), U("mile", 1609.344, LEN, NAME), U("yard", 0.9144, LEN, NAME),
    U("pound", 0.45359237, MASS, NAME), U("ounce", 0.028349523125, MASS, NAME),
    U("gallon", 3.785411784e-3, VOL, NAME), U("knot", 1852.0 / 3600, SPEED, NAME),
    U("revolution", 2 * PI, NODIM, NAME), U("horsepower", 550 * 0.3048 * LBF, POWER, F_NAME),
    U("lightyear", 9.4607304725808e15, LEN, NAME), U("gauss", 1e-4, D(0, 1, -2, -1, 0, 0, 0), F_NAME),
    U("degree", PI / 180, NODIM, NAME | F_DEG), U("percent", 0.01, NODIM, F_NAME | F_PCT),
    U("dollar", 1, NODIM, NAME | F_CUR), U("euro", 1, NODIM, NAME | F_CUR), U("yen", 1, NODIM, F_NAME | F_CUR),
    U("cent", 0.01, NODIM, NAME | F_CUR), U("pct", 0.01, NODIM, F_NAME | F_PCT), U("percentage", 0.01, NODIM, F_NAME | F_PCT),
    {"celsius", 1, TEMP, F_NAME, 273.15}, {"centigrade", 1, TEMP, F_NAME, 273.15},
    {"fahrenheit", 5.0 / 9, TEMP, F_NAME, 273.15 - 32 * 5.0 / 9},
};

/* "da" before "d" so that daN is decanewton. */
static const char *const sym_prefix[] = {"da", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d",
                                         "c", "m", "u", "\x01", "n", "p", "f", "a", "z", "y"};
static const double sym_scale[] = {1e1, 1e24, 1e21, 1e18, 1e15, 1e12, 1e9, 1e6, 1e3, 1e2, 1e-1,
                                   1e-2, 1e-3, 1e-6, 1e-6, 1e-9, 1e-12, 1e-15, 1e-18, 1e-21, 1e-24};
static const char *const name_prefix[] = {"yotta", "zetta", "exa", "peta", "tera", "giga", "mega",
                                          "kilo", "hecto", "deca", "deka", "deci", "centi", "milli",
                                          "micro", "nano", "pico", "femto", "atto", "zepto", "yocto"};
static const double name_scale[] = {1e24, 1e21, 1e18, 1e15, 1e12, 1e9, 1e6, 1e3, 1e2, 1e1, 1e1,
                                    1e-1, 1e-2, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15, 1e-18, 1e-21, 1e-24};

/* English words (or common abbreviations) that would otherwise split into prefix + unit:
 * "5 am" is a time of day, not attometres. */
static const char *const stop_words[] = {"am", "as", "at", "dam", "das", "dal", "hm", "pH",
                                         "PA", "PC", "PM", "PS", "PT", "TV", "ET"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const unit_def *find(const char *w, size_t n, unsigned need) {
    for (size_t i = 0; i < COUNT(units); i++) {
        const char *name = units[i].name;
        if (name[0] == w[0] && strlen(name) == n && !memcmp(name, w, n) && (units[i].flags & need) == need)
            return &units[i];
    }
    return NULL;
}

static const unit_def *find_plural(const char *w, size_t n, unsigned need) {
    if (n < 4 || w[n - 1] != 's') return NULL;
    return find(w, n - 1, need | F_PL);
}

static const unit_def *split_symbol(const char *w, size_t n, double *pfx) {
    for (size_t i = 0; i < COUNT(sym_prefix); i++) {
        size_t len = strlen(sym_prefix[i]);
        const unit_def *d;
        if (n > len && !memcmp(w, sym_prefix[i], len) && (d = find(w + len, n - len, F_SYM))) {
            *pfx = sym_scale[i];
            return d;
        }
    }
    return NULL;
}

static const unit_def *split_name(const char *w, size_t n, double *pfx) {
    for (size_t i = 0; i < COUNT(name_prefix); i++) {
        size_t len = strlen(name_prefix[i]);
        const unit_def *d = NULL;
        if (n <= len || memcmp(w, name_prefix[i], len)) continue;
        if ((d = find(w + len, n - len, F_NPFX)) || (d = find_plural(w + len, n - len, F_NPFX))) {
            *pfx = name_scale[i];
            return d;
        }
    }
    return NULL;
}

static int is_stop_word(const char *w) {
    for (size_t i = 0; i < COUNT(stop_words); i++)
        if (!strcmp(w, stop_words[i])) return 1;
    return 0;
}

/* Exact symbols first, so "min", "Pa" and "cd" never split; then prefixes, plurals, and last
 * the lower-cased word against spelled-out names only ("Joules" but not "MIN"). */
static const unit_def *lookup(const char *w, double *pfx) {
    size_t n = strlen(w);
    const unit_def *d;
    *pfx = 1;
    if (!n || is_stop_word(w)) return NULL;
    if ((d = find(w, n, 0)) || (d = split_symbol(w, n, pfx)) || (d = find_plural(w, n, 0)) ||
        (d = split_name(w, n, pfx)))
        return d;
    char low[MAX_WORD];
    int changed = 0;
    for (size_t i = 0; i <= n; i++) {
        low[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + 32) : w[i];
        changed |= low[i] != w[i];
    }
    if (!changed || n < 3) return NULL;
    if ((d = find(low, n, F_NAME)) || (d = find_plural(low, n, F_NAME))) return d;
    return split_name(low, n, pfx);
}

/* ---- normalize: LaTeX and Unicode spellings to one form ----------------------------------- */

typedef struct {
    char buf[NORM_CAP];
    size_t len;
    unsigned char brace[MAX_BRACES];   /* 1: a wrapper's brace (transparent), 0: a group */
    int nbrace, want_wrap, in_sup, bad;
} norm;

static void put(norm *z, const char *s, size_t n) {
    if (z->len + n > sizeof z->buf) { z->bad = 1; return; }
    memcpy(z->buf + z->len, s, n);
    z->len += n;
    z->in_sup = 0;
}

static void put_str(norm *z, const char *s) { put(z, s, strlen(s)); }

typedef struct { const char *utf8, *text; int sup; } glyph;

static const glyph glyphs[] = {
    {"\xC2\xB5", "\x01", 0}, {"\xCE\xBC", "\x01", 0},                  /* µ micro sign, μ mu */
    {"\xCE\xA9", "ohm ", 0}, {"\xE2\x84\xA6", "ohm ", 0},              /* Ω omega, ohm sign */
    {"\xC3\x85", " angstrom ", 0}, {"\xE2\x84\xAB", " angstrom ", 0},  /* Å, angstrom sign */
    {"\xC2\xB0", "\x02", 0}, {"\xC2\xBA", "\x02", 0}, {"\xCB\x9A", "\x02", 0},  /* ° º ˚ */
    {"\xE2\x84\x83", "\x02" "C ", 0}, {"\xE2\x84\x89", "\x02" "F ", 0},         /* ℃ ℉ */
    {"\xC2\xB7", "*", 0}, {"\xE2\x8B\x85", "*", 0}, {"\xC3\x97", "*", 0},  /* · ⋅ × */
    {"\xE2\x88\x99", "*", 0}, {"\xE2\x80\xA2", "*", 0},                     /* ∙ • */
    {"\xE2\x88\x92", "-", 0}, {"\xE2\x80\x93", "-", 0}, {"\xE2\x88\x95", "/", 0},  /* − – ∕ */
    {"\xC2\xA0", " ", 0}, {"\xE2\x80\xAF", " ", 0},                    /* no-break spaces */
    {"\xE2\x82\xAC", " EUR ", 0}, {"\xC2\xA3", " GBP ", 0}, {"\xC2\xA5", " JPY ", 0},
    {"\xC2\xB9", "1", 1}, {"\xC2\xB2", "2", 1}, {"\xC2\xB3", "3", 1}, {"\xE2\x81\xB0", "0", 1},
    {"\xE2\x81\xB4", "4", 1}, {"\xE2\x81\xB5", "5", 1}, {"\xE2\x81\xB6", "6", 1},
    {"\xE2\x81\xB7", "7", 1}, {"\xE2\x81\xB8", "8", 1}, {"\xE2\x81\xB9", "9", 1},
    {"\xE2\x81\xBB", "-", 1}, {"\xE2\x81\xBA", "+", 1},
};

static void norm_utf8(norm *z, const char *s, size_t n, size_t *i) {
    const unsigned char *u = (const unsigned char *)s + *i;
    if (n - *i >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x80 && u[2] <= 0x8B) {
        put(z, " ", 1);               /* U+2000..U+200B: en, em, thin, hair, zero-width spaces */
        *i += 3;
        return;
    }
    for (size_t k = 0; k < COUNT(glyphs); k++) {
        size_t len = strlen(glyphs[k].utf8);
        if (n - *i < len || memcmp(s + *i, glyphs[k].utf8, len)) continue;
        int was_sup = z->in_sup;
        if (glyphs[k].sup && !was_sup) put(z, "^", 1);   /* "s⁻¹" is "s^-1" */
        put_str(z, glyphs[k].text);
        z->in_sup = glyphs[k].sup;
        *i += len;
        return;
    }
    z->bad = 1;
}

enum { C_SPACE, C_WRAP, C_TEXT, C_RING };
typedef struct { const char *name; int kind; const char *text; } command;

static const command commands[] = {
    {"text", C_WRAP, 0}, {"mathrm", C_WRAP, 0}, {"textrm", C_WRAP, 0}, {"mbox", C_WRAP, 0},
    {"operatorname", C_WRAP, 0}, {"mathit", C_WRAP, 0}, {"textit", C_WRAP, 0}, {"mathsf", C_WRAP, 0},
    {"textsf", C_WRAP, 0}, {"textnormal", C_WRAP, 0}, {"textup", C_WRAP, 0}, {"mathup", C_WRAP, 0},
    {"mathbf", C_WRAP, 0}, {"textbf", C_WRAP, 0}, {"si", C_WRAP, 0}, {"unit", C_WRAP, 0},
    {"rm", C_SPACE, 0}, {"quad", C_SPACE, 0}, {"qquad", C_SPACE, 0}, {"enspace", C_SPACE, 0},
    {"thinspace", C_SPACE, 0}, {"left", C_SPACE, 0}, {"right", C_SPACE, 0}, {"big", C_SPACE, 0},
    {"Big", C_SPACE, 0}, {"bigl", C_SPACE, 0}, {"bigr", C_SPACE, 0}, {"Bigl", C_SPACE, 0},
    {"Bigr", C_SPACE, 0}, {"displaystyle", C_SPACE, 0}, {"textstyle", C_SPACE, 0},
    {"mu", C_TEXT, "\x01"}, {"micro", C_TEXT, "\x01"}, {"textmu", C_TEXT, "\x01"}, {"upmu", C_TEXT, "\x01"},
    {"Omega", C_TEXT, "ohm "}, {"ohm", C_TEXT, "ohm "}, {"AA", C_TEXT, " angstrom "},
    {"angstrom", C_TEXT, " angstrom "}, {"circ", C_TEXT, "\x02"}, {"degree", C_TEXT, "\x02"},
    {"textdegree", C_TEXT, "\x02"}, {"deg", C_TEXT, " deg "}, {"celsius", C_TEXT, "\x02" "C "},
    {"degreeCelsius", C_TEXT, "\x02" "C "}, {"cdot", C_TEXT, "*"}, {"times", C_TEXT, "*"},
    {"ast", C_TEXT, "*"}, {"bullet", C_TEXT, "*"}, {"cdotp", C_TEXT, "*"}, {"centerdot", C_TEXT, "*"},
    {"frac", C_TEXT, "\x03"}, {"dfrac", C_TEXT, "\x03"}, {"tfrac", C_TEXT, "\x03"},
    {"percent", C_TEXT, "%"}, {"euro", C_TEXT, " EUR "}, {"pounds", C_TEXT, " GBP "},
    {"textsterling", C_TEXT, " GBP "}, {"textdollar", C_TEXT, "$"}, {"mathring", C_RING, 0},
};

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* \mathring{A} and \mathring A are both Å. */
static void norm_ring(norm *z, const char *s, size_t n, size_t *i) {
    size_t j = *i;
    while (j < n && s[j] == ' ') j++;
    if (n - j >= 3 && !memcmp(s + j, "{A}", 3)) j += 3;
    else if (j < n && s[j] == 'A') j++;
    else { z->bad = 1; return; }
    put_str(z, " angstrom ");
    *i = j;
}

static void norm_command(norm *z, const char *s, size_t n, size_t *i) {
    size_t j = *i + 1, k = j;
    if (j >= n) { z->bad = 1; return; }
    if (!is_alpha((unsigned char)s[j])) {      /* \, \; \! \: \  \> and math delimiters */
        *i = j + 1;
        if (strchr(",;!: >()[]", s[j])) put(z, " ", 1);
        else if (s[j] == '%' || s[j] == '$') put(z, s + j, 1);
        else z->bad = 1;
        return;
    }
    while (k < n && is_alpha((unsigned char)s[k])) k++;
    *i = k;
    for (size_t c = 0; c < COUNT(commands); c++) {
        const command *cm = &commands[c];
        if (strlen(cm->name) != k - j || memcmp(cm->name, s + j, k - j)) continue;
        if (cm->kind == C_TEXT) put_str(z, cm->text);
        else if (cm->kind == C_RING) norm_ring(z, s, n, i);
        else put(z, " ", 1);
        z->want_wrap = cm->kind == C_WRAP;
        return;
    }
    z->bad = 1;                                 /* an unknown command: not a unit we understand */
}

static void open_brace(norm *z, const char *s, size_t n, size_t *i) {
    if (*i + 1 < n && s[*i + 1] == '}') { *i += 2; return; }   /* "{}^\circ C" */
    if (z->nbrace >= MAX_BRACES) { z->bad = 1; return; }
    z->brace[z->nbrace++] = (unsigned char)z->want_wrap;
    put(z, z->want_wrap ? " " : "(", 1);
    z->want_wrap = 0;
    (*i)++;
}

static void close_brace(norm *z) {
    if (!z->nbrace) { z->bad = 1; return; }
    put(z, z->brace[--z->nbrace] ? " " : ")", 1);
}

static int match_circ(const char *s, size_t n, size_t j) {
    return n - j >= 5 && !memcmp(s + j, "\\circ", 5) && (j + 5 == n || !is_alpha((unsigned char)s[j + 5]));
}

/* "^\circ", "^{\circ}" and "^oC" are a degree sign, not an exponent. */
static int caret_degree(const char *s, size_t n, size_t *i) {
    size_t j = *i + 1;
    while (j < n && s[j] == ' ') j++;
    if (j < n && match_circ(s, n, j)) { *i = j + 5; return 1; }
    if (j < n && s[j] == '{') {
        size_t k = j + 1;
        while (k < n && s[k] == ' ') k++;
        if (k >= n || !match_circ(s, n, k)) return 0;
        for (k += 5; k < n && s[k] == ' '; k++) {}
        if (k < n && s[k] == '}') { *i = k + 1; return 1; }
        return 0;
    }
    if (j + 1 < n && s[j] == 'o' && (s[j + 1] == 'C' || s[j + 1] == 'F')) { *i = j + 1; return 1; }
    return 0;
}

static void trim(const char **s, size_t *n) {
    while (*n && strchr(" \t\r\n", (*s)[0])) (*s)++, (*n)--;
    while (*n && strchr(" \t\r\n", (*s)[*n - 1])) (*n)--;
}

/* "$\mathrm{m}$" and "$$...$$": math delimiters around the whole text.  A lone "$" stays. */
static void strip_math(const char **s, size_t *n) {
    trim(s, n);
    for (int k = 0; k < 2 && *n >= 3 && (*s)[0] == '$' && (*s)[*n - 1] == '$' && (*s)[*n - 2] != '\\'; k++) {
        (*s)++, *n -= 2;
        trim(s, n);
    }
}

static int plain_ascii(unsigned char c) {
    return is_alpha(c) || is_digit(c) || (c && strchr("*/^()[]-+.%$", c));
}

static int normalize(const char *s, size_t n, norm *z) {
    memset(z, 0, sizeof *z);
    strip_math(&s, &n);
    for (size_t i = 0; i < n && !z->bad;) {
        unsigned char c = (unsigned char)s[i];
        if (strchr(" \t\r\n~", c) && c) { put(z, " ", 1); i++; continue; }
        if (c != '{') z->want_wrap = 0;         /* a wrapper's argument must follow it */
        if (c >= 0x80) norm_utf8(z, s, n, &i);
        else if (c == '\\') norm_command(z, s, n, &i);
        else if (c == '{') open_brace(z, s, n, &i);
        else if (c == '}') close_brace(z), i++;
        else if (c == '^' && caret_degree(s, n, &i)) put(z, "\x02", 1);
        else if (plain_ascii(c)) put(z, s + i++, 1);
        else z->bad = 1;
    }
    return !z->bad && !z->nbrace;
}

/* ---- lex ------------------------------------------------------------------------------------ */

enum { T_END, T_WORD, T_INT, T_MUL, T_DIV, T_POW, T_LP, T_RP, T_MINUS, T_PLUS, T_FRAC };

typedef struct {
    unsigned char type;
    unsigned char attached;      /* no space before it: "m2" is m², "m 2" is not */
    unsigned char len;
    int ival;
    char text[MAX_WORD];
} token;

static int word_char(unsigned char c) { return is_alpha(c) || c == MICRO; }

static int all_micro(const char *w, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (w[i] != MICRO) return 0;
    return 1;
}

/* "per cent" is percent; any other "per" divides. */
static void lex_per(const char *b, size_t n, size_t *i, token *k) {
    size_t j = *i;
    while (j < n && b[j] == ' ') j++;
    if (n - j >= 4 && !memcmp(b + j, "cent", 4) && (j + 4 == n || !word_char((unsigned char)b[j + 4]))) {
        strcpy(k->text, "%");
        k->len = 1;
        *i = j + 4;
        return;
    }
    k->type = T_DIV;
}

/* A word is a run of letters; a lone micro sign joins the next word ("\mu m", "\mu\text{m}"). */
static int lex_word(const char *b, size_t n, size_t *i, token *k) {
    size_t len = 0;
    for (;;) {
        while (*i < n && word_char((unsigned char)b[*i])) {
            if (len + 1 >= MAX_WORD) return 0;
            k->text[len++] = b[(*i)++];
        }
        size_t j = *i;
        while (j < n && b[j] == ' ') j++;
        if (!all_micro(k->text, len) || j >= n || !is_alpha((unsigned char)b[j])) break;
        *i = j;
    }
    k->text[len] = 0;
    k->len = (unsigned char)len;
    k->type = T_WORD;
    if (!strcmp(k->text, "per")) lex_per(b, n, i, k);
    return 1;
}

static int lex_int(const char *b, size_t n, size_t *i, token *k) {
    k->type = T_INT;
    while (*i < n && is_digit((unsigned char)b[*i])) {
        if (++k->len > 3) return 0;             /* exponents are small; "1000" is a number */
        k->ival = k->ival * 10 + (b[(*i)++] - '0');
    }
    return 1;
}

static int lex_symbol(const char *b, size_t n, size_t *i, token *k) {
    static const char sym[] = "*/^([)]-+\x03";
    static const unsigned char type[] = {T_MUL, T_DIV, T_POW, T_LP, T_LP, T_RP, T_RP, T_MINUS, T_PLUS, T_FRAC};
    char c = b[*i];
    const char *at = c ? strchr(sym, c) : NULL;
    if (!at) return 0;
    k->type = type[at - sym];
    if (c == '*' && *i + 1 < n && b[*i + 1] == '*') k->type = T_POW, (*i)++;   /* m**2 */
    (*i)++;
    return 1;
}

/* Single-character words: the degree sign, %, $. */
static void lex_char_word(const char *b, size_t *i, token *k) {
    k->type = T_WORD;
    k->text[0] = b[(*i)++];
    k->text[1] = 0;
    k->len = 1;
}

/* A '.' after a word is a product between letters ("N.m") and ends an abbreviation otherwise
 * ("in.", "sq. ft").  Returns -1 when it is neither. */
static int lex_dot(const char *b, size_t n, size_t *i, const token *prev, int attached) {
    if (!prev || prev->type != T_WORD || !attached) return -1;
    (*i)++;
    return *i < n && is_alpha((unsigned char)b[*i]);
}

static int lex(const char *b, size_t n, token *t, int max) {
    int nt = 0, attached = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)b[i];
        if (c == ' ') { attached = 0; i++; continue; }
        if (nt >= max - 1) return -1;
        token *k = &t[nt];
        memset(k, 0, sizeof *k);
        k->attached = (unsigned char)attached;
        attached = 1;
        if (c == '.') {
            int mul = lex_dot(b, n, &i, nt ? &t[nt - 1] : NULL, k->attached);
            if (mul < 0) return -1;
            if (mul) k->type = T_MUL, nt++;
            continue;
        }
        if (word_char(c)) { if (!lex_word(b, n, &i, k)) return -1; }
        else if (c == DEG || c == '%' || c == '$') lex_char_word(b, &i, k);
        else if (is_digit(c)) { if (!lex_int(b, n, &i, k)) return -1; }
        else if (!lex_symbol(b, n, &i, k)) return -1;
        nt++;
    }
    memset(&t[nt], 0, sizeof t[nt]);
    return nt + 1;
}

/* ---- parse ---------------------------------------------------------------------------------- */

typedef struct {
    double scale;
    int dim[UNIT_NDIMS];
    int pct, cur;
} uval;

typedef struct {
    const token *t;
    int i, n;
    int depth, atoms, compound;
    double offset;               /* of the last atom; kept only when the atom stands alone */
} parser;

static void uv_one(uval *v) { memset(v, 0, sizeof *v); v->scale = 1; }

static double ipow(double x, int e) {
    double r = 1;
    for (int i = 0; i < (e < 0 ? -e : e); i++) r *= x;
    return e < 0 ? 1 / r : r;
}

/* acc *= v^power; 0 when an exponent leaves the range a signed char can hold. */
static int uv_mul(uval *acc, const uval *v, int power) {
    for (int k = 0; k < UNIT_NDIMS; k++) {
        int d = acc->dim[k] + v->dim[k] * power;
        if (d > MAX_DIM || d < -MAX_DIM) return 0;
        acc->dim[k] = d;
    }
    acc->scale *= ipow(v->scale, power);
    acc->pct |= v->pct;
    acc->cur |= v->cur;
    return 1;
}

static const token *cur(const parser *p) { return &p->t[p->i]; }
static const token *peek(const parser *p) { return &p->t[p->i + 1 < p->n ? p->i + 1 : p->n - 1]; }
static void next(parser *p) { if (p->i + 1 < p->n) p->i++; }
static int is_word(const token *t, const char *w) { return t->type == T_WORD && !strcmp(t->text, w); }

static int word_ci(const token *t, const char *w) {
    if (t->type != T_WORD || strlen(t->text) != strlen(w)) return 0;
    for (size_t i = 0; w[i]; i++)
        if ((t->text[i] | 32) != w[i]) return 0;
    return 1;
}

static int parse_expr(parser *p, uval *out);

/* The scale a degree sign turns into: "° C", "degrees Fahrenheit", "°K". */
static const unit_def *temperature_after_degree(const token *t) {
    if (is_word(t, "C") || is_word(t, "c") || word_ci(t, "celsius") || word_ci(t, "centigrade"))
        return find("degC", 4, 0);
    if (is_word(t, "F") || is_word(t, "f") || word_ci(t, "fahrenheit")) return find("degF", 4, 0);
    if (is_word(t, "K") || word_ci(t, "kelvin") || word_ci(t, "kelvins")) return find("K", 1, 0);
    return NULL;
}

/* Two-word units: "mm Hg", "electron volts". */
static const unit_def *two_word_unit(const token *a, const token *b) {
    if (is_word(b, "Hg")) {
        if (is_word(a, "mm")) return find("mmHg", 4, 0);
        if (is_word(a, "cm")) return find("cmHg", 4, 0);
        if (is_word(a, "in")) return find("inHg", 4, 0);
    }
    if (word_ci(a, "electron") && (word_ci(b, "volt") || word_ci(b, "volts")))
        return find("eV", 2, 0);
    return NULL;
}

static int modifier_power(const token *t) {
    if (is_word(t, "square") || is_word(t, "sq")) return 2;
    if (is_word(t, "cubic") || is_word(t, "cu")) return 3;
    return 0;
}

static int parse_atom(parser *p, uval *v) {
    int mod = modifier_power(cur(p));
    if (mod) next(p);
    const token *t = cur(p);
    double pfx = 1;
    const unit_def *d = two_word_unit(t, peek(p));
    if (d) next(p);
    else if (t->type != T_WORD || !(d = lookup(t->text, &pfx))) return 0;
    next(p);
    const unit_def *temp = d->flags & F_DEG ? temperature_after_degree(cur(p)) : NULL;
    if (temp) d = temp, next(p);
    uval one;
    uv_one(v);
    uv_one(&one);
    one.scale = pfx * d->scale;
    for (int k = 0; k < UNIT_NDIMS; k++) one.dim[k] = d->dim[k];
    one.pct = !!(d->flags & F_PCT);
    one.cur = !!(d->flags & F_CUR);
    p->atoms++;
    p->offset = d->offset;
    if (mod) p->compound = 1;
    return uv_mul(v, &one, mod ? mod : 1);
}

/* ^2, ^-1, ^{-1}, ^(+3) */
static int parse_pow(parser *p, int *e) {
    int group = cur(p)->type == T_LP, sign = 1;
    if (group) next(p);
    if (cur(p)->type == T_MINUS) sign = -1, next(p);
    else if (cur(p)->type == T_PLUS) next(p);
    if (cur(p)->type != T_INT) return 0;
    *e = sign * cur(p)->ival;
    next(p);
    if (group) {
        if (cur(p)->type != T_RP) return 0;
        next(p);
    }
    return *e != 0 && *e >= -MAX_EXP && *e <= MAX_EXP;
}

static int parse_frac(parser *p, uval *v) {
    uval den;
    next(p);
    if (cur(p)->type != T_LP) return 0;
    next(p);
    if (!parse_expr(p, v) || cur(p)->type != T_RP) return 0;
    next(p);
    if (cur(p)->type != T_LP) return 0;
    next(p);
    if (!parse_expr(p, &den) || cur(p)->type != T_RP) return 0;
    next(p);
    p->compound = 1;
    return uv_mul(v, &den, -1);
}

static int parse_primary(parser *p, uval *v) {
    if (cur(p)->type == T_FRAC) return parse_frac(p, v);
    if (cur(p)->type == T_WORD) return parse_atom(p, v);
    if (cur(p)->type != T_LP) return 0;
    next(p);
    if (!parse_expr(p, v) || cur(p)->type != T_RP) return 0;
    next(p);
    return 1;
}

/* A digit glued to a unit word is an exponent: "m2", "cm3", "s-1". */
static int glued_exponent(parser *p, int *e) {
    const token *t = cur(p), *u = peek(p);
    if (t->type == T_INT && t->attached && t->len == 1 && t->ival) { *e = t->ival; next(p); return 1; }
    if (t->type == T_MINUS && t->attached && u->type == T_INT && u->attached && u->len == 1 && u->ival) {
        *e = -u->ival;
        next(p), next(p);
        return 1;
    }
    return 0;
}

static int parse_factor(parser *p, uval *acc) {
    int was_word = cur(p)->type == T_WORD, e = 1;
    uval v;
    if (!parse_primary(p, &v)) return 0;
    if (cur(p)->type == T_POW) {
        next(p);
        if (!parse_pow(p, &e)) return 0;
    } else if (was_word) {
        glued_exponent(p, &e);
    }
    if (is_word(cur(p), "squared")) e *= 2, next(p);
    else if (is_word(cur(p), "cubed")) e *= 3, next(p);
    if (e != 1) p->compound = 1;
    return uv_mul(acc, &v, e);
}

/* Factors joined by '*', '·', a hyphen ("N-m") or juxtaposition ("kg m"). */
static int parse_term(parser *p, uval *out) {
    uv_one(out);
    if (!parse_factor(p, out)) return 0;
    for (;;) {
        int type = cur(p)->type;
        if (type == T_MUL || (type == T_MINUS && peek(p)->type == T_WORD)) next(p);
        else if (type != T_WORD && type != T_LP && type != T_FRAC) return 1;
        if (!parse_factor(p, out)) return 0;
    }
}

/* Terms separated by '/' or "per"; each '/' takes everything up to the next one, so "J/mol K"
 * is J/(mol K), as chemistry answers mean it.  A leading "1" is allowed before '/' ("1/s"). */
static int parse_expr(parser *p, uval *out) {
    const token *t = cur(p);
    if (++p->depth > MAX_DEPTH) return 0;
    uv_one(out);
    if (t->type == T_INT && t->ival == 1 && t->len == 1 && (peek(p)->type == T_DIV || peek(p)->type == T_RP))
        next(p);
    else if (!parse_term(p, out))
        return 0;
    while (cur(p)->type == T_DIV) {
        uval den;
        next(p);
        if (!parse_term(p, &den) || !uv_mul(out, &den, -1)) return 0;
        p->compound = 1;
    }
    p->depth--;
    return 1;
}

/* ---- API ------------------------------------------------------------------------------------ */

int unit_parse(const char *s, size_t n, unit_value *out) {
    norm z;
    token toks[MAX_TOK];
    uval v;
    if (!s || !out || n > MAX_IN || memchr(s, 0, n) || !normalize(s, n, &z)) return 0;
    int nt = lex(z.buf, z.len, toks, MAX_TOK);
    if (nt < 2) return 0;
    parser p = {toks, 0, nt, 0, 0, 0, 0};
    if (!parse_expr(&p, &v) || cur(&p)->type != T_END || !p.atoms) return 0;
    if (!isfinite(v.scale) || v.scale <= 0) return 0;
    memset(out, 0, sizeof *out);
    out->scale = v.scale;
    out->offset = p.atoms == 1 && !p.compound ? p.offset : 0;   /* °C alone is absolute */
    for (int k = 0; k < UNIT_NDIMS; k++) out->dim[k] = (signed char)v.dim[k];
    out->is_percent = v.pct;
    out->is_currency = v.cur;
    return 1;
}

void unit_format_dims(const signed char dim[UNIT_NDIMS], char *out, size_t outlen) {
    static const int order[UNIT_NDIMS] = {UNIT_KG, UNIT_M, UNIT_S, UNIT_A, UNIT_K, UNIT_MOL, UNIT_CD};
    static const char *const sym[UNIT_NDIMS] = {"m", "kg", "s", "A", "K", "mol", "cd"};
    size_t len = 0;
    if (!out || !outlen) return;
    out[0] = 0;
    for (int k = 0; k < UNIT_NDIMS; k++) {
        int d = dim[order[k]];
        char part[24];
        if (!d) continue;
        int m = d == 1 ? snprintf(part, sizeof part, "%s%s", len ? " " : "", sym[order[k]])
                       : snprintf(part, sizeof part, "%s%s^%d", len ? " " : "", sym[order[k]], d);
        size_t room = outlen - 1 - len;
        size_t take = (size_t)m < room ? (size_t)m : room;
        memcpy(out + len, part, take);
        len += take;
        out[len] = 0;
    }
}

int unit_same_dims(const unit_value *a, const unit_value *b) {
    return !memcmp(a->dim, b->dim, sizeof a->dim) && !a->is_currency == !b->is_currency;
}
