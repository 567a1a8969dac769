/* risk_report.h - the per-risk-object summary of a story run, as risk-based
 * alerting raises one alert per host or user instead of one per detection: risk
 * events pass through a tee that adds them up; at the end one row per risk object
 * (total score, distinct detections, ATT&CK techniques, first/last seen, flagged
 * when the total exceeds the threshold), sorted by total, highest first. */
#ifndef TRAWL_RISK_REPORT_H
#define TRAWL_RISK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../spl/spl.h"

typedef struct risk_report risk_report;

/* A tee in front of one detection's risk-event sink: rows reach next unchanged
 * and are counted in the report. */
typedef struct risk_report_tee {
    spl_sink sink;        /* give this to the risk sink as its next */
    spl_sink *next;       /* the original destination (not owned) */
    risk_report *report;  /* not owned */
} risk_report_tee;

risk_report *risk_report_new(double threshold);
void risk_report_free(risk_report *rr);
void risk_report_tee_init(risk_report_tee *t, risk_report *rr, spl_sink *next);
/* Adds one risk event (fields _time, search_name, risk_object, risk_object_type,
 * risk_score, annotations.mitre_attack). */
void risk_report_add(risk_report *rr, const record *risk_event);
/* Writes one row per risk object to out, highest total first (ties: by name).
 * with_type adds "type":"risk_summary" (JSON outputs); tz formats the times. */
void risk_report_emit(risk_report *rr, spl_sink *out, bool with_type, const char *tz);
/* The columns of the summary rows, NULL-terminated (with or without "type"). */
const char *const *risk_report_columns(bool with_type, size_t *n);
/* Fields that are lists in a summary row (JSON arrays even with one value). */
extern const char *const risk_report_array_fields[];
/* Fields that are numbers (JSON numbers). */
extern const char *const risk_report_number_fields[];

#endif
