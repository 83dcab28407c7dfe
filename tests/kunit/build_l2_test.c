// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the frames sockctl_build() writes for injection at L2, byte for
 * byte: Ethernet, 802.1Q and 802.1ad tags, ARP.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>

#include "build_test_util.h"

static const u8 mac_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/*
 * scapy: raw(Ether(dst=M2, src=M1) / Dot1Q(prio=5, id=1, vlan=100) /
 *        IP(id=1, src=S4, dst=D4) / UDP() / Raw(b"v"))
 */
static const u8 eth_vlan[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x81, 0x00, 0xb0, 0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1d, 0x00, 0x01,
	0x00, 0x00, 0x40, 0x11, 0x8e, 0x98, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33,
	0x64, 0x02, 0x00, 0x35, 0x00, 0x35, 0x00, 0x09, 0x9d, 0x3a, 0x76,
};

/* One 802.1Q tag: PCP 5, DEI 1, VID 100; EtherTypes from the layers. */
static void eth_vlan_tag(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	desc_eth(d, mac2);
	d->eth.vlan[0].pcp = 5;
	d->eth.vlan[0].dei = 1;
	d->eth.vlan[0].vid = 100;
	d->eth.vlan[0].set = BIT(SOCKCTL_A_VLAN_PCP) | BIT(SOCKCTL_A_VLAN_DEI) |
			     BIT(SOCKCTL_A_VLAN_VID);
	d->eth.n_vlans = 1;
	d->eth.set |= BIT(SOCKCTL_A_ETH_VLAN);
	d->layers |= BIT(SOCKCTL_A_UDP);
	desc_payload(test, d, "v", 1);
	build_expect(test, eth_vlan);
	expect_offsets(test, 18, 38, 46);
}

/*
 * scapy: raw(Ether(dst=M2, src=M1) / Dot1AD(prio=3, vlan=10) / Dot1Q(vlan=20) /
 *        IP(id=1, src=S4, dst=D4) / ICMP())
 */
static const u8 eth_qinq[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x88, 0xa8, 0x60, 0x0a, 0x81, 0x00, 0x00, 0x14, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8e, 0xa9, 0xc0, 0x00,
	0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x08, 0x00, 0xf7, 0xff, 0x00, 0x00,
	0x00, 0x00,
};

/* Two tags: the outer defaults to 802.1ad (0x88a8), the inner to 0x8100. */
static void eth_qinq_tags(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	desc_eth(d, mac2);
	d->eth.vlan[0].pcp = 3;
	d->eth.vlan[0].vid = 10;
	d->eth.vlan[0].set = BIT(SOCKCTL_A_VLAN_PCP) | BIT(SOCKCTL_A_VLAN_VID);
	d->eth.vlan[1].vid = 20;
	d->eth.vlan[1].set = BIT(SOCKCTL_A_VLAN_VID);
	d->eth.n_vlans = 2;
	d->eth.set |= BIT(SOCKCTL_A_ETH_VLAN);
	d->layers |= BIT(SOCKCTL_A_ICMP);
	build_expect(test, eth_qinq);
	expect_offsets(test, 22, 42, 50);
}

/*
 * scapy: raw(Ether(dst=M2, src=M1, type=0x9100) / Dot1Q(vlan=7, type=0x88b5) /
 *        IP(id=1, proto=255, src=S4, dst=D4))
 */
static const u8 eth_types_set[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x91, 0x00, 0x00, 0x07, 0x88, 0xb5, 0x45, 0x00, 0x00, 0x14, 0x00, 0x01,
	0x00, 0x00, 0x40, 0xff, 0x8d, 0xb3, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33,
	0x64, 0x02,
};

/* A TPID and an EtherType set by hand win over the layers' own. */
static void eth_explicit_types(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	desc_eth(d, mac2);
	d->eth.proto = 0x88b5;
	d->eth.vlan[0].tpid = 0x9100;
	d->eth.vlan[0].vid = 7;
	d->eth.vlan[0].set = BIT(SOCKCTL_A_VLAN_TPID) | BIT(SOCKCTL_A_VLAN_VID);
	d->eth.n_vlans = 1;
	d->eth.set |= BIT(SOCKCTL_A_ETH_PROTO) | BIT(SOCKCTL_A_ETH_VLAN);
	build_expect(test, eth_types_set);
}

