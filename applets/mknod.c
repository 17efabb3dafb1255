/* SPDX-License-Identifier: ISC */
/*
 * mknod - make a block or character device node, or a FIFO
 *
 * usage: mknod [-m MODE] NAME TYPE [MAJOR MINOR]
 * TYPE: b block, c or u character (unbuffered), p FIFO (no MAJOR MINOR).
 * MODE is octal (660) or symbolic (u=rw,g=r, a+w, go-w) applied to 0666;
 * with -m the umask is not applied (as coreutils and busybox do).
 * MAJOR and MINOR are decimal (busybox's reading; 010 is 10).
 * Linux device numbers: MAJOR 0-4095, MINOR 0-1048575 (include/linux/kdev_t.h).
 * Exit: 0 ok, 100 usage or bad number, 111 mknod(2) failed.
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../multicall/box.h"

const char mknod_usage[] =
	"mknod [-m MODE] NAME TYPE [MAJOR MINOR]\n"
	"TYPE: b (block), c or u (character), p (FIFO, no MAJOR MINOR)\n"
	"MODE: octal (660) or symbolic (u=rw,g=r) applied to 0666";

/*
 * -m S: octal, or chmod(1) symbolic clauses applied to MODE:
 * [ugoa]*[-+=][rwxXst]* or [-+=][ugo], comma separated. Returns the mode,
 * or -1 when S is malformed.
 */
static long
parse_mode(const char *s, unsigned mode)
{
	unsigned who, perm, src;
	unsigned long m;
	char op;

	if (*s >= '0' && *s <= '7')
		return parse_uint(s, 8, 07777, &m) < 0 ? -1 : (long)m;
	for (;;) {
		for (who = 0; *s && strchr("ugoa", *s); s++)
			who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 :
			    *s == 'o' ? 01007 : 07777;
		if (*s != '+' && *s != '-' && *s != '=')
			return -1;
		while (*s == '+' || *s == '-' || *s == '=') {
			op = *s++;
			perm = 0;
			if (*s && strchr("ugo", *s)) {
				src = mode >> (*s == 'u' ? 6 : *s == 'g' ? 3 : 0) & 7;
				perm = src << 6 | src << 3 | src;
				s++;
			} else {
				for (; *s && strchr("rwxXst", *s); s++)
					perm |= *s == 'r' ? 0444 : *s == 'w' ? 0222 :
					    *s == 's' ? 06000 : *s == 't' ? 01000 :
					    0111;
			}
			/* no "who": all, as if 'a' (umask is not applied) */
			perm &= who ? who : 07777;
			if (op == '=')
				mode &= ~(who ? who : 07777);
			mode = op == '-' ? mode & ~perm : mode | perm;
		}
		if (*s == '\0')
			return mode;
		if (*s++ != ',')
			return -1;
	}
}

int
mknod_main(int argc, char **argv)
{
	unsigned long major = 0, minor = 0;
	mode_t type;
	int have_mode = 0;
	long mode = 0666;

	while (getopt_box(argc, argv, "m:") != -1) {	/* -m, or it exits */
		have_mode = 1;
		if ((mode = parse_mode(optarg, 0666)) < 0)
			diex(EXIT_USAGE, "bad mode '%s'", optarg);
	}
	argc -= optind;
	argv += optind;
	if (argc != 2 && argc != 4)
		usage();
	if (strlen(argv[1]) != 1 || !strchr("bcup", argv[1][0]))
		diex(EXIT_USAGE, "bad type '%s' (b, c, u or p)", argv[1]);
	type = argv[1][0] == 'b' ? S_IFBLK : argv[1][0] == 'p' ? S_IFIFO : S_IFCHR;
	if (type == S_IFIFO && argc != 2)
		diex(EXIT_USAGE, "a FIFO takes no MAJOR MINOR");
	if (type != S_IFIFO) {
		if (argc != 4)
			diex(EXIT_USAGE, "type %s needs MAJOR and MINOR", argv[1]);
		/* decimal, as busybox: 010 is 10 (coreutils reads octal) */
		major = arg_uint("major", argv[2], 0, 4095);
		minor = arg_uint("minor", argv[3], 0, 1048575);
	}
	if (have_mode)
		umask(0);
	if (mknod(argv[0], type | mode, makedev(major, minor)) == -1)
		die("mknod %s", argv[0]);
	return 0;
}
