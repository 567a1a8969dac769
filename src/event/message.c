/* message.c - message templates and opcode names as data tables, and the classic
 * WinEventLog fields computed from them. Templates use %1..%9 for the event's
 * EventData values in order, as Windows message files do. */
#include "message.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* One message template. */
typedef struct msg_template {
    const char *provider;    /* System/Provider/@Name */
    const char *event_code;  /* EventID */
    const char *text;        /* %N: the Nth EventData value */
} msg_template;

static const msg_template templates[] = {
    {"Microsoft-Windows-IIS-W3SVC-WP", "2280",
     "The Module DLL %1 failed to load.  The data is the error."},
    {"Microsoft-Windows-IIS-W3SVC-WP", "2282",
     "The Module DLL %1 could not be loaded due to a configuration problem. The current "
     "configuration only supports loading images built for a %2 processor architecture. "
     "The data field contains the error number. To learn more about this issue, including "
     "how to troubleshooting this kind of processor architecture mismatch error, see "
     "http://go.microsoft.com/fwlink/?LinkId=29349."},
    {"Microsoft-IIS-Configuration", "29",
     "Changes to '%1' at '%2' have successfully been committed."},
    {"Microsoft-Windows-PowerShell", "4104",
     "Creating Scriptblock text (%1 of %2):\n%3\n\nScriptBlock ID: %4\nPath: %5"},
};

/* Opcode names: provider-specific rows first, then the standard winmeta ones
 * (provider NULL). */
static const struct {
    const char *provider;
    const char *code;
    const char *name;
} opcodes[] = {
    {"Microsoft-Windows-PowerShell", "15", "On create calls"},
    {"Microsoft-Windows-PowerShell", "20", "To be used when operation is just executing a method"},
    {NULL, "0", "Info"}, {NULL, "1", "Start"}, {NULL, "2", "Stop"},
    {NULL, "3", "DCStart"}, {NULL, "4", "DCStop"}, {NULL, "5", "Extension"},
    {NULL, "6", "Reply"}, {NULL, "7", "Resume"}, {NULL, "8", "Suspend"},
    {NULL, "9", "Send"}, {NULL, "240", "Receive"},
};

/* Fields of the System part and Splunk's field added by the add-on, which are not
 * insertion strings; every other field before Message is EventData. */
#define NI(s) { s, sizeof s - 1 }
static const struct { const char *name; size_t len; } not_inserts[] = {
    NI("_time"), NI("EventCode"), NI("EventID"), NI("Qualifiers"), NI("Name"), NI("Guid"),
    NI("EventSourceName"), NI("Version"), NI("Level"), NI("Task"), NI("Opcode"),
    NI("Keywords"), NI("SystemTime"), NI("EventRecordID"), NI("RecordNumber"),
    NI("ActivityID"), NI("RelatedActivityID"), NI("ProcessID"), NI("ThreadID"),
    NI("Channel"), NI("Computer"), NI("UserID"), NI("signature_id"), NI("event_id"), NI("id"),
    NI("vendor_product"), NI("Message"), NI("System_Props_Xml"), NI("EventData_Xml"),
    NI("UserData_Xml"), NI("source"), NI("sourcetype"), NI("host"), NI("dest"), NI("dvc"),
    NI("_raw"), NI("ComputerName"), NI("user_id"), NI("OpCode"),
};
#undef NI

enum { MSG_MAX = 16384, INS_MAX = 32 };

static bool sv_is(const sv *v, const char *s)
{
    return v && v->len == strlen(s) && strncasecmp(v->s, s, v->len) == 0;
}

/* The template of (provider, event code), NULL for the many events without one. */
static const char *find_template(const sv *provider, const sv *event_code)
{
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
        if (sv_is(provider, templates[i].provider) &&
            event_code->len == strlen(templates[i].event_code) &&
            memcmp(event_code->s, templates[i].event_code, event_code->len) == 0)
            return templates[i].text;
    return NULL;
}

/* Fills text's %1..%9 with ins[0..n) into out (NUL-terminated, truncated to size). */
static size_t render(const char *text, const sv *ins, size_t n, char *out, size_t size)
{
    size_t len = 0;
    for (const char *p = text; *p && len + 1 < size; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            size_t k = (size_t)(p[1] - '1');
            p++;
            if (k >= n)
                continue;
            size_t m = ins[k].len < size - 1 - len ? ins[k].len : size - 1 - len;
            memcpy(out + len, ins[k].s, m);
            len += m;
            continue;
        }
        out[len++] = *p;
    }
    out[len] = '\0';
    return len;
}

static bool is_insert(const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof not_inserts / sizeof not_inserts[0]; i++)
        if (not_inserts[i].len == len && not_inserts[i].name[0] == name[0] &&
            memcmp(not_inserts[i].name, name, len) == 0)
            return false;
    return true;
}

void message_add_classic(record *ev)
{
    const sv *computer = record_value(ev, "Computer");
    if (computer && !record_get(ev, "ComputerName"))
        record_set(ev, "ComputerName", computer->s, computer->len);
    const sv *uid = record_value(ev, "UserID");
    if (uid && !record_get(ev, "user_id"))
        record_set(ev, "user_id", uid->s, uid->len);
    const sv *prov = record_value(ev, "Name");
    const sv *op = record_value(ev, "Opcode");
    if (op && !record_get(ev, "OpCode")) {
        const char *name = NULL;
        for (size_t i = 0; i < sizeof opcodes / sizeof opcodes[0] && !name; i++)
            if ((!opcodes[i].provider || sv_is(prov, opcodes[i].provider)) &&
                sv_is(op, opcodes[i].code))
                name = opcodes[i].name;
        if (name)
            record_set(ev, "OpCode", name, strlen(name));
        else
            record_set(ev, "OpCode", op->s, op->len);
    }
    const sv *code = record_value(ev, "EventCode");
    if (record_get(ev, "Message") || !prov || !code)
        return;
    /* Most events have no template: look it up before gathering insertion strings. */
    const char *text = find_template(prov, code);
    if (!text)
        return;
    /* Insertion strings: EventData values in record order (Data then Binary). */
    sv ins[INS_MAX];
    size_t n = 0;
    for (size_t i = 0; i < ev->nfields && n < INS_MAX; i++) {
        const field *f = &ev->fields[i];
        if (f->nvalues == 0 || !is_insert(f->name) || strcmp(f->name, "Binary") == 0)
            continue;
        for (uint32_t k = 0; k < f->nvalues && n < INS_MAX; k++)
            ins[n++] = f->values[k];
    }
    char out[MSG_MAX];
    size_t len = render(text, ins, n, out, sizeof out);
    if (len)
        record_set(ev, "Message", out, len);
}
