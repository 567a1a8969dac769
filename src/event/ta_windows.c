/* ta_windows.c - the search-time fields of the Splunk Add-on for Microsoft Windows
 * (Splunk_TA_windows props.conf/transforms.conf: REPORT aliases, EVAL fields and the
 * lookups it ships) and of the Splunk Add-on for Sysmon, as data: one table of
 * fields per event source, each field a list of alternate rules.
 *
 * Splunk applies REPORT extractions first (the first transform that yields a value
 * wins), then FIELDALIAS, then EVAL (each on the values before any EVAL), then
 * lookups (OUTPUTNEW: only fields still absent). The tables are written in that
 * order, so a field's rules read the raw fields and the fields listed above it:
 * the first rule that applies to the event (source, EventCode) and yields a
 * non-empty value decides. docs/fields.md lists every rule with its origin. */
#include "ta_windows.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"

/* Event sources, from the Channel. ORDER SOURCES: same order as source_channels[]. */
enum { S_SECURITY, S_SYSTEM, S_APPLICATION, S_SYSMON, S_OTHER, S_COUNT };
#define SEC (1u << S_SECURITY)
#define SYS (1u << S_SYSTEM)
#define APP (1u << S_APPLICATION)
#define SMN (1u << S_SYSMON)
#define OTH (1u << S_OTHER)
#define WIN (SEC | SYS | APP | OTH)   /* the Windows add-on's sources */
#define ANY (WIN | SMN)

static const struct { const char *channel; int source; } source_channels[] = {
    { "Security", S_SECURITY },
    { "System", S_SYSTEM },
    { "Application", S_APPLICATION },
    { "Microsoft-Windows-Sysmon/Operational", S_SYSMON },
    { "Linux-Sysmon/Operational", S_SYSMON },   /* Splunk Add-on for Sysmon for Linux */
};

/* How a rule computes a value. */
typedef enum ta_op {
    OP_END,        /* ends a rule list */
    OP_COPY,       /* the value of a */
    OP_NODASH,     /* the value of a, unless it is "-" (transforms' (?!^-$)) */
    OP_HOST,       /* a without its leading backslashes, not starting with '-'
                      (transforms' (?:[\\]+)?([^-].*)) */
    OP_LASTLINE,   /* the second line of a two-line value, else the value */
    OP_FIRSTLINE,  /* the first line of a multi-line value, not "-" */
    OP_STRIPDOM,   /* a without a leading "DOMAIN\" */
    OP_BEFOREBS,   /* a up to its last backslash (the domain of DOMAIN\user) */
    OP_DOMPART,    /* a's "DOMAIN\" with the backslash, when it has one */
    OP_NOTLOOP,    /* a unless it starts with ::1 or 127.0.0.1 (IpAddress as src_ip) */
    OP_CONST,      /* the text a */
    OP_LOWER,      /* a lower-cased */
    OP_BASENAME,   /* a after its last backslash */
    OP_BASENAME2,  /* a after its last backslash or slash */
    OP_DIGITS,     /* the digits after a's leading non-digits ("%%1936" -> 1936) */
    OP_MAP,        /* a's value looked up (case-insensitively) in map */
    OP_CODEMAP,    /* the EventCode looked up in map */
    OP_FUNC,       /* fn(a, b) */
    OP_NONE,       /* the field is absent (ends the alternates) */
} ta_op;

/* A lookup table row: by EventCode (code) or by value (key). */
typedef struct ta_map {
    int code;            /* OP_CODEMAP key; 0 ends the table */
    const char *key;     /* OP_MAP key (key NULL ends the table) */
    const char *val;
} ta_map;

typedef struct ta_ctx ta_ctx;
typedef struct ta_rule ta_rule;
/* A computed value into out; false when the rule gives none. */
typedef bool (*ta_fn)(const ta_ctx *c, const ta_rule *r, sv *out);

/* Which input a rule reads. */
enum { ONLY_ANY, ONLY_XML, ONLY_CLASSIC };

struct ta_rule {
    ta_op op;
    uint8_t sources;     /* bits of S_* the rule applies to */
    uint8_t only;        /* ONLY_*: XML or classic events only */
    const char *codes;   /* "4688" / "4727-4735,4737"; NULL: every EventCode */
    const char *a, *b;   /* input fields; OP_CONST: a is the text */
    const ta_map *map;   /* OP_MAP, OP_CODEMAP */
    ta_fn fn;            /* OP_FUNC */
};

/* NEW fields come from REPORT/LOOKUP (an event field of that name is kept); SET
 * fields from EVAL/FIELDALIAS (they replace it). */
enum { M_NEW, M_SET };

typedef struct ta_field {
    const char *name;
    uint8_t mode;        /* M_* */
    bool nullif_dash;    /* EVAL nullif(field,"-") after the rules */
    const ta_rule *rules;/* alternates, first value wins; OP_END last */
} ta_field;

struct ta_ctx {
    record *ev;
    int code;            /* EventCode, -1 when absent or not a number */
    bool classic;
};

/* ---- shorthand for the tables ---- */
#define R(...) ((const ta_rule[]){ __VA_ARGS__, { OP_END, 0, 0, NULL, NULL, NULL, NULL, NULL } })
#define COPY(src, codes, f)      { OP_COPY, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define NODASH(src, codes, f)    { OP_NODASH, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define HOST(src, codes, f)      { OP_HOST, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define LASTLINE(src, codes, f)  { OP_LASTLINE, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define STRIPDOM(src, codes, f)  { OP_STRIPDOM, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define BEFOREBS(src, codes, f)  { OP_BEFOREBS, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define CONST(src, codes, text)  { OP_CONST, src, ONLY_ANY, codes, text, NULL, NULL, NULL }
#define LOWER(src, codes, f)     { OP_LOWER, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define BASENAME(src, codes, f)  { OP_BASENAME, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define BASENAME2(src, codes, f) { OP_BASENAME2, src, ONLY_ANY, codes, f, NULL, NULL, NULL }
#define MAP(src, codes, f, m)    { OP_MAP, src, ONLY_ANY, codes, f, NULL, m, NULL }
#define CODEMAP(src, codes, m)   { OP_CODEMAP, src, ONLY_ANY, codes, NULL, NULL, m, NULL }
#define FUNC(src, codes, fn, a, b) { OP_FUNC, src, ONLY_ANY, codes, a, b, NULL, fn }
#define NONE(src, codes)         { OP_NONE, src, ONLY_ANY, codes, NULL, NULL, NULL, NULL }
/* A rule for classic WinEventLog text only (its rendered field names). */
#define CLASSIC(op, src, codes, f) { op, src, ONLY_CLASSIC, codes, f, NULL, NULL, NULL }

/* ---- value helpers ---- */

static bool value(const ta_ctx *c, const char *name, sv *out)
{
    if (!name)
        return false;
    const sv *v = record_value(c->ev, name);
    if (!v || v->len == 0)
        return false;
    *out = *v;
    return true;
}

static bool is_dash(const sv *v)
{
    return v->len == 1 && v->s[0] == '-';
}

static bool sv_ieq(const sv *v, const char *s)
{
    size_t n = strlen(s);
    return v->len == n && strncasecmp(v->s, s, n) == 0;
}

/* Room in the event's arena for a composed value (freed with the record). */
static char *scratch(const ta_ctx *c, size_t n)
{
    return arena_alloc(&c->ev->mem, n + 1);
}

static const char *map_code(const ta_map *m, int code)
{
    for (; m->code; m++)
        if (m->code == code)
            return m->val;
    return NULL;
}

static const char *map_key(const ta_map *m, const sv *v)
{
    for (; m->key; m++)
        if (sv_ieq(v, m->key))
            return m->val;
    return NULL;
}

static bool text(const char *t, sv *out)
{
    if (!t || !*t)
        return false;
    out->s = t;
    out->len = strlen(t);
    return true;
}

/* The last component of a path: after the last backslash (and slash). */
static sv basename_of(sv v, bool slash)
{
    size_t i = v.len;
    while (i > 0 && v.s[i - 1] != '\\' && !(slash && v.s[i - 1] == '/'))
        i--;
    return (sv){ v.s + i, v.len - i };
}

/* transforms' (?:[\\]+)?([^-].*): the leftmost start after a run of backslashes
 * whose first character is not '-' (regex backtracking may keep one backslash). */
static bool host_like(sv v, sv *out)
{
    for (size_t p = 0; p < v.len; p++) {
        size_t q = p;
        while (q < v.len && v.s[q] == '\\')
            q++;
        size_t k;
        if (q < v.len && v.s[q] != '-')
            k = q;
        else if (q > p)
            k = q - 1;
        else
            continue;
        size_t e = k;
        while (e < v.len && v.s[e] != '\n')
            e++;
        *out = (sv){ v.s + k, e - k };
        return true;
    }
    return false;
}

/* (?:(?:[^\n]+)\n)?(.+): the second line when the first is not empty and the
 * second is, else the first line. */
static bool last_line(sv v, sv *out)
{
    const char *nl = memchr(v.s, '\n', v.len);
    if (nl && nl > v.s) {
        const char *b = nl + 1, *e = b;
        while (e < v.s + v.len && *e != '\n')
            e++;
        if (e > b) {
            *out = (sv){ b, (size_t)(e - b) };
            return true;
        }
    }
    const char *e = v.s;
    while (e < v.s + v.len && *e != '\n')
        e++;
    if (e == v.s)
        return false;
    *out = (sv){ v.s, (size_t)(e - v.s) };
    return true;
}

/* ---- rule functions (OP_FUNC) ---- */

/* Security 4688 `process` (the add-on's EVAL): the command line when its first
 * token is a path; else the new process name, quoted when it holds a space,
 * followed by the command line's arguments; else the new process name. */
