/* SPDX-License-Identifier: ISC */
/*
 * powerbtn.c - a test guest's PID 1 for tests/boot/vmm.t: a guest that
 * reacts to the ACPI power button, until halbox's own init does. It loads
 * the button and evdev drivers (modules in Debian's kernel), says
 * "powerbtn: ready" on the console, and powers off on KEY_POWER from any
 * input device: what system_powerdown looks like from inside.
 */
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static void
say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		return;
}

int
main(void)
{
	static const char *const mods[] = { "/button.ko", "/evdev.ko" };
	struct pollfd pfd[16];
	struct input_event ev;
	char path[32];
	int i, fd, n = 0;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	for (i = 0; i < 2; i++)
		if ((fd = open(mods[i], O_RDONLY)) < 0 ||
		    syscall(SYS_finit_module, fd, "", 0) < 0)
			say("powerbtn: cannot load a module\n");
	for (i = 0; i < 16; i++) {
		snprintf(path, sizeof path, "/dev/input/event%d", i);
		if ((fd = open(path, O_RDONLY)) >= 0)
			pfd[n++] = (struct pollfd){ fd, POLLIN, 0 };
	}
	say(n > 0 ? "powerbtn: ready\n" : "powerbtn: no input device\n");
	while (n > 0 && poll(pfd, n, -1) > 0)
		for (i = 0; i < n; i++)
			if ((pfd[i].revents & POLLIN) &&
			    read(pfd[i].fd, &ev, sizeof ev) == sizeof ev &&
			    ev.type == EV_KEY && ev.code == KEY_POWER &&
			    ev.value == 1) {
				say("powerbtn: KEY_POWER, powering off\n");
				reboot(RB_POWER_OFF);
			}
	reboot(RB_POWER_OFF);
	return 1;
}
