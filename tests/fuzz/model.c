// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the model: what the kernel's strict validation (lib/nlattr.c,
 * genl_header_check(), netlink_rcv_skb()) must answer to a message.
 */
#include "nlfuzz.h"

static int model_attrs(const uint8_t *p, int len, int set, int depth,
		       struct verdict *v);

/* lib/nlattr.c validate_nla() with NL_VALIDATE_STRICT. */
static int model_attr(const struct nlattr *a, int set, int depth, struct verdict *v)
{
	int type = a->nla_type & NLA_TYPE_MASK, alen = a->nla_len - 4;
	const struct fdef *fd = fdef_of(set, type);
	const uint8_t *d = (const uint8_t *)a + 4;
	bool nested = a->nla_type & NLA_F_NESTED;
	int kl = kind_len(fd->kind);

#define BAD(e, ...) do { snprintf(v->why, sizeof(v->why), __VA_ARGS__); \
			 v->err = -(e); return v->err; } while (0)

	if (kl > 0 && alen != kl)
		BAD(EINVAL, "%s.%s: length %d, not %d", sets[set].name, fd->name, alen, kl);
	if (fd->kind == K_NEST && !nested)
		BAD(EINVAL, "%s.%s: NLA_F_NESTED missing", sets[set].name, fd->name);
	if (fd->kind != K_NEST && fd->kind != K_NONE && nested)
		BAD(EINVAL, "%s.%s: NLA_F_NESTED on a non-nest", sets[set].name, fd->name);

	switch (fd->kind) {
	case K_NONE:
		BAD(EINVAL, "%s: attribute %d not in the policy", sets[set].name, type);
	case K_REJECT:
		BAD(EINVAL, "%s: command takes no attributes", sets[set].name);
	case K_FLAG:
		if (alen > 0)
			BAD(ERANGE, "%s.%s: flag with %d bytes", sets[set].name, fd->name, alen);
		return 0;
	case K_NSTR: {
		int minlen = fd->max ? (alen < (int)fd->max + 1 ? alen : (int)fd->max + 1) : alen;

		if (!minlen || !memchr(d, 0, minlen))
			BAD(EINVAL, "%s.%s: string not NUL-terminated in %d bytes",
			    sets[set].name, fd->name, minlen);
		if (alen < 1)
			BAD(ERANGE, "%s.%s: empty string", sets[set].name, fd->name);
		if (fd->max) {
			int sl = alen;

			if (d[sl - 1] == 0)
				sl--;
			if (sl > (int)fd->max)
				BAD(ERANGE, "%s.%s: string of %d bytes", sets[set].name, fd->name, sl);
		}
		return 0;
	}
	case K_BIN:
		if ((uint64_t)alen < fd->min || (uint64_t)alen > fd->max)
			BAD(ERANGE, "%s.%s: %d bytes, not %" PRIu64 "-%" PRIu64,
			    sets[set].name, fd->name, alen, fd->min, fd->max);
		return 0;
	case K_NEST:
		if (alen == 0)
			return 0;
		if (alen < 4)
			BAD(ERANGE, "%s.%s: nest of %d bytes", sets[set].name, fd->name, alen);
		return model_attrs(d, alen, fd->set, depth + 1, v);
	default:
		break;
	}
	if (fd->ranged) {
		uint64_t val = get_uint(d, kl);

		if (val < fd->min || val > fd->max)
			BAD(ERANGE, "%s.%s: value %" PRIu64 " out of %" PRIu64 "-%" PRIu64,
			    sets[set].name, fd->name, val, fd->min, fd->max);
	}
	return 0;
#undef BAD
}

/* lib/nlattr.c __nla_validate_parse() with NL_VALIDATE_STRICT. */
static int model_attrs(const uint8_t *p, int len, int set, int depth,
		       struct verdict *v)
{
	int rem = len;

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < 4 || a->nla_len > rem)
			break;
		if (type == 0 || type > sets[set].maxtype) {
			snprintf(v->why, sizeof(v->why), "%s: unknown attribute type %d",
				 sets[set].name, type);
			return v->err = -EINVAL;
		}
		if (model_attr(a, set, depth, v))
			return v->err;
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (rem > 0) {
		snprintf(v->why, sizeof(v->why), "%s: %d bytes left over after the attributes",
			 sets[set].name, rem);
		return v->err = -EINVAL;
	}
	return 0;
}

