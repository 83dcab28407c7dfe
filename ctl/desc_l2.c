// SPDX-License-Identifier: GPL-2.0
/*
 * The link layer of a description: Ethernet (with up to two VLAN tags) and
 * ARP (RFC 826).
 *
 *   eth [dst MAC] [src MAC] [type ETHERTYPE] [vlan VID [pcp N] [dei N] [tpid N]]...
 *   arp [op request|reply|N] [sha MAC] [spa IPV4] [tha MAC] [tpa IPV4]
 *       [htype N] [ptype N] [hlen N] [plen N]
 */
#include <string.h>

#include "desc.h"

static const struct field_def vlan_fields[] = {
	{ .keyword = "pcp", .attr = SOCKCTL_A_VLAN_PCP,
	  .kind = FIELD_U8, .max = 7 },
	{ .keyword = "dei", .attr = SOCKCTL_A_VLAN_DEI,
	  .kind = FIELD_U8, .max = 1 },
	{ .keyword = "tpid", .attr = SOCKCTL_A_VLAN_TPID,
	  .kind = FIELD_U16, .max = 0xffff, .names = ether_type_names },
	{ .keyword = NULL },
};

static const struct field_def *vlan_field(const char *word)
{
	const struct field_def *f;

	for (f = vlan_fields; f->keyword; f++)
		if (!strcmp(word, f->keyword))
			return f;
	for (f = vlan_fields; f->keyword; f++)
		if (matches(word, f->keyword))
			return f;
	return NULL;
}

/*
 * vlan VID, then the tag's own fields: pcp, dei and tpid right after it
 * belong to this tag (and win prefixes: "d" is dei here, not dst).
 */
static void parse_vlan(struct desc_parser *p, const struct field_def *f,
		       const char *ctx)
{
	const struct field_def *tf;
	struct nlattr *nest;
	uint32_t given = 0;
	uint16_t vid;

	(void)f;
	if (p->l.n_vlans++ >= DESC_MAX_VLANS)
		usage_error("%s: at most %d tags", ctx, DESC_MAX_VLANS);
	vid = (uint16_t)desc_number(ctx, desc_next(p, ctx), 4095, NULL);
	nest = desc_nest_start(p, SOCKCTL_A_ETH_VLAN);
	desc_put_u16(p, SOCKCTL_A_VLAN_VID, vid);
	while (p->pos < p->argc && (tf = vlan_field(p->argv[p->pos]))) {
		char tctx[64];

		p->pos++;
		snprintf(tctx, sizeof(tctx), "%s %s", ctx, tf->keyword);
		if (given & BIT(tf->attr))
			usage_error("%s: given twice", tctx);
		given |= (uint32_t)BIT(tf->attr);
		desc_field(p, tf, tctx);
	}
	desc_nest_end(p, nest);
}

static const struct field_def eth_fields[] = {
	{ .keyword = "dst", .attr = SOCKCTL_A_ETH_DST,
	  .kind = FIELD_MAC, .value_help = "MAC" },
	{ .keyword = "src", .attr = SOCKCTL_A_ETH_SRC,
	  .kind = FIELD_MAC, .value_help = "MAC" },
	{ .keyword = "type", .attr = SOCKCTL_A_ETH_PROTO,
	  .kind = FIELD_U16, .max = 0xffff, .names = ether_type_names,
	  .value_help = "ETHERTYPE" },
	{ .keyword = "proto", .attr = SOCKCTL_A_ETH_PROTO,
	  .kind = FIELD_U16, .max = 0xffff, .names = ether_type_names,
	  .value_help = "ETHERTYPE" },
	{ .keyword = "vlan", .attr = SOCKCTL_A_ETH_VLAN,
	  .kind = FIELD_CUSTOM, .repeatable = true, .parse = parse_vlan,
	  .value_help = "VID [pcp N] [dei 0|1] [tpid N]" },
	{ .keyword = NULL },
};

const struct layer_def eth_layer = {
	.keyword = "eth", .alias = "ether", .attr = SOCKCTL_A_ETH,
	.rank = RANK_LINK, .nest = true, .fields = eth_fields,
};

static const struct field_def arp_fields[] = {
	{ .keyword = "op", .attr = SOCKCTL_A_ARP_OP,
	  .kind = FIELD_U16, .max = 0xffff, .names = arp_op_names,
	  .value_help = "request|reply|N" },
	{ .keyword = "sha", .attr = SOCKCTL_A_ARP_SHA,
	  .kind = FIELD_MAC, .value_help = "MAC" },
	{ .keyword = "spa", .attr = SOCKCTL_A_ARP_SPA,
	  .kind = FIELD_IPV4, .value_help = "IPV4" },
	{ .keyword = "tha", .attr = SOCKCTL_A_ARP_THA,
	  .kind = FIELD_MAC, .value_help = "MAC" },
	{ .keyword = "tpa", .attr = SOCKCTL_A_ARP_TPA,
	  .kind = FIELD_IPV4, .value_help = "IPV4" },
	{ .keyword = "htype", .attr = SOCKCTL_A_ARP_HTYPE,
	  .kind = FIELD_U16, .max = 0xffff, .names = arp_hrd_names,
	  .value_help = "N|ether" },
	{ .keyword = "ptype", .attr = SOCKCTL_A_ARP_PTYPE,
	  .kind = FIELD_U16, .max = 0xffff, .names = ether_type_names,
	  .value_help = "ETHERTYPE" },
	{ .keyword = "hlen", .attr = SOCKCTL_A_ARP_HLEN,
	  .kind = FIELD_U8, .max = 255, .value_help = "N" },
	{ .keyword = "plen", .attr = SOCKCTL_A_ARP_PLEN,
	  .kind = FIELD_U8, .max = 255, .value_help = "N" },
	{ .keyword = NULL },
};

const struct layer_def arp_layer = {
	.keyword = "arp", .attr = SOCKCTL_A_ARP, .rank = RANK_NETWORK,
	.nest = true, .fields = arp_fields,
};
