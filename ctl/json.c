// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal streaming JSON writer: enough for sockctl's -j output, which must
 * be valid JSON whatever the data (strings are escaped, non-UTF-8 bytes are
 * replaced rather than emitted raw).
 */
#include <stdlib.h>
#include <string.h>

#include "sockctl.h"

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no member written yet at this level */
};

struct json_writer *json_new(FILE *out)
{
	struct json_writer *jw = calloc(1, sizeof(*jw));

	if (!jw)
		return NULL;
	jw->out = out;
	jw->first[0] = true;
	return jw;
}

void json_free(struct json_writer *jw)
{
	if (jw && jw->depth == 0)
		fputc('\n', jw->out);
	free(jw);
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2)
		n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void json_put_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		size_t n;

		switch (*s) {
		case '"':  fputs("\\\"", out); s++; continue;
		case '\\': fputs("\\\\", out); s++; continue;
		case '\n': fputs("\\n", out); s++; continue;
		case '\r': fputs("\\r", out); s++; continue;
		case '\t': fputs("\\t", out); s++; continue;
		}
		if (*s < 0x20) {
			fprintf(out, "\\u%04x", *s++);
			continue;
		}
		n = utf8_seq_len(s);
		if (!n) {
			fputs("\\ufffd", out);	/* U+FFFD REPLACEMENT CHARACTER */
			s++;
			continue;
		}
		fwrite(s, 1, n, out);
		s += n;
	}
	fputc('"', out);
}

/* Separator and key before a member; key is NULL inside arrays. */
static void json_member(struct json_writer *jw, const char *key)
{
	if (!jw->first[jw->depth])
		fputc(',', jw->out);
	jw->first[jw->depth] = false;
	if (key) {
		json_put_string(jw->out, key);
		fputc(':', jw->out);
	}
}

static void json_open(struct json_writer *jw, const char *key, char c)
{
	json_member(jw, key);
	fputc(c, jw->out);
	if (jw->depth + 1 < JSON_MAX_DEPTH)
		jw->depth++;
	jw->first[jw->depth] = true;
}

static void json_close(struct json_writer *jw, char c)
{
	fputc(c, jw->out);
	if (jw->depth > 0)
		jw->depth--;
}

void json_object_open(struct json_writer *jw, const char *key)
{
	json_open(jw, key, '{');
}

void json_object_close(struct json_writer *jw)
{
	json_close(jw, '}');
}

void json_array_open(struct json_writer *jw, const char *key)
{
	json_open(jw, key, '[');
}

void json_array_close(struct json_writer *jw)
{
	json_close(jw, ']');
}

void json_string(struct json_writer *jw, const char *key, const char *val)
{
	json_member(jw, key);
	json_put_string(jw->out, val);
}

void json_uint(struct json_writer *jw, const char *key, uint64_t val)
{
	json_member(jw, key);
	fprintf(jw->out, "%llu", (unsigned long long)val);
}

void json_int(struct json_writer *jw, const char *key, int64_t val)
{
	json_member(jw, key);
	fprintf(jw->out, "%lld", (long long)val);
}

void json_bool(struct json_writer *jw, const char *key, bool val)
{
	json_member(jw, key);
	fputs(val ? "true" : "false", jw->out);
}

void json_null(struct json_writer *jw, const char *key)
{
	json_member(jw, key);
	fputs("null", jw->out);
}
