// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl build: ask the kernel to build the packet a description says,
 * without sending it, and show what it built: every field of every layer
 * with its offset and RFC, checksums checked, and a hex dump; or only the
 * bytes (--hex, --base64); or all of it as JSON (-j).
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "desc.h"

enum build_output { OUT_DECODE, OUT_HEX, OUT_BASE64 };

struct built_frame {
	uint8_t *data;
	size_t len;
	int l3_offset, l4_offset, payload_offset;	/* -1: absent */
};

struct built_frames {
	struct built_frame *v;
	int n;
};

static struct nla_policy frame_policy[SOCKCTL_A_FRAME_MAX + 1] = {
	[SOCKCTL_A_FRAME_DATA]		 = { .type = NLA_UNSPEC },
	[SOCKCTL_A_FRAME_L3_OFFSET]	 = { .type = NLA_U16 },
	[SOCKCTL_A_FRAME_L4_OFFSET]	 = { .type = NLA_U16 },
	[SOCKCTL_A_FRAME_PAYLOAD_OFFSET] = { .type = NLA_U16 },
};

static int offset_attr(struct nlattr *a)
{
	return a ? nla_get_u16(a) : -1;
}

/* Copy every SOCKCTL_A_FRAME of the reply: the reply is freed after this. */
static int parse_frames(struct nl_msg *reply, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(reply));
	struct built_frames *frames = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		struct nlattr *tb[SOCKCTL_A_FRAME_MAX + 1];
		struct built_frame *f;

		if (nla_type(a) != SOCKCTL_A_FRAME ||
		    nla_parse_nested(tb, SOCKCTL_A_FRAME_MAX, a, frame_policy) ||
		    !tb[SOCKCTL_A_FRAME_DATA])
			continue;
		f = realloc(frames->v, (size_t)(frames->n + 1) * sizeof(*f));
		if (!f)
			sys_error("out of memory");
		frames->v = f;
		f += frames->n++;
		f->len = (size_t)nla_len(tb[SOCKCTL_A_FRAME_DATA]);
		f->data = malloc(f->len ? f->len : 1);
		if (!f->data)
			sys_error("out of memory");
		memcpy(f->data, nla_data(tb[SOCKCTL_A_FRAME_DATA]), f->len);
		f->l3_offset = offset_attr(tb[SOCKCTL_A_FRAME_L3_OFFSET]);
		f->l4_offset = offset_attr(tb[SOCKCTL_A_FRAME_L4_OFFSET]);
		f->payload_offset = offset_attr(tb[SOCKCTL_A_FRAME_PAYLOAD_OFFSET]);
	}
	return 0;
}

/*
 * What the decoder should expect: an Ethernet header if the IP header does
 * not start the frame, or (without offsets, as for raw packets) if the
 * injection point is one that builds Ethernet frames.
 */
static void hints_for(const struct built_frame *f, const struct desc_result *res,
		      struct decode_hints *h)
{
	uint8_t inject = res->inject;

	if (!inject)
		inject = res->ifname || res->ifindex ? SOCKCTL_INJECT_L2 :
						       SOCKCTL_INJECT_L3;
	h->ethernet = f->l3_offset >= 0 ? f->l3_offset > 0 :
					  inject != SOCKCTL_INJECT_L3;
	h->l3_offset = f->l3_offset;
	h->l4_offset = f->l4_offset;
	h->payload_offset = f->payload_offset;
	h->layers = res->layers;
}

static void print_frames(const struct built_frames *frames,
			 const struct desc_result *res, enum build_output out)
{
	struct json_writer *jw = NULL;
	int i;

	if (opts.json) {
		jw = json_new(stdout);
		json_object_open(jw, NULL);
		json_array_open(jw, "frames");
	}
	for (i = 0; i < frames->n; i++) {
		const struct built_frame *bf = &frames->v[i];
		struct decode_hints hints;
		struct dframe df;
		char *text;

		if (out != OUT_DECODE && !jw) {
			text = out == OUT_HEX ? hex_encode(bf->data, bf->len) :
						base64_encode(bf->data, bf->len);
			puts(text);
			free(text);
			continue;
		}
		hints_for(bf, res, &hints);
		decode_frame(&df, bf->data, bf->len, &hints);
		if (jw)
			decode_print_json(jw, &df, i, &hints);
		else
			decode_print_text(stdout, &df, i, frames->n);
		if (!jw && i + 1 < frames->n)
			putchar('\n');
		dframe_free(&df);
	}
	if (jw) {
		json_array_close(jw);
		json_object_close(jw);
		json_free(jw);
	}
}

static bool build_option(const char *word, void *arg)
{
	enum build_output *out = arg;

	if (!strcmp(word, "--hex"))
		*out = OUT_HEX;
	else if (!strcmp(word, "--base64"))
		*out = OUT_BASE64;
	else if (!strcmp(word, "-j") || !strcmp(word, "--json"))
		opts.json = true;
	else
		return false;
	return true;
}

void cmd_build_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] build [--hex|--base64] DESCRIPTION\n"
	      "Have the kernel build the packet DESCRIPTION says, without sending it, and\n"
	      "show it: each layer's fields with their value, offset (byte, or byte:bits\n"
	      "counted from the most significant bit, as RFC diagrams do) and RFC; each\n"
	      "checksum recomputed here (RFC 1071) as correct or incorrect; then a hex\n"
	      "dump.  --hex or --base64 print only the bytes, a line per frame; -j prints\n"
	      "JSON (see sockctl(8)).  A fragmented datagram (frag) gives several frames.\n\n",
	      out);
	desc_usage(out, "build");
}

int cmd_build(int argc, char **argv)
{
	enum build_output out = OUT_DECODE;
	struct desc_hooks hooks = {
		.command = "build", .usage = cmd_build_usage,
		.option = build_option, .arg = &out,
	};
	struct built_frames frames = { 0 };
	struct desc_result res;
	struct sockctl_nl nl;
	struct nl_msg *msg;
	int ret, i;

	usage_hint("build");
	msg = sockctl_nl_msg(NULL, SOCKCTL_CMD_BUILD, 0);
	if (!msg)
		sys_error("out of memory");
	desc_parse(argc, argv, msg, &hooks, &res);

	ret = sockctl_nl_open(&nl);
	if (ret) {
		nlmsg_free(msg);
		goto out;
	}
	if (sockctl_nl_request(&nl, msg, parse_frames, &frames)) {
		ret = desc_report(&nl, &res, "build");
		goto out;
	}
	if (!frames.n) {
		fprintf(stderr, "sockctl: build: the module's reply had no frame\n");
		ret = EXIT_SYSTEM;
		goto out;
	}
	print_frames(&frames, &res, out);
out:
	sockctl_nl_close(&nl);
	for (i = 0; i < frames.n; i++)
		free(frames.v[i].data);
	free(frames.v);
	desc_result_free(&res);
	return ret;
}
