/* classic_reader.c - classic WinEventLog text. Lines are cut from the stream; a
 * header line starts an event, which is collected (up to CLASSIC_MAX_EVENT) until
 * the next header or the end. An event becomes evsynth values replayed into
 * winevent, so EventCode, Name, Channel, dest, _time ... come out as for XML; then
 * the classic shape is put back: source "WinEventLog:<LogName>", sourcetype
 * "WinEventLog", _raw the original text, every Key=Value line as a field, and the
 * "Key: Value" lines of Message as fields the way the Splunk add-on names them. */
#include "classic_reader.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "../event/winevent.h"
#include "../util/error.h"
#include "../util/xmalloc.h"
#include "fdpump.h"
#include "evsynth.h"

/* Bytes read from the file at a time. */
#define CLASSIC_BLOCK (256u << 10)
/* Key=Value lines kept per event; more are ignored. */
#define CLASSIC_MAX_KEYS 64

/* Message texts whose insertion strings the XML form names (EventData/Data
 * Name=...): the classic form loses the names, so they are read back out of the
 * rendered message. %Name% captures up to the literal text that follows it. */
static const struct {
    const char *provider;   /* SourceName= */
    const char *code;       /* EventCode= */
    const char *tmpl;
} templates[] = {
    { "Microsoft-Windows-IIS-W3SVC-WP", "2282", "The Module DLL %ModuleDll% failed to load." },
    { "Microsoft-Windows-IIS-W3SVC-WP", "2280", "The Module DLL %ModuleDll% failed to load." },
};

/* classic Type= text -> System/Level, when EventType= is absent. */
static const struct { const char *type; const char *level; } type_levels[] = {
    { "Critical", "1" }, { "Error", "2" }, { "Warning", "3" }, { "Information", "4" },
    { "Verbose", "5" }, { "Audit Success", "0" }, { "Audit Failure", "0" },
};

/* The classic keys that fill System values (the rest become fields as they are). */
static const struct { const char *key; enum evsynth_slot slot; } key_slots[] = {
    { "SourceName", ES_PROVIDER }, { "EventCode", ES_EVENTID }, { "RecordNumber", ES_RECORDID },
    { "LogName", ES_CHANNEL }, { "ComputerName", ES_COMPUTER }, { "EventType", ES_LEVEL },
};

typedef struct kv {
    const char *k, *v;
    size_t kn, vn;
} kv;

typedef struct classic_reader {
    const char *name;
    const input_options *opt;
    input_event_fn fn;
    void *ctx;
    input_stats *st;
    bool stop;

    char *line;                 /* the line being assembled across blocks */
    size_t llen, lcap;
    bool line_dropped;          /* the line outgrew the cap: its bytes are gone */
    unsigned long lineno;       /* number of the line being assembled */

    char *ev;                   /* the current event's text */
    size_t evlen, evcap;
    bool in_event;
    bool ev_too_big;
    unsigned long ev_line;
    bool junk_reported;         /* text before the first header was reported */

    winevent *we;
    evsynth syn;
    record rec;
} classic_reader;

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* "MM/DD/YYYY HH:MM:SS[ AM| PM]" and trailing blanks; *ampm tells which form. */
static bool is_header(const char *s, size_t n, bool *ampm)
{
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n != 19 && n != 22)
        return false;
    if (!is_digits(s, 2) || s[2] != '/' || !is_digits(s + 3, 2) || s[5] != '/' ||
        !is_digits(s + 6, 4) || s[10] != ' ' || !is_digits(s + 11, 2) || s[13] != ':' ||
        !is_digits(s + 14, 2) || s[16] != ':' || !is_digits(s + 17, 2))
        return false;
    *ampm = n == 22;
    return n == 19 || (s[19] == ' ' && (s[20] == 'A' || s[20] == 'P') && s[21] == 'M');
}

int classic_sniff(const unsigned char *head, size_t len)
{
    size_t i = 0;
    if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        i = 3;
    while (i < len && (head[i] == '\n' || head[i] == '\r' || head[i] == ' ' || head[i] == '\t'))
        i++;
    const unsigned char *nl = memchr(head + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - head) - i : len - i;
    bool ampm;
    return is_header((const char *)head + i, n, &ampm);
}

static bool key_is(const kv *p, const char *lit)
{
    return strlen(lit) == p->kn && memcmp(p->k, lit, p->kn) == 0;
}

