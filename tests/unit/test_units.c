/* units: unit expressions as answers write them, their SI scale and dimensions, and rejections. */
#include "answer/units.h"
#include "unit.h"

#include <math.h>
#include <stdlib.h>

static unit_value u;
static char dims[128];

/* Parses s into u and its dimension name into dims; 0 when s is not a unit. */
static int parse(const char *s) {
    dims[0] = 0;
    if (!unit_parse(s, strlen(s), &u)) return 0;
    unit_format_dims(u.dim, dims, sizeof dims);
    return 1;
}

static int near(double got, double want) { return fabs(got - want) <= 1e-9 * fabs(want); }

/* s parses to scale (relative 1e-9) with the named dimensions. */
static int is(const char *s, double scale, const char *want_dims) {
    return parse(s) && near(u.scale, scale) && !strcmp(dims, want_dims);
}

static int same(const char *a, const char *b) {
    unit_value ua, ub;
    return unit_parse(a, strlen(a), &ua) && unit_parse(b, strlen(b), &ub) && unit_same_dims(&ua, &ub);
}

#define PRESS "kg m^-1 s^-2"
#define ENERGY "kg m^2 s^-2"
#define PI 3.14159265358979323846

static void si_units(void) {
    CHECK(is("m", 1, "m") && is("kg", 1, "kg") && is("s", 1, "s") && is("A", 1, "A") && is("K", 1, "K") &&
          is("mol", 1, "mol") && is("cd", 1, "cd"), "SI base units");
    CHECK(is("N", 1, "kg m s^-2") && is("J", 1, ENERGY) && is("W", 1, "kg m^2 s^-3") && is("Pa", 1, PRESS),
          "N J W Pa");
    CHECK(is("Hz", 1, "s^-1") && is("C", 1, "s A") && is("V", 1, "kg m^2 s^-3 A^-1"), "Hz C V");
    CHECK(is("ohm", 1, "kg m^2 s^-3 A^-2") && is("Ω", 1, "kg m^2 s^-3 A^-2") && is("\\Omega", 1, "kg m^2 s^-3 A^-2"),
          "ohm, Ω, \\Omega");
    CHECK(is("F", 1, "kg^-1 m^-2 s^4 A^2") && is("H", 1, "kg m^2 s^-2 A^-2") && is("T", 1, "kg s^-2 A^-1") &&
          is("Wb", 1, "kg m^2 s^-2 A^-1") && is("S", 1, "kg^-1 m^-2 s^3 A^2"), "F H T Wb S");
    CHECK(is("L", 1e-3, "m^3") && is("l", 1e-3, "m^3") && is("mL", 1e-6, "m^3"), "litre");
    CHECK(is("eV", 1.602176634e-19, ENERGY) && is("MeV", 1.602176634e-13, ENERGY), "1 eV = 1.602176634e-19 J");
    CHECK(is("Da", 1.66053906892e-27, "kg") && is("u", 1.66053906892e-27, "kg") && is("kDa", 1.66053906892e-24, "kg"),
          "dalton and u");
    CHECK(is("g", 1e-3, "kg") && is("mg", 1e-6, "kg") && is("Gg", 1e6, "kg"), "gram with prefixes");
}

static void prefixes(void) {
    CHECK(is("ym", 1e-24, "m") && is("zm", 1e-21, "m") && is("fm", 1e-15, "m") && is("pm", 1e-12, "m") &&
          is("nm", 1e-9, "m"), "small prefixes");
    CHECK(is("µm", 1e-6, "m") && is("μm", 1e-6, "m") && is("um", 1e-6, "m") && is("\\mu m", 1e-6, "m") &&
          is("\\mu\\text{m}", 1e-6, "m") && is("µs", 1e-6, "s"), "micro as µ, μ, u, \\mu");
    CHECK(is("mm", 1e-3, "m") && is("cm", 1e-2, "m") && is("dm", 0.1, "m") && is("daN", 10, "kg m s^-2") &&
          is("hPa", 100, PRESS) && is("km", 1e3, "m"), "m c d da h k");
    CHECK(is("MW", 1e6, "kg m^2 s^-3") && is("GPa", 1e9, PRESS) && is("THz", 1e12, "s^-1") &&
          is("PJ", 1e15, ENERGY) && is("Es", 1e18, "s"), "M G T P E");
    CHECK(is("kilometers", 1e3, "m") && is("milliseconds", 1e-3, "s") && is("kilojoules", 1e3, ENERGY),
          "spelled-out prefixes");
}

