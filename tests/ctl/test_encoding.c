// SPDX-License-Identifier: GPL-2.0
/*
 * The encodings: RFC 4648's test vectors (section 10) both ways, the strict
 * decoder's refusals, hex with its separators, files, and the hex dump.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

/* RFC 4648 section 10. */
static const struct { const char *plain, *base64, *base16; } vectors[] = {
	{ "",       "",         "" },
	{ "f",      "Zg==",     "66" },
	{ "fo",     "Zm8=",     "666f" },
	{ "foo",    "Zm9v",     "666f6f" },
	{ "foob",   "Zm9vYg==", "666f6f62" },
	{ "fooba",  "Zm9vYmE=", "666f6f6261" },
	{ "foobar", "Zm9vYmFy", "666f6f626172" },
};

static bool blob_is(const struct blob *b, const void *data, size_t len)
{
	return b->len == len && (!len || !memcmp(b->data, data, len));
}

static void test_rfc4648(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		const char *plain = vectors[i].plain;
		size_t len = strlen(plain);
		struct blob b = { 0 };
		char err[128], *s;

		s = base64_encode((const uint8_t *)plain, len);
		check(!strcmp(s, vectors[i].base64), "base64: encode \"%s\" = \"%s\"",
		      plain, vectors[i].base64);
		free(s);
		check(!base64_decode(vectors[i].base64, &b, err, sizeof(err)) &&
		      blob_is(&b, plain, len), "base64: decode \"%s\" = \"%s\"",
		      vectors[i].base64, plain);
		blob_free(&b);
		s = hex_encode((const uint8_t *)plain, len);
		check(!strcmp(s, vectors[i].base16), "base16: encode \"%s\" = \"%s\"",
		      plain, vectors[i].base16);
		free(s);
		check(!hex_decode(vectors[i].base16, &b, err, sizeof(err)) &&
		      blob_is(&b, plain, len), "base16: decode \"%s\"", vectors[i].base16);
		blob_free(&b);
	}
}

static const struct { const char *in, *err; } base64_bad[] = {
	{ "Zg=",     "3 characters is not a multiple of 4 (padding '=' missing?)" },
	{ "Zg",      "2 characters is not a multiple of 4 (padding '=' missing?)" },
	{ "Zh==",    "non-zero bits before the padding (not canonical base64)" },
	{ "Zm9=",    "non-zero bits before the padding (not canonical base64)" },
	{ "Z===",    "'=' (at position 2) is not a base64 character" },
	{ "Zg=a",    "'=' may only end the text" },
	{ "Zm9v Yg==", "' ' (at position 5) is not a base64 character" },
	{ "Zm9v-_==", "'-' (at position 5) is not a base64 character" },
	{ "Zm9vYg==Zm9v", "'=' (at position 7) is not a base64 character" },
};

static void test_base64_strict(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(base64_bad); i++) {
		struct blob b = { 0 };
		char err[128] = "";
		int ret = base64_decode(base64_bad[i].in, &b, err, sizeof(err));

		if (!check(ret < 0 && !strcmp(err, base64_bad[i].err),
			   "base64: \"%s\" is refused: %s", base64_bad[i].in,
			   base64_bad[i].err))
			printf("# got %d: %s\n", ret, err);
		blob_free(&b);
	}
}

static const struct { const char *in, *out_or_err; bool ok; } hex_cases[] = {
	{ "deadbeef",        "deadbeef", true },
	{ "de ad be ef",     "deadbeef", true },
	{ "de:ad:be:ef",     "deadbeef", true },
	{ "0xdeadbeef",      "deadbeef", true },
	{ "0xde 0XAD",       "dead", true },
	{ "4500 001c",       "4500001c", true },
	{ " DE\tAD\n",       "dead", true },
	{ "",                "", true },
	{ "abc",             "an odd number of hex digits in \"abc\"", false },
	{ "de a",            "an odd number of hex digits in \"a\"", false },
	{ "0x1",             "an odd number of hex digits in \"0x1\"", false },
	{ "0x",              "no hex digits in \"0x\"", false },
	{ "dg",              "'g' (at position 2) is not a hex digit", false },
	{ "de-ad",           "'-' (at position 3) is not a hex digit", false },
};

static void test_hex(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hex_cases); i++) {
		struct blob b = { 0 };
		char err[128] = "", *got = NULL;
		int ret = hex_decode(hex_cases[i].in, &b, err, sizeof(err));
		bool ok;

		if (hex_cases[i].ok) {
			got = hex_encode(b.data, b.len);
			ok = !ret && !strcmp(got, hex_cases[i].out_or_err);
		} else {
			ok = ret < 0 && !strcmp(err, hex_cases[i].out_or_err);
		}
		check(ok, "hex: \"%s\" -> %s", hex_cases[i].in, hex_cases[i].out_or_err);
		free(got);
		blob_free(&b);
	}
}

static void test_blob_limits(void)
{
	struct blob b = { 0 };
	char *big = malloc(2 * (BLOB_MAX + 1) + 1), err[128];

	memset(big, 'a', 2 * (BLOB_MAX + 1));
	big[2 * (BLOB_MAX + 1)] = '\0';
	check(hex_decode(big, &b, err, sizeof(err)) < 0 &&
	      !strcmp(err, "more than 65531 bytes"),
	      "blob: more than fits in one netlink attribute is refused");
	blob_free(&b);
	big[2 * BLOB_MAX] = '\0';
	check(!hex_decode(big, &b, err, sizeof(err)) && b.len == BLOB_MAX,
	      "blob: exactly 65531 bytes fit");
	blob_free(&b);
	free(big);
}

static void test_file(void)
{
	static const uint8_t bytes[] = { 0, 1, 0xff, 0, '\n' };
	char path[] = "/tmp/sockctl-unit-XXXXXX", err[256];
	struct blob b = { 0 };
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, bytes, sizeof(bytes)) != sizeof(bytes))
		abort();
	close(fd);
	check(!file_read(path, &b, err, sizeof(err)) && blob_is(&b, bytes, sizeof(bytes)),
	      "file: any bytes, NULs included");
	blob_free(&b);
	unlink(path);
	check(file_read(path, &b, err, sizeof(err)) < 0 && strstr(err, path) &&
	      strstr(err, "No such file"), "file: a missing file is named in the error");
	blob_free(&b);
}

static void test_hexdump(void)
{
	char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	static const uint8_t data[] = "E\0\0\x1c" "abcdefghijklmnopq";

	hexdump(f, data, 21);
	fclose(f);
	check(!strcmp(buf,
		      "\t0x0000:  4500 001c 6162 6364 6566 6768 696a 6b6c  E...abcdefghijkl\n"
		      "\t0x0010:  6d6e 6f70 71                             mnopq\n"),
	      "hexdump: tcpdump -X layout, partial last line aligned");
}

void test_encoding(void)
{
	test_rfc4648();
	test_base64_strict();
	test_hex();
	test_blob_limits();
	test_file();
	test_hexdump();
}