static bool fn_process_4688(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv name, cmd;
    bool has_name = value(c, "NewProcessName", &name);
    if (value(c, "CommandLine", &cmd)) {
        size_t i = 0;
        while (i < cmd.len && (cmd.s[i] == ' ' || cmd.s[i] == '\t'))
            i++;
        size_t t0 = i, t1;
        const char *q = cmd.s[0] == '"' ? memchr(cmd.s + 1, '"', cmd.len - 1) : NULL;
        if (q && q > cmd.s + 1) {
            t0 = 0;
            t1 = (size_t)(q - cmd.s) + 1;
        } else {
            t1 = t0;
            while (t1 < cmd.len && cmd.s[t1] != ' ' && cmd.s[t1] != '\t' && cmd.s[t1] != '\n')
                t1++;
        }
        if (memchr(cmd.s + t0, '\\', t1 - t0)) {
            *out = cmd;
            return true;
        }
        size_t a = t1;
        while (a < cmd.len && (cmd.s[a] == ' ' || cmd.s[a] == '\t' || cmd.s[a] == '\n'))
            a++;
        size_t ae = a;
        while (ae < cmd.len && cmd.s[ae] != '\n')
            ae++;
        if (has_name && ae > a) {
            bool quote = memchr(name.s, ' ', name.len) || memchr(name.s, '\t', name.len);
            size_t n = name.len + (quote ? 2 : 0) + 1 + (ae - a);
            char *s = scratch(c, n), *p = s;
            if (quote)
                *p++ = '"';
            memcpy(p, name.s, name.len);
            p += name.len;
            if (quote)
                *p++ = '"';
            *p++ = ' ';
            memcpy(p, cmd.s + a, ae - a);
            *out = (sv){ s, n };
            return true;
        }
    }
    if (!has_name)
        return false;
    *out = name;
    return true;
}

/* transforms' process_command_line_process_and_arguments on Process_Command_Line:
 * (^"[^"]+"|[^\s]+)\s*(.*) - b "1" for the process, "2" for the arguments. */
static bool fn_cmd_split(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv cmd;
    if (!value(c, r->a, &cmd))
        return false;
    size_t t0, t1;
    const char *q = cmd.s[0] == '"' ? memchr(cmd.s + 1, '"', cmd.len - 1) : NULL;
    if (q && q > cmd.s + 1) {
        t0 = 0;
        t1 = (size_t)(q - cmd.s) + 1;
    } else {
        t0 = 0;
        while (t0 < cmd.len && (cmd.s[t0] == ' ' || cmd.s[t0] == '\t' || cmd.s[t0] == '\n'))
            t0++;
        t1 = t0;
        while (t1 < cmd.len && cmd.s[t1] != ' ' && cmd.s[t1] != '\t' && cmd.s[t1] != '\n')
            t1++;
        if (t1 == t0)
            return false;
    }
    if (r->b[0] == '1') {
        *out = (sv){ cmd.s + t0, t1 - t0 };
        return true;
    }
    size_t a = t1;
    while (a < cmd.len && (cmd.s[a] == ' ' || cmd.s[a] == '\t' || cmd.s[a] == '\n'))
        a++;
    size_t e = a;
    while (e < cmd.len && cmd.s[e] != '\n')
        e++;
    *out = (sv){ cmd.s + a, e - a };
    return e > a;
}

/* Security 4688 `user`: the target user, or the subject (src_user) when the
 * target is "-" or absent. */
static bool fn_user_4688(const ta_ctx *c, const ta_rule *r, sv *out)
{
    if (value(c, "Target_User_Name", out) && !is_dash(out))
        return true;
    return value(c, "src_user", out);
}

/* The add-on's ta_windows_action: a verdict from the Status code (upper-cased). */
static bool fn_status_action(const ta_ctx *c, const ta_rule *r, sv *out)
{
    static const struct { const char *status, *action; } codes[] = {
        { "0XC000006F", "denied" }, { "0XC0000070", "denied" }, { "0XC000015B", "denied" },
        { "0XC0000234", "denied" }, { "0XC0000064", "unknown" }, { "0XC0000133", "error" },
        { "0XC0000225", "error" },
    };
    sv st;
    if (value(c, "Status", &st))
        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
            if (sv_ieq(&st, codes[i].status))
                return text(codes[i].action, out);
    return text("failure", out);
}

/* action of 4688: allowed when audited as a success. */
static bool fn_action_4688(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv kw;
    if (value(c, "Keywords", &kw) && sv_ieq(&kw, "0x8020000000000000"))
        return text("allowed", out);
    return false;
}

/* Audit success / failure from the Keywords bits (0x20000000000000 audit
 * success, 0x10000000000000 audit failure) or a classic Keywords word. */
static bool fn_audit_result(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv kw;
    if (!value(c, "Keywords", &kw))
        return false;
    if (sv_ieq(&kw, "Audit Success"))
        return text("success", out);
    if (sv_ieq(&kw, "Audit Failure"))
        return text("failure", out);
    if (kw.len < 3 || kw.len > 18 || kw.s[0] != '0' || (kw.s[1] | 0x20) != 'x')
        return false;
    uint64_t bits = 0;
    for (size_t i = 2; i < kw.len; i++) {
        char ch = (char)(kw.s[i] | 0x20);
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
        if (d < 0)
            return false;
        bits = bits << 4 | (uint64_t)d;
    }
    if (bits & 0x20000000000000ull)
        return text("success", out);
    if (bits & 0x10000000000000ull)
        return text("failure", out);
    return false;
}

/* The add-on's app for Security events: "win:remote" for a network or remote
 * interactive logon or a named target server, else "win:local". */
static bool fn_app(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (value(c, "Logon_Type", &v) && (sv_ieq(&v, "3") || sv_ieq(&v, "10")))
        return text("win:remote", out);
    if (value(c, "Target_Server_Name", &v) && !is_dash(&v) && !sv_ieq(&v, "localhost"))
        return text("win:remote", out);
    return text("win:local", out);
}

/* ObjectName split as transforms' ^((?:.*[\\/]+)*([^-].*))$: b "path" is the whole
 * name, "name" the part after the last separator that does not start with '-'. */
static bool fn_object_file(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, r->a, &v) || memchr(v.s, '\n', v.len))
        return false;
    size_t start = v.len;   /* no candidate */
    for (size_t i = v.len; i-- > 0;)
        if ((v.s[i] == '\\' || v.s[i] == '/') && i + 1 < v.len && v.s[i + 1] != '-' &&
            v.s[i + 1] != '\\' && v.s[i + 1] != '/') {
            start = i + 1;
            break;
        }
    if (start == v.len) {
        if (v.s[0] == '-')
            return false;
        start = 0;
    }
    *out = strcmp(r->b, "path") == 0 ? v : (sv){ v.s + start, v.len - start };
    return true;
}

/* A Sysmon Hashes/Hash list "SHA1=..,MD5=..": the value of key b. */
static bool fn_hash(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, r->a, &v))
        return false;
    size_t kl = strlen(r->b);
    const char *p = v.s, *end = v.s + v.len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        if ((size_t)(e - p) > kl && p[kl] == '=' && strncasecmp(p, r->b, kl) == 0) {
            *out = (sv){ p + kl + 1, (size_t)(e - p - kl - 1) };
            return out->len > 0;
        }
        p = e + 1;
    }
    return false;
}

/* Registry hives as Sysmon abbreviates them, and their CIM names. */
static const ta_map hives[] = {
    { 0, "HKLM", "HKEY_LOCAL_MACHINE" }, { 0, "HKU", "HKEY_USERS" },
    { 0, "HKCU", "HKEY_CURRENT_USER" }, { 0, "HKCR", "HKEY_CLASSES_ROOT" },
    { 0, "HKCC", "HKEY_CURRENT_CONFIG" }, { 0, NULL, NULL },
};

/* The hive of a registry path: its first component, abbreviations spelt out. */
static bool fn_reg_hive(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, r->a, &v))
        return false;
    const char *bs = memchr(v.s, '\\', v.len);
    sv first = { v.s, bs ? (size_t)(bs - v.s) : v.len };
    const char *full = map_key(hives, &first);
    if (full)
        return text(full, out);
    *out = first;
    return first.len > 0;
}

/* Sysmon 12/13/14: for a value event (b "value") the value name is the last
 * component and the key the one before it; a key event names only its key. */
static bool fn_reg_part(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v, et;
    if (!value(c, r->a, &v))
        return false;
    bool is_value = c->code == 13 ||
                    (value(c, "EventType", &et) && et.len > 5 &&
                     strncasecmp(et.s + et.len - 5, "Value", 5) == 0);
    sv last = basename_of(v, false);
    if (strcmp(r->b, "value") == 0) {
        if (!is_value)
            return false;
        *out = last;
        return last.len > 0;
    }
    if (!is_value) {
        *out = last;
        return last.len > 0;
    }
    if (last.s == v.s)
        return false;
    sv parent = basename_of((sv){ v.s, (size_t)(last.s - v.s - 1) }, false);
    *out = parent;
    return parent.len > 0;
}

/* Sysmon 13 Details: "DWORD (0x00000001)" / "QWORD (0x1-0x2)" / "Binary Data" /
 * text. b "type": REG_DWORD ...; "vtype": DWORD ...; "vdata": the inner value. */
static bool fn_reg_details(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv d;
    if (!value(c, "Details", &d))
        return false;
    static const struct { const char *prefix, *type, *vtype; } kinds[] = {
        { "DWORD (", "REG_DWORD", "DWORD" }, { "QWORD (", "REG_QWORD", "QWORD" },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t pl = strlen(kinds[i].prefix);
        if (d.len > pl && strncmp(d.s, kinds[i].prefix, pl) == 0 && d.s[d.len - 1] == ')') {
            if (strcmp(r->b, "type") == 0)
                return text(kinds[i].type, out);
            if (strcmp(r->b, "vtype") == 0)
                return text(kinds[i].vtype, out);
            *out = (sv){ d.s + pl, d.len - pl - 1 };
            return out->len > 0;
        }
    }
    bool binary = sv_ieq(&d, "Binary Data");
    if (strcmp(r->b, "type") == 0)
        return text(binary ? "REG_BINARY" : "REG_SZ", out);
    if (strcmp(r->b, "vtype") == 0)
        return text(binary ? "Binary Data" : "String", out);
    *out = d;
    return true;
}

