// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: reporting: TAP phases and results, failures (with the request, saved
 * with -d), and the watchdog that reports a hang.
 */
#include "nlfuzz.h"

/* sendto() of a request, and a whole exchange (its replies too), in progress */
volatile double watchdog_deadline, watchdog_exchange;
volatile uint64_t watchdog_idx;
double watchdog_limit = 120;

void *watchdog(void *arg)
{
	struct fz *f = arg;

	for (;;) {
		double d = watchdog_deadline, x = watchdog_exchange;

		sleep(1);
		if ((d > 0 && d == watchdog_deadline && now_s() > d) ||
		    (x > 0 && x == watchdog_exchange && now_s() > x)) {
			fprintf(stdout, "not ok %d hang: message #%" PRIu64 " (%s) not answered in %.0f s\n",
				f->n_tap + 1, (uint64_t)watchdog_idx, f->cname ? f->cname : "?",
				watchdog_limit);
			if (f->cmsg)
				hexdump(stdout, "# ", f->cmsg, f->clen, 512);
			fflush(stdout);
			kmsg("HANG at message #%" PRIu64 " (%s)", (uint64_t)watchdog_idx,
			     f->cname ? f->cname : "?");
			_exit(2);
		}
	}
	return NULL;
}

static void save_msg(struct fz *f, const char *tag)
{
	char path[512];
	FILE *o;

	if (!f->save_dir || !f->cmsg)
		return;
	mkdir(f->save_dir, 0755);
	snprintf(path, sizeof(path), "%s/%s-%" PRIu64 ".bin", f->save_dir, tag, f->cidx);
	o = fopen(path, "w");
	if (!o)
		return;
	fwrite(f->cmsg, 1, f->clen, o);
	fclose(o);
}

void fail(struct fz *f, const char *fmt, ...)
{
	va_list ap;

	f->failures++;
	f->phase_fail++;
	if (f->failures > f->max_fail_print)
		return;
	printf("# FAIL #%" PRIu64 " [%s] %s: ", f->cidx, f->phase ? f->phase : "-",
	       f->cname ? f->cname : "-");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (f->cmsg) {
		printf("#   request (%u bytes):\n", f->clen);
		hexdump(stdout, "#   ", f->cmsg, f->clen, 256);
	}
	fflush(stdout);
	kmsg("FAIL at message #%" PRIu64 " (%s)", f->cidx, f->cname ? f->cname : "-");
	save_msg(f, "fail");
}

void tap_phase_begin(struct fz *f, const char *name)
{
	if (f->dry)
		return;
	f->phase = name;
	f->phase_fail = 0;
	f->phase_sent = 0;
	f->phase_t0 = now_s();
	kmsg("phase %s from message #%" PRIu64, name, f->idx + 1);
	if (opt_verbose)
		printf("# phase %s\n", name);
}

void tap_phase_end(struct fz *f, const char *extra)
{
	if (f->dry)
		return;
	f->n_tap++;
	if (f->phase_fail) {
		f->tap_fail++;
		printf("not ok %d %s (%" PRIu64 " messages, %" PRIu64 " failures)%s\n",
		       f->n_tap, f->phase, f->phase_sent, f->phase_fail, extra ? extra : "");
	} else {
		printf("ok %d %s (%" PRIu64 " messages)%s\n", f->n_tap, f->phase,
		       f->phase_sent, extra ? extra : "");
	}
	if (!opt_quiet)
		printf("#   in %.1f s\n", now_s() - f->phase_t0);
	fflush(stdout);
}

void tap_result(struct fz *f, const char *name, bool ok, const char *skip)
{
	f->n_tap++;
	if (skip)
		printf("ok %d %s # SKIP %s\n", f->n_tap, name, skip);
	else if (ok)
		printf("ok %d %s\n", f->n_tap, name);
	else {
		f->tap_fail++;
		printf("not ok %d %s\n", f->n_tap, name);
	}
	fflush(stdout);
}
