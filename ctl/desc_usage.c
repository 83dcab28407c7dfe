// SPDX-License-Identifier: GPL-2.0
/*
 * The usage of the description grammar, printed from the same tables the
 * parser uses, so the help cannot drift from what is accepted.
 */
#include <string.h>

#include "desc.h"

static const char *value_help(const struct field_def *f)
{
	if (f->value_help)
		return f->value_help;
	switch (f->kind) {
	case FIELD_IPV4:
		return "IPV4";
	case FIELD_IPV6:
		return "IPV6";
	case FIELD_MAC:
		return "MAC";
	case FIELD_BLOB:
		return "ENC DATA";
	case FIELD_FLAG:
		return "";
	default:
		return "N";
	}
}

/* Another spelling of an earlier field ("checksum" for "csum")? */
static const struct field_def *alias_of(const struct field_def *fields,
					const struct field_def *f)
{
	const struct field_def *e;

	if (f->repeatable)
		return NULL;
	for (e = fields; e < f; e++)
		if (e->attr == f->attr && e->kind == f->kind &&
		    e->parse == f->parse && !strcmp(value_help(e), value_help(f)))
			return e;
	return NULL;
}

static void print_fields(FILE *out, const struct layer_def *l)
{
	const struct field_def *f, *a;
	int col = fprintf(out, "  %-8s", l->keyword);

	for (f = l->fields; f->keyword; f++) {
		char item[96];
		size_t len;

		if (alias_of(l->fields, f))
			continue;
		len = (size_t)snprintf(item, sizeof(item), "%s", f->keyword);
		for (a = f + 1; a->keyword; a++)
			if (alias_of(l->fields, a) == f)
				len += (size_t)snprintf(item + len, sizeof(item) - len,
							"|%s", a->keyword);
		if (*value_help(f))
			snprintf(item + len, sizeof(item) - len, " %s", value_help(f));
		if (f != l->fields)
			col += fprintf(out, ",");
		if (col + (int)strlen(item) + 1 > 78)
			col = fprintf(out, "\n%10s", "") - 1;
		col += fprintf(out, " %s", item);
	}
	fputc('\n', out);
}

void desc_usage(FILE *out, const char *command)
{
	const struct layer_def *const *l;

	fprintf(out,
		"DESCRIPTION := [OPTION]... [eth ...] [arp|ip|ip6 ...] [tcp|udp|icmp|icmp6 ...]\n"
		"               [payload ENC DATA...]\n"
		"             | [OPTION]... raw ENC DATA...\n"
		"Layers go in this order, each with its fields in any order.  A field left out\n"
		"gets the kernel's default (lengths and checksums are computed); a field given\n"
		"is sent as given, even if it makes the packet wrong.  Keywords may be\n"
		"abbreviated to any prefix (the first match wins; exact names first).\n\n"
		"Options (anywhere):\n"
		"  dev NAME | ifindex N   the device; with it, injection is at l2 by default\n"
		"  route                  l3: through routing and netfilter (default without dev)\n"
		"  rx                     into the device's receive path, as if just arrived\n"
		"  via l2|l3|rx           the injection point by name\n"
		"  count N                packets to send (default 1)\n"
		"  burst N                packets back to back per interval (default 1)\n"
		"  interval DURATION      between bursts: 10ms, 1.5s, 250us, 100ns (bare: s)\n"
		"  rate RATE              500pps, 2kpps, 1mbit, 10kbps (bytes/s, as tc(8))\n"
		"  frag SIZE              fragment the IPv4 datagram: SIZE data bytes each\n"
		"  background             run as a job and return at once\n"
		"  help                   this text\n\n"
		"Layers and their fields:\n");
	for (l = desc_layers; *l; l++)
		print_fields(out, *l);
	fprintf(out,
		"\nValues: N is decimal or 0x hex; IPV4, IPV6 and MAC as usual (02:00:00:00:00:01).\n"
		"ENC DATA is text STR (as given), hex HEX (\"de ad\", \"de:ad\", \"0xdead\"),\n"
		"base64 B64 (RFC 4648, padded) or file PATH (- for stdin); payload and raw\n"
		"take several pieces, concatenated.\n"
		"VARY (changes per packet) is N | FROM-TO | random, then inc | random | step N:\n"
		"  sport 1000-2000   id random   seq 1000 step 10   src 10.0.0.1-10.0.0.9 random\n\n"
		"Examples:\n"
		"  sockctl %s dev veth0 ip dst 10.0.0.2 ttl 5 id 7 df tcp dport 80 flags S payload text hello\n"
		"  sockctl %s route ip6 dst fd00::2 hoplimit 3 udp dport 9 payload hex 'de ad be ef'\n"
		"  sockctl %s rx dev veth1 eth src 02:00:00:00:00:01 ip src 10.0.0.9 dst 10.0.0.2 udp dport 9999\n"
		"  sockctl %s route raw hex '4500 001c 0001 0000 4001 66de 0a00 0001 0a00 0002 0800 f7ff 0000 0000'\n",
		command, command, command, command);
}
