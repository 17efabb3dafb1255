/* SPDX-License-Identifier: ISC */
/* tap.h - Test Anything Protocol output for the C unit tests. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

static int
ok(int cond, const char *name)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++tap_n, name);
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

static int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
