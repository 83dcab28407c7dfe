// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 fragmentation of a built datagram at a size the user chooses, as
 * RFC 791 section 3.2 describes it: every fragment but the last carries MF
 * and a multiple of 8 data bytes, offsets count 8-byte units, the first
 * fragment keeps all options and later ones only those whose "copied" bit
 * is set.  The kernel's ip_do_fragment() fragments only at the MTU and
 * recomputes everything, so sockctl does its own.
 */
#include <linux/ip.h>
#include <net/ip.h>

#include "sockctl.h"

/* The options later fragments keep (copied flag set), padded to 4. */
static unsigned int copied_options(const u8 *opt, unsigned int len, u8 *out)
{
	unsigned int i = 0, n = 0, olen;

	while (i < len) {
		if (opt[i] == IPOPT_END)
			break;
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len)
			break;		/* malformed: copy nothing further */
		olen = opt[i + 1];
		if (IPOPT_COPIED(opt[i])) {
			memcpy(out + n, opt + i, olen);
			n += olen;
		}
		i += olen;
	}
	memset(out + n, 0, ALIGN(n, 4) - n);
	return ALIGN(n, 4);
}

/**
 * sockctl_fragment() - split a built IPv4 packet into fragments
 * @d: its description (which header fields the user set)
 * @skb: the packet from sockctl_build() (consumed)
 * @fi: its layer offsets
 * @frags: the fragments are queued here, in order
 * @gfp: allocation flags
 *
 * Return: 0, or -ENOMEM (then @frags may hold some fragments to purge).
 */
int sockctl_fragment(const struct sockctl_desc *d, struct sk_buff *skb,
		     const struct sockctl_frame_info *fi,
		     struct sk_buff_head *frags, gfp_t gfp)
{
	unsigned int hlen = (fi->l4_off >= 0 ? fi->l4_off : fi->payload_off) - fi->l3_off;
	const struct iphdr *iph = (const struct iphdr *)(skb->data + fi->l3_off);
	unsigned int dlen = skb->len - fi->l3_off - hlen;
	unsigned int off = 0, later_hlen;
	u8 later_opts[SOCKCTL_MAX_OPTLEN];
	int err = 0;

	later_hlen = sizeof(struct iphdr) +
		     copied_options((const u8 *)(iph + 1), hlen - sizeof(*iph),
				    later_opts);
	do {
		unsigned int n = min_t(unsigned int, d->frag_size, dlen - off);
		unsigned int h = off ? later_hlen : hlen;
		bool more = off + n < dlen;
		struct sockctl_skb_cb *cb;
		struct iphdr *fiph;
		struct sk_buff *f;
		u8 *p;

		f = alloc_skb(SOCKCTL_HEADROOM + fi->l3_off + h + n, gfp);
		if (!f) {
			err = -ENOMEM;
			break;
		}
		skb_reserve(f, SOCKCTL_HEADROOM);
		p = skb_put(f, fi->l3_off + h + n);
		memcpy(p, skb->data, fi->l3_off + sizeof(*iph));
		fiph = (struct iphdr *)(p + fi->l3_off);
		if (off)
			memcpy(fiph + 1, later_opts, h - sizeof(*iph));
		else
			memcpy(fiph + 1, iph + 1, h - sizeof(*iph));
		memcpy(p + fi->l3_off + h, skb->data + fi->l3_off + hlen + off, n);

		if (!desc_isset(&d->ip4, SOCKCTL_A_IPV4_IHL))
			fiph->ihl = h / 4;
		fiph->tot_len = htons(h + n);
		fiph->frag_off = htons((d->ip4.flags << 13) | (off / 8) |
				       (more ? IP_MF : 0));
		if (!desc_isset(&d->ip4, SOCKCTL_A_IPV4_CHECKSUM)) {
			fiph->check = 0;
			fiph->check = ip_fast_csum(fiph, h / 4);
		}

		f->protocol = skb->protocol;
		f->ip_summed = CHECKSUM_NONE;
		skb_reset_mac_header(f);
		skb_set_network_header(f, fi->l3_off);
		cb = sockctl_skb_cb(f);
		cb->l4_off = off ? -1 : fi->l4_off;
		/* The payload may start in a later fragment than the first. */
		cb->payload_off = off ? fi->l3_off + h :
				  min_t(int, fi->payload_off, f->len);
		if (cb->l4_off >= 0)
			skb_set_transport_header(f, cb->l4_off);
		__skb_queue_tail(frags, f);
		off += n;
	} while (off < dlen);

	consume_skb(skb);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_fragment);
