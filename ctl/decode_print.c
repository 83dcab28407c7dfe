// SPDX-License-Identifier: GPL-2.0
/*
 * Printing decoded frames: an annotated listing with a tcpdump -X hex dump
 * for people, or JSON (documented in sockctl(8)) for programs.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define TEXT_VALUE_MAX 40	/* longer values are cut; the hex dump has them */

/* "14", "14-15", "14:b4-7", "20:b3-21:b7": bytes, then bits from the MSB. */
static const char *where(const struct dfield *f, char *buf, size_t size)
{
	unsigned int first = f->offset * 8 + f->bit_offset;
	unsigned int last = first + (f->bits ? f->bits : 1) - 1;

	if (f->bit_offset == 0 && f->bits % 8 == 0) {
		if (f->bits <= 8)
			snprintf(buf, size, "%u", f->offset);
		else
			snprintf(buf, size, "%u-%u", f->offset, last / 8);
	} else if (first == last) {
		snprintf(buf, size, "%u:b%u", first / 8, first % 8);
	} else if (first / 8 == last / 8) {
		snprintf(buf, size, "%u:b%u-%u", first / 8, first % 8, last % 8);
	} else {
		snprintf(buf, size, "%u:b%u-%u:b%u", first / 8, first % 8,
			 last / 8, last % 8);
	}
	return buf;
}

static void value_text(const struct dfield *f, char *buf, size_t size)
{
	size_t len;

	switch (f->format) {
	case DF_DEC:
		len = (size_t)snprintf(buf, size, "%llu", (unsigned long long)f->num);
		break;
	case DF_HEX:
		len = (size_t)snprintf(buf, size, "0x%0*llx", f->hex_digits,
				       (unsigned long long)f->num);
		break;
	default:
		if (strlen(f->str) > TEXT_VALUE_MAX)
			len = (size_t)snprintf(buf, size, "%.*s...",
					       TEXT_VALUE_MAX - 3, f->str);
		else
			len = (size_t)snprintf(buf, size, "%s", f->str);
		break;
	}
	if (len >= size)
		return;
	switch (f->csum) {
	case CSUM_CORRECT:
		snprintf(buf + len, size - len, " correct");
		break;
	case CSUM_INCORRECT:
		snprintf(buf + len, size - len, " incorrect (expected 0x%04x)",
			 f->csum_expected);
		break;
	case CSUM_UNCHECKED:
		snprintf(buf + len, size - len, " unchecked%s%s",
			 f->note[0] ? ": " : "", f->note);
		return;
	default:
		break;
	}
	len = strlen(buf);
	if (f->note[0])
		snprintf(buf + len, size - len, " (%s)", f->note);
}

void decode_print_text(FILE *out, const struct dframe *f, int index, int total)
{
	int i, j;

	fprintf(out, "frame %d of %d: %zu bytes\n", index + 1, total, f->len);
	for (i = 0; i < f->n_layers; i++) {
		const struct dlayer *l = &f->layers[i];

		fprintf(out, "  %s: %s", l->name, l->title);
		if (l->rfc && l->rfc[0])
			fprintf(out, ", %s", l->rfc);
		if (l->length)
			fprintf(out, ", bytes %u-%u", l->offset, l->offset + l->length - 1);
		fprintf(out, "%s\n", l->truncated ? " (TRUNCATED: the frame ends inside)" : "");
		for (j = 0; j < l->n_fields; j++) {
			const struct dfield *fld = &l->fields[j];
			char value[256], pos[32];

			value_text(fld, value, sizeof(value));
			fprintf(out, "    %-12s %-36s %-12s %s\n", fld->name, value,
				where(fld, pos, sizeof(pos)), fld->rfc ? fld->rfc : "");
		}
	}
	hexdump(out, f->data, f->len);
}

static void field_json(struct json_writer *jw, const struct dfield *f)
{
	static const char *const csum_names[] = {
		[CSUM_CORRECT] = "correct", [CSUM_INCORRECT] = "incorrect",
		[CSUM_UNCHECKED] = "unchecked",
	};

	json_object_open(jw, NULL);
	json_string(jw, "name", f->name);
	if (f->format == DF_STR)
		json_string(jw, "value", f->str);
	else
		json_uint(jw, "value", f->num);
	if (f->note[0])
		json_string(jw, "text", f->note);
	json_uint(jw, "offset", f->offset);
	json_uint(jw, "bit_offset", f->bit_offset);
	json_uint(jw, "bits", f->bits);
	json_string(jw, "rfc", f->rfc ? f->rfc : "");
	if (f->csum != CSUM_NONE) {
		json_string(jw, "checksum", csum_names[f->csum]);
		if (f->csum != CSUM_UNCHECKED)
			json_uint(jw, "expected", f->csum_expected);
	}
	json_object_close(jw);
}

static void offset_json(struct json_writer *jw, const char *key, int offset)
{
	if (offset >= 0)
		json_uint(jw, key, (unsigned int)offset);
	else
		json_null(jw, key);
}

void decode_print_json(struct json_writer *jw, const struct dframe *f,
		       int index, const struct decode_hints *hints)
{
	char *hex = hex_encode(f->data, f->len);
	int i, j;

	json_object_open(jw, NULL);
	json_uint(jw, "index", (unsigned int)index);
	json_uint(jw, "length", f->len);
	offset_json(jw, "l3_offset", hints->l3_offset);
	offset_json(jw, "l4_offset", hints->l4_offset);
	offset_json(jw, "payload_offset", hints->payload_offset);
	json_string(jw, "bytes_hex", hex);
	free(hex);
	json_array_open(jw, "layers");
	for (i = 0; i < f->n_layers; i++) {
		const struct dlayer *l = &f->layers[i];

		json_object_open(jw, NULL);
		json_string(jw, "name", l->name);
		json_string(jw, "title", l->title);
		json_string(jw, "rfc", l->rfc ? l->rfc : "");
		json_uint(jw, "offset", l->offset);
		json_uint(jw, "length", l->length);
		json_bool(jw, "truncated", l->truncated);
		json_array_open(jw, "fields");
		for (j = 0; j < l->n_fields; j++)
			field_json(jw, &l->fields[j]);
		json_array_close(jw);
		json_object_close(jw);
	}
	json_array_close(jw);
	json_object_close(jw);
}
