// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: utilities: options, the seeded random generator, allocation, the
 * kernel log, hex dumps, errno names.
 */
#include "nlfuzz.h"

bool opt_quiet, opt_verbose, opt_kmsg, opt_probe, opt_gen;
int kmsg_fd = -1;

uint64_t rng_state;

/* splitmix64: small, fast, and fully determined by the seed. */
uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd64();
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
	return p;
}

void *xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1, s ? s : 1);

	if (!p) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
	return p;
}

void *xrealloc(void *o, size_t n)
{
	void *p = realloc(o, n ? n : 1);

	if (!p) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
	return p;
}

/* A line in the kernel log, to tell which input preceded a splat. */
void kmsg(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	if (kmsg_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "<5>nlfuzz: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (write(kmsg_fd, line, strlen(line)) < 0) {
		close(kmsg_fd);
		kmsg_fd = -1;
	}
}

void hexdump(FILE *out, const char *prefix, const uint8_t *p, size_t len,
		    size_t max)
{
	size_t i;

	for (i = 0; i < len && i < max; i += 16) {
		size_t j;

		fprintf(out, "%s%04zx:", prefix, i);
		for (j = i; j < i + 16 && j < len && j < max; j++)
			fprintf(out, " %02x", p[j]);
		fputc('\n', out);
	}
	if (len > max)
		fprintf(out, "%s... (%zu bytes in all)\n", prefix, len);
}

const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EAGAIN: return "EAGAIN";
	case ENOBUFS: return "ENOBUFS";
	case EMSGSIZE: return "EMSGSIZE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ENETDOWN: return "ENETDOWN";
	case ENETUNREACH: return "ENETUNREACH";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case 524: return "ENOTSUPP";
	default:
		snprintf(buf, sizeof(buf), "E%d", e);
		return buf;
	}
}
