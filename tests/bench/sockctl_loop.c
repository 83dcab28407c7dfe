// SPDX-License-Identifier: GPL-2.0
/*
 * bench_sockctl_loop: sockctl's per-message cost.  One SOCKCTL_CMD_SEND
 * request per packet (count 1), in a loop, waiting for each reply before
 * the next request: what a program that decides packet by packet pays.
 *
 *   bench_sockctl_loop [-d DEV -m DSTMAC] -s SRC -a DST [-I ID] -l PAYLOAD_LEN
 *                      -n N [-r REPS] [-p MS] [-b B] [-c C -t TICK_US [-D SECS]]
 *
 * The description is the one the benchmark gives `sockctl send` for the
 * batched figure: with -d, L2 on DEV with Ethernet destination DSTMAC;
 * without, L3 (routing, netfilter); IPv4 from SRC to DST, UDP 9 -> 9,
 * PAYLOAD_LEN zero bytes, IPv4 ID as given (default: random per packet).
 * The kernel builds each packet (lengths and checksums computed), as in the
 * batched case.  The request is built once; only its sequence number
 * changes.  No NLM_F_ACK: the SEND reply (its counters) is the one message
 * that comes back.
 *
 * -b B (informational, not the per-request figure): B requests, still one
 * packet each, go in one send(2), and their B replies are read before the
 * next B; this takes the system calls out of the per-request cost.
 *
 * -c C -t TICK_US: the paced sender of the capture benchmark.  One request
 * of C packets (SOCKCTL_A_COUNT, sent at once by the module, no job) every
 * TICK_US microseconds on an absolute schedule (clock_nanosleep), N in
 * all: C * 1e6 / TICK_US packets per second, in bursts of C, and no CPU
 * spent between bursts; -D: stop after SECS seconds even if the schedule
 * fell behind (the rate asked for was more than the CPU could send).  (The module's own pacing, `rate`, busy-waits
 * whenever the next burst is due in less than a jiffy.)
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <net/ethernet.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "genl.h"

static void usage(void)
{
	fprintf(stderr, "usage: bench_sockctl_loop [-d DEV -m DSTMAC] -s SRC -a DST [-I ID] -l PAYLOAD_LEN -n N [-r REPS] [-p MS] [-b B] [-c C -t TICK_US [-D SECS]]\n");
	exit(2);
}

static int parse_mac(const char *s, unsigned char *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (unsigned char)b[i];
	return 0;
}

/* Check the replies in buf; count them and the failed ones. */
static void check_replies(const char *buf, size_t len, long *got, long *failed)
{
	const struct nlmsghdr *rh = (const struct nlmsghdr *)buf;
	int left = (int)len;

	for (; mnl_nlmsg_ok(rh, left); rh = mnl_nlmsg_next(rh, &left)) {
		(*got)++;
		if (rh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(rh);

			if (e->error && !(*failed)++)
				fprintf(stderr, "bench_sockctl_loop: SEND failed: %s\n",
					strerror(-e->error));
		}
	}
}

