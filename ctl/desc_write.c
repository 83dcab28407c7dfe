// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the description's attributes.  Every attribute is recorded with
 * the words that made it, so that when the kernel rejects the one at offset
 * N (NLMSGERR_ATTR_OFFS) we can quote the user's words back, not just its
 * attribute path.
 *
 * Nests: the kernel validates strictly and wants NLA_F_NESTED on every nest.
 * libnl 3.7's nla_nest_start() sets it, but we set it too rather than rely
 * on that; and its nla_nest_end() *removes* an empty nest, which would turn
 * "udp" (a UDP header with every field defaulted) into no UDP header at all,
 * so nests end with nla_nest_end_keep_empty().
 */
#include <stdlib.h>

#include "desc.h"

/* The next word, which the keyword at ctx needs. */
const char *desc_next(struct desc_parser *p, const char *ctx)
{
	if (p->pos >= p->argc)
		usage_error("%s: needs a value", ctx);
	return p->argv[p->pos++];
}

static void record_origin(struct desc_parser *p, unsigned int offset)
{
	struct desc_result *res = p->res;
	struct desc_origin *o;

	o = realloc(res->origins, (size_t)(res->n_origins + 1) * sizeof(*o));
	if (!o)
		sys_error("out of memory");
	res->origins = o;
	o += res->n_origins++;
	o->offset = offset;
	o->argi = p->field_argi;
	o->nargs = p->field_nargs;	/* a field's are widened once all read */
}

static unsigned int msg_tail(struct desc_parser *p)
{
	return nlmsg_hdr(p->msg)->nlmsg_len;
}

static void too_big(void)
{
	usage_error("the description does not fit in one netlink message");
}

void desc_put(struct desc_parser *p, int type, size_t len, const void *data)
{
	unsigned int offset = msg_tail(p);

	if (len > BLOB_MAX || nla_put(p->msg, type, (int)len, data) < 0)
		too_big();
	record_origin(p, offset);
}

void desc_put_u8(struct desc_parser *p, int type, uint8_t v)
{
	desc_put(p, type, sizeof(v), &v);
}

void desc_put_u16(struct desc_parser *p, int type, uint16_t v)
{
	desc_put(p, type, sizeof(v), &v);
}

void desc_put_u32(struct desc_parser *p, int type, uint32_t v)
{
	desc_put(p, type, sizeof(v), &v);
}

/*
 * No pad attribute before a u64, although the uapi header describes them:
 * the module validates requests strictly and refuses SOCKCTL_A_PAD
 * ("Unsupported attribute"), while an unaligned u64 is read safely
 * (nla_get_u64() copies it).  pad_type stays for the day it is accepted.
 */
void desc_put_u64(struct desc_parser *p, int type, int pad_type, uint64_t v)
{
	(void)pad_type;
	desc_put(p, type, sizeof(v), &v);
}

void desc_put_flag(struct desc_parser *p, int type)
{
	desc_put(p, type, 0, NULL);
}

struct nlattr *desc_nest_start(struct desc_parser *p, int type)
{
	unsigned int offset = msg_tail(p);
	struct nlattr *nest = nla_nest_start(p->msg, type | NLA_F_NESTED);

	if (!nest)
		too_big();
	nest->nla_type |= NLA_F_NESTED;
	record_origin(p, offset);
	return nest;
}

void desc_nest_end(struct desc_parser *p, struct nlattr *nest)
{
	if (nla_nest_end_keep_empty(p->msg, nest) < 0)
		too_big();
}

/*
 * Report a refused request as sockctl_nl_report() does, quoting the words
 * that made the attribute the kernel points at ("ipv4.ttl", from "ttl 0").
 */
int desc_report(struct sockctl_nl *nl, const struct desc_result *res,
		const char *what)
{
	char words[256];

	if (nl->extack_offset >= 0)
		nl->extack_word = desc_origin_words(res, (unsigned int)nl->extack_offset,
						    words, sizeof(words));
	return sockctl_nl_report(nl, what);
}
