// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: mutations the policies accept: values within their ranges, attributes
 * added or removed, so the request reaches the handler's cross-field rules.
 */
#include "nlfuzz.h"

/* A type the policy of @set accepts, at random; 0 if none. */
static int valid_type(int set)
{
	int t, n = 0, k;

	for (t = 1; t <= sets[set].maxtype; t++)
		n += fdef_of(set, t)->kind != K_NONE && fdef_of(set, t)->kind != K_REJECT;
	if (!n)
		return 0;
	k = (int)rnd((uint32_t)n);
	for (t = 1; t <= sets[set].maxtype; t++)
		if (fdef_of(set, t)->kind != K_NONE && fdef_of(set, t)->kind != K_REJECT && !k--)
			return t;
	return 0;
}

/*
 * A classic BPF program of 8-byte instructions: mostly one the kernel's
 * checker accepts, else one broken in a way it refuses, or random bytes.
 */
static uint32_t bpf_value(uint8_t *buf, size_t size)
{
	uint32_t max = (uint32_t)(size / sizeof(struct sock_filter)), n;

	switch (rnd(8)) {
	case 0: case 1: case 2: case 3: case 4:
		n = bpf_valid(buf, max);
		break;
	case 5: case 6:
		n = bpf_mangled(buf, max);
		break;
	default:
		n = 1 + rnd(chance(80) ? 8 : max);
		rnd_bytes(buf, n * sizeof(struct sock_filter));
		break;
	}
	return n * (uint32_t)sizeof(struct sock_filter);
}

/* A value for @fd that its policy accepts: random, or one of its bounds. */
static struct an *typed_attr(int set, int type)
{
	static const char *const names[] = { "fz0", "fz1", "lo", "fzt6", "nope0", "fzv0", "fzv1" };
	const struct fdef *fd = fdef_of(set, type);
	uint8_t buf[1500];
	uint64_t v, lo, hi;
	uint32_t len;

	switch (fd->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64: {
		int kl = kind_len(fd->kind);
		uint64_t tmax = kl == 8 ? UINT64_MAX : (1ull << (8 * kl)) - 1;

		lo = fd->ranged ? fd->min : 0;
		hi = fd->ranged ? fd->max : tmax;
		switch (rnd(4)) {
		case 0: v = lo; break;
		case 1: v = hi; break;
		case 2: v = interesting[rnd(n_interesting)]; break;
		default: v = rnd64(); break;
		}
		/* Ids are handed out from 1: hit some that exist. */
		if (fd->gen == G_ID && chance(60))
			v = 1 + rnd(48);
		if (v < lo || v > hi)
			v = lo + (hi - lo == UINT64_MAX ? rnd64() : rnd64() % (hi - lo + 1));
		return an_leaf((uint16_t)type, &v, (uint32_t)kl);
	}
	case K_FLAG:
		return an_flag((uint16_t)type);
	case K_BIN:
		if (fd->gen == G_BPF)
			return an_leaf((uint16_t)type, buf, bpf_value(buf, sizeof(buf)));
		lo = fd->min;
		hi = fd->max < sizeof(buf) ? fd->max : (chance(10) ? sizeof(buf) : 64);
		len = (uint32_t)(lo + rnd((uint32_t)(hi - lo + 1)));
		rnd_bytes(buf, len);
		if (chance(30))
			memset(buf, chance(50) ? 0 : 0xff, len);
		return an_leaf((uint16_t)type, buf, len);
	case K_NSTR:
		return an_str((uint16_t)type, names[rnd(ARRAY_SIZE(names))]);
	case K_NEST: {
		/* The same nest from a seed that has one, else one valid kid or none. */
		struct an *n;
		int i, tries, t;

		for (tries = 0; tries < 8; tries++) {
			const struct seed *sd = &corpus[rnd((uint32_t)n_corpus)];

			for (i = 0; i < sd->root->nkid; i++)
				if (an_kind(sd->root->kid[i]) == type && set == seed_set(sd))
					return an_clone(sd->root->kid[i]);
		}
		n = an_new((uint16_t)(type | NLA_F_NESTED), true);
		t = chance(60) ? valid_type(fd->set) : 0;
		if (t && fdef_of(fd->set, t)->kind != K_NEST)
			an_add(n, typed_attr(fd->set, t));
		return n;
	}
	}
	return NULL;
}

/*
 * One mutation the policies accept (the request still reaches the
 * handler, where the rules between attributes are): a value changed
 * within its range, an attribute added with a valid value, one removed.
 */
const char *mutate_valid(struct an *root, int set)
{
	struct slot s[512];
	int n = collect_slots(root, set, s, 512, 0), op = (int)rnd(4), t;
	struct slot *sl;
	struct an *p, *k;

	if (!n || op == 0) {
		/* add an attribute with a valid value, top level or in a nest */
		struct slot *at = n ? &s[rnd((uint32_t)n)] : NULL;
		int pset = set;

		p = root;
		if (at && at->parent->kid[at->index]->nest && chance(60)) {
			const struct fdef *fd = fdef_of(at->set, an_kind(at->parent->kid[at->index]));

			if (fd->kind == K_NEST) {
				p = at->parent->kid[at->index];
				pset = fd->set;
			}
		}
		t = valid_type(pset);
		k = t ? typed_attr(pset, t) : NULL;
		if (!k)
			return "noop";
		if (chance(70))
			unlink_and_free_type(p, t);
		an_add(p, k);
		return "add";
	}
	sl = &s[rnd((uint32_t)n)];
	p = sl->parent;
	k = p->kid[sl->index];
	if (op == 1) {
		an_del(p, sl->index);
		return "remove";
	}
	t = an_kind(k);
	if (fdef_of(sl->set, t)->kind == K_NEST && op == 2)
		return "noop";
	{
		struct an *v = typed_attr(sl->set, t);

		if (!v)
			return "noop";
		v->type = k->type;
		an_free(k);
		p->kid[sl->index] = v;
	}
	return "value";
}
