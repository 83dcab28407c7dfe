// SPDX-License-Identifier: GPL-2.0
/*
 * bench_rawsend: the user-space baselines of the benchmark, sending the
 * same bytes as sockctl as fast as one thread can.
 *
 *   bench_rawsend raw|packet -x HEX [-i DEV] -n N [-r REPS] [-b BATCH] [-p MS]
 *
 * raw     socket(AF_INET, SOCK_RAW, IPPROTO_RAW) with IP_HDRINCL: HEX is an
 *         IPv4 datagram, sent to its destination address (the kernel
 *         routes it, runs netfilter, resolves the neighbour)
 * packet  socket(AF_PACKET, SOCK_RAW, 0): HEX is an Ethernet frame, sent on
 *         DEV (dev_queue_xmit(), as sockctl's L2)
 *
 * -b 1 (default) is one sendto(2) per packet; -b B > 1 sends B packets per
 * sendmmsg(2) call.  REPS repetitions of N packets, -p MS apart (default
 * 200), so that bench_meter can tell them apart.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hex.h"

static void usage(void)
{
	fprintf(stderr, "usage: bench_rawsend raw|packet -x HEX [-i DEV] -n N [-r REPS] [-b BATCH] [-p MS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned char pkt[65536];
	const char *dev = NULL, *hex = NULL;
	long n = 0, reps = 1, batch = 1, pause_ms = 200, errors = 0;
	struct sockaddr_storage ss = {};
	socklen_t sslen;
	struct mmsghdr *msgs;
	struct iovec iov;
	bool raw;
	size_t len;
	int fd, opt, one = 1;
	long r, i;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "raw"))
		raw = true;
	else if (!strcmp(argv[1], "packet"))
		raw = false;
	else
		usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "x:i:n:r:b:p:")) != -1) {
		switch (opt) {
		case 'x': hex = optarg; break;
		case 'i': dev = optarg; break;
		case 'n': n = atol(optarg); break;
		case 'r': reps = atol(optarg); break;
		case 'b': batch = atol(optarg); break;
		case 'p': pause_ms = atol(optarg); break;
		default: usage();
		}
	}
	if (!hex || n < 1 || reps < 1 || batch < 1 || (!raw && !dev))
		usage();
	if (hex_decode(hex, pkt, sizeof(pkt), &len)) {
		fprintf(stderr, "bench_rawsend: bad hex\n");
		return 2;
	}

	if (raw) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		if (len < 20) {
			fprintf(stderr, "bench_rawsend: not an IPv4 datagram\n");
			return 2;
		}
		fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
			perror("raw socket");
			return 1;
		}
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, pkt + 16, 4);
		sslen = sizeof(*sin);
	} else {
		struct sockaddr_ll *sll = (struct sockaddr_ll *)&ss;

		/* Protocol 0: this socket receives nothing. */
		fd = socket(AF_PACKET, SOCK_RAW, 0);
		if (fd < 0) {
			perror("packet socket");
			return 1;
		}
		sll->sll_family = AF_PACKET;
		sll->sll_ifindex = (int)if_nametoindex(dev);
		sll->sll_halen = ETH_ALEN;
		memcpy(sll->sll_addr, pkt, ETH_ALEN);
		if (!sll->sll_ifindex) {
			perror(dev);
			return 1;
		}
		sslen = sizeof(*sll);
	}

	iov.iov_base = pkt;
	iov.iov_len = len;
	msgs = calloc((size_t)batch, sizeof(*msgs));
	if (!msgs)
		return 1;
	for (i = 0; i < batch; i++) {
		msgs[i].msg_hdr.msg_name = &ss;
		msgs[i].msg_hdr.msg_namelen = sslen;
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	for (r = 0; r < reps; r++) {
		long left = n;

		if (r) {
			struct timespec ts = { pause_ms / 1000, pause_ms % 1000 * 1000000L };

			nanosleep(&ts, NULL);
		}
		while (left > 0) {
			if (batch == 1) {
				if (sendto(fd, pkt, len, 0, (struct sockaddr *)&ss, sslen) < 0) {
					if (errno != ENOBUFS && errno != EAGAIN && !errors)
						perror("sendto");
					errors++;
					continue;
				}
				left--;
			} else {
				int k = (int)(left < batch ? left : batch);
				int sent = sendmmsg(fd, msgs, (unsigned int)k, 0);

				if (sent < 0) {
					if (errno != ENOBUFS && errno != EAGAIN && !errors)
						perror("sendmmsg");
					errors++;
					continue;
				}
				left -= sent;
			}
			if (errors > 1000000) {
				fprintf(stderr, "bench_rawsend: too many errors\n");
				return 1;
			}
		}
	}
	if (errors)
		fprintf(stderr, "bench_rawsend: %ld failed calls retried\n", errors);
	return 0;
}
