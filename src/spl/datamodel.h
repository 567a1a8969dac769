/* datamodel.h - CIM data models for tstats: which events belong to a dataset
 * (e.g. Endpoint.Processes: Sysmon event 1, Security 4688) and how their fields
 * map to the dataset's CIM fields ("Processes.process_name", ...). The mapping is
 * one data table in datamodel.c (see docs/datamodels.md to extend it). */
#ifndef TRAWL_DATAMODEL_H
#define TRAWL_DATAMODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/record.h"

typedef struct dm_dataset dm_dataset;

/* Finds "Model.Object" (e.g. "Endpoint.Processes"), case-insensitive; NULL when
 * trawl has no mapping for it. A bare "Model" is not a dataset. */
const dm_dataset *datamodel_find(const char *name);
/* "Processes" for Endpoint.Processes: the prefix of the dataset's field names. */
const char *datamodel_object(const dm_dataset *ds);
/* Canonical "Model.Object" spelling. */
const char *datamodel_name(const dm_dataset *ds);

/* When ev belongs to ds, fills out (cleared first) with _time, host, source,
 * sourcetype and the dataset's CIM fields named "<Object>.<field>", and returns
 * true; returns false (out untouched) otherwise. */
bool datamodel_map(const dm_dataset *ds, const record *ev, record *out);

/* The names of all mapped datasets, NULL-terminated (for messages and docs). */
const char *const *datamodel_names(void);

#endif
