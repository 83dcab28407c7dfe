// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: mutations that break structure: splices, deletions, duplicates,
 * retyping, flags, nla_len, junk, wrapping; then byte edits.
 */
#include "nlfuzz.h"

int collect_slots(struct an *n, int set, struct slot *s, int max, int cnt)
{
	int i;

	for (i = 0; i < n->nkid && cnt < max; i++) {
		const struct fdef *fd;

		s[cnt].parent = n;
		s[cnt].index = i;
		s[cnt].set = set;
		cnt++;
		if (n->kid[i]->nest && !n->kid[i]->raw) {
			fd = fdef_of(set, an_kind(n->kid[i]));
			cnt = collect_slots(n->kid[i], fd->kind == K_NEST ? fd->set : set, s, max, cnt);
		}
	}
	return cnt;
}

static struct an *random_subtree(void)
{
	struct slot s[256];
	const struct seed *sd = &corpus[rnd((uint32_t)n_corpus)];
	int n = collect_slots(sd->root, S_PKT, s, 256, 0);

	if (!n)
		return an_u32(SOCKCTL_A_COUNT, 1);
	n = (int)rnd((uint32_t)n);
	return an_clone(s[n].parent->kid[s[n].index]);
}

const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 6, 7, 8, 14, 15, 16, 20, 40, 41, 63, 64, 127, 128, 255, 256,
	1023, 1024, 1025, 1500, 4095, 4096, 8191, 8192, 32767, 32768, 65503, 65504,
	65527, 65528, 65529, 65534, 65535, 65536, 0xfffff, 0x100000, 100000000,
	100000001, 0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu,
	3600000000000ull, 3600000000001ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
};

const unsigned int n_interesting = ARRAY_SIZE(interesting);

static void mutate_leaf(struct an *k, const struct fdef *fd)
{
	uint32_t len;
	uint64_t v;

	switch (rnd(7)) {
	case 0:		/* truncate */
		k->len = k->len ? rnd(k->len) : 0;
		break;
	case 1:		/* extend with random bytes */
		len = k->len + 1 + rnd(12);
		k->data = xrealloc(k->data, len);
		rnd_bytes(k->data + k->len, len - k->len);
		k->len = len;
		break;
	case 2:		/* a boundary value of the right size */
	case 3:
		v = interesting[rnd(ARRAY_SIZE(interesting))];
		if (fd->kind == K_NONE || !k->len || k->len > 8 || rnd(4) == 0) {
			if (fd->ranged)
				v = rnd(2) ? fd->min + rnd(2) - 1 : fd->max + rnd(2);
		}
		if (fd->ranged && rnd(2))
			v = rnd(2) ? fd->min - rnd(2) : fd->max + rnd(2);
		len = kind_len(fd->kind) > 0 ? (uint32_t)kind_len(fd->kind) : (k->len && k->len <= 8 ? k->len : 4);
		k->data = xrealloc(k->data, len ? len : 1);
		memcpy(k->data, &v, len);
		k->len = len;
		break;
	case 4:		/* random bytes */
		rnd_bytes(k->data, k->len);
		break;
	case 5:		/* a binary of some interesting length */
		len = (uint32_t)interesting[rnd(20)];
		k->data = xrealloc(k->data, len ? len : 1);
		memset(k->data, (int)rnd(256), len);
		k->len = len;
		break;
	default:	/* flip a bit */
		if (k->len)
			k->data[rnd(k->len)] ^= (uint8_t)(1u << rnd(8));
		break;
	}
}

