// SPDX-License-Identifier: GPL-2.0
/*
 * The transport layer of a description: TCP (RFC 9293), UDP (RFC 768),
 * ICMP (RFC 792) and ICMPv6 (RFC 4443).
 *
 *   tcp [sport N] [dport N] [seq N] [ack N] [doff N] [res N] [flags F]
 *       [win N] [csum N] [urg N] [mss N] [wscale N] [sackok]
 *       [ts VAL[:ECR]] [opt ENC DATA]
 *   udp [sport N] [dport N] [len N] [csum N]
 *   icmp|icmp6 [type T] [code C] [csum N] [id N] [seq N] [rest N]
 *       [mtu N] [pointer N] [gateway IPV4] [quote ENC DATA]
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "desc.h"

static const char tcp_flag_letters[] = "FSRPAUEC";

static bool tcp_flag_by_name(const char *name, uint8_t *flags)
{
	const struct name_value *t;

	for (t = tcp_flag_names; t->name; t++)
		if (!strcasecmp(name, t->name)) {
			*flags |= (uint8_t)t->value;
			return true;
		}
	return false;
}

/* "SA" (tcpdump's letters, '.' for ACK, 'W' for CWR too) -> flags. */
static bool tcp_flags_by_letters(const char *s, uint8_t *flags)
{
	for (; *s; s++) {
		int c = toupper((unsigned char)*s);
		const char *l = strchr(tcp_flag_letters, c);

		if (c == '.')
			*flags |= SOCKCTL_TCP_ACK;
		else if (c == 'W')
			*flags |= SOCKCTL_TCP_CWR;
		else if (c && l)
			*flags |= (uint8_t)(1u << (l - tcp_flag_letters));
		else
			return false;
	}
	return true;
}

/* flags SA | FSRPAUEC | syn,ack | 0x12 | none */
static void parse_tcp_flags(struct desc_parser *p, const struct field_def *f,
			    const char *ctx)
{
	const char *word = desc_next(p, ctx);
	char copy[128], *name, *save;
	uint8_t flags = 0;
	uint64_t v;
	bool ok = true;

	(void)f;
	if (parse_u64(word, &v)) {
		ok = v <= 255;
		flags = (uint8_t)v;
	} else if (!strcmp(word, "none")) {
		flags = 0;
	} else if (strpbrk(word, ",|+") || tcp_flag_by_name(word, &flags)) {
		snprintf(copy, sizeof(copy), "%s", word);
		for (name = strtok_r(copy, ",|+", &save); name && ok;
		     name = strtok_r(NULL, ",|+", &save))
			ok = tcp_flag_by_name(name, &flags);
	} else {
		ok = tcp_flags_by_letters(word, &flags);
	}
	if (!ok)
		usage_error("%s: \"%s\" is not TCP flags: letters of FSRPAUEC (\"SA\"), names (\"syn,ack\") or a number 0..255",
			    ctx, word);
	desc_put_u8(p, SOCKCTL_A_TCP_FLAGS, flags);
}

/* ts VAL[:ECR] -> the Timestamps option (RFC 7323 section 3). */
static void parse_ts(struct desc_parser *p, const struct field_def *f,
		     const char *ctx)
{
	const char *word = desc_next(p, ctx), *colon = strchr(word, ':');
	char val[32];

	(void)f;
	snprintf(val, sizeof(val), "%.*s",
		 colon ? (int)(colon - word) : (int)strlen(word), word);
	desc_put_u32(p, SOCKCTL_A_TCP_TS_VAL,
		     (uint32_t)parse_uint_arg(ctx, val, 0, UINT32_MAX));
	if (colon)
		desc_put_u32(p, SOCKCTL_A_TCP_TS_ECR,
			     (uint32_t)parse_uint_arg(ctx, colon + 1, 0, UINT32_MAX));
}

