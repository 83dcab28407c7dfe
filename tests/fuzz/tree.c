// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: attribute trees: how requests are described before serialization,
 * built, edited and serialized (nla_len as computed or forced).
 */
#include "nlfuzz.h"

struct an *an_new(uint16_t type, bool nest)
{
	struct an *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->nest = nest;
	n->force_len = -1;
	return n;
}

struct an *an_leaf(uint16_t type, const void *data, uint32_t len)
{
	struct an *n = an_new(type, false);

	n->data = xmalloc(len);
	if (len)
		memcpy(n->data, data, len);
	n->len = len;
	return n;
}

struct an *an_fill(uint16_t type, uint32_t len, uint8_t byte)
{
	struct an *n = an_new(type, false);

	n->data = xmalloc(len);
	memset(n->data, byte, len);
	n->len = len;
	return n;
}

struct an *an_u8(uint16_t t, uint8_t v) { return an_leaf(t, &v, 1); }

struct an *an_u16(uint16_t t, uint16_t v) { return an_leaf(t, &v, 2); }

struct an *an_u32(uint16_t t, uint32_t v) { return an_leaf(t, &v, 4); }

struct an *an_u64(uint16_t t, uint64_t v) { return an_leaf(t, &v, 8); }

struct an *an_flag(uint16_t t) { return an_leaf(t, NULL, 0); }

struct an *an_str(uint16_t t, const char *s)
{
	return an_leaf(t, s, strlen(s) + 1);
}

struct an *an_ip4(uint16_t t, const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return an_leaf(t, &a, 4);
}

struct an *an_ip6(uint16_t t, const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return an_leaf(t, &a, 16);
}

struct an *an_mac(uint16_t t, const char *s)
{
	unsigned int b[6];
	uint8_t m[6];
	int i;

	sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
	for (i = 0; i < 6; i++)
		m[i] = (uint8_t)b[i];
	return an_leaf(t, m, 6);
}

void an_add(struct an *p, struct an *k)
{
	if (!k)
		return;
	if (p->nkid == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->kid = xrealloc(p->kid, p->cap * sizeof(*p->kid));
	}
	p->kid[p->nkid++] = k;
}

void an_insert(struct an *p, int at, struct an *k)
{
	an_add(p, k);
	memmove(&p->kid[at + 1], &p->kid[at], (p->nkid - 1 - at) * sizeof(*p->kid));
	p->kid[at] = k;
}

/* A nest from a NULL-terminated list of kids. */
struct an *an_nest(uint16_t type, ...)
{
	struct an *n = an_new(type | NLA_F_NESTED, true), *k;
	va_list ap;

	va_start(ap, type);
	while ((k = va_arg(ap, struct an *)))
		an_add(n, k);
	va_end(ap);
	return n;
}

void an_free(struct an *n)
{
	int i;

	if (!n)
		return;
	for (i = 0; i < n->nkid; i++)
		an_free(n->kid[i]);
	free(n->kid);
	free(n->data);
	free(n);
}

void an_del(struct an *p, int i)
{
	an_free(p->kid[i]);
	memmove(&p->kid[i], &p->kid[i + 1], (p->nkid - i - 1) * sizeof(*p->kid));
	p->nkid--;
}

struct an *an_clone(const struct an *n)
{
	struct an *c = an_new(n->type, n->nest);
	int i;

	c->force_len = n->force_len;
	c->raw = n->raw;
	if (n->data) {
		c->data = xmalloc(n->len);
		memcpy(c->data, n->data, n->len);
		c->len = n->len;
	}
	for (i = 0; i < n->nkid; i++)
		an_add(c, an_clone(n->kid[i]));
	return c;
}

uint16_t an_kind(const struct an *n)
{
	return n->type & NLA_TYPE_MASK;
}

/* Bytes of the payload (kids padded). */
size_t an_payload(const struct an *n)
{
	size_t s = 0;
	int i;

	if (!n->nest)
		return n->len;
	for (i = 0; i < n->nkid; i++)
		s += n->kid[i]->raw ? n->kid[i]->len : ALIGN4(4 + an_payload(n->kid[i]));
	return s;
}

/* How far the largest computed nla_len exceeds 65535 (0: fits). */
size_t an_excess(const struct an *n, bool self)
{
	size_t e = 0, p = an_payload(n);
	int i;

	if (self && n->force_len < 0 && 4 + p > 0xffff)
		e = 4 + p - 0xffff;
	for (i = 0; i < n->nkid; i++) {
		size_t k = n->kid[i]->raw ? 0 : an_excess(n->kid[i], true);

		if (k > e)
			e = k;
	}
	return e;
}

size_t an_ser_kids(const struct an *n, uint8_t *buf, size_t off);

static size_t an_ser(const struct an *n, uint8_t *buf, size_t off)
{
	size_t start = off, p = an_payload(n);
	struct nlattr *h = (struct nlattr *)(buf + off);

	h->nla_len = n->force_len >= 0 ? (uint16_t)n->force_len : (uint16_t)(4 + p);
	h->nla_type = n->type;
	off += 4;
	if (n->nest)
		off = an_ser_kids(n, buf, off);
	else if (n->len)
		memcpy(buf + off, n->data, n->len), off += n->len;
	while ((off - start) % 4)
		buf[off++] = 0;
	return off;
}

size_t an_ser_kids(const struct an *n, uint8_t *buf, size_t off)
{
	int i;

	for (i = 0; i < n->nkid; i++) {
		if (n->kid[i]->raw) {
			memcpy(buf + off, n->kid[i]->data, n->kid[i]->len);
			off += n->kid[i]->len;
		} else {
			off = an_ser(n->kid[i], buf, off);
		}
	}
	return off;
}

struct an **kids_save(const struct an *n)
{
	struct an **s = xmalloc((size_t)(n->nkid + 1) * sizeof(*s));

	memcpy(s, n->kid, (size_t)n->nkid * sizeof(*s));
	return s;
}

/* Put back the saved kids; free those added since. */
void kids_restore(struct an *n, struct an **saved, int cnt)
{
	int i, j;

	for (i = 0; i < n->nkid; i++) {
		bool old = false;

		for (j = 0; j < cnt && !old; j++)
			old = saved[j] == n->kid[i];
		if (!old)
			an_free(n->kid[i]);
	}
	if (n->cap < cnt) {
		n->kid = xrealloc(n->kid, (size_t)cnt * sizeof(*n->kid));
		n->cap = cnt;
	}
	memcpy(n->kid, saved, (size_t)cnt * sizeof(*saved));
	n->nkid = cnt;
	free(saved);
}

/* Take the kids of @type out of @n (not freed); where the first was. */
int unlink_type(struct an *n, int type)
{
	int i, at = -1;

	for (i = n->nkid - 1; i >= 0; i--) {
		if (an_kind(n->kid[i]) == type) {
			memmove(&n->kid[i], &n->kid[i + 1], (size_t)(n->nkid - i - 1) * sizeof(*n->kid));
			n->nkid--;
			at = i;
		}
	}
	return at < 0 ? n->nkid : at;
}

void unlink_and_free_type(struct an *n, int type)
{
	int i;

	for (i = n->nkid - 1; i >= 0; i--)
		if (an_kind(n->kid[i]) == type)
			an_del(n, i);
}

int find_type(const struct an *n, int type)
{
	int i;

	for (i = 0; i < n->nkid; i++)
		if (an_kind(n->kid[i]) == type)
			return i;
	return -1;
}
