/* SPDX-License-Identifier: ISC */
/*
 * span.h - the one text cursor: a pointer and the bytes left, never
 * NUL-terminated, never read past its end. Every text parser (config
 * files, the kernel command line, modules.*, the initrd spec) takes its
 * lines, words and numbers with these, and hands out spans into the same
 * bytes. The byte parsers' counterpart is udhcpc's struct cur.
 */
#ifndef SPAN_H
#define SPAN_H

#include <stddef.h>

struct span {
	const char *p;		/* NULL (len 0): no value */
	size_t len;
};

/* Blanks separate words on a line: space, tab, a CRLF file's CR. */
static inline int
span_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

struct span span_str(const char *s);
int span_line(struct span *cur, struct span *line);
int span_word(struct span *cur, struct span *word);
int span_skip(struct span *cur, const char *lit);
struct span span_trim(struct span s);
int span_is(struct span s, const char *words);
int span_uint(struct span s, int base, unsigned long max, unsigned long *v);
int span_digits(struct span *cur, unsigned long max, unsigned long *v);
int span_ipv4(struct span *cur, unsigned char ip[4]);
int parse_uint(const char *s, int base, unsigned long max, unsigned long *v);

#endif
