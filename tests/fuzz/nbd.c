/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: vmm_nbd, the parser of disk = nbd:// URLs. What it
 * accepts has no ',' (QEMU would split -drive there), a port QEMU takes,
 * and a socket path inside the input that fits sun_path.
 */
#include <stdint.h>
#include <string.h>

#include "../../applets/vmm/conf.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vmm_nbd u;

	if (vmm_nbd(buf, size, &u) < 0)
		return 0;
	if (memchr(buf, ',', size) || u.port == 0 || u.port > 65535 ||
	    (u.sock.p && (u.sock.p < buf || u.sock.len > 107 ||
	    u.sock.p + u.sock.len > buf + size || u.sock.p[0] != '/')))
		__builtin_trap();
	return 0;
}
