// SPDX-License-Identifier: GPL-2.0
/*
 * Reading one field's value: numbers (or their names), addresses, bytes in
 * an encoding, and the per-packet variations of the fields that may vary.
 *
 * Varying fields (ip id/src/dst, tcp/udp sport/dport, tcp seq, icmp seq):
 *
 *   FIELD N                   the same N in every packet
 *   FIELD FROM-TO             FROM, FROM+1, ... TO, FROM, ...
 *   FIELD random              a random value per packet, over the whole field
 *   ... then, in any order:
 *     inc                     count up (the default for a range)
 *     random                  a random value in [FROM, TO] instead
 *     step N                  count up by N
 *
 * so "sport 1000-2000", "sport 1000-2000 random", "id random",
 * "seq 1000 step 10", "ip src 10.0.0.1-10.0.0.99".  The field itself is set
 * to FROM, so `build` shows the first packet.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "desc.h"

uint32_t desc_number(const char *ctx, const char *word, uint32_t max,
		     const struct name_value *names)
{
	const struct name_value *nv;
	char list[512];
	uint64_t v;

	if (parse_u64(word, &v) && v <= max)
		return (uint32_t)v;
	if (names && !isdigit((unsigned char)word[0])) {
		nv = name_lookup(names, word);
		if (nv && nv->value <= max)
			return nv->value;
		usage_error("%s: \"%s\" is not a number in 0..%u or a name (%s)",
			    ctx, word, max, names_join(names, list, sizeof(list)));
	}
	usage_error("%s: \"%s\" is not a number in 0..%u", ctx, word, max);
	return 0;
}

void desc_ipv4(const char *ctx, const char *word, uint8_t addr[4])
{
	if (inet_pton(AF_INET, word, addr) != 1)
		usage_error("%s: \"%s\" is not an IPv4 address", ctx, word);
}

static const struct name_value encodings[] = {
	{ "text", 't' }, { "hex", 'x' }, { "base64", 'b' }, { "file", 'f' },
	{ NULL, 0 },
};

/* ENCODING DATA, appended to out: text STR, hex HEX, base64 B64, file PATH. */
void desc_blob_piece(struct desc_parser *p, const char *ctx,
		     const char *encoding, struct blob *out)
{
	const struct name_value *enc = name_lookup(encodings, encoding);
	char what[96], err[256];
	const char *data;
	int ret = 0;

	if (!enc)
		usage_error("%s: \"%s\" is not an encoding (text, hex, base64, file)",
			    ctx, encoding);
	snprintf(what, sizeof(what), "%s %s", ctx, enc->name);
	data = desc_next(p, what);
	switch (enc->value) {
	case 't':
		ret = blob_append(out, data, strlen(data));
		if (ret)
			snprintf(err, sizeof(err), "more than %d bytes", BLOB_MAX);
		break;
	case 'x':
		ret = hex_decode(data, out, err, sizeof(err));
		break;
	case 'b':
		ret = base64_decode(data, out, err, sizeof(err));
		break;
	case 'f':
		if (file_read(data, out, err, sizeof(err)))
			usage_error("%s: %s", what, err);
		break;
	}
	if (ret)
		usage_error("%s: \"%s\": %s", what, data, err);
}

void desc_blob(struct desc_parser *p, const char *ctx, struct blob *out)
{
	desc_blob_piece(p, ctx, desc_next(p, ctx), out);
}

void desc_add_vary(struct desc_parser *p, const char *ctx,
		   const struct vary_spec *v)
{
	if (p->n_vary >= DESC_MAX_VARY)
		usage_error("%s: at most %d fields may vary", ctx, DESC_MAX_VARY);
	p->vary[p->n_vary++] = *v;
}

