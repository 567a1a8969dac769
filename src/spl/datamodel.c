/* datamodel.c - the CIM mapping table behind tstats and `datamodel`: per dataset,
 * the event sources the Splunk add-ons tag for it (channel + EventCodes), its CIM
 * fields, the CIM model's calculated fields, and child datasets with their
 * constraints (Authentication.Failed_Authentication: action=failure, ...).
 *
 * A CIM field is the event's field of the same name, as ta_windows.c computes it
 * (the add-ons' job in Splunk); a source's override rows say where it differs.
 * The calculations follow the CIM model definitions (Splunk_SA_CIM
 * default/data/models/<Model>.json): most recommended fields missing from an event
 * become "unknown", ports 0, process_name is taken from the command line. */
#include "datamodel.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How an override computes a CIM field from the event. */
typedef enum dm_op {
    DM_COPY,      /* the value of src as is */
    DM_BASENAME,  /* last component of the path in src (after the last \ or /) */
    DM_HEXNUM,    /* "0x1f4" -> "500" (4688 process ids); other values kept */
    DM_LEVEL,     /* integrity level: "High" / "Mandatory Label\High Mandatory Level" /
                     "S-1-16-12288" -> "high" */
    DM_CONST,     /* the literal src */
} dm_op;

/* One override. Rows for the same CIM field are alternates; the first that gives a
 * value wins, else the event's field of the CIM name. */
typedef struct dm_map {
    const char *cim;    /* field name without the object prefix, e.g. "process_id" */
    dm_op op;
    const char *src;    /* event field (the text for DM_CONST) */
} dm_map;

/* One kind of event that feeds a model's root dataset. */
typedef struct dm_source {
    const char *label;      /* human name, as in security_content data_sources */
    const char *channel;    /* Windows channel (matched on Channel or source suffix) */
    const char *codes;      /* EventCodes: "12-14,4657" */
    const char *tags;       /* the add-on's tags child datasets select on ("account") */
    const dm_map *maps;     /* overrides, ending with {NULL}; NULL: none */
} dm_source;

/* The CIM model's calculated fields (its Eval calculations), in order. */
typedef enum dm_calc_kind {
    C_UNKNOWN,     /* if(isnull(f) OR f="","unknown",f) */
    C_ZERO,        /* if(isnum(f),f,0) */
    C_LOWER,       /* lower(f) (Processes' base search) */
    C_TRANSPORT,   /* lower(f), "unknown" when missing */
    C_NAME,        /* process_name from process, parent_process_name from parent_process */
    C_SOURCETYPE,  /* Authentication app: sourcetype when missing */
    C_RESULT,      /* result: signature when missing, else "unknown" */
    C_RESULT_ID,   /* result_id: signature_id when missing, else -1 */
    C_VENDOR,      /* vendor_product: vendor " " product, else sourcetype */
    C_COUNT,       /* query_count/answer_count: the number of values of from, else 1 */
    C_REPLY_ID,    /* reply_code_id: reply_code when missing, else "unknown" */
    C_REPLY,       /* reply_code from reply_code_id (cim_dns_reply_code_lookup) */
} dm_calc_kind;

typedef struct dm_calc {
    const char *field;
    dm_calc_kind kind;
    const char *from;       /* C_NAME, C_COUNT: the field it is computed from */
} dm_calc;

/* A child dataset's constraint on the mapped fields, or its source tag. */
typedef struct dm_constraint {
    const char *tag;        /* the source must carry this tag; NULL: no tag */
    const char *field;      /* this CIM field ... */
    const char *values;     /* ... has one of these values ("created|deleted"); NULL: any */
    const char *field2;     /* or this field has one of them (Failed_Authentication's result) */
} dm_constraint;

struct dm_dataset {
    const char *name;           /* "Change.Account_Management" */
    const char *object;         /* "All_Changes": prefix of every field name */
    const char *node;           /* nodename: "All_Changes.Account_Management" */
    int parent;                 /* index in datasets[], -1 for a root */
    bool bare;                  /* the model's name alone finds this (root) dataset */
    const char *const *fields;  /* root: CIM fields taken from the event */
    const dm_calc *calcs;       /* root: calculations, ending with {NULL} */
    const dm_source *sources;   /* root: ending with {NULL} */
    dm_constraint keep;         /* child: what an event of the root must satisfy */
};

