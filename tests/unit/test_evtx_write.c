/* test_evtx_write.c - the EVTX writer's pieces: the name hash, FILETIME conversion,
 * file/chunk CRCs and counts, template sharing within a chunk, typed values, chunk
 * rollover and the errors for bad events. Files are written under /tmp and read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "evtx/evtx_cursor.h"
#include "evtx/evtx_layout.h"
#include "evtx/evtx_write.h"

#define EV_HEAD "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" \
                "<Provider Name='Test' Guid='{670080D9-742A-4187-8D16-41143D1290BD}'/>"
#define EV(id, rec, mod)                                                                  \
    EV_HEAD "<EventID Qualifiers='49152'>" id "</EventID><Level>2</Level>"                \
    "<TimeCreated SystemTime='2022-12-20T15:58:25.325383600Z'/><EventRecordID>" rec       \
    "</EventRecordID><Computer>web01</Computer></System><EventData><Data Name='ModuleDll'>" \
    mod "</Data></EventData></Event>"

typedef struct file_bytes {
    unsigned char *p;
    size_t n;
    char path[64];
} file_bytes;

static evtx_writer *open_tmp(file_bytes *f)
{
    snprintf(f->path, sizeof f->path, "/tmp/test_evtx_write_%d.evtx", (int)getpid());
    tr_error err = { 0 };
    evtx_writer *w = evtx_writer_open(f->path, &err);
    assert_non_null(w);
    return w;
}

static void add(evtx_writer *w, const char *xml)
{
    tr_error err = { 0 };
    int rc = evtx_writer_add_xml(w, xml, strlen(xml), &err);
    if (rc != 0)
        fail_msg("add_xml: %s", err.msg);
}

static void close_and_read(evtx_writer *w, file_bytes *f)
{
    tr_error err = { 0 };
    assert_int_equal(evtx_writer_close(w, &err), 0);
    FILE *fp = fopen(f->path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    f->n = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->p = malloc(f->n ? f->n : 1);
    assert_int_equal(fread(f->p, 1, f->n, fp), f->n);
    fclose(fp);
    unlink(f->path);
}

static const unsigned char *chunk_at(const file_bytes *f, size_t i)
{
    assert_true(EVTX_FILE_HEADER_SIZE + (i + 1) * EVTX_CHUNK_SIZE <= f->n);
    return f->p + EVTX_FILE_HEADER_SIZE + i * EVTX_CHUNK_SIZE;
}

/* Template definitions linked from a chunk's template table. */
static int count_templates(const unsigned char *c)
{
    int n = 0;
    for (int i = 0; i < 32; i++)
        for (uint32_t off = evtx_le32(c + EVTX_CH_TEMPLATE_TABLE + 4 * i); off && n < 1000;
             off = evtx_le32(c + off))
            n++;
    return n;
}

static void test_name_hash(void **state)
{
    (void)state;
    /* Values found in a chunk Windows wrote (corpus: yamato-security ...PowerShell.evtx). */
    assert_int_equal(evtx_write_name_hash("Event", 5), 0x0cba);
    assert_int_equal(evtx_write_name_hash("Channel", 7), 0x6183);
    assert_int_equal(evtx_write_name_hash("TimeCreated", 11), 0x8e3b);
    assert_int_equal(evtx_write_name_hash("xmlns", 5), 0x0fbc);
    assert_int_equal(evtx_write_name_hash("EventRecordID", 13), 0x0346);
    assert_int_equal(evtx_write_name_hash("", 0), 0);
}

static void test_filetime(void **state)
{
    (void)state;
    uint64_t ft = 0;
    char out[32];
    assert_true(evtx_write_parse_filetime("2022-12-20T15:58:25.325383600Z", 30, &ft));
    assert_true(ft == 133160255053253836ULL);
    evtx_write_format_filetime(ft, out);
    assert_string_equal(out, "2022-12-20T15:58:25.325383600Z");
    assert_true(evtx_write_parse_filetime("1601-01-01T00:00:00Z", 20, &ft));
    assert_true(ft == 0);
    evtx_write_format_filetime(0, out);
    assert_string_equal(out, "1601-01-01T00:00:00.000000000Z");
    /* Fewer digits are scaled; digits past 100 ns are dropped. */
    assert_true(evtx_write_parse_filetime("2022-12-20T15:58:25.3Z", 22, &ft));
    assert_true(ft == 133160255053000000ULL);
    assert_true(evtx_write_parse_filetime("2022-12-20 15:58:25.3253836999Z", 31, &ft));
    assert_true(ft == 133160255053253836ULL);
    assert_false(evtx_write_parse_filetime("2022-13-20T15:58:25Z", 20, &ft));
    assert_false(evtx_write_parse_filetime("2022-12-20T15:58:25", 19, &ft));
    assert_false(evtx_write_parse_filetime("1600-12-31T23:59:59Z", 20, &ft));
    assert_false(evtx_write_parse_filetime("2022-12-20T15:58:25.Z", 21, &ft));
}

