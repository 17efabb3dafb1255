/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: halbox's snprintf (multicall/fmt.c, renamed here so
 * the target keeps glibc's) against glibc's, on formats built from the
 * input out of the grammar fmt.c documents: literal text, %%, flags
 * "-0", a width (digits), a precision (digits or *), lengths l ll z,
 * conversions d u x X c s, with the arguments the format names,
 * each of its own type, and any buffer size (0 and small ones truncate).
 * The arguments are passed through libffi: a variadic call whose count
 * and types come from the input, each typed as the conversion reads it.
 * Left out is what C leaves undefined or to the implementation, where
 * glibc's answer is no reference: flags other than '-' on c s,
 * precision on c, a NULL string, lengths on c s.
 */
#include <ffi.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../hb_fmt.h"

#define MAXCONV	8
#define MAXARG	(3 + 2 * MAXCONV)	/* buf, size, fmt; .*, value each */
#define MAXOUT	8192	/* MAXCONV * (width 999 + precision 99 + value) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "in.h"

/* 0 to 8 bytes, little-endian: small and full-width values alike */
static uint64_t
value(struct in *in, int *bits)
{
	unsigned k = byte(in) % 9, i;
	uint64_t v = 0;

	for (i = 0; i < k; i++)
		v |= (uint64_t)byte(in) << (8 * i);
	*bits = (int)(8 * k);
	return v;
}

/* sign-extended from the width it was read at: small negatives too */
static int64_t
svalue(struct in *in)
{
	int bits;
	uint64_t v = value(in, &bits);

	if (bits > 0 && bits < 64 && (v >> (bits - 1) & 1))
		v |= ~(uint64_t)0 << bits;
	return (int64_t)v;
}

struct call {
	ffi_type *type[MAXARG];
	void *arg[MAXARG];
	union {
		int i;
		unsigned u;
		long l;
		unsigned long ul;
		long long ll;
		unsigned long long ull;
		size_t z;
		void *p;
	} val[MAXARG];
	int n;
};

static void
add(struct call *c, ffi_type *t)
{
	c->type[c->n] = t;
	c->arg[c->n] = &c->val[c->n];
	c->n++;
}

