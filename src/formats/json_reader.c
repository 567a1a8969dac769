/* json_reader.c - Windows events as JSON. A byte scanner cuts the stream into
 * top-level objects (strings and nesting tracked; text between objects, array
 * brackets and commas ignored), each parsed alone by jansson, so one malformed
 * line costs only itself: a raw line break inside a string, or a '{' at the start
 * of a line while an object is still open, ends the broken object there.
 * Each object's shape is recognised from its keys (table `shapes`) and replayed
 * into winevent, so every shape yields the fields of the XML form. */
#include "json_reader.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../event/winevent.h"
#include "../util/error.h"
#include "../util/num.h"
#include "../util/xmalloc.h"
#include "fdpump.h"
#include "classic_reader.h"
#include "evsynth.h"
#include "xml_reader.h"

/* Bytes read from the file at a time. */
#define JSON_BLOCK (256u << 10)
/* Elements deeper than this in an evtx_dump object are ignored. */
#define JSON_MAX_DEPTH 32

typedef struct json_reader {
    const char *name;
    const input_options *opt;
    input_event_fn fn;
    void *ctx;
    input_stats *st;
    bool stop;

    char *buf;                  /* the current object's bytes */
    size_t len, cap;
    bool in_obj;                /* inside a top-level object */
    unsigned long depth;        /* open { and [ of the current object */
    bool in_str, esc;           /* in a string; after a backslash in it */
    bool too_big;               /* the object outgrew the cap: bytes not kept */
    bool resync;                /* after a broken object: wait for '{' at a line start */
    bool at_bol;                /* the next byte starts a line */
    unsigned long line;         /* line of the next byte, 1-based */
    unsigned long obj_line;     /* line where the current object started */

    winevent *we;
    evsynth syn;
    record rec;
    char *name_buf;             /* sanitised element names, reused */
    size_t name_cap;
} json_reader;

int json_sniff(const unsigned char *head, size_t len)
{
    size_t i = 0;
    if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i < len && (head[i] == '{' || head[i] == '['))
        return 1;
    /* evtx_dump -o json: "Record 1" then the pretty-printed object. */
    if (len - i > 7 && memcmp(head + i, "Record ", 7) == 0) {
        size_t k = i + 7;
        while (k < len && head[k] >= '0' && head[k] <= '9')
            k++;
        while (k < len && (head[k] == '\r' || head[k] == '\n' || head[k] == ' '))
            k++;
        return k > i + 7 && k < len && head[k] == '{';
    }
    return 0;
}

/* ---- values ---- */

/* A scalar as text in buf (NULL for null, objects, arrays). */
static const char *scalar(json_t *v, char *buf, size_t size, size_t *n)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        *n = json_string_length(v);
        return json_string_value(v);
    case JSON_INTEGER:
        *n = (size_t)snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    case JSON_REAL:
        *n = num_format(json_real_value(v), buf, size);
        return buf;
    case JSON_TRUE:
        *n = 4;
        return "true";
    case JSON_FALSE:
        *n = 5;
        return "false";
    default:
        return NULL;
    }
}

/* v at a dotted path below o: nested objects ("winlog":{"event_id":..}) or, as
 * flattened exports write it, one dotted key ("winlog.event_id"). */
static json_t *jget(json_t *o, const char *path)
{
    json_t *flat = json_object_get(o, path);
    if (flat)
        return flat;
    char seg[64];
    const char *p = path;
    while (o && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof seg || !json_is_object(o))
            return NULL;
        memcpy(seg, p, n);
        seg[n] = '\0';
        o = json_object_get(o, seg);
        p = dot ? dot + 1 : p + n;
    }
    return o;
}

static void set_slot(evsynth *s, enum evsynth_slot slot, json_t *v)
{
    char num[64];
    size_t n;
    const char *t = v ? scalar(v, num, sizeof num, &n) : NULL;
    if (t)
        evsynth_set(s, slot, t, n);
}

static void set_path(evsynth *s, enum evsynth_slot slot, json_t *root, const char *path)
{
    if (!s->set[slot])
        set_slot(s, slot, jget(root, path));
}