/* ---- sources ---- */

#define SYSMON "Microsoft-Windows-Sysmon/Operational"
#define LINUX_SYSMON "Linux-Sysmon/Operational"
#define END_MAP { NULL, DM_COPY, NULL }
#define END_SOURCE { NULL, NULL, NULL, NULL, NULL }

/* Security 4688: process ids in decimal (the model's process_id is a number; the
 * event writes them in hex), the integrity level from the mandatory label, and
 * the classic text's names. */
static const dm_map security_4688[] = {
    { "process_id", DM_HEXNUM, "NewProcessId" },
    { "process_id", DM_HEXNUM, "New_Process_ID" },
    { "parent_process_id", DM_HEXNUM, "ProcessId" },
    { "parent_process_id", DM_HEXNUM, "Creator_Process_ID" },
    { "process_integrity_level", DM_LEVEL, "MandatoryLabel" },
    { "process_integrity_level", DM_LEVEL, "Mandatory_Label" },
    { "process", DM_COPY, "Process_Command_Line" },
    { "process_path", DM_COPY, "New_Process_Name" },
    { "process_name", DM_BASENAME, "New_Process_Name" },
    { "process_exec", DM_BASENAME, "New_Process_Name" },
    { "parent_process_path", DM_COPY, "Creator_Process_Name" },
    { "parent_process_name", DM_BASENAME, "Creator_Process_Name" },
    { "dest", DM_COPY, "ComputerName" },
    END_MAP,
};

/* Sysmon 1: the integrity level as the model's lower-case names. */
static const dm_map sysmon_1[] = {
    { "process_integrity_level", DM_LEVEL, "IntegrityLevel" },
    END_MAP,
};

static const dm_source processes_sources[] = {
    { "Sysmon EventID 1", SYSMON, "1", NULL, sysmon_1 },
    { "Sysmon for Linux EventID 1", LINUX_SYSMON, "1", NULL, NULL },
    { "Windows Event Log Security 4688", "Security", "4688", NULL, security_4688 },
    END_SOURCE,
};

static const dm_source filesystem_sources[] = {
    { "Sysmon EventID 11", SYSMON, "11", NULL, NULL },
    { "Sysmon EventID 23", SYSMON, "23", NULL, NULL },
    { "Sysmon EventID 26", SYSMON, "26", NULL, NULL },
    { "Sysmon for Linux EventID 11", LINUX_SYSMON, "11", NULL, NULL },
    { "Windows Event Log Security 4663", "Security", "4663", NULL, NULL },
    END_SOURCE,
};

static const dm_source registry_sources[] = {
    { "Sysmon EventID 12, 13, 14", SYSMON, "12-14", NULL, NULL },
    { "Windows Event Log Security 4657", "Security", "4657", NULL, NULL },
    END_SOURCE,
};

static const dm_source services_sources[] = {
    { "Windows Event Log System 7045", "System", "7045", NULL, NULL },
    { "Windows Event Log Security 4697", "Security", "4697", NULL, NULL },
    END_SOURCE,
};

static const dm_source traffic_sources[] = {
    { "Sysmon EventID 3", SYSMON, "3", NULL, NULL },
    { "Windows Event Log Security 5156, 5157", "Security", "5156-5157", NULL, NULL },
    END_SOURCE,
};

static const dm_source dns_sources[] = {
    { "Sysmon EventID 22", SYSMON, "22", NULL, NULL },
    END_SOURCE,
};

static const dm_source authentication_sources[] = {
    { "Windows Event Log Security 4624, 4625, 4648, 4768, 4769, 4771, 4776", "Security",
      "4624-4625,4648,4768-4769,4771,4776", NULL, NULL },
    END_SOURCE,
};

static const dm_source change_sources[] = {
    { "Windows Event Log Security account management", "Security",
      "4720,4722-4735,4737-4744,4750,4753-4758,4764-4767,4780-4781,4794", "account", NULL },
    { "Windows Event Log Security audit changes", "Security", "1100,1102,4719", "audit", NULL },
    { "Windows Event Log Security user rights and policy", "Security", "4703-4705,4739",
      NULL, NULL },
    END_SOURCE,
};

/* ---- fields and calculations (CIM) ---- */

#define PROCESS_FIELDS "process", "process_exec", "process_guid", "process_id", \
    "process_name", "process_path", "parent_process", "parent_process_exec", \
    "parent_process_guid", "parent_process_id", "parent_process_name", "parent_process_path"