static size_t
put_num(char *f, size_t len, unsigned v)
{
	return len + (size_t)snprintf(f + len, 8, "%u", v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char strs[MAXCONV][24], want[MAXOUT];
	struct in in = { data, size };
	struct call c = { .n = 3 };
	char f[512], *got;
	size_t len = 0, bufsize, k;
	unsigned b, nconv = 0, nstr = 0;
	ffi_arg r_got, r_want;	/* libffi stores a whole register */
	int bits;
	ffi_cif cif;

	b = byte(&in);
	bufsize = b < 128 ? b % 16 : b < 224 ? b - 112 : MAXOUT;
	while (in.n > 0 && nconv < MAXCONV && len < sizeof f - 64) {
		const char *conv;
		unsigned flags, lng;

		b = byte(&in);
		if (b % 4 == 0) {	/* literal text, '%' written %% */
			for (k = b / 4 % 8; k > 0 && len < sizeof f - 64; k--) {
				b = byte(&in);
				if (b == '%')
					f[len++] = '%';
				f[len++] = b == 0 ? '.' : (char)b;
			}
			continue;
		}
		nconv++;
		conv = &"duxXcs%"[byte(&in) % 7];
		f[len++] = '%';
		if (*conv == '%') {
			f[len++] = '%';
			continue;
		}
		flags = byte(&in);
		if (strchr("cs", *conv) != NULL)
			flags &= 1;
		for (k = 0; k < 2; k++)
			if (flags & 1u << k)
				f[len++] = "-0"[k];
		switch ((b = byte(&in)) % 3) {
		case 1:
			len = put_num(f, len, b / 4 % 40);
			break;
		case 2:
			len = put_num(f, len, b / 4 * 4 + byte(&in) % 4);
			break;
		}
		if (*conv != 'c') {
			switch ((b = byte(&in)) % 4) {
			case 1:
				f[len++] = '.';
				break;
			case 2:
				f[len++] = '.';
				len = put_num(f, len, b / 4 % 40);
				break;
			case 3:	/* negative: as if omitted */
				f[len++] = '.';
				f[len++] = '*';
				add(&c, &ffi_type_sint);
				c.val[c.n - 1].i = (int)(byte(&in) % 60) - 20;
				break;
			}
		}
		lng = strchr("cs", *conv) == NULL ? byte(&in) % 4 : 0;
		len += (size_t)snprintf(f + len, 4, "%s",
		    (const char *[]){ "", "l", "ll", "z" }[lng]);
		f[len++] = *conv;
		switch (*conv) {
		case 'c':
			add(&c, &ffi_type_sint);
			c.val[c.n - 1].i = (int)(int8_t)byte(&in);
			break;
		case 's':
			k = byte(&in) % sizeof strs[0];
			if (k > in.n)
				k = in.n;
			memcpy(strs[nstr], in.p, k);
			strs[nstr][k] = '\0';	/* a NUL in the slice ends it early */
			in.p += k;
			in.n -= k;
			add(&c, &ffi_type_pointer);
			c.val[c.n - 1].p = strs[nstr++];
			break;
		case 'd':
			if (lng == 0) {
				add(&c, &ffi_type_sint);
				c.val[c.n - 1].i = (int)svalue(&in);
			} else if (lng == 2) {
				add(&c, &ffi_type_sint64);
				c.val[c.n - 1].ll = svalue(&in);
			} else {	/* long, ptrdiff_t */
				add(&c, &ffi_type_slong);
				c.val[c.n - 1].l = svalue(&in);
			}
			break;
		default:	/* u x X */
			if (lng == 0) {
				add(&c, &ffi_type_uint);
				c.val[c.n - 1].u = (unsigned)value(&in, &bits);
			} else if (lng == 2) {
				add(&c, &ffi_type_uint64);
				c.val[c.n - 1].ull = value(&in, &bits);
			} else {	/* unsigned long, size_t */
				add(&c, &ffi_type_ulong);
				c.val[c.n - 1].ul = value(&in, &bits);
			}
			break;
		}
	}
	f[len] = '\0';

	/* exactly bufsize bytes, so that ASan sees a byte written past it */
	got = bufsize ? malloc(bufsize) : NULL;
	c.type[0] = &ffi_type_pointer;
	c.type[1] = &ffi_type_ulong;
	c.type[2] = &ffi_type_pointer;
	for (k = 0; k < 3; k++)
		c.arg[k] = &c.val[k];
	c.val[1].z = bufsize;
	c.val[2].p = f;
	if (ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, (unsigned)c.n,
	    &ffi_type_sint, c.type) != FFI_OK)
		__builtin_trap();
	c.val[0].p = got;
	ffi_call(&cif, FFI_FN(fmt_snprintf), &r_got, c.arg);
	c.val[0].p = want;
	c.val[1].z = bufsize ? bufsize : sizeof want;
	ffi_call(&cif, FFI_FN(snprintf), &r_want, c.arg);
	k = (int)r_want < (int)bufsize - 1 ? (size_t)(int)r_want :
	    bufsize > 0 ? bufsize - 1 : 0;
	if ((int)r_got != (int)r_want || (bufsize > 0 &&
	    (memcmp(got, want, k) != 0 || got[k] != '\0'))) {
		/* the crash report names the case */
		fprintf(stderr, "format \"%s\" size %zu: got %d \"%.*s\", "
		    "want %d \"%.*s\"\n", f, bufsize, (int)r_got,
		    bufsize ? (int)k : 0, got ? got : "", (int)r_want,
		    bufsize ? (int)k : 0, want);
		__builtin_trap();
	}
	free(got);
	return 0;
}
