/* spl_hold.c - records held until the end of input: packed in memory behind a
 * length each, the whole buffer appended to one temporary file whenever the
 * budget is reached, replayed file first, then memory. */
#include "spl_hold.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../util/xmalloc.h"

enum { HOLD_DEFAULT_MEM = 64 << 20 };

void spl_hold_init(spl_hold *h, const spl_plan *p, const char *who)
{
    memset(h, 0, sizeof *h);
    h->budget = p->env.order_memory ? p->env.order_memory : HOLD_DEFAULT_MEM;
    h->who = who;
}

/* Moves what memory holds to the end of the file; on failure the records are
 * counted as lost and reported (never silent). */
static void spill(spl_hold *h)
{
    if (!h->spill && !h->lost) {
        h->spill = tmpfile();
        if (!h->spill)
            tr_warn("%s: cannot create a temporary file to hold events (%s)", h->who,
                    strerror(errno ? errno : EIO));
    }
    if (h->spill && fwrite(h->pack, 1, h->len, h->spill) != h->len) {
        tr_warn("%s: cannot write events to a temporary file (%s)", h->who,
                strerror(errno ? errno : EIO));
        fclose(h->spill);
        h->spill = NULL;
    }
    if (!h->spill)
        h->lost += h->in_memory;
    h->len = 0;
    h->in_memory = 0;
}

void spl_hold_add(spl_hold *h, const record *r)
{
    size_t at = h->len;
    uint64_t n = 0;
    XGROW(h->pack, h->cap, h->len + sizeof n);
    h->len += sizeof n;
    record_pack(r, &h->pack, &h->len, &h->cap);
    n = h->len - at - sizeof n;
    memcpy(h->pack + at, &n, sizeof n);
    h->count++;
    h->in_memory++;
    if (h->len > h->budget)
        spill(h);
}

bool spl_hold_next(spl_hold *h, record *r)
{
    if (!h->replaying) {
        h->replaying = true;
        if (h->spill && (fflush(h->spill) != 0 || fseek(h->spill, 0, SEEK_SET) != 0))
            h->file_done = true;
    }
    if (h->spill && !h->file_done) {
        uint64_t len;
        if (fread(&len, sizeof len, 1, h->spill) == 1 && len < SIZE_MAX) {
            XGROW(h->buf, h->buf_cap, (size_t)len + 1);
            if (fread(h->buf, 1, (size_t)len, h->spill) == len) {
                size_t off = 0;
                record_unpack(r, h->buf, &off);
                return true;
            }
        }
        h->file_done = true;
    }
    if (h->off >= h->len)
        return false;
    h->off += sizeof(uint64_t);
    record_unpack(r, h->pack, &h->off);
    return true;
}

void spl_hold_free(spl_hold *h)
{
    if (h->lost)
        tr_warn("%s: %zu events could not be held and were left out", h->who, h->lost);
    if (h->spill)
        fclose(h->spill);
    free(h->pack);
    free(h->buf);
    memset(h, 0, sizeof *h);
}