static void ambiguities(void) {
    CHECK(is("m", 1, "m") && is("ms", 1e-3, "s") && is("mm", 1e-3, "m"), "m metre, ms millisecond, mm millimetre");
    CHECK(is("min", 60, "s"), "min is minute, not milli-inch");
    CHECK(is("Pa", 1, PRESS), "Pa is pascal");
    CHECK(is("cd", 1, "cd") && is("mcd", 1e-3, "cd"), "cd is candela");
    CHECK(is("h", 3600, "s") && is("hr", 3600, "s") && is("hL", 0.1, "m^3"), "h is hour, hecto only as a prefix");
    CHECK(is("T", 1, "kg s^-2 A^-1") && is("mT", 1e-3, "kg s^-2 A^-1"), "T is tesla");
    CHECK(is("M", 1000, "m^-3 mol") && is("mM", 1, "m^-3 mol") && is("Mm", 1e6, "m"), "M molar, mM millimolar, Mm megametre");
    CHECK(!parse("a") && !parse("am") && !parse("as") && !parse("pH"), "a, am, as, pH are not units");
    CHECK(is("s", 1, "s"), "bare s is second");
}

static void other_units(void) {
    CHECK(is("min", 60, "s") && is("day", 86400, "s") && is("d", 86400, "s") && is("yr", 31557600, "s") &&
          is("hours", 3600, "s"), "time units");
    CHECK(is("Å", 1e-10, "m") && is("\\AA", 1e-10, "m") && is("angstrom", 1e-10, "m") &&
          is("\\mathring{A}", 1e-10, "m"), "1 Å = 1e-10 m");
    CHECK(parse("torr") && near(760 * u.scale, 101325) && is("Torr", 101325.0 / 760, PRESS), "760 torr = 101325 Pa");
    CHECK(is("atm", 101325, PRESS) && is("bar", 1e5, PRESS) && is("mbar", 100, PRESS), "1 atm = 101325 Pa, bar");
    CHECK(is("mmHg", 133.322387415, PRESS) && is("mm Hg", 133.322387415, PRESS), "1 mmHg = 133.322387415 Pa");
    CHECK(is("psi", 6894.757293168, PRESS), "1 psi = 6894.757293168 Pa");
    CHECK(is("cal", 4.184, ENERGY) && is("kcal", 4184, ENERGY) && is("Cal", 4184, ENERGY), "1 cal = 4.184 J");
    CHECK(is("BTU", 1055.05585262, ENERGY) && is("erg", 1e-7, ENERGY) && is("dyn", 1e-5, "kg m s^-2"), "BTU erg dyn");
    CHECK(is("lb", 0.45359237, "kg") && is("lbs", 0.45359237, "kg") && is("oz", 0.028349523125, "kg"),
          "1 lb = 0.45359237 kg");
    CHECK(is("ft", 0.3048, "m") && is("in", 0.0254, "m") && is("mi", 1609.344, "m") && is("in.", 0.0254, "m"),
          "ft in mi");
    CHECK(is("mph", 0.44704, "m s^-1") && is("km/h", 1 / 3.6, "m s^-1"), "1 mph = 0.44704 m/s, km/h");
    CHECK(is("kWh", 3.6e6, ENERGY), "1 kWh = 3.6 MJ");
    CHECK(is("rpm", 2 * PI / 60, "s^-1") && is("rad", 1, "") && is("sr", 1, ""), "rpm rad sr");
    CHECK(is("deg", PI / 180, "") && is("°", PI / 180, "") && is("degree", PI / 180, "") &&
          is("degrees", PI / 180, "") && u.offset == 0, "degree is a plane angle of pi/180");
    CHECK(is("ppm", 1e-6, "") && is("g/mol", 1e-3, "kg mol^-1"), "ppm, g/mol");
}

static void compounds(void) {
    CHECK(is("N m", 1, ENERGY) && is("N·m", 1, ENERGY) && is("N\\cdot m", 1, ENERGY) && is("N*m", 1, ENERGY) &&
          is("N\\times m", 1, ENERGY) && is("N-m", 1, ENERGY) && is("N.m", 1, ENERGY), "products");
    CHECK(is("J/(mol K)", 1, "kg m^2 s^-2 K^-1 mol^-1") && is("J/(mol·K)", 1, "kg m^2 s^-2 K^-1 mol^-1"),
          "J/(mol K)");
    CHECK(is("J/mol K", 1, "kg m^2 s^-2 K^-1 mol^-1") && is("J/mol/K", 1, "kg m^2 s^-2 K^-1 mol^-1"),
          "the denominator runs to the next slash");
    CHECK(is("kg·m/s^2", 1, "kg m s^-2") && is("kg m s^-2", 1, "kg m s^-2") && is("m s^-1", 1, "m s^-1"),
          "kg·m/s^2, kg m s^-2");
    CHECK(is("meters per second", 1, "m s^-1") && is("kilometers per hour", 1 / 3.6, "m s^-1"), "per");
    CHECK(is("1/s", 1, "s^-1") && is("\\frac{m}{s}", 1, "m s^-1") && is("\\frac{1}{s}", 1, "s^-1"), "1/s and \\frac");
    CHECK(is("(m/s)^2", 1, "m^2 s^-2") && is("\\left(\\frac{m}{s}\\right)^2", 1, "m^2 s^-2"), "a group raised to a power");
    CHECK(is("sq ft", 0.09290304, "m^2") && is("square meters", 1, "m^2") && is("meters per second squared", 1, "m s^-2"),
          "square, squared");
    CHECK(is("g/cm^3", 1000, "kg m^-3") && is("mmol/L", 1, "m^-3 mol") && is("kcal/mol", 4184, "kg m^2 s^-2 mol^-1"),
          "densities and molar quantities");
}

