// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: headers, nlmsghdr flags and lengths, genlmsghdr fields, for
 * every command variant.
 */
#include "nlfuzz.h"

const struct cmdvar cmdvars[] = {
	{ "GET_INFO", SOCKCTL_CMD_GET_INFO, false },
	{ "BUILD", SOCKCTL_CMD_BUILD, false },
	{ "SEND", SOCKCTL_CMD_SEND, false },
	{ "JOB_GET", SOCKCTL_CMD_JOB_GET, false },
	{ "JOB_GET-dump", SOCKCTL_CMD_JOB_GET, true },
	{ "JOB_STOP", SOCKCTL_CMD_JOB_STOP, false },
	{ "STATS_GET", SOCKCTL_CMD_STATS_GET, false },
	{ "CAPTURE_START", SOCKCTL_CMD_CAPTURE_START, false },
	{ "CAPTURE_GET", SOCKCTL_CMD_CAPTURE_GET, false },
	{ "CAPTURE_GET-dump", SOCKCTL_CMD_CAPTURE_GET, true },
	{ "CAPTURE_STOP", SOCKCTL_CMD_CAPTURE_STOP, false },
	{ "cmd0", 0, false },
	{ "CAPTURE_PACKETS", SOCKCTL_CMD_CAPTURE_PACKETS, false },
	{ "CAPTURE_END", SOCKCTL_CMD_CAPTURE_END, false },
	{ "cmd12", SOCKCTL_CMD_CAPTURE_END + 1, false },
	{ "cmd255", 255, false },
};

const unsigned int n_cmdvars = ARRAY_SIZE(cmdvars);

/* A valid body for a command variant (a corpus seed for BUILD/SEND). */
struct an *body_for(const struct fz *f, const struct cmdvar *cv)
{
	(void)f;
	switch (cv->cmd) {
	case SOCKCTL_CMD_BUILD:
	case SOCKCTL_CMD_SEND:
		return an_clone(corpus[0].root);
	case SOCKCTL_CMD_JOB_GET:
	case SOCKCTL_CMD_JOB_STOP:
		if (!cv->dump)
			return tl(an_u32(SOCKCTL_A_JOB_ID, 999999), NULL);
		break;
	case SOCKCTL_CMD_CAPTURE_START:
		return an_clone(seed_by_name("capture-fz0-both")->root);
	case SOCKCTL_CMD_CAPTURE_GET:
	case SOCKCTL_CMD_CAPTURE_STOP:
		if (!cv->dump)
			return tl(an_nest(SOCKCTL_A_CAPTURE, an_u32(SOCKCTL_A_CAPTURE_ID, 999999), NULL),
				  NULL);
		break;
	}
	return top();
}