int main(int argc, char **argv)
{
	static char req[1 << 20], reply[1 << 16];
	static unsigned char payload[65536];
	const char *dev = NULL, *mac = NULL, *src = NULL, *dst = NULL;
	long n = 0, reps = 1, pause_ms = 200, plen = -1, batch = 1, id = -1;
	long count = 1, tick_us = 0;
	double deadline = 0;
	struct timespec next, start;
	long r, i, failed = 0;
	unsigned char dmac[ETH_ALEN];
	struct in_addr sa, da;
	struct bench_genl g;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	size_t msglen;
	int opt, err, fd;

	while ((opt = getopt(argc, argv, "d:m:s:a:I:l:n:r:p:b:c:t:D:")) != -1) {
		switch (opt) {
		case 'd': dev = optarg; break;
		case 'm': mac = optarg; break;
		case 's': src = optarg; break;
		case 'a': dst = optarg; break;
		case 'I': id = atol(optarg); break;
		case 'l': plen = atol(optarg); break;
		case 'n': n = atol(optarg); break;
		case 'r': reps = atol(optarg); break;
		case 'p': pause_ms = atol(optarg); break;
		case 'b': batch = atol(optarg); break;
		case 'c': count = atol(optarg); break;
		case 't': tick_us = atol(optarg); break;
		case 'D': deadline = atof(optarg); break;
		default: usage();
		}
	}
	if (!src || !dst || plen < 0 || plen > 65000 || n < 1 || reps < 1 ||
	    batch < 1 || id > 65535 || !dev != !mac || count < 1 || count > 1024 ||
	    (tick_us && batch > 1) || tick_us < 0 ||
	    inet_pton(AF_INET, src, &sa) != 1 || inet_pton(AF_INET, dst, &da) != 1 ||
	    (mac && parse_mac(mac, dmac)))
		usage();

	err = bench_genl_open(&g);
	if (err) {
		fprintf(stderr, "bench_sockctl_loop: sockctl family: %s\n", strerror(-err));
		return 3;
	}
	fd = mnl_socket_get_fd(g.nl);
	if (batch > 1) {
		/* Room for the replies of a whole batch. */
		int rcvbuf = 8 << 20;

		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	}

	nlh = bench_genl_msg(&g, req, g.family, SOCKCTL_CMD_SEND, g.version, 0);
	if (dev) {
		mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, dev);
		mnl_attr_put_u8(nlh, SOCKCTL_A_INJECT, SOCKCTL_INJECT_L2);
		nest = mnl_attr_nest_start(nlh, SOCKCTL_A_ETH);
		mnl_attr_put(nlh, SOCKCTL_A_ETH_DST, ETH_ALEN, dmac);
		mnl_attr_nest_end(nlh, nest);
	} else {
		mnl_attr_put_u8(nlh, SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3);
	}
	nest = mnl_attr_nest_start(nlh, SOCKCTL_A_IPV4);
	mnl_attr_put(nlh, SOCKCTL_A_IPV4_SADDR, 4, &sa);
	mnl_attr_put(nlh, SOCKCTL_A_IPV4_DADDR, 4, &da);
	if (id >= 0)
		mnl_attr_put_u16(nlh, SOCKCTL_A_IPV4_ID, (uint16_t)id);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, SOCKCTL_A_UDP);
	mnl_attr_put_u16(nlh, SOCKCTL_A_UDP_SPORT, 9);
	mnl_attr_put_u16(nlh, SOCKCTL_A_UDP_DPORT, 9);
	mnl_attr_nest_end(nlh, nest);
	if (plen)
		mnl_attr_put(nlh, SOCKCTL_A_PAYLOAD, (size_t)plen, payload);
	if (count > 1)
		mnl_attr_put_u32(nlh, SOCKCTL_A_COUNT, (uint32_t)count);
	msglen = nlh->nlmsg_len;
	if ((size_t)batch * msglen > sizeof(req)) {
		fprintf(stderr, "bench_sockctl_loop: -b %ld: too many requests for one send\n", batch);
		return 2;
	}
	/* Copies of the request, back to back, for -b. */
	for (i = 1; i < batch; i++)
		memcpy(req + (size_t)i * msglen, req, msglen);

	for (r = 0; r < reps; r++) {
		if (r)
			usleep((useconds_t)pause_ms * 1000);
		clock_gettime(CLOCK_MONOTONIC, &next);
		start = next;
		for (i = 0; i < n; i += batch * count) {
			long k = (n - i + count - 1) / count, j, got = 0;

			if (k > batch)
				k = batch;
			if (tick_us) {
				next.tv_nsec += tick_us * 1000;
				while (next.tv_nsec >= 1000000000L) {
					next.tv_nsec -= 1000000000L;
					next.tv_sec++;
				}
				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
				if (deadline > 0) {
					struct timespec now;

					clock_gettime(CLOCK_MONOTONIC, &now);
					if ((double)(now.tv_sec - start.tv_sec) +
					    (double)(now.tv_nsec - start.tv_nsec) / 1e9 > deadline)
						break;
				}
			}

			for (j = 0; j < k; j++)
				((struct nlmsghdr *)(req + (size_t)j * msglen))->nlmsg_seq = ++g.seq;
			if (send(fd, req, (size_t)k * msglen, 0) < 0) {
				perror("send");
				return 4;
			}
			while (got < k) {
				ssize_t len = recv(fd, reply, sizeof(reply), 0);

				if (len < (ssize_t)sizeof(struct nlmsghdr)) {
					perror("recv");
					return 4;
				}
				check_replies(reply, (size_t)len, &got, &failed);
			}
			if (failed > 100)
				return 2;
		}
	}
	mnl_socket_close(g.nl);
	return failed ? 2 : 0;
}
