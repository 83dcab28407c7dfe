// SPDX-License-Identifier: GPL-2.0
/*
 * bench_vcpuclock: on the host, publish how much CPU time the VM's vCPUs
 * have really had, for bench_meter in the guest to read.
 *
 *   bench_vcpuclock QEMU_PID NCPUS FILE
 *
 * The host is shared: while the VM runs, other VMs and compilers take the
 * host's CPUs for stretches of milliseconds to seconds, and the guest's
 * clock runs on meanwhile, so a rate measured with the guest's clock
 * depends on how busy the host was.  The time the vCPU threads of qemu
 * actually ran does not: packets per vCPU second is the rate the tool
 * would have had on an idle host, and vCPU ns per packet its CPU cost.
 *
 * Every millisecond this writes the sum of the vCPU threads' run time
 * (ns, from /proc/PID/task/TID/schedstat) to FILE, which the guest sees
 * through the --out share; it exits when qemu does.  The vCPU threads are
 * qemu's tasks after its main thread and its RCU thread, in creation
 * (thread id) order: qemu 7 creates those two first, then one thread per
 * vCPU when the machine is built, then I/O workers on demand.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CPUS 64

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(int argc, char **argv)
{
	int tids[4096], n = 0, ncpus, pid, out, i;
	int fds[MAX_CPUS];
	char path[256];
	struct dirent *e;
	DIR *d;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_vcpuclock QEMU_PID NCPUS FILE\n");
		return 2;
	}
	pid = atoi(argv[1]);
	ncpus = atoi(argv[2]);
	if (ncpus < 1 || ncpus > MAX_CPUS)
		return 2;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	/* Its vCPU threads exist before the guest runs its first instruction. */
	for (i = 0; i < 600; i++) {
		struct timespec ts = { 0, 50000000 };

		d = opendir(path);
		if (!d) {
			perror(path);
			return 1;
		}
		n = 0;
		while ((e = readdir(d)) && n < 4096)
			if (e->d_name[0] != '.')
				tids[n++] = atoi(e->d_name);
		closedir(d);
		if (n >= ncpus + 2)
			break;
		nanosleep(&ts, NULL);
	}
	qsort(tids, (size_t)n, sizeof(int), cmp_int);
	if (n < ncpus + 2 || tids[0] != pid) {
		fprintf(stderr, "bench_vcpuclock: qemu %d has %d threads, not main + rcu + %d vCPUs\n",
			pid, n, ncpus);
		return 1;
	}
	for (i = 0; i < ncpus; i++) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", pid, tids[2 + i]);
		fds[i] = open(path, O_RDONLY);
		if (fds[i] < 0) {
			perror(path);
			return 1;
		}
	}
	out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		perror(argv[3]);
		return 1;
	}
	for (;;) {
		struct timespec ts = { 0, 1000000 };
		unsigned long long sum = 0;
		char buf[64];
		int len;

		for (i = 0; i < ncpus; i++) {
			ssize_t r = pread(fds[i], buf, sizeof(buf) - 1, 0);

			if (r <= 0)	/* qemu is gone */
				return 0;
			buf[r] = '\0';
			sum += strtoull(buf, NULL, 10);
		}
		/* Fixed width: a reader never sees a mix of two values. */
		len = snprintf(buf, sizeof(buf), "%020llu\n", sum);
		if (pwrite(out, buf, (size_t)len, 0) != len)
			return 1;
		if (kill(pid, 0) && errno == ESRCH)
			return 0;
		nanosleep(&ts, NULL);
	}
}
