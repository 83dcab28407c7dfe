// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: every attribute of every nest: lengths, values, types, flags,
 * duplicates, broken attribute headers.
 */
#include "nlfuzz.h"

/*
 * Where a set lives in a seed (NULL: in the command's body_for()): the path
 * of (type, occurrence) to its nest; for the commands of @cmd's group.
 */
struct target {
	int set;
	const char *seed;
	int depth;
	uint16_t path[3];
	uint8_t cmd;	/* SEND (BUILD and SEND), CAPTURE_START, or CAPTURE_GET (_GET, _STOP) */
};

#define T_PKT	SOCKCTL_CMD_SEND
#define T_START	SOCKCTL_CMD_CAPTURE_START
#define T_ID	SOCKCTL_CMD_CAPTURE_GET

static const struct target targets[] = {
	{ S_PKT, "ipv4-udp-l2", 0, { 0 }, T_PKT },
	{ S_ETH, "eth-qinq-ipv4-udp-l2", 1, { SOCKCTL_A_ETH }, T_PKT },
	{ S_VLAN, "eth-qinq-ipv4-udp-l2", 2, { SOCKCTL_A_ETH, SOCKCTL_A_ETH_VLAN }, T_PKT },
	{ S_ARP, "arp-all-fields-l2", 1, { SOCKCTL_A_ARP }, T_PKT },
	{ S_IPV4, "ipv4-tcp-all-fields-l3", 1, { SOCKCTL_A_IPV4 }, T_PKT },
	{ S_IPV6, "ipv6-all-fields-exthdrs-l3", 1, { SOCKCTL_A_IPV6 }, T_PKT },
	{ S_EXT, "ipv6-all-fields-exthdrs-l3", 2, { SOCKCTL_A_IPV6, SOCKCTL_A_IPV6_EXTHDR }, T_PKT },
	{ S_TCP, "ipv4-tcp-all-fields-l3", 1, { SOCKCTL_A_TCP }, T_PKT },
	{ S_UDP, "ipv6-udp-l2-ifindex", 1, { SOCKCTL_A_UDP }, T_PKT },
	{ S_ICMP, "ipv4-icmp-error-quote-l2", 1, { SOCKCTL_A_ICMP }, T_PKT },
	{ S_ICMP, "ipv6-icmpv6-echo-l3-dummy", 1, { SOCKCTL_A_ICMPV6 }, T_PKT },
	{ S_VARY, "vary-ipv4-udp-l2", 1, { SOCKCTL_A_VARY }, T_PKT },
	{ S_CAPSTART, "capture-all-settings", 0, { 0 }, T_START },
	{ S_CAPSET, "capture-all-settings", 1, { SOCKCTL_A_CAPTURE }, T_START },
	{ S_CAPIDREQ, NULL, 0, { 0 }, T_ID },
	{ S_CAPID, NULL, 1, { SOCKCTL_A_CAPTURE }, T_ID },
};

/* The target group of a command variant, 0 for the top level only. */
static int target_group(const struct cmdvar *cv)
{
	switch (cv->cmd) {
	case SOCKCTL_CMD_BUILD:
	case SOCKCTL_CMD_SEND:
		return T_PKT;
	case SOCKCTL_CMD_CAPTURE_START:
		return T_START;
	case SOCKCTL_CMD_CAPTURE_GET:
	case SOCKCTL_CMD_CAPTURE_STOP:
		return cv->dump ? 0 : T_ID;
	}
	return 0;
}

/* The nest a target names inside a (cloned) tree; the tree itself at depth 0. */
static struct an *walk(struct an *root, const struct target *t)
{
	struct an *n = root;
	int d, i;

	for (d = 0; d < t->depth; d++) {
		struct an *next = NULL;

		for (i = 0; i < n->nkid; i++) {
			if (an_kind(n->kid[i]) == t->path[d]) {
				next = n->kid[i];
				break;
			}
		}
		if (!next)
			return NULL;
		n = next;
	}
	return n;
}

/* A value of an attribute as a valid request would give it. */
static struct an *valid_attr(int set, int type)
{
	const struct fdef *fd = fdef_of(set, type);
	uint8_t buf[64];

