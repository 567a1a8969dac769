/* datamodel.c - the CIM mapping table behind tstats: for each data model dataset,
 * the event sources that feed it (channel + EventCode) and, per source, how each
 * CIM field is computed from the event's fields, following the Splunk Add-ons for
 * Windows and Sysmon. Extending to Endpoint.Registry or Endpoint.Filesystem means
 * adding one dm_source array per event type and one dm_dataset row; no code. */
#include "datamodel.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How a CIM field's value is computed from the event. */
typedef enum dm_op {
    DM_COPY,      /* the value of src as is */
    DM_BASENAME,  /* last component of the path in src (after the last \ or /) */
    DM_HEXNUM,    /* "0x1f4" -> "500" (4688 process ids); decimal values kept */
    DM_LEVEL,     /* integrity level: "High" / "Mandatory Label\High Mandatory Level" /
                     "S-1-16-12288" -> "high" */
    DM_USER,      /* src2 user joined with src domain as DOMAIN\user; nothing when the
                     user is missing or "-" */
    DM_CONST,     /* the literal src */
} dm_op;

/* One CIM field rule. Rules for the same CIM field are tried in order; the first
 * that yields a non-empty value wins, so alternates are just more rows. */
typedef struct dm_map {
    const char *cim;    /* field name without the object prefix, e.g. "process_name" */
    dm_op op;
    const char *src;    /* event field (or constant for DM_CONST; domain for DM_USER) */
    const char *src2;   /* user field for DM_USER, else NULL */
} dm_map;

/* One kind of event that feeds a dataset. */
typedef struct dm_source {
    const char *label;      /* human name, as in security_content data_sources */
    const char *channel;    /* Windows channel (matched on Channel or source suffix) */
    const char *event_code; /* EventCode value */
    const dm_map *maps;     /* ends with {NULL} */
} dm_source;

struct dm_dataset {
    const char *name;         /* "Endpoint.Processes" */
    const char *object;       /* "Processes": prefix of the CIM field names */
    const dm_source *sources; /* ends with {NULL} */
};

/* Fields every Windows source maps the same way. */
#define DM_DEST {"dest", DM_COPY, "dest", NULL}, {"dest", DM_COPY, "Computer", NULL}, \
    {"dest", DM_COPY, "ComputerName", NULL}

/* Sysmon event 1 (process creation): Splunk Add-on for Sysmon. */
static const dm_map sysmon_1[] = {
    DM_DEST,
    {"process", DM_COPY, "CommandLine", NULL},
    {"process_path", DM_COPY, "Image", NULL},
    {"process_name", DM_BASENAME, "Image", NULL},
    {"process_exec", DM_BASENAME, "Image", NULL},
    {"process_id", DM_COPY, "ProcessId", NULL},
    {"process_guid", DM_COPY, "ProcessGuid", NULL},
    {"process_current_directory", DM_COPY, "CurrentDirectory", NULL},
    {"process_integrity_level", DM_LEVEL, "IntegrityLevel", NULL},
    {"process_hash", DM_COPY, "Hashes", NULL},
    {"original_file_name", DM_COPY, "OriginalFileName", NULL},
    {"parent_process", DM_COPY, "ParentCommandLine", NULL},
    {"parent_process_path", DM_COPY, "ParentImage", NULL},
    {"parent_process_name", DM_BASENAME, "ParentImage", NULL},
    {"parent_process_exec", DM_BASENAME, "ParentImage", NULL},
    {"parent_process_id", DM_COPY, "ParentProcessId", NULL},
    {"parent_process_guid", DM_COPY, "ParentProcessGuid", NULL},
    {"user", DM_COPY, "User", NULL},
    {"user_id", DM_COPY, "UserID", NULL},
    {"vendor_product", DM_CONST, "Microsoft Sysmon", NULL},
    {NULL, DM_COPY, NULL, NULL},
};

/* Security 4688 (a new process has been created): Splunk Add-on for Windows.
 * Process ids are hex in this event; the user is the target account when the
 * process was started for another one, else the subject. */
