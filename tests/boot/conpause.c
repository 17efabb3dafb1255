/* SPDX-License-Identifier: ISC */
/*
 * conpause.c - the slowest console, for tests/boot/vmm.t: vmm's qemu key
 * names this wrapper, which stops the terminal's output (tcflow TCOOFF on
 * stdin: unlike a ^S it outlives QEMU's raw mode, n_tty.c), runs QEMU (the
 * path given as -DQEMU) with its own arguments, and restarts the output
 * only once QEMU has ended. Nothing QEMU wrote meanwhile may be lost.
 */
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	pid_t pid;
	int st;

	if (argc < 1 || tcflow(0, TCOOFF) < 0)
		return 125;
	if ((pid = fork()) == 0) {
		argv[0] = QEMU;
		execv(QEMU, argv);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0)
		;
	tcflow(0, TCOON);
	return pid < 0 ? 126 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
	    WTERMSIG(st);
}
