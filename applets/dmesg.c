/* SPDX-License-Identifier: ISC */
/*
 * dmesg - print the kernel log
 *
 * usage: dmesg [-r]
 * The whole ring buffer (syslog(2) SYSLOG_ACTION_READ_ALL), each line's
 * "<LEVEL>" prefix removed unless -r, as busybox does. halbox init's own
 * story is there too ("halbox: init: ...").
 * Exit: 0 ok, 100 usage, 111 syslog(2) failed.
 */
#include <stdlib.h>
#include <sys/klog.h>
#include <unistd.h>

#include "../multicall/box.h"

#define SYSLOG_ACTION_READ_ALL		3	/* syslog(2) */
#define SYSLOG_ACTION_SIZE_BUFFER	10

const char dmesg_usage[] = "dmesg [-r]\n"
	"-r  raw: keep each line's <LEVEL> prefix";

int
dmesg_main(int argc, char **argv)
{
	int raw = 0, size, n, i, end;
	char *buf;

	while (getopt_box(argc, argv, "r") != -1)	/* -r, or it exits */
		raw = 1;
	if (optind != argc)
		usage();
	if ((size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0)) < 0)
		die("syslog");
	if ((buf = malloc(size)) == NULL)
		die("malloc");
	if ((n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size)) < 0)
		die("syslog");
	for (i = 0; i < n; i = end) {
		for (end = i; end < n && buf[end++] != '\n';)
			;
		if (!raw && buf[i] == '<')	/* "<6>" at the line's start */
			while (i < end && buf[i++] != '>')
				;
		if (write(1, buf + i, end - i) < 0)
			die("write");
	}
	free(buf);
	return 0;
}
