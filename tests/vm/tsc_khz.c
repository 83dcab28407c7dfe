// SPDX-License-Identifier: GPL-2.0
/*
 * tsc_khz: print the host's TSC frequency in kHz, measured against
 * CLOCK_MONOTONIC_RAW.  Under TCG the guest's TSC is the host's, and
 * run.sh hands this to the guest kernel (tsc_early_khz=): a guest that
 * calibrates its TSC itself while the host is busy can get it 4 times too
 * low (its PIT and HPET windows are stretched by the host scheduler), and
 * then its clock runs 4 times too fast for the whole run, so every timeout
 * of the tests shrinks to a quarter.
 *
 * Each sample reads the clock on both sides of the TSC read and is kept
 * only if the two reads are close: a sample the scheduler interrupts is
 * taken again.  The median of five 40 ms measurements is printed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A (clock, TSC) pair read within 20 us of each other. */
static void sample(int64_t *ns, uint64_t *tsc)
{
	for (;;) {
		int64_t a = now_ns();
		uint64_t t = __rdtsc();
		int64_t b = now_ns();

		if (b - a < 20000) {
			*ns = a + (b - a) / 2;
			*tsc = t;
			return;
		}
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	struct timespec nap = { .tv_nsec = 40000000 };
	double khz[5];
	int i;

	for (i = 0; i < 5; i++) {
		int64_t n0, n1;
		uint64_t t0, t1;

		sample(&n0, &t0);
		nanosleep(&nap, NULL);
		sample(&n1, &t1);
		khz[i] = (double)(t1 - t0) * 1e6 / (double)(n1 - n0);
	}
	qsort(khz, 5, sizeof(khz[0]), cmp);
	printf("%.0f\n", khz[2]);
	return 0;
}
