/* SPDX-License-Identifier: ISC */
/*
 * span.c - lines, words, blanks and numbers of untrusted text (span.h).
 * Blanks are what separates words on a line: space, tab, and the CR of a
 * file written with CRLF line ends.
 */
#include <errno.h>
#include <string.h>

#include "box.h"

/* S, a C string, as a span (no NUL in it). */
struct span
span_str(const char *s)
{
	return (struct span){ s, strlen(s) };
}

int
span_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next line of *CUR without its '\n', *CUR past it; 0 at the end. */
int
span_line(struct span *cur, struct span *line)
{
	const char *eol;

	if (cur->len == 0)
		return 0;
	line->p = cur->p;
	line->len = cur->len;
	if ((eol = memchr(cur->p, '\n', cur->len)) != NULL)
		line->len = eol - cur->p;
	cur->p += line->len + (eol != NULL);
	cur->len -= line->len + (eol != NULL);
	return 1;
}

/* The next blank-separated word of *CUR, *CUR past it; 0 if none. */
int
span_word(struct span *cur, struct span *word)
{
	while (cur->len > 0 && span_blank(*cur->p)) {
		cur->p++;
		cur->len--;
	}
	word->p = cur->p;
	for (word->len = 0; word->len < cur->len &&
	    !span_blank(cur->p[word->len]); word->len++)
		;
	cur->p += word->len;
	cur->len -= word->len;
	return word->len > 0;
}

/* S without blanks at either end. */
struct span
span_trim(struct span s)
{
	while (s.len > 0 && span_blank(*s.p)) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && span_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* 1 if S is one of the WORDS, separated by single spaces ("kvm tcg"). */
int
span_is(struct span s, const char *words)
{
	const char *w = words, *e;

	for (; s.p != NULL && *w != '\0'; w = *e ? e + 1 : e) {
		e = strchrnul(w, ' ');
		if ((size_t)(e - w) == s.len && memcmp(w, s.p, s.len) == 0)
			return 1;
	}
	return 0;
}

/*
 * S, all of it, an unsigned number in BASE (0: C's rules, 0x.. hex, 0..
 * octal): no sign, no blanks, at most MAX. 0, else -1 and errno EINVAL
 * (not such a number) or ERANGE (above MAX).
 */
int
span_uint(struct span s, int base, unsigned long max, unsigned long *v)
{
	size_t i = 0;
	int d;

	errno = EINVAL;
	if (s.len == 0 || *s.p < '0' || *s.p > '9')
		return -1;
	if (base == 0 && *s.p == '0' && s.len > 1 && (s.p[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
		if (s.len == 2)
			return -1;
	} else if (base == 0) {
		base = *s.p == '0' ? 8 : 10;
	}
	for (*v = 0; i < s.len; i++) {
		if ((d = hex_digit(s.p[i])) < 0 || d >= base)
			return -1;
		if ((unsigned long)d > max || *v > (max - d) / base) {
			errno = ERANGE;
			return -1;
		}
		*v = *v * base + d;
	}
	return 0;
}

/* S, a C string (an argument), as span_uint reads it. */
int
parse_uint(const char *s, int base, unsigned long max, unsigned long *v)
{
	return span_uint(span_str(s), base, max, v);
}

/* The decimal digits at the start of *CUR, at most MAX; *CUR past them. */
int
span_digits(struct span *cur, unsigned long max, unsigned long *v)
{
	struct span s = { cur->p, 0 };

	while (s.len < cur->len && s.p[s.len] >= '0' && s.p[s.len] <= '9')
		s.len++;
	cur->p += s.len;
	cur->len -= s.len;
	return span_uint(s, 10, max, v);
}