static const dm_map security_4688[] = {
    DM_DEST,
    {"process", DM_COPY, "CommandLine", NULL},
    {"process", DM_COPY, "Process_Command_Line", NULL},
    {"process_path", DM_COPY, "NewProcessName", NULL},
    {"process_path", DM_COPY, "New_Process_Name", NULL},
    {"process_name", DM_BASENAME, "NewProcessName", NULL},
    {"process_name", DM_BASENAME, "New_Process_Name", NULL},
    {"process_exec", DM_BASENAME, "NewProcessName", NULL},
    {"process_id", DM_HEXNUM, "NewProcessId", NULL},
    {"process_id", DM_HEXNUM, "New_Process_ID", NULL},
    {"process_integrity_level", DM_LEVEL, "MandatoryLabel", NULL},
    {"parent_process_path", DM_COPY, "ParentProcessName", NULL},
    {"parent_process_path", DM_COPY, "Creator_Process_Name", NULL},
    {"parent_process_name", DM_BASENAME, "ParentProcessName", NULL},
    {"parent_process_name", DM_BASENAME, "Creator_Process_Name", NULL},
    {"parent_process_exec", DM_BASENAME, "ParentProcessName", NULL},
    {"parent_process_id", DM_HEXNUM, "ProcessId", NULL},
    {"parent_process_id", DM_HEXNUM, "Creator_Process_ID", NULL},
    {"user", DM_USER, "TargetDomainName", "TargetUserName"},
    {"user", DM_USER, "SubjectDomainName", "SubjectUserName"},
    {"user_id", DM_COPY, "SubjectUserSid", NULL},
    {"vendor_product", DM_CONST, "Microsoft Windows", NULL},
    {NULL, DM_COPY, NULL, NULL},
};

static const dm_source processes_sources[] = {
    {"Sysmon EventID 1", "Microsoft-Windows-Sysmon/Operational", "1", sysmon_1},
    {"Windows Event Log Security 4688", "Security", "4688", security_4688},
    {NULL, NULL, NULL, NULL},
};

/* The datasets. Next: {"Endpoint.Registry", "Registry", registry_sources} with
 * Sysmon 12/13/14 and Security 4657; {"Endpoint.Filesystem", "Filesystem", ...}
 * with Sysmon 11/23 and Security 4663. */
static const dm_dataset datasets[] = {
    {"Endpoint.Processes", "Processes", processes_sources},
};

static const char *const dataset_names[] = {"Endpoint.Processes", NULL};

/* Integrity levels as Windows writes them -> CIM values. */
static const struct {
    const char *in;   /* a name (after stripping "Mandatory Label\", " Mandatory Level") or SID */
    const char *cim;
} levels[] = {
    {"System", "system"}, {"S-1-16-16384", "system"}, {"High", "high"},
    {"S-1-16-12288", "high"}, {"Medium Plus", "medium"}, {"S-1-16-8448", "medium"},
    {"Medium", "medium"}, {"S-1-16-8192", "medium"}, {"Low", "low"},
    {"S-1-16-4096", "low"}, {"Untrusted", "untrusted"}, {"S-1-16-0", "untrusted"},
    {"Protected Process", "protected"}, {"S-1-16-20480", "protected"},
};

enum { DM_FIELD_MAX = 256 };   /* longest CIM field name with its prefix */

const dm_dataset *datamodel_find(const char *name)
{
    for (size_t i = 0; i < sizeof datasets / sizeof datasets[0]; i++)
        if (strcasecmp(datasets[i].name, name) == 0)
            return &datasets[i];
    return NULL;
}

const char *datamodel_object(const dm_dataset *ds)
{
    return ds->object;
}

const char *datamodel_name(const dm_dataset *ds)
{
    return ds->name;
}

const char *const *datamodel_names(void)
{
    return dataset_names;
}

static bool sv_eq(const sv *v, const char *s)
{
    size_t n = strlen(s);
    return v && v->len == n && strncasecmp(v->s, s, n) == 0;
}

/* Channel field equal to the channel, or a source ending in ":<channel>". */
static bool from_channel(const record *ev, const char *channel)
{
    if (sv_eq(record_value(ev, "Channel"), channel))
        return true;
    const sv *src = record_value(ev, "source");
    size_t n = strlen(channel);
    return src && src->len > n && src->s[src->len - n - 1] == ':' &&
           strncasecmp(src->s + src->len - n, channel, n) == 0;
}

