// SPDX-License-Identifier: GPL-2.0
/*
 * failnth_client: the fault injection sweeps of failnth_test.sh.
 *
 *   failnth_client insmod FILE.ko   load the module under fail-nth N
 *   failnth_client list             the request sweeps, "NAME<tab>what"
 *   failnth_client sweep NAME...    requests under fail-nth N, in turn
 *
 * fail-nth (Documentation/fault-injection/fault-injection.rst): writing N
 * to /proc/thread-self/fail-nth makes the Nth fault point this thread meets
 * fail (a slab or page allocation, as failslab and fail_page_alloc allow);
 * reading it back gives 0 once that fault was injected.  A sweep arms N
 * right before one system call (finit_module(), or the sendmsg() of one
 * request), disarms it right after, for N = 1, 2, 3... until the call
 * succeeds with the counter left unspent: every fault point of that call
 * has then failed once.  failnth_test.sh sets which allocations count (the
 * failslab / fail_page_alloc debugfs attributes; by default only those with
 * sockctl.ko code on the stack).
 *
 * Each faulted call must end in success or in a clean error (-ENOMEM,
 * -ENOBUFS) with nothing left behind; after each, the family must still
 * answer GET_INFO, and after each sweep no job or capture session may be
 * left.  Once all sweeps ran, the netns must still run
 * SOCKCTL_A_INFO_MAX_JOBS jobs and SOCKCTL_A_INFO_MAX_CAPTURES sessions at
 * once (no slot leaked).  Kernel splats and leaks are caught by the VM
 * runner (console, kmemleak).
 *
 * The requests run in a netns of their own with a veth pair (net_topo.h).
 * Prints TAP comments ("# ..."; "# points: N" for each sweep) and, for
 * "sweep", one line "result NAME PASS|FAIL N" or "result NAME SKIP REASON"
 * per sweep and "result capacity PASS|FAIL 0" last.  Exit status 0 pass,
 * 1 fail, 2 setup error, 4 skip (no fail-nth).
 * FAILNTH_VERBOSE=1 prints every step.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "failnth.h"
#include "clock_now.h"
#include "pkt_desc.h"


struct tally {
	unsigned int points;
	unsigned int ok_despite_fault;	/* the fault was absorbed */
	unsigned int enomem, enobufs;
	unsigned int send_failed;	/* the netlink core refused the message */
	unsigned int lost;		/* the reply was dropped (ENOBUFS) */
};

static void print_tally(const char *name, const char *what, const struct tally *t)
{
	diag("%s (%s): %u fault points: %u succeeded despite the fault, "
	     "%u -ENOMEM, %u -ENOBUFS (%u of them sendmsg, %u a lost reply)",
	     name, what, t->points, t->ok_despite_fault, t->enomem, t->enobufs,
	     t->send_failed, t->lost);
	diag("points: %u", t->points);
}