	memset(buf, 0, sizeof(buf));
	switch (fd->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64: {
		uint64_t v = fd->ranged ? fd->min : 1;

		memcpy(buf, &v, 8);
		return an_leaf((uint16_t)type, buf, (uint32_t)kind_len(fd->kind));
	}
	case K_FLAG:
		return an_flag((uint16_t)type);
	case K_BIN:
		return an_fill((uint16_t)type, (uint32_t)(fd->min ? fd->min : 4), 0x01);
	case K_NSTR:
		return an_str((uint16_t)type, "fz0");
	case K_NEST:
		return an_new((uint16_t)(type | NLA_F_NESTED), true);
	}
	return an_fill((uint16_t)type, 4, 0);
}

/* Natural length and largest legal length of an attribute. */
static void lens_of(int set, int type, int *n, int *max)
{
	const struct fdef *fd = fdef_of(set, type);

	switch (fd->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64: case K_FLAG:
		*n = *max = kind_len(fd->kind);
		break;
	case K_BIN:
		*n = (int)fd->min;
		*max = (int)fd->max;
		break;
	case K_NSTR:
		*n = *max = (int)fd->max + 1;
		break;
	default:
		*n = *max = 4;
	}
}

/* Send @root with @cmd as one attribute-phase message; shrink if huge. */
static void send_tree(struct fz *f, const struct cmdvar *cv, struct an *root,
		      const char *name)
{
	struct req r = { .cmd = cv->cmd, .flags = NLM_F_REQUEST | NLM_F_ACK |
						  (cv->dump ? NLM_F_DUMP : 0), .root = root };
	uint32_t len;

	if (an_excess(root, false))
		return;
	len = req_ser(f, &r, msgbuf);
	fuzz_msg(f, name, msgbuf, len, NULL);
}

enum { V_REPLACE, V_APPEND };

/* Send @root with @node put into @n (replacing its @type kids, or added). */
static void try_variant(struct fz *f, const struct cmdvar *cv, struct an *root,
			struct an *n, int type, struct an *node, int mode, bool huge,
			const char *name)
{
	int cnt = n->nkid, at;
	struct an **saved = kids_save(n);

	if (mode == V_REPLACE) {
		at = unlink_type(n, type);
		an_insert(n, at, node);
	} else {
		an_add(n, node);
	}
	if (huge) {
		size_t ex;

		while ((ex = an_excess(root, false)) && node->len > 4)
			node->len -= (uint32_t)(ex < node->len ? ALIGN4(ex) : node->len);
	}
	send_tree(f, cv, root, name);
	kids_restore(n, saved, cnt);
}

/* Send @root with kid @i of @n replaced by @node. */
static void try_replace_kid(struct fz *f, const struct cmdvar *cv, struct an *root,
			    struct an *n, int i, struct an *node, const char *name)
{
	int cnt = n->nkid;
	struct an **saved = kids_save(n);

	n->kid[i] = node;
	send_tree(f, cv, root, name);
	kids_restore(n, saved, cnt);
}

static const char *type_name(int set, int type)
{
	static char buf[32];
	const struct fdef *fd = fdef_of(set, type);

	if (fd->kind != K_NONE && fd->name)
		return fd->name;
	snprintf(buf, sizeof(buf), "type%d", type);
	return buf;
}

#define HUGE_LEN 65531

/* All variants of attribute @type in nest @n (of set @set). */
static void attr_variants(struct fz *f, const struct cmdvar *cv, struct an *root,
			  struct an *n, int set, int type, const char *where)
{
	const struct fdef *fd = fdef_of(set, type);
	bool known = fd->kind != K_NONE && fd->kind != K_REJECT && type <= sets[set].maxtype;
	uint16_t ftype = (uint16_t)(type | (fd->kind == K_NEST ? NLA_F_NESTED : 0));
	int nat, max, lens[8], nl = 0, i;
	char name[192];
	const char *tn = type_name(set, type);