static const sv *value_of(const record *ev, const char *name)
{
    const sv *v = record_value(ev, name);
    return v && v->len ? v : NULL;
}

/* Computes one rule into buf; returns the length, 0 when it yields nothing. */
static size_t apply(const dm_map *m, const record *ev, char *buf, size_t size, const char **out)
{
    const sv *v = m->op == DM_CONST ? NULL : value_of(ev, m->src);
    switch (m->op) {
    case DM_CONST:
        *out = m->src;
        return strlen(m->src);
    case DM_COPY:
        if (!v)
            return 0;
        *out = v->s;
        return v->len;
    case DM_BASENAME: {
        if (!v)
            return 0;
        size_t i = v->len;
        while (i > 0 && v->s[i - 1] != '\\' && v->s[i - 1] != '/')
            i--;
        *out = v->s + i;
        return v->len - i;
    }
    case DM_HEXNUM: {
        if (!v)
            return 0;
        *out = v->s;
        if (v->len < 3 || v->len > 18 || v->s[0] != '0' || (v->s[1] != 'x' && v->s[1] != 'X'))
            return v->len;
        unsigned long long n = 0;
        for (size_t i = 2; i < v->len; i++) {
            int c = (unsigned char)v->s[i];
            if (!isxdigit(c))
                return v->len;
            n = n * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
        }
        *out = buf;
        return (size_t)snprintf(buf, size, "%llu", n);
    }
    case DM_LEVEL: {
        if (!v)
            return 0;
        const char *s = v->s;
        size_t n = v->len;
        static const char pre[] = "Mandatory Label\\", suf[] = " Mandatory Level";
        if (n >= sizeof pre - 1 && strncasecmp(s, pre, sizeof pre - 1) == 0) {
            s += sizeof pre - 1;
            n -= sizeof pre - 1;
        }
        if (n >= sizeof suf - 1 && strncasecmp(s + n - (sizeof suf - 1), suf, sizeof suf - 1) == 0)
            n -= sizeof suf - 1;
        for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
            if (strlen(levels[i].in) == n && strncasecmp(levels[i].in, s, n) == 0) {
                *out = levels[i].cim;
                return strlen(levels[i].cim);
            }
        }
        size_t k = 0;
        for (; k < n && k + 1 < size; k++)
            buf[k] = (char)tolower((unsigned char)s[k]);
        *out = buf;
        return k;
    }
    case DM_USER: {
        const sv *u = value_of(ev, m->src2);
        if (!u || (u->len == 1 && u->s[0] == '-'))
            return 0;
        *out = u->s;
        if (!v || (v->len == 1 && v->s[0] == '-'))
            return u->len;
        int n = snprintf(buf, size, "%.*s\\%.*s", (int)v->len, v->s, (int)u->len, u->s);
        if (n < 0 || (size_t)n >= size)
            return u->len;   /* absurdly long names: keep the user alone */
        *out = buf;
        return (size_t)n;
    }
    }
    return 0;
}

bool datamodel_map(const dm_dataset *ds, const record *ev, record *out)
{
    const dm_source *src = NULL;
    const sv *code = record_value(ev, "EventCode");
    for (const dm_source *s = ds->sources; s->label && !src; s++)
        if (sv_eq(code, s->event_code) && from_channel(ev, s->channel))
            src = s;
    if (!src)
        return false;
    record_clear(out);
    static const char *const common[] = {"_time", "host", "source", "sourcetype"};
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        const field *f = record_get(ev, common[i]);
        if (f)
            record_set_mv(out, common[i], f->values, f->nvalues);
    }
    size_t olen = strlen(ds->object);
    for (const dm_map *m = src->maps; m->cim; m++) {
        char name[DM_FIELD_MAX];
        size_t clen = strlen(m->cim);
        if (olen + 1 + clen >= sizeof name)
            continue;
        memcpy(name, ds->object, olen);
        name[olen] = '.';
        memcpy(name + olen + 1, m->cim, clen + 1);
        if (record_get(out, name))
            continue;   /* an earlier rule already gave this field */
        char buf[1024];
        const char *val = NULL;
        size_t n = apply(m, ev, buf, sizeof buf, &val);
        if (n > 0)
            record_set(out, name, val, n);
    }
    return true;
}
