/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the command-line argument parsers. The first byte
 * picks the parser (low 3 bits) and, for parse_uint, the base (bits 3-4)
 * and the maximum (bits 5-7); the rest is the argument, copied with a NUL
 * as argv holds it. A parser's answer is checked against a reference
 * (inet_pton, strtoul) or a round trip through its printed form.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../applets/mknod.c"
/* ifconfig.c and udhcpc.c each have a static refused(): one TU here */
#define refused ifconfig_refused
#include "../../applets/ifconfig.c"
#undef refused
#include "../../applets/udhcpc/packet.c"
#include "../../applets/udhcpc/state.c"
#include "../../applets/udhcpc/udhcpc.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a broken promise: its line, then a trap (libFuzzer ignores returns) */
#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); __builtin_trap(); } } while (0)

/*
 * What span_uint must answer, from strtoul: all of S digits of BASE (a
 * leading digit, 0x only when BASE is 0), the value at most MAX.
 */
static int
ref_uint(const char *s, int base, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, base);
	return *end != '\0' || errno == ERANGE || *v > max ? -1 : 0;
}

/* S accepted as V in BASE: printed again, the same digits */
static void
uint_reprints(const char *s, int base, unsigned long v)
{
	char buf[32];

	if (base == 0 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		s += 2;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	while (s[0] == '0' && s[1] != '\0')
		s++;
	snprintf(buf, sizeof buf, base == 8 ? "%lo" : base == 10 ? "%lu" :
	    "%lx", v);
	CHECK(strcasecmp(s, buf) == 0);
}

static void
check_uint(const uint8_t *data, size_t size, const char *s, unsigned pick)
{
	static const int bases[] = { 0, 8, 10, 16 };
	static const unsigned long maxes[] = { 0, 1, 7, 32, 255, 07777,
		0xffffffff, ULONG_MAX };
	int base = bases[pick >> 3 & 3];
	unsigned long max = maxes[pick >> 5], v, rv, sv;
	int r = parse_uint(s, base, max, &v), err = errno;

	/* refused: errno says why (EINVAL, ERANGE), as span.h promises */
	CHECK(r == 0 || err == EINVAL || err == ERANGE);
	CHECK(r == ref_uint(s, base, max, &rv));
	if (r == 0) {
		CHECK(v == rv && v <= max);
		uint_reprints(s, base, v);
	}
	/* the same bytes as a span, not NUL-terminated: the same answer */
	if (memchr(data, '\0', size) == NULL) {
		CHECK(span_uint((struct span){ (const char *)data, size },
		    base, max, &sv) == r);
		CHECK(r < 0 || sv == v);
	}
}

static void
check_ip(const char *s)
{
	struct in_addr a, ref;
	char buf[16];

	/* inet_pton's rules: four decimal bytes, no leading zero */
	a.s_addr = 0;
	CHECK((net_parse_ip(s, &a, NULL) == 0) ==
	    (inet_pton(AF_INET, s, &ref) == 1));
	if (net_parse_ip(s, &a, NULL) == 0) {
		CHECK(a.s_addr == ref.s_addr);
		CHECK(strcmp(net_ntoa(a, buf), s) == 0);
	}
}

static void
check_ip_prefix(const char *s)
{
	const char *slash = strchr(s, '/');
	char addr[64];
	struct in_addr a, ref;
	unsigned prefix = 99;
	unsigned long n;
	int r = net_parse_ip(s, &a, &prefix);

	if (slash == NULL) {
		CHECK(r == (inet_pton(AF_INET, s, &ref) == 1 ? 0 : -1));
		CHECK(r < 0 || (a.s_addr == ref.s_addr && prefix == 99));
		return;
	}
	if ((size_t)(slash - s) >= sizeof addr) {
		CHECK(r == -1);
		return;
	}
	memcpy(addr, s, slash - s);
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET, addr, &ref) != 1) {
		CHECK(r == -1);
		return;
	}
	CHECK(a.s_addr == ref.s_addr);
	CHECK(r == (ref_uint(slash + 1, 10, 32, &n) == 0 ? 0 : -2));
	CHECK(r < 0 || prefix == n);
}

static void
check_mac(const char *s)
{
	unsigned char mac[6], again[6];
	char buf[18];

	if (parse_mac(s, mac) < 0)
		return;
	/* a station's address, at most 17 characters, both forms read back */
	CHECK(!(mac[0] & 1) && (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] |
	    mac[5]));
	CHECK(strlen(s) >= 11 && strlen(s) <= 17);
	snprintf(buf, sizeof buf, "%02X:%02X:%02X:%02X:%02X:%02X", mac[0],
	    mac[1], mac[2], mac[3], mac[4], mac[5]);
	CHECK(parse_mac(buf, again) == 0 && memcmp(mac, again, 6) == 0);
	CHECK(strlen(s) < 17 || strcasecmp(s, buf) == 0);
	snprintf(buf, sizeof buf, "%x:%x:%x:%x:%x:%x", mac[0], mac[1], mac[2],
	    mac[3], mac[4], mac[5]);
	CHECK(parse_mac(buf, again) == 0 && memcmp(mac, again, 6) == 0);
}

static void
check_mode(const char *s)
{
	long m0 = parse_mode(s, 0), m = parse_mode(s, 0666),
	    m7 = parse_mode(s, 07777);

	/* malformed whatever the mode it applies to; never beyond 07777 */
	CHECK((m0 < 0) == (m < 0) && (m < 0) == (m7 < 0));
	CHECK(m < 0 || ((m0 | m | m7) & ~07777L) == 0);
}

static void
check_optcode(const uint8_t *data, size_t size)
{
	char buf[8];
	int code = optcode((const char *)data, size);

	/* a code DHCP can carry: not PAD (0), not END (255) */
	CHECK(code == -1 || (code >= 1 && code <= 254));
	if (code > 0) {
		snprintf(buf, sizeof buf, "%d", code);
		CHECK(optcode(buf, strlen(buf)) == code);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1 || size > 4096)
		return 0;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] & 7) {
	case 0:
		check_ip(s);
		break;
	case 1:
		check_ip_prefix(s);
		break;
	case 2:
		check_mac(s);
		break;
	case 3:
		check_mode(s);
		break;
	case 4:
		check_optcode(data + 1, size - 1);
		break;
	default:
		check_uint(data + 1, size - 1, s, data[0]);
		break;
	}
	free(s);
	return 0;
}