/* scapy: raw(Ether(dst=M2, src=M1) / IPv6(src=S6, dst=D6) / ICMPv6EchoRequest()) */
static const u8 eth_ipv6[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x3a, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x24, 0x48, 0x00, 0x00,
	0x00, 0x00,
};

static void eth_ipv6_ethertype(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv6(test);

	desc_eth(d, mac2);
	d->layers |= BIT(SOCKCTL_A_ICMPV6);
	build_expect(test, eth_ipv6);
	expect_offsets(test, 14, 54, 62);
}

/* scapy: raw(Ether(dst="ff:ff:ff:ff:ff:ff", src=M1) / ARP(hwsrc=M1, psrc=S4, pdst=D4)) */
static const u8 arp_req[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xc6, 0x33, 0x64, 0x02,
};

/* Who has D4?  Every header field but the addresses left to defaults. */
static void arp_request_defaults(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = &ctx->d;

	desc_eth(d, mac_bcast);
	d->layers |= BIT(SOCKCTL_A_ARP);
	memcpy(d->arp.sha, mac1, ETH_ALEN);
	d->arp.spa = IP4(192, 0, 2, 1);
	d->arp.tpa = IP4(198, 51, 100, 2);
	d->arp.set |= BIT(SOCKCTL_A_ARP_SHA) | BIT(SOCKCTL_A_ARP_SPA) |
		      BIT(SOCKCTL_A_ARP_TPA);
	build_expect(test, arp_req);
	KUNIT_EXPECT_EQ(test, ctx->fi.l3_off, 14);
}

/*
 * Scapy takes hwsrc/hwdst for MACs only when hwtype is 1: give it bytes.
 * scapy: raw(Ether(dst=M2, src=M1) / ARP(hwtype=6, ptype=0x0800, hwlen=6,
 *        plen=4, op=2, hwsrc=mac2str(M1), psrc=S4, hwdst=mac2str(M2), pdst=D4))
 */
static const u8 arp_reply[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x06, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x02, 0xc6, 0x33, 0x64, 0x02,
};

static void arp_reply_every_field(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = &ctx->d;

	desc_eth(d, mac2);
	d->layers |= BIT(SOCKCTL_A_ARP);
	d->arp.htype = 6;	/* IEEE 802 */
	d->arp.ptype = 0x0800;
	d->arp.hlen = 6;
	d->arp.plen = 4;
	d->arp.op = 2;
	memcpy(d->arp.sha, mac1, ETH_ALEN);
	d->arp.spa = IP4(192, 0, 2, 1);
	memcpy(d->arp.tha, mac2, ETH_ALEN);
	d->arp.tpa = IP4(198, 51, 100, 2);
	d->arp.set |= BIT(SOCKCTL_A_ARP_HTYPE) | BIT(SOCKCTL_A_ARP_PTYPE) |
		      BIT(SOCKCTL_A_ARP_HLEN) | BIT(SOCKCTL_A_ARP_PLEN) |
		      BIT(SOCKCTL_A_ARP_OP) | BIT(SOCKCTL_A_ARP_SHA) |
		      BIT(SOCKCTL_A_ARP_SPA) | BIT(SOCKCTL_A_ARP_THA) |
		      BIT(SOCKCTL_A_ARP_TPA);
	build_expect(test, arp_reply);
}

static struct kunit_case build_l2_test_cases[] = {
	KUNIT_CASE(eth_vlan_tag),
	KUNIT_CASE(eth_qinq_tags),
	KUNIT_CASE(eth_explicit_types),
	KUNIT_CASE(eth_ipv6_ethertype),
	KUNIT_CASE(arp_request_defaults),
	KUNIT_CASE(arp_reply_every_field),
	{}
};

static struct kunit_suite build_l2_test_suite = {
	.name = "sockctl_build_l2",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_l2_test_cases,
};

kunit_test_suite(build_l2_test_suite);
