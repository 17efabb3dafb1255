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

/*
 * The last word KEY, or the last KEY=VALUE if VALUED (later words win, as
 * in the kernel): 1 and its value in *V (p NULL without '='); 0 if none.
 */
static int
find(const char *buf, size_t len, const char *key, int valued, struct span *v)
{
	struct span cur = { buf, len };
	struct cmdline_arg a;
	int found = 0;

	while (cmdline_next(&cur, &a))
		if (span_is(a.key, key) && (a.val.p != NULL || !valued)) {
			*v = a.val;
			found = 1;
		}
	return found;
}

/* The value of the last KEY=VALUE, malloc'd; NULL if none. */
char *
cmdline_get(const char *buf, size_t len, const char *key)
{
	struct span v;
	char *r;

	if (!find(buf, len, key, 1, &v) || (r = malloc(v.len + 1)) == NULL)
		return NULL;
	memcpy(r, v.p, v.len);
	r[v.len] = '\0';
	return r;
}

/* 1 if KEY appears as a word of its own or as KEY=VALUE. */
int
cmdline_has(const char *buf, size_t len, const char *key)
{
	struct span v;

	return find(buf, len, key, 0, &v);
}
