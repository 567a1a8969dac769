/* commands.h - the subcommand table's entry points (git's cmd_* pattern). Each gets
 * argv with argv[0] = subcommand name and returns a process exit code (error.h). */
#ifndef TRAWL_COMMANDS_H
#define TRAWL_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_test(int argc, char **argv);

#endif
