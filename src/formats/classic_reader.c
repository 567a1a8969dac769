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

/* One event's text cut into its parts; every pointer points into the reader's
 * event buffer. */
typedef struct classic_event {
    const char *text, *end;     /* the event, trailing blanks dropped */
    size_t header_len;          /* its first line, "MM/DD/YYYY HH:MM:SS[ AM]" */
    const char *body;           /* the lines after it */
    bool ampm;                  /* the header has the 12-hour form */
    kv keys[CLASSIC_MAX_KEYS];  /* the Key=Value lines before Message=, in order */
    size_t nkeys;
    const char *msg;            /* Message= text to the end of the event, or NULL */
    size_t msgn;
    const kv *code, *provider, *logname, *type; /* the keys with a role, or NULL */
} classic_event;

/* header -> the first line, which starts every event. False when text[0..len) does
 * not start with one (events are cut at headers, so it cannot happen). */
static bool cut_header(classic_event *e, const char *text, size_t len)
{
    e->text = text;
    e->end = text + len;
    while (e->end > text && (e->end[-1] == '\n' || e->end[-1] == '\r' || e->end[-1] == ' ' ||
                             e->end[-1] == '\t'))
        e->end--;
    const char *eol = memchr(text, '\n', (size_t)(e->end - text));
    e->header_len = (size_t)((eol ? eol : e->end) - text);
    e->body = eol ? eol + 1 : e->end;
    return is_header(text, e->header_len, &e->ampm);
}

/* body -> Key=Value lines, up to "Message=", whose text runs to the end of the
 * event. Lines of other shapes are ignored; keys past CLASSIC_MAX_KEYS too. */
static void cut_keys(classic_event *e)
{
    e->nkeys = 0;
    e->msg = NULL;
    e->msgn = 0;
    const char *end = e->end;
    for (const char *p = e->body; p < end;) {
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
            e->msg = eq + 1;
            e->msgn = (size_t)(end - e->msg);
            while (e->msgn && (e->msg[e->msgn - 1] == '\r' || e->msg[e->msgn - 1] == '\n' ||
                               e->msg[e->msgn - 1] == ' '))
                e->msgn--;
            return;
        }
        const char *v = eq + 1, *ve = le;
        while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
            ve--;
        if (e->nkeys < CLASSIC_MAX_KEYS)
            e->keys[e->nkeys++] = (kv){ line, v, (size_t)(eq - line), (size_t)(ve - v) };
    }
}

/* The System values of the keys (key_slots), the keys the other phases need, and
 * the Level from Type= when EventType= gave none. */
static void synth_keys(evsynth *syn, classic_event *e)
{
    e->code = e->provider = e->logname = e->type = NULL;
    for (size_t i = 0; i < e->nkeys; i++) {
        const kv *key = &e->keys[i];
        for (size_t k = 0; k < sizeof key_slots / sizeof key_slots[0]; k++)
            if (key_is(key, key_slots[k].key)) {
                if (key_slots[k].slot == ES_LEVEL && !is_digits(key->v, key->vn))
                    break;
                evsynth_set(syn, key_slots[k].slot, key->v, key->vn);
            }
        if (key_is(key, "EventCode"))
            e->code = key;
        else if (key_is(key, "SourceName"))
            e->provider = key;
        else if (key_is(key, "LogName"))
            e->logname = key;
        else if (key_is(key, "Type"))
            e->type = key;
    }
    if (!syn->set[ES_LEVEL] && e->type)
        for (size_t k = 0; k < sizeof type_levels / sizeof type_levels[0]; k++)
            if (strlen(type_levels[k].type) == e->type->vn &&
                memcmp(type_levels[k].type, e->type->v, e->type->vn) == 0)
                evsynth_set(syn, ES_LEVEL, type_levels[k].level, 1);
}

