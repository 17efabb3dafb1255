/* SPDX-License-Identifier: ISC */
/*
 * run.c - the one way halbox runs a command, for init's plan, sh's lines,
 * vmm's QEMU, display and rescue shell: never by calling another applet's
 * functions, always as a new program.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "box.h"

/*
 * Exec ARGV: a word with a '/' is a path; a halbox applet runs from
 * /proc/self/exe (so halbox need not be in /bin); anything else is looked
 * for in /bin. Returns only if that failed, having said why in one line:
 * the exit status for it, as a shell gives (127 not found, 126 not run).
 */
int
run_exec(char **argv)
{
	char path[256];
	int bare = strchr(argv[0], '/') == NULL, applet = 0;

	if (!bare)
		execv(argv[0], argv);
	else if ((applet = applet_find(argv[0]) != NULL))
		execv("/proc/self/exe", argv);
	else if (snprintf(path, sizeof path, "/bin/%s", argv[0]) <
	    (int)sizeof path)
		execv(path, argv);
	else
		errno = ENAMETOOLONG;	/* not a stale errno from above */
	warn("%s%s", argv[0], bare && !applet ?
	    " (no such applet, nor in /bin)" : "");
	return errno == ENOENT ? EXIT_NOTFOUND : 126;
}

/* PID's status once it ends, as a shell reports it: 128 + a signal. */
int
run_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return EXIT_SYSCALL;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}