static void exponents(void) {
    CHECK(is("m^2", 1, "m^2") && is("m^{2}", 1, "m^2") && is("m²", 1, "m^2") && is("m**2", 1, "m^2"), "m^2 spellings");
    CHECK(is("s^-1", 1, "s^-1") && is("s^{-1}", 1, "s^-1") && is("s⁻¹", 1, "s^-1") && is("s^−1", 1, "s^-1"),
          "s^-1 spellings");
    CHECK(is("m2", 1, "m^2") && is("cm3", 1e-6, "m^3") && is("kg m-3", 1, "kg m^-3"), "a glued digit is an exponent");
    CHECK(!parse("m 2") && !parse("m -3") && !parse("m23"), "a spaced or long number is not");
    CHECK(is("J·K⁻¹·mol⁻¹", 1, "kg m^2 s^-2 K^-1 mol^-1") && is("m\\,s^{-2}", 1, "m s^-2"), "superscript compounds");
    CHECK(!parse("m^0") && !parse("m^{1/2}") && !parse("m^99") && !parse("m^") && !parse("m^^2"), "bad exponents");
}

static void latex(void) {
    CHECK(is("\\text{ m/s}", 1, "m s^-1") && is("\\mathrm{kJ}", 1e3, ENERGY) && is("\\,\\mathrm{kJ}", 1e3, ENERGY),
          "\\text and \\mathrm wrappers");
    CHECK(is("\\ \\text{m}", 1, "m") && is("~m", 1, "m") && is("  m\t", 1, "m") && is("\\;\\!m\\,", 1, "m"),
          "LaTeX spaces and blanks ignored");
    CHECK(is("k\\Omega", 1e3, "kg m^2 s^-3 A^-2") && is("kΩ", 1e3, "kg m^2 s^-3 A^-2"), "kilo-ohm");
    CHECK(is("$\\mathrm{m/s}$", 1, "m s^-1"), "math delimiters around the whole text");
    CHECK(is("\\mathrm{kJ\\,mol^{-1}}", 1e3, "kg m^2 s^-2 mol^-1") && is("{\\rm kg}", 1, "kg"), "units inside one wrapper");
    CHECK(!parse("\\mu") && !parse("\\foo{m}") && !parse("\\text{m") && !parse("m}"), "bad LaTeX rejected");
}

static void temperature(void) {
    const double f_off = 273.15 - 32 * 5.0 / 9;
    CHECK(is("°C", 1, "K") && u.offset == 273.15, "°C alone is absolute");
    CHECK(is("℃", 1, "K") && u.offset == 273.15 && is("^\\circ C", 1, "K") && u.offset == 273.15,
          "℃ and ^\\circ C");
    CHECK(is("^{\\circ}\\text{C}", 1, "K") && u.offset == 273.15 && is("{}^\\circ C", 1, "K"), "^{\\circ}\\text{C}");
    CHECK(is("degrees Celsius", 1, "K") && u.offset == 273.15 && is("deg C", 1, "K"), "spelled-out Celsius");
    CHECK(is("°F", 5.0 / 9, "K") && near(u.offset, f_off) && near(212 * u.scale + u.offset, 373.15),
          "°F: 212 °F = 373.15 K");
    CHECK(is("J/(kg °C)", 1, "m^2 s^-2 K^-1") && u.offset == 0, "°C in a compound is a difference");
    CHECK(is("BTU/(lb °F)", 4186.8, "m^2 s^-2 K^-1") && u.offset == 0, "°F difference in a compound");
    CHECK(is("K", 1, "K") && u.offset == 0 && is("°C^{-1}", 1, "K^-1") && u.offset == 0, "K, °C^-1");
}

