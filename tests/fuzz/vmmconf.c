/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: vmm's parsers on the same bytes - vmm.conf, the
 * kernel command line's vmm.* words, meminfo, the CPU list, a QMP line.
 */
#include <stdint.h>
#include <string.h>

#include "../../applets/vmm/conf.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A value handed out must lie inside the input. */
static int
inside(struct span v, const char *buf, size_t size)
{
	return v.p == NULL || (v.p >= buf && v.len <= size &&
	    v.p + v.len <= buf + size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vmm_conf c;
	struct vmm_err e;
	unsigned long n;
	size_t k;

	memset(&c, 0, sizeof c);
	if (vmm_conf_parse(buf, size, &c, &e) < 0 &&
	    (!inside(e.key, buf, size) || !inside(e.val, buf, size)))
		__builtin_trap();
	vmm_cmdline(buf, size, &c, &e);
	for (k = 0; k < NKEYS; k++)
		if (!inside(c.v[k], buf, size))
			__builtin_trap();
	vmm_meminfo(buf, size, &n);
	if (vmm_cpus(buf, size, &n) == 0 && n > size * (1UL << 20))
		__builtin_trap();
	vmm_qmp_line(buf, size);
	return 0;
}