/* A value of a varying field: a number, or an IPv4 address as host order. */
static uint32_t vary_value(const struct field_def *f, const char *ctx,
			   const char *word)
{
	uint8_t a[4];

	if (f->kind != FIELD_IPV4)
		return desc_number(ctx, word, f->max, f->names);
	desc_ipv4(ctx, word, a);
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static void put_value(struct desc_parser *p, const struct field_def *f,
		      uint32_t v)
{
	uint8_t a[4];

	switch (f->kind) {
	case FIELD_U8:
		desc_put_u8(p, f->attr, (uint8_t)v);
		break;
	case FIELD_U16:
		desc_put_u16(p, f->attr, (uint16_t)v);
		break;
	case FIELD_IPV4:
		a[0] = (uint8_t)(v >> 24);
		a[1] = (uint8_t)(v >> 16);
		a[2] = (uint8_t)(v >> 8);
		a[3] = (uint8_t)v;
		desc_put(p, f->attr, sizeof(a), a);
		break;
	default:
		desc_put_u32(p, f->attr, v);
		break;
	}
}

static void vary_field(struct desc_parser *p, const struct field_def *f,
		       const char *ctx, const char *word)
{
	struct vary_spec v = {
		.field = (uint32_t)f->vary, .mode = SOCKCTL_VARY_INC,
		.argi = p->field_argi,
	};
	uint32_t max = f->kind == FIELD_IPV4 ? UINT32_MAX : f->max;
	bool varies = false, fixed = true;
	const char *dash = strchr(word, '-');
	uint32_t value = 0;
	char what[96];

	if (!strcmp(word, "random")) {
		v.mode = SOCKCTL_VARY_RANDOM;
		v.from = 0;
		v.to = max;
		v.has_from = v.has_to = true;
		varies = true;
		fixed = false;
	} else if (dash && dash != word && dash[1]) {
		char lo[64];

		snprintf(lo, sizeof(lo), "%.*s", (int)(dash - word), word);
		v.from = vary_value(f, ctx, lo);
		v.to = vary_value(f, ctx, dash + 1);
		if (v.from > v.to)
			usage_error("%s: the range \"%s\" goes down", ctx, word);
		v.has_from = v.has_to = true;
		varies = true;
		value = v.from;
	} else {
		value = vary_value(f, ctx, word);
	}

	while (p->pos < p->argc) {
		const char *m = p->argv[p->pos];

		if (!strcmp(m, "inc")) {
			v.mode = SOCKCTL_VARY_INC;
		} else if (!strcmp(m, "random")) {
			v.mode = SOCKCTL_VARY_RANDOM;
		} else if (!strcmp(m, "step")) {
			p->pos++;
			snprintf(what, sizeof(what), "%s step", ctx);
			v.step = (uint32_t)parse_uint_arg(what, desc_next(p, what),
							  1, UINT32_MAX);
			v.has_step = true;
			varies = true;
			continue;
		} else {
			break;
		}
		p->pos++;
		varies = true;
	}
	if (v.has_step && v.mode == SOCKCTL_VARY_RANDOM)
		usage_error("%s: step goes with inc, not with random", ctx);

	if (fixed) {
		put_value(p, f, value);
		if (!v.has_from) {
			v.from = value;
			v.has_from = true;
		}
	}
	if (varies) {
		v.nargs = p->pos - p->field_argi;
		desc_add_vary(p, ctx, &v);
	}
}

/* Read the value of field f (its keyword already taken) and write it. */
void desc_field(struct desc_parser *p, const struct field_def *f,
		const char *ctx)
{
	struct blob b = { 0 };
	const char *word;
	uint8_t addr[16];

	switch (f->kind) {
	case FIELD_FLAG:
		desc_put_flag(p, f->attr);
		return;
	case FIELD_CUSTOM:
		f->parse(p, f, ctx);
		return;
	case FIELD_BLOB:
		desc_blob(p, ctx, &b);
		if (f->max && b.len > f->max)
			usage_error("%s: %zu bytes, more than the %u that fit",
				    ctx, b.len, f->max);
		desc_put(p, f->attr, b.len, b.data);
		blob_free(&b);
		return;
	default:
		break;
	}

	word = desc_next(p, ctx);
	if (f->vary) {
		vary_field(p, f, ctx, word);
		return;
	}
	switch (f->kind) {
	case FIELD_IPV4:
		desc_ipv4(ctx, word, addr);
		desc_put(p, f->attr, 4, addr);
		break;
	case FIELD_IPV6:
		if (inet_pton(AF_INET6, word, addr) != 1)
			usage_error("%s: \"%s\" is not an IPv6 address", ctx, word);
		desc_put(p, f->attr, 16, addr);
		break;
	case FIELD_MAC:
		if (!parse_mac(word, addr))
			usage_error("%s: \"%s\" is not a MAC address", ctx, word);
		desc_put(p, f->attr, 6, addr);
		break;
	default:
		put_value(p, f, desc_number(ctx, word, f->max, f->names));
		break;
	}
}
