/* cmd_dump.c - `trawl dump`: prints the events of .evtx files as event XML (the
 * shape of Event Viewer and evtxexport) or as JSON (docs/evtx-json.md), straight
 * from the EVTX reader's renderers, without field extraction. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../evtx/evtx_private.h"
#include "../util/error.h"
#include "../util/jobs.h"
#include "../util/xmalloc.h"
#include "cli.h"
#include "cli_paths.h"
#include "commands.h"

static const char dump_usage[] =
    "usage: trawl dump [options] FILE.evtx...\n"
    "\n"
    "Print every event of the given EVTX files (\"-\" reads stdin; a directory is\n"
    "walked as run walks it, for the EVTX files in it).\n"
    "\n"
    "  -f, --format FMT   xml (default), json (an array) or jsonl (one per line)\n"
    "  -o, --output FILE  write to FILE (replaced only when the dump succeeds)\n"
    "      --recover      also print deleted records left in chunk slack\n"
    "      --no-verify    do not verify checksums\n"
    "  -j, --jobs N       decoding threads (default: all cores); same output\n"
    "  -q, --quiet        do not report damaged chunks and records\n"
    "  -v, --verbose      list the files of directories that are not EVTX\n"
    "  -h, --help         show this help\n";

enum { FMT_XML, FMT_JSON, FMT_JSONL };

/* Output goes out in blocks of about this size, not a write per record. */
#define DUMP_FLUSH_AT (256 * 1024)

/* The renderers of one thread. */
typedef struct dump_writers {
    evtx_xml_writer *xml;
    evtx_json_writer *json;      /* json, and jsonl records the streaming writer gives up */
    evtx_jsonl_writer *jsonl;
} dump_writers;

static void writers_init(dump_writers *w)
{
    w->xml = evtx_xml_new();
    w->json = evtx_json_new();
    w->jsonl = evtx_jsonl_new();
}

static void writers_free(dump_writers *w)
{
    evtx_xml_free(w->xml);
    evtx_json_free(w->json);
    evtx_jsonl_free(w->jsonl);
}

typedef struct dump_ctx {
    FILE *fp;                    /* stdout, or the -o file */
    int fmt;                     /* FMT_* */
    evtx_buf out;                /* rendered records not yet written */
    dump_writers wr;
    unsigned long long printed;  /* records rendered (for JSON array commas) */
    bool recover, verify, quiet; /* --recover, not --no-verify, -q */
    unsigned jobs;               /* decoding threads */
} dump_ctx;

/* Appends record r to out in format fmt (sep: the JSON array separator to put
 * first, or NULL); out is left as it was when the record does not render. */
static bool render_record(int fmt, dump_writers *wr, evtx_buf *out, evtx_chunk *c,
                          const evtx_record_view *r, const char *sep)
{
    size_t mark = out->len;
    if (fmt == FMT_XML) {
        if (r->recovered)
            evtx_buf_puts(out, "<!-- recovered from chunk slack -->\n");
        evtx_xml_reset(wr->xml, out);
        if (evtx_walk_render(c, r, &evtx_xml_visitor, wr->xml) < 0) {
            out->len = mark;
            return false;
        }
        return true;
    }
    if (fmt == FMT_JSONL) {
        /* Written as the record renders; the few records the streaming writer
         * cannot write (a key repeated after another key) go through the tree. */
        evtx_jsonl_begin(wr->jsonl, out);
        if (evtx_walk_render(c, r, &evtx_jsonl_visitor, wr->jsonl) < 0) {
            out->len = mark;
            return false;
        }
        if (evtx_jsonl_end(wr->jsonl, r->recovered)) {
            evtx_buf_putc(out, '\n');
            return true;
        }
    }
    evtx_json_reset(wr->json);
    if (evtx_walk_render(c, r, &evtx_json_visitor, wr->json) < 0)
        return false;
    if (sep)
        evtx_buf_puts(out, sep);
    evtx_json_finish(wr->json, out, fmt == FMT_JSON, r->recovered);
    if (fmt == FMT_JSONL)
        evtx_buf_putc(out, '\n');
    return true;
}

static void write_out(FILE *fp, evtx_buf *out)
{
    if (out->len)
        fwrite(out->p, 1, out->len, fp);
    out->len = 0;
}

static int dump_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    dump_ctx *d = ctx;
    const char *sep = d->fmt == FMT_JSON ? (d->printed ? ",\n" : "[\n") : NULL;
    if (render_record(d->fmt, &d->wr, &d->out, c, r, sep))
        d->printed++;
    if (d->out.len >= DUMP_FLUSH_AT)
        write_out(d->fp, &d->out);
    return 0;
}

/* -j: each worker renders whole chunks into a batch; the main thread prints them in
 * order. JSON array separators are decided at print time (the first record). */
typedef struct dump_batch {
    evtx_buf out;                /* rendered records, ",\n"-separated for json */
    unsigned long long n;        /* records in out */
    char pad[64];                /* batches filled by different threads sit side by
                                    side: keep their counters off a shared cache line */
} dump_batch;

typedef struct dump_worker {
    int fmt;
    dump_writers wr;
    char pad[64];                /* as dump_batch */
} dump_worker;