static const struct field_def tcp_fields[] = {
	{ .keyword = "sport", .attr = SOCKCTL_A_TCP_SPORT,
	  .kind = FIELD_U16, .max = 0xffff, .vary = SOCKCTL_FIELD_SPORT,
	  .value_help = "VARY" },
	{ .keyword = "dport", .attr = SOCKCTL_A_TCP_DPORT,
	  .kind = FIELD_U16, .max = 0xffff, .vary = SOCKCTL_FIELD_DPORT,
	  .value_help = "VARY" },
	{ .keyword = "seq", .attr = SOCKCTL_A_TCP_SEQ,
	  .kind = FIELD_U32, .max = UINT32_MAX, .vary = SOCKCTL_FIELD_TCP_SEQ,
	  .value_help = "VARY" },
	{ .keyword = "ack", .attr = SOCKCTL_A_TCP_ACK_SEQ,
	  .kind = FIELD_U32, .max = UINT32_MAX },
	{ .keyword = "doff", .attr = SOCKCTL_A_TCP_DOFF,
	  .kind = FIELD_U8, .max = 15 },
	{ .keyword = "res", .attr = SOCKCTL_A_TCP_RESERVED,
	  .kind = FIELD_U8, .max = 15 },
	{ .keyword = "reserved", .attr = SOCKCTL_A_TCP_RESERVED,
	  .kind = FIELD_U8, .max = 15 },
	{ .keyword = "flags", .attr = SOCKCTL_A_TCP_FLAGS,
	  .kind = FIELD_CUSTOM, .parse = parse_tcp_flags,
	  .value_help = "SA|FSRPAUEC|syn,ack|N" },
	{ .keyword = "win", .attr = SOCKCTL_A_TCP_WINDOW,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "window", .attr = SOCKCTL_A_TCP_WINDOW,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "csum", .attr = SOCKCTL_A_TCP_CHECKSUM,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "checksum", .attr = SOCKCTL_A_TCP_CHECKSUM,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "urg", .attr = SOCKCTL_A_TCP_URG_PTR,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "mss", .attr = SOCKCTL_A_TCP_MSS,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "wscale", .attr = SOCKCTL_A_TCP_WSCALE,
	  .kind = FIELD_U8, .max = 14 },
	{ .keyword = "sackok", .attr = SOCKCTL_A_TCP_SACK_PERM,
	  .kind = FIELD_FLAG, .value_help = "" },
	{ .keyword = "ts", .attr = SOCKCTL_A_TCP_TS_VAL,
	  .kind = FIELD_CUSTOM, .parse = parse_ts, .value_help = "VAL[:ECR]" },
	{ .keyword = "opt", .attr = SOCKCTL_A_TCP_OPTIONS,
	  .kind = FIELD_BLOB, .max = DESC_MAX_OPTLEN, .value_help = "ENC DATA" },
	{ .keyword = "options", .attr = SOCKCTL_A_TCP_OPTIONS,
	  .kind = FIELD_BLOB, .max = DESC_MAX_OPTLEN, .value_help = "ENC DATA" },
	{ .keyword = NULL },
};

const struct layer_def tcp_layer = {
	.keyword = "tcp", .attr = SOCKCTL_A_TCP, .rank = RANK_TRANSPORT,
	.nest = true, .fields = tcp_fields,
};

static const struct field_def udp_fields[] = {
	{ .keyword = "sport", .attr = SOCKCTL_A_UDP_SPORT,
	  .kind = FIELD_U16, .max = 0xffff, .vary = SOCKCTL_FIELD_SPORT,
	  .value_help = "VARY" },
	{ .keyword = "dport", .attr = SOCKCTL_A_UDP_DPORT,
	  .kind = FIELD_U16, .max = 0xffff, .vary = SOCKCTL_FIELD_DPORT,
	  .value_help = "VARY" },
	{ .keyword = "len", .attr = SOCKCTL_A_UDP_LEN,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "csum", .attr = SOCKCTL_A_UDP_CHECKSUM,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "checksum", .attr = SOCKCTL_A_UDP_CHECKSUM,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = NULL },
};

const struct layer_def udp_layer = {
	.keyword = "udp", .attr = SOCKCTL_A_UDP, .rank = RANK_TRANSPORT,
	.nest = true, .fields = udp_fields,
};

static bool is_icmp6(const struct desc_parser *p)
{
	return p->layer == &icmp6_layer;
}

static void parse_icmp_type(struct desc_parser *p, const struct field_def *f,
			    const char *ctx)
{
	uint8_t type = (uint8_t)desc_number(ctx, desc_next(p, ctx), 255,
					    is_icmp6(p) ? icmp6_type_names :
							  icmp_type_names);

	(void)f;
	p->l.icmp_type = type;
	desc_put_u8(p, SOCKCTL_A_ICMP_TYPE, type);
}

/* A number, or a name among the codes of the type given before. */
static void parse_icmp_code(struct desc_parser *p, const struct field_def *f,
			    const char *ctx)
{
	const char *word = desc_next(p, ctx);
	const struct name_value *codes = NULL;
	uint64_t v;

	(void)f;
	if (p->l.icmp_type >= 0)
		codes = icmp_code_names(is_icmp6(p), (uint8_t)p->l.icmp_type);
	if (!parse_u64(word, &v) && !codes)
		usage_error("%s: \"%s\" is not a number in 0..255 (code names need a type with named codes before them)",
			    ctx, word);
	desc_put_u8(p, SOCKCTL_A_ICMP_CODE,
		    (uint8_t)desc_number(ctx, word, 255, codes));
}

/* The second word as a number, or as an IPv4 address (a gateway). */
static void parse_icmp_rest(struct desc_parser *p, const struct field_def *f,
			    const char *ctx)
{
	const char *word = desc_next(p, ctx);
	uint8_t a[4];
	uint32_t rest;

	if (!strcmp(f->keyword, "gateway") || strchr(word, '.')) {
		desc_ipv4(ctx, word, a);
		rest = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
		       (uint32_t)a[2] << 8 | a[3];
	} else {
		rest = (uint32_t)parse_uint_arg(ctx, word, 0, UINT32_MAX);
	}
	desc_put_u32(p, SOCKCTL_A_ICMP_REST, rest);
}

