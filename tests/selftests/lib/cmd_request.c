// SPDX-License-Identifier: GPL-2.0
/*
 * One request of each command of the family; see cmd_request.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sockctl.h>

#include "cmd_request.h"
#include "pkt_desc.h"

#define RECV_BUFSZ	(256 * 1024)	/* a capture batch is up to ~64 KiB */

const char *const request_names[N_REQUESTS] = {
	[R_GET_INFO]		= "GET_INFO",
	[R_BUILD]		= "BUILD",
	[R_SEND]		= "SEND",
	[R_JOB_GET]		= "JOB_GET (do)",
	[R_JOB_DUMP]		= "JOB_GET (dump)",
	[R_JOB_STOP]		= "JOB_STOP",
	[R_STATS_GET]		= "STATS_GET",
	[R_CAPTURE_START]	= "CAPTURE_START",
	[R_CAPTURE_GET]		= "CAPTURE_GET (do)",
	[R_CAPTURE_DUMP]	= "CAPTURE_GET (dump)",
	[R_CAPTURE_STOP]	= "CAPTURE_STOP",
};

static uint32_t nested_u32(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type &&
		    mnl_attr_get_payload_len(a) >= sizeof(uint32_t))
			return mnl_attr_get_u32(a);
	return 0;
}

static void parse_data(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct nlattr *a;

	r->messages++;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case SOCKCTL_A_JOB_ID:
			r->reply_id = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB:
			if (r->n_jobs < MAX_IDS)
				r->job_ids[r->n_jobs] = nested_u32(a, SOCKCTL_A_JOB_JOB_ID);
			r->n_jobs++;
			break;
		case SOCKCTL_A_CAPTURE:
			if (r->n_captures < MAX_IDS)
				r->capture_ids[r->n_captures] =
					nested_u32(a, SOCKCTL_A_CAPTURE_ID);
			r->n_captures++;
			break;
		case SOCKCTL_A_FRAME:
			r->n_frames++;
			break;
		case SOCKCTL_A_STATS:
			sc_parse_stats(a, &r->stats);
			break;
		}
	}
}

/*
 * Send nlh and collect every reply to it.  Unlike genl_client_xfer(), this
 * reads a dump's error (and extended ACK) from its NLMSG_DONE, where the
 * kernel puts what a dumpit callback returned.  Messages with another
 * sequence number (capture notifications, seq 0) are skipped.  Returns the
 * request's error, or -errno of the socket.
 */
int cmd_xfer(struct genl_client *c, struct nlmsghdr *nlh, struct reply *r)
{
	bool dump = nlh->nlmsg_flags & NLM_F_DUMP, done = false;
	char *buf = malloc(RECV_BUFSZ);
	ssize_t n;

	memset(r, 0, sizeof(*r));
	if (!buf)
		return r->err = -ENOMEM;
	if (!dump)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0) {
		free(buf);
		return r->err = -errno;
	}
	while (!done) {
		const struct nlmsghdr *m;
		int len;

		n = recv(mnl_socket_get_fd(c->nl), buf, RECV_BUFSZ, 0);
		if (n < 0) {
			r->err = -errno;
			break;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != c->seq)
				continue;
			if (genl_msg_ends_request(m, &r->err, r->extack, sizeof(r->extack))) {
				done = true;
				break;
			}
			parse_data(m, r);
		}
	}
	free(buf);
	return r->err;
}

/* IPv4 to 127.0.0.1, UDP to the discard port: harmless in any netns. */
void put_lo_udp(struct nlmsghdr *nlh, const char *payload)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };

	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4, BIN(SOCKCTL_A_IPV4_DADDR, lo4, 4)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, DISCARD_PORT)),
		BIN(SOCKCTL_A_PAYLOAD, payload, strlen(payload)));
}

struct nlmsghdr *request_msg(struct genl_client *c, char *buf,
				    enum request req, const struct objects *o)
{
	struct nlmsghdr *nlh;