static void *dw_new(void *ctx)
{
    dump_worker *w = xcalloc(1, sizeof *w);
    w->fmt = ((dump_ctx *)ctx)->fmt;
    writers_init(&w->wr);
    return w;
}

static void dw_free(void *wp)
{
    dump_worker *w = wp;
    writers_free(&w->wr);
    free(w);
}

static void *db_new(void *ctx)
{
    (void)ctx;
    return xcalloc(1, sizeof(dump_batch));
}

static void db_free(void *bp)
{
    dump_batch *b = bp;
    evtx_buf_free(&b->out);
    free(b);
}

static void dw_record(void *wp, void *bp, evtx_chunk *c, const evtx_record_view *r)
{
    dump_worker *w = wp;
    dump_batch *b = bp;
    const char *sep = w->fmt == FMT_JSON && b->n ? ",\n" : NULL;
    if (render_record(w->fmt, &w->wr, &b->out, c, r, sep))
        b->n++;
}

static int db_flush(void *ctx, void *bp)
{
    dump_ctx *d = ctx;
    dump_batch *b = bp;
    if (b->n && d->fmt == FMT_JSON)
        fputs(d->printed ? ",\n" : "[\n", d->fp);
    write_out(d->fp, &b->out);
    d->printed += b->n;
    b->n = 0;
    return 0;
}

/* cli_paths_fn: prints every record of one file. */
static int dump_file(void *ctx, const char *path, int fd)
{
    dump_ctx *d = ctx;
    evtx_walk_result res;
    if (d->jobs > 1) {
        evtx_par_hooks ph = { d, d->jobs, dw_new, dw_free, db_new, db_free, dw_record, db_flush };
        evtx_walk_parallel(path, fd, NULL, 0, d->verify, d->recover, d->quiet, &ph, &res);
    } else {
        evtx_walk_hooks h = { d, NULL, NULL, dump_record, NULL };
        evtx_walk(path, fd, NULL, 0, d->verify, d->recover, d->quiet, &h, &res);
    }
    write_out(d->fp, &d->out);
    if (res.records == 0 && !res.incomplete)
        tr_warn("%s: no records (an empty log)", path);
    return res.incomplete ? EXIT_INPUT : EXIT_OK;
}

int cmd_dump(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "recover", no_argument, NULL, CLI_OPT_RECOVER },
        { "no-verify", no_argument, NULL, CLI_OPT_NO_VERIFY },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "jobs", required_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    dump_ctx d = { .fp = stdout, .fmt = FMT_XML };
    const char *output_path = NULL;
    cli_options o;   /* --recover, --no-verify, -q and -j, parsed as run parses them */
    cli_options_init(&o);
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":f:o:j:qvh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (strcmp(optarg, "xml") == 0)
                d.fmt = FMT_XML;
            else if (strcmp(optarg, "json") == 0)
                d.fmt = FMT_JSON;
            else if (strcmp(optarg, "jsonl") == 0)
                d.fmt = FMT_JSONL;
            else
                return cli_usage_error("dump", "unknown format (expected xml, json or jsonl)");
            break;
        case 'o':
            output_path = optarg;
            break;
        case 'h':
            fputs(dump_usage, stdout);
            return EXIT_OK;
        default: {
            int handled = opt == 'j' || opt == 'q' || opt == 'v' || opt == CLI_OPT_RECOVER ||
                          opt == CLI_OPT_NO_VERIFY ? cli_options_handle(&o, opt, optarg) : 0;
            if (handled < 0)
                return cli_usage_error("dump", NULL);
            if (!handled)
                return cli_usage_error("dump", cli_bad_option_message(argv, opt));
        }
        }
    }
    if (optind >= argc)
        return cli_usage_error("dump", "no input file");
    d.recover = o.input.recover;
    d.verify = !o.input.no_verify;
    d.quiet = o.quiet;
    d.jobs = jobs_resolve(o.jobs);
    cli_paths paths;
    cli_paths_init(&paths, argv + optind, (size_t)(argc - optind), &o.input);
    outfile *out = NULL;
    if (cli_paths_check(&paths) != EXIT_OK ||
        (output_path && !(out = cli_paths_open_output(&paths, output_path)))) {
        cli_paths_free(&paths);
        cli_options_free(&o);
        return EXIT_USAGE;
    }
    writers_init(&d.wr);
    if (out) {
        d.fp = outfile_fp(out);
        cli_paths_skip_outputs(&paths, &o.input);
    }
    int rc = cli_paths_each_evtx(&paths, dump_file, &d);
    if (d.fmt == FMT_JSON)
        fputs(d.printed ? "\n]\n" : "[]\n", d.fp);
    evtx_buf_free(&d.out);
    writers_free(&d.wr);
    cli_paths_free(&paths);
    cli_options_free(&o);
    tr_error err = { 0 };
    if (out && outfile_commit(out, &err) < 0) {
        tr_error_print(&err);
        return EXIT_INPUT;
    }
    if (!out && (fflush(stdout) != 0 || ferror(stdout))) {
        tr_warn("error writing output");
        return EXIT_INPUT;
    }
    return rc;
}
