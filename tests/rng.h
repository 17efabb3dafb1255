/* SPDX-License-Identifier: ISC */
/*
 * rng.h - replayable randomness for the tests: BearSSL's HMAC-DRBG
 * (SHA-256) seeded from $SEED, or from the clock when unset. The seed is
 * printed as a TAP comment so a failure can be replayed with SEED=...
 */
#ifndef RNG_H
#define RNG_H

#include <bearssl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static br_hmac_drbg_context rng_ctx;

static void
rng_init(void)
{
	const char *s = getenv("SEED");
	unsigned long long seed = s ? strtoull(s, NULL, 0) :
	    (unsigned long long)time(NULL);

	printf("# SEED=%llu\n", seed);
	br_hmac_drbg_init(&rng_ctx, &br_sha256_vtable, &seed, sizeof seed);
}

static void
rng_bytes(void *buf, size_t len)
{
	br_hmac_drbg_generate(&rng_ctx, buf, len);
}

static uint32_t
rng_below(uint32_t n)
{
	uint32_t v;

	rng_bytes(&v, sizeof v);
	return n ? v % n : 0;
}

#endif