	if (known) {
		lens_of(set, type, &nat, &max);
		lens[nl++] = 0;
		lens[nl++] = 1;
		if (nat > 2)
			lens[nl++] = nat - 1;
		if (nat != 1)
			lens[nl++] = nat + 1;
		if (max + 1 != nat + 1 && max + 1 > 1)
			lens[nl++] = max + 1;
		lens[nl++] = HUGE_LEN;
	} else {
		lens[nl++] = 0;
		lens[nl++] = 4;
	}
	for (i = 0; i < nl && budget_left(f); i++) {
		struct an *node = an_fill(ftype, (uint32_t)lens[i], 0x41);

		if (fd->kind == K_NSTR && lens[i] > 0 && lens[i] != HUGE_LEN)
			node->data[lens[i] - 1] = 0;
		snprintf(name, sizeof(name), "%s.%s length %d", where, tn, lens[i]);
		try_variant(f, cv, root, n, type, node, V_REPLACE, lens[i] == HUGE_LEN, name);
	}
	if (fd->kind == K_NSTR && budget_left(f)) {
		snprintf(name, sizeof(name), "%s.%s without NUL", where, tn);
		try_variant(f, cv, root, n, type, an_fill(ftype, 4, 'z'), V_REPLACE, false, name);
		snprintf(name, sizeof(name), "%s.%s 15 chars", where, tn);
		try_variant(f, cv, root, n, type, an_str(ftype, "abcdefghijklmno"), V_REPLACE, false, name);
	}
	if (known && kind_len(fd->kind) > 0) {
		int kl = kind_len(fd->kind);
		uint64_t tmax = kl == 8 ? UINT64_MAX : (1ull << (8 * kl)) - 1;
		uint64_t vals[9];
		int nv = 0, j;

		vals[nv++] = 0;
		vals[nv++] = 1;
		vals[nv++] = tmax;
		vals[nv++] = rnd64() & tmax;
		if (fd->ranged) {
			vals[nv++] = fd->min;
			vals[nv++] = fd->max;
			if (fd->min > 0)
				vals[nv++] = fd->min - 1;
			if (fd->max < tmax)
				vals[nv++] = fd->max + 1;
		}
		for (j = 0; j < nv && budget_left(f); j++) {
			uint64_t v = vals[j];
			int k;
			bool seen = false;

			for (k = 0; k < j; k++)
				seen |= vals[k] == v;
			if (seen)
				continue;
			snprintf(name, sizeof(name), "%s.%s = %" PRIu64, where, tn, v);
			try_variant(f, cv, root, n, type, an_leaf(ftype, &v, (uint32_t)kl),
				    V_REPLACE, false, name);
		}
	}
	if (!budget_left(f))
		return;
	/* Wrong type: a nest given as a u32, a leaf given as a nest. */
	if (fd->kind == K_NEST) {
		snprintf(name, sizeof(name), "%s.%s as a u32", where, tn);
		try_variant(f, cv, root, n, type, an_u32((uint16_t)type, 1), V_REPLACE, false, name);
		snprintf(name, sizeof(name), "%s.%s nest of garbage", where, tn);
		try_variant(f, cv, root, n, type, an_fill(ftype, 7, 0xee), V_REPLACE, false, name);
	} else {
		snprintf(name, sizeof(name), "%s.%s as a nest", where, tn);
		try_variant(f, cv, root, n, type,
			    an_nest((uint16_t)type, an_u8(1, 1), NULL), V_REPLACE, false, name);
	}
	/* NLA_F_NESTED toggled, byte-order flag, on a value otherwise valid. */
	{
		struct an *v = known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0);

		v->type ^= NLA_F_NESTED;
		snprintf(name, sizeof(name), "%s.%s NLA_F_NESTED toggled", where, tn);
		try_variant(f, cv, root, n, type, v, V_REPLACE, false, name);
		v = known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0);
		v->type |= NLA_F_NET_BYTEORDER;
		snprintf(name, sizeof(name), "%s.%s NLA_F_NET_BYTEORDER", where, tn);
		try_variant(f, cv, root, n, type, v, V_REPLACE, false, name);
	}
	/* Duplicated: the existing attribute twice, or a valid one twice. */
	{
		int at = find_type(n, type);
		int cnt = n->nkid;
		struct an **saved = kids_save(n);

		if (at >= 0) {
			an_insert(n, at + 1, an_clone(n->kid[at]));
		} else {
			an_add(n, known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0));
			an_add(n, known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0));
		}
		snprintf(name, sizeof(name), "%s.%s duplicated", where, tn);
		send_tree(f, cv, root, name);
		kids_restore(n, saved, cnt);
	}
}

