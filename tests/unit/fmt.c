/* SPDX-License-Identifier: ISC */
/*
 * fmt.c - halbox's printf family against glibc's, on fixed cases and on
 * random formats drawn from the grammar it supports.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../hb_fmt.h"

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

static int
same(const char *fmt, ...)
{
	char a[256], b[256];
	va_list ap, aq;
	int na, nb;

	va_start(ap, fmt);
	va_copy(aq, ap);
	na = fmt_vsnprintf(a, sizeof a, fmt, ap);
	nb = vsnprintf(b, sizeof b, fmt, aq);
	va_end(aq);
	va_end(ap);
	if (na != nb || strcmp(a, b) != 0) {
		printf("# '%s': got %d '%s', want %d '%s'\n", fmt, na, a, nb, b);
		return 0;
	}
	return 1;
}

int
main(void)
{
	static const char *const lens[] = { "", "l", "ll", "z" };
	char fmt[64], small[8], name[80];
	int i, bad = 0;

	rng_init();
	ok(same("plain text %% done"), "text and %%");
	ok(same("%s|%-6s|%6s|%.2s|%.*s|", "abc", "ab", "ab", "abc", 2, "xyz"),
	    "strings: width, left, precision");
	ok(same("%d %d %u %5d %-5d| %05d", 0, -42, 42u, -7, 7, -7),
	    "signed and unsigned, flags");
	ok(same("%x %X %02X %08x", 255u, 255u, 10u, 0xbeefu), "hex");
	ok(same("%llu %lld %lu %zu %ld", 18446744073709551615ULL,
	    -9223372036854775807LL - 1, 4294967296UL, (size_t)7, -1L),
	    "64-bit extremes");
	ok(same("%c%c", 'o', 'k'), "chars");
	ok(same("%.0d|%.3d|%.0u|%5.3d", 0, 7, 0u, -7), "integer precision");
	ok(same("%.*d|%.*d", -1, 3, 4, 3), "precision from *");
	ok(same("%05.1d|%08.3x|%01.X|%05.*d", 123, 255u, 0u, -1, 42),
	    "a precision turns the 0 flag off, a negative one does not");
	ok(fmt_snprintf(small, sizeof small, "%s", "0123456789") == 10 &&
	    strcmp(small, "0123456") == 0, "truncation: NUL-terminated, full length returned");
	ok(fmt_snprintf(NULL, 0, "%d", 12345) == 5, "size 0 counts only");
	{	/* longer than vdprintf's stack buffer: never cut */
		static char big[3000], back[3100];
		int fd[2];

		memset(big, 'x', sizeof big - 1);
		ok(pipe(fd) == 0 && fmt_dprintf(fd[1], "<%s>", big) == 3001 &&
		    read(fd[0], back, sizeof back) == 3001 &&
		    back[0] == '<' && back[3000] == '>' && back[2999] == 'x',
		    "a 3001-byte line is written whole");
		close(fd[0]);
		close(fd[1]);
	}
	for (i = 0; i < 20000; i++) {
		const char *len = lens[rng_below(LEN(lens))];
		char conv = "duxX"[rng_below(4)];
		int r, n = snprintf(fmt, sizeof fmt, "<%s%s",
		    rng_below(2) ? "-" : "", rng_below(2) ? "0" : "");
		uint64_t v;

		if (rng_below(2))
			n += snprintf(fmt + n, sizeof fmt - n, "%u", rng_below(25));
		if (rng_below(2))
			n += snprintf(fmt + n, sizeof fmt - n, ".%u", rng_below(25));
		snprintf(fmt + n, sizeof fmt - n, "%s%c>", len, conv);
		rng_bytes(&v, sizeof v);
		if (rng_below(3) == 0)
			v %= 1000;
		/* pass the type the length modifier names */
		if (strchr("lzj", len[0]) != NULL)
			r = same(fmt, v);
		else
			r = same(fmt, (int)v);
		if (!r && ++bad > 5)
			break;
	}
	snprintf(name, sizeof name, "20000 random integer formats agree (%d differ)", bad);
	ok(bad == 0, name);
	return done();
}
