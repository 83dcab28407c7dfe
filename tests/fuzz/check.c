// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the reply checker: every reply, ACK and DONE against the expectation
 * of its request and the documented reply attribute sets.
 */
#include "nlfuzz.h"

struct reply_ctx {
	char err[512];
	/* values a few checks need */
	uint32_t job_id;
	uint8_t job_state;
	uint32_t job_job_id;
	int n_frames;
	int frame0_len, frame0_l3;
	struct capinfo cap;	/* the last SOCKCTL_A_CAPTURE nest */
	char soft[512];		/* a wrong value in a well-formed message */
};

static int check_attrs(const uint8_t *p, int len, int set, struct reply_ctx *rc,
		       const char *path);

static int check_frame(const uint8_t *p, int len, struct reply_ctx *rc)
{
	int rem = len, dlen = -1;
	int off[SOCKCTL_A_FRAME_MAX + 1] = { -1, -1, -1, -1, -1 };

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		int t = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < 4 || a->nla_len > rem)
			break;
		if (t == SOCKCTL_A_FRAME_DATA)
			dlen = a->nla_len - 4;
		else if (t <= SOCKCTL_A_FRAME_MAX && a->nla_len == 6)
			off[t] = *(const uint16_t *)(p + 4);
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (dlen > SOCKCTL_MAX_FRAME_REPLY) {
		snprintf(rc->err, sizeof(rc->err), "frame of %d bytes, more than SOCKCTL_MAX_FRAME_REPLY", dlen);
		return -1;
	}
	for (int t = SOCKCTL_A_FRAME_L3_OFFSET; t <= SOCKCTL_A_FRAME_MAX; t++) {
		if (off[t] > dlen) {
			snprintf(rc->err, sizeof(rc->err), "frame offset %d (attr %d) past its %d bytes",
				 off[t], t, dlen);
			return -1;
		}
	}
	if (!rc->n_frames) {
		rc->frame0_len = dlen;
		rc->frame0_l3 = off[SOCKCTL_A_FRAME_L3_OFFSET];
	}
	rc->n_frames++;
	return 0;
}

/* A value of a capture nest: remember it, check what the uapi promises. */
static int capture_value(int type, const uint8_t *d, struct reply_ctx *rc, const char *path)
{
	struct capinfo *ci = &rc->cap;
	uint64_t v;

	switch (type) {
	case SOCKCTL_A_CAPTURE_DIRECTION:
	case SOCKCTL_A_CAPTURE_END_REASON:
		v = d[0];
		break;
	case SOCKCTL_A_CAPTURE_COUNT:
	case SOCKCTL_A_CAPTURE_MATCHED:
	case SOCKCTL_A_CAPTURE_DELIVERED:
	case SOCKCTL_A_CAPTURE_DROPS_QUEUE:
	case SOCKCTL_A_CAPTURE_DROPS_SOCKET:
	case SOCKCTL_A_CAPTURE_DROPS_NOMEM:
	case SOCKCTL_A_CAPTURE_MESSAGES:
	case SOCKCTL_A_CAPTURE_ELAPSED_NS:
		v = get_uint(d, 8);
		break;
	case SOCKCTL_A_CAPTURE_PAD:
		return 0;
	default:
		v = get_uint(d, 4);
		break;
	}
	ci->have |= BIT(type);
	switch (type) {
	case SOCKCTL_A_CAPTURE_ID: ci->id = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_DIRECTION: ci->dir = (uint8_t)v; break;
	case SOCKCTL_A_CAPTURE_SNAPLEN: ci->snaplen = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_COUNT: ci->count = v; break;
	case SOCKCTL_A_CAPTURE_QUEUE_LEN: ci->queue_len = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_FLUSH_US: ci->flush_us = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_IFINDEX: ci->ifindex = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_PORTID: ci->portid = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_FILTER_LEN: ci->filter_len = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_MATCHED: ci->matched = v; break;
	case SOCKCTL_A_CAPTURE_DELIVERED: ci->delivered = v; break;
	case SOCKCTL_A_CAPTURE_DROPS_QUEUE: ci->drops_queue = v; break;
	case SOCKCTL_A_CAPTURE_DROPS_SOCKET: ci->drops_socket = v; break;
	case SOCKCTL_A_CAPTURE_DROPS_NOMEM: ci->drops_nomem = v; break;
	case SOCKCTL_A_CAPTURE_QUEUED: ci->queued = (uint32_t)v; break;
	case SOCKCTL_A_CAPTURE_MESSAGES: ci->messages = v; break;
	case SOCKCTL_A_CAPTURE_END_REASON: ci->reason = (uint8_t)v; break;
	}
	if ((type == SOCKCTL_A_CAPTURE_ID && !v) ||
	    (type == SOCKCTL_A_CAPTURE_DIRECTION && (v < SOCKCTL_CAPTURE_IN || v > SOCKCTL_CAPTURE_BOTH)) ||
	    (type == SOCKCTL_A_CAPTURE_SNAPLEN && (!v || v > SOCKCTL_MAX_FRAME_REPLY)) ||
	    (type == SOCKCTL_A_CAPTURE_QUEUE_LEN && (!v || v > CAPTURE_QUEUE_MAX)) ||
	    (type == SOCKCTL_A_CAPTURE_FLUSH_US && !v) ||
	    (type == SOCKCTL_A_CAPTURE_FILTER_LEN && v > BPF_MAXINSNS) ||
	    (type == SOCKCTL_A_CAPTURE_END_REASON &&
	     (v < SOCKCTL_CAPTURE_END_STOPPED || v > SOCKCTL_CAPTURE_END_UNLOAD))) {
		snprintf(rc->err, sizeof(rc->err), "%.120s: %s %" PRIu64 " out of its documented range",
			 path, fdef_of(R_CAP, type)->name, v);
		return -1;
	}
	return 0;
}