/* a without its double quotes (Sysmon 20/21 *NoQuotes). */
static bool fn_noquotes(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, r->a, &v))
        return false;
    char *s = scratch(c, v.len);
    size_t n = 0;
    for (size_t i = 0; i < v.len; i++)
        if (v.s[i] != '"')
            s[n++] = v.s[i];
    *out = (sv){ s, n };
    return n > 0;
}

/* a "true" -> "true", else "false" (b: the value that counts as true). */
static bool fn_bool(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, r->a, &v))
        return false;
    return text(sv_ieq(&v, r->b) ? "true" : "false", out);
}

/* a "/" b (transport_dest_port). */
static bool fn_slash(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv x, y;
    if (!value(c, r->a, &x) || !value(c, r->b, &y))
        return false;
    char *s = scratch(c, x.len + 1 + y.len);
    memcpy(s, x.s, x.len);
    s[x.len] = '/';
    memcpy(s + x.len + 1, y.s, y.len);
    *out = (sv){ s, x.len + 1 + y.len };
    return true;
}

/* Sysmon 3 protocol_version from SourceIsIpv6. */
static bool fn_ipver(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, "SourceIsIpv6", &v))
        return false;
    return text(sv_ieq(&v, "true") ? "ipv6" : "ipv4", out);
}

/* The value of a when the event's ObjectType is "File" (4663's object_file_*). */
static bool fn_if_file(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv t;
    if (!value(c, "ObjectType", &t) || !(t.len == 4 && memcmp(t.s, "File", 4) == 0))
        return false;
    return value(c, r->a, out);
}

/* Sysmon 3 direction from Initiated. */
static bool fn_direction(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    if (!value(c, "Initiated", &v))
        return false;
    return text(sv_ieq(&v, "true") ? "outbound" : "inbound", out);
}

/* Security 4625 signature: the sub-status text (windows_signature_lookup2, whose
 * codes are upper case: the lookup is case-sensitive), else the event's. */
static bool fn_substatus(const ta_ctx *c, const ta_rule *r, sv *out)
{
    static const struct { const char *code, *text; } sub[] = {
        { "0xC0000064", "User name does not exist" },
        { "0xC000006A", "User name is correct but the password is wrong" },
        { "0xC0000234", "User is currently locked out" },
        { "0xC0000072", "Account is currently disabled" },
        { "0xC000006F", "User tried to logon outside his day of week or time of day restrictions" },
        { "0xC0000070", "Workstation restriction" },
        { "0xC0000193", "Account expiration" },
        { "0xC0000071", "Expired password" },
        { "0xC0000133", "Clocks between DC and other computer too far out of sync" },
        { "0xC0000224", "User is required to change password at next logon" },
        { "0xC0000225", "Evidently a bug in Windows and not a risk" },
        { "0xC000015B", "The user has not been granted the requested logon type (aka logon right) at this machine" },
    };
    sv st;
    if (!value(c, "Sub_Status", &st))
        return false;
    for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++)
        if (st.len == strlen(sub[i].code) && memcmp(st.s, sub[i].code, st.len) == 0)
            return text(sub[i].text, out);
    return false;
}

/* ---- lookups the add-ons ship (the rows that matter; docs/fields.md) ---- */

/* windows_signature_lookup: Security event descriptions (Microsoft's titles). */
static const ta_map security_signatures[] = {
    { 1100, NULL, "The event logging service has shut down" },
    { 1102, NULL, "The audit log was cleared" },
    { 1104, NULL, "The security log is now full" },
    { 1108, NULL, "The event logging service encountered an error" },
    { 4608, NULL, "Windows is starting up" },
    { 4616, NULL, "The system time was changed" },
    { 4624, NULL, "An account was successfully logged on" },
    { 4625, NULL, "An account failed to log on" },
    { 4634, NULL, "An account was logged off" },
    { 4647, NULL, "User initiated logoff" },
    { 4648, NULL, "A logon was attempted using explicit credentials" },
    { 4656, NULL, "A handle to an object was requested" },
    { 4657, NULL, "A registry value was modified" },
    { 4660, NULL, "An object was deleted" },
    { 4661, NULL, "A handle to an object was requested" },
    { 4662, NULL, "An operation was performed on an object" },
    { 4663, NULL, "An attempt was made to access an object" },
    { 4664, NULL, "An attempt was made to create a hard link" },
    { 4670, NULL, "Permissions on an object were changed" },
    { 4672, NULL, "Special privileges assigned to new logon" },
    { 4673, NULL, "A privileged service was called" },
    { 4674, NULL, "An operation was attempted on a privileged object" },
    { 4688, NULL, "A new process has been created" },
    { 4689, NULL, "A process has exited" },
    { 4697, NULL, "A service was installed in the system" },
    { 4698, NULL, "A scheduled task was created" },
    { 4699, NULL, "A scheduled task was deleted" },
    { 4700, NULL, "A scheduled task was enabled" },
    { 4701, NULL, "A scheduled task was disabled" },
    { 4702, NULL, "A scheduled task was updated" },
    { 4719, NULL, "System audit policy was changed" },
    { 4720, NULL, "A user account was created" },
    { 4722, NULL, "A user account was enabled" },
    { 4723, NULL, "An attempt was made to change an account's password" },
    { 4724, NULL, "An attempt was made to reset an account's password" },
    { 4725, NULL, "A user account was disabled" },
    { 4726, NULL, "A user account was deleted" },
    { 4727, NULL, "A security-enabled global group was created" },
    { 4728, NULL, "A member was added to a security-enabled global group" },
    { 4729, NULL, "A member was removed from a security-enabled global group" },
    { 4730, NULL, "A security-enabled global group was deleted" },
    { 4731, NULL, "A security-enabled local group was created" },
    { 4732, NULL, "A member was added to a security-enabled local group" },
    { 4733, NULL, "A member was removed from a security-enabled local group" },
    { 4734, NULL, "A security-enabled local group was deleted" },
    { 4735, NULL, "A security-enabled local group was changed" },
    { 4737, NULL, "A security-enabled global group was changed" },
    { 4738, NULL, "A user account was changed" },
    { 4739, NULL, "Domain Policy was changed" },
    { 4740, NULL, "A user account was locked out" },
    { 4741, NULL, "A computer account was created" },
    { 4742, NULL, "A computer account was changed" },
    { 4743, NULL, "A computer account was deleted" },
    { 4754, NULL, "A security-enabled universal group was created" },
    { 4755, NULL, "A security-enabled universal group was changed" },
    { 4756, NULL, "A member was added to a security-enabled universal group" },
    { 4757, NULL, "A member was removed from a security-enabled universal group" },
    { 4758, NULL, "A security-enabled universal group was deleted" },
    { 4764, NULL, "A group's type was changed" },
    { 4765, NULL, "SID History was added to an account" },
    { 4766, NULL, "An attempt to add SID History to an account failed" },
    { 4767, NULL, "A user account was unlocked" },
    { 4768, NULL, "A Kerberos authentication ticket (TGT) was requested" },
    { 4769, NULL, "A Kerberos service ticket was requested" },
    { 4770, NULL, "A Kerberos service ticket was renewed" },
    { 4771, NULL, "Kerberos pre-authentication failed" },
    { 4776, NULL, "The domain controller attempted to validate the credentials for an account" },
    { 4778, NULL, "A session was reconnected to a Window Station" },
    { 4779, NULL, "A session was disconnected from a Window Station" },
    { 4781, NULL, "The name of an account was changed" },
    { 4782, NULL, "The password hash an account was accessed" },
    { 4794, NULL, "An attempt was made to set the Directory Services Restore Mode administrator password" },
    { 4876, NULL, "Certificate Services backup started" },
    { 4886, NULL, "Certificate Services received a certificate request" },
    { 4887, NULL, "Certificate Services approved a certificate request and issued a certificate" },
    { 5136, NULL, "A directory service object was modified" },
    { 5137, NULL, "A directory service object was created" },
    { 5140, NULL, "A network share object was accessed" },
    { 5141, NULL, "A directory service object was deleted" },
    { 5142, NULL, "A network share object was added" },
    { 5145, NULL, "A network share object was checked to see whether client can be granted desired access" },
    { 5156, NULL, "The Windows Filtering Platform has permitted a connection" },
    { 5157, NULL, "The Windows Filtering Platform has blocked a connection" },
    { 0, NULL, NULL },
};

/* windows_signature_lookup's CategoryString: the audit subcategory of account and
 * policy management events. */
static const ta_map security_categories[] = {
    { 4720, NULL, "User Account Management" }, { 4722, NULL, "User Account Management" },
    { 4723, NULL, "User Account Management" }, { 4724, NULL, "User Account Management" },
    { 4725, NULL, "User Account Management" }, { 4726, NULL, "User Account Management" },
    { 4738, NULL, "User Account Management" }, { 4740, NULL, "User Account Management" },
    { 4765, NULL, "User Account Management" }, { 4766, NULL, "User Account Management" },
    { 4767, NULL, "User Account Management" }, { 4780, NULL, "User Account Management" },
    { 4781, NULL, "User Account Management" }, { 4794, NULL, "User Account Management" },
    { 4727, NULL, "Security Group Management" }, { 4728, NULL, "Security Group Management" },
    { 4729, NULL, "Security Group Management" }, { 4730, NULL, "Security Group Management" },
    { 4731, NULL, "Security Group Management" }, { 4732, NULL, "Security Group Management" },
    { 4733, NULL, "Security Group Management" }, { 4734, NULL, "Security Group Management" },
    { 4735, NULL, "Security Group Management" }, { 4737, NULL, "Security Group Management" },
    { 4754, NULL, "Security Group Management" }, { 4755, NULL, "Security Group Management" },
    { 4756, NULL, "Security Group Management" }, { 4757, NULL, "Security Group Management" },
    { 4758, NULL, "Security Group Management" }, { 4764, NULL, "Security Group Management" },
    { 4741, NULL, "Computer Account Management" }, { 4742, NULL, "Computer Account Management" },
    { 4743, NULL, "Computer Account Management" },
    { 4739, NULL, "Authentication Policy Change" },
    { 0, NULL, NULL },
};

