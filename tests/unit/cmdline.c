/* SPDX-License-Identifier: ISC */
/* cmdline.c - the kernel command line splitter, as the kernel splits it. */
#include <stdlib.h>
#include <string.h>

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

static int
word(struct span *cur, const char *key, const char *val)
{
	struct cmdline_arg a;

	if (!cmdline_next(cur, &a) || a.key.len != strlen(key) ||
	    memcmp(a.key.p, key, a.key.len) != 0)
		return 0;
	if (val == NULL)
		return a.val.p == NULL;
	return a.val.p != NULL && a.val.len == strlen(val) &&
	    memcmp(a.val.p, val, a.val.len) == 0;
}

static int
is(char *got, const char *want)
{
	int r = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	free(got);
	return r;
}

int
main(void)
{
	const char *s = "  ro console=ttyS0,115200 vmm.args=\"-a b\" q\"x y\"z=1\n";
	struct span p = span_str(s);
	const char *dd = "a=1 -- a=2 init.rescue";
	struct cmdline_arg a;
	char buf[64];
	int i, crash = 0;

	rng_init();
	ok(word(&p, "ro", NULL), "a bare word has no value");
	ok(word(&p, "console", "ttyS0,115200"), "KEY=VALUE splits at '='");
	ok(word(&p, "vmm.args", "-a b"), "quotes around a value are removed");
	ok(word(&p, "q\"x y\"z", "1"), "quotes group spaces inside a key");
	ok(!cmdline_next(&p, &a), "trailing newline ends the line");
	ok(is(cmdline_get(s, strlen(s), "vmm.args"), "-a b"), "cmdline_get");
	ok(is(cmdline_get("x=1 x=2", 7, "x"), "2"), "the last KEY wins");
	ok(is(cmdline_get("x", 1, "x"), NULL), "a bare word has no value to get");
	ok(is(cmdline_get(dd, strlen(dd), "a"), "1"), "\"--\" ends the parameters");
	ok(!cmdline_has(dd, strlen(dd), "init.rescue"), "words after -- are not ours");
	ok(cmdline_has("a init.rescue", 13, "init.rescue"), "cmdline_has");
	ok(is(cmdline_get("k=\"", 3, "k"), ""), "a lone quote is an empty value");
	p = span_str("x=\"abc");
	ok(word(&p, "x", "abc"), "an unterminated quote runs to the end");
	for (i = 0; i < 2000; i++) {
		size_t n = rng_below(sizeof buf);
		char *copy = malloc(n ? n : 1);

		rng_bytes(buf, n);
		for (size_t j = 0; j < n; j++)	/* bias towards the syntax */
			if (buf[j] & 1)
				buf[j] = " =\"-a"[(unsigned char)buf[j] % 5];
		memcpy(copy, buf, n);	/* exact size: ASan sees any overrun */
		p = (struct span){ copy, n };
		while (cmdline_next(&p, &a))
			if (a.key.p < copy || a.key.p + a.key.len > copy + n ||
			    (a.val.p && a.val.p + a.val.len > copy + n))
				crash = 1;
		free(copy);
	}
	ok(!crash, "2000 random lines stay inside their buffers");
	return done();
}
