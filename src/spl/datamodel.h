/* datamodel.h - CIM data models for tstats, `datamodel` and `from datamodel`: which
 * events feed a dataset (the event sources the Splunk add-ons tag for it, e.g.
 * Endpoint.Registry: Sysmon 12/13/14, Security 4657) and its fields, named
 * "<Object>.<field>" ("Registry.registry_path"). A dataset's field is the event's
 * field of the same name as the add-ons compute it (ta_windows.h), a few
 * per-source overrides, then the CIM model's own calculated fields ("unknown"
 * fills, process_name from process). One table in datamodel.c; docs/datamodels.md. */
#ifndef TRAWL_DATAMODEL_H
#define TRAWL_DATAMODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/projection.h"
#include "../event/record.h"

typedef struct dm_dataset dm_dataset;

/* Finds a dataset, case-insensitive: "Model.Object" ("Endpoint.Processes",
 * "Change.Account_Management"), or a bare model with a single root dataset
 * ("Network_Traffic" is Network_Traffic.All_Traffic). NULL when trawl has no
 * mapping for it. */
const dm_dataset *datamodel_find(const char *name);
/* "Processes" for Endpoint.Processes, "All_Changes" for Change.Account_Management:
 * the prefix of the dataset's field names (its root object). */
const char *datamodel_object(const dm_dataset *ds);
/* Canonical "Model.Object" spelling. */
const char *datamodel_name(const dm_dataset *ds);

/* When ev belongs to ds, fills out (cleared first) with _time, host, source,
 * sourcetype, `nodename` (every dataset of the model the event is in, e.g.
 * "All_Changes" and "All_Changes.Account_Management") and the dataset's CIM
 * fields, and returns true; returns false otherwise (out is then unspecified). */
bool datamodel_map(const dm_dataset *ds, const record *ev, record *out);

/* The events ds can hold as a search ("(EventCode=1 ...) (Channel=... OR
 * source=...)" per source, OR-ed), for the predicate pushdown: written into buf
 * (NUL-terminated); returns its length, 0 when it does not fit. */
size_t datamodel_search(const dm_dataset *ds, char *buf, size_t size);

/* Adds to proj the event fields datamodel_map reads for ds. */
void datamodel_reads(const dm_dataset *ds, projection *proj);

/* The names of the mapped root datasets, NULL-terminated (for messages). */
const char *const *datamodel_names(void);

#endif