	switch (req) {
	case R_GET_INFO:
		return genl_client_msg(c, buf, SOCKCTL_CMD_GET_INFO, 0);
	case R_BUILD:
		nlh = genl_client_msg(c, buf, SOCKCTL_CMD_BUILD, 0);
		put_lo_udp(nlh, "cmd_request");
		return nlh;
	case R_SEND:
		nlh = genl_client_msg(c, buf, SOCKCTL_CMD_SEND, 0);
		put_lo_udp(nlh, "cmd_request");
		return nlh;
	case R_JOB_GET:
	case R_JOB_STOP:
		nlh = genl_client_msg(c, buf, req == R_JOB_GET ? SOCKCTL_CMD_JOB_GET :
				      SOCKCTL_CMD_JOB_STOP, 0);
		mnl_attr_put_u32(nlh, SOCKCTL_A_JOB_ID, o->job);
		return nlh;
	case R_JOB_DUMP:
		return genl_client_msg(c, buf, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP);
	case R_STATS_GET:
		return genl_client_msg(c, buf, SOCKCTL_CMD_STATS_GET, 0);
	case R_CAPTURE_START:
		nlh = genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_START, 0);
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
				    U32(SOCKCTL_A_CAPTURE_SNAPLEN, SNAPLEN)));
		return nlh;
	case R_CAPTURE_GET:
	case R_CAPTURE_STOP:
		nlh = genl_client_msg(c, buf, req == R_CAPTURE_GET ?
				      SOCKCTL_CMD_CAPTURE_GET : SOCKCTL_CMD_CAPTURE_STOP, 0);
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
				    U32(SOCKCTL_A_CAPTURE_ID, o->capture)));
		return nlh;
	case R_CAPTURE_DUMP:
		return genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_GET, NLM_F_DUMP);
	case N_REQUESTS:
		break;
	}
	return NULL;
}

/* A job of the socket's netns that runs until the socket is closed. */
int start_job(struct genl_client *c, const char *tag, uint32_t *id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_SEND, 0);
	struct reply *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	put_lo_udp(nlh, tag);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, JOB_COUNT),
		U32(SOCKCTL_A_RATE_PPS, JOB_PPS));
	err = cmd_xfer(c, nlh, r);
	*id = r->reply_id;
	if (!err && !*id)
		err = -ENODATA;
	free(r);
	return err;
}

/*
 * A capture session of the socket's netns on every device, delivering to
 * that socket, until it is closed.
 */
int start_capture(struct genl_client *c, uint32_t *id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = request_msg(c, buf, R_CAPTURE_START, NULL);
	struct reply *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	err = cmd_xfer(c, nlh, r);
	*id = r->n_captures ? r->capture_ids[0] : 0;
	if (!err && !*id)
		err = -ENODATA;
	free(r);
	return err;
}

/* Send one request of the matrix; the reply in *r. */
int do_request(struct genl_client *c, enum request req,
		      const struct objects *o, struct reply *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return cmd_xfer(c, request_msg(c, buf, req, o), r);
}

/* Is the job still running / the session still there (seen from c)? */
int job_state(struct genl_client *c, uint32_t id)
{
	struct genl_result *res = malloc(sizeof(*res));
	struct sc_job job = { 0 };
	int err;

	if (!res)
		return -ENOMEM;
	err = sc_job_get(c, res, id, &job);
	free(res);
	return err ? err : job.state;
}

int capture_get(struct genl_client *c, uint32_t id)
{
	struct objects o = { .capture = id };
	struct reply *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	err = do_request(c, R_CAPTURE_GET, &o, r);
	free(r);
	return err;
}

bool has_id(const uint32_t *ids, int n, uint32_t id)
{
	int i;

	for (i = 0; i < n && i < MAX_IDS; i++)
		if (ids[i] == id)
			return true;
	return false;
}
