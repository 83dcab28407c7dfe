// SPDX-License-Identifier: GPL-2.0
/*
 * The engine of the packet description grammar (see desc.h): matches each
 * word against the open layer's fields, the layers and the options; keeps
 * layers in order; and writes the options and variations at the end, once
 * every layer's nest is closed.
 *
 * Matching is exact first, then by unique prefix in table order, as ip(8)
 * does; exact first is what lets "frag" (the fragment size option) coexist
 * with ip's "fragoff", and "ip" with "ip6".
 */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"

const struct layer_def *const desc_layers[] = {
	&eth_layer, &arp_layer, &ipv4_layer, &ipv6_layer, &tcp_layer,
	&udp_layer, &icmp_layer, &icmp6_layer, &payload_layer, &raw_layer,
	NULL,
};

struct option_def {
	const char *keyword;
	int slot;		/* the attribute it sets, for conflicts */
	void (*parse)(struct desc_parser *p, const char *ctx);
};

/* Record option slot as given by the keyword at p->field_argi. */
static void option_given(struct desc_parser *p, int slot, const char *ctx)
{
	int prev = p->o.argi[slot];

	if (prev >= 0) {
		if (!strcmp(p->argv[prev], p->argv[p->field_argi]))
			usage_error("%s: given twice", ctx);
		usage_error("%s: conflicts with \"%s\" given before", ctx,
			    p->argv[prev]);
	}
	p->o.argi[slot] = p->field_argi;
}

static void opt_dev(struct desc_parser *p, const char *ctx)
{
	const char *name = desc_next(p, ctx);

	if (!*name || strlen(name) >= IFNAMSIZ || strchr(name, '/'))
		usage_error("%s: \"%s\" is not a device name (1 to %d characters, no '/')",
			    ctx, name, IFNAMSIZ - 1);
	option_given(p, SOCKCTL_A_IFNAME, ctx);
	p->o.ifname = name;
}

static void opt_ifindex(struct desc_parser *p, const char *ctx)
{
	option_given(p, SOCKCTL_A_IFINDEX, ctx);
	p->o.ifindex = (uint32_t)parse_uint_arg(ctx, desc_next(p, ctx), 1, INT32_MAX);
}

static void set_inject(struct desc_parser *p, const char *ctx, uint8_t inject)
{
	option_given(p, SOCKCTL_A_INJECT, ctx);
	p->o.inject = inject;
}

static void opt_via(struct desc_parser *p, const char *ctx)
{
	const char *word = desc_next(p, ctx);
	const struct name_value *nv = name_lookup(inject_names, word);

	if (!nv)
		usage_error("%s: \"%s\" is not an injection point (l2, l3, rx)",
			    ctx, word);
	set_inject(p, ctx, (uint8_t)nv->value);
}

static void opt_route(struct desc_parser *p, const char *ctx)
{
	set_inject(p, ctx, SOCKCTL_INJECT_L3);
}

static void opt_rx(struct desc_parser *p, const char *ctx)
{
	set_inject(p, ctx, SOCKCTL_INJECT_RX);
}

static void opt_count(struct desc_parser *p, const char *ctx)
{
	option_given(p, SOCKCTL_A_COUNT, ctx);
	p->o.count = (uint32_t)parse_uint_arg(ctx, desc_next(p, ctx), 1, UINT32_MAX);
}

static void opt_burst(struct desc_parser *p, const char *ctx)
{
	option_given(p, SOCKCTL_A_BURST, ctx);
	p->o.burst = (uint32_t)parse_uint_arg(ctx, desc_next(p, ctx), 1, UINT32_MAX);
}

/* Pacing: interval and rate are two ways to say the same thing. */
static void pacing_given(struct desc_parser *p, int slot, const char *ctx)
{
	int other = slot == SOCKCTL_A_INTERVAL_NS ? SOCKCTL_A_RATE_PPS :
						    SOCKCTL_A_INTERVAL_NS;

	if (p->o.argi[other] >= 0)
		usage_error("%s: conflicts with \"%s\" given before", ctx,
			    p->argv[p->o.argi[other]]);
	option_given(p, slot, ctx);
}

static void opt_interval(struct desc_parser *p, const char *ctx)
{
	const char *word = desc_next(p, ctx);

	pacing_given(p, SOCKCTL_A_INTERVAL_NS, ctx);
	if (!parse_duration_ns(word, &p->o.interval_ns))
		usage_error("%s: \"%s\" is not a duration (10ms, 1.5s, 250us, 100ns)",
			    ctx, word);
}

