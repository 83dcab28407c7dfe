// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of `sockctl capture`: every keyword and option, their
 * abbreviations, every error message word for word, and the filter
 * compiled by libpcap into the instructions the kernel gets.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/filter.h>

#include "capture.h"
#include "unit.h"

struct args_run {
	const char *line;
};

static void parse_in_child(void *arg)
{
	struct args_run *r = arg;
	struct capture_args a;
	char *words[64], buf[1024];
	int n = split_words(r->line, words, 63, buf, sizeof(buf));

	usage_hint("capture");
	capture_args_parse(n, words, &a);
	capture_args_free(&a);
	exit(0);
}

/* A line the grammar refuses, with this first line of error. */
static void refused(const char *line, const char *err)
{
	struct args_run r = { line };
	struct captured c;
	char *nl;

	run_captured(parse_in_child, &r, &c);
	nl = strchr(c.err, '\n');
	if (nl)
		*nl = '\0';
	if (!check(c.status == EXIT_USAGE && !strcmp(c.err, err) &&
		   strstr(nl ? nl + 1 : "", "Try 'sockctl capture help'."),
		   "capture args: \"%s\" -> %s", line, err))
		printf("# got %d: %s\n", c.status, c.err);
}

/* A line the grammar takes: parsed here, in this process. */
static struct capture_args *parsed(const char *line)
{
	static struct capture_args a;
	static char buf[1024];
	static char *words[64];
	int n;

	capture_args_free(&a);
	memset(&opts, 0, sizeof(opts));
	n = split_words(line, words, 63, buf, sizeof(buf));
	capture_args_parse(n, words, &a);
	return &a;
}

static void test_defaults_and_keywords(void)
{
	struct capture_args *a;

	a = parsed("");
	check(a->action == CAPTURE_RUN && !a->dev && !a->direction && !a->filter &&
	      !a->count && a->snaplen == 262144 && !a->queue_len && !a->flush_us &&
	      !a->write_file && !a->pcapng && !a->hex && !a->base64 &&
	      capture_kernel_snaplen(a) == SOCKCTL_MAX_FRAME_REPLY,
	      "capture args: defaults (tcpdump's snaplen, clamped to 65500 for the kernel)");

	a = parsed("dev veth0 in count 5 snaplen 96 queue 100 flush 5ms");
	check(a->action == CAPTURE_RUN && !strcmp(a->dev, "veth0") &&
	      a->direction == SOCKCTL_CAPTURE_IN && a->count == 5 && a->snaplen == 96 &&
	      capture_kernel_snaplen(a) == 96 && a->queue_len == 100 &&
	      a->flush_us == 5000,
	      "capture args: dev, in, count, snaplen, queue, flush");

	a = parsed("d veth1 o c 7 sn 128 q 1 fl 1s");
	check(!strcmp(a->dev, "veth1") && a->direction == SOCKCTL_CAPTURE_OUT &&
	      a->count == 7 && a->snaplen == 128 && a->queue_len == 1 &&
	      a->flush_us == 1000000,
	      "capture args: abbreviations d, o, c, sn, q, fl");

	a = parsed("b s 0");
	check(a->direction == SOCKCTL_CAPTURE_BOTH && a->snaplen == 262144,
	      "capture args: both; \"s\" is snaplen; snaplen 0 is the default, as in tcpdump");

	a = parsed("-c 3 -s 65535 -w /tmp/x.pcapng --pcapng -j -q -v -v");
	check(a->count == 3 && a->snaplen == 65535 &&
	      capture_kernel_snaplen(a) == SOCKCTL_MAX_FRAME_REPLY &&
	      !strcmp(a->write_file, "/tmp/x.pcapng") && a->pcapng && opts.json &&
	      opts.quiet && opts.verbose == 2,
	      "capture args: -c, -s (clamped for the kernel), -w, --pcapng, -j, -q, -v");

	a = parsed("-x --base64 --json");
	check(a->hex && a->base64 && opts.json, "capture args: -x, --base64, --json");

	a = parsed("-w -");
	check(!strcmp(a->write_file, "-") && !a->pcapng, "capture args: -w - (standard output)");

	a = parsed("list");
	check(a->action == CAPTURE_LIST, "capture args: list");
	a = parsed("l");
	check(a->action == CAPTURE_LIST, "capture args: l is list");
	a = parsed("stop 3 4");
	check(a->action == CAPTURE_STOP && a->n_ids == 2 && a->ids[0] == 3 &&
	      a->ids[1] == 4, "capture args: stop 3 4");
	a = parsed("st 9");
	check(a->action == CAPTURE_STOP && a->n_ids == 1 && a->ids[0] == 9,
	      "capture args: st is stop");
	a = parsed("help");
	check(a->action == CAPTURE_HELP, "capture args: help");
	a = parsed("dev veth0 -c 5 help");
	check(a->action == CAPTURE_HELP, "capture args: help after other words");
	a = parsed("list help");
	check(a->action == CAPTURE_HELP, "capture args: list help");
	a = parsed("stop help");
	check(a->action == CAPTURE_HELP, "capture args: stop help");
	capture_args_free(a);
	memset(&opts, 0, sizeof(opts));
}