static void test_file_and_template_sharing(void **state)
{
    (void)state;
    file_bytes f = { 0 };
    evtx_writer *w = open_tmp(&f);
    add(w, EV("2282", "1001307", "c:\\temp\\msf.dll"));
    add(w, EV("2282", "1001308", "c:\\windows\\system32\\inetsrv\\good.dll"));
    assert_int_equal(evtx_writer_count(w), 2);
    close_and_read(w, &f);
    assert_int_equal(f.n, EVTX_FILE_HEADER_SIZE + EVTX_CHUNK_SIZE);

    const unsigned char *h = f.p;
    assert_memory_equal(h, "ElfFile", 8);
    assert_true(evtx_le64(h + EVTX_FH_LAST_CHUNK) == 0);
    assert_true(evtx_le64(h + EVTX_FH_NEXT_RECORD_ID) == 3);
    assert_int_equal(evtx_le32(h + EVTX_FH_HEADER_SIZE), 128);
    assert_int_equal(evtx_le16(h + EVTX_FH_MINOR), 1);
    assert_int_equal(evtx_le16(h + EVTX_FH_MAJOR), 3);
    assert_int_equal(evtx_le16(h + EVTX_FH_CHUNK_COUNT), 1);
    assert_int_equal(evtx_le32(h + EVTX_FH_CRC), (uint32_t)crc32(0L, h, 120));

    const unsigned char *c = chunk_at(&f, 0);
    assert_memory_equal(c, "ElfChnk", 8);
    assert_true(evtx_le64(c + EVTX_CH_FIRST_NUM) == 1 && evtx_le64(c + EVTX_CH_LAST_NUM) == 2);
    assert_true(evtx_le64(c + EVTX_CH_FIRST_ID) == 1 && evtx_le64(c + EVTX_CH_LAST_ID) == 2);
    uint32_t free_off = evtx_le32(c + EVTX_CH_FREE_OFF);
    uLong crc = crc32(0L, c, 120);
    crc = crc32(crc, c + 128, 384);
    assert_int_equal(evtx_le32(c + EVTX_CH_HEADER_CRC), (uint32_t)crc);
    assert_int_equal(evtx_le32(c + EVTX_CH_DATA_CRC), (uint32_t)crc32(0L, c + 512, free_off - 512));

    /* Two records, one template definition, referenced by both. */
    assert_int_equal(count_templates(c), 1);
    uint32_t r1 = 512, size1 = evtx_le32(c + r1 + 4);
    uint32_t r2 = r1 + size1, size2 = evtx_le32(c + r2 + 4);
    assert_int_equal(evtx_le32(c + EVTX_CH_LAST_REC_OFF), r2);
    assert_int_equal(r2 + size2, free_off);
    assert_int_equal(evtx_le32(c + r1), EVTX_RECORD_MAGIC);
    assert_true(evtx_le64(c + r1 + EVTX_REC_ID) == 1 && evtx_le64(c + r2 + EVTX_REC_ID) == 2);
    assert_true(evtx_le64(c + r1 + EVTX_REC_WRITTEN) == 133160255053253836ULL);
    assert_int_equal(evtx_le32(c + r1 + size1 - 4), size1);
    assert_int_equal(size1 % 8, 0);
    /* fragment header, then the template instance: token, 1, id, definition offset */
    assert_int_equal(c[r1 + 24], EVTX_TOK_FRAGMENT);
    assert_int_equal(c[r1 + 28], EVTX_TOK_TEMPLATE);
    assert_int_equal(c[r2 + 28], EVTX_TOK_TEMPLATE);
    uint32_t def1 = evtx_le32(c + r1 + 34), def2 = evtx_le32(c + r2 + 34);
    assert_int_equal(def1, r1 + 38);       /* first record carries the definition */
    assert_int_equal(def2, def1);          /* second one points back to it */
    assert_int_equal(evtx_le32(c + r1 + 30), evtx_le32(c + r2 + 30));
    assert_true(size2 < size1);
    /* The second record's value count follows the instance header directly: xmlns,
     * Provider Name and Guid, Qualifiers, EventID, Level, SystemTime, EventRecordID,
     * Computer, the Data Name attribute and the Data text. */
    assert_int_equal(evtx_le32(c + r2 + 38), 11);
    static const unsigned char types[11] = { EVTX_VT_STRING, EVTX_VT_STRING, EVTX_VT_GUID,
        EVTX_VT_UINT16, EVTX_VT_UINT16, EVTX_VT_UINT8, EVTX_VT_FILETIME, EVTX_VT_UINT64,
        EVTX_VT_STRING, EVTX_VT_STRING, EVTX_VT_STRING };
    for (int i = 0; i < 11; i++)
        assert_int_equal(c[r2 + 42 + 4 * i + 2], types[i]);
    assert_int_equal(evtx_le16(c + r2 + 42 + 4 * 4), 2);   /* EventID is 2 bytes */
    assert_int_equal(evtx_le16(c + r2 + 42 + 4 * 2), 16);  /* the GUID 16 */
    free(f.p);
}

