// SPDX-License-Identifier: GPL-2.0
/*
 * The network layer of a description: IPv4 (RFC 791 section 3.1) and IPv6
 * (RFC 8200) with extension headers.
 *
 *   ip [version N] [ihl N] [tos N | dscp N ecn N] [len N] [id N] [df] [mf]
 *      [rf|evil] [flags N|df,mf,rf] [fragoff N] [ttl N] [proto N] [csum N]
 *      [src IPV4] [dst IPV4] [opt ENC DATA]
 *   ip6 [version N] [tclass N] [flowlabel N] [plen N] [nexthdr N]
 *       [hoplimit N] [src IPV6] [dst IPV6] [ext TYPE ENC DATA]...
 */
#include <string.h>

#include "desc.h"

/*
 * The three flag bits have keywords of their own ("df"), and "flags" takes
 * them all at once ("flags 0x2", "flags df,mf"); they add up, and one
 * SOCKCTL_A_IPV4_FLAGS goes out when the layer ends.
 */
static void parse_flag_bit(struct desc_parser *p, const struct field_def *f,
			   const char *ctx)
{
	(void)ctx;
	p->l.ipv4_flags |= (uint8_t)name_lookup(ipv4_flag_names, f->keyword)->value;
}

static void parse_flags(struct desc_parser *p, const struct field_def *f,
			const char *ctx)
{
	const char *word = desc_next(p, ctx);
	char copy[64], *name, *save;
	uint64_t v;

	(void)f;
	if (p->l.ipv4_flags_given)
		usage_error("%s: given twice", ctx);
	p->l.ipv4_flags_given = true;
	if (parse_u64(word, &v)) {
		if (v > 7)
			usage_error("%s: \"%s\" is not a number in 0..7 or names (df,mf,rf)",
				    ctx, word);
		p->l.ipv4_flags |= (uint8_t)v;
		return;
	}
	snprintf(copy, sizeof(copy), "%s", word);
	if (!strcmp(copy, "none"))
		return;
	for (name = strtok_r(copy, ",|+", &save); name;
	     name = strtok_r(NULL, ",|+", &save)) {
		const struct name_value *nv = name_lookup(ipv4_flag_names, name);

		if (!nv)
			usage_error("%s: \"%s\" is not a number in 0..7 or names (df,mf,rf)",
				    ctx, word);
		p->l.ipv4_flags |= (uint8_t)nv->value;
	}
}

static void ipv4_finish(struct desc_parser *p)
{
	if (p->l.seen & BIT(SOCKCTL_A_IPV4_FLAGS))
		desc_put_u8(p, SOCKCTL_A_IPV4_FLAGS, p->l.ipv4_flags);
}

#define TOS_BITS (BIT(SOCKCTL_A_IPV4_DSCP) | BIT(SOCKCTL_A_IPV4_ECN))

static const struct field_def ipv4_fields[] = {
	{ .keyword = "version", .attr = SOCKCTL_A_IPV4_VERSION,
	  .kind = FIELD_U8, .max = 15 },
	{ .keyword = "ihl", .attr = SOCKCTL_A_IPV4_IHL,
	  .kind = FIELD_U8, .max = 15 },
	{ .keyword = "tos", .attr = SOCKCTL_A_IPV4_TOS,
	  .kind = FIELD_U8, .max = 255, .excludes = TOS_BITS },
	{ .keyword = "dscp", .attr = SOCKCTL_A_IPV4_DSCP,
	  .kind = FIELD_U8, .max = 63, .names = dscp_names,
	  .excludes = BIT(SOCKCTL_A_IPV4_TOS), .value_help = "N|ef|af11|cs1..." },
	{ .keyword = "ecn", .attr = SOCKCTL_A_IPV4_ECN,
	  .kind = FIELD_U8, .max = 3, .names = ecn_names,
	  .excludes = BIT(SOCKCTL_A_IPV4_TOS),
	  .value_help = "N|not-ect|ect0|ect1|ce" },
	{ .keyword = "len", .attr = SOCKCTL_A_IPV4_TOT_LEN,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "id", .attr = SOCKCTL_A_IPV4_ID,
	  .kind = FIELD_U16, .max = 0xffff, .vary = SOCKCTL_FIELD_IPV4_ID,
	  .value_help = "VARY" },
	{ .keyword = "flags", .attr = SOCKCTL_A_IPV4_FLAGS,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_flags,
	  .value_help = "N|df,mf,rf" },
	{ .keyword = "df", .attr = SOCKCTL_A_IPV4_FLAGS,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_flag_bit,
	  .value_help = "" },
	{ .keyword = "mf", .attr = SOCKCTL_A_IPV4_FLAGS,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_flag_bit,
	  .value_help = "" },
	{ .keyword = "rf", .attr = SOCKCTL_A_IPV4_FLAGS,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_flag_bit,
	  .value_help = "" },
	{ .keyword = "evil", .attr = SOCKCTL_A_IPV4_FLAGS,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_flag_bit,
	  .value_help = "" },
	{ .keyword = "fragoff", .attr = SOCKCTL_A_IPV4_FRAG_OFF,
	  .kind = FIELD_U16, .max = 8191, .value_help = "N (8-byte units)" },
	{ .keyword = "ttl", .attr = SOCKCTL_A_IPV4_TTL,
	  .kind = FIELD_U8, .max = 255 },
	{ .keyword = "proto", .attr = SOCKCTL_A_IPV4_PROTOCOL,
	  .kind = FIELD_U8, .max = 255, .names = ip_proto_names,
	  .value_help = "N|tcp|udp|icmp..." },
	{ .keyword = "protocol", .attr = SOCKCTL_A_IPV4_PROTOCOL,
	  .kind = FIELD_U8, .max = 255, .names = ip_proto_names,
	  .value_help = "N|tcp|udp|icmp..." },
	{ .keyword = "csum", .attr = SOCKCTL_A_IPV4_CHECKSUM,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "checksum", .attr = SOCKCTL_A_IPV4_CHECKSUM,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "src", .attr = SOCKCTL_A_IPV4_SADDR,
	  .kind = FIELD_IPV4, .vary = SOCKCTL_FIELD_IPV4_SADDR,
	  .value_help = "IPV4|VARY" },
	{ .keyword = "dst", .attr = SOCKCTL_A_IPV4_DADDR,
	  .kind = FIELD_IPV4, .vary = SOCKCTL_FIELD_IPV4_DADDR,
	  .value_help = "IPV4|VARY" },
	{ .keyword = "opt", .attr = SOCKCTL_A_IPV4_OPTIONS,
	  .kind = FIELD_BLOB, .max = DESC_MAX_OPTLEN, .value_help = "ENC DATA" },
	{ .keyword = "options", .attr = SOCKCTL_A_IPV4_OPTIONS,
	  .kind = FIELD_BLOB, .max = DESC_MAX_OPTLEN, .value_help = "ENC DATA" },
	{ .keyword = NULL },
};

