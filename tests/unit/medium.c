/* SPDX-License-Identifier: ISC */
/*
 * medium.c - the FAT label parser on boot sectors built by hand and by
 * mformat's layout, hostile ones, random ones; medium_find on a made-up
 * /sys/class/block and /dev tree.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

/* A valid FAT16 (FAT32: fat32 != 0) boot sector labelled LABEL. */
static void
sector(unsigned char *s, int fat32, const char *label)
{
	size_t lab = fat32 ? 71 : 43;

	memset(s, 0, 512);
	memcpy(s, "\xeb\x3c\x90MTOO4043", 11);
	s[11] = 0, s[12] = 2;		/* 512 bytes per sector */
	s[13] = 4;			/* sectors per cluster */
	s[14] = fat32 ? 32 : 1;		/* reserved sectors */
	s[16] = 2;			/* FATs */
	if (!fat32)
		s[22] = 200;		/* FATSz16 */
	s[fat32 ? 66 : 38] = 0x29;
	memset(s + lab, ' ', 11);
	memcpy(s + lab, label, strlen(label));
	memcpy(s + lab + 11, fat32 ? "FAT32   " : "FAT16   ", 8);
	s[510] = 0x55, s[511] = 0xaa;
}

static int
put(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	return f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0;
}

int
main(void)
{
	unsigned char s[600], fat16[512], fat32[512];
	char label[12], dir[] = "/tmp/medium.XXXXXX", path[300];
	char part[256], disk[256];
	int i, bad = 0;

	rng_init();
	sector(s, 0, "HALBOX");
	ok(fat_label(s, 512, label) == 0 && strcmp(label, "HALBOX") == 0,
	    "FAT16: the label at offset 43, blanks trimmed");
	sector(s, 1, "HALBOX");
	ok(fat_label(s, 512, label) == 0 && strcmp(label, "HALBOX") == 0,
	    "FAT32: the label at offset 71");
	sector(s, 1, "NO NAME");
	ok(fat_label(s, 512, label) == 0 && strcmp(label, "NO NAME") == 0,
	    "inner blanks are kept");
	sector(s, 0, "ELEVENCHARS");
	ok(fat_label(s, 512, label) == 0 && strcmp(label, "ELEVENCHARS") == 0,
	    "an 11-byte label, no blank");
	sector(s, 0, "");
	ok(fat_label(s, 512, label) == 0 && label[0] == '\0',
	    "an all-blank label is empty");
	sector(s, 0, "HALBOX");
	ok(fat_label(s, 511, label) == -1, "511 bytes: too short");
	s[511] = 0;
	ok(fat_label(s, 512, label) == -1, "no 0x55aa signature");
	sector(s, 0, "HALBOX");
	s[38] = 0x28;
	ok(fat_label(s, 512, label) == -1, "boot signature 0x28: no label field");
	sector(s, 1, "HALBOX");
	s[66] = 0;
	ok(fat_label(s, 512, label) == -1, "FAT32 without the 0x29 signature");
	sector(s, 0, "HALBOX");
	s[0] = 0x33;
	ok(fat_label(s, 512, label) == -1, "no jump instruction");
	sector(s, 0, "HALBOX");
	s[12] = 3;
	ok(fat_label(s, 512, label) == -1, "768 bytes per sector");
	sector(s, 0, "HALBOX");
	s[13] = 3;
	ok(fat_label(s, 512, label) == -1, "3 sectors per cluster");
	sector(s, 0, "HALBOX");
	s[14] = 0;
	ok(fat_label(s, 512, label) == -1, "0 reserved sectors (NTFS)");
	sector(s, 0, "HALBOX");
	s[16] = 0;
	ok(fat_label(s, 512, label) == -1, "no FAT");
	memset(s, 0, 512);
	memcpy(s, "\xeb\x76\x90" "EXFAT   ", 11);
	s[510] = 0x55, s[511] = 0xaa;
	ok(fat_label(s, 512, label) == -1, "exFAT (BPB bytes all 0)");
	sector(s, 1, "HALBOX");
	memset(s + 512, 0xff, sizeof s - 512);
	ok(fat_label(s, sizeof s, label) == 0, "bytes past the sector are ignored");

	for (i = 0; i < 20000; i++) {
		size_t n = 500 + rng_below(sizeof s - 500);

		sector(s, rng_below(2), "HALBOX");
		if (rng_below(2))
			rng_bytes(s + rng_below(100), 1 + rng_below(20));
		else
			rng_bytes(s, n);
		if (fat_label(s, n, label) == 0 && strlen(label) > 11)
			bad = 1;
	}
	ok(!bad, "20000 mutated sectors: a label is at most 11 bytes");

	/* A made-up root: sda1 is FAT16 "OTHER", sdb1 FAT32 "HALBOX". */
	sector(fat16, 0, "OTHER");
	sector(fat32, 1, "HALBOX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/sys", dir), mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/sys/class", dir), mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/sys/class/block", dir), mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/dev", dir), mkdir(path, 0755);
	ok(medium_find(dir, part, disk) == -1 && part[0] == '\0',
	    "no block device: not found");
#define LINK(name, target)						\
	snprintf(path, sizeof path, "%s/sys/class/block/%s", dir, name),	\
	    symlink(target, path)
#define DEV(name, buf, len)						\
	snprintf(path, sizeof path, "%s/dev/%s", dir, name),		\
	    put(path, buf, len)
	LINK("sda", "../../devices/pci0000:00/0000:00:1f.2/ata1/host0/"
	    "target0:0:0/0:0:0:0/block/sda");
	LINK("sda1", "../../devices/pci0000:00/0000:00:1f.2/ata1/host0/"
	    "target0:0:0/0:0:0:0/block/sda/sda1");
	LINK("sdb", "../../devices/pci0000:00/usb2/2-1/host6/block/sdb");
	LINK("sdb1", "../../devices/pci0000:00/usb2/2-1/host6/block/sdb/sdb1");
	LINK("sr0", "../../devices/pci0000:00/ata2/host1/block/sr0");
	DEV("sda", "\x33\xc0", 2);
	DEV("sda1", fat16, 512);
	DEV("sdb", "\xfa\x31\xc0", 3);
	DEV("sdb1", fat32, 512);
	ok(medium_find(dir, part, disk) == 0 && strcmp(part, "sdb1") == 0 &&
	    strcmp(disk, "sdb") == 0, "FAT32 HALBOX on sdb1: disk sdb");
	LINK("loop0", "../../devices/virtual/block/loop0");
	DEV("loop0", fat32, 512);
	ok(medium_find(dir, part, disk) == 0 && strcmp(part, "loop0") == 0 &&
	    strcmp(disk, "loop0") == 0,
	    "first by name; a file system over a whole disk is its own disk");
	snprintf(path, sizeof path, "%s/sys/class/block/loop0", dir);
	unlink(path);
	LINK("loop0", "loop0");
	ok(medium_find(dir, part, disk) == 0 && strcmp(part, "sdb1") == 0,
	    "a link not shaped as sysfs' is skipped");
	snprintf(path, sizeof path, "%s/sys/class/block/loop0", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/dev/sdb1", dir);
	unlink(path);
	ok(medium_find(dir, part, disk) == -1, "sdb1 has no /dev node: not found");
	DEV("sdb1", fat16, 512);
	ok(medium_find(dir, part, disk) == -1, "only other labels: not found");

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	/* our own mkdtemp(3) directory: a shell is fine */
	return system(path) != 0 || done();	/* NOLINT(cert-env33-c) */
}