static void test_shapes_and_fallback_types(void **state)
{
    (void)state;
    file_bytes f = { 0 };
    evtx_writer *w = open_tmp(&f);
    add(w, EV("2282", "1", "a.dll"));
    /* Another shape: no EventData. */
    add(w, EV_HEAD "<EventID>7036</EventID></System></Event>");
    /* Same element structure, but an EventID that is not a canonical u16 is stored
     * as a string, so its shape (value types) differs: a third template. */
    add(w, EV_HEAD "<EventID>070036</EventID></System></Event>");
    add(w, EV_HEAD "<EventID>7040</EventID></System></Event>");
    close_and_read(w, &f);
    assert_int_equal(count_templates(chunk_at(&f, 0)), 3);
    free(f.p);
}

static void test_rollover(void **state)
{
    (void)state;
    file_bytes f = { 0 };
    evtx_writer *w = open_tmp(&f);
    char xml[4096];
    for (int i = 0; i < 600; i++) {
        snprintf(xml, sizeof xml, EV("4688", "%d", "%0200d"), i + 1, i);
        add(w, xml);
    }
    close_and_read(w, &f);
    size_t nchunks = (f.n - EVTX_FILE_HEADER_SIZE) / EVTX_CHUNK_SIZE;
    assert_true(nchunks >= 3);
    assert_int_equal(evtx_le16(f.p + EVTX_FH_CHUNK_COUNT), nchunks);
    assert_true(evtx_le64(f.p + EVTX_FH_NEXT_RECORD_ID) == 601);
    uint64_t next = 1;
    for (size_t i = 0; i < nchunks; i++) {
        const unsigned char *c = chunk_at(&f, i);
        /* Numbers continue across chunks; each chunk has its own template copy. */
        assert_true(evtx_le64(c + EVTX_CH_FIRST_NUM) == next);
        next = evtx_le64(c + EVTX_CH_LAST_NUM) + 1;
        assert_int_equal(count_templates(c), 1);
        assert_true(evtx_le32(c + EVTX_CH_FREE_OFF) <= EVTX_CHUNK_SIZE);
    }
    assert_true(next == 601);
    free(f.p);
}

static void test_bad_events(void **state)
{
    (void)state;
    file_bytes f = { 0 };
    evtx_writer *w = open_tmp(&f);
    tr_error err = { 0 };
    const char *cut = "<Event><System><EventID>1</EventID>";
    assert_int_equal(evtx_writer_add_xml(w, cut, strlen(cut), &err), -1);
    assert_string_equal(err.msg, "XML line 1 column 36: no element found");
    const char *other = "<Events/>";
    assert_int_equal(evtx_writer_add_xml(w, other, strlen(other), &err), -1);
    assert_string_equal(err.msg, "expected an <Event> element, found <Events>");
    const char *dtd = "<!DOCTYPE Event [<!ENTITY a 'x'>]><Event>&a;</Event>";
    assert_int_equal(evtx_writer_add_xml(w, dtd, strlen(dtd), &err), -1);
    assert_non_null(strstr(err.msg, "DOCTYPE is not allowed"));
    char deep[2000] = "<Event>";
    for (int i = 0; i < 100; i++)
        strcat(deep, "<a>");
    assert_int_equal(evtx_writer_add_xml(w, deep, strlen(deep), &err), -1);
    assert_non_null(strstr(err.msg, "nested too deeply"));
    /* Larger than a chunk. */
    size_t big = 70000;
    char *huge = malloc(big + 64);
    strcpy(huge, "<Event><Data>");
    memset(huge + 13, 'x', big);
    strcpy(huge + 13 + big, "</Data></Event>");
    assert_int_equal(evtx_writer_add_xml(w, huge, strlen(huge), &err), -1);
    free(huge);
    /* Text before a child element (mixed content) is encoded, not lost by the tree
     * walk (a fuzzer found elements after leading text left without their text). */
    add(w, "<Event>lead<System><EventID>4</EventID></System>tail</Event>");
    /* The writer still works and the file stays valid. */
    add(w, EV("2282", "5", "ok.dll"));
    assert_int_equal(evtx_writer_count(w), 2);
    close_and_read(w, &f);
    assert_int_equal(f.n, EVTX_FILE_HEADER_SIZE + EVTX_CHUNK_SIZE);
    free(f.p);
}

static void test_empty_file(void **state)
{
    (void)state;
    file_bytes f = { 0 };
    evtx_writer *w = open_tmp(&f);
    close_and_read(w, &f);
    assert_int_equal(f.n, EVTX_FILE_HEADER_SIZE);
    assert_true(evtx_le64(f.p + EVTX_FH_NEXT_RECORD_ID) == 1);
    assert_int_equal(evtx_le16(f.p + EVTX_FH_CHUNK_COUNT), 0);
    assert_int_equal(evtx_le32(f.p + EVTX_FH_CRC), (uint32_t)crc32(0L, f.p, 120));
    free(f.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_hash),
        cmocka_unit_test(test_filetime),
        cmocka_unit_test(test_file_and_template_sharing),
        cmocka_unit_test(test_shapes_and_fallback_types),
        cmocka_unit_test(test_rollover),
        cmocka_unit_test(test_bad_events),
        cmocka_unit_test(test_empty_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