void phase_headers(struct fz *f)
{
	static const uint16_t flagvars[] = {
		0, NLM_F_ACK, NLM_F_REQUEST, NLM_F_REQUEST | NLM_F_ECHO,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO, NLM_F_REQUEST | NLM_F_ACK | NLM_F_ROOT,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_MATCH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ATOMIC, NLM_F_REQUEST | NLM_F_ACK | NLM_F_MULTI,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP_INTR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP_FILTERED,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP | NLM_F_ATOMIC, NLM_F_REQUEST | NLM_F_ACK | 0x1000,
		NLM_F_REQUEST | NLM_F_ACK | 0x8000, 0xffff, NLM_F_REQUEST,
	};
	unsigned int c, i;

	tap_phase_begin(f, "headers: nlmsghdr flags and lengths, genlmsghdr fields");
	for (c = 0; c < n_cmdvars && budget_left(f); c++) {
		const struct cmdvar *cv = &cmdvars[c];
		struct req r = { .cmd = cv->cmd };
		uint16_t base = NLM_F_REQUEST | NLM_F_ACK | (cv->dump ? NLM_F_DUMP : 0);
		char name[128];
		uint32_t len;

		r.root = body_for(f, cv);
		for (i = 0; i < ARRAY_SIZE(flagvars); i++) {
			r.flags = flagvars[i] | (cv->dump && flagvars[i] ? NLM_F_DUMP : 0);
			snprintf(name, sizeof(name), "%s nlmsg_flags 0x%x", cv->name, r.flags);
			fuzz_req(f, name, &r);
		}
		r.flags = base;
		/* Reserved and version fields of the genl header. */
		{
			static const uint16_t resv[] = { 1, 0x100, 0x8000, 0xffff };
			static const uint8_t vers[] = { 0, 2, 255 };

			for (i = 0; i < ARRAY_SIZE(resv); i++) {
				r.reserved = resv[i];
				snprintf(name, sizeof(name), "%s genl reserved 0x%x", cv->name, resv[i]);
				fuzz_req(f, name, &r);
			}
			r.reserved = 0;
			for (i = 0; i < ARRAY_SIZE(vers); i++) {
				r.version = vers[i];
				snprintf(name, sizeof(name), "%s genl version %u", cv->name, vers[i]);
				fuzz_req(f, name, &r);
			}
			r.version = 0;
		}
		/* Wrong family ids. */
		{
			static const uint16_t types[] = { GENL_ID_CTRL + 0x3f00, 0xffff, NLMSG_DONE,
							  NLMSG_ERROR, NLMSG_NOOP, 0 };

			for (i = 0; i < ARRAY_SIZE(types); i++) {
				len = req_ser(f, &r, msgbuf);
				((struct nlmsghdr *)msgbuf)->nlmsg_type = types[i];
				snprintf(name, sizeof(name), "%s nlmsg_type 0x%x", cv->name, types[i]);
				fuzz_msg(f, name, msgbuf, len, NULL);
			}
		}
		/* Truncated genl header, bad nlmsg_len, trailing bytes. */
		for (i = 0; i <= GENL_HDRLEN; i++) {
			req_ser(f, &r, msgbuf);
			((struct nlmsghdr *)msgbuf)->nlmsg_len = NLMSG_HDRLEN + i;
			snprintf(name, sizeof(name), "%s genlmsghdr truncated to %u bytes", cv->name, i);
			fuzz_msg(f, name, msgbuf, NLMSG_HDRLEN + i, NULL);
		}
		{
			static const int32_t deltas[] = { 1, 4, 100, 65536 };

			for (i = 0; i < ARRAY_SIZE(deltas); i++) {
				len = req_ser(f, &r, msgbuf);
				((struct nlmsghdr *)msgbuf)->nlmsg_len = len + deltas[i];
				snprintf(name, sizeof(name), "%s nlmsg_len %d past the datagram", cv->name, deltas[i]);
				fuzz_msg(f, name, msgbuf, len, NULL);
			}
			for (i = 0; i < 16; i += 5) {
				len = req_ser(f, &r, msgbuf);
				((struct nlmsghdr *)msgbuf)->nlmsg_len = i;
				snprintf(name, sizeof(name), "%s nlmsg_len %u", cv->name, i);
				fuzz_msg(f, name, msgbuf, len, NULL);
			}
			for (i = 1; i <= 7; i++) {
				len = req_ser(f, &r, msgbuf);
				memset(msgbuf + len, 0xa5, i);
				((struct nlmsghdr *)msgbuf)->nlmsg_len = len + i;
				snprintf(name, sizeof(name), "%s %u trailing bytes", cv->name, i);
				fuzz_msg(f, name, msgbuf, len + i, NULL);
			}
			/* Datagram shorter than the header. */
			len = req_ser(f, &r, msgbuf);
			snprintf(name, sizeof(name), "%s 15-byte datagram", cv->name);
			fuzz_msg(f, name, msgbuf, 15, NULL);
		}
		/* Several messages in one datagram. */
		{
			uint32_t l1 = req_ser(f, &r, msgbuf), l2;
			struct req g = { .cmd = SOCKCTL_CMD_GET_INFO, .flags = NLM_F_REQUEST | NLM_F_ACK };

			l1 = NLMSG_ALIGN(l1);
			l2 = req_ser(f, &g, msgbuf + l1);
			snprintf(name, sizeof(name), "%s + GET_INFO in one datagram", cv->name);
			fuzz_msg(f, name, msgbuf, l1 + l2, NULL);
			l2 = req_ser(f, &r, msgbuf + l1);
			((struct nlmsghdr *)(msgbuf + l1))->nlmsg_len = l2 + 50;
			snprintf(name, sizeof(name), "%s + a second message claiming too much", cv->name);
			fuzz_msg(f, name, msgbuf, l1 + l2, NULL);
		}
		an_free(r.root);
	}
	tap_phase_end(f, NULL);
}