/*
 * MATCHED == DELIVERED + DROPS_QUEUE + DROPS_SOCKET + DROPS_NOMEM + QUEUED:
 * a wrong count is reported (rc->soft), the message still used.
 */
static int capture_counters(const struct capinfo *ci, struct reply_ctx *rc, const char *path)
{
	uint64_t sum = ci->delivered + ci->drops_queue + ci->drops_socket + ci->drops_nomem +
		       ci->queued;

	if (ci->matched != sum) {
		snprintf(rc->soft, sizeof(rc->soft),
			 "%.120s: session %u counters lose packets: matched %" PRIu64 " != delivered %" PRIu64
			 " + drops %" PRIu64 "/%" PRIu64 "/%" PRIu64 " + queued %u", path, ci->id,
			 ci->matched, ci->delivered, ci->drops_queue, ci->drops_socket,
			 ci->drops_nomem, ci->queued);
		return -1;
	}
	if (ci->messages > ci->delivered) {
		snprintf(rc->soft, sizeof(rc->soft), "%.120s: session %u: %" PRIu64 " messages for %" PRIu64
			 " packets delivered", path, ci->id, ci->messages, ci->delivered);
		return -1;
	}
	return 0;
}

static int check_attr(const struct nlattr *a, int set, struct reply_ctx *rc,
		      const char *path)
{
	int type = a->nla_type & NLA_TYPE_MASK, alen = a->nla_len - 4;
	const struct fdef *fd = fdef_of(set, type);
	const uint8_t *d = (const uint8_t *)a + 4;
	int kl = kind_len(fd->kind);
	char sub[128];

	if (fd->kind == K_NONE) {
		snprintf(rc->err, sizeof(rc->err), "%s: undocumented attribute type %d (%d bytes)",
			 path, type, alen);
		return -1;
	}
	if (kl >= 0 && alen != kl) {
		snprintf(rc->err, sizeof(rc->err), "%s.%s: %d bytes for a %s", path, fd->name,
			 alen, kind_names[fd->kind]);
		return -1;
	}
	switch (fd->kind) {
	case K_NSTR:
		if (alen < 1 || d[alen - 1]) {
			snprintf(rc->err, sizeof(rc->err), "%s.%s: string not NUL-terminated", path, fd->name);
			return -1;
		}
		break;
	case K_BIN:
		if ((uint64_t)alen < fd->min || (uint64_t)alen > fd->max) {
			snprintf(rc->err, sizeof(rc->err), "%s.%s: %d bytes", path, fd->name, alen);
			return -1;
		}
		break;
	case K_NEST:
		snprintf(sub, sizeof(sub), "%s.%s", path, fd->name);
		if (fd->set == R_CAP || fd->set == R_CAPCNT)
			memset(&rc->cap, 0, sizeof(rc->cap));
		if (check_attrs(d, alen, fd->set, rc, sub))
			return -1;
		if (fd->set == R_FRAME && check_frame(d, alen, rc))
			return -1;
		if ((fd->set == R_CAP || fd->set == R_CAPCNT) && !rc->soft[0])
			capture_counters(&rc->cap, rc, sub);
		break;
	default:
		break;
	}
	if (set == R_SEND && type == SOCKCTL_A_JOB_ID)
		rc->job_id = (uint32_t)get_uint(d, 4);
	if (set == R_JOB && type == SOCKCTL_A_JOB_STATE) {
		rc->job_state = d[0];
		if (d[0] < SOCKCTL_JOB_RUNNING || d[0] > SOCKCTL_JOB_FAILED) {
			snprintf(rc->err, sizeof(rc->err), "%s: job state %u", path, d[0]);
			return -1;
		}
	}
	if (set == R_JOB && type == SOCKCTL_A_JOB_JOB_ID)
		rc->job_job_id = (uint32_t)get_uint(d, 4);
	if ((set == R_CAP || set == R_CAPCNT) && capture_value(type, d, rc, path))
		return -1;
	if (set == R_PACKET && type == SOCKCTL_A_PACKET_DIRECTION &&
	    d[0] != SOCKCTL_CAPTURE_IN && d[0] != SOCKCTL_CAPTURE_OUT) {
		snprintf(rc->err, sizeof(rc->err), "%s: packet direction %u", path, d[0]);
		return -1;
	}
	return 0;
}

