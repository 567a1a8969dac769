/* projection.c - a small set of field names: a 64-bit filter on (length, first
 * byte) answers most misses before the names are compared. */
#include "projection.h"

#include <string.h>

#include "../util/xmalloc.h"

/* Past this many names a search reads so much that building everything is as
 * cheap as checking each field. */
#define PROJECTION_MAX 64

struct projection {
    bool all;
    size_t n;
    char *names[PROJECTION_MAX];
    size_t lens[PROJECTION_MAX];
    unsigned long long filter;   /* bits of filter_bit() of the names */
    char *text;                  /* projection_describe */
};

static unsigned long long filter_bit(const char *name, size_t len)
{
    unsigned h = (unsigned)len * 31u + (len ? (unsigned char)name[0] : 0);
    return 1ull << (h & 63);
}

projection *projection_new(void)
{
    return xcalloc(1, sizeof(projection));
}

void projection_free(projection *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->names[i]);
    free(p->text);
    free(p);
}

void projection_want_all(projection *p)
{
    p->all = true;
}

void projection_want(projection *p, const char *name, size_t len)
{
    if (p->all || projection_wants(p, name, len))
        return;
    if (memchr(name, '*', len) || p->n == PROJECTION_MAX) {
        p->all = true;
        return;
    }
    char *copy = xmalloc(len + 1);
    memcpy(copy, name, len);
    copy[len] = '\0';
    p->names[p->n] = copy;
    p->lens[p->n++] = len;
    p->filter |= filter_bit(name, len);
}

bool projection_all(const projection *p)
{
    return !p || p->all;
}

bool projection_wants(const projection *p, const char *name, size_t len)
{
    if (!p || p->all)
        return true;
    if (!(p->filter & filter_bit(name, len)))
        return false;
    for (size_t i = 0; i < p->n; i++)
        if (p->lens[i] == len && memcmp(p->names[i], name, len) == 0)
            return true;
    return false;
}

const char *projection_describe(projection *p)
{
    free(p->text);
    size_t total = 2;
    for (size_t i = 0; i < p->n; i++)
        total += p->lens[i] + 1;
    p->text = xmalloc(total);
    if (p->all) {
        strcpy(p->text, "*");
        return p->text;
    }
    size_t at = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (i)
            p->text[at++] = ',';
        memcpy(p->text + at, p->names[i], p->lens[i]);
        at += p->lens[i];
    }
    p->text[at] = '\0';
    return p->text;
}
