/* evtx_layout.h - the on-disk layout of an EVTX file, documented once: file header,
 * chunk header, event record, BinXML tokens and value types (MS-EVEN6 and the
 * libevtx format notes). Every offset is in bytes, little-endian. Nothing here is
 * ever cast over input: readers go through evtx_cursor.h. */
#ifndef TRAWL_EVTX_LAYOUT_H
#define TRAWL_EVTX_LAYOUT_H

/* File header: the first 4096 bytes, of which the first 128 are used. */
#define EVTX_FILE_HEADER_SIZE     4096u
#define EVTX_FH_MAGIC             0     /* "ElfFile\0" */
#define EVTX_FH_FIRST_CHUNK       8     /* u64 first chunk number (oldest) */
#define EVTX_FH_LAST_CHUNK        16    /* u64 last chunk number (newest) */
#define EVTX_FH_NEXT_RECORD_ID    24    /* u64 identifier the next record will get */
#define EVTX_FH_HEADER_SIZE       32    /* u32, 128 */
#define EVTX_FH_MINOR             36    /* u16, 1 or 2 */
#define EVTX_FH_MAJOR             38    /* u16, 3 */
#define EVTX_FH_BLOCK_SIZE        40    /* u16 header block size, 4096 */
#define EVTX_FH_CHUNK_COUNT       42    /* u16 chunks in use (dirty files have more) */
#define EVTX_FH_FLAGS             120   /* u32, EVTX_FLAG_* */
#define EVTX_FH_CRC               124   /* u32 CRC32 of bytes [0,120) */
#define EVTX_FH_CRC_SPAN          120
#define EVTX_FLAG_DIRTY           0x1u  /* not closed cleanly: header counts may be stale */
#define EVTX_FLAG_FULL            0x2u  /* log reached its maximum size */

/* Chunk: 64 KiB; a 512-byte header then records from offset 512. */
#define EVTX_CHUNK_SIZE           65536u
#define EVTX_CHUNK_HEADER_SIZE    512u
#define EVTX_CH_MAGIC             0     /* "ElfChnk\0" */
#define EVTX_CH_FIRST_NUM         8     /* u64 first record number (log-relative) */
#define EVTX_CH_LAST_NUM          16    /* u64 last record number */
#define EVTX_CH_FIRST_ID          24    /* u64 first record identifier */
#define EVTX_CH_LAST_ID           32    /* u64 last record identifier */
#define EVTX_CH_HEADER_SIZE       40    /* u32, 128 */
#define EVTX_CH_LAST_REC_OFF      44    /* u32 offset of the last record */
#define EVTX_CH_FREE_OFF          48    /* u32 end of the used area (records end here) */
#define EVTX_CH_DATA_CRC          52    /* u32 CRC32 of bytes [512, free offset) */
#define EVTX_CH_FLAGS             120   /* u32 */
#define EVTX_CH_HEADER_CRC        124   /* u32 CRC32 of [0,120) then [128,512) */
#define EVTX_CH_STRING_TABLE      128   /* 64 x u32 chunk offsets of common names */
#define EVTX_CH_TEMPLATE_TABLE    384   /* 32 x u32 chunk offsets of template definitions */

/* Event record. */
#define EVTX_RECORD_MAGIC         0x00002a2au /* "**\0\0" read as u32 */
#define EVTX_REC_SIZE             4     /* u32 whole record incl. magic and trailing copy */
#define EVTX_REC_ID               8     /* u64 event record identifier */
#define EVTX_REC_WRITTEN          16    /* u64 FILETIME the record was written */
#define EVTX_REC_DATA             24    /* BinXML, then u32 copy of the size */
#define EVTX_REC_MIN_SIZE         28u

/* BinXML tokens (low 5 bits; 0x40 = "more follows" / "has attributes"). ORDER TOKENS */
#define EVTX_TOKEN_LIST(X)                                  \
    X(EOF,            0x00)                                 \
    X(OPEN_START,     0x01)  /* element start, name, attrs */ \
    X(CLOSE_START,    0x02)  /* '>' */                      \
    X(CLOSE_EMPTY,    0x03)  /* '/>' */                     \
    X(END_ELEMENT,    0x04)  /* '</x>' */                   \
    X(VALUE,          0x05)  /* typed literal value */      \
    X(ATTRIBUTE,      0x06)  /* name, then value tokens */  \
    X(CDATA,          0x07)                                 \
    X(CHAR_REF,       0x08)  /* u16 code point */           \
    X(ENTITY_REF,     0x09)  /* name */                     \
    X(PI_TARGET,      0x0a)                                 \
    X(PI_DATA,        0x0b)                                 \
    X(TEMPLATE,       0x0c)  /* template instance */        \
    X(SUBST,          0x0d)  /* normal substitution */      \
    X(OPT_SUBST,      0x0e)  /* optional substitution */    \
    X(FRAGMENT,       0x0f)  /* fragment header: 3 more bytes */

#define EVTX_TOKEN_ENUM(n, v) EVTX_TOK_##n = v,
enum { EVTX_TOKEN_LIST(EVTX_TOKEN_ENUM) };
#define EVTX_TOKEN_MORE 0x40u

/* Name (string table entry): u32 next-in-hash-chain, u16 hash, u16 chars,
 * UTF-16LE chars, u16 NUL. */
#define EVTX_NAME_HEADER          8u

/* Template definition at its chunk offset: u32 next definition, 16-byte GUID,
 * u32 data size, then data (fragment header, element, EOF). */
#define EVTX_TDEF_HEADER          24u

/* Value types (X: name, code, fixed size or 0 when variable). ORDER VALUES */
#define EVTX_VALUE_LIST(X)       \
    X(NULL,      0x00, 0)        \
    X(STRING,    0x01, 0)        \
    X(ANSI,      0x02, 0)        \
    X(INT8,      0x03, 1)        \
    X(UINT8,     0x04, 1)        \
    X(INT16,     0x05, 2)        \
    X(UINT16,    0x06, 2)        \
    X(INT32,     0x07, 4)        \
    X(UINT32,    0x08, 4)        \
    X(INT64,     0x09, 8)        \
    X(UINT64,    0x0a, 8)        \
    X(REAL32,    0x0b, 4)        \
    X(REAL64,    0x0c, 8)        \
    X(BOOL,      0x0d, 4)        \
    X(BINARY,    0x0e, 0)        \
    X(GUID,      0x0f, 16)       \
    X(SIZET,     0x10, 0)        \
    X(FILETIME,  0x11, 8)        \
    X(SYSTIME,   0x12, 16)       \
    X(SID,       0x13, 0)        \
    X(HEX32,     0x14, 4)        \
    X(HEX64,     0x15, 8)        \
    X(EVTHANDLE, 0x20, 0)        \
    X(BINXML,    0x21, 0)        \
    X(EVTXML,    0x23, 0)

#define EVTX_VALUE_ENUM(n, v, s) EVTX_VT_##n = v,
enum { EVTX_VALUE_LIST(EVTX_VALUE_ENUM) };
#define EVTX_VT_ARRAY 0x80u

#endif