const struct layer_def ipv4_layer = {
	.keyword = "ip", .alias = "ipv4", .attr = SOCKCTL_A_IPV4,
	.rank = RANK_NETWORK, .nest = true, .fields = ipv4_fields,
	.finish = ipv4_finish,
};

/*
 * ext TYPE ENC DATA: TYPE by number or name, DATA the bytes after the Next
 * Header and Hdr Ext Len octets, which the kernel fills in.
 */
static void parse_ext(struct desc_parser *p, const struct field_def *f,
		      const char *ctx)
{
	struct blob data = { 0 };
	struct nlattr *nest;
	uint8_t type;

	(void)f;
	if (p->l.n_exthdrs++ >= DESC_MAX_EXTHDRS)
		usage_error("%s: at most %d extension headers", ctx,
			    DESC_MAX_EXTHDRS);
	type = (uint8_t)desc_number(ctx, desc_next(p, ctx), 255, ipv6_ext_names);
	desc_blob(p, ctx, &data);
	/* RFC 8200 section 4: every extension header is 8-byte aligned. */
	if ((2 + data.len) % 8)
		usage_error("%s: the header would be 2 + %zu bytes, not a multiple of 8 (give 6, 14, 22... bytes of data)",
			    ctx, data.len);
	nest = desc_nest_start(p, SOCKCTL_A_IPV6_EXTHDR);
	desc_put_u8(p, SOCKCTL_A_IPV6_EXT_TYPE, type);
	desc_put(p, SOCKCTL_A_IPV6_EXT_DATA, data.len, data.data);
	desc_nest_end(p, nest);
	blob_free(&data);
}

static const struct field_def ipv6_fields[] = {
	{ .keyword = "version", .attr = SOCKCTL_A_IPV6_VERSION,
	  .kind = FIELD_U8, .max = 15 },
	{ .keyword = "tclass", .attr = SOCKCTL_A_IPV6_TCLASS,
	  .kind = FIELD_U8, .max = 255 },
	{ .keyword = "flowlabel", .attr = SOCKCTL_A_IPV6_FLOWLABEL,
	  .kind = FIELD_U32, .max = 0xfffff },
	{ .keyword = "plen", .attr = SOCKCTL_A_IPV6_PAYLOAD_LEN,
	  .kind = FIELD_U16, .max = 0xffff },
	{ .keyword = "nexthdr", .attr = SOCKCTL_A_IPV6_NEXTHDR,
	  .kind = FIELD_U8, .max = 255, .names = ip_proto_names,
	  .value_help = "N|tcp|udp|icmp6..." },
	{ .keyword = "hoplimit", .attr = SOCKCTL_A_IPV6_HOPLIMIT,
	  .kind = FIELD_U8, .max = 255 },
	{ .keyword = "hlim", .attr = SOCKCTL_A_IPV6_HOPLIMIT,
	  .kind = FIELD_U8, .max = 255 },
	{ .keyword = "src", .attr = SOCKCTL_A_IPV6_SADDR,
	  .kind = FIELD_IPV6, .value_help = "IPV6" },
	{ .keyword = "dst", .attr = SOCKCTL_A_IPV6_DADDR,
	  .kind = FIELD_IPV6, .value_help = "IPV6" },
	{ .keyword = "ext", .attr = SOCKCTL_A_IPV6_EXTHDR,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_ext,
	  .value_help = "hbh|routing|frag|dstopt|N ENC DATA" },
	{ .keyword = NULL },
};

const struct layer_def ipv6_layer = {
	.keyword = "ip6", .alias = "ipv6", .attr = SOCKCTL_A_IPV6,
	.rank = RANK_NETWORK, .nest = true, .fields = ipv6_fields,
};
