/* SPDX-License-Identifier: ISC */
/*
 * firmware.c - vmm's readers of untrusted bytes: the disk's MBR and GPT
 * (CRCs, entry counts and sizes that overflow, an ESP past the disk's
 * end, 4 KiB sectors), the El Torito boot catalog, an OVMF variable store;
 * then vmm_firmware on disk files and the GUID as text.
 */
#include <zlib.h>

#include "../../applets/vmm/conf.c"
#include "../../applets/vmm/firmware.c"
#include "../rng.h"
#include "../tap.h"

#define DISK	(64 * 1024)
#define GUID	"\x11\x22\x33\x44\x55\x66\x77\x88" \
	"\x99\xaa\xbb\xcc\xdd\xee\xff\x01"

static void
put(uint8_t *p, uint64_t v, int n)
{
	while (n-- > 0) {
		*p++ = v & 0xff;
		v >>= 8;
	}
}

/* The header's and the entries' CRCs, for the fields as they are now. */
static void
gpt_crc(uint8_t *b, size_t ss)
{
	uint8_t *h = b + ss;
	uint64_t lba = 0, n = 0, esz = 0;

	memcpy(&lba, h + 72, 8);
	memcpy(&n, h + 80, 4);
	memcpy(&esz, h + 84, 4);
	if (lba * ss + n * esz <= DISK)
		put(h + 88, crc32(0, b + lba * ss, n * esz), 4);
	put(h + 16, 0, 4);
	put(h + 16, crc32(0, h, 92), 4);
}

/* A GPT disk: protective MBR, header at LBA 1, 128 entries at LBA 2, one
 * partition of TYPE from the first free LBA to LAST. */
static void
gpt(uint8_t *b, size_t ss, const uint8_t *type, uint64_t last)
{
	uint8_t *h = b + ss, *e = b + 2 * ss;

	memset(b, 0, DISK);
	b[MBR_PARTS + 4] = 0xee;
	b[510] = 0x55;
	b[511] = 0xaa;
	/* the GPT header's signature and revision: bytes, no NUL meant */
	memcpy(h, "EFI PART\0\0\1\0", 12);	/* NOLINT(bugprone-*) */
	put(h + 12, 92, 4);
	put(h + 24, 1, 8);
	memcpy(h + 56, GUID, 16);	/* NOLINT(bugprone-*): 16 bytes, as above */
	put(h + 72, 2, 8);
	put(h + 80, 128, 4);
	put(h + 84, 128, 4);
	memcpy(e, type, 16);
	put(e + 32, ss == 512 ? 34 : 6, 8);
	put(e + 40, last, 8);
	gpt_crc(b, ss);
}

static int
kind(uint8_t *b, uint64_t size, const char *want)
{
	uint8_t g[16] = { 0 };
	const char *why;
	int k;

	k = disk_kind(b, DISK, size, g, &why);
	return strstr(why, want) != NULL ? k : -1;
}

/* An El Torito catalog: validation entry for PLATFORM, then SECTION. */
static void
catalog(uint8_t *c, int platform, int section)
{
	uint16_t sum = 0;
	int i;

	memset(c, 0, ISO_SECTOR);
	c[0] = 1;
	c[1] = platform;
	c[30] = 0x55;
	c[31] = 0xaa;
	for (i = 0; i < 32; i += 2)
		sum += c[i] | c[i + 1] << 8;
	put(c + 28, (uint16_t)-sum, 2);
	c[32] = 0x88;		/* the default entry: bootable */
	c[64] = 0x91;
	c[65] = section;
	c[66] = 1;
}