/*
 * mtu N: the next-hop MTU of "fragmentation needed" (RFC 1191: the low 16
 * bits) or of ICMPv6 "packet too big" (all 32 bits).
 */
static void parse_icmp_mtu(struct desc_parser *p, const struct field_def *f,
			   const char *ctx)
{
	(void)f;
	desc_put_u32(p, SOCKCTL_A_ICMP_REST,
		     (uint32_t)parse_uint_arg(ctx, desc_next(p, ctx), 0,
					      is_icmp6(p) ? UINT32_MAX : 0xffff));
}

/* pointer N: parameter problem; RFC 792 has it in the first octet. */
static void parse_icmp_pointer(struct desc_parser *p, const struct field_def *f,
			       const char *ctx)
{
	uint32_t ptr = (uint32_t)parse_uint_arg(ctx, desc_next(p, ctx), 0,
						is_icmp6(p) ? UINT32_MAX : 255);

	(void)f;
	desc_put_u32(p, SOCKCTL_A_ICMP_REST, is_icmp6(p) ? ptr : ptr << 24);
}

#define ECHO_BITS (BIT(SOCKCTL_A_ICMP_ID) | BIT(SOCKCTL_A_ICMP_SEQ))

/* The fields ICMP and ICMPv6 share; only the type names differ. */
#define ICMP_FIELDS(type_help)						\
	{ .keyword = "type", .attr = SOCKCTL_A_ICMP_TYPE,			\
	  .kind = FIELD_CUSTOM, .parse = parse_icmp_type,			\
	  .value_help = type_help },						\
	{ .keyword = "code", .attr = SOCKCTL_A_ICMP_CODE,			\
	  .kind = FIELD_CUSTOM, .parse = parse_icmp_code,			\
	  .value_help = "N|NAME" },						\
	{ .keyword = "csum", .attr = SOCKCTL_A_ICMP_CHECKSUM,			\
	  .kind = FIELD_U16, .max = 0xffff },					\
	{ .keyword = "checksum", .attr = SOCKCTL_A_ICMP_CHECKSUM,		\
	  .kind = FIELD_U16, .max = 0xffff },					\
	{ .keyword = "id", .attr = SOCKCTL_A_ICMP_ID,				\
	  .kind = FIELD_U16, .max = 0xffff,					\
	  .excludes = BIT(SOCKCTL_A_ICMP_REST) },				\
	{ .keyword = "seq", .attr = SOCKCTL_A_ICMP_SEQ,			\
	  .kind = FIELD_U16, .max = 0xffff, .vary = SOCKCTL_FIELD_ICMP_SEQ,	\
	  .excludes = BIT(SOCKCTL_A_ICMP_REST), .value_help = "VARY" },	\
	{ .keyword = "rest", .attr = SOCKCTL_A_ICMP_REST,			\
	  .kind = FIELD_CUSTOM, .excludes = ECHO_BITS,				\
	  .parse = parse_icmp_rest, .value_help = "N|IPV4" },			\
	{ .keyword = "mtu", .attr = SOCKCTL_A_ICMP_REST,			\
	  .kind = FIELD_CUSTOM, .excludes = ECHO_BITS,				\
	  .parse = parse_icmp_mtu },						\
	{ .keyword = "pointer", .attr = SOCKCTL_A_ICMP_REST,			\
	  .kind = FIELD_CUSTOM, .excludes = ECHO_BITS,				\
	  .parse = parse_icmp_pointer },					\
	{ .keyword = "quote", .attr = SOCKCTL_A_ICMP_QUOTE,			\
	  .kind = FIELD_BLOB, .value_help = "ENC DATA" }

static const struct field_def icmp_fields[] = {
	ICMP_FIELDS("N|echo-request|dest-unreach|..."),
	{ .keyword = "gateway", .attr = SOCKCTL_A_ICMP_REST,
	  .kind = FIELD_CUSTOM, .excludes = ECHO_BITS,
	  .parse = parse_icmp_rest, .value_help = "IPV4" },
	{ .keyword = NULL },
};

static const struct field_def icmp6_fields[] = {
	ICMP_FIELDS("N|echo-request|packet-too-big|..."),
	{ .keyword = NULL },
};

const struct layer_def icmp_layer = {
	.keyword = "icmp", .attr = SOCKCTL_A_ICMP, .rank = RANK_TRANSPORT,
	.nest = true, .fields = icmp_fields,
};

const struct layer_def icmp6_layer = {
	.keyword = "icmp6", .alias = "icmpv6", .attr = SOCKCTL_A_ICMPV6,
	.rank = RANK_TRANSPORT, .nest = true, .fields = icmp6_fields,
};
