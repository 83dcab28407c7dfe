// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl(8): drive the sockctl kernel module from the command line.
 *
 *   sockctl [OPTIONS] OBJECT|COMMAND [ARGS...]
 *
 * Global options come first, then a subcommand, which may be abbreviated to
 * any unique prefix (first match in table order wins, as in ip(8)).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "sockctl.h"

struct sockctl_opts opts;

static int cmd_help(int argc, char **argv);
static void cmd_help_usage(FILE *out);

static const struct cli_command commands[] = {
	{ "info", cmd_info, cmd_info_usage,
	  "module version, your netns and privileges, limits" },
	{ "send", cmd_send, cmd_send_usage,
	  "build a packet from a description and send it" },
	{ "build", cmd_build, cmd_build_usage,
	  "build a packet without sending it; show every field" },
	{ "capture", cmd_capture, cmd_capture_usage,
	  "capture packets in the kernel, print them as tcpdump does" },
	{ "jobs", cmd_jobs, cmd_jobs_usage, "list the send jobs of this netns" },
	/* stats before stop: "st" should show, not cancel. */
	{ "stats", cmd_stats, cmd_stats_usage, "send and capture counters of this netns" },
	{ "stop", cmd_stop, cmd_stop_usage, "stop send jobs" },
	{ "help", cmd_help, cmd_help_usage, "this text, or 'help COMMAND'" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct cli_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (matches(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	size_t i;

	fputs("Usage: sockctl [OPTIONS] COMMAND [ARGS...]\n"
	      "Craft, inject and capture packets in kernel space (sockctl.ko).\n\n"
	      "Commands (any unique prefix works):\n", out);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nOptions:\n"
	      "  -j, --json      machine-readable JSON output\n"
	      "  -q, --quiet     print nothing but errors\n"
	      "  -v, --verbose   say more (repeatable)\n"
	      "  -V, --version   print the tool's version\n"
	      "  -h, --help      this text\n\n"
	      "Exit status: 0 success, 1 usage error, 2 the kernel refused the request\n"
	      "(its reason is printed), 3 the sockctl module is not loaded,\n"
	      "4 system error.\n", out);
}

static void cmd_help_usage(FILE *out)
{
	fputs("Usage: sockctl help [COMMAND]\n", out);
}

static int cmd_help(int argc, char **argv)
{
	const struct cli_command *cmd;

	if (argc == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	cmd = find_command(argv[0]);
	if (!cmd)
		usage_error("help: unknown command \"%s\"", argv[0]);
	cmd->usage(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",    no_argument, NULL, 'j' },
		{ "quiet",   no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help",    no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cli_command *cmd;
	int c;

	/* '+': stop at the subcommand; its own arguments may look like options. */
	while ((c = getopt_long(argc, argv, "+jqvVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'q':
			opts.quiet = true;
			break;
		case 'v':
			opts.verbose++;
			break;
		case 'V':
			printf("sockctl %s (family \"%s\" version %d)\n",
			       SOCKCTL_CLI_VERSION, SOCKCTL_FAMILY_NAME,
			       SOCKCTL_FAMILY_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			fputs("Try 'sockctl help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd)
		usage_error("unknown command \"%s\"", argv[optind]);
	return cmd->run(argc - optind - 1, argv + optind + 1);
}