/* Matches tmpl against msg, adding each %Name% capture as named Data. */
static void apply_template(evsynth *syn, const char *tmpl, const char *msg, size_t mn)
{
    const char *t = tmpl, *m = msg, *mend = msg + mn;
    while (*t) {
        if (*t != '%') {
            if (m >= mend || *m != *t)
                return;
            t++, m++;
            continue;
        }
        const char *ne = strchr(t + 1, '%');
        if (!ne)
            return;
        const char *lit = ne + 1;
        const char *lend = strchr(lit, '%');
        size_t litn = lend ? (size_t)(lend - lit) : strlen(lit);
        const char *cap_end = litn ? memmem(m, (size_t)(mend - m), lit, litn) : mend;
        if (!cap_end || cap_end == m)
            return;
        evsynth_add(syn, EK_DATA, t + 1, (size_t)(ne - t - 1), m, (size_t)(cap_end - m));
        m = cap_end;
        t = lit;
    }
}

/* A field name as the add-on makes it from "Account Name": ASCII punctuation and
 * spaces become '_', runs collapse, and ends are trimmed. Returns its length. */
static size_t field_name(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && !isalnum(c)) {
            if (o && out[o - 1] != '_')
                out[o++] = '_';
        } else {
            out[o++] = (char)c;
        }
    }
    while (o && out[o - 1] == '_')
        o--;
    out[o] = '\0';
    return o;
}

/* "  Key Name:  value" lines of the message become fields; the same name seen
 * again (Subject: and New Logon: both have Account Name) becomes multivalue.
 * Names the event already has are left alone. */
static void message_fields(record *rec, const char *msg, size_t mn)
{
    size_t first_new = rec->nfields;
    const char *p = msg, *end = msg + mn;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *le = eol ? eol : end;
        const char *s = p;
        p = eol ? eol + 1 : end;
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        const char *colon = memchr(s, ':', (size_t)(le - s));
        if (!colon || colon == s || colon - s > 64 || !isalpha((unsigned char)*s))
            continue;
        const char *v = colon + 1;
        if (v >= le || (*v != ' ' && *v != '\t'))
            continue;   /* "C:\x" or a section title "Subject:" */
        bool ok = true;
        for (const char *k = s; k < colon; k++)
            if (!isalnum((unsigned char)*k) && !strchr(" ()/_-.", *k))
                ok = false;
        if (!ok)
            continue;
        while (v < le && (*v == ' ' || *v == '\t'))
            v++;
        const char *ve = le;
        while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (ve == v)
            continue;
        char fname[80];
        size_t fn = field_name(s, (size_t)(colon - s), fname, sizeof fname);
        if (fn == 0)
            continue;
        field *f = record_getn(rec, fname, fn);
        if (f && (size_t)(f - rec->fields) < first_new)
            continue;
        record_addn(rec, fname, fn, v, (size_t)(ve - v));
    }
}

