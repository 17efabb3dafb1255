/* SPDX-License-Identifier: ISC */
/*
 * cat - copy files to standard output
 *
 * usage: cat [FILE]...
 * No FILE or '-': standard input. For the rescue shell: /proc, /sys and
 * /etc files. No options (busybox's -n, -v... are left out).
 * Exit: 0 ok, 111 a file could not be opened or read (the others are
 * still copied).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "../multicall/box.h"

const char cat_usage[] = "cat [FILE]...";

/* 0, or -1 with errno (a failed write stops everything: stdout is gone). */
static int
copy(int fd)
{
	char buf[4096];
	ssize_t n, w, off;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (off = 0; off < n; off += w)
			if ((w = write(1, buf + off, n - off)) < 0)
				return -1;
	return n < 0 ? -1 : 0;
}

int
cat_main(int argc, char **argv)
{
	static char *only_stdin[] = { "-", NULL };
	int i, fd, rc = 0;

	getopt_box(argc, argv, "");	/* none: "-x" is named, exit 100 */
	if (optind == argc) {
		argv = only_stdin;
		optind = 0;
		argc = 1;
	}
	for (i = optind; i < argc; i++) {
		fd = strcmp(argv[i], "-") == 0 ? 0 :
		    open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || copy(fd) < 0) {
			warn("%s", argv[i]);
			rc = EXIT_SYSCALL;
		}
		if (fd > 0)
			close(fd);
	}
	return rc;
}
