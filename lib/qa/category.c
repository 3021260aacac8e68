/* category.c -- see category.h.  Each discipline has a vocabulary of words that its questions use
 * and others seldom do; a question's discipline is the one with the most distinct words in it,
 * the page's URL counting three times (physics.stackexchange.com says it outright).  Words match
 * whole and lower-case; a trailing "*" matches any ending ("integra*": integral, integrate). */
#include "qa/category.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    const char *const *words;
} discipline;

static const char *const mathematics[] = {   /* no "sum", "mean", "function": every field says them */
    "math*", "equation*", "integra*", "derivative*", "differentiat*", "polynomial*", "matri*", "probabilit*",
    "theorem*", "prime*", "triangle*", "geometr*", "algebra*", "calculus", "divisible", "sequence*", "circle*",
    "radius", "perimeter", "parabola", "logarithm*", "sqrt", "frac", "dbinom", "binom", "remainder", "modulo",
    "inequalit*", "combinatori*", "permutation*", "polygon*", "hypotenuse", "quadratic", "coefficient*", "asymptot*",
    "divisor*",
    NULL};
static const char *const physics[] = {
    "physic*", "force*", "velocit*", "acceleration", "accelerat*", "momentum", "newton*", "joule*", "watt*", "voltage",
    "circuit*", "resistor*", "resistance", "capacitor*", "magnetic", "electric", "wave*", "frequency",
    "wavelength", "photon*", "quantum", "friction*", "gravit*", "kinetic", "potential", "thermodynamic*", "lens",
    "optic*", "projectile", "pendulum", "oscillat*", "spring", "torque", "inertia", "relativit*", "nucle*", "particle*",
    "mass", "orbit*", "planet*", "astronom*", NULL};   /* no "car", "ball", "speed": word problems have them */
static const char *const chemistry[] = {
    "chemi*", "mol", "mole*", "molar*", "reaction*", "acid*", "base*", "ph", "oxidation", "compound*", "element*",
    "bond*", "electron*", "concentration", "equilibri*", "enthalp*", "entropy", "titration", "stoichiometr*",
    "isomer*", "organic", "alkan*", "alken*", "ion*", "catalyst*", "solubilit*", "buffer", "redox", "atom*", "gas*",
    "aqueous", "precipitat*", "hcl", "naoh", "h2o", "nacl", "h2so4", "co2", "o2", "ch4", "kmno4", "synthes*", NULL};
static const char *const biology[] = {
    "biolog*", "cell*", "dna", "rna", "gene*", "genetic*", "protein*", "enzyme*", "organism*", "species", "evolution*",
    "photosynthe*", "mitosis", "meiosis", "chromosom*", "bacteri*", "tissue*", "ecolog*", "allele*", "genotype*",
    "phenotype*", "plant*", "animal*", "membrane*", "mutation*", "population*", "heredit*", "hormone*", NULL};
static const char *const economics[] = {
    "econom*", "gdp", "inflation", "demand", "supply", "elasticity", "market*", "monetary", "fiscal", "unemployment",
    "marginal", "utility", "consumer*", "producer*", "tariff*", "recession", "multiplier", "propensity", "deflator",
    "monopol*", "oligopol*", "surplus", "deficit", "aggregate", "cpi", "trade", NULL};
static const char *const finance[] = {
    "financ*", "interest", "compound*", "compounded", "present", "bond*", "stock*", "dividend*", "portfolio*",
    "investment*", "invest*", "loan*", "annuit*", "npv", "irr", "coupon*", "yield*", "cash", "apr", "apy", "mortgage*",
    "depreciation", "capital", "asset*", "liabilit*", "equity", NULL};
static const char *const business[] = {
    "business*", "management", "manager*", "marketing", "accounting", "revenue*", "profit*", "sales", "company",
    "companies", "firm*", "employee*", "balance", "audit*", "inventory", "customer*", "strategy", "brand*", NULL};
static const char *const computer_science[] = {
    "algorithm*", "program*", "code", "python", "java", "array*", "complexity", "binary", "bit*", "byte*", "database*",
    "network*", "recursi*", "compiler*", "software", "computer*", "memory", "cpu", "runtime", "pointer*", "graph*",
    "tree*", "hash*", "sort*", "string*", NULL};
static const char *const engineering[] = {
    "engineer*", "beam*", "stress", "strain", "load*", "fluid*", "thermal", "signal*", "turbine*", "pump*",
    "efficienc*", "heat", "pipe*", "motor*", "transformer*", "gear*", "shaft*", "weld*", "concrete", "steel", NULL};