/* The Message, and the named Data its template gives back (templates[]). */
static void synth_message(evsynth *syn, const classic_event *e)
{
    if (!e->msg)
        return;
    if (e->provider)
        for (size_t k = 0; k < sizeof templates / sizeof templates[0]; k++)
            if (strlen(templates[k].provider) == e->provider->vn &&
                memcmp(templates[k].provider, e->provider->v, e->provider->vn) == 0 &&
                strlen(templates[k].code) == e->code->vn &&
                memcmp(templates[k].code, e->code->v, e->code->vn) == 0)
                apply_template(syn, templates[k].tmpl, e->msg, e->msgn);
    if (e->msgn)
        evsynth_set(syn, ES_MESSAGE, e->msg, e->msgn);
}

/* Puts the classic shape back on the event winevent built: no *_Xml fields, every
 * Key=Value line and Message's "Key: Value" lines as fields, the classic source,
 * sourcetype and _raw. */
static void add_classic_fields(const classic_reader *r, const classic_event *e, record *rec)
{
    record_remove(rec, "System_Props_Xml");
    record_remove(rec, "EventData_Xml");
    for (size_t i = 0; i < e->nkeys; i++)
        if (!record_getn(rec, e->keys[i].k, e->keys[i].kn) && e->keys[i].vn)
            record_setn(rec, e->keys[i].k, e->keys[i].kn, e->keys[i].v, e->keys[i].vn);
    if (e->msg)
        message_fields(rec, e->msg, e->msgn);
    const char *src = r->opt ? r->opt->source : NULL;
    if (src) {
        record_set(rec, "source", src, strlen(src));
    } else {
        static const char prefix[] = "WinEventLog:";
        size_t pl = sizeof prefix - 1, ln = e->logname ? e->logname->vn : 0;
        char *s = xmalloc(pl + ln + 1);
        memcpy(s, prefix, pl);
        if (ln)
            memcpy(s + pl, e->logname->v, ln);
        record_set(rec, "source", s, ln ? pl + ln : pl - 1);
        free(s);
    }
    const char *stype = r->opt && r->opt->sourcetype ? r->opt->sourcetype : "WinEventLog";
    record_set(rec, "sourcetype", stype, strlen(stype));
    record_set(rec, "_raw", e->text, (size_t)(e->end - e->text));
}

/* Builds and delivers one event held in r->ev: cut into header, keys and Message,
 * replayed into winevent as System values and Data, then given its classic shape.
 * An event without a numeric EventCode or with a bad date is reported and skipped. */
static void parse_event(classic_reader *r)
{
    classic_event e;
    if (!cut_header(&e, r->ev, r->evlen))
        return;
    cut_keys(&e);

    evsynth *syn = &r->syn;
    evsynth_reset(syn);
    synth_keys(syn, &e);
    if (!e.code || !is_digits(e.code->v, e.code->vn)) {
        tr_warn("%s:%lu: classic event without a numeric EventCode= line, skipped", r->name,
                r->ev_line);
        r->st->bad_events++;
        return;
    }
    char when[64];
    const char *fmt = e.ampm ? "%m/%d/%Y %I:%M:%S %p" : "%m/%d/%Y %H:%M:%S";
    if (!evsynth_time(e.text, e.header_len, fmt, r->opt ? r->opt->local_tz : NULL, when,
                      sizeof when)) {
        tr_warn("%s:%lu: bad date in event header, skipped", r->name, r->ev_line);
        r->st->bad_events++;
        return;
    }
    evsynth_set(syn, ES_SYSTEMTIME, when, strlen(when));
    synth_message(syn, &e);

    winevent_begin(r->we);
    evsynth_emit(syn, r->we);
    const char *why;
    if (winevent_end(r->we, &r->rec, &why) < 0) {
        tr_warn("%s:%lu: classic event: %s, skipped", r->name, r->ev_line, why);
        r->st->bad_events++;
        return;
    }
    add_classic_fields(r, &e, &r->rec);
    winevent_add_computed(r->we, &r->rec, true);
    r->st->events++;
    if (r->fn(r->ctx, &r->rec))
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