/* windows_audit_changes.csv (Splunk_TA_windows): EventCode -> action. */
static const ta_map audit_actions[] = {
    { 1100, NULL, "stopped" }, { 1102, NULL, "cleared" }, { 4720, NULL, "created" },
    { 4741, NULL, "created" }, { 4722, NULL, "modified" }, { 4723, NULL, "modified" },
    { 4724, NULL, "modified" }, { 4725, NULL, "modified" }, { 4726, NULL, "deleted" },
    { 4743, NULL, "deleted" }, { 4738, NULL, "modified" }, { 4742, NULL, "modified" },
    { 4740, NULL, "modified" }, { 4767, NULL, "modified" }, { 1101, NULL, "success" },
    { 1108, NULL, "success" }, { 4781, NULL, "modified" }, { 4703, NULL, "modified" },
    { 4704, NULL, "modified" }, { 4705, NULL, "modified" },
    { 5461, NULL, "modified" },   /* windows_wineventlog_change_action.csv */
    { 0, NULL, NULL },
};

/* windows_audit_changes.csv: EventCode -> change_type. */
static const ta_map audit_change_types[] = {
    { 1100, NULL, "audit" }, { 1102, NULL, "audit" }, { 4720, NULL, "user" },
    { 4741, NULL, "user" }, { 4722, NULL, "AAA" }, { 4723, NULL, "AAA" }, { 4724, NULL, "AAA" },
    { 4725, NULL, "AAA" }, { 4726, NULL, "AAA" }, { 4743, NULL, "user" }, { 4738, NULL, "AAA" },
    { 4742, NULL, "user" }, { 4740, NULL, "user" }, { 4767, NULL, "AAA" }, { 1101, NULL, "audit" },
    { 1108, NULL, "audit" }, { 4719, NULL, "audit" }, { 4717, NULL, "AAA" }, { 4718, NULL, "AAA" },
    { 4727, NULL, "AAA" }, { 4728, NULL, "AAA" }, { 4729, NULL, "AAA" }, { 4730, NULL, "AAA" },
    { 4731, NULL, "AAA" }, { 4732, NULL, "AAA" }, { 4733, NULL, "AAA" }, { 4734, NULL, "AAA" },
    { 4735, NULL, "AAA" }, { 4737, NULL, "AAA" }, { 4739, NULL, "AAA" }, { 4750, NULL, "AAA" },
    { 4753, NULL, "AAA" }, { 4754, NULL, "AAA" }, { 4755, NULL, "AAA" }, { 4756, NULL, "AAA" },
    { 4757, NULL, "AAA" }, { 4758, NULL, "AAA" }, { 4764, NULL, "AAA" }, { 4781, NULL, "AAA" },
    { 4703, NULL, "AAA" }, { 4704, NULL, "AAA" }, { 4705, NULL, "AAA" },
    { 0, NULL, NULL },
};

/* windows_audit_changes.csv: EventCode -> object_category. */
static const ta_map audit_object_categories[] = {
    { 1100, NULL, "audit" }, { 1102, NULL, "audit" }, { 4720, NULL, "user" },
    { 4741, NULL, "user" }, { 4722, NULL, "user" }, { 4723, NULL, "user" }, { 4724, NULL, "user" },
    { 4725, NULL, "user" }, { 4726, NULL, "user" }, { 4743, NULL, "user" }, { 4738, NULL, "user" },
    { 4742, NULL, "user" }, { 4740, NULL, "user" }, { 4767, NULL, "user" }, { 1101, NULL, "audit" },
    { 1108, NULL, "audit" }, { 4719, NULL, "audit" }, { 4717, NULL, "security access" },
    { 4718, NULL, "security access" }, { 4727, NULL, "global group" }, { 4728, NULL, "user" },
    { 4729, NULL, "user" }, { 4730, NULL, "global group" }, { 4731, NULL, "local group" },
    { 4732, NULL, "user" }, { 4733, NULL, "user" }, { 4734, NULL, "local group" },
    { 4735, NULL, "local group" }, { 4737, NULL, "global group" }, { 4739, NULL, "global group" },
    { 4750, NULL, "global group" }, { 4753, NULL, "global group" },
    { 4754, NULL, "universal group" }, { 4755, NULL, "universal group" }, { 4756, NULL, "user" },
    { 4757, NULL, "user" }, { 4758, NULL, "universal group" }, { 4764, NULL, "group" },
    { 4781, NULL, "user" }, { 4703, NULL, "user" }, { 4704, NULL, "user" }, { 4705, NULL, "user" },
    { 0, NULL, NULL },
};

/* xmlsecurity_change_audit_and_account_management.csv: EventCode -> object_attrs. */
static const ta_map change_object_attrs[] = {
    { 1100, NULL, "service" }, { 1102, NULL, "registry" }, { 4741, NULL, "computer account" },
    { 4722, NULL, "account" }, { 4723, NULL, "account" }, { 4724, NULL, "account" },
    { 4725, NULL, "account" }, { 4726, NULL, "account" }, { 4743, NULL, "computer account" },
    { 4738, NULL, "account" }, { 4742, NULL, "computer account" }, { 4767, NULL, "account" },
    { 1101, NULL, "transport" }, { 1108, NULL, "Microsoft-Windows-Security-Auditing" },
    { 4719, NULL, "Kerberos Authentication Service" }, { 4739, NULL, "domain policy" },
    { 4781, NULL, "account" }, { 4703, NULL, "account" }, { 4704, NULL, "account" },
    { 4705, NULL, "account" },
    { 0, NULL, NULL },
};

/* xmlsecurity_change_audit_and_account_management.csv: EventCode -> result. */
static const ta_map change_results[] = {
    { 4720, NULL, "account was created" }, { 4741, NULL, "account was created" },
    { 4722, NULL, "A user account was enabled" },
    { 4723, NULL, "An attempt was made to change an account's password" },
    { 4724, NULL, "An attempt was made to reset an account's password" },
    { 4725, NULL, "A user account was disabled" }, { 4726, NULL, "A user account was deleted" },
    { 4743, NULL, "account was deleted" }, { 4738, NULL, "A user account was changed" },
    { 4742, NULL, "account was changed" }, { 4740, NULL, "lockout" },
    { 4767, NULL, "A user account was unlocked" }, { 4717, NULL, "access was granted" },
    { 4718, NULL, "account was removed" }, { 4727, NULL, "group was created" },
    { 4728, NULL, "member was added to a security-enabled global group" },
    { 4729, NULL, "member was removed from a security-enabled global group" },
    { 4730, NULL, "group was deleted" }, { 4731, NULL, "group was created" },
    { 4732, NULL, "member was added to a security-enabled local group" },
    { 4733, NULL, "member was removed from a security-enabled local group" },
    { 4734, NULL, "group was deleted" }, { 4735, NULL, "group was changed" },
    { 4737, NULL, "group was changed" }, { 4739, NULL, "Domain Policy was changed" },
    { 4750, NULL, "group was changed" }, { 4753, NULL, "group was deleted" },
    { 4754, NULL, "group was created" }, { 4755, NULL, "group was changed" },
    { 4756, NULL, "member was added to a security-enabled universal group" },
    { 4757, NULL, "member was removed from a security-enabled universal group" },
    { 4758, NULL, "group was deleted" }, { 4764, NULL, "group was deleted" },
    { 4781, NULL, "The name of an account was changed" },
    { 4703, NULL, "A token right was adjusted" }, { 4704, NULL, "A user right was assigned" },
    { 4705, NULL, "A user right was removed" },
    { 0, NULL, NULL },
};

/* windows_endpoint_port_transport: IANA protocol numbers. */
static const ta_map transports[] = {
    { 0, "6", "tcp" }, { 0, "17", "udp" }, { 0, "1", "icmp" }, { 0, "58", "icmp" },
    { 0, NULL, NULL },
};

/* Service start types as Windows words them -> CIM start_mode. */
static const ta_map start_modes[] = {
    { 0, "auto start", "auto" }, { 0, "demand start", "manual" }, { 0, "disabled", "disabled" },
    { 0, "boot start", "boot" }, { 0, "system start", "system" },
    /* 4697's ServiceStartType is the number */
    { 0, "0", "boot" }, { 0, "1", "system" }, { 0, "2", "auto" }, { 0, "3", "manual" },
    { 0, "4", "disabled" },
    { 0, NULL, NULL },
};

/* WFP Direction (5156/5157) as written in the XML. */
static const ta_map wfp_directions[] = {
    { 0, "%%14592", "inbound" }, { 0, "%%14593", "outbound" },
    { 0, NULL, NULL },
};

/* Service states (System 7036) -> CIM status. */
static const ta_map service_states[] = {
    { 0, "running", "started" }, { 0, "stopped", "stopped" }, { 0, "paused", "paused" },
    { 0, NULL, NULL },
};

/* Sysmon task names (the provider's manifest) -> EventDescription. */
static const ta_map sysmon_descriptions[] = {
    { 1, NULL, "Process Create" }, { 2, NULL, "File creation time changed" },
    { 3, NULL, "Network connection detected" }, { 4, NULL, "Sysmon service state changed" },
    { 5, NULL, "Process terminated" }, { 6, NULL, "Driver loaded" },
    { 7, NULL, "Image loaded" }, { 8, NULL, "CreateRemoteThread detected" },
    { 9, NULL, "RawAccessRead detected" }, { 10, NULL, "Process accessed" },
    { 11, NULL, "File created" }, { 12, NULL, "Registry object added or deleted" },
    { 13, NULL, "Registry value set" }, { 14, NULL, "Registry object renamed" },
    { 15, NULL, "File stream created" }, { 16, NULL, "Sysmon config state changed" },
    { 17, NULL, "Pipe Created" }, { 18, NULL, "Pipe Connected" },
    { 19, NULL, "WmiEventFilter activity detected" },
    { 20, NULL, "WmiEventConsumer activity detected" },
    { 21, NULL, "WmiEventConsumerToFilter activity detected" }, { 22, NULL, "Dns query" },
    { 23, NULL, "File Delete archived" }, { 24, NULL, "Clipboard changed" },
    { 25, NULL, "Process Tampering" }, { 26, NULL, "File Delete logged" },
    { 27, NULL, "File Block Executable" }, { 28, NULL, "File Block Shredding" },
    { 29, NULL, "File Executable Detected" }, { 255, NULL, "Error" },
    { 0, NULL, NULL },
};

