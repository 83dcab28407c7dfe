// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of sockctl(8)'s own code (no kernel module needed): the
 * keyword matcher, the JSON writer and the extended ACK parser here; the
 * description grammar, encodings, decoder and commands in test_*.c.
 * Prints TAP.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "unit.h"

struct sockctl_opts opts;


/* Run a JSON writer scenario and return what it printed. */
static char *json_capture(void (*fill)(struct json_writer *jw))
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json_writer *jw = json_new(f);

	fill(jw);
	json_free(jw);
	fclose(f);
	return buf;
}

static void fill_nested(struct json_writer *jw)
{
	json_object_open(jw, NULL);
	json_string(jw, "a", "x");
	json_object_open(jw, "o");
	json_uint(jw, "u", 18446744073709551615ULL);
	json_int(jw, "i", -5);
	json_object_close(jw);
	json_array_open(jw, "l");
	json_bool(jw, NULL, true);
	json_null(jw, NULL);
	json_array_close(jw);
	json_object_close(jw);
}

static void fill_escapes(struct json_writer *jw)
{
	json_object_open(jw, NULL);
	json_string(jw, "s", "q\"b\\n\n\x01\xc3\xa9\xff");
	json_object_close(jw);
}

static void test_json(void)
{
	check(!strcmp(json_capture(fill_nested),
		      "{\"a\":\"x\",\"o\":{\"u\":18446744073709551615,\"i\":-5},\"l\":[true,null]}\n"),
	      "json: nesting, separators, integer range");
	/* Quotes, backslash, control chars escaped; UTF-8 kept; bad bytes replaced. */
	check(!strcmp(json_capture(fill_escapes),
		      "{\"s\":\"q\\\"b\\\\n\\n\\u0001\xc3\xa9\\ufffd\"}\n"),
	      "json: escapes, UTF-8 kept, invalid byte replaced");
}

static void test_matches(void)
{
	check(matches("i", "info") && matches("info", "info"), "matches: prefixes");
	check(!matches("", "info"), "matches: empty arg never matches");
	check(!matches("infos", "info"), "matches: longer than keyword");
	check(!matches("x", "info"), "matches: other word");
}

/* Build an NLMSG_ERROR as the kernel does, with optional TLVs after it. */
static size_t build_error(char *buf, int error, bool capped, const char *msg,
			  int offs, int miss)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	size_t len = NLMSG_HDRLEN + sizeof(*err);
	struct nlattr *a;

	memset(buf, 0, 512);
	nlh->nlmsg_type = NLMSG_ERROR;
	err->error = error;
	err->msg.nlmsg_len = NLMSG_HDRLEN + 8;	/* the request we "sent" */
	if (!capped)
		len += 8;			/* its payload, echoed */
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	if (msg || offs >= 0 || miss >= 0)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg) {
		a = (struct nlattr *)(buf + len);
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = NLA_HDRLEN + strlen(msg) + 1;
		strcpy((char *)a + NLA_HDRLEN, msg);
		len += NLA_ALIGN(a->nla_len);
	}
	if (offs >= 0) {
		a = (struct nlattr *)(buf + len);
		a->nla_type = NLMSGERR_ATTR_OFFS;
		a->nla_len = NLA_HDRLEN + 4;
		*(uint32_t *)((char *)a + NLA_HDRLEN) = offs;
		len += NLA_ALIGN(a->nla_len);
	}
	if (miss >= 0) {
		a = (struct nlattr *)(buf + len);
		a->nla_type = NLMSGERR_ATTR_MISS_TYPE;
		a->nla_len = NLA_HDRLEN + 4;
		*(uint32_t *)((char *)a + NLA_HDRLEN) = miss;
		len += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = len;
	return len;
}

static void test_extack(void)
{
	char buf[512];
	struct sockctl_nl nl;

	build_error(buf, -EINVAL, true, "Unknown attribute type\n", 20, -1);
	check(sockctl_parse_extack((struct nlmsghdr *)buf, &nl) == 1 &&
	      !strcmp(nl.extack_msg, "Unknown attribute type") &&
	      nl.extack_offset == 20 && nl.extack_missing == -1,
	      "extack: capped ack, message (newline dropped) and offset");

	build_error(buf, -EINVAL, false, "bad", -1, 7);
	check(sockctl_parse_extack((struct nlmsghdr *)buf, &nl) == 1 &&
	      !strcmp(nl.extack_msg, "bad") && nl.extack_offset == -1 &&
	      nl.extack_missing == 7,
	      "extack: uncapped ack skips the echoed request; missing attribute");

	build_error(buf, -EPERM, true, NULL, -1, -1);
	check(sockctl_parse_extack((struct nlmsghdr *)buf, &nl) == 0 &&
	      nl.extack_msg[0] == '\0', "extack: none present");
}

int main(void)
{
	/* Our messages, not translations, whatever the environment says. */
	setenv("LC_ALL", "C", 1);
	printf("TAP version 13\n");
	test_matches();
	test_json();
	test_extack();
	test_encoding();
	test_numbers();
	test_desc_attrs();
	test_desc_errors();
	test_attr_path();
	test_decode();
	test_commands();
	test_via_socket();
	test_capture_args();
	test_capture_stream();
	test_capture_out();
	test_capture_summary();
	printf("1..%d\n", tests_run());
	return tests_failed() ? 1 : 0;
}
