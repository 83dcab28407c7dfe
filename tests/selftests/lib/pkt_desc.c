// SPDX-License-Identifier: GPL-2.0
/*
 * Packet descriptions and sockctl requests for the injection selftests; see
 * pkt_desc.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pkt_desc.h"

void put_attrs(struct nlmsghdr *nlh, const struct attr *a)
{
	for (; a->kind != A_END; a++) {
		struct nlattr *nest;

		switch (a->kind) {
		case A_END:
		case A_NONE:
			break;
		case A_U8:
			mnl_attr_put_u8(nlh, a->type, (uint8_t)a->v);
			break;
		case A_U16:
			mnl_attr_put_u16(nlh, a->type, (uint16_t)a->v);
			break;
		case A_U32:
			mnl_attr_put_u32(nlh, a->type, (uint32_t)a->v);
			break;
		case A_U64:
			mnl_attr_put_u64(nlh, a->type, a->v);
			break;
		case A_FLAG:
			mnl_attr_put(nlh, a->type, 0, NULL);
			break;
		case A_BIN:
			mnl_attr_put(nlh, a->type, a->len, a->p);
			break;
		case A_STR:
			mnl_attr_put_strz(nlh, a->type, a->p);
			break;
		case A_NEST:
			nest = mnl_attr_nest_start(nlh, a->type);
			put_attrs(nlh, a->nest);
			mnl_attr_nest_end(nlh, nest);
			break;
		case A_NEST_NOFLAG:
			nest = mnl_attr_nest_start(nlh, a->type);
			nest->nla_type &= ~NLA_F_NESTED;
			put_attrs(nlh, a->nest);
			mnl_attr_nest_end(nlh, nest);
			break;
		}
	}
}

void desc_udp4(struct nlmsghdr *nlh, const struct topo *t, uint16_t id,
	       uint16_t sport, uint16_t dport, const void *payload, size_t len)
{
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, id)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, sport),
		     U16(SOCKCTL_A_UDP_DPORT, dport)),
		IF(len, BIN(SOCKCTL_A_PAYLOAD, payload, len)));
}

void desc_target(struct nlmsghdr *nlh, uint8_t how, int ifindex)
{
	PUT_ATTRS(nlh,
		U8(SOCKCTL_A_INJECT, how),
		IF(ifindex, U32(SOCKCTL_A_IFINDEX, (uint32_t)ifindex)));
}

/* --- requests and replies ------------------------------------------------ */

int sc_xfer_big(struct genl_client *c, struct nlmsghdr *nlh,
		struct nlmsghdr **reply, char *extack, size_t extack_size)
{
	int fd = mnl_socket_get_fd(c->nl), err = 0;
	bool done = false;

	*reply = NULL;
	if (extack_size)
		extack[0] = 0;
	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (!done) {
		const struct nlmsghdr *r;
		ssize_t size = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		char *buf;
		int len;

		if (size < 0)
			return -errno;
		buf = malloc((size_t)size);
		if (!buf)
			return -ENOMEM;
		len = (int)recv(fd, buf, (size_t)size, 0);
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len);
		     r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != c->seq)
				continue;
			if (genl_msg_ends_request(r, &err, extack, extack_size)) {
				done = true;
				break;
			}
			if (!*reply) {
				*reply = malloc(r->nlmsg_len);
				if (*reply)
					memcpy(*reply, r, r->nlmsg_len);
			}
		}
		free(buf);
	}
	return err;
}

int sc_has_cmd(struct genl_client *c, uint8_t cmd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genl_result *res = malloc(sizeof(*res));
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *op, *a;
	uint16_t id = c->family_id;
	uint8_t version = c->family_version;
	struct nlmsghdr *nlh;
	int err, found = 0;

	if (!res)
		return -ENOMEM;
	c->family_id = GENL_ID_CTRL;
	c->family_version = 1;
	nlh = genl_client_msg(c, buf, CTRL_CMD_GETFAMILY, 0);
	c->family_id = id;
	c->family_version = version;
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, id);
	err = genl_client_xfer(c, nlh, res);
	if (!err)
		err = genl_result_attrs(res, tb, CTRL_ATTR_MAX);
	if (!err && tb[CTRL_ATTR_OPS]) {
		mnl_attr_for_each_nested(op, tb[CTRL_ATTR_OPS])
			mnl_attr_for_each_nested(a, op)
				if (mnl_attr_get_type(a) == CTRL_ATTR_OP_ID &&
				    mnl_attr_get_u32(a) == cmd)
					found = 1;
	}
	free(res);
	return err ? err : found;
}

static const uint8_t capture_cmds[] = {
	SOCKCTL_CMD_CAPTURE_START, SOCKCTL_CMD_CAPTURE_GET, SOCKCTL_CMD_CAPTURE_STOP,
};

/* 1 if the family has every capture command, 0 if not, -errno. */
int sc_has_capture_cmds(struct genl_client *c)
{
	int i, has;

	for (i = 0; i < (int)sizeof(capture_cmds); i++) {
		has = sc_has_cmd(c, capture_cmds[i]);
		if (has <= 0)
			return has;
	}
	return 1;
}

int sc_frames(const struct genl_result *res, struct sc_frame *frames, int max)
{
	if (!res->n_replies)
		return 0;
	return sc_frames_msg((const struct nlmsghdr *)res->reply, frames, max);
}