static int check_attrs(const uint8_t *p, int len, int set, struct reply_ctx *rc,
		       const char *path)
{
	int rem = len;
	uint32_t seen = 0;

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < 4 || a->nla_len > rem) {
			snprintf(rc->err, sizeof(rc->err),
				 "%s: malformed attribute (nla_len %u, type %u) with %d bytes left",
				 path, a->nla_len, a->nla_type, rem);
			return -1;
		}
		if (check_attr(a, set, rc, path))
			return -1;
		if ((a->nla_type & NLA_TYPE_MASK) < 32)
			seen |= BIT(a->nla_type & NLA_TYPE_MASK);
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (rem > 0) {
		snprintf(rc->err, sizeof(rc->err), "%s: %d bytes left over after the attributes",
			 path, rem);
		return -1;
	}
	if ((seen & sets[set].required) != sets[set].required) {
		snprintf(rc->err, sizeof(rc->err), "%s: required attributes missing (have 0x%x, need 0x%x)",
			 path, seen, sets[set].required);
		return -1;
	}
	if (set == R_SEND && !!(seen & BIT(SOCKCTL_A_STATS)) == !!(seen & BIT(SOCKCTL_A_JOB_ID))) {
		snprintf(rc->err, sizeof(rc->err), "%s: needs exactly one of STATS and JOB_ID", path);
		return -1;
	}
	return 0;
}

static int reply_set(int cmd)
{
	switch (cmd) {
	case SOCKCTL_CMD_GET_INFO: return R_INFO;
	case SOCKCTL_CMD_BUILD: return R_BUILD;
	case SOCKCTL_CMD_SEND: return R_SEND;
	case SOCKCTL_CMD_JOB_GET:
	case SOCKCTL_CMD_JOB_STOP: return R_JOBTOP;
	case SOCKCTL_CMD_STATS_GET: return R_STATSTOP;
	case SOCKCTL_CMD_CAPTURE_START:
	case SOCKCTL_CMD_CAPTURE_GET:
	case SOCKCTL_CMD_CAPTURE_STOP: return R_CAPTOP;
	}
	return -1;
}

/*
 * A notification's attributes (capture.c): 0; -1 (malformed) or 1 (well
 * formed, but with counters that do not add up) and why in @err.  The last
 * SOCKCTL_A_CAPTURE nest's values in @ci.
 */
int check_notification(const struct nlmsghdr *r, int set, struct capinfo *ci, char *err,
		       size_t errlen)
{
	const struct genlmsghdr *g = (const struct genlmsghdr *)NLMSG_DATA(r);
	struct reply_ctx rc = { 0 };
	int ret;

	ret = check_attrs((const uint8_t *)g + GENL_HDRLEN,
			  (int)(r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), set, &rc, sets[set].name);
	*ci = rc.cap;
	snprintf(err, errlen, "%s", ret ? rc.err : rc.soft);
	return ret ? ret : rc.soft[0] ? 1 : 0;
}

char kernel_release[128];

