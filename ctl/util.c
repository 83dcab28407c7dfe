// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers of the command-line grammar, in the style of iproute2.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sockctl.h"

/* The subcommand whose usage a mistake points at: "send" -> 'sockctl send help'. */
static const char *hint_command;

/* As iproute2's matches(): arg is a non-empty prefix of keyword. */
bool matches(const char *arg, const char *keyword)
{
	size_t len = strlen(arg);

	return len > 0 && len <= strlen(keyword) && !strncmp(arg, keyword, len);
}

void usage_hint(const char *command)
{
	hint_command = command;
}

/* Report a command-line mistake and exit with EXIT_USAGE. */
void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("sockctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (hint_command)
		fprintf(stderr, "\nTry 'sockctl %s help'.\n", hint_command);
	else
		fputs("\nTry 'sockctl help'.\n", stderr);
	exit(EXIT_USAGE);
}

/* Report a failure of the system (memory, files, terminals) and exit. */
void sys_error(const char *fmt, ...)
{
	va_list ap;

	fputs("sockctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_SYSTEM);
}