int
main(void)
{
	static uint8_t b[DISK], c[ISO_SECTOR], v[4096];
	static const uint8_t linux_type[16] = { 0xaf, 0x3d, 0xc6, 0x0f };
	char dir[] = "/tmp/fwtest.XXXXXX", path[PATH_MAX];
	struct vmm_fw fw;
	uint16_t sum = 0;
	size_t i, j;

	rng_init();
	for (i = 0; i < 64; i++) {
		j = rng_below(sizeof b);
		rng_bytes(b, j);
		if (crc32_ieee(b, j) != crc32(0, b, j))
			break;
	}
	ok(i == 64 && crc32_ieee(NULL, 0) == 0 &&
	    crc32_ieee((const uint8_t *)"123456789", 9) == 0xcbf43926,
	    "crc32: zlib's values, 0xcbf43926 for \"123456789\"");

	gpt(b, 512, esp_type, 100);
	ok(kind(b, DISK, "GPT with an EFI System Partition") == DISK_UEFI,
	    "GPT with an ESP: UEFI");
	gpt(b, 4096, esp_type, 10);
	ok(kind(b, DISK, "GPT with an EFI System Partition") == DISK_UEFI,
	    "4 KiB sectors: header at 4096");
	gpt(b, 512, linux_type, 100);
	ok(kind(b, DISK, "GPT without an EFI System Partition") == DISK_BIOS,
	    "GPT, no ESP: BIOS");
	gpt(b, 512, esp_type, DISK / 512);
	ok(kind(b, DISK, "past the disk's end") == DISK_BIOS,
	    "ESP ending at the disk's size (one past the last LBA): BIOS");
	gpt(b, 512, esp_type, 100);
	ok(kind(b, 100 * 512, "past the disk's end") == DISK_BIOS &&
	    kind(b, 101 * 512, "with an EFI") == DISK_UEFI,
	    "ESP past the end of a smaller disk; just inside");
	gpt(b, 512, esp_type, 33);
	ok(kind(b, DISK, "past the disk's end") == DISK_BIOS,
	    "ESP ending before it starts: not used");
	gpt(b, 512, esp_type, 100);
	b[512 + 16] ^= 1;
	ok(kind(b, DISK, "GPT header: bad size, place or CRC") == DISK_BIOS,
	    "bad header CRC");
	gpt(b, 512, esp_type, 100);
	b[1024 + 100] ^= 1;
	ok(kind(b, DISK, "GPT entries: bad CRC") == DISK_BIOS,
	    "bad entries CRC");
	gpt(b, 512, esp_type, 100);
	put(b + 512 + 12, 93 + 4096, 4);
	gpt_crc(b, 512);
	ok(kind(b, DISK, "GPT header: bad size") == DISK_BIOS,
	    "header size over a sector");
	gpt(b, 512, esp_type, 100);
	put(b + 512 + 24, 2, 8);
	gpt_crc(b, 512);
	ok(kind(b, DISK, "GPT header: bad size, place") == DISK_BIOS,
	    "header not at LBA 1");
	gpt(b, 512, esp_type, 100);
	put(b + 512 + 80, 0xffffffff, 4);
	gpt_crc(b, 512);
	ok(kind(b, DISK, "GPT entries: bad size") == DISK_BIOS,
	    "2^32-1 entries: past what was read, no overflow");
	gpt(b, 512, esp_type, 100);
	put(b + 512 + 80, 0x2000000, 4);
	put(b + 512 + 84, 0x80000000, 4);
	gpt_crc(b, 512);
	ok(kind(b, DISK, "GPT entries: bad size") == DISK_BIOS,
	    "count * size over 2^56: refused before the multiplication");
	for (i = 0; i < 3; i++) {
		gpt(b, 512, esp_type, 100);
		put(b + 512 + 84, (uint32_t[]){ 0, 64, 129 }[i], 4);
		gpt_crc(b, 512);
		if (kind(b, DISK, "GPT entries: bad size") != DISK_BIOS)
			break;
	}
	ok(i == 3, "entry sizes 0, 64, 129 refused");
	gpt(b, 512, esp_type, 100);
	put(b + 512 + 72, 1ULL << 62, 8);
	gpt_crc(b, 512);
	ok(kind(b, DISK, "GPT entries: bad size") == DISK_BIOS,
	    "entries at LBA 2^62: refused, no overflow");
	gpt(b, 512, esp_type, 100);
	memset(b + 512, 0, 8);
	ok(kind(b, DISK, "protective MBR without a GPT header") == DISK_BIOS,
	    "protective MBR, no header");
	ok(disk_kind(b, 511, DISK, v, &(const char *){ 0 }) == DISK_EMPTY,
	    "less than a sector: empty");

	memset(b, 0, DISK);
	ok(kind(b, DISK, "no partition table") == DISK_EMPTY, "zeros: empty");
	b[510] = 0x55;
	b[511] = 0xaa;
	ok(kind(b, DISK, "MBR without boot code") == DISK_BIOS,
	    "an MBR signature alone: BIOS");
	b[MBR_PARTS] = 0x80;
	ok(kind(b, DISK, "MBR with an active partition") == DISK_BIOS,
	    "active partition");
	b[0] = 0xfa;
	ok(kind(b, DISK, "MBR with boot code") == DISK_BIOS, "boot code");

	memset(c, 0, sizeof c);
	memcpy(c, "\0CD001\1EL TORITO SPECIFICATION", 30);
	put(c + 0x47, 20, 4);
	ok(iso_catalog(c, sizeof c) == 20, "Boot Record: the catalog's sector");
	ok(iso_catalog(c, 0x4a) == 0, "Boot Record cut short: none");
	c[1] = 'X';
	ok(iso_catalog(c, sizeof c) == 0, "not CD001: none");
	catalog(c, 0, 0xef);
	ok(iso_efi(c, sizeof c), "x86 default entry, EFI section: EFI");
	catalog(c, 0xef, 0);
	ok(iso_efi(c, sizeof c), "EFI validation entry: EFI");
	catalog(c, 0, 0);
	ok(!iso_efi(c, sizeof c), "x86 only: not EFI");
	catalog(c, 0, 0);
	c[64] = 0x90;
	put(c + 66, 0xffff, 2);
	ok(!iso_efi(c, sizeof c), "a section of 65535 entries: stops at the end");
	catalog(c, 0, 0xef);
	c[2] = 1;
	ok(!iso_efi(c, sizeof c), "bad validation checksum: not EFI");
	catalog(c, 0, 0xef);
	ok(!iso_efi(c, 64), "catalog cut before the section: not EFI");

	/* a firmware volume's signature: 4 bytes, no NUL meant */
	memcpy(v + 40, "_FVH", 4);	/* NOLINT(bugprone-*) */
	put(v + 32, sizeof v, 8);
	put(v + 48, 72, 2);
	for (i = 0; i < 72; i += 2)
		sum += v[i] | v[i + 1] << 8;
	put(v + 50, (uint16_t)-sum, 2);
	ok(vars_ok(v, sizeof v, sizeof v), "a variable store");
	ok(!vars_ok(v, sizeof v - 2, sizeof v), "not the template's size");
	v[60] ^= 1;
	ok(!vars_ok(v, sizeof v, sizeof v), "header checksum wrong");
	v[60] ^= 1;
	put(v + 48, 8000, 2);
	ok(!vars_ok(v, sizeof v, sizeof v), "header longer than the file");

	for (i = 0; i < 3000; i++) {	/* random bytes: stay inside */
		rng_bytes(b, 4096);
		if (rng_below(2))
			gpt(b, 512, esp_type, rng_below(200));
		for (j = rng_below(8); j > 0; j--)
			b[512 + rng_below(1024)] = rng_below(256);
		disk_kind(b, rng_below(4096), rng_below(DISK), v,
		    &(const char *){ 0 });
		iso_catalog(b, rng_below(ISO_SECTOR));
		iso_efi(b, rng_below(ISO_SECTOR));
		vars_ok(b, rng_below(4096), 4096);
	}
	ok(1, "3000 random disks, catalogs, stores read without a report");

	if (mkdtemp(dir) == NULL)
		return 1;
	gpt(b, 512, esp_type, 100);
	snprintf(path, sizeof path, "%s/gpt", dir);
	write_file_atomic(path, b, DISK, 0600);
	vmm_firmware(FW_AUTO, span_str(path), NULL, &fw);
	ok(fw.uefi &&
	    strcmp(fw.id, "44332211-6655-8877-99AA-BBCCDDEEFF01") == 0,
	    "a GPT disk file: UEFI; GUID as text, first fields little-endian");
	ok(strstr(fw.line, "firmware uefi: /tmp/") &&
	    strstr(fw.line, ": GPT with an EFI System Partition"), fw.line);
	vmm_firmware(FW_BIOS, span_str(path), NULL, &fw);
	ok(!fw.uefi && strstr(fw.line, "firmware bios (set): "), fw.line);
	unlink(path);
	vmm_firmware(0, span_str(path), NULL, &fw);
	ok(!fw.uefi && strcmp(fw.id, "new") == 0 &&
	    strstr(fw.line, ": No such file or directory"), fw.line);
	rmdir(dir);
	return done();
}