static bool str_eq_ci(const char *a, size_t an, const char *lit)
{
    return strlen(lit) == an && strncasecmp(a, lit, an) == 0;
}

/* A level word (Winlogbeat log.level, NXLog EventType) as System/Level. */
static const struct { const char *word; const char *level; } level_words[] = {
    { "critical", "1" }, { "error", "2" }, { "warning", "3" }, { "information", "4" },
    { "info", "4" }, { "verbose", "5" }, { "audit_success", "0" }, { "audit_failure", "0" },
    { "audit success", "0" }, { "audit failure", "0" },
};

static void set_level_word(evsynth *s, json_t *v)
{
    if (!json_is_string(v))
        return;
    for (size_t i = 0; i < sizeof level_words / sizeof level_words[0]; i++)
        if (str_eq_ci(json_string_value(v), json_string_length(v), level_words[i].word)) {
            evsynth_set(s, ES_LEVEL, level_words[i].level, 1);
            return;
        }
}

/* A Data item from a JSON member: "Data" is unnamed, "Binary" is Binary, others
 * are named (Winlogbeat's paramN for unnamed Data stay paramN: manifest events
 * really name their values param1..N, and the two cannot be told apart). */
static void add_data(evsynth *s, const char *key, json_t *v)
{
    char num[64];
    size_t n;
    const char *t = scalar(v, num, sizeof num, &n);
    if (!t)
        return;
    size_t kl = strlen(key);
    if (strcmp(key, "Binary") == 0)
        evsynth_add(s, EK_BINARY, NULL, 0, t, n);
    else if (strcmp(key, "Data") == 0)
        evsynth_add(s, EK_DATA, NULL, 0, t, n);
    else
        evsynth_add(s, EK_DATA, key, kl, t, n);
}

/* ---- shapes ---- */

static void deliver(json_reader *r)
{
    const char *why;
    if (winevent_end(r->we, &r->rec, &why) < 0) {
        tr_warn("%s:%lu: event: %s, skipped", r->name, r->obj_line, why);
        r->st->bad_events++;
        return;
    }
    r->st->events++;
    if (r->fn(r->ctx, &r->rec))
        r->stop = true;
}

static void replay(json_reader *r)
{
    winevent_begin(r->we);
    evsynth_emit(&r->syn, r->we);
    deliver(r);
}

/* Splunk export of search results: {"preview":false,"result":{"_raw":...}}. */
static json_t *match_splunk(json_t *root)
{
    json_t *res = json_object_get(root, "result");
    if (json_is_object(res) && json_is_string(json_object_get(res, "_raw")))
        return res;
    return json_is_string(json_object_get(root, "_raw")) ? root : NULL;
}

static void read_splunk(json_reader *r, json_t *res)
{
    json_t *raw = json_object_get(res, "_raw");
    const unsigned char *s = (const unsigned char *)json_string_value(raw);
    size_t n = json_string_length(raw);
    char where[4096];
    snprintf(where, sizeof where, "%s:%lu: _raw", r->name, r->obj_line);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    int rc;
    if (i < n && s[i] == '<') {
        rc = xml_reader_read_buffer(where, s, n, r->opt, r->fn, r->ctx, r->st);
    } else if (classic_sniff(s, n)) {
        rc = classic_reader_read_buffer(where, s, n, 1, r->opt, r->fn, r->ctx, r->st);
    } else {
        tr_warn("%s:%lu: _raw is neither event XML nor classic WinEventLog text, skipped",
                r->name, r->obj_line);
        r->st->bad_events++;
        rc = 0;
    }
    if (rc)
        r->stop = true;
}

/* evtx_dump / trawl dump -f json: {"Event":{"#attributes":..,"System":..}}. */
static json_t *match_evtx(json_t *root)
{
    json_t *ev = json_object_get(root, "Event");
    return json_is_object(ev) ? ev : NULL;
}

static void emit_member(json_reader *r, json_t *parent, const char *key, json_t *v,
                        int depth, bool in_eventdata);