/* Sysmon actions in the CIM vocabulary of each event's dataset. */
static const ta_map sysmon_actions[] = {
    { 1, NULL, "allowed" }, { 2, NULL, "modified" }, { 3, NULL, "allowed" },
    { 5, NULL, "allowed" }, { 6, NULL, "allowed" }, { 7, NULL, "allowed" },
    { 8, NULL, "allowed" }, { 9, NULL, "allowed" }, { 10, NULL, "allowed" },
    { 11, NULL, "created" }, { 13, NULL, "modified" }, { 14, NULL, "modified" },
    { 15, NULL, "created" }, { 17, NULL, "created" }, { 18, NULL, "allowed" },
    { 23, NULL, "deleted" }, { 26, NULL, "deleted" },
    { 0, NULL, NULL },
};

/* Sysmon 12 EventType -> action. */
static const ta_map sysmon_12_actions[] = {
    { 0, "CreateKey", "created" }, { 0, "CreateValue", "created" },
    { 0, "DeleteKey", "deleted" }, { 0, "DeleteValue", "deleted" },
    { 0, NULL, NULL },
};

/* Windows Filtering Platform connection events (Network_Traffic). */
#define WFP "5156-5158"

/* Sysmon events whose acting process is Image/ProcessId/ProcessGuid. */
#define SYSMON_ACTOR "1-3,5,7,9,11-15,17-18,22-29"

