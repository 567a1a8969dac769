/* sigma_match.c - tests a compiled detection on one event: values (wildcards folded
 * once at compile time, regexes, networks, numbers, field references), items with
 * their any/all/neq logic over multivalue fields, searches, the condition tree and
 * global filters. Keywords are matched against every value of the event's own
 * fields (not _raw, whose XML escaping and shape differ between input formats).
 * Nothing here allocates. */
#include "sigma_private.h"

#include <arpa/inet.h>
#include <string.h>

#include "../util/num.h"

static inline char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* s[0..n) equals the pattern bytes p[0..n) (already folded unless cased). */
static bool eq_bytes(const char *s, const char *p, size_t n, bool cased)
{
    if (cased)
        return memcmp(s, p, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (fold(s[i]) != p[i])
            return false;
    return true;
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is pattern p (folded unless cased) anywhere in s? memchr (vectorised in libc) finds
 * candidates by the pattern's first byte that case cannot change - most patterns
 * hold a '\', '.', '-' or space - and only those are compared. */
static bool find_bytes(const char *s, size_t len, const char *p, size_t n, bool cased)
{
    if (n == 0)
        return true;
    if (n > len)
        return false;
    if (cased)
        return memmem(s, len, p, n) != NULL;
    size_t a = 0;
    while (a < n && is_letter(p[a]))
        a++;
    if (a < n) {
        const char *q = s + a, *last = s + len - n + a;   /* anchor positions */
        while (q <= last && (q = memchr(q, p[a], (size_t)(last - q) + 1)) != NULL) {
            if (eq_bytes(q - a, p, n, false))
                return true;
            q++;
        }
        return false;
    }
    char first = p[0];
    char upper = (char)(first - 32);
    const char *end = s + len - n + 1;
    for (const char *q = s; q < end; q++) {
        if (*q != first && *q != upper)
            continue;
        if (eq_bytes(q + 1, p + 1, n - 1, false))
            return true;
    }
    return false;
}

static size_t utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Wildcard match, greedy with one backtrack point per '*' (no recursion). */
static bool glob_general(const sigma_value *v, const char *s, size_t n)
{
    const char *p = v->pat;
    const uint8_t *w = v->wild;
    size_t m = v->pat_len, i = 0, j = 0, star = (size_t)-1, mark = 0;
    while (i < n) {
        if (j < m && w[j] == GW_QMARK) {
            size_t step = utf8_len((unsigned char)s[i]);
            i += step <= n - i ? step : n - i;
            j++;
        } else if (j < m && w[j] == GW_LIT && (v->cased ? s[i] == p[j] : fold(s[i]) == p[j])) {
            i++;
            j++;
        } else if (j < m && w[j] == GW_STAR) {
            star = j++;
            mark = i;
        } else if (star != (size_t)-1) {
            j = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (j < m && w[j] == GW_STAR)
        j++;
    return j == m;
}

static bool match_glob(const sigma_value *v, const char *s, size_t n)
{
    switch (v->shape) {
    case GLOB_EXACT:
        return n == v->lit_len && eq_bytes(s, v->lit, n, v->cased);
    case GLOB_PREFIX:
        return n >= v->lit_len && eq_bytes(s, v->lit, v->lit_len, v->cased);
    case GLOB_SUFFIX:
        return n >= v->lit_len && eq_bytes(s + n - v->lit_len, v->lit, v->lit_len, v->cased);
    case GLOB_CONTAINS:
        return find_bytes(s, n, v->lit, v->lit_len, v->cased);
    case GLOB_ANY:
        return true;
    default:
        return glob_general(v, s, n);
    }
}

static bool match_cidr(const sigma_value *v, const char *s, size_t n)
{
    char buf[64];
    uint8_t addr[16];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *pct = strchr(buf, '%');   /* IPv6 zone: fe80::1%12 */
    if (pct)
        *pct = '\0';
    if (inet_pton(v->family == 4 ? AF_INET : AF_INET6, buf, addr) != 1)
        return false;
    unsigned full = v->prefix / 8, rest = v->prefix % 8;
    if (memcmp(addr, v->net, full) != 0)
        return false;
    if (rest) {
        uint8_t mask = (uint8_t)(0xFF << (8 - rest));
        if ((addr[full] & mask) != (v->net[full] & mask))
            return false;
    }
    return true;
}

static bool compare(double x, sigma_cmp cmp, double y)
{
    switch (cmp) {
    case CMP_LT:
        return x < y;
    case CMP_LTE:
        return x <= y;
    case CMP_GT:
        return x > y;
    case CMP_GTE:
        return x >= y;
    default:
        return x == y;
    }
}

static bool digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
    if (at + count > n)
        return false;
    int v = 0;
    for (size_t i = 0; i < count; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* minute .. year of "YYYY-MM-DD[T ]HH:MM..." (Sysmon UtcTime, ISO 8601). */
static bool time_part(const char *s, size_t n, int part, double *out)
{
    int y, mo, d, h = 0, mi = 0;
    if (!digits(s, n, 0, 4, &y) || n < 10 || s[4] != '-' || !digits(s, n, 5, 2, &mo) ||
        s[7] != '-' || !digits(s, n, 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return false;
    bool has_time = n >= 16 && (s[10] == 'T' || s[10] == ' ') && digits(s, n, 11, 2, &h) &&
                    s[13] == ':' && digits(s, n, 14, 2, &mi);
    if (part <= 1 && !has_time)
        return false;
    switch (part) {
    case 0: *out = mi; return true;
    case 1: *out = h; return true;
    case 2: *out = d; return true;
    case 4: *out = mo; return true;
    case 5: *out = y; return true;
    default: {
        /* ISO 8601 week: the week holding this date's Thursday. */
        long days = days_from_civil(y, mo, d);
        int wday = (int)(((days % 7) + 10) % 7);          /* 0 = Monday (1970-01-01: Thursday) */
        long thursday = days - wday + 3;
        long jan1 = days_from_civil(y, 1, 1);
        if (thursday < jan1)
            jan1 = days_from_civil(y - 1, 1, 1);
        else if (thursday >= days_from_civil(y + 1, 1, 1))
            jan1 = days_from_civil(y + 1, 1, 1);
        *out = (double)((thursday - jan1) / 7 + 1);
        return true;
    }
    }
}

/* Both sides from the event: fold both unless cased. */
static bool eq_pair(const char *a, const char *b, size_t n, bool cased)
{
    if (cased)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (fold(a[i]) != fold(b[i]))
            return false;
    return true;
}

/* fieldref: s compared with the other field's value o (equal, or with contains,
 * startswith, endswith: o found in s there). */
static bool match_ref_value(const sigma_value *v, const char *s, size_t n, const sv *o)
{
    if (o->len > n)
        return false;
    switch (v->shape) {
    case GLOB_EXACT:
        return n == o->len && eq_pair(s, o->s, n, v->cased);
    case GLOB_PREFIX:
        return eq_pair(s, o->s, o->len, v->cased);
    case GLOB_SUFFIX:
        return eq_pair(s + n - o->len, o->s, o->len, v->cased);
    default:
        for (size_t i = 0; i + o->len <= n; i++)
            if (eq_pair(s + i, o->s, o->len, v->cased))
                return true;
        return false;
    }
}

bool sigma_match_value(const sigma_value *v, const record *ev, const char *s, size_t n)
{
    double x;
    switch (v->kind) {
    case SV_GLOB:
        return match_glob(v, s, n);
    case SV_REGEX:
        return pcre2_match(v->re, (PCRE2_SPTR)s, n, 0, 0, v->md, NULL) >= 0;
    case SV_CIDR:
        return match_cidr(v, s, n);
    case SV_NUMBER:
        return num_parse(s, n, &x) && compare(x, v->cmp, v->num);
    case SV_TIMEPART:
        return time_part(s, n, v->timepart, &x) && compare(x, v->cmp, v->num);
    case SV_FIELDREF: {
        const field *f = record_get(ev, v->ref);
        for (uint32_t k = 0; f && k < f->nvalues; k++)
            if (match_ref_value(v, s, n, &f->values[k]))
                return true;
        return false;
    }
    }
    return false;
}

/* Fields keywords do not look at: the event rendered again (XML, escaped) and
 * values trawl adds that are not the event's. */
static bool keyword_skips(const field *f)
{
    static const char *const names[] = { "_raw", "System_Props_Xml", "EventData_Xml", "source",
                                         "sourcetype", "index", "vendor_product", NULL };
    for (size_t i = 0; names[i]; i++)
        if (strcmp(f->name, names[i]) == 0)
            return true;
    return false;
}

/* Does any value of f match a value of group g (values[from..to))? */
static bool group_matches_field(const sigma_item *it, size_t from, size_t to, const field *f,
                                const record *ev)
{
    for (size_t i = from; i < to; i++)
        for (uint32_t k = 0; k < f->nvalues; k++)
            if (sigma_match_value(&it->values[i], ev, f->values[k].s, f->values[k].len))
                return true;
    return false;
}

static bool group_matches(const sigma_item *it, size_t from, size_t to, const field *f,
                          const record *ev)
{
    if (f)
        return group_matches_field(it, from, to, f, ev);
    if (it->field) {
        /* An absent field reads as the empty string: trawl, like Splunk, gives no
         * field for an empty value, so '' must match absence. */
        for (size_t i = from; i < to; i++)
            if (it->values[i].kind == SV_GLOB && it->values[i].shape == GLOB_EXACT &&
                it->values[i].lit_len == 0)
                return true;
        return false;
    }
    for (size_t k = 0; k < ev->nfields; k++)
        if (!keyword_skips(&ev->fields[k]) &&
            group_matches_field(it, from, to, &ev->fields[k], ev))
            return true;
    return false;
}

static bool item_matches(const sigma_item *it, const record *ev)
{
    const field *f = it->field ? record_get(ev, it->field) : NULL;
    switch (it->kind) {
    case ITEM_EXISTS:
        return (f != NULL) == it->exists;
    case ITEM_NULL:
        if (!f)
            return true;
        for (uint32_t k = 0; k < f->nvalues; k++)
            if (f->values[k].len)
                return false;
        return true;
    case ITEM_VALUES:
        break;
    }
    if (it->neq && !f)
        return false;
    bool any = false;
    for (size_t from = 0; from < it->nvalues;) {
        size_t to = from + 1;
        while (to < it->nvalues && it->values[to].group == it->values[from].group)
            to++;
        bool m = group_matches(it, from, to, f, ev);
        if (it->all && !m && !it->neq)
            return false;
        if (m && !it->all) {
            any = true;
            break;
        }
        any |= m;
        from = to;
    }
    if (it->neq)
        return !any;
    return it->all ? true : any;
}

static bool search_matches(const sigma_search *s, const record *ev)
{
    for (size_t m = 0; m < s->nmaps; m++) {
        const sigma_map *map = &s->maps[m];
        size_t i = 0;
        while (i < map->nitems && item_matches(&map->items[i], ev))
            i++;
        if (i == map->nitems)
            return true;
    }
    return false;
}

/* Depth is bounded by the parser (SIGMA_MAX_COND_DEPTH). */
static bool cond_matches(const sigma_cond *c, const sigma_logic *l, const record *ev)
{
    switch (c->op) {
    case C_REF:
        return search_matches(&l->searches[c->search], ev);
    case C_NOT:
        return !cond_matches(c->kids[0], l, ev);
    case C_AND:
        for (size_t i = 0; i < c->nkids; i++)
            if (!cond_matches(c->kids[i], l, ev))
                return false;
        return true;
    case C_OR:
        for (size_t i = 0; i < c->nkids; i++)
            if (cond_matches(c->kids[i], l, ev))
                return true;
        return false;
    case C_TRUE:
        return true;
    default:
        return false;
    }
}

bool sigma_match_logic(const sigma_logic *l, const record *ev)
{
    return cond_matches(l->cond, l, ev);
}

bool sigma_match_detection(const sigma_detection *det, const record *ev)
{
    for (size_t v = 0; v < det->nvariants; v++) {
        const sigma_variant *var = &det->variants[v];
        if (det->nvariants > 1 && !sigma_logsource_admits(var->src, ev))
            continue;
        if (!sigma_match_logic(&var->main, ev))
            return false;
        for (size_t f = 0; f < var->nfilters; f++)
            if (sigma_match_logic(&var->filters[f], ev))
                return false;
        return true;
    }
    return false;
}

static void logic_fields(const sigma_logic *l, projection *proj)
{
    for (size_t s = 0; s < l->nsearches; s++)
        for (size_t m = 0; m < l->searches[s].nmaps; m++) {
            const sigma_map *map = &l->searches[s].maps[m];
            for (size_t i = 0; i < map->nitems; i++) {
                const sigma_item *it = &map->items[i];
                if (it->field)
                    projection_want(proj, it->field, strlen(it->field));
                for (size_t k = 0; k < it->nvalues; k++)
                    if (it->values[k].kind == SV_FIELDREF)
                        projection_want(proj, it->values[k].ref, strlen(it->values[k].ref));
            }
        }
}

bool sigma_match_fields(const sigma_detection *det, projection *proj)
{
    if (det->keywords)
        return false;
    for (size_t v = 0; v < det->nvariants; v++) {
        const sigma_variant *var = &det->variants[v];
        logic_fields(&var->main, proj);
        for (size_t f = 0; f < var->nfilters; f++)
            logic_fields(&var->filters[f], proj);
        if (var->src->cond_field)
            projection_want(proj, var->src->cond_field, strlen(var->src->cond_field));
    }
    projection_want(proj, "Channel", 7);
    projection_want(proj, "EventID", 7);
    return true;
}