static void put_attrs(json_reader *r, json_t *attrs)
{
    if (!json_is_object(attrs))
        return;
    const char *k;
    json_t *a;
    json_object_foreach(attrs, k, a) {
        char num[64];
        size_t n;
        const char *t = scalar(a, num, sizeof num, &n);
        if (t)
            winevent_attr(r->we, k, strlen(k), t, n);
    }
}

/* One element key (of parent) with value v; text overrides v's "#text" when set. */
static void emit_element(json_reader *r, json_t *parent, const char *key, json_t *v,
                         json_t *text, int depth, bool in_eventdata)
{
    size_t kl = strlen(key);
    bool named = in_eventdata && strcmp(key, "Data") != 0 && strcmp(key, "Binary") != 0;
    if (named) {
        winevent_open(r->we, "Data", 4);
        winevent_attr(r->we, "Name", 4, key, kl);
    } else {
        XGROW(r->name_buf, r->name_cap, kl + 2);
        memcpy(r->name_buf, key, kl);
        evsynth_xml_name(r->name_buf, kl);
        if (kl == 0)
            r->name_buf[kl++] = '_';   /* "" is no element name */
        winevent_open(r->we, r->name_buf, kl);
    }
    /* --separate-json-attributes: "Provider_attributes":{...} beside "Provider". */
    char akey[256];
    if (parent && kl + 12 < sizeof akey) {
        snprintf(akey, sizeof akey, "%s_attributes", key);
        put_attrs(r, json_object_get(parent, akey));
    }
    if (json_is_object(v)) {
        put_attrs(r, json_object_get(v, "#attributes"));
        const char *k;
        json_t *c;
        json_object_foreach(v, k, c) {
            if (k[0] != '#')
                emit_member(r, v, k, c, depth + 1,
                            depth == 1 && strcmp(key, "EventData") == 0);
        }
        if (!text)
            text = json_object_get(v, "#text");
    } else {
        text = v;
    }
    char num[64];
    size_t n;
    const char *t = text ? scalar(text, num, sizeof num, &n) : NULL;
    if (t)
        winevent_text(r->we, t, n);
    winevent_close(r->we);
}

static void emit_member(json_reader *r, json_t *parent, const char *key, json_t *v,
                        int depth, bool in_eventdata)
{
    if (depth > JSON_MAX_DEPTH)
        return;
    size_t kl = strlen(key);
    if (kl > 11 && strcmp(key + kl - 11, "_attributes") == 0) {
        char base[256];
        if (kl - 11 < sizeof base) {
            memcpy(base, key, kl - 11);
            base[kl - 11] = '\0';
            if (json_object_get(parent, base))
                return;   /* attributes of a sibling, written with it */
        }
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (!json_is_array(e))
                emit_element(r, NULL, key, e, NULL, depth, in_eventdata);
        }
        return;
    }
    /* "Data":{"#text":["a","b"]}: unnamed Data elements, one per value. */
    json_t *texts = json_is_object(v) ? json_object_get(v, "#text") : NULL;
    if (json_is_array(texts)) {
        size_t i;
        json_t *e;
        json_array_foreach(texts, i, e)
            emit_element(r, parent, key, v, e, depth, in_eventdata);
        return;
    }
    emit_element(r, parent, key, v, NULL, depth, in_eventdata);
}

static void read_evtx(json_reader *r, json_t *ev)
{
    winevent_begin(r->we);
    emit_element(r, NULL, "Event", ev, NULL, 0, false);
    deliver(r);
}

/* Winlogbeat / Elastic Agent: {"@timestamp":..,"winlog":{..}}, also as an
 * Elasticsearch hit {"_source":{..}} or with flattened dotted keys. */
static json_t *match_beat(json_t *root)
{
    json_t *src = json_object_get(root, "_source");
    if (json_is_object(src) && json_is_object(json_object_get(src, "winlog")))
        return src;
    if (json_is_object(json_object_get(root, "winlog")))
        return root;
    return json_object_get(root, "winlog.event_id") || json_object_get(root, "winlog.channel")
               ? root : NULL;
}