/* Builds and delivers one event held in r->ev. */
static void parse_event(classic_reader *r)
{
    const char *t = r->ev, *end = r->ev + r->evlen;
    while (end > t && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    const char *eol = memchr(t, '\n', (size_t)(end - t));
    const char *hl_end = eol ? eol : end;
    bool ampm;
    if (!is_header(t, (size_t)(hl_end - t), &ampm))
        return;   /* cannot happen: events start at a header */
    kv keys[CLASSIC_MAX_KEYS];
    size_t nkeys = 0;
    const char *msg = NULL;
    size_t msgn = 0;
    for (const char *p = eol ? eol + 1 : end; p < end;) {
        const char *le = memchr(p, '\n', (size_t)(end - p));
        if (!le)
            le = end;
        const char *eq = memchr(p, '=', (size_t)(le - p));
        const char *line = p;
        p = le < end ? le + 1 : end;
        if (!eq || eq == line)
            continue;
        bool ok = true;
        for (const char *k = line; k < eq; k++)
            if (!isalnum((unsigned char)*k) && *k != '_')
                ok = false;
        if (!ok)
            continue;
        if (eq - line == 7 && memcmp(line, "Message", 7) == 0) {
            msg = eq + 1;
            msgn = (size_t)(end - msg);
            break;
        }
        const char *v = eq + 1, *ve = le;
        while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
            ve--;
        if (nkeys < CLASSIC_MAX_KEYS)
            keys[nkeys++] = (kv){ line, v, (size_t)(eq - line), (size_t)(ve - v) };
    }
    if (msg)
        while (msgn && (msg[msgn - 1] == '\r' || msg[msgn - 1] == '\n' || msg[msgn - 1] == ' '))
            msgn--;

    evsynth *syn = &r->syn;
    evsynth_reset(syn);
    const kv *code = NULL, *provider = NULL, *logname = NULL, *type = NULL;
    for (size_t i = 0; i < nkeys; i++) {
        for (size_t k = 0; k < sizeof key_slots / sizeof key_slots[0]; k++)
            if (key_is(&keys[i], key_slots[k].key)) {
                if (key_slots[k].slot == ES_LEVEL && !is_digits(keys[i].v, keys[i].vn))
                    break;
                evsynth_set(syn, key_slots[k].slot, keys[i].v, keys[i].vn);
            }
        if (key_is(&keys[i], "EventCode"))
            code = &keys[i];
        else if (key_is(&keys[i], "SourceName"))
            provider = &keys[i];
        else if (key_is(&keys[i], "LogName"))
            logname = &keys[i];
        else if (key_is(&keys[i], "Type"))
            type = &keys[i];
    }
    if (!code || !is_digits(code->v, code->vn)) {
        tr_warn("%s:%lu: classic event without a numeric EventCode= line, skipped", r->name,
                r->ev_line);
        r->st->bad_events++;
        return;
    }
    if (!syn->set[ES_LEVEL] && type)
        for (size_t k = 0; k < sizeof type_levels / sizeof type_levels[0]; k++)
            if (strlen(type_levels[k].type) == type->vn &&
                memcmp(type_levels[k].type, type->v, type->vn) == 0)
                evsynth_set(syn, ES_LEVEL, type_levels[k].level, 1);
    char when[64];
    const char *fmt = ampm ? "%m/%d/%Y %I:%M:%S %p" : "%m/%d/%Y %H:%M:%S";
    if (!evsynth_time(t, (size_t)(hl_end - t), fmt, r->opt ? r->opt->local_tz : NULL, when,
                      sizeof when)) {
        tr_warn("%s:%lu: bad date in event header, skipped", r->name, r->ev_line);
        r->st->bad_events++;
        return;
    }
    evsynth_set(syn, ES_SYSTEMTIME, when, strlen(when));
    if (msg && provider)
        for (size_t k = 0; k < sizeof templates / sizeof templates[0]; k++)
            if (strlen(templates[k].provider) == provider->vn &&
                memcmp(templates[k].provider, provider->v, provider->vn) == 0 &&
                strlen(templates[k].code) == code->vn &&
                memcmp(templates[k].code, code->v, code->vn) == 0)
                apply_template(syn, templates[k].tmpl, msg, msgn);
    if (msg && msgn)
        evsynth_set(syn, ES_MESSAGE, msg, msgn);

    winevent_begin(r->we);
    evsynth_emit(syn, r->we);
    const char *why;
    if (winevent_end(r->we, &r->rec, &why) < 0) {
        tr_warn("%s:%lu: classic event: %s, skipped", r->name, r->ev_line, why);
        r->st->bad_events++;
        return;
    }
    record *rec = &r->rec;
    record_remove(rec, "System_Props_Xml");
    record_remove(rec, "EventData_Xml");
    for (size_t i = 0; i < nkeys; i++)
        if (!record_getn(rec, keys[i].k, keys[i].kn) && keys[i].vn)
            record_setn(rec, keys[i].k, keys[i].kn, keys[i].v, keys[i].vn);
    if (msg)
        message_fields(rec, msg, msgn);
    const char *src = r->opt ? r->opt->source : NULL;
    if (src) {
        record_set(rec, "source", src, strlen(src));
    } else {
        static const char prefix[] = "WinEventLog:";
        size_t pl = sizeof prefix - 1, ln = logname ? logname->vn : 0;
        char *s = xmalloc(pl + ln + 1);
        memcpy(s, prefix, pl);
        if (ln)
            memcpy(s + pl, logname->v, ln);
        record_set(rec, "source", s, ln ? pl + ln : pl - 1);
        free(s);
    }
    const char *stype = r->opt && r->opt->sourcetype ? r->opt->sourcetype : "WinEventLog";
    record_set(rec, "sourcetype", stype, strlen(stype));
    record_set(rec, "_raw", t, (size_t)(end - t));
    winevent_add_computed(r->we, rec, true);
    r->st->events++;
    if (r->fn(r->ctx, rec))
        r->stop = true;
}

static void end_event(classic_reader *r)
{
    if (!r->in_event)
        return;
    r->in_event = false;
    if (r->ev_too_big) {
        tr_warn("%s:%lu: event larger than %u MiB, skipped", r->name, r->ev_line,
                CLASSIC_MAX_EVENT >> 20);
        r->st->bad_events++;
        return;
    }
    parse_event(r);
}

/* One complete line (without its '\n'). */
static void on_line(classic_reader *r, const char *s, size_t n, bool dropped)
{
    bool ampm;
    if (!dropped && is_header(s, n, &ampm)) {
        end_event(r);
        r->in_event = true;
        r->ev_too_big = false;
        r->evlen = 0;
        r->ev_line = r->lineno;
    } else if (!r->in_event) {
        bool blank = true;
        for (size_t i = 0; i < n && blank; i++)
            blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
        if (!blank && !r->junk_reported) {
            tr_warn("%s:%lu: expected an event header (MM/DD/YYYY HH:MM:SS AM), text skipped",
                    r->name, r->lineno);
            r->st->bad_events++;
            r->junk_reported = true;
        }
        return;
    }
    if (dropped || r->evlen + n + 1 > CLASSIC_MAX_EVENT) {
        r->ev_too_big = true;
        return;
    }
    if (r->ev_too_big)
        return;
    XGROW(r->ev, r->evcap, r->evlen + n + 1);
    memcpy(r->ev + r->evlen, s, n);
    r->evlen += n;
    r->ev[r->evlen++] = '\n';
}

static void feed(classic_reader *r, const unsigned char *data, size_t n)
{
    const char *p = (const char *)data, *end = p + n;
    while (p < end && !r->stop) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t piece = (size_t)(le - p);
        if (r->llen == 0 && nl && !r->line_dropped) {
            on_line(r, p, piece, false);   /* whole line in this block: no copy */
        } else if (!r->line_dropped) {
            if (r->llen + piece > CLASSIC_MAX_EVENT) {
                r->line_dropped = true;
                r->llen = 0;
            } else {
                XGROW(r->line, r->lcap, r->llen + piece + 1);
                memcpy(r->line + r->llen, p, piece);
                r->llen += piece;
            }
            if (nl && !r->line_dropped)
                on_line(r, r->line, r->llen, false);
        }
        if (nl) {
            if (r->line_dropped)
                on_line(r, "", 0, true);
            r->llen = 0;
            r->line_dropped = false;
            r->lineno++;
        }
        p = nl ? nl + 1 : end;
    }
}

