/* SPDX-License-Identifier: ISC */
/*
 * modinit.c - a test-only PID 1 for tests/boot/coldplug.t, so the module
 * tests do not depend on init: mount /proc, /sys and /dev, make
 * /bin/modprobe the kernel's module helper (as init does), run
 * "/bin/coldplug [-d]", print "MODINIT ready", then for each argument
 * "-m NAME" run "/bin/modprobe NAME", for each "-i FILE" run
 * "/bin/insmod FILE", for each PATH wait for it to appear
 * (up to 60 s), then list what is there and power off:
 *   MODINIT mod NAME     per line of /proc/modules
 *   MODINIT block NAME   per /sys/block entry
 *   MODINIT net NAME     per /sys/class/net entry
 *   MODINIT found|missing PATH
 *   MODINIT /bin/PROGRAM exit N
 * usage (kernel command line): rdinit=/modinit -- [-d] [-m NAME|-i FILE|PATH...]
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void
run(char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("MODINIT %s exit %d\n", argv[0], WEXITSTATUS(status));
}

static void
list(const char *what, const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);

	while (dp != NULL && (d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.')
			printf("MODINIT %s %s\n", what, d->d_name);
	if (dp != NULL)
		closedir(dp);
}

int
main(int argc, char **argv)
{
	char *coldplug[] = { "/bin/coldplug", NULL, NULL };
	char *poweroff[] = { "/bin/poweroff", "-f", NULL };
	char *modprobe[] = { "/bin/modprobe", NULL, NULL };
	char *insmod[] = { "/bin/insmod", NULL, NULL };
	char line[256];
	struct stat st;
	FILE *f;
	int i = 1, t, fd;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((fd = open("/proc/sys/kernel/modprobe", O_WRONLY)) >= 0) {
		if (write(fd, "/bin/modprobe", 13) < 0)
			perror("modprobe helper");
		close(fd);
	}
	if (argc > 1 && strcmp(argv[1], "-d") == 0)
		coldplug[i++] = "-d";
	run(coldplug);
	printf("MODINIT ready\n");
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
			modprobe[1] = argv[++i];
			run(modprobe);
			continue;
		}
		if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) {
			insmod[1] = argv[++i];
			run(insmod);
			continue;
		}
		for (t = 0; t < 600 && stat(argv[i], &st) < 0; t++)
			usleep(100000);
		printf("MODINIT %s %s\n", t < 600 ? "found" : "missing", argv[i]);
	}
	sleep(1);	/* let hotplug's lines reach the console first */
	if ((f = fopen("/proc/modules", "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL)
			printf("MODINIT mod %.*s\n", (int)strcspn(line, " "), line);
		fclose(f);
	}
	list("block", "/sys/block");
	list("net", "/sys/class/net");
	run(poweroff);
	for (;;)
		pause();
}