/* Broken attribute headers inside nest @n. */
static void structure_variants(struct fz *f, const struct cmdvar *cv, struct an *root,
			       struct an *n, const char *where)
{
	char name[192];
	int k, w;

	for (k = 1; k <= 3 && budget_left(f); k++) {
		struct an *raw = an_fill(0, (uint32_t)k, 0x08);

		raw->raw = true;
		snprintf(name, sizeof(name), "%s: truncated nlattr header (%d bytes) at the end", where, k);
		try_variant(f, cv, root, n, -1, raw, V_APPEND, false, name);
	}
	for (w = 0; w < 2 && n->nkid; w++) {
		int i = w ? n->nkid - 1 : 0;
		int real = (int)(4 + an_payload(n->kid[i]));
		int lens[] = { 0, 1, 3, real - 1, real + 1, real + 4, 0xffff, real + 4096 };

		for (k = 0; k < (int)ARRAY_SIZE(lens) && budget_left(f); k++) {
			struct an *c = an_clone(n->kid[i]);

			if (lens[k] < 0 || lens[k] > 0xffff)
				lens[k] = 0xfffe;
			c->force_len = lens[k];
			snprintf(name, sizeof(name), "%s: kid %d (type %u) nla_len %d (real %d)", where,
				 i, an_kind(c), lens[k], real);
			try_replace_kid(f, cv, root, n, i, c, name);
		}
	}
}

static void attrs_for_target(struct fz *f, const struct cmdvar *cv, const struct target *t)
{
	struct an *root = t->seed ? an_clone(seed_by_name(t->seed)->root) : body_for(f, cv);
	struct an *n = walk(root, t);
	char where[96];
	int type;

	if (!n) {
		an_free(root);
		return;
	}
	snprintf(where, sizeof(where), "%s %s", cv->name, t->depth ? sets[t->set].name : "top");
	for (type = 0; type <= sets[t->set].maxtype + 1 && budget_left(f); type++)
		attr_variants(f, cv, root, n, t->set, type, where);
	if (budget_left(f))
		attr_variants(f, cv, root, n, t->set, NLA_TYPE_MASK, where);
	if (budget_left(f))
		structure_variants(f, cv, root, n, where);
	an_free(root);
}

void phase_attrs(struct fz *f, const struct cmdvar *cv)
{
	char title[96];
	unsigned int i;

	snprintf(title, sizeof(title), "attributes: %s, every attribute of every nest", cv->name);
	if (!f->dry)
		tap_phase_begin(f, title);
	if (target_group(cv)) {
		for (i = 0; i < ARRAY_SIZE(targets) && budget_left(f); i++)
			if (targets[i].cmd == target_group(cv))
				attrs_for_target(f, cv, &targets[i]);
	} else {
		/* Top level only: the packet attributes, JOB_ID, unknown types. */
		struct an *root = body_for(f, cv);
		int gset = cmd_set(cv->cmd);

		/* GET_INFO and STATS_GET take none: try the packet attributes. */
		if (gset == S_NOATTR && cv->cmd >= SOCKCTL_CMD_GET_INFO &&
		    cv->cmd <= SOCKCTL_CMD_STATS_GET)
			gset = S_PKT;
		int type;
		char where[64];

		snprintf(where, sizeof(where), "%s top", cv->name);
		for (type = 0; type <= sets[gset].maxtype + 1 && budget_left(f); type++)
			attr_variants(f, cv, root, root, gset, type, where);
		if (budget_left(f))
			attr_variants(f, cv, root, root, gset, NLA_TYPE_MASK, where);
		if (budget_left(f))
			structure_variants(f, cv, root, root, where);
		an_free(root);
	}
	if (!f->dry)
		tap_phase_end(f, NULL);
}
