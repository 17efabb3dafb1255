/* SPDX-License-Identifier: ISC */
/*
 * inflate.c - RFC 1951 (deflate) decoding from memory into memory, for
 * .ko.gz modules. Huffman codes are decoded as zlib's contrib/puff does:
 * a canonical code (3.2.2) is read bit by bit and compared with the first
 * code of each length, so a code set is two small arrays, not a table.
 * Every input bit is checked against the input's end, every output byte
 * and distance against what is written; code sets are refused when
 * over-subscribed or incomplete (as zlib does). No recursion; each step
 * reads at least one bit or writes at least one byte.
 */
#include <string.h>

#include "box.h"

#define MAXBITS	15	/* 3.2.7: the longest code */
#define NLIT	286	/* 3.2.5: literal/length codes usable */
#define NDIST	30	/* distance codes usable */
#define NFIX	288	/* 3.2.6: the fixed code has two more */

struct huff {
	short count[MAXBITS + 1];	/* codes of each length */
	short sym[NFIX];		/* symbols, in code order */
};

struct inf {
	const unsigned char *in;
	size_t inlen, inpos;
	unsigned char *out;
	size_t outcap, outpos;
	unsigned long bitbuf;	/* 3.1.1: bits come LSB first */
	int bitcnt, bad;	/* bad: input ended (sticky; reads give 0) */
	int full;		/* the output would pass outcap */
};

static unsigned
bits(struct inf *s, int need)
{
	unsigned long v = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->inpos == s->inlen) {
			s->bad = 1;
			return 0;
		}
		v |= (unsigned long)s->in[s->inpos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = v >> need;
	s->bitcnt -= need;
	return v & ((1ul << need) - 1);
}

/*
 * The canonical code of LEN[0..N-1] into H (3.2.2). 0 complete, < 0
 * over-subscribed, > 0 incomplete (the number of codes missing).
 */
static int
build(struct huff *h, const unsigned char *len, int n)
{
	short offs[MAXBITS + 1];
	int left = 1, i;

	memset(h->count, 0, sizeof h->count);
	for (i = 0; i < n; i++)
		h->count[len[i]]++;
	if (h->count[0] == n)	/* no codes: complete, nothing decodes */
		return 0;
	offs[1] = 0;
	for (i = 1; i <= MAXBITS; i++) {
		if ((left = 2 * left - h->count[i]) < 0)
			return left;
		if (i < MAXBITS)
			offs[i + 1] = offs[i] + h->count[i];
	}
	for (i = 0; i < n; i++)
		if (len[i])
			h->sym[offs[len[i]]++] = i;
	return left;
}

/* 3.2.7: an incomplete set is allowed only as one code of one bit. */
static int
build_ok(struct huff *h, const unsigned char *len, int n)
{
	int r = build(h, len, n);

	return r == 0 || (r > 0 && h->count[0] + h->count[1] == n);
}

