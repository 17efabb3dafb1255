/* SPDX-License-Identifier: ISC */
/*
 * fmt.c - halbox's printf family, in place of musl's. musl's vfprintf
 * carries the floating-point formatter (fmt_fp) and wide-character code
 * whatever the format: 10.5 KB of a 96 KiB budget for conversions halbox
 * never uses. This one knows what halbox prints: flags "-0", a width
 * (digits), a precision (digits or *), lengths l ll z, conversions d u x X
 * c s %. Linked into out/halbox only; the unit tests (glibc) compare it
 * with glibc's printf (tests/unit/fmt.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct out {
	char *buf;
	size_t size, len;	/* len counts every byte, stored or not */
};

static void
put(struct out *o, const char *s, size_t n)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;

	if (room > 0)
		memcpy(o->buf + o->len, s, n < room ? n : room);
	o->len += n;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, &c, 1);
}

int
vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
    va_list ap)
{
	struct out o = { buf, size ? size - 1 : 0, 0 };
	char num[24], *p;
	const char *s, *f;
	int width, prec, left, zero, lng, base, n, neg;
	unsigned long long u;
	long long v;

	for (f = fmt; *f; f++) {
		if (*f != '%') {
			put(&o, f, 1);
			continue;
		}
		left = zero = 0;
		for (f++; *f == '-' || *f == '0'; f++)
			*f == '-' ? (left = 1) : (zero = 1);
		for (width = 0; *f >= '0' && *f <= '9'; f++)
			width = width * 10 + *f - '0';
		prec = -1;
		if (*f == '.') {
			prec = 0;
			if (*++f == '*') {
				if ((prec = va_arg(ap, int)) < 0)
					prec = -1;	/* as if omitted */
				f++;
			}
			for (; *f >= '0' && *f <= '9'; f++)
				prec = prec * 10 + *f - '0';
			/* C11 7.21.6.1: a precision turns the 0 flag off */
			zero &= prec < 0;
		}
		/* length: 1 l, 2 ll, 3 z */
		for (lng = 0; *f == 'l' || *f == 'z'; f++)
			lng = *f == 'z' ? 3 : lng + 1;
		neg = 0;
		base = 10;
		switch (*f) {
		case 'c':
			num[0] = (char)va_arg(ap, int);
			s = num;
			n = 1;
			goto text;
		case 's':
			if ((s = va_arg(ap, const char *)) == NULL)
				s = "(null)";
			n = prec < 0 ? (int)strlen(s) :
			    (int)strnlen(s, (size_t)prec);
		text:
			if (!left)
				pad(&o, ' ', width - n);
			put(&o, s, n);
			if (left)
				pad(&o, ' ', width - n);
			continue;
		case 'd':
			v = lng == 1 ? va_arg(ap, long) :
			    lng == 2 ? va_arg(ap, long long) :
			    lng == 3 ? va_arg(ap, ptrdiff_t) : va_arg(ap, int);
			neg = v < 0;
			u = neg ? -(unsigned long long)v : (unsigned long long)v;
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng == 1 ? va_arg(ap, unsigned long) :
			    lng == 2 ? va_arg(ap, unsigned long long) :
			    lng == 3 ? va_arg(ap, size_t) : va_arg(ap, unsigned);
			base = *f == 'u' ? 10 : 16;
			break;
		case '%':
			put(&o, "%", 1);
			continue;
		default:		/* unknown: print it as written */
			put(&o, "%", 1);
			if (*f == '\0')
				f--;
			else
				put(&o, f, 1);
			continue;
		}
		p = num + sizeof num;
		while (u != 0) {
			*--p = "0123456789abcdef0123456789ABCDEF"
			    [u % base + (*f == 'X' ? 16 : 0)];
			u /= base;
		}
		n = num + sizeof num - p;
		if (prec < 0 && n == 0) {
			*--p = '0';
			n = 1;
		}
		prec = prec > n ? prec - n : 0;
		width -= n + prec + neg;
		if (!left && !zero)
			pad(&o, ' ', width);
		put(&o, "-", neg);
		if (!left && zero)
			pad(&o, '0', width);
		pad(&o, '0', prec);
		put(&o, p, n);
		if (left)
			pad(&o, ' ', width);
	}
	if (size)
		buf[o.len < o.size ? o.len : o.size] = '\0';
	return o.len > INT32_MAX ? -1 : (int)o.len;
}

int
snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Straight to the file descriptor, one write(2) per call, no stdio buffer:
 * a line reaches the console whole and in order, and nothing is left to
 * flush before a fork or an exit. A line longer than the stack buffer is
 * formatted again into one of its length, never cut.
 */
int
vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	char buf[1024], *p = buf;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n >= (int)sizeof buf && (p = malloc((size_t)n + 1)) != NULL)
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	if (p == NULL)
		return -1;
	n = write(fd, p, n) == n ? n : -1;
	if (p != buf)
		free(p);
	return n;
}

int
dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int
printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}
