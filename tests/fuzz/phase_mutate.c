// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: seeded random mutations of the valid corpus.
 */
#include "nlfuzz.h"

void phase_mutate(struct fz *f, uint64_t count, uint64_t seed)
{
	uint64_t k;
	char title[96];

	snprintf(title, sizeof(title), "mutations: random mutations of the valid corpus (seed %" PRIu64 ")",
		 seed);
	tap_phase_begin(f, title);
	rng_state = seed ^ 0x6d75746174650000ull;
	/* Sessions live on while the fuzzing goes on, with traffic to capture. */
	f->cap_keep = 4;
	f->cap_tick = true;
	for (k = 0; k < count && budget_left(f); k++) {
		struct req r = { .flags = NLM_F_REQUEST | NLM_F_ACK };
		char name[160];
		const char *ops[6];
		int nops = 1 + (int)rnd(4), i, set, base = (int)rnd(100);
		bool valid_only;
		uint32_t len;

		if (base < 88) {
			const struct seed *sd = &corpus[rnd((uint32_t)n_corpus)];

			if (sd->use & C_CAPTURE)
				r.cmd = SOCKCTL_CMD_CAPTURE_START;
			else
				r.cmd = (sd->use & C_SEND) && rnd(2) ? SOCKCTL_CMD_SEND : SOCKCTL_CMD_BUILD;
			r.root = an_clone(sd->root);
			snprintf(name, sizeof(name), "%s %s:", r.cmd == SOCKCTL_CMD_SEND ? "SEND" :
				 r.cmd == SOCKCTL_CMD_BUILD ? "BUILD" : "CAPTURE_START", sd->name);
		} else {
			struct req o = other_seed((int)rnd(N_OTHER_SEEDS));

			r = o;
			if (!r.root)
				r.root = top();
			snprintf(name, sizeof(name), "cmd %u%s:", r.cmd, r.flags & NLM_F_DUMP ? " dump" : "");
		}
		if (chance(3))
			r.cmd = (uint8_t)(chance(70) ? 1 + rnd(SOCKCTL_CMD_CAPTURE_STOP) : rnd(256));
		set = cmd_set(r.cmd);
		valid_only = false;
		if (set == S_NOATTR)
			set = S_PKT;
		valid_only = chance(50);
		if (valid_only)
			strncat(name, " [valid]", sizeof(name) - strlen(name) - 1);
		for (i = 0; i < nops; i++) {
			ops[i] = valid_only ? mutate_valid(r.root, set) : mutate_tree(r.root, set);
			strncat(name, " ", sizeof(name) - strlen(name) - 1);
			strncat(name, ops[i], sizeof(name) - strlen(name) - 1);
		}
		if (!valid_only && chance(3)) {
			r.flags = (uint16_t)(chance(50) ? r.flags ^ (1u << rnd(16)) : rnd(0x10000));
			strncat(name, " nlflags", sizeof(name) - strlen(name) - 1);
		}
		if (!valid_only && chance(2)) {
			r.reserved = (uint16_t)rnd(0x10000);
			strncat(name, " reserved", sizeof(name) - strlen(name) - 1);
		}
		if (an_excess(r.root, false) || an_payload(r.root) + 64 > SNDMAX) {
			an_free(r.root);
			k--;
			continue;
		}
		len = req_ser(f, &r, msgbuf);
		if (!valid_only && chance(30)) {
			int nb = 1 + (int)rnd(3);

			for (i = 0; i < nb; i++)
				len = mutate_bytes(msgbuf, len);
			((struct nlmsghdr *)msgbuf)->nlmsg_len = len;
			strncat(name, " bytes", sizeof(name) - strlen(name) - 1);
		}
		if (!valid_only && chance(2)) {
			((struct nlmsghdr *)msgbuf)->nlmsg_len = (uint32_t)(len + rnd(9) - 4);
			strncat(name, " nlmsg_len", sizeof(name) - strlen(name) - 1);
		}
		fuzz_msg(f, name, msgbuf, len, NULL);
		an_free(r.root);
		if (f->only && f->idx >= f->only)
			break;
	}
	f->cap_keep = 0;
	f->cap_tick = false;
	capture_cleanup(f, "after the mutations");
	tap_phase_end(f, NULL);
}
