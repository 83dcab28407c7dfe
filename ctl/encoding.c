// SPDX-License-Identifier: GPL-2.0
/*
 * The encodings bytes are typed in (hex, base64 per RFC 4648, a file) and
 * printed in (hex, base64, a hex dump as tcpdump -X shows it).
 *
 * Decoders are strict on purpose: a student who types "4500 001" or pastes
 * base64 with its padding cut off should hear about it, not get a packet
 * one byte short.  They append to a blob and explain a failure in err.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sockctl.h"

void blob_free(struct blob *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Append len bytes; -1 if the blob would outgrow one netlink attribute. */
int blob_append(struct blob *b, const void *data, size_t len)
{
	if (len > BLOB_MAX || b->len + len > BLOB_MAX)
		return -1;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		uint8_t *p;

		while (cap < b->len + len)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p)
			sys_error("out of memory");
		b->data = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_hex_separator(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ':';
}

/*
 * Hex digits in groups separated by blanks or colons, each group with an
 * optional 0x and an even number of digits: "de ad be ef", "de:ad:be:ef",
 * "0xdeadbeef", "4500 001c" (tcpdump's groups of four).
 */
int hex_decode(const char *s, struct blob *out, char *err, size_t errlen)
{
	const char *start = s;

	while (*s) {
		const char *group;
		size_t digits = 0;

		if (is_hex_separator((unsigned char)*s)) {
			s++;
			continue;
		}
		group = s;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		for (; *s && !is_hex_separator((unsigned char)*s); s++) {
			if (hex_value((unsigned char)*s) < 0)
				return fail(err, errlen,
					    "'%c' (at position %zu) is not a hex digit",
					    isprint((unsigned char)*s) ? *s : '?',
					    (size_t)(s - start) + 1);
			digits++;
		}
		if (!digits)
			return fail(err, errlen, "no hex digits in \"%.*s\"",
				    (int)(s - group), group);
		if (digits % 2)
			return fail(err, errlen,
				    "an odd number of hex digits in \"%.*s\"",
				    (int)(s - group), group);
		if (group[0] == '0' && (group[1] == 'x' || group[1] == 'X'))
			group += 2;
		for (; group < s; group += 2) {
			uint8_t byte = (uint8_t)(hex_value((unsigned char)group[0]) << 4 |
						 hex_value((unsigned char)group[1]));

			if (blob_append(out, &byte, 1))
				return fail(err, errlen, "more than %d bytes", BLOB_MAX);
		}
	}
	return 0;
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(int c)
{
	const char *p = c ? strchr(b64_alphabet, c) : NULL;

	return p ? (int)(p - b64_alphabet) : -1;
}

/*
 * Strict RFC 4648 section 4 base64: the alphabet above, padding to a
 * multiple of 4 with '=' at the end only, and zero bits after the data
 * (section 3.5), so every input has one meaning.
 */
int base64_decode(const char *s, struct blob *out, char *err, size_t errlen)
{
	size_t len = strlen(s), pad = 0, i;

	for (i = 0; i < len; i++) {
		if (s[i] == '=' && i + 2 >= len)
			continue;
		if (b64_value((unsigned char)s[i]) < 0)
			return fail(err, errlen,
				    "'%c' (at position %zu) is not a base64 character",
				    isprint((unsigned char)s[i]) ? s[i] : '?', i + 1);
	}
	if (len % 4)
		return fail(err, errlen,
			    "%zu characters is not a multiple of 4 (padding '=' missing?)",
			    len);
	if (len && s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	if (len && s[len - 2] == '=' && s[len - 1] != '=')
		return fail(err, errlen, "'=' may only end the text");

	for (i = 0; i < len; i += 4) {
		uint32_t v = 0;
		size_t n = i + 4 == len ? 3 - pad : 3, j;
		uint8_t bytes[3];

		for (j = 0; j < 4; j++)
			v = v << 6 | (s[i + j] == '=' ? 0 : (uint32_t)b64_value(s[i + j]));
		if ((pad == 1 && i + 4 == len && (v & 0xff)) ||
		    (pad == 2 && i + 4 == len && (v & 0xffff)))
			return fail(err, errlen,
				    "non-zero bits before the padding (not canonical base64)");
		bytes[0] = (uint8_t)(v >> 16);
		bytes[1] = (uint8_t)(v >> 8);
		bytes[2] = (uint8_t)v;
		if (blob_append(out, bytes, n))
			return fail(err, errlen, "more than %d bytes", BLOB_MAX);
	}
	return 0;
}

/* The whole file (or standard input for "-"), any bytes. */
int file_read(const char *path, struct blob *out, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	uint8_t buf[4096];
	size_t n;
	int ret = 0;

	if (!f)
		return fail(err, errlen, "cannot open \"%s\": %s", path,
			    strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (blob_append(out, buf, n)) {
			ret = fail(err, errlen, "\"%s\" is larger than %d bytes",
				   path, BLOB_MAX);
			break;
		}
	}
	if (!ret && ferror(f))
		ret = fail(err, errlen, "cannot read \"%s\": %s", path,
			   strerror(errno));
	if (f != stdin)
		fclose(f);
	return ret;
}

/* Lower-case hex, no separators; the caller frees it. */
char *hex_encode(const uint8_t *data, size_t len)
{
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		sys_error("out of memory");
	for (i = 0; i < len; i++)
		sprintf(s + 2 * i, "%02x", data[i]);
	s[2 * len] = '\0';
	return s;
}

/* RFC 4648 section 4 base64 with padding; the caller frees it. */
char *base64_encode(const uint8_t *data, size_t len)
{
	char *s = malloc((len + 2) / 3 * 4 + 1), *p = s;
	size_t i;

	if (!s)
		sys_error("out of memory");
	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		*p++ = b64_alphabet[v >> 18 & 63];
		*p++ = b64_alphabet[v >> 12 & 63];
		*p++ = i + 1 < len ? b64_alphabet[v >> 6 & 63] : '=';
		*p++ = i + 2 < len ? b64_alphabet[v & 63] : '=';
	}
	*p = '\0';
	return s;
}

/*
 * As tcpdump -X: offset, 16 bytes in groups of two, then the same bytes as
 * ASCII with '.' for anything unprintable.
 */
void hexdump(FILE *out, const uint8_t *data, size_t len)
{
	size_t off, i;

	for (off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;
		int col = 0;

		fprintf(out, "\t0x%04zx: ", off);
		for (i = 0; i < n; i++)
			col += fprintf(out, i % 2 ? "%02x" : " %02x", data[off + i]);
		fprintf(out, "%*s  ", 40 - col, "");
		for (i = 0; i < n; i++)
			fputc(isprint(data[off + i]) && data[off + i] < 0x7f ?
			      data[off + i] : '.', out);
		fputc('\n', out);
	}
}
