/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: vmm's reading of QEMU's QMP replies (vmm_qmp_take),
 * fed the way qmp_exec reads its socket: chunks into a buffer, the
 * replies taken after each. The buffer is 512 bytes, not qmp_exec's
 * 4096, so that inputs within libFuzzer's 4096 bytes fill it too. The
 * input is the chunks, each a length byte (1 to 128) and its bytes.
 * Checked against a reference that keeps the whole stream: the same
 * answer, and the buffer holds exactly the stream's bytes not yet taken,
 * never a whole line unless a reply came.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../applets/vmm/conf.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a broken promise: its line, then a trap (libFuzzer ignores returns) */
#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); __builtin_trap(); } } while (0)

/* qmp-spec.txt 2.4 as vmm reads it: 1 return, -1 error, 0 anything else */
static int
ref_line(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++, n--;
	if (n >= 9 && memcmp(p, "{\"return\"", 9) == 0)
		return 1;
	if (n >= 8 && memcmp(p, "{\"error\"", 8) == 0)
		return -1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char stream[1 << 16];
	char buf[512];
	const char *nl;
	size_t i = 0, n, len = 0, fed = 0, done = 0;
	int r, ref;

	if (size > sizeof stream)
		return 0;
	while (i < size) {
		n = data[i++] % 128 + 1;
		if (n > size - i)
			n = size - i;
		/* a full buffer with no line in it: qmp_exec gives up */
		if (n > sizeof buf - len)
			n = sizeof buf - len;
		if (n == 0)
			break;
		memcpy(buf + len, data + i, n);
		memcpy(stream + fed, data + i, n);
		i += n;
		len += n;
		fed += n;
		r = vmm_qmp_take(buf, &len);
		for (ref = 0; ref == 0 && (nl = memchr(stream + done, '\n',
		    fed - done)) != NULL; done = nl + 1 - stream)
			ref = ref_line(stream + done, nl - stream - done);
		CHECK(r == ref);
		CHECK(len == fed - done && memcmp(buf, stream + done, len) == 0);
		CHECK(r != 0 || memchr(buf, '\n', len) == NULL);
	}
	return 0;
}