/* ---- the field table, in evaluation order ---- */
static const ta_field fields[] = {
    /* [XmlWinEventLog] and the Sysmon add-on: every event. */
    { "signature_id", M_SET, false, R(COPY(ANY, NULL, "EventCode")) },
    { "event_id", M_SET, false, R(COPY(ANY, NULL, "EventRecordID"), COPY(ANY, NULL, "RecordNumber")) },
    { "id", M_SET, false, R(COPY(ANY, NULL, "EventRecordID"), COPY(ANY, NULL, "RecordNumber")) },
    { "vendor_product", M_SET, false, R(CONST(SMN, NULL, "Microsoft Sysmon"),
                                        CONST(WIN, NULL, "Microsoft Windows")) },
    { "dvc", M_SET, false, R(COPY(ANY, NULL, "Computer"), COPY(ANY, NULL, "ComputerName")) },
    { "dvc_nt_host", M_SET, false, R(COPY(ANY, NULL, "host")) },
    { "user_id", M_SET, false, R(COPY(ANY, NULL, "UserID")) },
    { "Sub_Status", M_NEW, false, R(COPY(WIN, NULL, "SubStatus")) },
    { "category", M_SET, false, R(COPY(WIN, NULL, "TaskCategory")) },
    { "severity_id", M_SET, false, R(COPY(WIN, NULL, "EventType")) },

    /* Sysmon add-on: the System part under its own names. */
    { "EventChannel", M_NEW, false, R(COPY(SMN, NULL, "Channel")) },
    { "RecordID", M_NEW, false, R(COPY(SMN, NULL, "EventRecordID")) },
    { "SecurityID", M_NEW, false, R(COPY(SMN, NULL, "UserID")) },
    { "TimeCreated", M_NEW, false, R(COPY(SMN, NULL, "SystemTime")) },
    { "EventDescription", M_NEW, false, R(CODEMAP(SMN, NULL, sysmon_descriptions)) },
    { "MD5", M_NEW, false, R(FUNC(SMN, NULL, fn_hash, "Hashes", "MD5"),
                             FUNC(SMN, NULL, fn_hash, "Hash", "MD5")) },
    { "SHA1", M_NEW, false, R(FUNC(SMN, NULL, fn_hash, "Hashes", "SHA1"),
                              FUNC(SMN, NULL, fn_hash, "Hash", "SHA1")) },
    { "SHA256", M_NEW, false, R(FUNC(SMN, NULL, fn_hash, "Hashes", "SHA256"),
                                FUNC(SMN, NULL, fn_hash, "Hash", "SHA256")) },
    { "IMPHASH", M_NEW, false, R(FUNC(SMN, NULL, fn_hash, "Hashes", "IMPHASH"),
                                 FUNC(SMN, NULL, fn_hash, "Hash", "IMPHASH")) },
    { "RegistryValueType", M_NEW, false, R(FUNC(SMN, "13", fn_reg_details, NULL, "vtype")) },
    { "RegistryValueData", M_NEW, false, R(FUNC(SMN, "13", fn_reg_details, NULL, "vdata")) },
    { "DestinationNoQuotes", M_NEW, false, R(FUNC(SMN, "20", fn_noquotes, "Destination", NULL)) },
    { "ConsumerNoQuotes", M_NEW, false, R(FUNC(SMN, "21", fn_noquotes, "Consumer", NULL)) },
    { "FilterNoQuotes", M_NEW, false, R(FUNC(SMN, "21", fn_noquotes, "Filter", NULL)) },

    /* [source::XmlWinEventLog:Security] REPORT aliases of the XML names. */
    { "Logon_Type", M_NEW, false, R(COPY(SEC, NULL, "LogonType")) },
    { "Logon_ID", M_NEW, false, R(COPY(SEC, NULL, "SubjectLogonId")) },
    { "Caller_Domain", M_NEW, false, R(COPY(SEC, NULL, "SubjectDomainName")) },
    { "Caller_User_Name", M_NEW, false, R(COPY(SEC, NULL, "SubjectUserName")) },
    { "Target_Domain", M_NEW, false, R(COPY(SEC, NULL, "TargetDomainName")) },
    { "Target_User_Name", M_NEW, false, R(COPY(SEC, NULL, "TargetUserName")) },
    { "Target_Server_Name", M_NEW, false, R(COPY(SEC, NULL, "TargetServerName")) },
    { "Source_Port", M_NEW, false, R(COPY(SEC, NULL, "IpPort")) },
    { "Source_Workstation", M_NEW, false, R(COPY(SEC, NULL, "Workstation"),
                                            COPY(SEC, NULL, "WorkstationName"),
                                            COPY(SEC, NULL, "IpAddress")) },
    { "Token_Elevation_Type", M_NEW, false, R(COPY(SEC, NULL, "TokenElevationType")) },
    { "Token_Elevation_Type_id", M_NEW, false, R({ OP_DIGITS, SEC, ONLY_ANY, NULL,
                                                   "Token_Elevation_Type", NULL, NULL, NULL }) },
    { "vendor_privilege", M_NEW, false, R(COPY(SEC, NULL, "PrivilegeList")) },
    { "Process_Command_Line", M_NEW, false, R(COPY(SEC, NULL, "CommandLine")) },
    { "process_command_line_process", M_NEW, false,
      R(FUNC(SEC, NULL, fn_cmd_split, "Process_Command_Line", "1")) },
    { "process_command_line_arguments", M_NEW, false,
      R(FUNC(SEC, NULL, fn_cmd_split, "Process_Command_Line", "2")) },
    { "new_process", M_NEW, false, R(COPY(SEC, "4688", "NewProcessName")) },
    { "new_process_name", M_NEW, false, R(BASENAME(SEC, "4688", "NewProcessName")) },
    { "new_process_id", M_NEW, false, R(COPY(SEC, "4688", "NewProcessId")) },

    /* System 7036/7040: the service the parameters name. */
    { "ServiceName", M_NEW, false, R(COPY(SYS, "7036,7040", "param1")) },

    /* Status as Error_Code ("-" when absent) on Security, System, Application. */
    { "Error_Code", M_SET, false, R(COPY(SEC | SYS | APP, NULL, "Status"),
                                    CONST(SEC | SYS | APP, NULL, "-")) },
    { "ta_windows_status", M_NEW, false, R(COPY(SEC, NULL, "Status")) },
    { "ta_windows_action", M_SET, false, R(FUNC(SEC, NULL, fn_status_action, NULL, NULL)) },
    { "vendor", M_SET, false, R(CONST(SEC | SYS, NULL, "Microsoft")) },
    { "product", M_SET, false, R(CONST(SEC | SYS, NULL, "Windows")) },

    /* Security CIM fields, "based on order of operations". */
    { "session_id", M_NEW, false, R(LASTLINE(SEC, NULL, "Logon_ID"),
                                    COPY(SEC, NULL, "Client_Logon_ID"),
                                    COPY(SEC, NULL, "Caller_Logon_ID")) },
    { "dest", M_SET, false, R(NONE(SMN, "22"),
                              COPY(SMN, "3", "DestinationIp"),
                              COPY(SEC, WFP, "DestAddress"),
                              HOST(SEC, NULL, "Target_Server_Name"),
                              CLASSIC(OP_HOST, SEC, NULL, "ComputerName"),
                              COPY(ANY, NULL, "Computer"),
                              COPY(ANY, NULL, "ComputerName")) },
    { "dest_nt_domain", M_NEW, true, R(LASTLINE(SEC, NULL, "Target_Domain"),
                                       LASTLINE(SEC, NULL, "Primary_Domain"),
                                       LASTLINE(SEC, NULL, "Group_Domain"),
                                       LASTLINE(SEC, NULL, "Account_Domain"),
                                       LASTLINE(SEC, NULL, "New_Domain"),
                                       LASTLINE(SEC, NULL, "Domain"),
                                       BEFOREBS(SEC, NULL, "User_ID"),
                                       BEFOREBS(SEC, NULL, "Security_ID"),
                                       COPY(SEC, NULL, "Supplied_Realm_Name"),
                                       BEFOREBS(SEC, NULL, "Target_Account_ID")) },
    { "dest_nt_host", M_NEW, false, R(HOST(SEC, NULL, "Target_Server_Name"),
                                      CLASSIC(OP_HOST, SEC, NULL, "ComputerName")) },
    { "src", M_NEW, false, R(COPY(SEC, "4778", "ClientAddress"),
                             COPY(SEC, WFP, "SourceAddress"),
                             HOST(SEC, NULL, "Source_Workstation"),
                             HOST(SEC, NULL, "Workstation_Name"),
                             HOST(SEC, NULL, "Caller_Machine_Name"),
                             HOST(SEC, NULL, "Client_Machine_Name"),
                             HOST(SEC, NULL, "Source_Network_Address"),
                             HOST(SEC, NULL, "Client_Address"),
                             NODASH(SMN, "3", "SourceHostname"),
                             COPY(SMN, "3", "SourceIp"),
                             COPY(SMN, "22", "Computer")) },
    { "src_ip", M_NEW, false, R({ OP_NOTLOOP, SEC, ONLY_ANY, NULL, "IpAddress", NULL, NULL, NULL },
                                HOST(SEC, NULL, "Source_Network_Address"),
                                HOST(SEC, NULL, "Client_Address"),
                                COPY(SEC, WFP, "SourceAddress"),
                                COPY(SMN, "3", "SourceIp")) },
    { "src_nt_domain", M_NEW, false, R(NODASH(SEC, NULL, "Caller_Domain"),
                                       NODASH(SEC, NULL, "Client_Domain"),
                                       CLASSIC(OP_FIRSTLINE, SEC, NULL, "Account_Domain"),
                                       BEFOREBS(SEC, NULL, "Security_ID")) },
    { "src_nt_host", M_NEW, false, R(HOST(SEC, NULL, "Source_Workstation"),
                                     HOST(SEC, NULL, "Workstation_Name"),
                                     HOST(SEC, NULL, "Caller_Machine_Name"),
                                     HOST(SEC, NULL, "Client_Machine_Name"),
                                     HOST(SEC, NULL, "Caller_Computer_Name")) },
    { "src_user", M_NEW, false, R(NODASH(SEC, NULL, "Caller_User_Name"),
                                  NODASH(SEC, NULL, "Client_User_Name"),
                                  CLASSIC(OP_FIRSTLINE, SEC, NULL, "Account_Name"),
                                  NODASH(SEC, NULL, "User_Name")) },
    { "user", M_NEW, false, R(FUNC(SEC, "4688", fn_user_4688, NULL, NULL),
                              NONE(SEC, "4688"),
                              COPY(SEC, "4781", "NewTargetUserName"),
                              STRIPDOM(SEC, NULL, "Logon_Account"),
                              STRIPDOM(SEC, NULL, "Logon_account"),
                              COPY(SEC, NULL, "Target_User_Name"),
                              COPY(SEC, NULL, "Primary_User_Name"),
                              COPY(SEC, NULL, "Target_Account_Name"),
                              COPY(SEC, NULL, "New_Account_Name"),
                              CLASSIC(OP_LASTLINE, SEC, NULL, "Account_Name"),
                              COPY(SEC, NULL, "User_Name"),
                              STRIPDOM(WIN, NULL, "User"),
                              STRIPDOM(SEC, NULL, "Security_ID"),
                              COPY(SMN, NULL, "User"),
                              COPY(SMN, "8,10", "SourceUser")) },
    { "user_group", M_NEW, false, R(COPY(SEC, NULL, "TargetUserName"),
                                    COPY(SEC, NULL, "New_Account_Name"),
                                    COPY(SEC, NULL, "Target_Account_Name"),
                                    COPY(SEC, NULL, "Group_Name")) },
    { "Group_Name", M_NEW, false, R(COPY(SEC, "4727-4735,4737,4744-4764,4799", "TargetUserName")) },
    { "Group_Domain", M_NEW, false, R(COPY(SEC, "4727-4735,4737,4744-4764,4799", "TargetDomainName")) },
    { "member_id", M_NEW, false, R(STRIPDOM(SEC, NULL, "Member_ID"), COPY(SEC, NULL, "Security_ID")) },
    { "member_dn", M_NEW, false, R(COPY(SEC, NULL, "Member_Name"),
                                   CLASSIC(OP_COPY, SEC, NULL, "Account_Name")) },
    { "member_nt_domain", M_NEW, false, R({ OP_DOMPART, SEC, ONLY_ANY, NULL, "Member_ID", NULL, NULL, NULL },
                                          { OP_DOMPART, SEC, ONLY_ANY, NULL, "Security_ID", NULL, NULL, NULL }) },

    /* Account management (Change): the account acted on and who acted. */
    { "object", M_NEW, false, R(COPY(SEC, "4781", "NewTargetUserName"),
                                COPY(SEC, "4703,4720,4722-4726,4738,4740,4767", "TargetUserName")) },
    { "object_id", M_NEW, false, R(COPY(SEC, "4703", "TargetUserSid"),
                                   COPY(SEC, "4720,4722-4726,4738,4740,4767,4781", "TargetSid")) },
    { "user_name", M_NEW, false, R(COPY(SEC, "4781", "NewTargetUserName"),
                                   COPY(SEC, "4703,4720,4722-4726,4738,4740,4767", "TargetUserName")) },
    { "src_user_name", M_NEW, false, R(COPY(SEC, "4703,4720,4722-4726,4738,4740,4767,4781",
                                            "SubjectUserName")) },

    /* Processes (Security; Sysmon below). */
    { "process", M_SET, false, R(FUNC(SEC, "4688", fn_process_4688, NULL, NULL),
                                 NONE(SEC, "4688"),
                                 COPY(SEC, NULL, "ProcessName"),
                                 COPY(SEC, NULL, "Process"),
                                 COPY(SMN, "1", "CommandLine"),
                                 COPY(SMN, "5", "Image")) },
    { "process_path", M_SET, false, R(COPY(SEC, "4688", "NewProcessName"),
                                      NONE(SEC, "4688"),
                                      COPY(SEC, NULL, "ProcessName"),
                                      COPY(SEC, NULL, "Process"),
                                      COPY(SMN, "8,10", "TargetImage"),
                                      COPY(SMN, "6", "ImageLoaded"),
                                      COPY(SMN, SYSMON_ACTOR, "Image")) },
    { "process_name", M_SET, false, R(BASENAME(SEC, "4688", "NewProcessName"),
                                      NONE(SEC, "4688"),
                                      COPY(WIN, NULL, "ProcessName"),
                                      BASENAME2(SMN, "8,10", "TargetImage"),
                                      BASENAME2(SMN, SYSMON_ACTOR, "Image")) },
    { "process_exec", M_SET, false, R(BASENAME(SEC, "4688", "NewProcessName"),
                                      BASENAME2(SMN, "8,10", "TargetImage"),
                                      BASENAME2(SMN, SYSMON_ACTOR, "Image")) },
    { "process_id", M_SET, false, R(COPY(SEC, "4688", "NewProcessId"),
                                    NONE(SEC, "4688"),
                                    COPY(SEC, NULL, "ProcessID"),
                                    COPY(SMN, "8,10", "TargetProcessId"),
                                    COPY(SMN, SYSMON_ACTOR, "ProcessId")) },
    { "process_guid", M_NEW, false, R(COPY(SMN, "8,10", "TargetProcessGuid"),
                                      COPY(SMN, "8,10", "TargetProcessGUID"),
                                      COPY(SMN, SYSMON_ACTOR, "ProcessGuid")) },
    { "process_current_directory", M_NEW, false, R(COPY(SMN, "1", "CurrentDirectory")) },
    { "process_integrity_level", M_NEW, false, R(LOWER(SMN, "1", "IntegrityLevel")) },
    { "process_hash", M_NEW, false, R(COPY(SMN, "1,6,7", "Hashes")) },
    { "original_file_name", M_NEW, false, R(COPY(SMN, "1", "OriginalFileName")) },
    { "parent_process", M_NEW, false, R(COPY(WIN, NULL, "ParentProcessName"),
                                        COPY(SMN, "1", "ParentCommandLine")) },
    { "parent_process_path", M_SET, false, R(COPY(SEC, "4688", "ParentProcessName"),
                                             COPY(SMN, "1", "ParentImage"),
                                             COPY(SMN, "8,10", "SourceImage")) },
    { "parent_process_name", M_NEW, false, R(BASENAME(SEC, "4688", "ParentProcessName"),
                                             BASENAME2(SMN, "1", "ParentImage"),
                                             BASENAME2(SMN, "8,10", "SourceImage")) },
    { "parent_process_exec", M_NEW, false, R(BASENAME2(SMN, "1", "ParentImage"),
                                             BASENAME2(SMN, "8,10", "SourceImage")) },
    { "parent_process_id", M_SET, false, R(COPY(SEC, "4688", "ProcessId"),
                                           COPY(SMN, "1", "ParentProcessId"),
                                           COPY(SMN, "8,10", "SourceProcessId")) },
    { "parent_process_guid", M_NEW, false, R(COPY(SMN, "1", "ParentProcessGuid"),
                                             COPY(SMN, "8,10", "SourceProcessGuid"),
                                             COPY(SMN, "8,10", "SourceProcessGUID")) },
    { "loaded_file", M_NEW, false, R(BASENAME2(SMN, "7", "ImageLoaded")) },
    { "loaded_file_path", M_NEW, false, R(COPY(SMN, "7", "ImageLoaded")) },
    { "granted_access", M_NEW, false, R(COPY(SMN, "10", "GrantedAccess")) },
    { "src_address", M_NEW, false, R(COPY(SMN, "8", "StartAddress")) },
    { "src_function", M_NEW, false, R(COPY(SMN, "8", "StartFunction")) },
    { "src_module", M_NEW, false, R(COPY(SMN, "8", "StartModule")) },
    { "pipe_name", M_NEW, false, R(COPY(SMN, "17,18", "PipeName")) },
    { "service_signature_exists", M_NEW, false, R(COPY(SMN, "6", "Signed")) },
    { "service_signature_verified", M_NEW, false,
      R(FUNC(SMN, "6", fn_bool, "SignatureStatus", "Valid")) },
    { "service_dll_signature_exists", M_NEW, false, R(COPY(SMN, "7", "Signed")) },
    { "service_dll_signature_verified", M_NEW, false,
      R(FUNC(SMN, "7", fn_bool, "SignatureStatus", "Valid")) },

    /* Network (Sysmon 3; Security 5156/5157 through the data model). */
    { "src_port", M_NEW, false, R(COPY(SEC, "5156-5158", "SourcePort"),
                                  COPY(SEC, NULL, "Source_Port"),
                                  COPY(SMN, "3", "SourcePort")) },
    { "src_host", M_NEW, false, R(NODASH(SMN, "3", "SourceHostname")) },
    { "dest_ip", M_NEW, false, R(COPY(SMN, "3", "DestinationIp"), COPY(SEC, WFP, "DestAddress")) },
    { "dest_port", M_NEW, false, R(COPY(SEC, NULL, "DestPort"), COPY(SMN, "3", "DestinationPort")) },
    { "dest_host", M_NEW, false, R(NODASH(SMN, "3", "DestinationHostname")) },
    { "transport", M_NEW, false, R(MAP(SEC, NULL, "Protocol", transports),
                                   LOWER(SMN, "3", "Protocol")) },
    { "protocol", M_NEW, false, R(CONST(SMN, "3", "ip")) },
    { "protocol_version", M_NEW, false, R(FUNC(SMN, "3", fn_ipver, NULL, NULL)) },
    { "direction", M_NEW, false, R(FUNC(SMN, "3", fn_direction, NULL, NULL),
                                   MAP(SEC, WFP, "Direction", wfp_directions)) },
    { "app", M_NEW, false, R(COPY(SMN, "3", "Image"), COPY(SEC, WFP, "Application")) },
    { "creation_time", M_NEW, false, R(COPY(SMN, "3", "UtcTime")) },
    { "transport_dest_port", M_NEW, false, R(FUNC(SMN, "3", fn_slash, "transport", "dest_port")) },

    /* Files and registry. */
    { "object_file_path", M_NEW, false, R(FUNC(SEC, NULL, fn_object_file, "ObjectName", "path")) },
    { "object_file_name", M_NEW, false, R(FUNC(SEC, NULL, fn_object_file, "ObjectName", "name")) },
    { "file_path", M_NEW, false, R(FUNC(SEC, NULL, fn_object_file, "FileName", "path"),
                                   FUNC(SEC, NULL, fn_object_file, "KeyFilePath", "path"),
                                   FUNC(SEC, NULL, fn_if_file, "object_file_path", NULL),
                                   COPY(SEC, NULL, "ShareLocalPath"),
                                   COPY(SMN, "2,11,15,23,26-29", "TargetFilename")) },
    { "file_name", M_NEW, false, R(FUNC(SEC, NULL, fn_object_file, "FileName", "name"),
                                   FUNC(SEC, NULL, fn_object_file, "KeyFilePath", "name"),
                                   FUNC(SEC, NULL, fn_if_file, "object_file_name", NULL),
                                   COPY(SEC, NULL, "ShareName"),
                                   BASENAME2(SMN, "2,11,15,23,26-29", "TargetFilename")) },
    { "file_hash", M_NEW, false, R(COPY(SMN, "15", "Hash"), COPY(SMN, "23,26", "Hashes")) },
    { "file_create_time", M_NEW, false, R(COPY(SMN, "11,15", "CreationUtcTime")) },
    { "file_modify_time", M_NEW, false, R(COPY(SMN, "23,26", "UtcTime")) },
    { "registry_path", M_NEW, false, R(COPY(SEC, "4657", "ObjectName"),
                                       COPY(SMN, "12-14", "TargetObject")) },
    { "registry_value_name", M_NEW, false, R(COPY(SEC, "4657", "ObjectValueName"),
                                             FUNC(SMN, "12-14", fn_reg_part, "TargetObject", "value")) },
    { "registry_value_type", M_NEW, false, R(COPY(SEC, "4657", "NewValueType"),
                                             FUNC(SMN, "13", fn_reg_details, NULL, "type")) },
    { "registry_value_data", M_NEW, false, R(COPY(SEC, "4657", "NewValue"),
                                             FUNC(SMN, "13", fn_reg_details, NULL, "vdata")) },
    { "registry_key_name", M_NEW, false, R(FUNC(SMN, "12-14", fn_reg_part, "TargetObject", "key")) },
    { "registry_hive", M_NEW, false, R(FUNC(SMN, "12-14", fn_reg_hive, "TargetObject", NULL)) },
    { "object_path", M_NEW, false, R(COPY(SMN, "12-14", "TargetObject")) },
    { "object_category", M_NEW, false, R(CODEMAP(SEC, NULL, audit_object_categories),
                                         CONST(SMN, "12-14", "registry"),
                                         CONST(SMN, "2,11,15,23,26", "file")) },

    /* Services (System 7036/7040/7045, Security 4697). */
    { "service", M_NEW, false, R(COPY(WIN, NULL, "ServiceName"), COPY(WIN, NULL, "Service")) },
    { "service_name", M_NEW, false, R(COPY(WIN, NULL, "ServiceName")) },
    { "service_id", M_NEW, false, R(COPY(WIN, NULL, "ServiceSid")) },
    { "start_mode", M_NEW, false, R(MAP(SYS, "7040", "param3", start_modes),
                                    MAP(SYS | SEC, NULL, "StartType", start_modes),
                                    MAP(SEC, "4697", "ServiceStartType", start_modes)) },
    { "service_path", M_NEW, false, R(COPY(SYS, "7045", "ImagePath"),
                                      COPY(SEC, "4697", "ServiceFileName")) },

    /* EVAL object_attrs, then the lookup fills what is left. */
    { "object_attrs", M_NEW, false, R(CODEMAP(SEC, "4720,4738", change_object_attrs),
                                      NONE(SEC, "4720,4738"),
                                      COPY(SEC, "4717", "AccessGranted"),
                                      COPY(SEC, "4718", "AccessRemoved"),
                                      COPY(SEC, NULL, "SamAccountName"),
                                      COPY(SEC, NULL, "RuleName"),
                                      CODEMAP(SEC, NULL, change_object_attrs)) },
    { "result", M_NEW, false, R(CODEMAP(SEC, NULL, change_results)) },
    { "change_type", M_NEW, false, R(CODEMAP(SEC, NULL, audit_change_types)) },

    /* action and status: EVAL for 4688, then the add-on's lookups in order. */
    { "action", M_NEW, false, R(FUNC(SEC, "4688", fn_action_4688, NULL, NULL),
                                CONST(SEC, "5156", "allowed"),
                                CONST(SEC, "5157", "blocked"),
                                CODEMAP(SEC, NULL, audit_actions),
                                FUNC(SEC, NULL, fn_audit_result, NULL, NULL),
                                MAP(SMN, "12", "EventType", sysmon_12_actions),
                                CODEMAP(SMN, NULL, sysmon_actions)) },
    { "status", M_NEW, false, R(CONST(SEC, "5461", "failure"),
                                FUNC(SEC, NULL, fn_audit_result, NULL, NULL),
                                MAP(SYS, "7036", "param2", service_states),
                                CONST(SMN, "12-14", "success")) },

    /* Signatures. */
    { "signature", M_NEW, false, R(FUNC(SEC, "4625", fn_substatus, NULL, NULL),
                                   CODEMAP(SEC, NULL, security_signatures),
                                   COPY(SMN, NULL, "EventDescription")) },
    { "name", M_NEW, false, R(FUNC(SEC, "4625", fn_substatus, NULL, NULL),
                              CODEMAP(SEC, NULL, security_signatures)) },
    { "subject", M_NEW, false, R(FUNC(SEC, "4625", fn_substatus, NULL, NULL),
                                 CODEMAP(SEC, NULL, security_signatures)) },
    { "CategoryString", M_NEW, false, R(CODEMAP(SEC, NULL, security_categories)) },
    { "ta_windows_security_CategoryString", M_NEW, false, R(CODEMAP(SEC, NULL, security_categories)) },
    { "app", M_NEW, false, R(FUNC(SEC, NULL, fn_app, NULL, NULL)) },

    /* Sysmon: query (Network_Resolution), WMI and the user the event names. */
    { "query", M_NEW, false, R(COPY(SMN, "22", "QueryName")) },
    { "reply_code_id", M_NEW, false, R(COPY(SMN, "22", "QueryStatus")) },
    { "answer", M_NEW, false, R(COPY(SMN, "22", "QueryResults")) },
    { "user_name", M_NEW, false, R(COPY(SMN, "19-21", "User")) },
};

