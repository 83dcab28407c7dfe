// SPDX-License-Identifier: GPL-2.0
/*
 * A tcpdump expression, compiled by libpcap into the classic BPF program the
 * kernel runs on each packet (SOCKCTL_A_CAPTURE_FILTER): what tcpdump would
 * attach to its socket, for an Ethernet device.  libpcap's struct bpf_insn
 * and the kernel's struct sock_filter are the same four fields; we copy them
 * one by one rather than trust the layouts to match.
 */
#include <string.h>

#include <linux/filter.h>
#include <pcap/pcap.h>

#include "capture.h"

/*
 * Compile expr for frames of at most snaplen bytes into out (struct
 * sock_filter instructions).  Returns the number of instructions, or -1 with
 * libpcap's explanation in err.
 */
int capture_filter_compile(const char *expr, uint32_t snaplen, struct blob *out,
			   char *err, size_t errlen)
{
	struct bpf_program prog;
	pcap_t *p;
	u_int i;
	int ret = -1;

	p = pcap_open_dead(DLT_EN10MB, (int)snaplen);
	if (!p) {
		snprintf(err, errlen, "libpcap: out of memory");
		return -1;
	}
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		snprintf(err, errlen, "%s", pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	if (prog.bf_len > CAPTURE_FILTER_MAX) {
		snprintf(err, errlen, "%u instructions, more than the %d the kernel takes",
			 prog.bf_len, CAPTURE_FILTER_MAX);
		goto out;
	}
	blob_free(out);
	for (i = 0; i < prog.bf_len; i++) {
		const struct bpf_insn *in = &prog.bf_insns[i];
		struct sock_filter f = {
			.code = in->code, .jt = in->jt, .jf = in->jf, .k = in->k,
		};

		if (blob_append(out, &f, sizeof(f))) {
			snprintf(err, errlen, "the program does not fit in an attribute");
			goto out;
		}
	}
	ret = (int)prog.bf_len;
out:
	pcap_freecode(&prog);
	pcap_close(p);
	return ret;
}
