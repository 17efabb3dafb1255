/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the rtnetlink reply parser and its decoders. The
 * first byte picks what the reply is decoded as (link, address, route),
 * how much room there is, and (bit 5) one message body straight to its
 * decoder rather than a whole datagram; the rest is the bytes "from the
 * kernel", copied to an aligned buffer as recv(2) would leave it.
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
	int k = 0;

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
	if (data[0] & 32) {
		/* one message body: 1 listed, 0 not, -1 malformed, no more */
		switch (data[0] & 3) {
		case 0:
			k = net_link_decode(buf, size - 1, out.l, r.stats);
			if (k == 1 && out.l[0].name[sizeof out.l[0].name - 1])
				__builtin_trap();
			break;
		case 1:
			k = net_addr_decode(buf, size - 1, out.a);
			if (k == 1 && (out.a[0].prefix > 32 ||
			    out.a[0].label[sizeof out.a[0].label - 1]))
				__builtin_trap();
			break;
		default:
			k = net_route_decode(buf, size - 1, out.r);
			if (k == 1 && out.r[0].prefix > 32)
				__builtin_trap();
		}
	} else {
		/* seq 0: what a zeroed header carries: the decoders are reached */
		net_reply_parse(buf, size - 1, 0, &r);
	}
	free(buf);
	if (k < -1 || k > 1)
		__builtin_trap();
	/* why stays terminated; libFuzzer ignores the return value: trap */
	if (r.why[sizeof r.why - 1] != '\0')
		__builtin_trap();
	return 0;
}
