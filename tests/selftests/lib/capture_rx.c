// SPDX-License-Identifier: GPL-2.0
/*
 * What a capture socket received; see capture_rx.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "capture_rx.h"

/* The largest notification: a batch, its attributes, headroom. */
#define CAP_BUF_SIZE	(1 << 20)

void cap_rx_init(struct cap_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->buf_size = CAP_BUF_SIZE;
	rx->buf = malloc(rx->buf_size);
}

void cap_rx_reset(struct cap_rx *rx)
{
	uint8_t *buf = rx->buf;
	size_t i;

	for (i = 0; i < rx->n; i++)
		free(rx->pkts[i].data);
	free(rx->pkts);
	free(rx->msgs);
	memset(rx, 0, sizeof(*rx));
	rx->buf = buf;
	rx->buf_size = CAP_BUF_SIZE;
}

void cap_rx_free(struct cap_rx *rx)
{
	cap_rx_reset(rx);
	free(rx->buf);
	rx->buf = NULL;
}

size_t cap_rx_count(const struct cap_rx *rx, uint32_t session)
{
	size_t i, n = 0;

	for (i = 0; i < rx->n; i++)
		n += rx->pkts[i].session == session;
	return n;
}

bool cap_rx_ended(const struct cap_rx *rx, uint32_t id)
{
	int i, n = rx->n_end;

	if (n > (int)(sizeof(rx->ended_ids) / sizeof(rx->ended_ids[0])))
		n = sizeof(rx->ended_ids) / sizeof(rx->ended_ids[0]);
	for (i = 0; i < n; i++)
		if (rx->ended_ids[i] == id)
			return true;
	return false;
}

static const struct nlattr *top_attr(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

int cap_rx_add_packets_msg(struct cap_rx *rx, const struct nlmsghdr *nlh)
{
	const struct nlattr *nest = top_attr(nlh, SOCKCTL_A_CAPTURE), *a;
	struct cap_msg *m;
	uint32_t n = 0;

	if (!nest) {
		rx->malformed++;
		return 0;
	}
	if (rx->n_msgs == rx->msgs_alloc) {
		size_t alloc = rx->msgs_alloc ? 2 * rx->msgs_alloc : 64;
		struct cap_msg *msgs = realloc(rx->msgs, alloc * sizeof(*msgs));

		if (!msgs)
			return -ENOMEM;
		rx->msgs = msgs;
		rx->msgs_alloc = alloc;
	}
	m = &rx->msgs[rx->n_msgs];
	memset(m, 0, sizeof(*m));
	cap_parse_info(nest, &m->info);
	m->session = m->info.id;
	m->nlmsg_len = nlh->nlmsg_len;
	if (cap_rx_ended(rx, m->session))
		rx->packets_after_end = true;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct cap_packet *p;
		int err;

		if (mnl_attr_get_type(a) != SOCKCTL_A_PACKET)
			continue;
		if (rx->n == rx->alloc) {
			size_t alloc = rx->alloc ? 2 * rx->alloc : 256;
			struct cap_packet *pkts = realloc(rx->pkts, alloc * sizeof(*pkts));

			if (!pkts)
				return -ENOMEM;
			rx->pkts = pkts;
			rx->alloc = alloc;
		}
		p = &rx->pkts[rx->n];
		memset(p, 0, sizeof(*p));
		p->session = m->session;
		p->msg = (uint32_t)rx->n_msgs;
		err = cap_parse_packet(a, p);
		rx->n++;
		if (err)
			return err;
		m->data_bytes += p->len;
		n++;
	}
	m->n_packets = n;
	if (n > rx->max_batch)
		rx->max_batch = n;
	rx->n_msgs++;
	return 0;
}

void cap_rx_add_end_msg(struct cap_rx *rx, const struct nlmsghdr *nlh)
{
	const struct nlattr *nest = top_attr(nlh, SOCKCTL_A_CAPTURE);

	if (!nest) {
		rx->malformed++;
		return;
	}
	cap_parse_info(nest, &rx->end);
	if (rx->n_end < (int)(sizeof(rx->ended_ids) / sizeof(rx->ended_ids[0])))
		rx->ended_ids[rx->n_end] = rx->end.id;
	rx->n_end++;
}
