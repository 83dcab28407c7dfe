// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: sanity, every request of the valid corpus succeeds.
 */
#include "nlfuzz.h"

void phase_sanity(struct fz *f)
{
	int i, c;

	tap_phase_begin(f, "valid corpus: BUILD and SEND of every seed, CAPTURE_START of every capture seed succeed");
	for (i = 0; i < n_corpus; i++) {
		if (corpus[i].use & C_CAPTURE) {
			struct req r = { .cmd = SOCKCTL_CMD_CAPTURE_START,
					 .flags = NLM_F_REQUEST | NLM_F_ACK, .root = corpus[i].root };
			char name[96];
			int ret;

			/* fuzz_msg() stops each session at once */
			snprintf(name, sizeof(name), "CAPTURE_START %s", corpus[i].name);
			ret = fuzz_req(f, name, &r);
			if (ret < 0)
				fail(f, "valid request refused: %s", errname(-ret));
			continue;
		}
		for (c = SOCKCTL_CMD_BUILD; c <= SOCKCTL_CMD_SEND; c++) {
			struct req r = { .cmd = (uint8_t)c, .flags = NLM_F_REQUEST | NLM_F_ACK,
					 .root = corpus[i].root };
			char name[96];
			int ret;

			if (!(corpus[i].use & (c == SOCKCTL_CMD_BUILD ? C_BUILD : C_SEND)))
				continue;
			snprintf(name, sizeof(name), "%s %s", c == SOCKCTL_CMD_BUILD ? "BUILD" : "SEND",
				 corpus[i].name);
			ret = fuzz_req(f, name, &r);
			if (ret < 0)
				fail(f, "valid request refused: %s", errname(-ret));
		}
	}
	for (i = 0; i < N_OTHER_SEEDS; i++) {
		struct req r = other_seed(i);
		char name[64];
		int ret;

		snprintf(name, sizeof(name), "seed %d cmd %u%s", i, r.cmd,
			 r.flags & NLM_F_DUMP ? " dump" : "");
		ret = fuzz_req(f, name, &r);
		if (ret < 0 && !((i == 1 || i == 3 || i == 5 || i == 7) && ret == -ENOENT))
			fail(f, "valid request refused: %s", errname(-ret));
		an_free(r.root);
	}
	tap_phase_end(f, NULL);
}