static void opt_rate(struct desc_parser *p, const char *ctx)
{
	const char *word = desc_next(p, ctx);
	uint64_t rate;
	bool pps;

	/* One slot for both: "rate" is one keyword whatever its unit. */
	pacing_given(p, SOCKCTL_A_RATE_PPS, ctx);
	if (!parse_rate(word, &rate, &pps) || !rate || (pps && rate > UINT32_MAX))
		usage_error("%s: \"%s\" is not a rate (500pps, 2kpps, 1mbit, 10kbps = bytes/s)",
			    ctx, word);
	if (pps)
		p->o.rate_pps = (uint32_t)rate;
	else
		p->o.rate_bps = rate;
}

static void opt_frag(struct desc_parser *p, const char *ctx)
{
	option_given(p, SOCKCTL_A_FRAG_SIZE, ctx);
	p->o.frag_size = (uint16_t)parse_uint_arg(ctx, desc_next(p, ctx), 8, 65535);
}

static void opt_background(struct desc_parser *p, const char *ctx)
{
	option_given(p, SOCKCTL_A_BACKGROUND, ctx);
}

static void opt_help(struct desc_parser *p, const char *ctx)
{
	(void)ctx;
	p->hooks->usage(stdout);
	exit(EXIT_OK);
}

static const struct option_def options[] = {
	{ "dev",	SOCKCTL_A_IFNAME,	opt_dev },
	{ "ifindex",	SOCKCTL_A_IFINDEX,	opt_ifindex },
	{ "via",	SOCKCTL_A_INJECT,	opt_via },
	{ "route",	SOCKCTL_A_INJECT,	opt_route },
	{ "rx",		SOCKCTL_A_INJECT,	opt_rx },
	{ "count",	SOCKCTL_A_COUNT,	opt_count },
	{ "interval",	SOCKCTL_A_INTERVAL_NS,	opt_interval },
	{ "rate",	SOCKCTL_A_RATE_PPS,	opt_rate },
	{ "burst",	SOCKCTL_A_BURST,	opt_burst },
	{ "frag",	SOCKCTL_A_FRAG_SIZE,	opt_frag },
	{ "background",	SOCKCTL_A_BACKGROUND,	opt_background },
	{ "help",	0,			opt_help },
	{ NULL, 0, NULL },
};

enum word_kind { WORD_NONE, WORD_FIELD, WORD_LAYER, WORD_OPTION };

struct word_match {
	enum word_kind kind;
	const struct field_def *field;
	const struct layer_def *layer;
	const struct option_def *option;
};

static bool word_is(const char *word, const char *keyword, bool exact)
{
	if (!keyword)
		return false;
	return exact ? !strcmp(word, keyword) : matches(word, keyword);
}

static struct word_match classify(const struct desc_parser *p, const char *word)
{
	struct word_match m = { WORD_NONE };
	const struct layer_def *const *l;
	const struct field_def *f;
	const struct option_def *o;
	int exact;

	for (exact = 1; exact >= 0; exact--) {
		for (f = p->layer ? p->layer->fields : NULL; f && f->keyword; f++)
			if (word_is(word, f->keyword, exact)) {
				m.kind = WORD_FIELD;
				m.field = f;
				return m;
			}
		for (l = desc_layers; *l; l++)
			if (word_is(word, (*l)->keyword, exact) ||
			    word_is(word, (*l)->alias, exact)) {
				m.kind = WORD_LAYER;
				m.layer = *l;
				return m;
			}
		for (o = options; o->keyword; o++)
			if (word_is(word, o->keyword, exact)) {
				m.kind = WORD_OPTION;
				m.option = o;
				return m;
			}
	}
	return m;
}

/* An unknown word: say where it belongs if it is another layer's field. */
static void unknown_word(const struct desc_parser *p, const char *word)
{
	const struct layer_def *const *l;
	const struct field_def *f;

	for (l = desc_layers; *l; l++) {
		if (*l == p->layer)
			continue;
		for (f = (*l)->fields; f->keyword; f++)
			if (!strcmp(word, f->keyword))
				usage_error("%s: \"%s\" is a field of %s: put it right after \"%s\"",
					    p->layer ? p->layer->keyword : p->hooks->command,
					    word, (*l)->keyword, (*l)->keyword);
	}
	if (p->layer && !p->layer->nest)
		usage_error("%s: \"%s\" is not an encoding (text, hex, base64, file), a layer or an option (quote data with blanks: hex 'de ad')",
			    p->layer->keyword, word);
	if (p->layer)
		usage_error("%s: \"%s\" is not one of its fields, a layer or an option",
			    p->layer->keyword, word);
	usage_error("%s: \"%s\" is not a layer or an option", p->hooks->command,
		    word);
}

