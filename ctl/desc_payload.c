// SPDX-License-Identifier: GPL-2.0
/*
 * The bytes of a description: the payload after the last header, or a raw
 * packet given whole.  Both take pieces in any encoding, concatenated in the
 * order given:
 *
 *   payload text "GET / HTTP/1.0" hex 0d0a0d0a
 *   raw file frame.bin
 */
#include "desc.h"

static void parse_piece(struct desc_parser *p, const struct field_def *f,
			const char *ctx)
{
	/* ctx is "payload hex": the encoding is the field's own keyword. */
	desc_blob_piece(p, p->layer->keyword, f->keyword, &p->l.blob);
	(void)ctx;
}

static void write_blob(struct desc_parser *p)
{
	if (!p->l.seen)
		usage_error("%s: needs bytes: text STR, hex HEX, base64 B64 or file PATH",
			    p->layer->keyword);
	desc_put(p, p->layer->attr, p->l.blob.len, p->l.blob.data);
}

#define PIECE(enc, help) { .keyword = enc, .attr = 1, .kind = FIELD_CUSTOM, .repeatable = true, \
			   .parse = parse_piece, .value_help = help }

static const struct field_def piece_fields[] = {
	PIECE("text", "STR"),
	PIECE("hex", "HEX"),
	PIECE("base64", "B64"),
	PIECE("file", "PATH"),
	{ .keyword = NULL },
};

const struct layer_def payload_layer = {
	.keyword = "payload", .attr = SOCKCTL_A_PAYLOAD, .rank = RANK_PAYLOAD,
	.fields = piece_fields, .finish = write_blob,
};

const struct layer_def raw_layer = {
	.keyword = "raw", .attr = SOCKCTL_A_RAW, .rank = RANK_RAW,
	.fields = piece_fields, .finish = write_blob,
};
