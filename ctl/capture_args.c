// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of `sockctl capture`:
 *
 *   capture [dev NAME] [in|out|both] [count N|-c N] [snaplen N|-s N]
 *           [queue N] [flush DURATION] [-w FILE [--pcapng]] [-x] [--base64]
 *           [-j] [-q] [-v] [filter EXPR...]
 *   capture list
 *   capture stop ID...
 *
 * Keywords may be abbreviated to any prefix, the first in table order
 * winning, as elsewhere.  "filter" takes the rest of the line as a tcpdump
 * expression, as tcpdump takes its trailing arguments; only our dash
 * options may still follow it (tcpdump's getopt lets them too), since
 * keywords such as "in" or "out" are also words of that language.  The
 * expression is compiled here, so a mistake in it is a usage error before
 * the module is even looked for.
 */
#include <stdlib.h>
#include <string.h>

#include "capture.h"

enum capture_slot {
	SLOT_DEV, SLOT_DIR, SLOT_FILTER, SLOT_COUNT, SLOT_SNAPLEN, SLOT_QUEUE,
	SLOT_FLUSH, SLOT_WRITE, SLOT_PCAPNG, SLOT_HEX, SLOT_BASE64, SLOT_MAX
};

struct capture_parser {
	int argc, pos;
	char **argv;
	struct capture_args *a;
	int given[SLOT_MAX];	/* argv index of the word that set it, or -1 */
};

struct capture_keyword {
	const char *word;
	void (*parse)(struct capture_parser *p, const char *ctx);
};

static const char *next_word(struct capture_parser *p, const char *ctx)
{
	if (p->pos >= p->argc)
		usage_error("%s: needs a value", ctx);
	return p->argv[p->pos++];
}

/* Record the slot as set by the word just read (at p->pos - 1 or before). */
static void given(struct capture_parser *p, enum capture_slot slot, int argi,
		  const char *ctx)
{
	int prev = p->given[slot];

	if (prev >= 0) {
		if (!strcmp(p->argv[prev], p->argv[argi]))
			usage_error("%s: given twice", ctx);
		usage_error("%s: conflicts with \"%s\" given before", ctx,
			    p->argv[prev]);
	}
	p->given[slot] = argi;
}

static void kw_dev(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;
	const char *name = next_word(p, ctx);

	if (!*name || strlen(name) >= IFNAMSIZ || strchr(name, '/'))
		usage_error("%s: \"%s\" is not a device name (1 to %d characters, no '/')",
			    ctx, name, IFNAMSIZ - 1);
	given(p, SLOT_DEV, argi, ctx);
	p->a->dev = name;
}

static void set_dir(struct capture_parser *p, const char *ctx, uint8_t dir)
{
	given(p, SLOT_DIR, p->pos - 1, ctx);
	p->a->direction = dir;
}

static void kw_in(struct capture_parser *p, const char *ctx)
{
	set_dir(p, ctx, SOCKCTL_CAPTURE_IN);
}

static void kw_out(struct capture_parser *p, const char *ctx)
{
	set_dir(p, ctx, SOCKCTL_CAPTURE_OUT);
}

static void kw_both(struct capture_parser *p, const char *ctx)
{
	set_dir(p, ctx, SOCKCTL_CAPTURE_BOTH);
}

static void kw_count(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;

	p->a->count = parse_uint_arg(ctx, next_word(p, ctx), 1, UINT64_MAX);
	given(p, SLOT_COUNT, argi, ctx);
}

static void kw_snaplen(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;

	/* 0 is tcpdump's way of asking for the default. */
	p->a->snaplen = (uint32_t)parse_uint_arg(ctx, next_word(p, ctx), 0,
						 CAPTURE_SNAPLEN_DEFAULT);
	if (!p->a->snaplen)
		p->a->snaplen = CAPTURE_SNAPLEN_DEFAULT;
	given(p, SLOT_SNAPLEN, argi, ctx);
}

static void kw_queue(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;

	p->a->queue_len = (uint32_t)parse_uint_arg(ctx, next_word(p, ctx), 1, 65536);
	given(p, SLOT_QUEUE, argi, ctx);
}

static void kw_flush(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;
	const char *word = next_word(p, ctx);
	uint64_t ns;

	if (!parse_duration_ns(word, &ns) || ns < 1000 || ns > 1000000000)
		usage_error("%s: \"%s\" is not a duration from 1us to 1s (10ms, 500us)",
			    ctx, word);
	p->a->flush_us = (uint32_t)(ns / 1000);
	given(p, SLOT_FLUSH, argi, ctx);
}

static void kw_write(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;
	const char *file = next_word(p, ctx);

	if (!*file)
		usage_error("%s: needs a file name (or - for standard output)", ctx);
	given(p, SLOT_WRITE, argi, ctx);
	p->a->write_file = file;
}

static void kw_pcapng(struct capture_parser *p, const char *ctx)
{
	given(p, SLOT_PCAPNG, p->pos - 1, ctx);
	p->a->pcapng = true;
}

static void kw_hex(struct capture_parser *p, const char *ctx)
{
	given(p, SLOT_HEX, p->pos - 1, ctx);
	p->a->hex = true;
}

static void kw_base64(struct capture_parser *p, const char *ctx)
{
	given(p, SLOT_BASE64, p->pos - 1, ctx);
	p->a->base64 = true;
}

static void kw_json(struct capture_parser *p, const char *ctx)
{
	(void)p;
	(void)ctx;
	opts.json = true;
}

static void kw_quiet(struct capture_parser *p, const char *ctx)
{
	(void)p;
	(void)ctx;
	opts.quiet = true;
}

static void kw_verbose(struct capture_parser *p, const char *ctx)
{
	(void)p;
	(void)ctx;
	opts.verbose++;
}

/* Options: written in full, and also allowed after "filter". */
static const struct capture_keyword dash_options[] = {
	{ "-c", kw_count }, { "-s", kw_snaplen }, { "-w", kw_write },
	{ "--pcapng", kw_pcapng }, { "-x", kw_hex }, { "--base64", kw_base64 },
	{ "-j", kw_json }, { "--json", kw_json }, { "-q", kw_quiet },
	{ "-v", kw_verbose },
	{ NULL, NULL },
};

static void kw_filter(struct capture_parser *p, const char *ctx);

/* Keywords: any prefix, first match in this order. */
static const struct capture_keyword keywords[] = {
	{ "dev", kw_dev }, { "in", kw_in }, { "out", kw_out }, { "both", kw_both },
	{ "filter", kw_filter }, { "count", kw_count }, { "snaplen", kw_snaplen },
	{ "queue", kw_queue }, { "flush", kw_flush },
	{ NULL, NULL },
};

static const struct capture_keyword *find_dash_option(const char *word)
{
	const struct capture_keyword *k;

	for (k = dash_options; k->word; k++)
		if (!strcmp(word, k->word))
			return k;
	return NULL;
}

static void run_keyword(struct capture_parser *p, const struct capture_keyword *k)
{
	char ctx[32];

	snprintf(ctx, sizeof(ctx), "capture %s", k->word);
	k->parse(p, ctx);
}

/* The rest of the line, less our dash options, is the expression. */
static void kw_filter(struct capture_parser *p, const char *ctx)
{
	int argi = p->pos - 1;
	size_t len = 0, n;
	char *expr = NULL;

	given(p, SLOT_FILTER, argi, ctx);
	while (p->pos < p->argc) {
		const char *word = p->argv[p->pos++];
		const struct capture_keyword *k = find_dash_option(word);

		if (k) {
			run_keyword(p, k);
			continue;
		}
		n = strlen(word);
		expr = realloc(expr, len + n + 2);
		if (!expr)
			sys_error("out of memory");
		if (len)
			expr[len++] = ' ';
		memcpy(expr + len, word, n + 1);
		len += n;
	}
	if (!expr || !expr[strspn(expr, " \t")])
		usage_error("%s: needs a tcpdump expression (\"tcp port 80\", \"host 10.0.0.2 and not arp\")",
			    ctx);
	p->a->filter = expr;
}

static void parse_ids(struct capture_parser *p)
{
	struct capture_args *a = p->a;
	int i;

	if (p->pos >= p->argc)
		usage_error("capture stop: which capture? Give its ID (see 'sockctl capture list')");
	a->n_ids = p->argc - p->pos;
	a->ids = calloc((size_t)a->n_ids, sizeof(*a->ids));
	if (!a->ids)
		sys_error("out of memory");
	for (i = 0; i < a->n_ids; i++) {
		const char *word = p->argv[p->pos + i];

		if (matches(word, "help")) {
			a->action = CAPTURE_HELP;
			return;
		}
		a->ids[i] = (uint32_t)parse_uint_arg("capture stop", word, 1, UINT32_MAX);
	}
}

/* The settings that only make sense together, checked once all are read. */
static void check_combinations(struct capture_parser *p)
{
	const struct capture_args *a = p->a;

	if (a->pcapng && !a->write_file)
		usage_error("capture --pcapng: goes with -w FILE (the format of the file)");
	if (a->write_file && (a->hex || a->base64))
		usage_error("capture %s: nothing is printed with -w, the packets go to the file",
			    a->hex ? "-x" : "--base64");
}

static void compile_filter(struct capture_args *a)
{
	char err[256];	/* PCAP_ERRBUF_SIZE */
	int n;

	n = capture_filter_compile(a->filter, a->snaplen, &a->insns, err, sizeof(err));
	if (n < 0)
		usage_error("capture filter: \"%s\": %s", a->filter, err);
	a->n_insns = (uint32_t)n;
}

void capture_args_parse(int argc, char **argv, struct capture_args *a)
{
	struct capture_parser p = { .argc = argc, .argv = argv, .a = a };
	int i;

	memset(a, 0, sizeof(*a));
	a->snaplen = CAPTURE_SNAPLEN_DEFAULT;
	for (i = 0; i < SLOT_MAX; i++)
		p.given[i] = -1;

	if (argc > 0 && matches(argv[0], "list")) {
		a->action = CAPTURE_LIST;
		if (argc > 1 && matches(argv[1], "help"))
			a->action = CAPTURE_HELP;
		else if (argc > 1)
			usage_error("capture list: unexpected argument \"%s\"", argv[1]);
		return;
	}
	/* "s" is snaplen's: stop needs at least "st". */
	if (argc > 0 && strlen(argv[0]) >= 2 && matches(argv[0], "stop")) {
		a->action = CAPTURE_STOP;
		p.pos = 1;
		parse_ids(&p);
		return;
	}
	while (p.pos < argc) {
		const char *word = argv[p.pos++];
		const struct capture_keyword *k = find_dash_option(word);

		if (!k)
			for (k = keywords; k->word && !matches(word, k->word); k++)
				;
		if (k->word) {
			run_keyword(&p, k);
			continue;
		}
		if (matches(word, "help")) {
			a->action = CAPTURE_HELP;
			return;
		}
		if ((strlen(word) >= 2 && matches(word, "stop")) || matches(word, "list"))
			usage_error("capture: \"%s\" comes first: 'sockctl capture %s'",
				    word, matches(word, "list") ? "list" : "stop ID");
		usage_error("capture: \"%s\" is not a keyword or an option", word);
	}
	check_combinations(&p);
	if (a->filter)
		compile_filter(a);
}

void capture_args_free(struct capture_args *a)
{
	free(a->filter);
	blob_free(&a->insns);
	free(a->ids);
	memset(a, 0, sizeof(*a));
}

/* What the kernel is asked to keep: a netlink attribute holds no more. */
uint32_t capture_kernel_snaplen(const struct capture_args *a)
{
	return a->snaplen > SOCKCTL_MAX_FRAME_REPLY ? SOCKCTL_MAX_FRAME_REPLY :
						       a->snaplen;
}
