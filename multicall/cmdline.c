/* SPDX-License-Identifier: ISC */
/*
 * cmdline.c - read the kernel command line the way the kernel does
 * (lib/cmdline.c next_arg): words are separated by white space outside
 * double quotes; a word is KEY or KEY=VALUE split at the first '=';
 * quotes around a value are removed. A bare "--" ends the parameters
 * (what follows is init's argv, Documentation/admin-guide/kernel-parameters).
 * Untrusted bytes: every read is bounded by END, no NUL is required.
 */
#include <stdlib.h>
#include <string.h>

#include "box.h"

/* isspace(3) (' ', '\t' to '\r') as the kernel's next_arg; NUL too */
#define SPACE(c)	((c) == ' ' || (unsigned char)((c) - '\t') < 5 || !(c))

/* 1: *a holds the next word and *cur moved past it; 0: no more words. */
int
cmdline_next(struct span *cur, struct cmdline_arg *a)
{
	const char *s = cur->p, *end = s + cur->len, *w, *eq = NULL;
	int quoted = 0;

	while (s < end && SPACE(*s))
		s++;
	for (w = s; s < end && (quoted || !SPACE(*s)); s++) {
		if (*s == '=' && eq == NULL)
			eq = s;
		if (*s == '"')
			quoted = !quoted;
	}
	cur->p = s;
	cur->len = end - s;
	if (s == w || (s - w == 2 && w[0] == '-' && w[1] == '-')) {
		cur->len = 0;
		return 0;
	}
	a->key = (struct span){ w, (eq ? eq : s) - w };
	a->val = (struct span){ NULL, 0 };
	if (eq != NULL) {
		a->val = (struct span){ eq + 1, s - eq - 1 };
		if (a->val.len > 0 && a->val.p[0] == '"') {
			a->val.p++;
			a->val.len--;
			if (a->val.len > 0 && a->val.p[a->val.len - 1] == '"')
				a->val.len--;
		}
	}
	return 1;
}

/* The value of the last KEY=VALUE (later words win, as in the kernel), malloc'd. */
char *
cmdline_get(const char *buf, size_t len, const char *key)
{
	struct span cur = { buf, len }, v = { NULL, 0 };
	struct cmdline_arg a;
	char *r;

	while (cmdline_next(&cur, &a))
		if (a.val.p != NULL && span_is(a.key, key))
			v = a.val;
	if (v.p == NULL || (r = malloc(v.len + 1)) == NULL)
		return NULL;
	memcpy(r, v.p, v.len);
	r[v.len] = '\0';
	return r;
}

/* 1 if KEY appears as a word of its own or as KEY=VALUE. */
int
cmdline_has(const char *buf, size_t len, const char *key)
{
	struct span cur = { buf, len };
	struct cmdline_arg a;

	while (cmdline_next(&cur, &a))
		if (span_is(a.key, key))
			return 1;
	return 0;
}