static bool op_exists(int cmd, bool dump)
{
	if (dump)
		return cmd == SOCKCTL_CMD_JOB_GET || cmd == SOCKCTL_CMD_CAPTURE_GET;
	/* CAPTURE_PACKETS and _END are notifications: no op. */
	return cmd >= SOCKCTL_CMD_GET_INFO && cmd <= SOCKCTL_CMD_CAPTURE_STOP;
}

int cmd_set(int cmd)
{
	switch (cmd) {
	case SOCKCTL_CMD_BUILD:
	case SOCKCTL_CMD_SEND:
		return S_PKT;
	case SOCKCTL_CMD_JOB_GET:
	case SOCKCTL_CMD_JOB_STOP:
		return S_JOBREQ;
	case SOCKCTL_CMD_CAPTURE_START:
		return S_CAPSTART;
	case SOCKCTL_CMD_CAPTURE_GET:
	case SOCKCTL_CMD_CAPTURE_STOP:
		return S_CAPIDREQ;
	}
	return S_NOATTR;
}

/* net/netlink/af_netlink.c netlink_rcv_skb() + genetlink.c genl_rcv_msg(). */
static void predict_one(const uint8_t *m, uint32_t len, struct expect *e)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m;
	const struct genlmsghdr *g = (const struct genlmsghdr *)(m + NLMSG_HDRLEN);
	uint16_t fl = nlh->nlmsg_flags, extra;
	struct verdict v = { 0 };

	e->seq = nlh->nlmsg_seq;
	e->ack = fl & NLM_F_ACK;
	e->req = m;
	e->req_len = len;
	e->why[0] = 0;
	if (!(fl & NLM_F_REQUEST) || nlh->nlmsg_type < NLMSG_MIN_TYPE) {
		e->kind = e->ack ? E_ACK0 : E_SILENT;
		snprintf(e->why, sizeof(e->why), "%s", !(fl & NLM_F_REQUEST) ?
			 "no NLM_F_REQUEST" : "control message type");
		return;
	}
	e->kind = E_ERR;
	e->ack = true;		/* errors are always ACKed */
	if (nlh->nlmsg_type != family_id) {
		e->err = -ENOENT;
		snprintf(e->why, sizeof(e->why), "unknown family id %u", nlh->nlmsg_type);
		return;
	}
	if (len < NLMSG_HDRLEN + GENL_HDRLEN) {
		e->err = -EINVAL;
		snprintf(e->why, sizeof(e->why), "truncated genlmsghdr (%u bytes)", len);
		return;
	}
	e->cmd = g->cmd;
	if (g->reserved) {
		e->err = -EINVAL;
		snprintf(e->why, sizeof(e->why), "genlmsghdr.reserved 0x%x", g->reserved);
		return;
	}
	e->dump = (fl & NLM_F_DUMP) == NLM_F_DUMP;
	extra = fl & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO | (e->dump ? NLM_F_DUMP : 0));
	if (extra) {
		e->err = -EINVAL;
		snprintf(e->why, sizeof(e->why), "nlmsg_flags 0x%x not allowed", extra);
		return;
	}
	if (!op_exists(g->cmd, e->dump)) {
		e->err = -EOPNOTSUPP;
		snprintf(e->why, sizeof(e->why), "no %s op for command %u",
			 e->dump ? "dump" : "do", g->cmd);
		return;
	}
	if (model_attrs(m + NLMSG_HDRLEN + GENL_HDRLEN, (int)len - NLMSG_HDRLEN - GENL_HDRLEN,
			cmd_set(g->cmd), 0, &v)) {
		e->err = v.err;
		snprintf(e->why, sizeof(e->why), "%s", v.why);
		return;
	}
	e->kind = E_ANY;
	e->ack = fl & NLM_F_ACK;
	e->err = 0;
}

/* Every message of a datagram the kernel will look at; seqs assigned. */
int predict(uint8_t *buf, uint32_t len, uint32_t *seq, struct expect *ex, int max)
{
	uint32_t off = 0;
	int n = 0;

	while (len - off >= NLMSG_HDRLEN && n < max) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + off);
		uint32_t ml = nlh->nlmsg_len;

		if (ml < NLMSG_HDRLEN || ml > len - off)
			break;
		nlh->nlmsg_seq = ++*seq;
		memset(&ex[n], 0, sizeof(ex[n]));
		predict_one(buf + off, ml, &ex[n]);
		n++;
		ml = NLMSG_ALIGN(ml);
		if (ml > len - off)
			break;
		off += ml;
	}
	return n;
}