static void add_userdata(evsynth *s, json_t *o, int depth)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (strcmp(k, "xml_name") == 0)
            continue;   /* Winlogbeat's name of the UserData child element */
        if (json_is_object(v) && depth < 4) {
            add_userdata(s, v, depth + 1);
            continue;
        }
        char num[64];
        size_t n;
        const char *t = scalar(v, num, sizeof num, &n);
        if (t)
            evsynth_add(s, EK_USERDATA, k, strlen(k), t, n);
    }
}

static void read_beat(json_reader *r, json_t *d)
{
    evsynth *s = &r->syn;
    evsynth_reset(s);
    set_path(s, ES_PROVIDER, d, "winlog.provider_name");
    set_path(s, ES_PROVIDER, d, "event.provider");
    set_path(s, ES_GUID, d, "winlog.provider_guid");
    set_path(s, ES_EVENTID, d, "winlog.event_id");
    set_path(s, ES_EVENTID, d, "event.code");
    set_path(s, ES_VERSION, d, "winlog.version");
    set_level_word(s, jget(d, "log.level"));
    if (!s->set[ES_LEVEL])
        set_level_word(s, jget(d, "winlog.level"));
    set_path(s, ES_SYSTEMTIME, d, "winlog.time_created");
    set_path(s, ES_SYSTEMTIME, d, "@timestamp");
    set_path(s, ES_RECORDID, d, "winlog.record_id");
    set_path(s, ES_ACTIVITYID, d, "winlog.activity_id");
    set_path(s, ES_RELACTIVITYID, d, "winlog.related_activity_id");
    set_path(s, ES_PROCESSID, d, "winlog.process.pid");
    set_path(s, ES_THREADID, d, "winlog.process.thread.id");
    set_path(s, ES_CHANNEL, d, "winlog.channel");
    set_path(s, ES_COMPUTER, d, "winlog.computer_name");
    set_path(s, ES_COMPUTER, d, "host.name");
    set_path(s, ES_COMPUTER, d, "host.hostname");
    set_path(s, ES_USERID, d, "winlog.user.identifier");
    set_path(s, ES_MESSAGE, d, "message");
    json_t *ed = jget(d, "winlog.event_data");
    const char *k;
    json_t *v;
    if (json_is_object(ed)) {
        json_object_foreach(ed, k, v)
            add_data(s, k, v);
    } else {
        static const char prefix[] = "winlog.event_data.";
        json_object_foreach(d, k, v) {
            if (strncmp(k, prefix, sizeof prefix - 1) == 0)
                add_data(s, k + sizeof prefix - 1, v);
        }
    }
    json_t *ud = jget(d, "winlog.user_data");
    if (json_is_object(ud))
        add_userdata(s, ud, 0);
    if (!s->set[ES_EVENTID]) {
        tr_warn("%s:%lu: Winlogbeat event without winlog.event_id or event.code, skipped",
                r->name, r->obj_line);
        r->st->bad_events++;
        return;
    }
    replay(r);
}

/* NXLog to_json(): {"EventTime":..,"Hostname":..,"EventID":..,"SourceName":..}. */
static json_t *match_nxlog(json_t *root)
{
    if (!json_object_get(root, "EventID"))
        return NULL;
    return json_object_get(root, "SourceName") || json_object_get(root, "Hostname") ||
                   json_object_get(root, "Channel")
               ? root : NULL;
}

/* NXLog's own keys, with the System value each fills (ES_COUNT: none); every
 * other key is an EventData value flattened by im_msvistalog. */
