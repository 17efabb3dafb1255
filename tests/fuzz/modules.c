/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the modules.dep, modules.alias, modprobe.d (with
 * softdep's words) and gzip parsers and the glob matcher. The first byte picks the parser; the
 * rest is the untrusted table, read without a terminating NUL.
 */
#include <stdint.h>

#include "../../applets/modules/mod.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data + 1, *q;
	struct span cur, l, w, pat, mod;
	struct conf_line c;
	size_t len, outlen, half;
	int mode;
	char *out;

	if (size < 1)
		return 0;
	len = size - 1;
	cur = (struct span){ buf, len };
	switch (data[0] % 4) {
	case 0:		/* modules.dep: find a module, walk its deps */
		if (line_find(cur, "kvm_amd", 7, &l) &&
		    (q = memchr(l.p, ':', l.len)) != NULL)
			for (cur = (struct span){ q + 1, l.p + l.len - q - 1 };
			    span_word(&cur, &w);)
				mod_name(w.p, w.len);
		break;
	case 1:		/* modules.alias against a fixed modalias */
		while (alias_next(&cur, &pat, &mod))
			glob_match(pat.p, pat.len, "pci:v00001AF4d00001000sv"
			    "00001AF4sd00000001bc02sc00i00", 52);
		break;
	case 2:		/* modprobe.d, modules.softdep: each softdep's words */
		while (conf_next(&cur, &c)) {
			name_eq(c.name.p, c.name.len, "kvm_amd", 7);
			glob_match(c.name.p, c.name.len, "r8169", 5);
			for (mode = 0; c.kind == 's' &&
			    soft_next(&c.rest, &mode, &w);)
				;
		}
		break;
	default:	/* gzip'd module; and glob: pattern, then string */
		if ((out = mod_inflate(buf, len, 1 << 20, &outlen)) != NULL)
			free(out);
		half = len / 2;
		glob_match(buf, half, buf + half, len - half);
		break;
	}
	return 0;
}
