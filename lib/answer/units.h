/* units.h -- the units written after numbers in science and engineering answers ("26.3 torr",
 * "J/(mol·K)", "\,\mathrm{kJ\,mol^{-1}}", "m s⁻¹"), mapped to SI base dimensions and a scale, so
 * that answers in different units can be compared.  unit_parse is conservative: text that is not
 * wholly a unit expression ("apples", "in the morning") is rejected, because callers use it to
 * decide whether "3 apples" is a quantity at all.
 *
 * Decisions on ambiguous symbols (the tests pin each one):
 *   an exact symbol beats a prefix split: "min" minute, "Pa" pascal, "cd" candela, "h" hour,
 *   "T" tesla, "ft" foot, "pc" parsec; "M" alone is molar (mol/L), so "mM" is millimolar and
 *   "Mm" megametre; "m" is metre unless a unit follows it in the same word ("ms", "mm");
 *   "u" is the atomic mass unit and "us"/"um" micro-; "a" (annum) is not a unit;
 *   English words that split into prefix+unit ("am", "as", "dam", "pH", "PC", "TV") are rejected;
 *   a digit glued to a unit is an exponent ("m2", "cm3", "s-1"), a spaced one is not ("m 2");
 *   after "/" or "per" the denominator runs to the next "/": "J/mol K" is J/(mol K);
 *   "-" between units is a product ("N-m", "kW-h"); "." between letters is a product ("N.m"),
 *   after a word it ends an abbreviation ("in.", "sq. ft");
 *   °C/°F alone are absolute (offset set); inside a compound, or raised to a power, they are
 *   temperature differences (offset 0); "deg"/"°" alone are plane angle (pi/180);
 *   angles are dimensionless, so rpm is 2π/60 s^-1 (as pint has it) and not 1/60 Hz;
 *   "lb"/"pound" is mass (lbf is force); "pound" is never sterling ("£"/"GBP" is);
 *   yr is the Julian year (365.25 d); cal is the thermochemical calorie (4.184 J), "Cal" 4184 J;
 *   BTU the international one; gal the US gallon; "t" the tonne.
 * siunitx macros (\kilo\gram) are not understood; \si{...} and \unit{...} are plain wrappers. */
#ifndef GR_UNITS_H
#define GR_UNITS_H

#include <stddef.h>

/* SI base dimensions, in this order: m, kg, s, A, K, mol, cd. */
enum { UNIT_M, UNIT_KG, UNIT_S, UNIT_A, UNIT_K, UNIT_MOL, UNIT_CD, UNIT_NDIMS };

typedef struct {
    double scale;            /* value in SI = value * scale + offset */
    double offset;           /* non-zero only for affine temperatures (°C, °F) used alone */
    signed char dim[UNIT_NDIMS];
    int is_percent;          /* the unit was %, which users may or may not treat as 1/100 */
    int is_currency;         /* $, USD, €, EUR, ... : a dimensionless marker kept apart */
} unit_value;

/* Parses a unit expression s[0..n).  Returns 1 and fills *out when the whole text is a unit
 * expression, 0 otherwise (out is then left unspecified).  Never allocates; input longer than
 * 256 bytes or nested deeper than 8 groups is rejected. */
int unit_parse(const char *s, size_t n, unit_value *out);

/* Canonical name of dimensions, e.g. "kg m^2 s^-2": base symbols in the conventional SI order
 * kg m s A K mol cd (the brief's example puts kg first), exponent 1 omitted, "" for
 * dimensionless.  Always NUL-ended when outlen > 0; truncated if it does not fit. */
void unit_format_dims(const signed char dim[UNIT_NDIMS], char *out, size_t outlen);

/* 1 when two units have the same dimensions.  Currency counts as a dimension of its own here:
 * "$" and "%" do not match, "$/kg" and "€/kg" do. */
int unit_same_dims(const unit_value *a, const unit_value *b);

#endif