static int sweep_request(const struct sweep *s, struct ctx *x, unsigned int *points)
{
	struct tally t = { 0 };
	struct outcome o, info;
	struct genl_client check;
	long long t0 = now_mono_ms();
	unsigned int n;
	int err;

	/* GET_INFO after each fault, from a socket of its own. */
	err = quick_open(&check);
	if (err) {
		diag("cannot open the sockctl socket: %s", strerror(-err));
		return EXIT_FAIL;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		char buf[16384];
		struct genl_client c;
		struct nlmsghdr *nlh;
		struct ids ids = { 0 };

		err = quick_open(&c);
		if (err) {
			diag("fault %u: cannot open the sockctl socket: %s", n, strerror(-err));
			return EXIT_FAIL;
		}
		if (s->setup) {
			vdiag("fault %u: setup", n);
			err = s->setup(x, &c, &ids);
			if (err) {
				diag("fault %u: the setup before the request failed: %s",
				     n, strerror(-err));
				genl_client_close(&c);
				return EXIT_FAIL;
			}
		}
		nlh = genl_client_msg(&c, buf, s->cmd, s->flags);
		if (s->put)
			s->put(x, nlh, &ids);
		vdiag("fault %u: request", n);
		run(&c, nlh, n, &o);
		vdiag("fault %u: %s, %s%s%s \"%s\"", n, o.fired ? "injected" : "not reached",
		      o.err ? strerror(-o.err) : "success",
		      o.send_failed ? " (sendmsg)" : "", o.lost ? " (reply lost)" : "",
		      o.extack);
		genl_client_close(&c);
		if (s->outlives)
			stop_all_jobs(x);

		if (o.timeout) {
			diag("fault %u: no reply within %d ms", n, REPLY_MS);
			return EXIT_FAIL;
		}
		if (!o.fired) {
			if (o.err) {
				diag("the request fails without any fault injected "
				     "(after %u points): %s, \"%s\"", n - 1,
				     strerror(-o.err), o.extack);
				return EXIT_FAIL;
			}
			t.points = n - 1;
			break;
		}
		if (o.bad_counts) {
			diag("fault %u: a capture session's counters do not add up "
			     "(MATCHED != DELIVERED + drops + QUEUED)", n);
			return EXIT_FAIL;
		}
		if (!o.err) {
			t.ok_despite_fault++;
		} else if (clean_error(o.err)) {
			if (o.err == -ENOMEM)
				t.enomem++;
			else
				t.enobufs++;
			t.send_failed += o.send_failed;
			t.lost += o.lost;
		} else {
			diag("fault %u: the request failed with %s (%d), not a clean "
			     "out-of-memory error; extack \"%s\"", n, strerror(-o.err),
			     o.err, o.extack);
			return EXIT_FAIL;
		}
		/* The family still works after each. */
		err = plain(&check, SOCKCTL_CMD_GET_INFO, 0, NULL, x, NULL, &info);
		if (err) {
			diag("after fault %u: GET_INFO fails: %s", n, strerror(-err));
			return EXIT_FAIL;
		}
	}
	genl_client_close(&check);
	if (n > MAX_POINTS) {
		diag("more than %d fault points: the sweep does not end", MAX_POINTS);
		return EXIT_FAIL;
	}
	print_tally(s->name, s->what, &t);
	*points = t.points;

	/* Whatever it started ended with its socket. */
	err = nothing_left(x, &o);
	if (err) {
		diag("after the sweep: %d jobs still running, %d sessions left (%s)",
		     o.n_running, o.n_captures, strerror(-err));
		return EXIT_FAIL;
	}
	diag("%s: %.1f s", s->name, (now_mono_ms() - t0) / 1000.0);
	return EXIT_PASS;
}

static bool module_listed(void)
{
	char line[256];
	FILE *f = fopen("/proc/modules", "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "sockctl ", 8);
	fclose(f);
	return found;
}

static int sweep_insmod(const char *path)
{
	struct tally t = { 0 };
	struct outcome info;
	unsigned int n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag("%s: %s", path, strerror(errno));
		return EXIT_SETUP;
	}
	if (module_listed()) {
		diag("sockctl is loaded: unload it first");
		return EXIT_SETUP;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		long left;
		int ret, e;

		if (failnth_set(n))
			return EXIT_SETUP;
		ret = (int)syscall(SYS_finit_module, fd, "", 0);
		e = errno;
		left = failnth_get();
		failnth_set(0);

		vdiag("fault %u: %s, %s", n, left == 0 ? "injected" : "not reached",
		      ret ? strerror(e) : "loaded");
		if (ret) {
			if (left != 0) {
				diag("insmod fails without any fault injected: %s", strerror(e));
				return EXIT_FAIL;
			}
			if (!clean_error(-e)) {
				diag("fault %u: insmod failed with %s, not a clean "
				     "out-of-memory error", n, strerror(e));
				return EXIT_FAIL;
			}
			if (e == ENOMEM)
				t.enomem++;
			else
				t.enobufs++;
			/* Nothing of the module may be left. */
			if (module_listed()) {
				diag("fault %u: init failed but sockctl is in /proc/modules", n);
				return EXIT_FAIL;
			}
			err = family_answers(&info);
			if (err != -ENOENT) {
				diag("fault %u: init failed but the family %s", n,
				     err ? strerror(-err) : "answers GET_INFO");
				return EXIT_FAIL;
			}
			continue;
		}
		err = family_answers(&info);
		if (err) {
			diag("fault %u: loaded, but GET_INFO fails: %s", n, strerror(-err));
			return EXIT_FAIL;
		}
		if (left != 0) {
			t.points = n - 1;
			break;
		}
		/* Loaded although a fault was injected: it must unload. */
		t.ok_despite_fault++;
		if (syscall(SYS_delete_module, "sockctl", O_NONBLOCK)) {
			diag("fault %u: loaded despite the fault, but rmmod fails: %s",
			     n, strerror(errno));
			return EXIT_FAIL;
		}
	}
	close(fd);
	if (n > MAX_POINTS) {
		diag("more than %d fault points: the sweep does not end", MAX_POINTS);
		return EXIT_FAIL;
	}
	print_tally("module-init", "sockctl_init() and everything it calls", &t);
	return EXIT_PASS;
}