/* End the open layer, whose words are argv[layer_argi..end). */
static void close_layer(struct desc_parser *p, int end)
{
	const struct layer_def *l = p->layer;

	if (!l)
		return;
	/* What the layer writes now comes from all of its words. */
	p->field_argi = p->layer_argi;
	p->field_nargs = end - p->layer_argi;
	if (l->finish)
		l->finish(p);
	if (l->nest) {
		desc_nest_end(p, p->nest);
		p->res->origins[p->nest_origin].nargs = end - p->layer_argi;
	}
	blob_free(&p->l.blob);
	p->layer = NULL;
	p->nest = NULL;
}

static void check_order(const struct desc_parser *p, const struct layer_def *l)
{
	uint32_t layers = p->res->layers;
	const struct layer_def *const *prev;

	if (layers & BIT(l->attr))
		usage_error("%s: given twice", l->keyword);
	if (l->rank == RANK_RAW && layers)
		usage_error("raw: the whole packet, so no layers with it");
	if (layers & BIT(SOCKCTL_A_RAW))
		usage_error("%s: no layers with raw, which is the whole packet",
			    l->keyword);
	if (!layers || l->rank > p->last_rank)
		return;
	for (prev = desc_layers; *prev; prev++)
		if ((layers & BIT((*prev)->attr)) && (*prev)->rank == l->rank)
			usage_error("%s: only one of %s", l->keyword,
				    l->rank == RANK_NETWORK ? "arp, ip and ip6" :
				    "tcp, udp, icmp and icmp6");
	usage_error("%s: layers go in order: eth, then arp|ip|ip6, then tcp|udp|icmp|icmp6, then payload",
		    l->keyword);
}

static void open_layer(struct desc_parser *p, const struct layer_def *l)
{
	int argi = p->field_argi;

	close_layer(p, argi);
	check_order(p, l);
	p->res->layers |= (uint32_t)BIT(l->attr);
	p->last_rank = l->rank;
	p->layer = l;
	p->layer_argi = p->field_argi = argi;
	p->field_nargs = 1;
	memset(&p->l, 0, sizeof(p->l));
	p->l.icmp_type = -1;
	if (l->nest) {
		p->nest_origin = p->res->n_origins;
		p->nest = desc_nest_start(p, l->attr);
	}
}

static void field_in_layer(struct desc_parser *p, const struct field_def *f)
{
	struct layer_state *ls = &p->l;
	uint64_t bit = BIT(f->attr);
	char ctx[64];
	int i;

	snprintf(ctx, sizeof(ctx), "%s %s", p->layer->keyword, f->keyword);
	if ((ls->seen & bit) && !f->repeatable) {
		if (!strcmp(ls->seen_word[f->attr], f->keyword))
			usage_error("%s: given twice", ctx);
		usage_error("%s: conflicts with \"%s\" given before", ctx,
			    ls->seen_word[f->attr]);
	}
	for (i = 0; i < 32; i++)
		if ((f->excludes & BIT(i)) && (ls->seen & BIT(i)))
			usage_error("%s: conflicts with \"%s\" given before", ctx,
				    ls->seen_word[i]);
	if (!(ls->seen & bit))
		ls->seen_word[f->attr] = f->keyword;
	ls->seen |= bit;
	desc_field(p, f, ctx);
}

/* Write the options and variations, each recorded with its words. */
static void write_options(struct desc_parser *p)
{
	struct desc_options *o = &p->o;
	int i;

	/* Point the origins of what follows at the option's words. */
#define AT(slot) (p->field_argi = o->argi[slot], \
		  p->field_nargs = o->nargs[slot], o->argi[slot] >= 0)
	if (AT(SOCKCTL_A_INJECT))
		desc_put_u8(p, SOCKCTL_A_INJECT, o->inject);
	if (AT(SOCKCTL_A_IFINDEX))
		desc_put_u32(p, SOCKCTL_A_IFINDEX, o->ifindex);
	if (AT(SOCKCTL_A_IFNAME))
		desc_put(p, SOCKCTL_A_IFNAME, strlen(o->ifname) + 1, o->ifname);
	if (AT(SOCKCTL_A_COUNT))
		desc_put_u32(p, SOCKCTL_A_COUNT, o->count);
	if (AT(SOCKCTL_A_INTERVAL_NS))
		desc_put_u64(p, SOCKCTL_A_INTERVAL_NS, SOCKCTL_A_PAD, o->interval_ns);
	if (AT(SOCKCTL_A_RATE_PPS) && o->rate_pps)
		desc_put_u32(p, SOCKCTL_A_RATE_PPS, o->rate_pps);
	if (AT(SOCKCTL_A_RATE_PPS) && o->rate_bps)
		desc_put_u64(p, SOCKCTL_A_RATE_BPS, SOCKCTL_A_PAD, o->rate_bps);
	if (AT(SOCKCTL_A_BURST))
		desc_put_u32(p, SOCKCTL_A_BURST, o->burst);
	if (AT(SOCKCTL_A_FRAG_SIZE))
		desc_put_u16(p, SOCKCTL_A_FRAG_SIZE, o->frag_size);
	if (AT(SOCKCTL_A_BACKGROUND))
		desc_put_flag(p, SOCKCTL_A_BACKGROUND);
