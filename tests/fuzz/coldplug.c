/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: what coldplug reads besides the uevent message
 * itself (tests/fuzz/uevent.c): a sysfs modalias file, and the firmware
 * a uevent asks for. The first byte picks which; the rest is the file,
 * in a buffer of its exact size (ASan sees a read past it), or the
 * uevent message. Each answer is checked against its definition:
 * alias_len() cuts exactly the newlines at the end, early() holds for
 * the aliases it names, fw_name_ok() refuses a name iff it is absolute
 * or has a ".." component (without one, nothing climbs out of
 * /lib/firmware).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../applets/modules/coldplug.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
starts(const char *a, size_t len, const char *lit)
{
	return len >= strlen(lit) && memcmp(a, lit, strlen(lit)) == 0;
}

/* 1 if a component of NAME (split at each '/') is ".." */
static int
dotdot(const char *name)
{
	const char *p, *slash;
	size_t n;

	for (p = name;; p = slash + 1) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && memcmp(p, "..", 2) == 0)
			return 1;
		if (slash == NULL)
			return 0;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uevent ev;
	size_t len, i;
	char *a;
	int pci;

	if (size < 1)
		return 0;
	if (data[0] & 1) {		/* a uevent asking for firmware */
		if (uevent_parse((const char *)data + 1, size - 1, &ev) < 0 ||
		    ev.firmware == NULL)
			return 0;
		if (fw_name_ok(ev.firmware) ==
		    (ev.firmware[0] == '/' || dotdot(ev.firmware)))
			__builtin_trap();
		return 0;
	}
	if ((a = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(a, data + 1, size - 1);
	len = alias_len(a, size - 1);
	if (len > size - 1 || (len > 0 && a[len - 1] == '\n'))
		__builtin_trap();
	for (i = len; i < size - 1; i++)
		if (a[i] != '\n')
			__builtin_trap();
	/* PCI storage and network controllers: bc01, bc02 at offset 42 */
	pci = starts(a, len, "pci:") && len > 45 &&
	    memcmp(a + 42, "bc0", 3) == 0 && (a[45] == '1' || a[45] == '2');
	if (early(a, len) != (pci || starts(a, len, "cpu:") ||
	    starts(a, len, "virtio:") || starts(a, len, "scsi:")))
		__builtin_trap();
	free(a);
	return 0;
}