#define NFIELDS (sizeof fields / sizeof fields[0])
/* Ranges in a rule's codes list. */
#define TA_MAX_RANGES 8

/* A rule with its EventCode list parsed. */
typedef struct crule {
    const ta_rule *r;
    uint8_t nranges;             /* 0: every EventCode */
    uint16_t lo[TA_MAX_RANGES], hi[TA_MAX_RANGES];
} crule;

struct ta_windows {
    bool any;                     /* some field is computed */
    bool active[NFIELDS];         /* the field is computed */
    uint16_t *order[S_COUNT];     /* per source: active fields with a rule for it */
    size_t norder[S_COUNT];
    crule *rules;                 /* every rule, field after field */
    size_t *first;                /* per field: index of its first rule in rules */
    projection *reads;            /* event fields the active rules read */
};

/* Fields a rule reads (a, b as field names, not texts or keys). */
static void rule_inputs(const ta_rule *r, const char *in[2])
{
    in[0] = in[1] = NULL;
    switch (r->op) {
    case OP_CONST: case OP_NONE: case OP_END:
        return;
    case OP_CODEMAP:
        in[0] = "EventCode";
        return;
    case OP_FUNC:
        in[0] = r->a;
        if (r->fn == fn_slash)
            in[1] = r->b;
        return;
    default:
        in[0] = r->a;
        return;
    }
}

/* Inputs the functions read beyond their a/b arguments. */
static const struct { ta_fn fn; const char *field; } fn_reads[] = {
    { fn_process_4688, "NewProcessName" }, { fn_process_4688, "CommandLine" },
    { fn_user_4688, "Target_User_Name" }, { fn_user_4688, "src_user" },
    { fn_status_action, "Status" }, { fn_action_4688, "Keywords" },
    { fn_audit_result, "Keywords" }, { fn_app, "Logon_Type" },
    { fn_app, "Target_Server_Name" }, { fn_reg_part, "EventType" },
    { fn_reg_details, "Details" }, { fn_direction, "Initiated" },
    { fn_substatus, "Sub_Status" }, { fn_ipver, "SourceIsIpv6" },
    { fn_if_file, "ObjectType" },
};

