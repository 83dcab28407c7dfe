// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: fuzz messages: serialization of requests, the -k numbering, sampling
 * of systematic phases, the -n budget, and auxiliary requests.
 */
#include "nlfuzz.h"

uint8_t *msgbuf;

uint32_t req_ser(const struct fz *f, const struct req *r, uint8_t *buf)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	uint32_t len;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = r->type ? r->type : family_id;
	nlh->nlmsg_flags = r->flags;
	g->cmd = r->cmd;
	g->version = r->version ? r->version : f->version;
	g->reserved = r->reserved;
	len = NLMSG_HDRLEN + GENL_HDRLEN;
	if (r->root)
		len = (uint32_t)an_ser_kids(r->root, buf, len);
	nlh->nlmsg_len = len;
	return len;
}

static uint64_t fnv1a(uint64_t h, const uint8_t *p, uint32_t len)
{
	while (len--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/*
 * The hash of a message as generated: its family id (which the kernel
 * picks) counted as 0, so that runs on different kernels compare.
 */
static uint64_t msg_hash(uint64_t h, const uint8_t *buf, uint32_t len)
{
	uint8_t *copy = xmalloc(len);
	uint32_t off = 0;

	memcpy(copy, buf, len);
	while (len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(copy + off);
		uint32_t ml = nlh->nlmsg_len;

		if (nlh->nlmsg_type == family_id)
			nlh->nlmsg_type = 0;
		if (ml < NLMSG_HDRLEN || NLMSG_ALIGN(ml) >= len - off)
			break;
		off += NLMSG_ALIGN(ml);
	}
	h = fnv1a(h, copy, len);
	free(copy);
	return h;
}

/* -g: the message as it would be sent, by number, with a hash of its bytes. */
static void gen_print(const struct fz *f, const char *name, const uint8_t *buf, uint32_t len)
{
	printf("%" PRIu64 " [%s] %s: %u bytes %016" PRIx64 "\n", f->idx, f->phase ? f->phase : "-",
	       name, len, msg_hash(0xcbf29ce484222325ull, buf, len));
}

bool budget_left(const struct fz *f)
{
	return f->dry || f->gen < f->budget;
}

int fuzz_msg(struct fz *f, const char *name, uint8_t *buf, uint32_t len,
		    struct expect *out)
{
	unsigned int live;
	struct expect e;
	int r;

	if (out)
		memset(out, 0, sizeof(*out));
	f->idx++;
	if (f->dry)
		return 1;
	if (f->sys && f->sys_num < f->sys_den) {
		uint64_t k = f->idx - f->sys_start - 1;

		if ((k + 1) * f->sys_num / f->sys_den == k * f->sys_num / f->sys_den)
			return 1;
	}
	if (f->gen >= f->budget && !f->fixed)
		return 1;
	f->gen++;
	if (f->only && f->idx != f->only)
		return 1;
	f->cname = name;
	f->cmsg = buf;
	f->clen = len;
	f->cidx = f->idx;
	watchdog_idx = f->idx;
	if (opt_kmsg && f->idx % 1000 == 0)
		kmsg("message #%" PRIu64 " [%s]", f->idx, f->phase);
	if (f->only) {
		printf("# message #%" PRIu64 " [%s] %s (%u bytes):\n", f->idx, f->phase, name, len);
		hexdump(stdout, "#   ", buf, len, 4096);
	}
	/* Every message sent, in order: the same for a seed whatever the kernel says. */
	f->digest = msg_hash(f->digest ? f->digest : 0xcbf29ce484222325ull, buf, len);
	if (opt_gen) {
		gen_print(f, name, buf, len);
		f->cmsg = NULL;
		return 1;
	}
	live = capture_live(f);
	r = exchange(f, buf, len, &e);
	f->sent++;
	f->phase_sent++;
	if (r <= 0)
		count_result(f, r);
	else if (!e.lost)
		f->silent++;
	if (f->only)
		printf("# result: %s%s\n", r <= 0 ? errname(-r) : "no reply",
		       f->failures ? " (FAILED)" : "");
	if (e.job_id)
		stop_job_aux(f, e.job_id);
	/* A SEND whose reply an overrun took may have started a job: stop it. */
	if (e.lost && e.cmd == SOCKCTL_CMD_SEND)
		stop_all_jobs(f, NULL);
	if (r == -EBUSY && len >= NLMSG_HDRLEN + GENL_HDRLEN &&
	    buf[NLMSG_HDRLEN] == SOCKCTL_CMD_SEND && !f->ebusy_reported) {
		int running = running_jobs(f);

		if (running >= 0 && running < MAX_JOBS) {
			fail(f, "SEND refused with EBUSY while %d jobs run: the running-job count is wrong "
			     "(reported once)", running);
			f->ebusy_reported = true;
		}
	}
	capture_after_msg(f, &e, r, live);
	if (out)
		*out = e;
	f->cmsg = NULL;
	return r;
}

int fuzz_req_e(struct fz *f, const char *name, const struct req *r,
		      struct expect *out)
{
	uint32_t len;

	if (out)
		memset(out, 0, sizeof(*out));
	if (r->root && an_excess(r->root, false)) {
		/* would not fit nla_len: not sent, not numbered */
		return 1;
	}
	len = req_ser(f, r, msgbuf);
	return fuzz_msg(f, name, msgbuf, len, out);
}

int fuzz_req(struct fz *f, const char *name, const struct req *r)
{
	return fuzz_req_e(f, name, r, NULL);
}

/* An auxiliary request (job control): not numbered, checked all the same. */
int aux_req(struct fz *f, const struct req *r, struct expect *out)
{
	uint8_t *buf = xmalloc(MSGBUF);
	const char *saved_name = f->cname;
	const uint8_t *saved_msg = f->cmsg;
	uint32_t saved_len = f->clen;
	uint32_t len;
	int ret;

	len = req_ser(f, r, buf);
	f->cname = "aux";
	f->cmsg = buf;
	f->clen = len;
	ret = exchange(f, buf, len, out);
	f->aux++;
	f->cname = saved_name;
	f->cmsg = saved_msg;
	f->clen = saved_len;
	free(buf);
	return ret;
}
