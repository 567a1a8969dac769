/* evtx_chunk.c - one 64 KiB chunk: header fields and checksums, and the test that
 * decides whether bytes look like an event record, used both to walk records and
 * to find them again after damage or in slack space (--recover). */
#include "evtx_private.h"

#include <string.h>
#include <libdeflate.h>

#include "evtx_cursor.h"

int evtx_chunk_header(const unsigned char *d, size_t n, bool verify, evtx_chunk_info *ci)
{
    memset(ci, 0, sizeof *ci);
    if (n < EVTX_CHUNK_HEADER_SIZE || memcmp(d, "ElfChnk", 8) != 0)
        return -1;
    ci->first_num = evtx_le64(d + EVTX_CH_FIRST_NUM);
    ci->last_num = evtx_le64(d + EVTX_CH_LAST_NUM);
    ci->first_id = evtx_le64(d + EVTX_CH_FIRST_ID);
    ci->last_id = evtx_le64(d + EVTX_CH_LAST_ID);
    ci->last_rec_off = evtx_le32(d + EVTX_CH_LAST_REC_OFF);
    ci->free_off = evtx_le32(d + EVTX_CH_FREE_OFF);
    ci->header_crc_ok = ci->data_crc_ok = true;
    if (!verify)
        return 0;
    uint32_t crc = libdeflate_crc32(0, d, EVTX_CH_FLAGS);
    crc = libdeflate_crc32(crc, d + EVTX_CH_STRING_TABLE, EVTX_CHUNK_HEADER_SIZE - EVTX_CH_STRING_TABLE);
    ci->header_crc_ok = crc == evtx_le32(d + EVTX_CH_HEADER_CRC);
    if (ci->free_off >= EVTX_CHUNK_HEADER_SIZE && ci->free_off <= n) {
        crc = libdeflate_crc32(0, d + EVTX_CHUNK_HEADER_SIZE, ci->free_off - EVTX_CHUNK_HEADER_SIZE);
        ci->data_crc_ok = crc == evtx_le32(d + EVTX_CH_DATA_CRC);
    } else {
        ci->data_crc_ok = false;
    }
    return 0;
}

bool evtx_chunk_record_at(const unsigned char *d, size_t limit, size_t off, uint32_t *size)
{
    if (off < EVTX_CHUNK_HEADER_SIZE || off > limit || limit - off < EVTX_REC_MIN_SIZE)
        return false;
    if (evtx_le32(d + off) != EVTX_RECORD_MAGIC)
        return false;
    uint32_t sz = evtx_le32(d + off + EVTX_REC_SIZE);
    if (sz < EVTX_REC_MIN_SIZE || sz > limit - off)
        return false;
    if (evtx_le32(d + off + sz - 4) != sz)      /* trailing copy of the size */
        return false;
    *size = sz;
    return true;
}

size_t evtx_chunk_resync(const unsigned char *d, size_t limit, size_t from)
{
    uint32_t sz;
    from = (from + 7) & ~(size_t)7;             /* records are 8-byte aligned */
    for (size_t off = from; off + EVTX_REC_MIN_SIZE <= limit; off += 8)
        if (evtx_chunk_record_at(d, limit, off, &sz))
            return off;
    return limit;
}