static int field_index(const char *name, size_t len)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

bool ta_windows_computes(const char *name, size_t len)
{
    return field_index(name, len) >= 0;
}

/* Marks field i and every computed field its rules read as active; the rest of
 * what they read goes to the builder's list. Depth is bounded by NFIELDS. */
static void activate(ta_windows *ta, size_t i, int depth)
{
    if (ta->active[i] || depth > (int)NFIELDS)
        return;
    ta->active[i] = true;
    for (const ta_rule *r = fields[i].rules; r->op != OP_END; r++) {
        const char *in[4];
        rule_inputs(r, in);
        in[2] = in[3] = NULL;
        size_t k = 2;
        if (r->op == OP_FUNC)
            for (size_t f = 0; f < sizeof fn_reads / sizeof fn_reads[0] && k < 4; f++)
                if (fn_reads[f].fn == r->fn)
                    in[k++] = fn_reads[f].field;
        for (size_t j = 0; j < 4; j++) {
            if (!in[j])
                continue;
            projection_want(ta->reads, in[j], strlen(in[j]));
            /* every earlier field of that name (file_name has two entries) */
            for (size_t d = 0; d < NFIELDS; d++)
                if (strcmp(fields[d].name, in[j]) == 0)
                    activate(ta, d, depth + 1);
        }
    }
}

/* "4727-4735,4737" -> ranges; false when the list is malformed (a table bug). */
static bool parse_codes(const char *s, crule *c)
{
    c->nranges = 0;
    while (s && *s) {
        unsigned lo = 0, hi;
        while (*s >= '0' && *s <= '9')
            lo = lo * 10 + (unsigned)(*s++ - '0');
        hi = lo;
        if (*s == '-') {
            s++;
            hi = 0;
            while (*s >= '0' && *s <= '9')
                hi = hi * 10 + (unsigned)(*s++ - '0');
        }
        if (c->nranges == TA_MAX_RANGES || lo > 65535 || hi > 65535 || hi < lo)
            return false;
        c->lo[c->nranges] = (uint16_t)lo;
        c->hi[c->nranges++] = (uint16_t)hi;
        if (*s == ',')
            s++;
        else if (*s)
            return false;
    }
    return true;
}

ta_windows *ta_windows_new(const projection *want)
{
    ta_windows *ta = xcalloc(1, sizeof *ta);
    ta->reads = projection_new();
    size_t nrules = 0;
    for (size_t i = 0; i < NFIELDS; i++)
        for (const ta_rule *r = fields[i].rules; r->op != OP_END; r++)
            nrules++;
    ta->rules = xcalloc(nrules, sizeof *ta->rules);
    ta->first = xcalloc(NFIELDS + 1, sizeof *ta->first);
    size_t k = 0;
    for (size_t i = 0; i < NFIELDS; i++) {
        ta->first[i] = k;
        for (const ta_rule *r = fields[i].rules; r->op != OP_END; r++, k++) {
            ta->rules[k].r = r;
            bool ok = parse_codes(r->codes, &ta->rules[k]);
            assert(ok && "malformed EventCode list in a ta_windows table");
            (void)ok;
        }
    }
    ta->first[NFIELDS] = k;
    bool any = false;
    for (size_t i = 0; i < NFIELDS; i++)
        if (projection_wants(want, fields[i].name, strlen(fields[i].name))) {
            activate(ta, i, 0);
            any = true;
        }
    ta->any = any;
    if (any) {   /* every rule is chosen by source and EventCode */
        projection_want(ta->reads, "Channel", 7);
        projection_want(ta->reads, "EventCode", 9);
    }
    for (int s = 0; s < S_COUNT; s++) {
        ta->order[s] = xcalloc(NFIELDS, sizeof *ta->order[s]);
        for (size_t i = 0; i < NFIELDS; i++) {
            if (!ta->active[i])
                continue;
            bool applies = false;
            for (size_t r = ta->first[i]; r < ta->first[i + 1] && !applies; r++)
                applies = ta->rules[r].r->sources & (1u << s);
            if (applies)
                ta->order[s][ta->norder[s]++] = (uint16_t)i;
        }
    }
    return ta;
}

void ta_windows_free(ta_windows *ta)
{
    if (!ta)
        return;
    for (int s = 0; s < S_COUNT; s++)
        free(ta->order[s]);
    free(ta->rules);
    free(ta->first);
    projection_free(ta->reads);
    free(ta);
}

bool ta_windows_reads(const ta_windows *ta, const char *name, size_t len)
{
    return ta && projection_wants(ta->reads, name, len);
}

static int source_of(const record *ev)
{
    const sv *ch = record_value(ev, "Channel");
    if (!ch)
        return S_OTHER;
    for (size_t i = 0; i < sizeof source_channels / sizeof source_channels[0]; i++)
        if (sv_ieq(ch, source_channels[i].channel))
            return source_channels[i].source;
    return S_OTHER;
}

static int event_code(const record *ev)
{
    const sv *v = record_value(ev, "EventCode");
    if (!v || v->len == 0 || v->len > 5)
        return -1;
    int n = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->s[i] < '0' || v->s[i] > '9')
            return -1;
        n = n * 10 + (v->s[i] - '0');
    }
    return n;
}

static bool code_matches(const crule *c, int code)
{
    if (c->nranges == 0)
        return true;
    for (unsigned i = 0; i < c->nranges; i++)
        if (code >= c->lo[i] && code <= c->hi[i])
            return true;
    return false;
}

/* One rule's value; false when it gives none. */
static bool eval(const ta_ctx *c, const ta_rule *r, sv *out)
{
    sv v;
    switch (r->op) {
    case OP_CONST:
        return text(r->a, out);
    case OP_CODEMAP:
        return text(map_code(r->map, c->code), out);
    case OP_FUNC:
        return r->fn(c, r, out);
    default:
        break;
    }
    if (!value(c, r->a, &v))
        return false;
    switch (r->op) {
    case OP_COPY:
        *out = v;
        return true;
    case OP_NODASH:
        *out = v;
        return !is_dash(&v);
    case OP_HOST:
        return host_like(v, out);
    case OP_LASTLINE:
        return last_line(v, out);
    case OP_FIRSTLINE: {
        const char *nl = memchr(v.s, '\n', v.len);
        if (!nl || nl == v.s || (nl - v.s == 1 && v.s[0] == '-'))
            return false;
        *out = (sv){ v.s, (size_t)(nl - v.s) };
        return true;
    }
    case OP_STRIPDOM: {
        const char *bs = memchr(v.s, '\\', v.len);
        if (bs && bs > v.s && bs + 1 < v.s + v.len)
            v = (sv){ bs + 1, (size_t)(v.s + v.len - bs - 1) };
        *out = v;
        return true;
    }
    case OP_BEFOREBS: {
        const char *bs = NULL;
        for (size_t i = v.len; i-- > 0 && !bs;)
            if (v.s[i] == '\\')
                bs = v.s + i;
        if (!bs || bs == v.s)
            return false;
        *out = (sv){ v.s, (size_t)(bs - v.s) };
        return true;
    }
    case OP_DOMPART: {
        const char *bs = memchr(v.s, '\\', v.len);
        if (!bs || bs == v.s)
            return false;
        *out = (sv){ v.s, (size_t)(bs - v.s) + 1 };
        return true;
    }
    case OP_NOTLOOP:
        if ((v.len >= 3 && memcmp(v.s, "::1", 3) == 0) ||
            (v.len >= 9 && memcmp(v.s, "127.0.0.1", 9) == 0))
            return false;
        *out = v;
        return true;
    case OP_LOWER: {
        char *s = scratch(c, v.len);
        for (size_t i = 0; i < v.len; i++)
            s[i] = (v.s[i] >= 'A' && v.s[i] <= 'Z') ? (char)(v.s[i] + 32) : v.s[i];
        *out = (sv){ s, v.len };
        return true;
    }
    case OP_BASENAME:
    case OP_BASENAME2:
        *out = basename_of(v, r->op == OP_BASENAME2);
        return out->len > 0;
    case OP_DIGITS: {
        size_t i = 0;
        while (i < v.len && !(v.s[i] >= '0' && v.s[i] <= '9'))
            i++;
        size_t j = i;
        while (j < v.len && v.s[j] >= '0' && v.s[j] <= '9')
            j++;
        if (i == 0 || j == i)
            return false;
        *out = (sv){ v.s + i, j - i };
        return true;
    }
    case OP_MAP:
        return text(map_key(r->map, &v), out);
    default:
        return false;
    }
}

void ta_windows_add(const ta_windows *ta, record *ev, bool classic)
{
    if (!ta || !ta->any)
        return;
    int src = source_of(ev);
    if (ta->norder[src] == 0)
        return;
    ta_ctx c = { ev, event_code(ev), classic };
    for (size_t k = 0; k < ta->norder[src]; k++) {
        size_t i = ta->order[src][k];
        const ta_field *f = &fields[i];
        size_t nl = strlen(f->name);
        if (f->mode == M_NEW && record_getn(ev, f->name, nl))
            continue;
        for (size_t j = ta->first[i]; j < ta->first[i + 1]; j++) {
            const crule *cr = &ta->rules[j];
            const ta_rule *r = cr->r;
            if (!(r->sources & (1u << src)) || !code_matches(cr, c.code) ||
                (r->only == ONLY_XML && classic) || (r->only == ONLY_CLASSIC && !classic))
                continue;
            if (r->op == OP_NONE) {
                if (f->mode == M_SET && record_getn(ev, f->name, nl))
                    record_remove(ev, f->name);
                break;
            }
            sv out;
            if (!eval(&c, r, &out) || out.len == 0)
                continue;
            if (!(f->nullif_dash && is_dash(&out)))
                record_setn(ev, f->name, nl, out.s, out.len);
            break;
        }
    }
}