static void reader_init(classic_reader *r, const char *name, unsigned long first_line,
                        const input_options *opt, input_event_fn fn, void *ctx, input_stats *st)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->opt = opt;
    r->fn = fn;
    r->ctx = ctx;
    r->st = st;
    r->lineno = first_line;
    winevent_options wo = { .ta_later = true };
    r->we = winevent_new(&wo);
    record_init(&r->rec);
}

/* feed() for fdpump, which knows readers only as void pointers. */
static void feed_block(void *reader, const unsigned char *data, size_t n)
{
    feed(reader, data, n);
}

static int finish(classic_reader *r)
{
    if (!r->stop && (r->llen || r->line_dropped))
        on_line(r, r->line, r->llen, r->line_dropped);
    if (!r->stop)
        end_event(r);
    int rc = r->stop ? 1 : 0;
    winevent_free(r->we);
    evsynth_free(&r->syn);
    record_free(&r->rec);
    free(r->line);
    free(r->ev);
    return rc;
}

static size_t bom(const unsigned char *d, size_t n)
{
    return n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF ? 3 : 0;
}

int classic_reader_read_buffer(const char *name, const unsigned char *data, size_t len,
                               unsigned long first_line, const input_options *opt,
                               input_event_fn fn, void *ctx, input_stats *st)
{
    classic_reader r;
    reader_init(&r, name, first_line, opt, fn, ctx, st);
    size_t skip = bom(data, len);
    feed(&r, data + skip, len - skip);
    return finish(&r);
}

int classic_reader_read_fd(const char *name, int fd, const unsigned char *prefix,
                           size_t prefix_len, const input_options *opt, input_event_fn fn,
                           void *ctx, input_stats *st)
{
    classic_reader r;
    reader_init(&r, name, 1, opt, fn, ctx, st);
    size_t skip = bom(prefix, prefix_len);
    feed(&r, prefix + skip, prefix_len - skip);
    fdpump_read(name, fd, CLASSIC_BLOCK, feed_block, &r, &r.stop, st);
    return finish(&r);
}
