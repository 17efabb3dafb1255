/* SPDX-License-Identifier: ISC */
/*
 * insmod - load one kernel module file
 *
 * usage: insmod FILE [PARAM=VALUE...]
 * FILE: .ko; .ko.gz (inflated here, zlib); .ko.xz or .ko.zst (decompressed
 * by the kernel if it can, CONFIG_MODULE_DECOMPRESS). The format is told by
 * the magic bytes, not the name. Dependencies are modprobe's job.
 * Exit: 0 loaded, 100 usage or not a module, 111 the kernel said no (the
 * reason in words: already loaded, invalid module format, ...).
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
