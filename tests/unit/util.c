/* SPDX-License-Identifier: ISC */
/* util.c - parse_uint, read_file, write_file_atomic. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "../tap.h"

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
