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

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f' || c == '\0';
}

/* 1: *a holds the next word and *p moved past it; 0: no more words. */
int
cmdline_next(const char **p, const char *end, struct cmdline_arg *a)
{
	const char *s = *p, *w, *eq = NULL;
	int quoted = 0;

	while (s < end && is_space(*s))
		s++;
	if (s == end)
		return 0;
	for (w = s; s < end && (quoted || !is_space(*s)); s++) {
		if (*s == '=' && eq == NULL)
			eq = s;
		if (*s == '"')
			quoted = !quoted;
	}
	*p = s;
	if (s - w == 2 && w[0] == '-' && w[1] == '-') {
		*p = end;
		return 0;
	}
	a->key = w;
	a->keylen = (eq ? eq : s) - w;
	a->val = NULL;
	a->vallen = 0;
	if (eq != NULL) {
		a->val = eq + 1;
		a->vallen = s - a->val;
		if (a->vallen > 0 && a->val[0] == '"') {
			a->val++;
			a->vallen--;
			if (a->vallen > 0 && a->val[a->vallen - 1] == '"')
				a->vallen--;
		}
	}
	return 1;
}

/* The value of the last KEY=VALUE (later words win, as in the kernel), malloc'd. */
char *
cmdline_get(const char *buf, size_t len, const char *key)
{
	const char *p = buf, *end = buf + len, *v = NULL;
	size_t klen = strlen(key), vlen = 0;
	struct cmdline_arg a;
	char *r;

	while (cmdline_next(&p, end, &a))
		if (a.val != NULL && a.keylen == klen &&
		    memcmp(a.key, key, klen) == 0) {
			v = a.val;
			vlen = a.vallen;
		}
	if (v == NULL || (r = malloc(vlen + 1)) == NULL)
		return NULL;
	memcpy(r, v, vlen);
	r[vlen] = '\0';
	return r;
}

/* 1 if KEY appears as a word of its own or as KEY=VALUE. */
int
cmdline_has(const char *buf, size_t len, const char *key)
{
	const char *p = buf, *end = buf + len;
	size_t klen = strlen(key);
	struct cmdline_arg a;

	while (cmdline_next(&p, end, &a))
		if (a.keylen == klen && memcmp(a.key, key, klen) == 0)
			return 1;
	return 0;
}
