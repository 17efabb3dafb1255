/* SPDX-License-Identifier: ISC */
/*
 * in.h - a fuzz input read a byte at a time: past its end, zeros, so a
 * target's decisions never read out of bounds however short the input.
 */
struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned
byte(struct in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}