int sc_frames_msg(const struct nlmsghdr *nlh, struct sc_frame *frames, int max)
{
	const struct nlattr *a, *f;
	int n = 0;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct sc_frame fr = { NULL, 0, -1, -1, -1 };

		if (mnl_attr_get_type(a) != SOCKCTL_A_FRAME)
			continue;
		mnl_attr_for_each_nested(f, a) {
			switch (mnl_attr_get_type(f)) {
			case SOCKCTL_A_FRAME_DATA:
				fr.data = mnl_attr_get_payload(f);
				fr.len = mnl_attr_get_payload_len(f);
				break;
			case SOCKCTL_A_FRAME_L3_OFFSET:
				fr.l3 = mnl_attr_get_u16(f);
				break;
			case SOCKCTL_A_FRAME_L4_OFFSET:
				fr.l4 = mnl_attr_get_u16(f);
				break;
			case SOCKCTL_A_FRAME_PAYLOAD_OFFSET:
				fr.payload = mnl_attr_get_u16(f);
				break;
			}
		}
		if (n < max)
			frames[n] = fr;
		n++;
	}
	return n;
}

void sc_parse_stats(const struct nlattr *nest, struct sc_stats *st)
{
	const struct nlattr *a;

	memset(st, 0, sizeof(*st));
	if (!nest)
		return;
	st->present = true;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case SOCKCTL_A_STATS_PACKETS:
			st->packets = mnl_attr_get_u64(a);
			break;
		case SOCKCTL_A_STATS_BYTES:
			st->bytes = mnl_attr_get_u64(a);
			break;
		case SOCKCTL_A_STATS_ERRORS:
			st->errors = mnl_attr_get_u64(a);
			break;
		case SOCKCTL_A_STATS_JOBS:
			st->jobs = mnl_attr_get_u64(a);
			break;
		}
	}
}

void sc_parse_job(const struct nlattr *nest, struct sc_job *job)
{
	const struct nlattr *a;

	memset(job, 0, sizeof(*job));
	if (!nest)
		return;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case SOCKCTL_A_JOB_JOB_ID:
			job->id = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB_STATE:
			job->state = mnl_attr_get_u8(a);
			break;
		case SOCKCTL_A_JOB_COUNT:
			job->count = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB_ERROR:
			job->error = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB_STATS:
			sc_parse_stats(a, &job->stats);
			break;
		case SOCKCTL_A_JOB_ELAPSED_NS:
			job->elapsed_ns = mnl_attr_get_u64(a);
			break;
		}
	}
}

const struct nlattr *sc_reply_attr(const struct genl_result *res, uint16_t type)
{
	const struct nlattr *a;

	if (!res->n_replies)
		return NULL;
	mnl_attr_for_each(a, (const struct nlmsghdr *)res->reply, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

int sc_stats_get(struct genl_client *c, struct genl_result *res, struct sc_stats *st)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_STATS_GET, 0);
	int err = genl_client_xfer(c, nlh, res);

	sc_parse_stats(err ? NULL : sc_reply_attr(res, SOCKCTL_A_STATS), st);
	return err;
}

static int job_cmd(struct genl_client *c, struct genl_result *res, uint8_t cmd,
		   uint32_t id, struct sc_job *job)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, cmd, 0);
	int err;

	mnl_attr_put_u32(nlh, SOCKCTL_A_JOB_ID, id);
	err = genl_client_xfer(c, nlh, res);
	sc_parse_job(err ? NULL : sc_reply_attr(res, SOCKCTL_A_JOB), job);
	return err;
}

int sc_job_get(struct genl_client *c, struct genl_result *res, uint32_t id,
	       struct sc_job *job)
{
	return job_cmd(c, res, SOCKCTL_CMD_JOB_GET, id, job);
}

int sc_job_stop(struct genl_client *c, struct genl_result *res, uint32_t id,
		struct sc_job *job)
{
	return job_cmd(c, res, SOCKCTL_CMD_JOB_STOP, id, job);
}

int sc_job_dump(struct genl_client *c, struct sc_job *jobs, int max)
{
	char req[MNL_SOCKET_BUFFER_SIZE];
	char *buf = malloc(GENL_CLIENT_BUFSZ);
	struct nlmsghdr *nlh = genl_client_msg(c, req, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP);
	int n = 0, err = 0;
	char extack[256];
	bool done = false;

	if (!buf)
		return -ENOMEM;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0) {
		free(buf);
		return -errno;
	}
	while (!done) {
		const struct nlmsghdr *r;
		ssize_t got = mnl_socket_recvfrom(c->nl, buf, GENL_CLIENT_BUFSZ);
		int len;

		if (got < 0) {
			err = -errno;
			break;
		}
		len = (int)got;
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len);
		     r = mnl_nlmsg_next(r, &len)) {
			const struct nlattr *a;

			if (r->nlmsg_seq != c->seq)
				continue;
			if (genl_msg_ends_request(r, &err, extack, sizeof(extack))) {
				done = true;
				break;
			}
			mnl_attr_for_each(a, r, GENL_HDRLEN) {
				if (mnl_attr_get_type(a) != SOCKCTL_A_JOB)
					continue;
				if (n < max)
					sc_parse_job(a, &jobs[n]);
				n++;
			}
		}
	}
	free(buf);
	return err ? err : n;
}

uint32_t sc_info_u32(struct genl_client *c, uint16_t attr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genl_result *res = malloc(sizeof(*res));
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_GET_INFO, 0);
	const struct nlattr *a;
	uint32_t v = 0;

	if (!res)
		return 0;
	if (!genl_client_xfer(c, nlh, res)) {
		a = sc_reply_attr(res, attr);
		if (a)
			v = mnl_attr_get_u32(a);
	}
	free(res);
	return v;
}

const char *sc_job_state_name(uint8_t state)
{
	switch (state) {
	case SOCKCTL_JOB_RUNNING: return "RUNNING";
	case SOCKCTL_JOB_DONE: return "DONE";
	case SOCKCTL_JOB_STOPPED: return "STOPPED";
	case SOCKCTL_JOB_FAILED: return "FAILED";
	default: return "?";
	}
}