/* Values GET_INFO must report. */
static int check_info(const uint8_t *p, int len, struct reply_ctx *rc)
{
	int rem = len;

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		const uint8_t *d = p + 4;
		uint32_t v = a->nla_len == 8 ? *(const uint32_t *)d : 0;

		switch (a->nla_type & NLA_TYPE_MASK) {
		case SOCKCTL_A_INFO_FAMILY_VERSION:
			if (v != SOCKCTL_FAMILY_VERSION)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_PACKET:
			if (v != MAX_PACKET)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_COUNT:
			if (v != MAX_COUNT)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_JOBS:
			if (v != MAX_JOBS)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_CAPTURES:
			if (v != MAX_CAPTURES)
				goto bad;
			break;
		case SOCKCTL_A_INFO_KERNEL_RELEASE:
			if (strcmp((const char *)d, kernel_release)) {
				snprintf(rc->err, sizeof(rc->err), "GET_INFO: kernel release \"%s\", uname says \"%s\"",
					 (const char *)d, kernel_release);
				return -1;
			}
			break;
		}
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
		continue;
bad:
		snprintf(rc->err, sizeof(rc->err), "GET_INFO: attribute %u is %u",
			 a->nla_type & NLA_TYPE_MASK, v);
		return -1;
	}
	return 0;
}

struct expect *find_expect(struct expect *ex, int n, uint32_t seq)
{
	int i;

	for (i = 0; i < n; i++)
		if (ex[i].seq == seq)
			return &ex[i];
	return NULL;
}

bool expect_done(const struct expect *e)
{
	switch (e->kind) {
	case E_SILENT:
		return true;
	case E_ACK0:
		return !e->ack || e->got_ack;
	case E_ERR:
		return e->got_ack;
	case E_ANY:
	case E_PING:
		if (e->sync)	/* asks no ACK: its one reply, or an error */
			return e->n_data > 0 || e->got_ack;
		if (e->dump)
			return e->got_done || e->got_ack;
		return e->got_ack || !e->ack;
	}
	return true;
}

