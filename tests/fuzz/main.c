// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a generic netlink fuzzer for the sockctl family (libmnl).
 *
 * It resolves the family, then sends, for every command (GET_INFO, BUILD,
 * SEND, JOB_GET do and dump, JOB_STOP, STATS_GET, CAPTURE_START,
 * CAPTURE_GET do and dump, CAPTURE_STOP, the notifications CAPTURE_PACKETS
 * and CAPTURE_END as requests, and the unknown commands 0, 12 and 255),
 * malformed requests of every kind it can think of: every
 * attribute of every nest with bad lengths, wrong types, NLA_F_NESTED
 * toggled, duplicates, unknown types, truncated headers, lengths past the
 * message; bad nlmsghdr flags and genlmsghdr fields; then seeded random
 * mutations of a corpus of valid requests.  Each message's outcome is
 * predicted by a model of the kernel's strict attribute validation and of
 * sockctl's policies (uapi/linux/sockctl.h), and every reply is checked:
 *
 *   - a request that must fail must fail (a negative errno in the ACK);
 *   - a message the kernel must drop gets no reply;
 *   - every other message gets a clean reply within the timeout: an ACK
 *     with 0 or a negative errno, or data then an ACK, or a dump then DONE;
 *   - replies are well formed: lengths, sequence numbers, port ids, genl
 *     headers, every attribute (nested ones too) of the documented type and
 *     size, extended ACK TLVs pointing inside the request.
 *
 * Capture sessions send CAPTURE_PACKETS and CAPTURE_END notifications to
 * our socket at any time: they are recognised, checked and counted wherever
 * the socket is read (capture.c), and overruns of its receive buffer
 * (ENOBUFS) are counted, not failures.
 *
 * Anything else is a failure, printed with the message that caused it.
 * The sequence of messages depends only on the seed (-s) and the count
 * (-n): -k INDEX replays one message of a run, -g lists them all.
 *
 * By default the fuzzer runs in a network namespace of its own (unshare),
 * where it creates what SEND needs so that nothing leaves: dummy devices
 * fz0 (MTU 1500) and fz1 (MTU 65535), 10.98.0.1/24 and fd98::1/64 on fz0,
 * blackhole routes 10.99.0.0/16 and fd99::/32, an ip6tnl device and a veth
 * pair.  Every job a SEND starts is stopped at once; all jobs and capture
 * sessions are stopped at the end.  The source files: README.md.
 *
 * Needs root (CAP_NET_RAW for BUILD/SEND, CAP_SYS_ADMIN to unshare).
 * Exit status: 0 no failure, 1 failures, 2 setup error or hang.
 */
#include "nlfuzz.h"

static int replay_file(struct fz *f, const char *path)
{
	FILE *in = fopen(path, "r");
	uint8_t *buf = xmalloc(SNDMAX);
	size_t len;

	if (!in) {
		fprintf(stderr, "nlfuzz: %s: %s\n", path, strerror(errno));
		free(buf);
		return -1;
	}
	len = fread(buf, 1, SNDMAX, in);
	fclose(in);
	if (len >= NLMSG_HDRLEN)
		((struct nlmsghdr *)buf)->nlmsg_type = family_id;
	f->phase = "replay";
	fuzz_msg(f, path, buf, (uint32_t)len, NULL);
	free(buf);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: nlfuzz [-n N] [-s SEED] [-q] [-v] [-t SEC] [-k INDEX] [-x] [-K] [-P] [-d DIR]\n"
		"              [-j ROUNDS] [-c ROUNDS] [-b BYTES] [-r FILE]... [-g]\n"
		"Fuzz the sockctl generic netlink family; print TAP.\n"
		"  -n N       messages to send (default 20000)\n"
		"  -s SEED    seed of the random phase (default 1); same seed, same messages\n"
		"  -q         quiet: only TAP lines, the first failures and the summary\n"
		"  -v         print every message and its expected outcome\n"
		"  -t SEC     time to wait for a reply (default 20)\n"
		"  -k INDEX   send only message INDEX of the run (to reproduce a failure)\n"
		"  -x         stay in the current network namespace (default: new ones)\n"
		"  -K         log phases and progress to /dev/kmsg (to match kernel splats)\n"
		"  -P         after each job SEND started, check a new job can still start\n"
		"  -d DIR     save every failing message in DIR (for -r)\n"
		"  -j ROUNDS  rounds of the job race phases (default 200; 0 skips them)\n"
		"  -c ROUNDS  rounds of the capture session phases (default 100; 0 skips them)\n"
		"  -b BYTES   receive buffer of the socket (default 8 MiB; small: overruns)\n"
		"  -r FILE    send the raw message in FILE (saved by -d) and check the reply\n"
		"  -g         generate only: list every message (number, phase, name, length,\n"
		"             FNV-1a hash of its bytes) and send nothing; needs no module\n");
}

