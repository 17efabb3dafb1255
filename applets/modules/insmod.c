/* SPDX-License-Identifier: ISC */
/*
 * insmod - load one kernel module file (.ko, .ko.gz; .ko.xz and .ko.zst
 * if the kernel decompresses), told by its magic bytes. Exit: 0 loaded,
 * 100 usage or not a module, 111 the kernel said no (reason in words).
 */
#include "../../multicall/box.h"
#include "mod.h"

const char insmod_usage[] =
	"insmod FILE [PARAM=VALUE...]\n"
	"FILE: .ko, .ko.gz, or .ko.xz/.ko.zst if the kernel decompresses";

int
insmod_main(int argc, char **argv)
{
	const char *why;
	char *params;
	int r;

	if (argc < 2)
		usage();
	if ((params = mod_join(argv + 2, argc - 2)) == NULL)
		die("malloc");
	if ((r = mod_insmod(argv[1], params, &why)) == 0)
		return 0;
	diex(r == -2 ? EXIT_USAGE : EXIT_SYSCALL, "%s: %s", argv[1], why);
}