#undef AT

	for (i = 0; i < p->n_vary; i++) {
		const struct vary_spec *v = &p->vary[i];
		struct nlattr *nest;

		p->field_argi = v->argi;
		p->field_nargs = v->nargs;
		nest = desc_nest_start(p, SOCKCTL_A_VARY);
		desc_put_u32(p, SOCKCTL_A_VARY_FIELD, v->field);
		desc_put_u8(p, SOCKCTL_A_VARY_MODE, v->mode);
		if (v->has_from)
			desc_put_u32(p, SOCKCTL_A_VARY_FROM, v->from);
		if (v->has_to)
			desc_put_u32(p, SOCKCTL_A_VARY_TO, v->to);
		if (v->has_step)
			desc_put_u32(p, SOCKCTL_A_VARY_STEP, v->step);
		desc_nest_end(p, nest);
	}
}

/* Give the attributes recorded since first the words from argi to the cursor. */
static void widen_origins(struct desc_parser *p, int first, int argi)
{
	for (; first < p->res->n_origins; first++) {
		p->res->origins[first].argi = argi;
		p->res->origins[first].nargs = p->pos - argi;
	}
}

/*
 * Parse argv[0..argc) into attributes of msg (a SOCKCTL_CMD_BUILD or _SEND
 * request with its headers already put) and res.  Exits on any mistake.
 */
void desc_parse(int argc, char **argv, struct nl_msg *msg,
		const struct desc_hooks *hooks, struct desc_result *res)
{
	struct desc_parser *p = calloc(1, sizeof(*p));
	int i;

	if (!p)
		sys_error("out of memory");
	memset(res, 0, sizeof(*res));
	res->argv = argv;
	p->argc = argc;
	p->argv = argv;
	p->msg = msg;
	p->hooks = hooks;
	p->res = res;
	for (i = 0; i <= SOCKCTL_A_MAX; i++)
		p->o.argi[i] = -1;

	while (p->pos < argc) {
		const char *word = argv[p->pos];
		int first = res->n_origins;
		struct word_match m;

		if (word[0] == '-' && hooks->option &&
		    hooks->option(word, hooks->arg)) {
			p->pos++;
			continue;
		}
		m = classify(p, word);
		p->field_argi = p->pos++;
		p->field_nargs = 1;
		switch (m.kind) {
		case WORD_FIELD:
			field_in_layer(p, m.field);
			widen_origins(p, first, p->field_argi);
			break;
		case WORD_LAYER:
			open_layer(p, m.layer);
			break;
		case WORD_OPTION:
			m.option->parse(p, m.option->keyword);
			if (m.option->slot)
				p->o.nargs[m.option->slot] = p->pos - p->field_argi;
			break;
		default:
			unknown_word(p, word);
		}
	}
	close_layer(p, argc);
	if (!res->layers)
		usage_error("%s: nothing to %s: describe a packet (eth, arp, ip, ip6, ...) or give it raw",
			    hooks->command, hooks->command);

	write_options(p);

	res->inject = p->o.inject;
	res->ifname = p->o.ifname;
	res->ifindex = p->o.ifindex;
	res->count = p->o.count;
	res->background = p->o.argi[SOCKCTL_A_BACKGROUND] >= 0;
	free(p);
}

void desc_result_free(struct desc_result *res)
{
	free(res->origins);
	res->origins = NULL;
	res->n_origins = 0;
}

/* The words that made the attribute at offset, as "ttl 300", or NULL. */
const char *desc_origin_words(const struct desc_result *res,
			      unsigned int offset, char *buf, size_t size)
{
	size_t len = 0;
	int i, j;

	for (i = 0; i < res->n_origins; i++) {
		const struct desc_origin *o = &res->origins[i];

		if (o->offset != offset)
			continue;
		buf[0] = '\0';
		for (j = o->argi; j < o->argi + o->nargs && len < size; j++) {
			const char *w = res->argv[j];
			/* Quote what the shell would have needed quoted. */
			const char *q = !*w || strpbrk(w, " \t\"") ? "'" : "";

			len += (size_t)snprintf(buf + len, size - len, "%s%s%s%s",
						j > o->argi ? " " : "", q, w, q);
		}
		return buf;
	}
	return NULL;
}
