/* SPDX-License-Identifier: ISC */
/* uevent.c - the kernel uevent parser on well-formed and hostile messages. */
#include <stdlib.h>
#include <string.h>

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

#define MSG(s)	s, sizeof(s)	/* sizeof keeps the final NUL */

int
main(void)
{
	static const char good[] = "add@/devices/pci0000:00/0000:00:03.0\0"
	    "ACTION=add\0DEVPATH=/devices/pci0000:00/0000:00:03.0\0"
	    "SUBSYSTEM=pci\0MODALIAS=pci:v00001AF4d00001000sv\0SEQNUM=7";
	static const char blk[] = "add@/devices/x/block/sda\0ACTION=add\0"
	    "DEVPATH=/devices/x/block/sda\0SUBSYSTEM=block\0DEVNAME=sda\0"
	    "DEVTYPE=disk";
	struct uevent ev;
	char buf[96];
	int i, bad = 0;

	rng_init();
	ok(uevent_parse(MSG(good), &ev) == 0, "a PCI add event parses");
	ok(strcmp(ev.action, "add") == 0 && strcmp(ev.subsystem, "pci") == 0,
	    "ACTION and SUBSYSTEM");
	ok(strcmp(ev.modalias, "pci:v00001AF4d00001000sv") == 0, "MODALIAS");
	ok(ev.devname == NULL && ev.firmware == NULL, "absent keys are NULL");
	ok(uevent_parse(MSG(blk), &ev) == 0 && strcmp(ev.devname, "sda") == 0 &&
	    strcmp(ev.devtype, "disk") == 0, "a block event: DEVNAME, DEVTYPE");
	ok(uevent_parse(good, sizeof good - 1, &ev) == -1,
	    "a last record without NUL is malformed");
	ok(uevent_parse(MSG("libudev\0ACTION=add\0DEVPATH=/x"), &ev) == -1,
	    "a header without '@' is refused");
	ok(uevent_parse(MSG("add@/x\0SUBSYSTEM=pci"), &ev) == -1,
	    "no ACTION or DEVPATH is refused");
	ok(uevent_parse("", 0, &ev) == -1, "empty");
	ok(uevent_parse(MSG("add@/x\0ACTION\0DEVPATH=\0ACTION=add"), &ev) == 0 &&
	    strcmp(ev.devpath, "") == 0, "a key without '=' is skipped");
	for (i = 0; i < 5000; i++) {
		size_t n = 1 + rng_below(sizeof buf - 1);
		char *m = malloc(n);

		rng_bytes(buf, n);
		for (size_t j = 0; j < n; j++)
			if (buf[j] & 1)
				buf[j] = "\0@=A"[(unsigned char)buf[j] % 4];
		memcpy(m, buf, n);
		if (uevent_parse(m, n, &ev) == 0 &&
		    (ev.action < m || ev.action >= m + n))
			bad = 1;
		free(m);
	}
	ok(!bad, "5000 random messages: values stay inside the buffer");
	return done();
}
