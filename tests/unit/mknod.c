/* SPDX-License-Identifier: ISC */
/* mknod.c - -m modes: octal, and symbolic by chmod(1)'s rules from 0666. */
#include "../../applets/mknod.c"
#include "../tap.h"

int
main(void)
{
	static const struct { const char *s; long want; } t[] = {
		{ "u=rw,g=r", 0646 }, { "a=r", 0444 }, { "=r", 0444 },
		{ "go-w", 0644 }, { "a+x", 0777 }, { "u+s", 04666 },
		{ "o=", 0660 }, { "g=u", 0666 }, { "u=r,g=u", 0446 },
		{ "+t", 01666 }, { "u-w+x", 0566 }, { "ug=rw,o=", 0660 },
		{ "", -1 }, { "u", -1 }, { "x=r", -1 }, { "u=rw,", -1 },
		{ "u=rq", -1 }, { "u=r;g=r", -1 }, { "660", 0660 },
		{ "07777", 07777 }, { "10000", -1 }, { "8", -1 },
	};
	char name[64];
	size_t i;

	for (i = 0; i < LEN(t); i++) {
		snprintf(name, sizeof name, "'%s' is %lo", t[i].s, t[i].want);
		ok(parse_mode(t[i].s, 0666) == t[i].want, name);
	}
	return done();
}
