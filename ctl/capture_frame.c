// SPDX-License-Identifier: GPL-2.0
/*
 * A captured packet's bytes as they were on the wire.  A device that tags
 * VLANs in hardware keeps the tag outside the packet's data: the kernel
 * hands it over in SOCKCTL_A_PACKET_VLAN_TCI/_TPID, and we put it back
 * after the two MAC addresses, as libpcap does for a packet socket, before
 * the packet is decoded or written to a file.  The length on the wire then
 * counts the tag too.
 */
#include <stdlib.h>
#include <string.h>

#include "capture.h"

#define MAC_ADDRS_LEN	12	/* destination and source */

int capture_frame_init(struct capture_frame *f)
{
	memset(f, 0, sizeof(*f));
	/* An attribute's length is 16 bits: no packet's data is longer. */
	f->size = 65536 + CAPTURE_VLAN_HLEN;
	f->buf = malloc(f->size);
	return f->buf ? 0 : -1;
}

void capture_frame_free(struct capture_frame *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

/* The frame of p, cut to snaplen bytes (the tag may have made it longer). */
void capture_frame_make(struct capture_frame *f, const struct capture_packet *p,
			uint32_t snaplen)
{
	uint32_t caplen = p->caplen;

	f->data = p->data;
	f->caplen = p->caplen;
	f->len = p->orig_len;
	if (p->has_vlan && p->caplen >= MAC_ADDRS_LEN) {
		if (caplen > f->size - CAPTURE_VLAN_HLEN)
			caplen = (uint32_t)(f->size - CAPTURE_VLAN_HLEN);
		memcpy(f->buf, p->data, MAC_ADDRS_LEN);
		f->buf[12] = (uint8_t)(p->vlan_tpid >> 8);
		f->buf[13] = (uint8_t)p->vlan_tpid;
		f->buf[14] = (uint8_t)(p->vlan_tci >> 8);
		f->buf[15] = (uint8_t)p->vlan_tci;
		memcpy(f->buf + MAC_ADDRS_LEN + CAPTURE_VLAN_HLEN,
		       p->data + MAC_ADDRS_LEN, caplen - MAC_ADDRS_LEN);
		f->data = f->buf;
		f->caplen = caplen + CAPTURE_VLAN_HLEN;
		f->len = p->orig_len + CAPTURE_VLAN_HLEN;
	}
	if (snaplen && f->caplen > snaplen)
		f->caplen = snaplen;
	/* A wire length below what we hold would make the file inconsistent. */
	if (f->len < f->caplen)
		f->len = f->caplen;
}