static const struct { const char *key; enum evsynth_slot slot; } nxlog_keys[] = {
    { "SourceName", ES_PROVIDER }, { "ProviderGuid", ES_GUID }, { "EventID", ES_EVENTID },
    { "Qualifiers", ES_QUALIFIERS }, { "Version", ES_VERSION }, { "Task", ES_TASK },
    { "OpcodeValue", ES_OPCODE }, { "Keywords", ES_KEYWORDS }, { "RecordNumber", ES_RECORDID },
    { "ActivityID", ES_ACTIVITYID }, { "RelatedActivityID", ES_RELACTIVITYID },
    { "ProcessID", ES_PROCESSID }, { "ThreadID", ES_THREADID }, { "Channel", ES_CHANNEL },
    { "Hostname", ES_COMPUTER }, { "UserID", ES_USERID }, { "Message", ES_MESSAGE },
    { "EventTime", ES_COUNT }, { "EventType", ES_COUNT }, { "EventTimeWritten", ES_COUNT },
    { "EventReceivedTime", ES_COUNT }, { "SeverityValue", ES_COUNT }, { "Severity", ES_COUNT },
    { "Domain", ES_COUNT }, { "AccountName", ES_COUNT }, { "AccountType", ES_COUNT },
    { "Category", ES_COUNT }, { "Opcode", ES_COUNT }, { "SourceModuleName", ES_COUNT },
    { "SourceModuleType", ES_COUNT }, { "MessageSourceAddress", ES_COUNT },
};

static void nxlog_time(json_reader *r, json_t *v)
{
    if (!json_is_string(v))
        return;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > 19) {   /* ISO-8601 with a fraction or a zone: as it is */
        evsynth_set(&r->syn, ES_SYSTEMTIME, s, n);
        return;
    }
    char when[64];
    const char *fmt = n > 10 && s[10] == 'T' ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S";
    if (evsynth_time(s, n, fmt, r->opt ? r->opt->local_tz : NULL, when, sizeof when))
        evsynth_set(&r->syn, ES_SYSTEMTIME, when, strlen(when));
}

static void read_nxlog(json_reader *r, json_t *d)
{
    evsynth *s = &r->syn;
    evsynth_reset(s);
    const char *k;
    json_t *v;
    json_object_foreach(d, k, v) {
        size_t i = 0, nk = sizeof nxlog_keys / sizeof nxlog_keys[0];
        while (i < nk && strcmp(nxlog_keys[i].key, k) != 0)
            i++;
        if (i == nk) {
            add_data(s, k, v);
        } else if (nxlog_keys[i].slot == ES_KEYWORDS && json_is_integer(v)) {
            char hex[32];   /* NXLog writes the 64-bit mask as a signed decimal */
            int n = snprintf(hex, sizeof hex, "0x%llx",
                             (unsigned long long)json_integer_value(v));
            evsynth_set(s, ES_KEYWORDS, hex, (size_t)n);
        } else if (nxlog_keys[i].slot != ES_COUNT) {
            set_slot(s, nxlog_keys[i].slot, v);
        }
    }
    nxlog_time(r, json_object_get(d, "EventTime"));
    set_level_word(s, json_object_get(d, "EventType"));
    replay(r);
}

/* ORDER: a Splunk result may hold any key, so it is tried first. */
static const struct {
    const char *name;
    json_t *(*match)(json_t *root);   /* the object to read, or NULL */
    void (*read)(json_reader *r, json_t *v);
} shapes[] = {
    { "splunk",     match_splunk, read_splunk },
    { "evtx_dump",  match_evtx,   read_evtx },
    { "winlogbeat", match_beat,   read_beat },
    { "nxlog",      match_nxlog,  read_nxlog },
};

static void parse_object(json_reader *r)
{
    json_error_t err;
    json_t *root = json_loadb(r->buf, r->len, 0, &err);
    if (!root) {
        unsigned long line = r->obj_line + (err.line > 0 ? (unsigned long)err.line - 1 : 0);
        tr_warn("%s:%lu: malformed JSON skipped: %s", r->name, line, err.text);
        r->st->bad_events++;
        return;
    }
    size_t i = 0, n = sizeof shapes / sizeof shapes[0];
    json_t *v = NULL;
    for (; i < n; i++)
        if ((v = shapes[i].match(root)))
            break;
    if (i < n) {
        shapes[i].read(r, v);
    } else if (!json_object_get(root, "preview")) {
        /* Splunk's export also writes {"preview":false,"lastrow":true}: no event. */
        tr_warn("%s:%lu: JSON object is not a Windows event of a known shape "
                "(evtx_dump, Winlogbeat, NXLog, Splunk export), skipped", r->name, r->obj_line);
        r->st->bad_events++;
    }
    json_decref(root);
}

/* ---- the object scanner ---- */

