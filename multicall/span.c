/* SPDX-License-Identifier: ISC */
/*
 * span.c - lines, words, blanks and numbers of untrusted text (span.h).
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

/* The next line of *CUR without its '\n', *CUR past it; 0 at the end. */
int
span_line(struct span *cur, struct span *line)
{
	const char *end, *eol;

	/* an empty span may be { NULL, 0 }: NULL + 0 is undefined in C */
	if (cur->len == 0)
		return 0;
	end = cur->p + cur->len;
	if ((eol = memchr(cur->p, '\n', cur->len)) == NULL)
		eol = end;
	*line = (struct span){ cur->p, eol - cur->p };
	cur->p = eol + (eol < end);
	cur->len = end - cur->p;
	return 1;
}

/* The next blank-separated word of *CUR, *CUR past it; 0 if none. */
int
span_word(struct span *cur, struct span *word)
{
	const char *p = cur->p, *end = p + cur->len;

	while (p < end && span_blank(*p))
		p++;
	for (word->p = p; p < end && !span_blank(*p); p++)
		;
	word->len = p - word->p;
	cur->p = p;
	cur->len = end - p;
	return word->len > 0;
}

/* 1 and *CUR past LIT if *CUR starts with LIT; else 0. */
int
span_skip(struct span *cur, const char *lit)
{
	size_t n = strlen(lit);

	if (cur->len < n || memcmp(cur->p, lit, n) != 0)
		return 0;
	cur->p += n;
	cur->len -= n;
	return 1;
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

/*
 * Which of the blank-separated WORDS ("kvm tcg") S is: 1 for the first;
 * 0 if none.
 */
int
span_is(struct span s, const char *words)
{
	struct span cur = span_str(words), w;
	int i;

	for (i = 1; span_word(&cur, &w); i++)
		if (w.len == s.len && memcmp(w.p, s.p, s.len) == 0)
			return i;
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

/*
 * A dotted IPv4 address at the start of *CUR, *CUR past it: four decimal
 * numbers 0-255, no sign, no leading zero (inet_pton's rules; inet_aton
 * would read "010" as octal). 0, else -1.
 */
int
span_ipv4(struct span *cur, unsigned char ip[4])
{
	unsigned long n;
	const char *s;
	int i;

	for (i = 0;; i++) {
		s = cur->p;
		if (span_digits(cur, 255, &n) < 0 || (*s == '0' && cur->p - s > 1))
			return -1;
		ip[i] = n;
		if (i == 3)
			return 0;
		if (!span_skip(cur, "."))
			return -1;
	}
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
