// SPDX-License-Identifier: GPL-2.0
/*
 * The subcommands as far as the host can run them: their command lines are
 * checked before the module is looked for, their help is complete, and
 * without the module they say so with exit code 3.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

struct command_run {
	int (*cmd)(int argc, char **argv);
	const char *line;
};

static void run_command(void *arg)
{
	struct command_run *r = arg;
	char *words[64], buf[1024];
	int n = split_words(r->line, words, 63, buf, sizeof(buf));

	words[n] = NULL;
	exit(r->cmd(n, words));
}

static void expect(int (*cmd)(int, char **), const char *name, const char *line,
		   int status, const char *err_first_line)
{
	struct command_run r = { cmd, line };
	struct captured c;
	char *nl;

	run_captured(run_command, &r, &c);
	nl = strchr(c.err, '\n');
	if (nl)
		*nl = '\0';
	if (!check(c.status == status && !strcmp(c.err, err_first_line),
		   "command: %s %s exits %d: %s", name, line, status, err_first_line))
		printf("# got %d: %s\n", c.status, c.err);
}

static void no_module(int (*cmd)(int, char **), const char *name, const char *line)
{
	struct command_run r = { cmd, line };
	struct captured c;

	run_captured(run_command, &r, &c);
	if (c.status == EXIT_SYSTEM) {
		check(true, "command: %s %s without the module # SKIP no generic netlink here",
		      name, line);
		return;
	}
	check(c.status == EXIT_NO_MODULE && strstr(c.err, "module is not loaded"),
	      "command: %s %s: a correct command line, then exit 3 without the module",
	      name, line);
}

/* The usage names every keyword of every layer, since it is made from them. */
static void test_help_complete(void)
{
	const struct layer_def *const *l;
	const struct field_def *f;
	struct command_run r = { cmd_send, "help" };
	struct captured c;
	char missing[256] = "";

	run_captured(run_command, &r, &c);
	for (l = desc_layers; *l; l++) {
		char line[32];

		snprintf(line, sizeof(line), "\n  %-8s", (*l)->keyword);
		if (!strstr(c.out, line))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 " %s", (*l)->keyword);
		for (f = (*l)->fields; f->keyword; f++) {
			/* " csum ", "|checksum,": a whole word of the list. */
			static const char before[] = " |", after[] = " ,|\n";
			bool found = false;
			size_t i, j;

			for (i = 0; i < 2; i++)
				for (j = 0; j < 4 && !found; j++) {
					char word[40];

					snprintf(word, sizeof(word), "%c%s%c", before[i],
						 f->keyword, after[j]);
					found = strstr(c.out, word) != NULL;
				}
			if (!found)
				snprintf(missing + strlen(missing),
					 sizeof(missing) - strlen(missing), " %s.%s",
					 (*l)->keyword, f->keyword);
		}
	}
	if (!check(c.status == EXIT_OK && !missing[0] &&
		   !strncmp(c.out, "Usage: sockctl [-j] send DESCRIPTION\n", 37),
		   "help: send help lists every layer and every field keyword"))
		printf("# missing:%s\n", missing);
	r.cmd = cmd_build;
	run_captured(run_command, &r, &c);
	check(c.status == EXIT_OK &&
	      !strncmp(c.out, "Usage: sockctl [-j] build [--hex|--base64] DESCRIPTION\n", 55),
	      "help: build help");
	r.line = "dev veth0 ip dst 10.0.0.2 help";
	run_captured(run_command, &r, &c);
	check(c.status == EXIT_OK && strstr(c.out, "Usage: sockctl [-j] build"),
	      "help: after any keyword, the subcommand's usage");
}

void test_commands(void)
{
	expect(cmd_send, "send", "ip ttl 300", EXIT_USAGE,
	       "sockctl: ip ttl: \"300\" is not a number in 0..255");
	expect(cmd_build, "build", "--hex --bogus ip dst 10.0.0.2", EXIT_USAGE,
	       "sockctl: build: \"--bogus\" is not a layer or an option");
	expect(cmd_build, "build", "", EXIT_USAGE,
	       "sockctl: build: nothing to build: describe a packet (eth, arp, ip, ip6, ...) or give it raw");
	expect(cmd_jobs, "jobs", "abc", EXIT_USAGE,
	       "sockctl: jobs: \"abc\" is not a number in 1..4294967295");
	expect(cmd_jobs, "jobs", "1 2", EXIT_USAGE, "sockctl: jobs: unexpected argument \"2\"");
	expect(cmd_stop, "stop", "", EXIT_USAGE,
	       "sockctl: stop: which job? Give its ID (see 'sockctl jobs') or \"all\"");
	expect(cmd_stop, "stop", "0", EXIT_USAGE,
	       "sockctl: stop: \"0\" is not a number in 1..4294967295");
	expect(cmd_stop, "stop", "1 all", EXIT_USAGE,
	       "sockctl: stop: \"all\" is not a number in 1..4294967295");
	expect(cmd_stats, "stats", "now", EXIT_USAGE, "sockctl: stats: unexpected argument \"now\"");
	expect(cmd_jobs, "jobs", "help", EXIT_OK, "");
	expect(cmd_stop, "stop", "help", EXIT_OK, "");
	expect(cmd_stats, "stats", "help", EXIT_OK, "");
	no_module(cmd_send, "send", "dev veth0 ip dst 10.0.0.2 ttl 5 id 7 df tcp dport 80 flags S payload text \"hello\"");
	no_module(cmd_build, "build", "--hex route ip6 dst fd00::2 hoplimit 3 udp dport 9 payload hex 'de ad be ef'");
	no_module(cmd_jobs, "jobs", "");
	no_module(cmd_stats, "stats", "");
	test_help_complete();
}
