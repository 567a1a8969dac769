/* projection.h - the event fields a run reads, so that readers build only those
 * (issue 5: projection). The SPL planner fills it from the stages that see events
 * (spl_plan_fields); the Windows event builder (winevent.c) consults it, and skips
 * the costly parts - `_raw` and the *_Xml fields rendered as XML, the classic
 * Message - when nothing reads them. "Every field" is the safe answer whenever a
 * stage's reads cannot be listed (wildcards, free text over fields, commands that
 * do not say), and NULL stands for it too.
 *
 * Ownership: names are copied; a projection is filled before the readers start
 * and only read afterwards (by every decoding thread). */
#ifndef TRAWL_PROJECTION_H
#define TRAWL_PROJECTION_H

#include <stdbool.h>
#include <stddef.h>

typedef struct projection projection;

/* A projection wanting nothing yet. */
projection *projection_new(void);
void projection_free(projection *p);
/* Wants field name (exact, case-sensitive, as records look fields up); a name
 * holding '*' wants every field. */
void projection_want(projection *p, const char *name, size_t len);
void projection_want_all(projection *p);
/* True when every field is wanted (also for NULL). */
bool projection_all(const projection *p);
/* True when the field is wanted (always for NULL). */
bool projection_wants(const projection *p, const char *name, size_t len);
/* The wanted names, comma-separated, or "*" (for --explain and tests; static
 * buffer of the projection, valid until the next change). */
const char *projection_describe(projection *p);

#endif
