/* SPDX-License-Identifier: ISC */
/*
 * main.c - the multicall dispatcher. The applet is named by the basename
 * of argv[0] (/init, /bin/mknod) or, failing that, by argv[1]
 * ("halbox mknod ..."). The applet table is in applets.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"

#define HALBOX_USAGE \
	"halbox APPLET [ARG...]\n" \
	"       halbox --list | --version\n" \
	"       halbox --install [-s] [-f] DIR"

#ifndef HALBOX_VERSION		/* the Makefile's VERSION */
#define HALBOX_VERSION "unknown"
#endif
/* busybox's first line of --help names the build; so does --version */
#define HALBOX_ID	"halbox " HALBOX_VERSION " multi-call binary"

/*
 * --install [-s] [-f] DIR: one link per applet, pointing at this binary.
 * A name already in DIR is left alone and named (it may be the system's
 * sh or mount), unless -f; a link to this binary already is kept quietly.
 */
static int
install(int argc, char **argv)
{
	char target[4096], path[4096];
	struct stat self, st;
	int opt, sym = 0, force = 0, rc = 0;
	ssize_t n;
	size_t i;

	while ((opt = getopt_box(argc, argv, "sf")) != -1)
		if (opt == 's')
			sym = 1;
		else
			force = 1;
	if (argc != optind + 1)
		usage();
	if ((n = readlink("/proc/self/exe", target, sizeof target - 1)) < 0 ||
	    stat(target, &self) < 0)
		die("/proc/self/exe");
	target[n] = '\0';
	for (i = 0; i < napplets; i++) {
		snprintf(path, sizeof path, "%s/%s", argv[optind],
		    applets[i].name);
		if (lstat(path, &st) == 0 && !force) {
			if (stat(path, &st) < 0 || st.st_dev != self.st_dev ||
			    st.st_ino != self.st_ino)
				warnx("%s exists: skipped (-f replaces it)",
				    path);
			continue;
		}
		if (force && unlink(path) == -1 && errno != ENOENT) {
			warn("unlink %s", path);
			rc = EXIT_SYSCALL;
			continue;
		}
		if ((sym ? symlink(target, path) : link(target, path)) == -1) {
			warn("%s %s", sym ? "symlink" : "link", path);
			rc = EXIT_SYSCALL;
		}
	}
	return rc;
}

int
main(int argc, char **argv)
{
	const struct applet *a = argc > 0 ? applet_find(argv[0]) : NULL;
	size_t i;

	progusage = HALBOX_USAGE;
	/*
	 * As PID 1 the arguments are the kernel's: the words of its command
	 * line it did not know (kernel-parameters.rst), "--help" included, and
	 * PID 1 exiting panics the kernel. So halbox's own options are not
	 * taken there, and a name that is no applet starts init.
	 */
	if (a == NULL && argc > 1 && getpid() != 1) {
		if (strcmp(argv[1], "--list") == 0) {
			for (i = 0; i < napplets; i++)
				printf("%s\n", applets[i].name);
			return 0;
		}
		if (strcmp(argv[1], "--install") == 0)
			return install(argc - 1, argv + 1);
		if (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "--version") == 0) {
			printf("%s\n", HALBOX_ID);
			if (argv[1][2] == 'h')
				printf("usage: %s\n", HALBOX_USAGE);
			return 0;
		}
	}
	if (a == NULL) {
		if (argc > 1 && (a = applet_find(argv[1])) != NULL &&
		    strchr(argv[1], '/') == NULL) {
			argc--;
			argv++;
		} else if (getpid() == 1)
			a = applet_find("init");
		else if (argc < 2)
			usage();
		else
			diex(EXIT_NOTFOUND, "unknown applet '%s' (halbox --list)",
			    argv[1]);
	}
	progname = a->name;
	progusage = a->usage;
	if (argc == 2 && strcmp(argv[1], "--help") == 0 && getpid() != 1) {
		printf("usage: %s\n", a->usage);
		return 0;
	}
	return a->main(argc, argv);
}
