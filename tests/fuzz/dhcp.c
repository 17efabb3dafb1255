/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the DHCP reply parser (applets/udhcpc/packet.c), both
 * from the IP header (raw socket) and from the BOOTP header (UDP socket).
 * The xid and chaddr are taken from the input itself so that the fuzzer
 * reaches the options; what it accepts must hold only checked values,
 * and what it refuses has one of the reasons of enum dhcp_err.
 */
#include <stdint.h>
#include <string.h>

#include "../../applets/udhcpc/packet.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* accepted: only checked values; refused: a reason udhcpc can name */
static int
checked(enum dhcp_err r, const struct dhcp_msg *m)
{
	if (r != DHCP_OK)
		return r > DHCP_OK && r <= DHCP_NOT_OURS;
	if (m->type == DHCPNAK)
		return 1;
	return unicast(m->yiaddr) && m->prefix <= 32 &&
	    m->nroutes <= DHCP_MAX_ROUTES && m->ndns <= DHCP_MAX_ADDRS &&
	    (m->lease == DHCP_INFINITE ||
	    (m->t1 < m->t2 && m->t2 < m->lease)) &&
	    (!m->domain[0] || dhcp_name_ok(m->domain, strlen(m->domain))) &&
	    (!m->hostname[0] ||
	    dhcp_name_ok(m->hostname, strlen(m->hostname))) &&
	    strlen(m->search) <= DHCP_NAME_MAX &&
	    strspn(m->search, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-. ") == strlen(m->search);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 };
	static uint8_t b[4096 + 240];
	struct dhcp_msg m;
	unsigned char chaddr[6] = { 0 };
	uint32_t xid = 0;
	size_t n;

	/*
	 * Half the inputs: a valid BOOTREPLY header with sname and file taken
	 * from the input (overload), the rest as options, so that the fuzzer
	 * spends its time in the option code and not on the cookie.
	 */
	if (size > 0 && data[0] & 1) {
		memset(b, 0, 240);
		b[0] = 2;
		b[1] = 1;
		b[2] = 6;
		memcpy(b + 28, mac, 6);
		n = size - 1 < 192 ? size - 1 : 192;
		memcpy(b + 44, data + 1, n);
		memcpy(b + 236, magic, 4);
		memcpy(b + 240, data + 1 + n, size - 1 - n);
		if (!checked(dhcp_parse(b, 240 + size - 1 - n, 0, mac, &m),
		    &m))
			__builtin_trap();
		return 0;
	}
	if (size >= 34) {
		xid = be32(data + 4);
		memcpy(chaddr, data + 28, 6);
	}
	if (!checked(dhcp_parse(data, size, xid, chaddr, &m), &m))
		__builtin_trap();
	if (size >= 62) {
		xid = be32(data + 32);
		memcpy(chaddr, data + 56, 6);
	}
	if (!checked(dhcp_parse_ip(data, size, size & 1 ? CSUM_PARTIAL : 0,
	    xid, chaddr, &m), &m))
		__builtin_trap();
	return 0;
}
