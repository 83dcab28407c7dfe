// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: classic BPF programs for SOCKCTL_A_CAPTURE_FILTER: a few fixed
 * ones (what tcpdump -dd makes of simple expressions), random programs the
 * kernel's checker (bpf_check_classic()) must accept, and programs broken
 * in one of the ways it must refuse (-EINVAL).
 */
#include "nlfuzz.h"

#define INSN(c, t, f, kk)	{ .code = (c), .jt = (t), .jf = (f), .k = (kk) }

/* ret #65535 */
const struct sock_filter bpf_ret_all[1] = {
	INSN(BPF_RET | BPF_K, 0, 0, 65535),
};

/* ip and udp */
const struct sock_filter bpf_ip_udp[6] = {
	INSN(BPF_LD | BPF_H | BPF_ABS, 0, 0, 12),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0x0800),
	INSN(BPF_LD | BPF_B | BPF_ABS, 0, 0, 23),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 17),
	INSN(BPF_RET | BPF_K, 0, 0, 262144),
	INSN(BPF_RET | BPF_K, 0, 0, 0),
};

/* ip and udp dst port 9 (not a later fragment) */
const struct sock_filter bpf_udp_port9[11] = {
	INSN(BPF_LD | BPF_H | BPF_ABS, 0, 0, 12),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 8, 0x0800),
	INSN(BPF_LD | BPF_B | BPF_ABS, 0, 0, 23),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 6, 17),
	INSN(BPF_LD | BPF_H | BPF_ABS, 0, 0, 20),
	INSN(BPF_JMP | BPF_JSET | BPF_K, 4, 0, 0x1fff),
	INSN(BPF_LDX | BPF_B | BPF_MSH, 0, 0, 14),
	INSN(BPF_LD | BPF_H | BPF_IND, 0, 0, 16),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 9),
	INSN(BPF_RET | BPF_K, 0, 0, 262144),
	INSN(BPF_RET | BPF_K, 0, 0, 0),
};

/* ICMP over IPv4 (by the ancillary protocol), its first 96 bytes */
const struct sock_filter bpf_icmp[6] = {
	INSN(BPF_LD | BPF_W | BPF_ABS, 0, 0, (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0x0800),
	INSN(BPF_LD | BPF_B | BPF_ABS, 0, 0, 23),
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 1),
	INSN(BPF_RET | BPF_K, 0, 0, 96),
	INSN(BPF_RET | BPF_K, 0, 0, 0),
};

struct an *bpf_attr(const struct sock_filter *prog, uint32_t n)
{
	return an_leaf(SOCKCTL_A_CAPTURE_FILTER, prog, n * (uint32_t)sizeof(*prog));
}

static const uint32_t anc[] = {
	SKF_AD_PROTOCOL, SKF_AD_PKTTYPE, SKF_AD_IFINDEX, SKF_AD_MARK, SKF_AD_QUEUE,
	SKF_AD_HATYPE, SKF_AD_RXHASH, SKF_AD_CPU, SKF_AD_VLAN_TAG, SKF_AD_VLAN_TAG_PRESENT,
	SKF_AD_PAY_OFFSET, SKF_AD_RANDOM, SKF_AD_VLAN_TPID, SKF_AD_NLATTR, SKF_AD_NLATTR_NEST,
	SKF_AD_ALU_XOR_X,
};

static const uint32_t keeps[] = { 0, 1, 14, 42, 64, 96, 1500, 65535, 262144, 0xffffffffu };

static uint16_t size_bits(void)
{
	static const uint16_t s[] = { BPF_W, BPF_H, BPF_B };

	return s[rnd(3)];
}

/*
 * A random program the checker accepts: forward jumps inside it, no
 * division by a constant 0, shifts below 32, scratch memory written (before
 * any jump, so on every path) before it is read, a RET at the end.
 * Returns its instructions (at least 1, at most @max_insns).
 */