static void test_filter_words(void)
{
	const struct sock_filter *insn;
	struct capture_args *a;

	a = parsed("dev veth0 filter tcp port 80 and host 10.0.0.2");
	check(!strcmp(a->filter, "tcp port 80 and host 10.0.0.2") && a->n_insns > 4 &&
	      a->insns.len == a->n_insns * sizeof(struct sock_filter),
	      "capture args: filter takes the rest of the line (%u instructions)",
	      a->n_insns);

	/* As tcpdump's getopt permutes: our dash options may follow it. */
	a = parsed("filter udp -c 5 and port 53 -x");
	check(!strcmp(a->filter, "udp and port 53") && a->count == 5 && a->hex,
	      "capture args: dash options after filter are ours, not the expression's");

	/* Keywords of ours are words of the filter language after "filter". */
	a = parsed("filter inbound and not arp");
	check(!strcmp(a->filter, "inbound and not arp") && !a->direction,
	      "capture args: after filter, words are the expression's");

	a = parsed("f icmp");
	insn = (const struct sock_filter *)a->insns.data;
	/* ldh [12]; jeq #0x800 ...; ldb [23]; jeq #1 ...; ret #262144; ret #0 */
	check(!strcmp(a->filter, "icmp") && a->n_insns == 6 &&
	      insn[0].code == (BPF_LD | BPF_H | BPF_ABS) && insn[0].k == 12 &&
	      insn[1].code == (BPF_JMP | BPF_JEQ | BPF_K) && insn[1].k == 0x0800 &&
	      insn[2].code == (BPF_LD | BPF_B | BPF_ABS) && insn[2].k == 23 &&
	      insn[3].k == 1 && insn[4].code == (BPF_RET | BPF_K) &&
	      insn[4].k == 262144 && insn[5].code == (BPF_RET | BPF_K) && insn[5].k == 0,
	      "capture args: \"f icmp\" compiles to the six instructions tcpdump -d shows");

	a = parsed("-s 100 filter ip");
	insn = (const struct sock_filter *)a->insns.data;
	check(a->n_insns == 4 && insn[2].code == (BPF_RET | BPF_K) && insn[2].k == 100,
	      "capture args: the filter returns the snap length given before it");
	capture_args_free(a);
	memset(&opts, 0, sizeof(opts));
}

static void test_filter_compile(void)
{
	struct blob b = { 0 };
	char err[256];
	int n;

	n = capture_filter_compile("ether proto 0x88cc", 262144, &b, err, sizeof(err));
	check(n == 4 && b.len == 32, "capture filter: ether proto compiles to 4 instructions");
	n = capture_filter_compile("tcp port", 262144, &b, err, sizeof(err));
	check(n == -1 && strstr(err, "syntax error"), "capture filter: a syntax error is libpcap's: %s",
	      err);
	n = capture_filter_compile("port eighty", 262144, &b, err, sizeof(err));
	check(n == -1 && !strcmp(err, "unknown port 'eighty'"),
	      "capture filter: an unknown port: %s", err);
	blob_free(&b);
}

