/* SPDX-License-Identifier: ISC */
/*
 * poweroff, reboot, halt - stop the machine
 *
 * usage: poweroff|reboot|halt [-d SECONDS] [-n] [-f]
 * Without -f, ask PID 1 with the signal busybox and toybox use (SIGUSR2
 * poweroff, SIGTERM reboot, SIGUSR1 halt), so init can shut down in
 * order. -f: sync (unless -n) and call reboot(2) at once. Run as PID 1
 * there is nobody to ask: -f is implied.
 * Exit: 0 ok, 100 usage, 111 kill(2) or reboot(2) failed.
 */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../multicall/box.h"

#define OPTIONS " [-d SECONDS] [-n] [-f]\n" \
	"-d SECONDS  wait first\n" \
	"-n          do not sync\n" \
	"-f          act now instead of asking init (PID 1)"

const char poweroff_usage[] = "poweroff" OPTIONS;
const char reboot_usage[] = "reboot" OPTIONS;
const char halt_usage[] = "halt" OPTIONS;

int
poweroff_main(int argc, char **argv)
{
	unsigned long delay = 0;
	int opt, force = 0, do_sync = 1;
	enum power p = P_HALT;

	while (strcmp(powers[p].name, progname) != 0)
		if (p++ == P_REBOOT)
			diex(EXIT_USAGE, "unknown action");
	while ((opt = getopt_box(argc, argv, "d:nf")) != -1) {
		switch (opt) {
		case 'd':
			delay = arg_uint("delay", optarg, 0, 86400);
			break;
		case 'n':
			do_sync = 0;
			break;
		case 'f':
			force = 1;
			break;
		}
	}
	if (optind != argc)
		usage();
	if (delay > 0)
		nanosleep(&(struct timespec){ .tv_sec = delay }, NULL);
	if (!force && getpid() != 1) {
		if (kill(1, powers[p].sig) == -1)
			die("kill init");
		return 0;
	}
	hard_reboot(p, do_sync);
	warn("reboot");
	if (getpid() == 1)	/* PID 1 exiting panics the kernel */
		for (;;)
			pause();
	return EXIT_SYSCALL;
}