int main(int argc, char **argv)
{
	struct fz fz = { .timeout = 20, .budget = 20000, .max_fail_print = 50 };
	struct fz *f = &fz;
	uint64_t seed = 1, quota;
	bool new_netns = true;
	const char *replay[16];
	int n_replay = 0, jobs_rounds = 200, capture_rounds = 100, opt, i;
	struct utsname un;
	pthread_t wd;
	double t0;

	while ((opt = getopt(argc, argv, "n:s:qvt:k:xKd:j:c:b:r:Pgh")) != -1) {
		switch (opt) {
		case 'n': f->budget = strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'q': opt_quiet = true; break;
		case 'v': opt_verbose = true; break;
		case 't': f->timeout = atof(optarg); break;
		case 'k': f->only = strtoull(optarg, NULL, 0); break;
		case 'x': new_netns = false; break;
		case 'K': opt_kmsg = true; break;
		case 'P': opt_probe = true; break;
		case 'g': opt_gen = true; new_netns = false; break;
		case 'd': f->save_dir = optarg; break;
		case 'j': jobs_rounds = atoi(optarg); break;
		case 'c': capture_rounds = atoi(optarg); break;
		case 'b': f->rcvbuf = atoi(optarg); break;
		case 'r':
			if (n_replay < (int)ARRAY_SIZE(replay))
				replay[n_replay++] = optarg;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt_quiet)
		f->max_fail_print = 20;
	watchdog_limit = f->timeout * 6 > 120 ? f->timeout * 6 : 120;
	uname(&un);
	snprintf(kernel_release, sizeof(kernel_release), "%s", un.release);
	if (opt_kmsg)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	printf("TAP version 13\n");
	own_netns = new_netns;
	if (new_netns && unshare(CLONE_NEWNET)) {
		printf("not ok 1 setup: unshare(CLONE_NEWNET): %s (run as root, or -x)\n", strerror(errno));
		printf("1..1\n");
		return 2;
	}
	if (opt_gen) {
		/* What the setup would find, fixed: the messages depend on it. */
		family_id = GENL_MIN_ID + 16;
		f->version = SOCKCTL_FAMILY_VERSION;
		f->ifindex0 = 2;
		f->ifindex1 = 3;
		f->have_dummy = f->have_tnl = f->have_veth = true;
		f->ifindex_v0 = 5;
		f->ifindex_v1 = 6;
		msgbuf = xmalloc(SNDMAX + 4096);
		build_corpus(f);
		goto generate;
	}
	if (open_genl(f)) {
		printf("not ok 1 setup: generic netlink socket: %s\n1..1\n", strerror(errno));
		return 2;
	}
	f->seq = 1000;
	if (resolve_family(f) || !family_id) {
		printf("not ok 1 setup: generic netlink family \"%s\" not found (is sockctl.ko loaded?)\n1..1\n",
		       SOCKCTL_FAMILY_NAME);
		return 2;
	}
	msgbuf = xmalloc(SNDMAX + 4096);
	ensure_rbuf(f, MSGBUF);
	rng_state = seed;
	if (net_setup(f)) {
		printf("not ok 1 setup: dummy devices fz0/fz1 could not be created\n1..1\n");
		return 2;
	}
	pthread_create(&wd, NULL, watchdog, f);
	pthread_detach(wd);
	build_corpus(f);
	tap_result(f, "setup: family resolved, test devices and routes ready", true, NULL);
	printf("# family id %u version %u, %d seeds, kernel %s, netns %s\n", family_id, f->version,
	       n_corpus, kernel_release, new_netns ? "private" : "current");
	kmsg("start: seed %" PRIu64 ", %" PRIu64 " messages", seed, f->budget);

	if (n_replay) {
		for (i = 0; i < n_replay; i++)
			replay_file(f, replay[i]);
		tap_result(f, "replay", f->failures == 0, NULL);
		goto summary;
	}

generate:
	t0 = now_s();
	f->fixed = true;
	phase_sanity(f);
	f->fixed = false;

	/*
	 * Count the messages of the systematic phases (sampled if they would
	 * take more than half of what is left) and of the fixed ones (always
	 * sent); the random mutations get the rest of -n.
	 */
	{
		uint64_t start = f->idx, fixed_rest, n_dev;
		unsigned int c;

		f->dry = true;
		rng_state = seed ^ 0x686472;
		phase_headers(f);
		for (c = 0; c < n_cmdvars; c++)
			phase_attrs(f, &cmdvars[c]);
		f->sys_den = f->idx - start;
		phase_limits(f);
		n_dev = f->idx;
		phase_devices(f);
		n_dev = f->idx - n_dev;
		fixed_rest = f->idx - start - f->sys_den;
		f->dry = false;
		f->idx = start;
		quota = f->budget > f->gen + fixed_rest ? (f->budget - f->gen - fixed_rest) / 2 : 0;
		f->sys_num = quota < f->sys_den ? quota : f->sys_den;
		f->sys_start = start;
		f->sys = true;
		rng_state = seed ^ 0x686472;
		phase_headers(f);
		for (c = 0; c < n_cmdvars; c++)
			phase_attrs(f, &cmdvars[c]);
		f->sys = false;
		fresh_netns(f);
		f->fixed = true;
		phase_limits(f);
		f->fixed = false;
		fresh_netns(f);
		phase_mutate(f, f->budget > f->gen + n_dev ? f->budget - f->gen - n_dev : 0, seed);
		if (!f->only && jobs_rounds > 0 && !opt_gen)
			phase_jobs(f, seed, jobs_rounds);
		if (!f->only && capture_rounds > 0 && !opt_gen)
			phase_capture(f, seed, capture_rounds);
		fresh_netns(f);
		f->fixed = true;
		phase_devices(f);
		f->fixed = false;
	}

	/* Final: every job stopped, the family still answers. */
	if (!f->only && !opt_gen) {
		int running = 0;

		tap_phase_begin(f, "final: all jobs and capture sessions stopped, GET_INFO still answers");
		f->cname = "final";
		if (stop_all_jobs(f, &running))
			fail(f, "JOB_GET dump failed");
		wait_no_running(f);
		if (check_stopped_states(f) > 0)
			fail(f, "jobs changed state after JOB_STOP reported their end");
		capture_cleanup(f, "final");
		{
			struct req r = { .cmd = SOCKCTL_CMD_GET_INFO, .flags = NLM_F_REQUEST | NLM_F_ACK };

			if (aux_req(f, &r, NULL))
				fail(f, "GET_INFO does not answer");
		}
		tap_phase_end(f, NULL);
	}
	{
		double dt = now_s() - t0;

		printf("# %" PRIu64 " messages in %.1f s: %.0f messages/s\n", f->sent, dt,
		       dt > 0 ? f->sent / dt : 0);
	}
summary:
	printf("# sent %" PRIu64 ", ok %" PRIu64 ", errors by errno:", f->sent, f->ok);
	for (i = 1; i < N_ERRNO; i++)
		if (f->errs[i])
			printf(" %s %" PRIu64, errname(i), f->errs[i]);
	printf("; no reply (as predicted) %" PRIu64 ", auxiliary %" PRIu64 ", errno differing from the model %"
	       PRIu64 ", failures %" PRIu64 "\n", f->silent, f->aux, f->errno_mismatch, f->failures);
	printf("# capture: %" PRIu64 " sessions started, %" PRIu64 " stopped; notifications: %" PRIu64
	       " CAPTURE_PACKETS with %" PRIu64 " packets, %" PRIu64 " CAPTURE_END, %" PRIu64
	       " of unknown sessions; %" PRIu64 " traffic sends, socket reopened %" PRIu64 " times\n",
	       f->cap_started, f->cap_stops, f->notif_msgs, f->notif_pkts, f->notif_end, f->cap_unknown,
	       f->traffic, f->reopens);
	printf("# overruns: ENOBUFS %" PRIu64 ", replies lost to them %" PRIu64 "\n", f->enobufs,
	       f->lost);
	printf("# messages digest %016" PRIx64 " (seed %" PRIu64 ", -n %" PRIu64 ")\n", f->digest,
	       seed, f->budget);
	if (f->local_errors)
		printf("# %" PRIu64 " messages could not be sent (sendto failed)\n", f->local_errors);
	printf("1..%d\n", f->n_tap);
	kmsg("end: %" PRIu64 " sent, %" PRIu64 " failures", f->sent, f->failures);
	fflush(stdout);
	return f->tap_fail || f->failures ? 1 : 0;
}

