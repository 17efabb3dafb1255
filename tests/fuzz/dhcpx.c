/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: udhcpc's -x OPT:VALUE (x_parse). The input is the
 * argument, copied with a NUL as argv holds it. An accepted value is
 * checked against what it says: a name's bytes as given, a lease as
 * strtoul reads it (big-endian), hex bytes printed back the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../applets/udhcpc/packet.c"
#include "../../applets/udhcpc/state.c"
#include "../../applets/udhcpc/udhcpc.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a broken promise: its line, then a trap (libFuzzer ignores returns) */
#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); __builtin_trap(); } } while (0)

static void
check(const char *arg)
{
	const char *colon = strchr(arg, ':'), *why;
	uint8_t bin[255] = { 0 };
	const void *v = NULL;
	const uint8_t *b;
	char hex[2 * 255 + 1];
	size_t n = 0, i;
	int code = -1;

	if ((why = x_parse(arg, &code, bin, &v, &n)) != NULL) {
		CHECK(strcmp(why, "want OPT:VALUE") == 0 ||
		    strcmp(why, "bad seconds") == 0 ||
		    strcmp(why, "value must be hex bytes") == 0);
		CHECK(colon != NULL || strcmp(why, "want OPT:VALUE") == 0);
		return;
	}
	/* an option DHCP can carry, named before the first ':' */
	CHECK(colon != NULL && code >= 1 && code <= 254);
	CHECK(optcode(arg, colon - arg) == code);
	b = v;
	if (code == DHO_HOST_NAME || code == DHO_DOMAIN_NAME) {
		CHECK(b == (const uint8_t *)colon + 1 && n == strlen(colon + 1));
		return;
	}
	CHECK(b == bin && n <= 255);
	if (code == DHO_LEASE_TIME) {
		CHECK(n == 4 && colon[1] >= '0' && colon[1] <= '9');
		CHECK(strtoul(colon + 1, NULL, 10) == ((unsigned long)b[0] << 24 |
		    (unsigned long)b[1] << 16 | b[2] << 8 | b[3]));
		return;
	}
	hex[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	CHECK(strcasecmp(hex, colon + 1) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check(s);
	free(s);
	return 0;
}
