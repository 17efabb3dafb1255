/* SPDX-License-Identifier: ISC */
/*
 * modprobe - load a kernel module by name or alias, with what it needs
 *
 * Reads modules.{dep,alias,builtin,softdep}, /proc/modules, modprobe.d
 * in /etc, /run, /usr/local/lib and /lib (options, blacklist, softdep)
 * and the command line's NAME.PARAM=VALUE, modprobe.blacklist=. -n -v and
 * -D print what kmod's modprobe prints, line for line.
 * The kernel runs "modprobe -q -- NAME" (kernel/module/kmod.c).
 * Exit: 0 loaded (or already, or built in), 1 not found, 100 usage,
 * 111 a module failed to load or unload.
 */
#include <string.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "mod.h"

const char modprobe_usage[] =
	"modprobe [-anqvrD] [-d DIR] [-S VERSION] NAME|ALIAS [PARAM=VALUE...]\n"
	"-a every argument is a NAME   -n dry run   -q quiet   -v verbose\n"
	"-r remove NAME and the dependencies nothing else uses\n"
	"-D (--show-depends) -n -v, loaded too   -d ROOT   -S UNAME_R";

int
modprobe_main(int argc, char **argv)
{
	int opt, all = 0, rm = 0, i, r, rc = 0;
	struct modctx c = { 0 };
	char *params = NULL, *top = NULL, *release = NULL;

	for (i = 1; i < argc; i++)	/* no module has that name */
		if (strcmp(argv[i], "--show-depends") == 0)
			argv[i] = "-D";
	while ((opt = getopt_box(argc, argv, "anqvrDd:S:")) != -1) {
		switch (opt) {
		case 'a': all = 1; break;
		case 'D': c.show = 1; /* FALLTHROUGH */
		case 'n': c.dry = 1; break;
		case 'd': top = optarg; break;
		case 'S': release = optarg; break;
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
		case 'r': rm = 1; break;
		}
	}
	if (optind >= argc)
		usage();
	if (mod_open(&c, top, release) < 0)	/* the words are checked first */
		return EXIT_SYSCALL;
	if (!all && !rm &&
	    (params = mod_join(argv + optind + 1, argc - optind - 1)) == NULL)
		die("malloc");
	for (i = optind; i < argc && (i == optind || all || rm); i++) {
		r = rm ? mod_remove(&c, argv[i]) :
		    mod_probe(&c, argv[i], strlen(argv[i]), params);
		if (r == -2)
			rc = EXIT_USAGE;
		else if (r < 0)
			rc = EXIT_SYSCALL;
		else if (r == 1 && rc == 0)
			rc = 1;
	}
	return rc;
}