/* The next symbol of code H, or -1 (no such code, or input ended). */
static int
decode(struct inf *s, const struct huff *h)
{
	int len, code = 0, first = 0, index = 0;

	for (len = 1; len <= MAXBITS; len++) {
		if (s->bitcnt == 0) {	/* bits(s, 1) inline: 2-8 times faster */
			if (s->inpos == s->inlen)
				return -1;
			s->bitbuf = s->in[s->inpos++];
			s->bitcnt = 8;
		}
		code |= s->bitbuf & 1;
		s->bitbuf >>= 1;
		s->bitcnt--;
		if (code - h->count[len] < first)
			return h->sym[index + code - first];
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return -1;
}

/* A compressed block's data (3.2.5) up to its end-of-block code. */
static int
codes(struct inf *s, const struct huff *lit, const struct huff *dist)
{
	size_t len, d;
	int sym, e;

	while ((sym = decode(s, lit)) != 256) {
		if (sym < 0 || s->bad)
			return -1;
		if (sym < 256 && s->outpos == s->outcap) {
			s->full = 1;
			return -1;
		}
		if (sym < 256) {
			s->out[s->outpos++] = sym;
			continue;
		}
		/* Lengths 3..258: codes 257-264 one each, then four per
		 * extra bit, 285 is 258 (the table in 3.2.5). */
		if ((sym -= 257) >= 29)
			return -1;
		e = sym < 8 ? 0 : sym / 4 - 1;
		len = sym == 28 ? 258 : sym < 8 ? sym + 3u :
		    ((4u | (sym & 3)) << e) + 3 + bits(s, e);
		/* Distances 1..32768: 0-3 one each, then two per extra bit */
		if ((sym = decode(s, dist)) < 0 || sym >= NDIST)
			return -1;
		e = sym < 4 ? 0 : sym / 2 - 1;
		d = sym < 4 ? sym + 1u : ((2u | (sym & 1)) << e) + 1 + bits(s, e);
		if (s->bad || d > s->outpos)
			return -1;
		if (len > s->outcap - s->outpos) {
			s->full = 1;
			return -1;
		}
		for (; len > 0; len--, s->outpos++)
			s->out[s->outpos] = s->out[s->outpos - d];
	}
	return 0;
}

/* 3.2.4: a stored block, from the next byte boundary. */
static int
stored(struct inf *s)
{
	const unsigned char *p = s->in + s->inpos;
	size_t n;

	s->bitbuf = 0;
	s->bitcnt = 0;
	if (s->inlen - s->inpos < 4)
		return -1;
	n = p[0] | p[1] << 8;		/* LEN, then NLEN: its complement */
	if ((n ^ 0xffff) != (size_t)(p[2] | p[3] << 8))
		return -1;
	s->inpos += 4;
	if (n > s->inlen - s->inpos)
		return -1;
	if (n > s->outcap - s->outpos) {
		s->full = 1;
		return -1;
	}
	memcpy(s->out + s->outpos, s->in + s->inpos, n);
	s->inpos += n;
	s->outpos += n;
	return 0;
}

/* 3.2.6 (fixed code, in LEN) or 3.2.7 (the block's own, read into LEN) */
static int
huffman(struct inf *s, int dynamic)
{
	static const unsigned char order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
	};
	unsigned char len[NFIX + NDIST];
	struct huff lit, dist;
	int nlit, ndist, ncode, i, sym, rep;

	if (!dynamic) {
		for (i = 0; i < NFIX; i++)
			len[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
		memset(len + NFIX, 5, NDIST);
		build(&lit, len, NFIX);
		build(&dist, len + NFIX, NDIST);	/* 30 of 32: incomplete */
		return codes(s, &lit, &dist);
	}
	nlit = bits(s, 5) + 257;
	ndist = bits(s, 5) + 1;
	ncode = bits(s, 4) + 4;
	if (nlit > NLIT || ndist > NDIST)
		return -1;
	for (i = 0; i < 19; i++)
		len[order[i]] = i < ncode ? bits(s, 3) : 0;
	if (build(&lit, len, 19) != 0)		/* this one must be complete */
		return -1;
	for (i = 0; i < nlit + ndist; ) {
		if ((sym = decode(s, &lit)) < 0)
			return -1;
		if (sym < 16) {
			len[i++] = sym;
			continue;
		}
		if (sym == 16 && i == 0)	/* repeat, but nothing before */
			return -1;
		rep = sym == 16 ? 3 + bits(s, 2) : sym == 17 ? 3 + bits(s, 3) :
		    11 + bits(s, 7);
		if (rep > nlit + ndist - i)
			return -1;
		sym = sym == 16 ? len[i - 1] : 0;
		while (rep-- > 0)
			len[i++] = sym;
	}
	if (len[256] == 0 || !build_ok(&lit, len, nlit) ||
	    !build_ok(&dist, len + nlit, ndist))
		return -1;
	return codes(s, &lit, &dist);
}

long
inflate_raw(const void *in, size_t inlen, size_t *used, void *out,
    size_t outcap)
{
	struct inf s = { .in = in, .inlen = inlen, .out = out,
	    .outcap = outcap };
	int last, type;

	do {
		last = bits(&s, 1);
		type = bits(&s, 2);
		if (type == 3 || (type == 0 ? stored(&s) :
		    huffman(&s, type == 2)) < 0 || s.bad)
			return s.full ? -2 : -1;
	} while (!last);
	*used = s.inpos;
	return s.outpos;
}
