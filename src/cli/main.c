/* main.c - trawl's entry: the subcommand table (git's commands[] pattern) and the
 * top-level usage. Each subcommand parses its own options. */
#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "commands.h"

#define TRAWL_VERSION "0.1.0"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "run",    cmd_run,    "run detections over event logs" },
    { "search", cmd_search, "run an ad-hoc SPL search over event logs" },
    { "list",   cmd_list,   "list detections, stories or macros" },
    { "dump",   cmd_dump,   "print the events of .evtx files as XML or JSON" },
    { "info",   cmd_info,   "describe the structure and health of .evtx files" },
    { "test",   cmd_test,   "run detections' tests: sample data in, results checked" },
    { "convert", cmd_convert, "write events as a new .evtx file or as XmlWinEventLog" },
};

static void usage(FILE *fp)
{
    fputs("usage: trawl <command> [options] [args]\n\n"
          "Runs Splunk-style security detections directly over Windows event logs.\n\n"
          "commands:\n", fp);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'trawl <command> --help' for the options of one command.\n", fp);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        puts("trawl " TRAWL_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    tr_warn("'%s' is not a trawl command (try 'trawl --help')", name);
    return EXIT_USAGE;
}