static int usage(void)
{
	fprintf(stderr, "usage: failnth_client insmod FILE.ko | list | sweep NAME...\n");
	return EXIT_SETUP;
}

int main(int argc, char **argv)
{
	const char *where = "";
	struct genl_client c;
	struct ctx x = { 0 };
	bool failed = false;
	size_t i;
	int err;

	verbose = getenv("FAILNTH_VERBOSE") && atoi(getenv("FAILNTH_VERBOSE"));
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < n_sweeps; i++)
			printf("%s\t%s\n", sweeps[i].name, sweeps[i].what);
		return EXIT_PASS;
	}
	if (argc < 3)
		return usage();
	err = failnth_open();
	if (err) {
		diag("/proc/thread-self/fail-nth: %s (no CONFIG_FAULT_INJECTION?)",
		     strerror(-err));
		return EXIT_SKIP;
	}
	if (!strcmp(argv[1], "insmod") && argc == 3)
		return sweep_insmod(argv[2]);
	if (strcmp(argv[1], "sweep"))
		return usage();
	for (i = 2; i < (size_t)argc; i++) {
		size_t j;

		for (j = 0; j < n_sweeps; j++)
			if (!strcmp(argv[i], sweeps[j].name))
				break;
		if (j == n_sweeps) {
			diag("no sweep named %s", argv[i]);
			return usage();
		}
	}

	memset(payload, 'x', sizeof(payload));
	err = topo_setup(&x.t, &where);
	if (err) {
		diag("network setup, %s: %s", where, strerror(-err));
		return EXIT_SETUP;
	}
	err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);
	if (err) {
		diag("the sockctl family: %s", strerror(-err));
		return EXIT_SETUP;
	}
	quick_open_init(&c);
	x.has_capture = sc_has_capture_cmds(&c) > 0;

	/* One "result NAME PASS|FAIL|SKIP POINTS|REASON" line per sweep. */
	for (i = 2; i < (size_t)argc; i++) {
		const struct sweep *s = NULL;
		unsigned int points = 0;
		size_t j;
		int has;

		for (j = 0; j < n_sweeps; j++)
			if (!strcmp(argv[i], sweeps[j].name))
				s = &sweeps[j];
		has = sc_has_cmd(&c, s->cmd);
		if (has <= 0 || (s->capture && !x.has_capture)) {
			printf("result %s SKIP the module has no %s yet\n", s->name,
			       s->capture ? "capture commands" : "such command");
			continue;
		}
		err = sweep_request(s, &x, &points);
		printf("result %s %s %u\n", s->name, err ? "FAIL" : "PASS", points);
		if (err)
			failed = true;
	}
	genl_client_close(&c);
	err = capacity_check(&x);
	printf("result capacity %s 0\n", err ? "FAIL" : "PASS");
	topo_teardown(&x.t);
	return err || failed ? EXIT_FAIL : EXIT_PASS;
}
