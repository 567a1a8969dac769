/* cmd_info.c - `trawl info`: the structure and health of .evtx files: file header
 * fields and flags, every chunk with its record range and checksum status, the
 * number of records that render, and every problem found on the way. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../evtx/evtx_private.h"
#include "../util/error.h"
#include "../util/termsafe.h"
#include "../util/xmalloc.h"
#include "cli.h"
#include "cli_paths.h"
#include "commands.h"

static const char info_usage[] =
    "usage: trawl info [options] FILE.evtx...\n"
    "\n"
    "Describe EVTX files: header, flags, chunks, checksums, records, problems.\n"
    "A directory is walked as run walks it, for the EVTX files in it.\n"
    "\n"
    "      --recover      also count deleted records left in chunk slack\n"
    "      --no-verify    do not verify checksums\n"
    "  -v, --verbose      list the files of directories that are not EVTX\n"
    "  -h, --help         show this help\n";

typedef struct info_ctx {
    uint64_t chunk_records;      /* records rendered in the current chunk */
    uint64_t rendered;           /* records rendered in the file */
    uint64_t recovered;          /* of which recovered from slack */
    char **problems;             /* messages, in order */
    size_t nproblems, cap;
    bool verify;
} info_ctx;

static void nop_open(void *c, const char *n, size_t l) { (void)c; (void)n; (void)l; }
static void nop_attr(void *c, const char *n, size_t nl, const char *v, size_t vl)
{
    (void)c; (void)n; (void)nl; (void)v; (void)vl;
}
static void nop_text(void *c, const char *s, size_t l) { (void)c; (void)s; (void)l; }
static void nop_close(void *c) { (void)c; }
static const evtx_visitor null_visitor = { nop_open, nop_attr, nop_text, nop_close };

static void on_header(void *ctx, const evtx_file_header *h)
{
    info_ctx *ic = ctx;
    printf("  format version     %u.%u\n", h->major, h->minor);
    printf("  header size        %" PRIu32 " (block %u)\n", h->header_size, h->block_size);
    printf("  chunks in header   %u (first %" PRIu64 ", last %" PRIu64 ")\n", h->chunk_count,
           h->first_chunk, h->last_chunk);
    printf("  next record id     %" PRIu64 "\n", h->next_record_id);
    printf("  flags              0x%" PRIx32 "%s%s%s\n", h->flags,
           h->flags & EVTX_FLAG_DIRTY ? " dirty" : "", h->flags & EVTX_FLAG_FULL ? " full" : "",
           h->flags & (EVTX_FLAG_DIRTY | EVTX_FLAG_FULL) ? "" : " (clean)");
    printf("  header checksum    %s\n", !ic->verify ? "not checked" : h->crc_ok ? "ok" : "BAD");
}

static void end_chunk(info_ctx *ic)
{
    if (ic->chunk_records != UINT64_MAX)
        printf(", %" PRIu64 " records read\n", ic->chunk_records);
    ic->chunk_records = UINT64_MAX;
}

static void on_chunk(void *ctx, uint64_t idx, const evtx_chunk_info *ci, bool zeroed, bool skipped)
{
    info_ctx *ic = ctx;
    end_chunk(ic);
    if (zeroed) {
        printf("  chunk %-5" PRIu64 "     empty (zeroed)\n", idx);
        return;
    }
    if (skipped) {
        printf("  chunk %-5" PRIu64 "     bad magic, skipped\n", idx);
        return;
    }
    printf("  chunk %-5" PRIu64 "     records %" PRIu64 "-%" PRIu64 ", ids %" PRIu64 "-%" PRIu64
           ", header crc %s, data crc %s", idx, ci->first_num, ci->last_num, ci->first_id,
           ci->last_id, !ic->verify ? "-" : ci->header_crc_ok ? "ok" : "BAD",
           !ic->verify ? "-" : ci->data_crc_ok ? "ok" : "BAD");
    ic->chunk_records = 0;
}

static int on_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    info_ctx *ic = ctx;
    if (evtx_walk_render(c, r, &null_visitor, NULL) == 0) {
        ic->rendered++;
        ic->recovered += r->recovered;
        if (ic->chunk_records != UINT64_MAX)
            ic->chunk_records++;
    }
    return 0;
}

static void on_problem(void *ctx, const char *msg)
{
    info_ctx *ic = ctx;
    XGROW(ic->problems, ic->cap, ic->nproblems + 1);
    ic->problems[ic->nproblems++] = xstrdup(msg);
}

/* What is asked of every file. */
typedef struct info_options {
    bool recover, verify;        /* --recover, not --no-verify */
} info_options;

/* cli_paths_fn: describes one file. */
static int info_file(void *ctx, const char *path, int fd)
{
    const info_options *io = ctx;
    termsafe_write(stdout, path, strlen(path));
    putchar('\n');
    info_ctx ic = { UINT64_MAX, 0, 0, NULL, 0, 0, io->verify };
    evtx_walk_hooks h = { &ic, on_header, on_chunk, on_record, on_problem };
    evtx_walk_result res;
    evtx_walk(path, fd, NULL, 0, io->verify, io->recover, true, &h, &res);
    end_chunk(&ic);
    printf("  chunks in file     %" PRIu64 "\n", res.chunks);
    printf("  records            %" PRIu64 " read", ic.rendered);
    if (io->recover)
        printf(" (%" PRIu64 " recovered from slack)", ic.recovered);
    printf(", %" PRIu64 " bad\n", res.bad_records);
    printf("  problems           %zu\n", ic.nproblems);
    for (size_t k = 0; k < ic.nproblems; k++) {
        termsafe_printf(stdout, "    %s", ic.problems[k]);
        putchar('\n');
        free(ic.problems[k]);
    }
    free(ic.problems);
    return res.incomplete ? EXIT_INPUT : EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "recover", no_argument, NULL, CLI_OPT_RECOVER },
        { "no-verify", no_argument, NULL, CLI_OPT_NO_VERIFY },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    cli_options o;   /* --recover and --no-verify, parsed as run parses them */
    cli_options_init(&o);
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(info_usage, stdout);
            return EXIT_OK;
        case CLI_OPT_RECOVER:
        case CLI_OPT_NO_VERIFY:
        case 'v':
            cli_options_handle(&o, opt, optarg);
            break;
        default:
            return cli_usage_error("info", cli_bad_option_message(argv, opt));
        }
    }
    if (optind >= argc)
        return cli_usage_error("info", "no input file");
    info_options io = { o.input.recover, !o.input.no_verify };
    cli_paths paths;
    cli_paths_init(&paths, argv + optind, (size_t)(argc - optind), &o.input);
    int rc = cli_paths_check(&paths);
    if (rc == EXIT_OK)
        rc = cli_paths_each_evtx(&paths, info_file, &io);
    cli_paths_free(&paths);
    cli_options_free(&o);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        tr_warn("error writing output");
        return EXIT_INPUT;
    }
    return rc;
}
