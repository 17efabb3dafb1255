/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the rtnetlink reply parser. The first byte picks what
 * the reply is decoded as (link, address, route) and how much room there
 * is; the rest is one datagram "from the kernel", copied to an aligned
 * buffer as recv(2) would leave it.
 */
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../multicall/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned short want[] = { RTM_NEWLINK, RTM_NEWADDR,
	    RTM_NEWROUTE, 0 };
	union {
		struct net_link l[3];
		struct net_addr a[3];
		struct net_route r[3];
	} out;
	struct net_stats st;
	struct net_reply r;
	void *buf;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof r);
	r.want = want[data[0] & 3];
	r.out = &out;
	r.room = data[0] >> 2 & 3;
	r.stats = data[0] & 16 ? &st : NULL;
	if ((buf = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	/* seq 0: what a zeroed header carries, so the decoders are reached */
	net_reply_parse(buf, size - 1, 0, &r);
	free(buf);
	/* why stays terminated; libFuzzer ignores the return value: trap */
	if (r.why[sizeof r.why - 1] != '\0')
		__builtin_trap();
	return 0;
}
