// SPDX-License-Identifier: GPL-2.0
/*
 * bench_meter: run a packet generator and measure it at the sink.
 *
 *   bench_meter -i DEV -n N [-r REPS] [-T MS] [-t SECS] [-k] [-H FILE] -- CMD...
 *
 * Every tool of the benchmark is measured the same way, whatever it is (a
 * kernel thread, a job on a workqueue, a user-space loop, Python): this
 * program forks CMD and samples, every -T milliseconds (default 5), the
 * transmit counter of the sink device DEV (/sys/class/net/DEV/statistics/
 * tx_packets) and the idle time of the machine (/proc/uptime).  CMD sends
 * REPS repetitions of N packets each, back to back or with pauses, in one
 * process.  Repetition k starts at the last sample where the counter still
 * read base + (k-1)*N and ends at the first sample where it reached
 * base + k*N, so the start-up of CMD (exec, dynamic linking, Python
 * imports, building the packet) and its exit are not counted.
 *
 * CPU: busy time = window x CPUs - idle time over the window.  With one vCPU and
 * nothing else running it is the CPU time of everything the tool made the
 * machine do (its process, kernel threads, softirqs, the sink), which is
 * what we want to compare; divided by the packets it is "CPU ns per packet".
 * The meter's own sampling is in it too (a few us every -T ms, the same
 * for every tool).
 *
 * -H FILE: the host's count of the time the VM's vCPUs really ran
 * (bench_vcpuclock writes it there, through the --out share), read at
 * every sample too.  Over a window it gives vcpu_pps (packets per second
 * the vCPUs actually had) and vcpu_ns_per_pkt: figures that do not depend
 * on how busy the shared host was.
 *
 * Output, one line per repetition:
 *   rep=K packets=P seconds=S pps=X cpu_ns_per_pkt=C busy=B
 *   [vcpu_seconds=V vcpu_pps=Y vcpu_ns_per_pkt=Z]
 * then "bytes_per_pkt=..." (the sink's byte counter over the whole run)
 * and "child_exit=..." (CMD's exit status).  -k kills CMD (SIGINT, then
 * SIGKILL) once the last repetition is complete, for tools that do not stop
 * by themselves; -t SECS kills it after SECS seconds in any case.
 * A repetition CMD did not complete is printed with "incomplete=1" and the
 * packets it did send.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct sample {
	double t;		/* CLOCK_MONOTONIC, seconds */
	double idle;		/* /proc/uptime idle seconds */
	uint64_t pkts;
	uint64_t vcpu_ns;	/* -H: host ns the vCPUs ran */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_at0(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static uint64_t read_u64(int fd)
{
	char buf[64];

	if (read_at0(fd, buf, sizeof(buf)))
		return 0;
	return strtoull(buf, NULL, 10);
}

static double read_idle(int fd)
{
	char buf[128];
	double up, idle;

	if (read_at0(fd, buf, sizeof(buf)) || sscanf(buf, "%lf %lf", &up, &idle) != 2)
		return 0;
	return idle;
}

static uint64_t read_vcpu(int fd, uint64_t prev)
{
	char buf[64];
	uint64_t v;

	if (fd < 0 || read_at0(fd, buf, sizeof(buf)))
		return prev;
	v = strtoull(buf, NULL, 10);
	return v >= prev ? v : prev;	/* a torn or stale read: keep the last */
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_meter -i DEV -n N [-r REPS] [-T MS] [-t SECS] [-k] [-H FILE] -- CMD...\n");
	exit(2);
}

static int open_stat(const char *dev, const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", dev, name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *vcpu_file = NULL;
	uint64_t vcpu_last = 0;
	int vcpu_fd = -1, cur_rep = 1;
	bool vcpu_due = false;
	uint64_t n = 0, base, final_pkts, bytes0, bytes1;
	int reps = 1, interval_ms = 5, opt, pkt_fd, byte_fd, up_fd, status = 0;
	double limit = 0, t0, ncpu = (double)sysconf(_SC_NPROCESSORS_ONLN);
	bool kill_done = false, exited = false, killed = false;
	struct sample *s;
	size_t ns = 0, cap = 1 << 16;
	pid_t pid;
	int rep;

	while ((opt = getopt(argc, argv, "+i:n:r:T:t:kH:")) != -1) {
		switch (opt) {
		case 'H': vcpu_file = optarg; break;
		case 'i': dev = optarg; break;
		case 'n': n = strtoull(optarg, NULL, 0); break;
		case 'r': reps = atoi(optarg); break;
		case 'T': interval_ms = atoi(optarg); break;
		case 't': limit = atof(optarg); break;
		case 'k': kill_done = true; break;
		default: usage();
		}
	}
	if (!dev || !n || reps < 1 || interval_ms < 1 || optind >= argc)
		usage();

	pkt_fd = open_stat(dev, "tx_packets");
	byte_fd = open_stat(dev, "tx_bytes");
	up_fd = open("/proc/uptime", O_RDONLY);
	if (up_fd < 0) {
		perror("/proc/uptime");
		return 2;
	}
	if (vcpu_file) {
		vcpu_fd = open(vcpu_file, O_RDONLY);
		if (vcpu_fd < 0)
			perror(vcpu_file);	/* then without */
	}
	s = malloc(cap * sizeof(*s));
	if (!s)
		return 2;

	base = read_u64(pkt_fd);
	bytes0 = read_u64(byte_fd);
	t0 = now_s();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (!pid) {
		close(pkt_fd);
		close(byte_fd);
		close(up_fd);
		if (vcpu_fd >= 0)
			close(vcpu_fd);
		execvp(argv[optind], &argv[optind]);
		perror(argv[optind]);
		_exit(127);
	}

	for (;;) {
		struct timespec ts = { 0, interval_ms * 1000000L };
		struct sample x;

		x.t = now_s();
		x.idle = read_idle(up_fd);
		x.pkts = read_u64(pkt_fd);
		/*
		 * The vCPU clock is a file on the host: a 9p round trip, which
		 * costs the guest far more than the two local reads.  Read only
		 * outside repetitions and at their ends, where windows start
		 * and stop; inside one, the last value read stands in.
		 */
		while (cur_rep <= reps && x.pkts >= base + n * (uint64_t)cur_rep)
			cur_rep++, vcpu_due = true;
		if (vcpu_due || exited || cur_rep > reps ||
		    x.pkts <= base + n * (uint64_t)(cur_rep - 1))
			vcpu_last = read_vcpu(vcpu_fd, vcpu_last);
		vcpu_due = false;
		x.vcpu_ns = vcpu_last;
		if (ns == cap) {
			cap *= 2;
			s = realloc(s, cap * sizeof(*s));
			if (!s)
				return 2;
		}
		s[ns++] = x;
		if (exited)
			break;
		if (x.pkts >= base + n * (uint64_t)reps && kill_done && !killed) {
			kill(pid, SIGINT);
			killed = true;
		}
		if (limit > 0 && x.t - t0 > limit && !killed) {
			fprintf(stderr, "bench_meter: %s still running after %.0f s, killed\n",
				argv[optind], limit);
			kill(pid, SIGINT);
			killed = true;
		}
		if (killed && x.t - t0 > limit + 5 && limit > 0)
			kill(pid, SIGKILL);
		nanosleep(&ts, NULL);
		if (waitpid(pid, &status, WNOHANG) == pid)
			exited = true;	/* one last sample, then stop */
	}
	final_pkts = s[ns - 1].pkts;
	bytes1 = read_u64(byte_fd);

	for (rep = 1; rep <= reps; rep++) {
		uint64_t lo = base + (uint64_t)(rep - 1) * n, hi = lo + n;
		size_t i, a = SIZE_MAX, b = SIZE_MAX;
		double secs, busy;
		uint64_t pk;

		if (final_pkts <= lo) {
			printf("rep=%d packets=0 incomplete=1\n", rep);
			continue;
		}
		for (i = 0; i < ns; i++) {
			if (s[i].pkts <= lo)
				a = i;
			if (s[i].pkts >= hi) {
				b = i;
				break;
			}
		}
		if (a == SIZE_MAX)
			a = 0;
		if (b == SIZE_MAX)
			b = ns - 1;
		pk = s[b].pkts - s[a].pkts;
		/* Only this repetition's packets, if the next one started already. */
		if (pk > n)
			pk = n;
		secs = s[b].t - s[a].t;
		busy = ncpu * secs - (s[b].idle - s[a].idle);
		if (busy < 0)
			busy = 0;
		printf("rep=%d packets=%llu seconds=%.6f pps=%.1f cpu_ns_per_pkt=%.1f busy=%.3f",
		       rep, (unsigned long long)pk, secs, secs > 0 ? (double)pk / secs : 0,
		       pk ? busy * 1e9 / (double)pk : 0, secs > 0 ? busy / secs / ncpu : 0);
		if (vcpu_fd >= 0 && s[b].vcpu_ns > s[a].vcpu_ns) {
			double v = (double)(s[b].vcpu_ns - s[a].vcpu_ns);

			printf(" vcpu_seconds=%.6f vcpu_pps=%.1f vcpu_ns_per_pkt=%.1f",
			       v / 1e9, (double)pk * 1e9 / v, pk ? v / (double)pk : 0);
		}
		printf("%s\n", s[b].pkts < hi ? " incomplete=1" : "");
	}
	if (final_pkts > base)
		printf("bytes_per_pkt=%.1f\n",
		       (double)(bytes1 - bytes0) / (double)(final_pkts - base));
	if (WIFEXITED(status))
		printf("child_exit=%d\n", WEXITSTATUS(status));
	else
		printf("child_exit=signal%d\n", WTERMSIG(status));
	/* Killed by us after the last repetition: that is success. */
	if (killed && final_pkts >= base + n * (uint64_t)reps)
		return 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
