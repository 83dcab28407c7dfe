// SPDX-License-Identifier: GPL-2.0
/*
 * A raw generic netlink client for the selftests; see genl_client.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "genl_client.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct nlmsghdr *genl_client_msg(struct genl_client *c, void *buf, uint8_t cmd,
				 uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = c->family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = c->family_version;
	return nlh;
}

static void parse_ack(const struct nlmsghdr *nlh, struct genl_result *res)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);
	const struct nlattr *attr;

	res->error = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(res->extack, sizeof(res->extack), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			res->extack_offset = (int)mnl_attr_get_u32(attr);
			break;
		}
	}
}

int genl_client_xfer(struct genl_client *c, struct nlmsghdr *nlh,
		     struct genl_result *res)
{
	char buf[GENL_CLIENT_BUFSZ];
	bool done = false;
	ssize_t n;

	memset(res, 0, sizeof(*res));
	res->extack_offset = -1;
	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	while (!done) {
		const struct nlmsghdr *r;
		size_t len;

		n = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		len = (size_t)n;
		for (r = (struct nlmsghdr *)buf; mnl_nlmsg_ok(r, (int)len);
		     r = mnl_nlmsg_next(r, (int *)&len)) {
			if (r->nlmsg_seq != c->seq)
				continue;	/* a late reply to an earlier request */
			if (r->nlmsg_type == NLMSG_ERROR) {
				parse_ack(r, res);
				done = true;
				break;
			}
			if (r->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (!res->n_replies++) {
				res->reply_len = r->nlmsg_len;
				memcpy(res->reply, r, r->nlmsg_len);
			}
		}
	}
	return res->error;
}

static void extack_msg(const struct nlmsghdr *m, size_t off, char *extack, size_t size)
{
	const struct nlattr *a;

	if (!(m->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(a, m, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(extack, size, "%s", mnl_attr_get_str(a));
}

bool genl_msg_ends_request(const struct nlmsghdr *m, int *err, char *extack,
			   size_t extack_size)
{
	if (m->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);
		size_t off = sizeof(*e);

		if (!(m->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		*err = e->error;
		extack_msg(m, off, extack, extack_size);
		return true;
	}
	if (m->nlmsg_type == NLMSG_DONE) {
		*err = 0;
		if (mnl_nlmsg_get_payload_len(m) >= sizeof(int)) {
			*err = *(const int *)mnl_nlmsg_get_payload(m);
			extack_msg(m, sizeof(int), extack, extack_size);
		}
		return true;
	}
	return false;
}

struct attr_table {
	const struct nlattr **tb;
	unsigned int max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct attr_table *t = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= t->max)
		t->tb[type] = attr;
	return MNL_CB_OK;
}

int genl_result_attrs(const struct genl_result *res, const struct nlattr **tb,
		      unsigned int max)
{
	struct attr_table t = { tb, max };

	memset(tb, 0, sizeof(*tb) * (max + 1));
	if (!res->n_replies)
		return -ENODATA;
	return mnl_attr_parse((const struct nlmsghdr *)res->reply,
			      sizeof(struct genlmsghdr), attr_cb, &t) == MNL_CB_ERROR ?
		-EINVAL : 0;
}

static int resolve(struct genl_client *c, const char *family)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genl_result *res;
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlmsghdr *nlh;
	uint16_t saved = c->family_id;
	int err;

	c->family_id = GENL_ID_CTRL;
	c->family_version = 1;
	nlh = genl_client_msg(c, buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);

	res = malloc(sizeof(*res));
	if (!res)
		return -ENOMEM;
	err = genl_client_xfer(c, nlh, res);
	if (!err)
		err = genl_result_attrs(res, tb, CTRL_ATTR_MAX);
	if (!err && (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_VERSION]))
		err = -ENOENT;
	if (!err) {
		c->family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
		c->family_version = (uint8_t)mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	} else {
		c->family_id = saved;
	}
	free(res);
	return err;
}

int genl_client_open(struct genl_client *c, const char *family)
{
	int one = 1, err;

	memset(c, 0, sizeof(*c));
	c->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c->nl)
		return -errno;
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto err;
	}
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	c->portid = mnl_socket_get_portid(c->nl);
	c->seq = (unsigned int)time(NULL);
	err = resolve(c, family);
	if (err)
		goto err;
	return 0;
err:
	mnl_socket_close(c->nl);
	c->nl = NULL;
	return err;
}

void genl_client_close(struct genl_client *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	c->nl = NULL;
}