static void obj_start(json_reader *r)
{
    r->in_obj = true;
    r->depth = 0;
    r->in_str = r->esc = false;
    r->too_big = false;
    r->resync = false;
    r->len = 0;
    r->obj_line = r->line;
}

static void obj_broken(json_reader *r, const char *why)
{
    tr_warn("%s:%lu: malformed JSON skipped: %s", r->name, r->obj_line, why);
    r->st->bad_events++;
    r->in_obj = false;
}

static void obj_end(json_reader *r)
{
    r->in_obj = false;
    if (r->too_big) {
        tr_warn("%s:%lu: JSON event larger than %u MiB, skipped", r->name, r->obj_line,
                JSON_READER_MAX_EVENT >> 20);
        r->st->bad_events++;
        return;
    }
    parse_object(r);
}

static void keep(json_reader *r, char c)
{
    if (r->too_big)
        return;
    if (r->len == JSON_READER_MAX_EVENT) {
        r->too_big = true;
        return;
    }
    if (r->len == r->cap)
        XGROW(r->buf, r->cap, r->len + 1);
    r->buf[r->len++] = c;
}

static void feed(json_reader *r, const unsigned char *data, size_t n)
{
    for (size_t i = 0; i < n && !r->stop; i++) {
        char c = (char)data[i];
        bool bol = r->at_bol;
        r->at_bol = c == '\n';
        if (!r->in_obj) {
            if (c == '{' && (!r->resync || bol)) {
                obj_start(r);
                keep(r, c);
                r->depth = 1;
            }
        } else if (r->in_str) {
            if (c == '\n') {
                obj_broken(r, "line break inside a string");
                r->resync = true;
            } else {
                keep(r, c);
                if (r->esc)
                    r->esc = false;
                else if (c == '\\')
                    r->esc = true;
                else if (c == '"')
                    r->in_str = false;
            }
        } else if (c == '{' && bol) {
            obj_broken(r, "object not closed before the next line starting with '{'");
            obj_start(r);
            keep(r, c);
            r->depth = 1;
        } else {
            keep(r, c);
            if (c == '"') {
                r->in_str = true;
            } else if (c == '{' || c == '[') {
                r->depth++;
            } else if (c == '}' || c == ']') {
                if (--r->depth == 0)
                    obj_end(r);
            }
        }
        if (c == '\n')
            r->line++;
    }
}

static void reader_init(json_reader *r, const char *name, const input_options *opt,
                        input_event_fn fn, void *ctx, input_stats *st)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->opt = opt;
    r->fn = fn;
    r->ctx = ctx;
    r->st = st;
    r->line = 1;
    r->at_bol = true;
    winevent_options wo = { opt ? opt->source : NULL, opt ? opt->sourcetype : NULL, NULL, false };
    r->we = winevent_new(&wo);
    record_init(&r->rec);
}

/* feed() for fdpump, which knows readers only as void pointers. */
static void feed_block(void *reader, const unsigned char *data, size_t n)
{
    feed(reader, data, n);
}

static int finish(json_reader *r)
{
    if (!r->stop && r->in_obj)
        obj_broken(r, "input ends inside an object");
    int rc = r->stop ? 1 : 0;
    winevent_free(r->we);
    evsynth_free(&r->syn);
    record_free(&r->rec);
    free(r->buf);
    free(r->name_buf);
    return rc;
}

int json_reader_read_buffer(const char *name, const unsigned char *data, size_t len,
                            const input_options *opt, input_event_fn fn, void *ctx,
                            input_stats *st)
{
    json_reader r;
    reader_init(&r, name, opt, fn, ctx, st);
    feed(&r, data, len);
    return finish(&r);
}

int json_reader_read_fd(const char *name, int fd, const unsigned char *prefix,
                        size_t prefix_len, const input_options *opt, input_event_fn fn,
                        void *ctx, input_stats *st)
{
    json_reader r;
    reader_init(&r, name, opt, fn, ctx, st);
    feed(&r, prefix, prefix_len);
    fdpump_read(name, fd, JSON_BLOCK, feed_block, &r, &r.stop, st);
    return finish(&r);
}