/* Is an extended ACK's content sane? */
static void check_ack_tlvs(struct fz *f, const struct nlmsghdr *r, const struct expect *e)
{
	const struct nlmsgerr *err = (const struct nlmsgerr *)NLMSG_DATA(r);
	uint32_t off = NLMSG_HDRLEN + sizeof(*err);
	const uint8_t *p;
	int rem;

	if (!(r->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(r->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off > r->nlmsg_len) {
		fail(f, "ACK TLVs start past the message (%u > %u)", off, r->nlmsg_len);
		return;
	}
	p = (const uint8_t *)r + off;
	rem = (int)(r->nlmsg_len - off);
	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		int alen = a->nla_len - 4;

		if (a->nla_len < 4 || a->nla_len > rem) {
			fail(f, "malformed ACK TLV (nla_len %u, %d bytes left)", a->nla_len, rem);
			return;
		}
		switch (a->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			if (alen < 1 || p[4 + alen - 1])
				fail(f, "extack message not NUL-terminated");
			else if (opt_verbose)
				printf("#   extack: %s\n", (const char *)p + 4);
			break;
		case NLMSGERR_ATTR_OFFS: {
			uint32_t o = alen == 4 ? *(const uint32_t *)(p + 4) : 0xffffffff;

			if (alen != 4 || o < NLMSG_HDRLEN || o >= e->req_len)
				fail(f, "extack offset %u outside the request (%u bytes)", o, e->req_len);
			break;
		}
		case NLMSGERR_ATTR_MISS_TYPE:
		case NLMSGERR_ATTR_MISS_NEST:
			if (alen != 4)
				fail(f, "extack TLV %u of %d bytes", a->nla_type, alen);
			break;
		}
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (rem > 0)
		fail(f, "%d bytes left over after the ACK TLVs", rem);
}

void count_result(struct fz *f, int err)
{
	if (err == 0)
		f->ok++;
	else if (-err > 0 && -err < N_ERRNO)
		f->errs[-err]++;
}

void handle_data(struct fz *f, const struct nlmsghdr *r, struct expect *e)
{
	const struct genlmsghdr *g = (const struct genlmsghdr *)NLMSG_DATA(r);
	struct reply_ctx rc = { 0 };
	int set;

	if (e->kind == E_ERR || e->kind == E_ACK0 || e->kind == E_SILENT) {
		fail(f, "data reply to a request that must %s (%s)",
		     e->kind == E_ERR ? "fail" : "not be processed", e->why);
		e->bad = true;
		return;
	}
	if (e->got_ack || e->got_done) {
		fail(f, "data reply after the ACK/DONE");
		return;
	}
	e->n_data++;
	if (!e->dump && e->n_data > 1) {
		fail(f, "%d data replies to a do request", e->n_data);
		return;
	}
	if (e->dump && !(r->nlmsg_flags & NLM_F_MULTI))
		fail(f, "dump reply without NLM_F_MULTI");
	if (r->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		fail(f, "data reply of %u bytes, no genlmsghdr", r->nlmsg_len);
		return;
	}
	if (g->cmd != e->cmd || g->reserved) {
		fail(f, "reply genlmsghdr cmd %u reserved %u to command %u", g->cmd,
		     g->reserved, e->cmd);
		return;
	}
	set = reply_set(e->cmd);
	if (set < 0)
		return;
	if (check_attrs((const uint8_t *)g + GENL_HDRLEN,
			(int)(r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), set, &rc,
			sets[set].name) ||
	    (set == R_INFO && check_info((const uint8_t *)g + GENL_HDRLEN,
					 (int)(r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), &rc))) {
		fail(f, "malformed reply: %s", rc.err);
		printf("#   reply (%u bytes):\n", r->nlmsg_len);
		hexdump(stdout, "#   ", (const uint8_t *)r, r->nlmsg_len, 128);
		e->bad = true;
		return;
	}
	if (rc.soft[0])
		fail(f, "reply: %s", rc.soft);
	if (rc.job_id)
		e->job_id = rc.job_id;
	if (rc.n_frames) {
		e->n_frames = rc.n_frames;
		e->frame0_len = rc.frame0_len;
		e->frame0_l3 = rc.frame0_l3;
	}
	if (rc.job_state) {
		e->job_state = rc.job_state;
		e->job_reply_id = rc.job_job_id;
	}
	if (set == R_CAPTOP)
		capture_on_reply(f, e, &rc.cap, r);
}

void handle_ack(struct fz *f, const struct nlmsghdr *r, struct expect *e)
{
	const struct nlmsgerr *err = (const struct nlmsgerr *)NLMSG_DATA(r);

	if (r->nlmsg_len < NLMSG_HDRLEN + sizeof(*err)) {
		fail(f, "NLMSG_ERROR of %u bytes", r->nlmsg_len);
		e->got_ack = true;
		return;
	}
	if (e->got_ack || e->got_done) {
		fail(f, "second ACK/DONE for one request (error %d)", err->error);
		return;
	}
	if (e->dump && e->kind == E_ANY && err->error == -ENOBUFS && !e->n_data &&
	    !e->dump_enobufs) {
		/*
		 * The dump's first message met a full receive buffer: netlink
		 * says so, and goes on with the dump as we read (DONE follows).
		 */
		e->dump_enobufs = true;
		return;
	}
	e->got_ack = true;
	e->ack_err = err->error;
	if (err->error > 0) {
		fail(f, "positive error code %d in the ACK", err->error);
		return;
	}
	if (err->msg.nlmsg_seq != e->seq)
		fail(f, "ACK quotes seq %u, request had %u", err->msg.nlmsg_seq, e->seq);
	check_ack_tlvs(f, r, e);
	switch (e->kind) {
	case E_ACK0:
		if (err->error)
			fail(f, "a message the kernel must not process (%s) got error %s",
			     e->why, errname(-err->error));
		break;
	case E_ERR:
		if (!err->error) {
			fail(f, "accepted a request that must fail: %s", e->why);
		} else if (err->error != e->err &&
			   !(e->err == -EINVAL && err->error == -ERANGE) &&
			   !(e->err == -ERANGE && err->error == -EINVAL)) {
			f->errno_mismatch++;
			if (opt_verbose)
				printf("# note #%" PRIu64 ": predicted %s (%s), got %s\n", f->cidx,
				       errname(-e->err), e->why, errname(-err->error));
		}
		break;
	case E_ANY:
	case E_PING:
		if (!err->error && !e->dump && e->n_data == 0 && e->cmd != 0)
			fail(f, "ACK 0 without the data reply command %u owes", e->cmd);
		if (err->error && e->n_data)
			fail(f, "error %s after a data reply", errname(-err->error));
		/* Under an overrun a reply may be lost, and the request fail with it. */
		if (e->kind == E_PING && err->error &&
		    !(err->error == -EAGAIN && (f->congested || e->sync)))
			fail(f, "GET_INFO failed: %s", errname(-err->error));
		break;
	}
}

void handle_done(struct fz *f, const struct nlmsghdr *r, struct expect *e)
{
	int derr;

	if (!e->dump || e->kind == E_ERR) {
		fail(f, "NLMSG_DONE for a %s request", e->dump ? "failing" : "do");
		return;
	}
	if (r->nlmsg_len < NLMSG_HDRLEN + sizeof(int)) {
		fail(f, "NLMSG_DONE of %u bytes", r->nlmsg_len);
		e->got_done = true;
		return;
	}
	memcpy(&derr, NLMSG_DATA(r), sizeof(derr));
	if (derr > 0)
		fail(f, "positive error %d in NLMSG_DONE", derr);
	e->got_done = true;
	e->ack_err = derr;
}