static void percent_currency(void) {
    CHECK(is("%", 0.01, "") && u.is_percent && !u.is_currency, "%% is 1/100 and flagged");
    CHECK(is("\\%", 0.01, "") && u.is_percent && is("percent", 0.01, "") && is("per cent", 0.01, ""), "\\%%, percent");
    CHECK(is("$", 1, "") && u.is_currency && is("\\$", 1, "") && u.is_currency, "$ and \\$");
    CHECK(is("USD", 1, "") && u.is_currency && is("dollars", 1, "") && u.is_currency, "USD, dollars");
    CHECK(is("€", 1, "") && u.is_currency && is("EUR", 1, "") && u.is_currency && is("£", 1, "") && u.is_currency,
          "€ EUR £");
    CHECK(is("$/kg", 1, "kg^-1") && u.is_currency, "currency per unit");
}

static void formatting(void) {
    char out[64];
    signed char d[UNIT_NDIMS] = {2, 1, -2, 0, 0, 0, 0};
    unit_format_dims(d, out, sizeof out);
    CHECK_STR(out, "kg m^2 s^-2", "format: joule");
    signed char none[UNIT_NDIMS] = {0};
    unit_format_dims(none, out, sizeof out);
    CHECK_STR(out, "", "format: dimensionless");
    signed char all[UNIT_NDIMS] = {1, -1, 3, -2, 1, -1, 2};
    unit_format_dims(all, out, sizeof out);
    CHECK_STR(out, "kg^-1 m s^3 A^-2 K mol^-1 cd^2", "format: every base");
    unit_format_dims(d, out, 6);
    CHECK_STR(out, "kg m^", "format: truncated and NUL-ended");
}

static void same_dims(void) {
    CHECK(same("J", "N m") && same("J", "kg m^2 s^-2") && same("J", "eV") && same("kWh", "cal"), "J = N m = kg m^2 s^-2");
    CHECK(!same("J", "N") && !same("m", "s"), "J is not N");
    CHECK(same("torr", "Pa") && same("psi", "atm") && same("mph", "m/s") && same("M", "mol/L"), "pressure, speed, molar");
    CHECK(same("%", "rad") && !same("$", "%") && same("$/kg", "€/kg"), "currency is kept apart");
    CHECK(same("°C", "K") && same("J/(mol·K)", "J mol^-1 K^-1"), "temperatures");
}

static void rejections(void) {
    const char *words[] = {"apples", "people", "times", "the", "3 apples", "m apples", "in the morning", "per",
                           "square", "Hg", "H2O", "CO2", "1", "(1)", "5", "", "   ", "/s", "m/", "m//s", "()",
                           "(m", "m)", "dB", "GB", "students", "cups", "kids"};
    int bad = 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) bad += parse(words[i]);
    CHECK(bad == 0, "plain words and broken expressions are not units");
    CHECK(!unit_parse("m", 0, &u) && !unit_parse("m\0m", 3, &u), "empty and NUL-holding input");
}

static void robustness(void) {
    char deep[64], long_s[1200];
    snprintf(deep, sizeof deep, "%s", "((((((((((m))))))))))");
    CHECK(!parse(deep) && is("((((m))))", 1, "m"), "nesting is bounded");
    memset(long_s, 0, sizeof long_s);
    for (int i = 0; i < 399; i++) memcpy(long_s + 3 * i, "m m", 3);
    CHECK(!parse(long_s), "very long input rejected");
    char braces[40];
    memset(braces, '{', 20), memset(braces + 20, '}', 19), braces[39] = 0;
    CHECK(!parse(braces), "deep braces rejected");
    /* Random bytes and random fragments must never crash, and what parses must be usable. */
    static const char *frag[] = {"m", "/", "^", "{", "}", "(", ")", "\\text{", "\\mu", "°", "C", "-", "1", "2",
                                 "k", "s", " ", "\\frac", "·", "⁻", "²", "per", "%", "$", "\\", "\xC3", "Hg", "mm"};
    unsigned seed = 12345;
    int bad = 0, parsed = 0;
    for (int it = 0; it < 20000; it++) {
        char s[300];
        size_t n = 0, want = (seed = seed * 1103515245 + 12345) >> 16 & 31;
        for (size_t k = 0; k < want && n + 16 < sizeof s; k++) {
            seed = seed * 1103515245 + 12345;
            if (it & 1) s[n++] = (char)(seed >> 16);
            else n += (size_t)snprintf(s + n, sizeof s - n, "%s", frag[(seed >> 16) % (sizeof frag / sizeof *frag)]);
        }
        unit_value v;
        if (unit_parse(s, n, &v)) parsed++, bad += !(isfinite(v.scale) && v.scale > 0);
    }
    CHECK(bad == 0 && parsed > 0, "20000 random inputs: no crash, finite scales (%d parsed)", parsed);
}

int main(void) {
    si_units();
    prefixes();
    ambiguities();
    other_units();
    compounds();
    exponents();
    latex();
    temperature();
    percent_currency();
    formatting();
    same_dims();
    rejections();
    robustness();
    UNIT_EXIT();
}