static const char *const processes_fields[] = {
    "action", "dest", "original_file_name", "os", PROCESS_FIELDS, "process_current_directory",
    "process_hash", "process_integrity_level", "parent_user", "loaded_file", "user", "user_id",
    "vendor_product", NULL,
};
static const dm_calc processes_calcs[] = {
    { "process_integrity_level", C_LOWER, NULL }, { "dest", C_UNKNOWN, NULL },
    { "loaded_file", C_UNKNOWN, NULL }, { "original_file_name", C_UNKNOWN, NULL },
    { "parent_process", C_UNKNOWN, NULL }, { "parent_process_name", C_NAME, "parent_process" },
    { "parent_user", C_UNKNOWN, NULL }, { "process", C_UNKNOWN, NULL },
    { "process_name", C_NAME, "process" }, { "user", C_UNKNOWN, NULL },
    { "vendor_product", C_VENDOR, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const filesystem_fields[] = {
    "action", "dest", "file_access_time", "file_acl", "file_create_time", "file_hash",
    "file_modify_time", "file_name", "file_path", "file_size", PROCESS_FIELDS, "user",
    "vendor_product", NULL,
};
static const dm_calc filesystem_calcs[] = {
    { "action", C_UNKNOWN, NULL }, { "dest", C_UNKNOWN, NULL }, { "file_hash", C_UNKNOWN, NULL },
    { "file_name", C_UNKNOWN, NULL }, { "file_path", C_UNKNOWN, NULL },
    { "file_acl", C_UNKNOWN, NULL }, { "parent_process", C_UNKNOWN, NULL },
    { "parent_process_name", C_NAME, "parent_process" }, { "process", C_UNKNOWN, NULL },
    { "process_name", C_NAME, "process" }, { "user", C_UNKNOWN, NULL },
    { "vendor_product", C_VENDOR, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const registry_fields[] = {
    "action", "dest", PROCESS_FIELDS, "registry_hive", "registry_key_name", "registry_path",
    "registry_value_data", "registry_value_name", "registry_value_text", "registry_value_type",
    "status", "user", "vendor_product", NULL,
};
static const dm_calc registry_calcs[] = {
    { "action", C_UNKNOWN, NULL }, { "dest", C_UNKNOWN, NULL },
    { "parent_process", C_UNKNOWN, NULL }, { "parent_process_name", C_NAME, "parent_process" },
    { "process", C_UNKNOWN, NULL }, { "process_name", C_NAME, "process" },
    { "registry_path", C_UNKNOWN, NULL }, { "registry_key_name", C_UNKNOWN, NULL },
    { "registry_value_data", C_UNKNOWN, NULL }, { "registry_value_name", C_UNKNOWN, NULL },
    { "registry_value_type", C_UNKNOWN, NULL }, { "user", C_UNKNOWN, NULL },
    { "vendor_product", C_VENDOR, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const services_fields[] = {
    "dest", "description", "process_guid", "process_id", "service", "service_dll",
    "service_dll_path", "service_exec", "service_hash", "service_id", "service_name",
    "service_path", "start_mode", "status", "user", "vendor_product", NULL,
};
static const dm_calc services_calcs[] = {
    { "dest", C_UNKNOWN, NULL }, { "service", C_UNKNOWN, NULL },
    { "service_name", C_UNKNOWN, NULL }, { "service_id", C_UNKNOWN, NULL },
    { "start_mode", C_UNKNOWN, NULL }, { "status", C_UNKNOWN, NULL },
    { "user", C_UNKNOWN, NULL }, { "vendor_product", C_VENDOR, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const traffic_fields[] = {
    "action", "app", "bytes", "bytes_in", "bytes_out", "dest", "dest_ip", "dest_port",
    "direction", "dvc", "packets", "packets_in", "packets_out", "process_id", "protocol",
    "protocol_version", "rule", "src", "src_ip", "src_port", "transport", "user",
    "vendor_product", NULL,
};
static const dm_calc traffic_calcs[] = {
    { "action", C_UNKNOWN, NULL }, { "dest", C_UNKNOWN, NULL }, { "dest_port", C_ZERO, NULL },
    { "dvc", C_UNKNOWN, NULL }, { "rule", C_UNKNOWN, NULL }, { "src", C_UNKNOWN, NULL },
    { "src_port", C_ZERO, NULL }, { "transport", C_TRANSPORT, NULL }, { "user", C_UNKNOWN, NULL },
    { "vendor_product", C_VENDOR, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const dns_fields[] = {
    "answer", "answer_count", "dest", "message_type", "query", "query_count", "query_type",
    "record_type", "reply_code", "reply_code_id", "src", "transaction_id", "ttl",
    "vendor_product", NULL,
};
static const dm_calc dns_calcs[] = {
    { "answer", C_UNKNOWN, NULL }, { "answer_count", C_COUNT, "answer" },
    { "dest", C_UNKNOWN, NULL }, { "message_type", C_UNKNOWN, NULL },
    { "query", C_UNKNOWN, NULL }, { "query_count", C_COUNT, "query" },
    { "reply_code_id", C_REPLY_ID, NULL }, { "reply_code", C_REPLY, NULL },
    { "vendor_product", C_VENDOR, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const authentication_fields[] = {
    "action", "app", "authentication_method", "dest", "dest_nt_domain", "duration",
    "process", "reason", "reason_id", "result", "session_id", "signature", "signature_id",
    "src", "src_nt_domain", "src_user", "src_user_id", "user", "user_id", "vendor_product",
    NULL,
};
static const dm_calc authentication_calcs[] = {
    { "action", C_UNKNOWN, NULL }, { "app", C_SOURCETYPE, NULL }, { "src", C_UNKNOWN, NULL },
    { "src_user", C_UNKNOWN, NULL }, { "dest", C_UNKNOWN, NULL }, { "user", C_UNKNOWN, NULL },
    { "result", C_UNKNOWN, NULL }, { NULL, C_UNKNOWN, NULL },
};

static const char *const change_fields[] = {
    "action", "change_type", "command", "dest", "dest_nt_domain", "dvc", "object",
    "object_attrs", "object_category", "object_id", "object_path", "result", "result_id",
    "src", "src_nt_domain", "src_user", "src_user_name", "status", "user", "user_name",
    "user_type", "vendor_product", NULL,
};
static const dm_calc change_calcs[] = {
    { "command", C_UNKNOWN, NULL }, { "dest", C_UNKNOWN, NULL }, { "dvc", C_UNKNOWN, NULL },
    { "object", C_UNKNOWN, NULL }, { "object_attrs", C_UNKNOWN, NULL },
    { "object_category", C_UNKNOWN, NULL }, { "object_id", C_UNKNOWN, NULL },
    { "object_path", C_UNKNOWN, NULL }, { "status", C_UNKNOWN, NULL },
    { "result", C_RESULT, NULL }, { "result_id", C_RESULT_ID, NULL },
    { "src", C_UNKNOWN, NULL }, { "user", C_UNKNOWN, NULL }, { "user_name", C_UNKNOWN, NULL },
    { "vendor_product", C_VENDOR, NULL }, { "action", C_UNKNOWN, NULL },
    /* Account_Management's calculations, on the same fields */
    { "dest_nt_domain", C_UNKNOWN, NULL }, { "src_nt_domain", C_UNKNOWN, NULL },
    { "src_user", C_UNKNOWN, NULL }, { "src_user_name", C_UNKNOWN, NULL },
    { NULL, C_UNKNOWN, NULL },
};

/* ---- the datasets; ORDER: a child after its parent (parent is an index) ---- */

#define ROOT(name, object, bare, f, c, s) { name, object, object, -1, bare, f, c, s, { 0 } }
#define CHILD(name, object, node, parent, tag, field, values, field2) \
    { name, object, node, parent, false, NULL, NULL, NULL, { tag, field, values, field2 } }

static const dm_dataset datasets[] = {
    /* 0 */ ROOT("Endpoint.Processes", "Processes", false, processes_fields, processes_calcs,
                 processes_sources),
    /* 1 */ ROOT("Endpoint.Filesystem", "Filesystem", false, filesystem_fields, filesystem_calcs,
                 filesystem_sources),
    /* 2 */ ROOT("Endpoint.Registry", "Registry", false, registry_fields, registry_calcs,
                 registry_sources),
    /* 3 */ ROOT("Endpoint.Services", "Services", false, services_fields, services_calcs,
                 services_sources),
    /* 4 */ ROOT("Network_Traffic.All_Traffic", "All_Traffic", true, traffic_fields,
                 traffic_calcs, traffic_sources),
    /* 5 */ CHILD("Network_Traffic.Traffic_By_Action", "All_Traffic",
                  "All_Traffic.Traffic_By_Action", 4, NULL, "action", NULL, NULL),
    /* 6 */ CHILD("Network_Traffic.Allowed_Traffic", "All_Traffic",
                  "All_Traffic.Traffic_By_Action.Allowed_Traffic", 5, NULL, "action", "allowed",
                  NULL),
    /* 7 */ CHILD("Network_Traffic.Blocked_Traffic", "All_Traffic",
                  "All_Traffic.Traffic_By_Action.Blocked_Traffic", 5, NULL, "action", "blocked",
                  NULL),
    /* 8 */ ROOT("Network_Resolution.DNS", "DNS", true, dns_fields, dns_calcs, dns_sources),
    /* 9 */ ROOT("Authentication.Authentication", "Authentication", true, authentication_fields,
                 authentication_calcs, authentication_sources),
    /* 10 */ CHILD("Authentication.Failed_Authentication", "Authentication",
                   "Authentication.Failed_Authentication", 9, NULL, "action", "failure", "result"),
    /* 11 */ CHILD("Authentication.Successful_Authentication", "Authentication",
                   "Authentication.Successful_Authentication", 9, NULL, "action", "success",
                   "result"),
    /* 12 */ ROOT("Change.All_Changes", "All_Changes", true, change_fields, change_calcs,
                  change_sources),
    /* 13 */ CHILD("Change.Account_Management", "All_Changes",
                   "All_Changes.Account_Management", 12, "account", NULL, NULL, NULL),
    /* 14 */ CHILD("Change.Accounts_Created", "All_Changes",
                   "All_Changes.Account_Management.Accounts_Created", 13, NULL, "action",
                   "created", NULL),
    /* 15 */ CHILD("Change.Accounts_Deleted", "All_Changes",
                   "All_Changes.Account_Management.Accounts_Deleted", 13, NULL, "action",
                   "deleted", NULL),
    /* 16 */ CHILD("Change.Account_Lockouts", "All_Changes",
                   "All_Changes.Account_Management.Account_Lockouts", 13, NULL, "result",
                   "lockout", NULL),
    /* 17 */ CHILD("Change.Accounts_Updated", "All_Changes",
                   "All_Changes.Account_Management.Accounts_Updated", 13, NULL, "action",
                   "updated|modified", NULL),
    /* 18 */ CHILD("Change.Auditing_Changes", "All_Changes", "All_Changes.Auditing_Changes", 12,
                   "audit", NULL, NULL, NULL),
};

#define NDATASETS (sizeof datasets / sizeof datasets[0])

/* The root datasets (their children are in docs/datamodels.md). */
static const char *const dataset_names[] = {
    "Endpoint.Processes", "Endpoint.Filesystem", "Endpoint.Registry", "Endpoint.Services",
    "Network_Traffic.All_Traffic", "Network_Resolution.DNS", "Authentication.Authentication",
    "Change.All_Changes", NULL,
};

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

/* cim_dns_reply_code_lookup: DNS RCODEs (IANA) by number. */
static const char *const reply_codes[] = {
    "NoError", "FormErr", "ServFail", "NXDomain", "NotImp", "Refused", "YXDomain", "YXRRSet",
    "NXRRSet", "NotAuth", "NotZone",
};

enum { DM_FIELD_MAX = 256 };   /* longest CIM field name with its prefix */

/* A dataset's root (itself for a root). */
static const dm_dataset *root_of(const dm_dataset *ds)
{
    while (ds->parent >= 0)
        ds = &datasets[ds->parent];
    return ds;
}

const dm_dataset *datamodel_find(const char *name)
{
    for (size_t i = 0; i < NDATASETS; i++)
        if (strcasecmp(datasets[i].name, name) == 0)
            return &datasets[i];
    /* A bare model name: its single root dataset. */
    for (size_t i = 0; i < NDATASETS; i++) {
        const char *dot = strchr(datasets[i].name, '.');
        size_t n = (size_t)(dot - datasets[i].name);
        if (datasets[i].bare && strlen(name) == n && strncasecmp(datasets[i].name, name, n) == 0)
            return &datasets[i];
    }
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

/* The EventCode in a list like "4624-4625,4648". */
static bool code_in(const sv *code, const char *list)
{
    if (!code || code->len == 0 || code->len > 5)
        return false;
    unsigned long c = 0;
    for (size_t i = 0; i < code->len; i++) {
        if (!isdigit((unsigned char)code->s[i]))
            return false;
        c = c * 10 + (unsigned long)(code->s[i] - '0');
    }
    for (const char *p = list; *p;) {
        char *end;
        unsigned long lo = strtoul(p, &end, 10), hi = lo;
        if (*end == '-')
            hi = strtoul(end + 1, &end, 10);
        if (c >= lo && c <= hi)
            return true;
        if (*end != ',')
            break;
        p = end + 1;
    }
    return false;
}

static const sv *value_of(const record *ev, const char *name)
{
    const sv *v = record_value(ev, name);
    return v && v->len ? v : NULL;
}

/* Computes one override into buf; returns the length, 0 when it yields nothing. */
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
    }
    return 0;
}

/* "<object>.<field>" into name; false when too long. */
static bool cim_name(const char *object, const char *cim, char *name, size_t size)
{
    int n = snprintf(name, size, "%s.%s", object, cim);
    return n > 0 && (size_t)n < size;
}

static const sv *out_value(const record *out, const char *object, const char *cim)
{
    char name[DM_FIELD_MAX];
    if (!cim_name(object, cim, name, sizeof name))
        return NULL;
    return value_of(out, name);
}

static void out_set(record *out, const char *object, const char *cim, const char *v, size_t n)
{
    char name[DM_FIELD_MAX];
    if (cim_name(object, cim, name, sizeof name))
        record_set(out, name, v, n);
}

static bool is_number(const sv *v)
{
    if (!v || v->len == 0 || v->len > 64)
        return false;
    char buf[72];
    memcpy(buf, v->s, v->len);
    buf[v->len] = '\0';
    char *end;
    strtod(buf, &end);
    return *end == '\0' && end != buf;
}

/* The CIM's process_name from a command line: the name inside a leading quoted
 * path, else the last path component before a space (its two regexes). */
static bool name_from_command(const sv *cmd, sv *name)
{
    const char *s = cmd->s, *e = cmd->s + cmd->len;
    const char *p = s;
    while (p < e && isspace((unsigned char)*p))
        p++;
    if (p < e && *p == '"') {
        const char *close = memchr(p + 1, '"', (size_t)(e - p - 1));
        if (close && close > p + 2) {
            const char *bs = NULL;
            for (const char *q = close - 1; q > p + 1 && !bs; q--)
                if (*q == '\\')
                    bs = q;
            if (bs && bs + 1 < close) {
                *name = (sv){ bs + 1, (size_t)(close - bs - 1) };
                return true;
            }
        }
    }
    /* ^(?:..*\\)?([^\s"]+)(?=\s|$): the longest prefix ending in a backslash after
     * which a token of non-space, non-quote bytes runs to a space or the end. */
    for (const char *q = e; q > s + 1; q--) {
        if (q[-1] != '\\')
            continue;
        const char *t = q;
        while (t < e && !isspace((unsigned char)*t) && *t != '"')
            t++;
        if (t > q && (t == e || isspace((unsigned char)*t))) {
            *name = (sv){ q, (size_t)(t - q) };
            return true;
        }
    }
    const char *t = s;
    while (t < e && !isspace((unsigned char)*t) && *t != '"')
        t++;
    if (t > s && (t == e || isspace((unsigned char)*t))) {
        *name = (sv){ s, (size_t)(t - s) };
        return true;
    }
    return false;
}

/* Applies the root dataset's calculations to the mapped fields. */
static void calculate(const dm_dataset *root, const record *ev, record *out)
{
    const char *o = root->object;
    for (const dm_calc *c = root->calcs; c->field; c++) {
        const sv *v = out_value(out, o, c->field);
        switch (c->kind) {
        case C_UNKNOWN:
            if (!v)
                out_set(out, o, c->field, "unknown", 7);
            break;
        case C_ZERO:
            if (!is_number(v))
                out_set(out, o, c->field, "0", 1);
            break;
        case C_LOWER:
        case C_TRANSPORT: {
            if (!v) {
                if (c->kind == C_TRANSPORT)
                    out_set(out, o, c->field, "unknown", 7);
                break;
            }
            char buf[256];
            size_t n = v->len < sizeof buf ? v->len : sizeof buf - 1;
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)tolower((unsigned char)v->s[i]);
            out_set(out, o, c->field, buf, n);
            break;
        }
        case C_NAME: {
            if (v)
                break;
            const sv *cmd = out_value(out, o, c->from);
            sv name;
            if (cmd && strcmp(cmd->s, "unknown") != 0 && name_from_command(cmd, &name))
                out_set(out, o, c->field, name.s, name.len);
            else
                out_set(out, o, c->field, "unknown", 7);
            break;
        }
        case C_SOURCETYPE:
            if (!v) {
                const sv *st = value_of(ev, "sourcetype");
                if (st)
                    out_set(out, o, c->field, st->s, st->len);
            }
            break;
        case C_RESULT:
        case C_RESULT_ID: {
            if (v)
                break;
            const sv *sig = value_of(ev, c->kind == C_RESULT ? "signature" : "signature_id");
            if (sig)
                out_set(out, o, c->field, sig->s, sig->len);
            else if (c->kind == C_RESULT)
                out_set(out, o, c->field, "unknown", 7);
            else
                out_set(out, o, c->field, "-1", 2);
            break;
        }
        case C_VENDOR: {
            if (v)
                break;
            const sv *ve = value_of(ev, "vendor"), *pr = value_of(ev, "product");
            if (ve && pr) {
                char buf[256];
                int n = snprintf(buf, sizeof buf, "%.*s %.*s", (int)ve->len, ve->s,
                                 (int)pr->len, pr->s);
                if (n > 0)
                    out_set(out, o, c->field, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
            } else {
                const sv *st = value_of(ev, "sourcetype");
                if (st)
                    out_set(out, o, c->field, st->s, st->len);
                else
                    out_set(out, o, c->field, "unknown", 7);
            }
            break;
        }
        case C_COUNT: {
            if (is_number(v))
                break;
            char name[DM_FIELD_MAX], buf[24];
            const field *f = cim_name(o, c->from, name, sizeof name) ? record_get(out, name) : NULL;
            unsigned n = f && f->nvalues ? f->nvalues : 1;
            int len = snprintf(buf, sizeof buf, "%u", n);
            out_set(out, o, c->field, buf, (size_t)len);
            break;
        }
        case C_REPLY_ID:
            if (!v) {
                const sv *rc = out_value(out, o, "reply_code");
                if (rc)
                    out_set(out, o, c->field, rc->s, rc->len);
                else
                    out_set(out, o, c->field, "unknown", 7);
            }
            break;
        case C_REPLY:
            if (!v) {
                const sv *id = out_value(out, o, "reply_code_id");
                if (id && id->len <= 2 && is_number(id)) {
                    unsigned long k = strtoul(id->s, NULL, 10);
                    if (k < sizeof reply_codes / sizeof reply_codes[0])
                        out_set(out, o, c->field, reply_codes[k], strlen(reply_codes[k]));
                }
            }
            break;
        }
    }
}

/* A child's constraint on the mapped event of its root's source src. */
static bool keeps(const dm_dataset *d, const dm_source *src, const record *out)
{
    const dm_constraint *k = &d->keep;
    if (k->tag) {
        const char *t = src->tags ? strstr(src->tags, k->tag) : NULL;
        size_t n = strlen(k->tag);
        if (!t || (t > src->tags && t[-1] != ' ') || (t[n] && t[n] != ' '))
            return false;
    }
    if (!k->field)
        return true;
    const char *fields[2] = { k->field, k->field2 };
    for (int i = 0; i < 2; i++) {
        if (!fields[i])
            continue;
        const sv *v = out_value(out, d->object, fields[i]);
        if (!v)
            continue;
        if (!k->values)
            return true;
        for (const char *p = k->values; *p;) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            if (v->len == n && strncasecmp(v->s, p, n) == 0)
                return true;
            p += n + (bar ? 1 : 0);
        }
    }
    return false;
}

/* True when the dataset at index i holds the event (its ancestors too). */
static bool member(size_t i, const dm_source *src, const record *out, int depth)
{
    const dm_dataset *d = &datasets[i];
    if (d->parent < 0)
        return true;
    if (depth > (int)NDATASETS)
        return false;
    return member((size_t)d->parent, src, out, depth + 1) && keeps(d, src, out);
}

/* Authentication's constraint: NOT (action=success user=*$) - a computer
 * account's successful logon is not in the model. */
static bool excluded(const dm_dataset *root, const record *out)
{
    if (strcmp(root->object, "Authentication") != 0)
        return false;
    const sv *a = out_value(out, root->object, "action");
    const sv *u = out_value(out, root->object, "user");
    return a && sv_eq(a, "success") && u && u->len && u->s[u->len - 1] == '$';
}

bool datamodel_map(const dm_dataset *ds, const record *ev, record *out)
{
    const dm_dataset *root = root_of(ds);
    const dm_source *src = NULL;
    const sv *code = record_value(ev, "EventCode");
    for (const dm_source *s = root->sources; s->label && !src; s++)
        if (code_in(code, s->codes) && from_channel(ev, s->channel))
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
    for (const char *const *fp = root->fields; *fp; fp++) {
        char name[DM_FIELD_MAX];
        if (!cim_name(root->object, *fp, name, sizeof name))
            continue;
        bool done = false;
        for (const dm_map *m = src->maps; m && m->cim && !done; m++) {
            if (strcmp(m->cim, *fp) != 0)
                continue;
            char buf[1024];
            const char *val = NULL;
            size_t n = apply(m, ev, buf, sizeof buf, &val);
            if (n > 0) {
                record_set(out, name, val, n);
                done = true;
            }
        }
        if (done)
            continue;
        const field *f = record_get(ev, *fp);
        if (f && f->nvalues && f->values[0].len)
            record_set_mv(out, name, f->values, f->nvalues);
    }
    calculate(root, ev, out);
    if (excluded(root, out))
        return false;
    size_t self = (size_t)(ds - datasets);
    bool in = false;
    for (size_t i = 0; i < NDATASETS; i++) {
        if (root_of(&datasets[i]) != root || !member(i, src, out, 0))
            continue;
        record_add(out, "nodename", datasets[i].node, strlen(datasets[i].node));
        if (i == self)
            in = true;
    }
    return in;
}

void datamodel_reads(const dm_dataset *ds, projection *proj)
{
    const dm_dataset *root = root_of(ds);
    static const char *const always[] = {
        "_time", "host", "source", "sourcetype", "EventCode", "Channel", "vendor", "product",
        "signature", "signature_id",
    };
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        projection_want(proj, always[i], strlen(always[i]));
    for (const char *const *fp = root->fields; *fp; fp++)
        projection_want(proj, *fp, strlen(*fp));
    for (const dm_source *s = root->sources; s->label; s++)
        for (const dm_map *m = s->maps; m && m->cim; m++)
            if (m->op != DM_CONST)
                projection_want(proj, m->src, strlen(m->src));
}

/* Appends text to buf at *n; false when it does not fit. */
static bool put(char *buf, size_t size, size_t *n, const char *text)
{
    size_t len = strlen(text);
    if (*n + len + 1 > size)
        return false;
    memcpy(buf + *n, text, len + 1);
    *n += len;
    return true;
}

size_t datamodel_search(const dm_dataset *ds, char *buf, size_t size)
{
    const dm_dataset *root = root_of(ds);
    size_t n = 0;
    bool ok = true;
    for (const dm_source *s = root->sources; s->label && ok; s++) {
        ok = put(buf, size, &n, s == root->sources ? "((" : " OR ((");
        /* every code of the list, ranges spelt out (they are short) */
        bool first = true;
        for (const char *p = s->codes; *p && ok;) {
            char *end;
            unsigned long lo = strtoul(p, &end, 10), hi = lo;
            if (*end == '-')
                hi = strtoul(end + 1, &end, 10);
            for (unsigned long c = lo; c <= hi && ok && hi - lo < 100; c++) {
                char one[32];
                snprintf(one, sizeof one, "%sEventCode=%lu", first ? "" : " OR ", c);
                ok = put(buf, size, &n, one);
                first = false;
            }
            if (*end != ',')
                break;
            p = end + 1;
        }
        char chan[256];
        snprintf(chan, sizeof chan, ") (Channel=\"%s\" OR source=\"*WinEventLog:%s\"))",
                 s->channel, s->channel);
        ok = ok && put(buf, size, &n, chan);
    }
    return ok ? n : 0;
}
