/* xml_prefilter.c - substring look at an XML event's System values for the pushdown. */
#include "xml_prefilter.h"

#include <string.h>

#include "../spl/spl.h"

/* memmem for the short needles used here: glibc's two-way memmem costs more than
 * the whole test on typical event text; memchr on the first byte plus memcmp wins. */
static const char *find(const char *s, size_t len, const char *needle, size_t nlen)
{
    const char *end = s + len;
    while ((size_t)(end - s) >= nlen) {
        const char *p = memchr(s, needle[0], (size_t)(end - s) - nlen + 1);
        if (!p)
            return NULL;
        if (memcmp(p + 1, needle + 1, nlen - 1) == 0)
            return p;
        s = p + 1;
    }
    return NULL;
}

/* Text of the first <tag ...>TEXT</ ...> at or after from; false when absent or not
 * plain (holds '&' or a child element). */
static bool element_text(const char *s, size_t len, const char *tag, const char **val,
                         size_t *vlen)
{
    size_t tl = strlen(tag);
    const char *end = s + len;
    const char *p = s;
    while ((p = find(p, (size_t)(end - p), tag, tl)) != NULL) {
        const char *after = p + tl;
        if (after < end && (*after == '>' || *after == ' ')) {
            const char *gt = memchr(after, '>', (size_t)(end - after));
            if (!gt || gt[-1] == '/')
                return false;
            const char *lt = memchr(gt + 1, '<', (size_t)(end - gt - 1));
            if (!lt || lt + 1 >= end || lt[1] != '/')
                return false;
            if (memchr(gt + 1, '&', (size_t)(lt - gt - 1)))
                return false;
            *val = gt + 1;
            *vlen = (size_t)(lt - gt - 1);
            return true;
        }
        p = after;
    }
    return false;
}

/* Value of attribute name="..." or name='...' inside the start tag beginning at tag. */
static bool provider_name(const char *s, size_t len, const char **val, size_t *vlen)
{
    const char *end = s + len;
    const char *p = find(s, len, "<Provider ", 10);
    if (!p)
        return false;
    const char *gt = memchr(p, '>', (size_t)(end - p));
    if (!gt)
        return false;
    const char *a = find(p, (size_t)(gt - p), " Name=", 6);
    if (!a || a + 7 >= gt)
        return false;
    char quote = a[6];
    if (quote != '\'' && quote != '"')
        return false;
    const char *v = a + 7;
    const char *close = memchr(v, quote, (size_t)(gt - v));
    if (!close || memchr(v, '&', (size_t)(close - v)))
        return false;
    *val = v;
    *vlen = (size_t)(close - v);
    return true;
}

/* True when an EventData field could add values to a field the pushdown decides. */
static bool data_shadows(const char *s, size_t len)
{
    const char *end = s + len;
    const char *sys_end = find(s, len, "</System>", 9);
    const char *p = sys_end ? sys_end : s;
    if (find(p, (size_t)(end - p), "<UserData", 9))
        return true;
    while ((p = find(p, (size_t)(end - p), "Name=", 5)) != NULL) {
        p += 5;
        if (p >= end || (*p != '\'' && *p != '"'))
            continue;
        const char *v = p + 1;
        const char *close = memchr(v, *p, (size_t)(end - v));
        if (!close)
            return true;
        if (spl_pushdown_shadowed(v, (size_t)(close - v)))
            return true;
        p = close;
    }
    return false;
}

bool xml_prefilter_may_match(const input_options *opt, const char *text, size_t len)
{
    if (!opt || !spl_pushdown_active(opt->pushdown))
        return true;
    if (data_shadows(text, len))
        return true;
    spl_sysvals v = { 0 };
    v.source = opt->source;
    v.sourcetype = opt->sourcetype;
    element_text(text, len, "<EventID", &v.eventid, &v.eventid_len);
    element_text(text, len, "<Channel", &v.channel, &v.channel_len);
    element_text(text, len, "<Computer", &v.computer, &v.computer_len);
    provider_name(text, len, &v.provider, &v.provider_len);
    return spl_pushdown_match(opt->pushdown, &v);
}
