/* SPDX-License-Identifier: ISC */
/* util.c - parse_uint, getopt_box, read_file, write_file_atomic. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "../tap.h"

/*
 * getopt_box over the words of ARGS (space-separated) with SPEC: each
 * option as "LETTER[=VALUE]" then "|" and the first word left, in OUT;
 * or "exit N" when getopt_box exits (a bad option: it names it, exit 100).
 */
static const char *
opts(const char *spec, const char *args)
{
	static char out[128];
	char buf[128], *argv[16];
	int argc = 0, c, st, fd[2];
	size_t n = 0;
	pid_t pid;

	snprintf(buf, sizeof buf, "prog %s", args);
	for (char *w = strtok(buf, " "); w && argc < 15; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (pipe(fd) < 0 || (pid = fork()) < 0)
		return "fork";
	if (pid == 0) {
		optind = 1;
		while ((c = getopt_box(argc, argv, spec)) != -1)
			n += snprintf(out + n, sizeof out - n, "%c%s%s ", c,
			    optarg ? "=" : "", optarg ? optarg : "");
		snprintf(out + n, sizeof out - n, "| %s",
		    optind < argc ? argv[optind] : "(end)");
		_exit(write(fd[1], out, strlen(out) + 1) > 0 ? 0 : 1);
	}
	close(fd[1]);
	n = read(fd[0], out, sizeof out - 1);
	out[n > 0 && n < sizeof out ? n : 0] = '\0';
	close(fd[0]);
	waitpid(pid, &st, 0);
	if (WEXITSTATUS(st) != 0)
		snprintf(out, sizeof out, "exit %d", WEXITSTATUS(st));
	return out;
}

int
main(void)
{
	char dir[] = "/tmp/halbox-util-XXXXXX", path[64], tmp[80];
	unsigned long v;
	struct stat st;
	size_t len;
	char *s;

	ok(parse_uint("42", 10, 100, &v) == 0 && v == 42, "decimal");
	ok(parse_uint("0x1f", 0, 100, &v) == 0 && v == 31, "hex with base 0");
	ok(parse_uint("017", 0, 100, &v) == 0 && v == 15, "octal with base 0");
	ok(parse_uint("101", 10, 100, &v) == -1 && errno == ERANGE, "above max");
	ok(parse_uint("99999999999999999999999", 10, ~0UL, &v) == -1 &&
	    errno == ERANGE, "overflow");
	ok(parse_uint("-1", 10, 100, &v) == -1 && errno == EINVAL, "sign refused");
	ok(parse_uint(" 1", 10, 100, &v) == -1, "leading space refused");
	ok(parse_uint("1x", 10, 100, &v) == -1 && errno == EINVAL, "trailing garbage");
	ok(parse_uint("", 10, 100, &v) == -1, "empty refused");
	ok(parse_uint("8", 8, 100, &v) == -1, "digit outside base");
	ok(parse_uint("0x", 0, 100, &v) == -1 && errno == EINVAL, "0x alone");
	ok(parse_uint("0x1g", 0, 100, &v) == -1 && errno == EINVAL, "bad hex digit");
	ok(parse_uint("100", 10, 100, &v) == 0 && v == 100, "exactly max");
	ok(parse_uint("18446744073709551615", 10, ~0UL, &v) == 0 && v == ~0UL,
	    "the largest unsigned long");
	ok(parse_uint("18446744073709551616", 10, ~0UL, &v) == -1 &&
	    errno == ERANGE, "one more overflows");
	ok(parse_uint("0", 0, 0, &v) == 0 && v == 0, "zero with base 0");
	ok(hex_digit('7') == 7 && hex_digit('b') == 11 && hex_digit('F') == 15 &&
	    hex_digit('g') == -1 && hex_digit('@') == -1 && hex_digit('`') == -1,
	    "hex_digit");

	ok(strcmp(opts("ab:c", "-a -b 1 -c x"), "a b=1 c | x") == 0,
	    "getopt: flags and a value in the next word");
	ok(strcmp(opts("ab:c", "-acb2 y"), "a c b=2 | y") == 0,
	    "getopt: grouped letters, value attached");
	ok(strcmp(opts("a::b", "-a -afoo -b"), "a a=foo b | (end)") == 0,
	    "getopt: an optional value only when attached");
	ok(strcmp(opts("a", "-a -- -a"), "a | -a") == 0,
	    "getopt: '--' ends the options");
	ok(strcmp(opts("a", "-a x -a"), "a | x") == 0 &&
	    strcmp(opts("a", "- -a"), "| -") == 0,
	    "getopt: the first operand ends them (no permuting)");
	ok(strcmp(opts("ab:", "-a -b"), "exit 100") == 0 &&
	    strcmp(opts("ab:", "-x"), "exit 100") == 0 &&
	    strcmp(opts("ab:", "-:"), "exit 100") == 0 &&
	    strcmp(opts("ab:", "--long"), "exit 100") == 0,
	    "getopt: a missing value, unknown letters and long options: exit 100");

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/f", dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	ok(write_file_atomic(path, "hello\n", 6, 0640) == 0, "write_file_atomic");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640 &&
	    st.st_size == 6, "file has its mode and size");
	ok(access(tmp, F_OK) == -1, "no temporary file left");
	s = read_file(path, 100, &len);
	ok(s && len == 6 && strcmp(s, "hello\n") == 0, "read_file reads it back");
	free(s);
	ok(read_file(path, 3, &len) == NULL && errno == EFBIG, "read_file max");
	s = read_file("/proc/self/stat", 4096, &len);
	ok(s && len > 0 && len == strlen(s), "read_file on a size-0 proc file");
	free(s);
	snprintf(tmp, sizeof tmp, "%s/nodir/f", dir);
	ok(write_file_atomic(tmp, "x", 1, 0644) == -1 && errno == ENOENT,
	    "write_file_atomic fails cleanly");
	unlink(path);
	rmdir(dir);
	return done();
}