static const char *const health[] = {
    "patient*", "disease*", "symptom*", "diagnos*", "treatment*", "drug*", "dose*", "dosage", "clinical", "blood",
    "heart", "health", "medical", "medicine*", "therap*", "infection*", "physician*", "nurs*", "surgery", NULL};
static const char *const law[] = {
    "court*", "plaintiff*", "defendant*", "statute*", "contract*", "constitution*", "liabl*", "tort*", "jury",
    "legal", "law*", "lawsuit*", "judge*", "trial", "attorney*", "convicted", "prosecut*", "evidence", NULL};
static const char *const history[] = {
    "histor*", "century", "centuries", "war*", "empire*", "revolution*", "dynast*", "ancient", "king*", "treaty",
    "colonial*", "medieval", "civilization*", "president*", NULL};
static const char *const psychology[] = {
    "psycholog*", "behavio*", "cognitive", "personality", "emotion*", "perception*", "conditioning", "motivation*",
    "disorder*", "anxiety", "depression", "freud*", NULL};
static const char *const philosophy[] = {
    "philosoph*", "ethic*", "moral*", "kant*", "aristotle*", "plato*", "metaphysic*", "virtue*", "epistemolog*",
    "utilitarian*", "socrates", "descartes", "argument*", NULL};

static const discipline disciplines[] = {
    {"Mathematics", mathematics}, {"Physics", physics}, {"Chemistry", chemistry}, {"Biology", biology},
    {"Economics", economics}, {"Finance", finance}, {"Business", business}, {"Computer Science", computer_science},
    {"Engineering", engineering}, {"Health", health}, {"Law", law}, {"History", history},
    {"Psychology", psychology}, {"Philosophy", philosophy},
};
enum { NDISC = sizeof disciplines / sizeof *disciplines };

static int matches(const char *w, size_t n, const char *pattern) {
    size_t k = strlen(pattern);
    if (pattern[k - 1] == '*') return n >= k - 1 && !memcmp(w, pattern, k - 1);
    return n == k && !memcmp(w, pattern, n);
}

/* Adds weight to each discipline whose vocabulary holds one of text's words, each vocabulary word
 * once (seen marks them). */
static void score(const char *text, size_t n, int weight, int scores[NDISC], unsigned char seen[NDISC][96]) {
    char w[32];
    for (size_t i = 0; i < n;) {
        while (i < n && !isalnum((unsigned char)text[i])) i++;
        size_t len = 0;
        for (; i < n && isalnum((unsigned char)text[i]); i++)
            if (len < sizeof w) w[len++] = (char)tolower((unsigned char)text[i]);
        if (!len || len == sizeof w) continue;
        for (int d = 0; d < NDISC; d++)
            for (int k = 0; disciplines[d].words[k] && k < 96; k++)
                if (!seen[d][k] && matches(w, len, disciplines[d].words[k])) seen[d][k] = 1, scores[d] += weight;
    }
}

/* No discipline's words, but notation (LaTeX, an operator between digits: "(1+i)^10 =") or
 * numbers: a bare calculation or a word problem is mathematics. */
static int mostly_math(const char *q) {
    if (strchr(q, '$') || strstr(q, "\\(") || strstr(q, "\\frac")) return 1;
    int numbers = 0;   /* a word problem: "Janet's ducks lay 16 eggs ... sells them for $2" */
    for (const char *p = q; *p; p++) numbers += isdigit((unsigned char)p[0]) && !isdigit((unsigned char)p[1]);
    if (numbers >= 2) return 1;
    for (const char *p = q; p[0] && p[1]; p++)
        if (strchr("+-*/^=", p[1]) && (isdigit((unsigned char)p[0]) || p[0] == ')' || p[0] == ' ') &&
            p[2] && (isdigit((unsigned char)p[2]) || p[2] == '(' || (p[2] == ' ' && isdigit((unsigned char)p[3]))))
            return 1;
    return 0;
}

const char *qa_category(const char *question, const char *answer, const char *url) {
    int scores[NDISC] = {0};
    unsigned char seen[NDISC][96];
    memset(seen, 0, sizeof seen);
    if (url) score(url, strlen(url), 3, scores, seen);
    if (question) score(question, strlen(question), 1, scores, seen);
    if (answer) score(answer, strlen(answer), 1, scores, seen);
    int best = -1;
    for (int d = 0; d < NDISC; d++)
        if (scores[d] && (best < 0 || scores[d] > scores[best])) best = d;
    if (best >= 0) return disciplines[best].name;
    return question && mostly_math(question) ? "Mathematics" : "Other";
}