/* One structural mutation of a tree; returns its name. */
const char *mutate_tree(struct an *root, int set)
{
	struct slot s[512];
	int n = collect_slots(root, set, s, 512, 0), op = (int)rnd(12);
	struct slot *sl;
	struct an *k, *p;
	const struct fdef *fd;

	if (!n || op == 0) {
		struct slot *t = n ? &s[rnd((uint32_t)n)] : NULL;

		p = t && t->parent->kid[t->index]->nest && chance(50) ? t->parent->kid[t->index] : root;
		an_insert(p, (int)rnd((uint32_t)p->nkid + 1), random_subtree());
		return "splice";
	}
	sl = &s[rnd((uint32_t)n)];
	p = sl->parent;
	k = p->kid[sl->index];
	fd = fdef_of(sl->set, an_kind(k));
	switch (op) {
	case 1:
		an_del(p, sl->index);
		return "delete";
	case 2:
		an_insert(p, sl->index + 1, an_clone(k));
		return "duplicate";
	case 3:
		k->type = (uint16_t)((k->type & ~NLA_TYPE_MASK) |
				     (chance(80) ? rnd((uint32_t)sets[sl->set].maxtype + 3) : rnd(0x4000)));
		return "retype";
	case 4:
		k->type ^= chance(80) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		return "flags";
	case 5:
	case 6:
	case 7:
		if (k->nest) {
			an_insert(k, (int)rnd((uint32_t)k->nkid + 1), random_subtree());
			return "splice-in";
		}
		mutate_leaf(k, fd);
		return "leaf";
	case 8: {
		struct slot *o = &s[rnd((uint32_t)n)];
		struct an *tmp = o->parent->kid[o->index];

		if (o->parent == p) {
			p->kid[o->index] = k;
			p->kid[sl->index] = tmp;
			return "swap";
		}
		return "noop";
	}
	case 9: {
		int lens[] = { 0, 1, 2, 3, 5, 0xffff };
		int real = (int)(4 + an_payload(k));

		k->force_len = rnd(3) ? real + (int)rnd(9) - 4 : lens[rnd(ARRAY_SIZE(lens))];
		if (k->force_len < 0)
			k->force_len = 0;
		if (k->force_len > 0xffff)
			k->force_len = 0xffff;
		return "nla_len";
	}
	case 10: {
		struct an *raw = an_fill(0, 1 + rnd(7), 0);

		raw->raw = true;
		rnd_bytes(raw->data, raw->len);
		an_insert(p, (int)rnd((uint32_t)p->nkid + 1), raw);
		return "junk";
	}
	default:
		if (k->nest && k->nkid) {
			/* unwrap: the nest's kids move to its parent */
			struct an *c = an_clone(k);
			int i;

			an_del(p, sl->index);
			for (i = 0; i < c->nkid; i++)
				an_insert(p, sl->index + i, an_clone(c->kid[i]));
			an_free(c);
			return "unwrap";
		}
		{
			struct an *w = an_new((uint16_t)(rnd((uint32_t)sets[sl->set].maxtype + 2) |
						     NLA_F_NESTED), true);

			an_add(w, an_clone(k));
			an_del(p, sl->index);
			an_insert(p, sl->index, w);
			return "wrap";
		}
	}
}

uint32_t mutate_bytes(uint8_t *buf, uint32_t len)
{
	uint32_t lo = NLMSG_HDRLEN + GENL_HDRLEN, pos, n;

	if (len <= lo)
		return len;
	switch (rnd(6)) {
	case 0:
		pos = lo + rnd(len - lo);
		buf[pos] ^= (uint8_t)(1u << rnd(8));
		break;
	case 1:
		pos = lo + rnd(len - lo);
		buf[pos] = (uint8_t)interesting[rnd(20)];
		break;
	case 2:
		pos = lo + rnd(len - lo - 1 ? len - lo - 1 : 1);
		if (pos + 2 <= len) {
			uint16_t v = (uint16_t)interesting[rnd(ARRAY_SIZE(interesting))];

			memcpy(buf + pos, &v, 2);
		}
		break;
	case 3:		/* delete a chunk */
		pos = lo + rnd(len - lo);
		n = 1 + rnd(len - pos < 16 ? len - pos : 16);
		memmove(buf + pos, buf + pos + n, len - pos - n);
		len -= n;
		break;
	case 4:		/* insert a chunk of the message itself */
		if (len + 16 < SNDMAX) {
			pos = lo + rnd(len - lo);
			n = 1 + rnd(16);
			memmove(buf + pos + n, buf + pos, len - pos);
			memmove(buf + pos, buf + lo + rnd(len - lo > n ? len - lo - n : 1), n);
			len += n;
		}
		break;
	default:	/* truncate */
		len = lo + rnd(len - lo);
		break;
	}
	return len;
}