uint32_t bpf_valid(uint8_t *buf, uint32_t max_insns)
{
	struct sock_filter *p = (struct sock_filter *)buf, in;
	uint32_t n, pc, lim = max_insns < 48 ? max_insns : 48;
	uint16_t stored = 0;
	bool jumped = false;

	n = 1 + rnd(lim);
	for (pc = 0; pc + 1 < n; pc++) {
		uint32_t room = n - pc - 1;	/* instructions after this one */

		memset(&in, 0, sizeof(in));
		switch (rnd(12)) {
		case 0:
			in.code = BPF_LD | size_bits() | BPF_ABS;
			in.k = rnd(80);
			break;
		case 1:
			in.code = BPF_LD | size_bits() | BPF_IND;
			in.k = rnd(48);
			break;
		case 2:
			in.code = BPF_LDX | BPF_B | BPF_MSH;
			in.k = 14 + rnd(4);
			break;
		case 3:
			in.code = (chance(50) ? BPF_LD : BPF_LDX) | (chance(50) ? BPF_IMM : BPF_LEN) | BPF_W;
			in.k = (uint32_t)interesting[rnd(n_interesting)];
			break;
		case 4: {
			static const uint16_t ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,
							BPF_AND, BPF_LSH, BPF_RSH, BPF_MOD, BPF_XOR };
			uint16_t op = ops[rnd(ARRAY_SIZE(ops))];

			if (chance(30)) {
				in.code = BPF_ALU | op | BPF_X;
			} else {
				in.code = BPF_ALU | op | BPF_K;
				in.k = (uint32_t)rnd64();
				if (op == BPF_LSH || op == BPF_RSH)
					in.k %= 32;
				if ((op == BPF_DIV || op == BPF_MOD) && !in.k)
					in.k = 1;
			}
			if (chance(5))
				in.code = BPF_ALU | BPF_NEG, in.k = 0;
			break;
		}
		case 5:
		case 6: {
			static const uint16_t ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };

			if (!room)
				goto ret;
			if (chance(10)) {
				in.code = BPF_JMP | BPF_JA;
				in.k = rnd(room);
			} else {
				in.code = BPF_JMP | ops[rnd(4)] | (chance(20) ? BPF_X : BPF_K);
				in.k = (uint32_t)interesting[rnd(n_interesting)];
				in.jt = (uint8_t)rnd(room < 256 ? room : 256);
				in.jf = (uint8_t)rnd(room < 256 ? room : 256);
			}
			jumped = true;
			break;
		}
		case 7:
			if (jumped)
				goto misc;
			in.code = chance(50) ? BPF_ST : BPF_STX;
			in.k = rnd(BPF_MEMWORDS);
			stored |= (uint16_t)(1u << in.k);
			break;
		case 8:
			if (!stored)
				goto misc;
			do
				in.k = rnd(BPF_MEMWORDS);
			while (!(stored & (1u << in.k)));
			in.code = (chance(50) ? BPF_LD : BPF_LDX) | BPF_W | BPF_MEM;
			break;
		case 9:
			in.code = BPF_LD | BPF_W | BPF_ABS;
			in.k = (uint32_t)SKF_AD_OFF + anc[rnd(ARRAY_SIZE(anc))];
			break;
		case 10:
ret:
			in.code = BPF_RET | (chance(30) ? BPF_A : BPF_K);
			in.k = keeps[rnd(ARRAY_SIZE(keeps))];
			break;
		default:
misc:
			in.code = BPF_MISC | (chance(50) ? BPF_TAX : BPF_TXA);
			break;
		}
		p[pc] = in;
	}
	memset(&in, 0, sizeof(in));
	in.code = BPF_RET | (chance(20) ? BPF_A : BPF_K);
	in.k = keeps[rnd(ARRAY_SIZE(keeps))];
	p[n - 1] = in;
	return n;
}

/* A valid program broken in one way bpf_check_classic() refuses. */
uint32_t bpf_mangled(uint8_t *buf, uint32_t max_insns)
{
	struct sock_filter *p = (struct sock_filter *)buf;
	uint32_t n = bpf_valid(buf, max_insns > 1 ? max_insns - 1 : 1), pc = rnd(n);

	switch (rnd(9)) {
	case 0:		/* a jump past the end */
		p[pc].code = BPF_JMP | BPF_JEQ | BPF_K;
		p[pc].jt = (uint8_t)(n - pc - 1 + rnd(4));
		p[pc].jf = 0;
		if (pc + 1 == n)
			p[n++] = (struct sock_filter)INSN(BPF_RET | BPF_K, 0, 0, 0);
		break;
	case 1:		/* BPF_JA past the end */
		p[pc].code = BPF_JMP | BPF_JA;
		p[pc].k = n - pc - 1 + rnd(1000);
		if (pc + 1 == n)
			p[n++] = (struct sock_filter)INSN(BPF_RET | BPF_K, 0, 0, 0);
		break;
	case 2:		/* an opcode that does not exist */
		p[pc].code = chance(50) ? 0xffff : (uint16_t)(0x0100 | rnd(0xff00));
		break;
	case 3:		/* division (or modulo) by a constant 0 */
		p[pc].code = BPF_ALU | (chance(50) ? BPF_DIV : BPF_MOD) | BPF_K;
		p[pc].k = 0;
		if (pc + 1 == n)
			p[n++] = (struct sock_filter)INSN(BPF_RET | BPF_K, 0, 0, 0);
		break;
	case 4:		/* no RET at the end */
		p[n - 1].code = BPF_LD | BPF_W | BPF_IMM;
		break;
	case 5:		/* a shift by 32 or more */
		p[pc].code = BPF_ALU | (chance(50) ? BPF_LSH : BPF_RSH) | BPF_K;
		p[pc].k = 32 + rnd(100);
		if (pc + 1 == n)
			p[n++] = (struct sock_filter)INSN(BPF_RET | BPF_K, 0, 0, 0);
		break;
	case 6:		/* scratch memory read before any write */
		memmove(&p[1], &p[0], n * sizeof(*p));
		p[0] = (struct sock_filter)INSN(BPF_LD | BPF_W | BPF_MEM, 0, 0, rnd(BPF_MEMWORDS));
		n++;
		break;
	case 7:		/* scratch memory out of range */
		p[pc].code = chance(50) ? BPF_ST : BPF_LD | BPF_W | BPF_MEM;
		p[pc].k = BPF_MEMWORDS + rnd(1000);
		if (pc + 1 == n)
			p[n++] = (struct sock_filter)INSN(BPF_RET | BPF_K, 0, 0, 0);
		break;
	default:	/* an ancillary load that does not exist */
		p[pc].code = BPF_LD | BPF_W | BPF_ABS;
		p[pc].k = (uint32_t)SKF_AD_OFF + SKF_AD_MAX + 4 * rnd(16);
		if (pc + 1 == n)
			p[n++] = (struct sock_filter)INSN(BPF_RET | BPF_K, 0, 0, 0);
		break;
	}
	return n;
}