static void test_errors(void)
{
	refused("bogus", "sockctl: capture: \"bogus\" is not a keyword or an option");
	refused("-z", "sockctl: capture: \"-z\" is not a keyword or an option");
	refused("dev", "sockctl: capture dev: needs a value");
	refused("dev a/b", "sockctl: capture dev: \"a/b\" is not a device name (1 to 15 characters, no '/')");
	refused("dev 0123456789abcdef", "sockctl: capture dev: \"0123456789abcdef\" is not a device name (1 to 15 characters, no '/')");
	refused("dev a dev b", "sockctl: capture dev: given twice");
	refused("in in", "sockctl: capture in: given twice");
	refused("in out", "sockctl: capture out: conflicts with \"in\" given before");
	refused("out both", "sockctl: capture both: conflicts with \"out\" given before");
	refused("count", "sockctl: capture count: needs a value");
	refused("count 0", "sockctl: capture count: \"0\" is not a number in 1..18446744073709551615");
	refused("-c x", "sockctl: capture -c: \"x\" is not a number in 1..18446744073709551615");
	refused("count 5 -c 5", "sockctl: capture -c: conflicts with \"count\" given before");
	refused("-c 1 -c 2", "sockctl: capture -c: given twice");
	refused("snaplen 262145", "sockctl: capture snaplen: \"262145\" is not a number in 0..262144");
	refused("-s", "sockctl: capture -s: needs a value");
	refused("snaplen 1 -s 2", "sockctl: capture -s: conflicts with \"snaplen\" given before");
	refused("queue 0", "sockctl: capture queue: \"0\" is not a number in 1..65536");
	refused("queue 65537", "sockctl: capture queue: \"65537\" is not a number in 1..65536");
	refused("flush 0", "sockctl: capture flush: \"0\" is not a duration from 1us to 1s (10ms, 500us)");
	refused("flush 2s", "sockctl: capture flush: \"2s\" is not a duration from 1us to 1s (10ms, 500us)");
	refused("flush 999ns", "sockctl: capture flush: \"999ns\" is not a duration from 1us to 1s (10ms, 500us)");
	refused("-w", "sockctl: capture -w: needs a value");
	refused("-w ''", "sockctl: capture -w: needs a file name (or - for standard output)");
	refused("-w a -w b", "sockctl: capture -w: given twice");
	refused("--pcapng", "sockctl: capture --pcapng: goes with -w FILE (the format of the file)");
	refused("--pcapng --pcapng -w f", "sockctl: capture --pcapng: given twice");
	refused("-w f -x", "sockctl: capture -x: nothing is printed with -w, the packets go to the file");
	refused("-w f --base64", "sockctl: capture --base64: nothing is printed with -w, the packets go to the file");
	refused("-x -x", "sockctl: capture -x: given twice");
	refused("--base64 --base64", "sockctl: capture --base64: given twice");
	refused("filter", "sockctl: capture filter: needs a tcpdump expression (\"tcp port 80\", \"host 10.0.0.2 and not arp\")");
	refused("filter -c 5", "sockctl: capture filter: needs a tcpdump expression (\"tcp port 80\", \"host 10.0.0.2 and not arp\")");
	refused("filter tcp port eighty", "sockctl: capture filter: \"tcp port eighty\": unknown port 'eighty'");
	refused("filter ip and", "sockctl: capture filter: \"ip and\": can't parse filter expression: syntax error");
	refused("filter tcp dev veth0", "sockctl: capture filter: \"tcp dev veth0\": can't parse filter expression: syntax error");
	refused("dev veth0 list", "sockctl: capture: \"list\" comes first: 'sockctl capture list'");
	refused("in stop 3", "sockctl: capture: \"stop\" comes first: 'sockctl capture stop ID'");
	refused("list 3", "sockctl: capture list: unexpected argument \"3\"");
	refused("stop", "sockctl: capture stop: which capture? Give its ID (see 'sockctl capture list')");
	refused("stop 0", "sockctl: capture stop: \"0\" is not a number in 1..4294967295");
	refused("stop 1 x", "sockctl: capture stop: \"x\" is not a number in 1..4294967295");
}

struct command_line {
	const char *line;
};

static void capture_command(void *arg)
{
	struct command_line *r = arg;
	char *words[64], buf[1024];
	int n = split_words(r->line, words, 63, buf, sizeof(buf));

	words[n] = NULL;
	memset(&opts, 0, sizeof(opts));
	exit(cmd_capture(n, words));
}

static void test_command(void)
{
	struct command_line r = { "help" };
	static const char *const words[] = {
		"dev NAME", "in|out|both", "count N, -c N", "snaplen N, -s N",
		"queue N", "flush DURATION", "-w FILE", "--pcapng", "-x",
		"--base64", "-j", "filter EXPR", "list", "stop ID",
	};
	char missing[256] = "";
	struct captured c;
	size_t i;

	run_captured(capture_command, &r, &c);
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strstr(c.out, words[i]))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 " \"%s\"", words[i]);
	if (!check(c.status == EXIT_OK && !missing[0] &&
		   !strncmp(c.out, "Usage: sockctl [-j] capture ", 28),
		   "capture help: names every keyword and option"))
		printf("# missing:%s\n", missing);

	/* A correct line is checked, then the module looked for. */
	r.line = "dev veth0 -c 5 filter tcp port 80";
	run_captured(capture_command, &r, &c);
	if (c.status == EXIT_SYSTEM)
		check(true, "capture: without the module # SKIP no generic netlink here");
	else
		check(c.status == EXIT_NO_MODULE && strstr(c.err, "module is not loaded"),
		      "capture: a correct line, then exit 3 without the module");
	r.line = "list";
	run_captured(capture_command, &r, &c);
	check(c.status == EXIT_NO_MODULE || c.status == EXIT_SYSTEM,
	      "capture list: exit 3 without the module");
	r.line = "stop 1";
	run_captured(capture_command, &r, &c);
	check(c.status == EXIT_NO_MODULE || c.status == EXIT_SYSTEM,
	      "capture stop: exit 3 without the module");
}

void test_capture_args(void)
{
	test_defaults_and_keywords();
	test_filter_words();
	test_filter_compile();
	test_errors();
	test_command();
}
