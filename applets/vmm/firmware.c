/* SPDX-License-Identifier: ISC */
/*
 * firmware.c - which firmware a guest gets (README.md, "Guests"), and its
 * UEFI variables. The bytes of the disk, of the CD and of a stored
 * variable file are untrusted: pure parsers over (buf, len) read them,
 * every offset checked against len first; the reads and files come after.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "vmm.h"

#define MBR_PARTS	446	/* four 16-byte entries (UEFI 2.10 5.2.1) */
#define HEAD		(1 << 20)	/* read: MBR, GPT header, entries */
#define ISO_SECTOR	2048
#define VARS_MAX	(1 << 22)	/* OVMF_VARS_4M.fd is 528 KiB */
#define MEDIUM		"/run/vmm.medium"	/* the boot medium, briefly */

enum { DISK_EMPTY, DISK_BIOS, DISK_UEFI };

/* EFI System Partition, C12A7328-F81F-11D2-BA4B-00A0C93EC93B, as stored */
static const uint8_t esp_type[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b
};

static uint64_t
le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/*
 * CRC-32 (ISO 3309, reflected 0xEDB88320), as GPT uses (UEFI 2.10 5.3.2),
 * a bit at a time: a few KiB once a boot. zlib is not linked in, and its
 * crc32() would bring 12 KB of tables.
 */
static uint32_t
crc32_ieee(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffff;
	int k;

	while (n-- > 0)
		for (c ^= *p++, k = 0; k < 8; k++)
			c = c >> 1 ^ (0xedb88320 & -(c & 1));
	return ~c;
}

/*
 * What the first LEN bytes of a disk of SIZE bytes hold (UEFI 2.10 5.2,
 * 5.3): DISK_UEFI a GPT with an EFI System Partition inside the disk,
 * DISK_BIOS anything else with an MBR signature, DISK_EMPTY neither. A
 * GPT header with good CRCs gives GUID, the disk's GUID; *WHY says what.
 * Sectors of 512 and 4096 bytes; the backup GPT is not read.
 */
static int
disk_kind(const uint8_t *b, size_t len, uint64_t size, uint8_t guid[16],
    const char **why)
{
	uint8_t hdr[4096];
	uint64_t lba, n, esz, i, past = 0;
	size_t ss, hsz;
	const uint8_t *h, *e;

	*why = "no partition table";
	if (len < 512 || b[510] != 0x55 || b[511] != 0xaa)
		return DISK_EMPTY;
	for (i = 0, *why = "MBR without boot code"; i < 4; i++) {
		if (b[MBR_PARTS + 16 * i] == 0x80)
			*why = "MBR with an active partition";
		if (b[MBR_PARTS + 16 * i + 4] == 0xee)
			break;		/* protective MBR (5.2.3) */
	}
	if (i == 4) {
		for (i = 0; i < 440; i++)	/* 440: the disk signature */
			if (b[i] != 0)
				*why = "MBR with boot code";
		return DISK_BIOS;
	}
	*why = "protective MBR without a GPT header";
	for (ss = 512; ss <= 4096; ss *= 8)
		if (len >= 2 * ss && memcmp(b + ss, "EFI PART", 8) == 0)
			break;
	if (ss > 4096)
		return DISK_BIOS;
	h = b + ss;
	hsz = le(h + 12, 4);
	*why = "GPT header: bad size, place or CRC";
	if (hsz < 92 || hsz > ss || le(h + 24, 8) != 1)
		return DISK_BIOS;
	memcpy(hdr, h, hsz);
	memset(hdr + 16, 0, 4);		/* its CRC is over itself with 0 */
	if (crc32_ieee(hdr, hsz) != le(h + 16, 4))
		return DISK_BIOS;
	lba = le(h + 72, 8);
	n = le(h + 80, 4);
	esz = le(h + 84, 4);
	*why = "GPT entries: bad size, or past the first MiB";
	if (esz < 128 || esz % 128 != 0 || n > len / esz || lba > len / ss ||
	    n * esz > len - lba * ss)
		return DISK_BIOS;
	*why = "GPT entries: bad CRC";
	if (crc32_ieee(b + lba * ss, n * esz) != le(h + 88, 4))
		return DISK_BIOS;
	memcpy(guid, h + 56, 16);
	for (i = 0; i < n; i++) {
		e = b + lba * ss + i * esz;
		if (memcmp(e, esp_type, 16) != 0)
			continue;
		if (le(e + 32, 8) <= le(e + 40, 8) &&
		    le(e + 40, 8) < size / ss) {
			*why = "GPT with an EFI System Partition";
			return DISK_UEFI;
		}
		past = 1;
	}
	*why = past ? "GPT: its EFI System Partition is past the disk's end" :
	    "GPT without an EFI System Partition";
	return DISK_BIOS;
}

/*
 * El Torito 1.0, 2.0: the boot catalog's sector, from the Boot Record
 * Volume Descriptor (sector 17); 0 if VD is not one.
 */
static uint32_t
iso_catalog(const uint8_t *vd, size_t len)
{
	static const char id[] = "\0CD001\1EL TORITO SPECIFICATION";

	if (len < 0x4b || memcmp(vd, id, sizeof id - 1) != 0)
		return 0;
	return le(vd + 0x47, 4);
}

/*
 * 1 if the boot catalog CAT has an entry for EFI: platform 0xEF in the
 * validation entry or a section header (El Torito 2.1-2.4; UEFI 2.10
 * 13.3.2.1). The validation entry's 16-bit words sum to 0.
 */
static int
iso_efi(const uint8_t *cat, size_t len)
{
	uint16_t sum = 0;
	size_t off;

	if (len < 64 || cat[0] != 1 || cat[30] != 0x55 || cat[31] != 0xaa)
		return 0;
	for (off = 0; off < 32; off += 2)
		sum += le(cat + off, 2);
	if (sum != 0)
		return 0;
	if (cat[1] == 0xef)
		return 1;
	/* after the default entry: headers, each followed by its entries */
	for (off = 64; off <= len - 32 && (cat[off] & 0xfe) == 0x90;
	    off += 32 * (1 + le(cat + off + 2, 2))) {
		if (cat[off + 1] == 0xef)
			return 1;
		if (cat[off] == 0x91)	/* the last header */
			break;
	}
	return 0;
}

/*
 * 1 if BUF is an OVMF variable store like the template: WANT bytes, one
 * firmware volume that long whose header's 16-bit words sum to 0
 * (PI 1.7 vol. 3, 3.2.1 EFI_FIRMWARE_VOLUME_HEADER).
 */
static int
vars_ok(const uint8_t *b, size_t len, size_t want)
{
	uint16_t sum = 0;
	size_t hl, i;

	if (len != want || len < 56 || memcmp(b + 40, "_FVH", 4) != 0 ||
	    le(b + 32, 8) != len)
		return 0;
	hl = le(b + 48, 2);
	if (hl < 56 || hl % 2 != 0 || hl > len)
		return 0;
	for (i = 0; i < hl; i += 2)
		sum += le(b + i, 2);
	return sum == 0;
}

/* Up to LEN bytes at OFF of PATH: how many, or -1; *SIZE the file's. */
static ssize_t
read_at(const char *path, void *buf, size_t len, off_t off, off_t *size)
{
	ssize_t n = -1;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if ((*size = lseek(fd, 0, SEEK_END)) >= 0)
		n = pread(fd, buf, len, off);
	close(fd);
	return n;
}

/* 1 if the CD image or device PATH can boot EFI. */
static int
cd_efi(const char *path)
{
	uint8_t b[ISO_SECTOR];
	uint32_t cat;
	off_t size;
	ssize_t n;

	n = read_at(path, b, sizeof b, 17 * ISO_SECTOR, &size);
	if (n <= 0 || (cat = iso_catalog(b, n)) == 0)
		return 0;
	n = read_at(path, b, sizeof b, (off_t)cat * ISO_SECTOR, &size);
	return n > 0 && iso_efi(b, n);
}

/*
 * Pick the firmware for DISK (a path or "none") and the CD (NULL: none)
 * as MODE (FW_AUTO, FW_BIOS, FW_UEFI; 0, a path: auto) says; fw->line
 * says why.
 */
void
vmm_firmware(int mode, struct span disk, const char *cd,
    struct vmm_fw *fw)
{
	/* the first three fields little-endian (UEFI 2.10 appendix A) */
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10,
	    11, 12, 13, 14, 15 }, none[16];
	char path[PATH_MAX], cdwhy[PATH_MAX + 40] = "";
	const char *why = "no disk";
	uint8_t g[16] = { 0 }, *b;
	int kind = DISK_EMPTY, set, i;
	char *p;
	off_t size;
	ssize_t n;

	snprintf(path, sizeof path, "%.*s", (int)disk.len, disk.p);
	if (span_is(disk, "none")) {
		/* no disk: the CD decides */
	} else if (disk.p[0] != '/') {
		why = "a network disk";
	} else {
		if ((b = malloc(HEAD)) == NULL)
			die("firmware");
		if ((n = read_at(path, b, HEAD, 0, &size)) < 0)
			why = strerror(errno);
		else
			kind = disk_kind(b, n, size, g, &why);
		free(b);
	}
	fw->uefi = kind == DISK_UEFI;
	if (kind == DISK_EMPTY && cd != NULL) {
		fw->uefi = cd_efi(cd);
		snprintf(cdwhy, sizeof cdwhy, "; %s: %s", cd, fw->uefi ?
		    "an El Torito EFI entry" : "no El Torito EFI entry");
	}
	if ((set = mode >= FW_BIOS))
		fw->uefi = mode == FW_UEFI;
	snprintf(fw->line, sizeof fw->line, "firmware %s%s: %s: %s%s",
	    fw->uefi ? "uefi" : "bios", set ? " (set)" : "", path, why, cdwhy);
	strcpy(fw->id, "new");
	for (i = 0, p = fw->id; memcmp(g, none, 16) != 0 && i < 16; i++) {
		p += snprintf(p, 3, "%02X", g[order[i]]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			*p++ = '-';
	}
}

static void
medium_put(const char *root, int mounted)
{
	char mnt[PATH_MAX];

	snprintf(mnt, sizeof mnt, "%s" MEDIUM, root);
	if (mounted && umount(mnt) < 0)
		warn("umount %s", mnt);
}

/*
 * Where the guests' variables are kept: DIR/ID.vars, ID the disk's GPT
 * GUID, or "new" for a disk without one yet (an install). DIR is nvram/ on
 * the boot medium (multicall/medium.c), mounted read-write at ROOT/MEDIUM
 * only while vmm reads or writes there (a FAT still mounted when the power
 * goes is left marked dirty); 1 then: unmount it after. Else DIR is
 * ROOT/run/vmm, where they last until the machine powers off; SAY: one
 * line says so.
 */
static int
nvram_dir(const char *root, char *dir, size_t size, int say)
{
	char part[256], disk[256], dev[PATH_MAX];

	snprintf(dir, size, "%s" MEDIUM, root);
	if (medium_find(root, part, disk) == 0) {
		snprintf(dev, sizeof dev, "%s/dev/%s", root, part);
		mkdir(dir, 0700);
		if (mount(dev, dir, "vfat", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		    NULL) < 0) {
			warn("medium %s: mount %s read-write", MEDIUM_LABEL, dev);
		} else {
			snprintf(dir, size, "%s" MEDIUM "/nvram", root);
			if (mkdir(dir, 0700) == 0 || errno == EEXIST)
				return 1;
			warn("%s", dir);
			medium_put(root, 1);
		}
	}
	snprintf(dir, size, "%s/run/vmm", root);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		warn("%s", dir);
	if (say)
		warnx("NVRAM in %s: no writable %s medium, the guest's boot "
		    "entries will not survive a power off", dir, MEDIUM_LABEL);
	return 0;
}

/*
 * The guest's stored variables (or the template's) into WORK, the file
 * QEMU writes to. A stored file that is not a variable store is set aside
 * as .bad. 0, or -1 (logged).
 */
int
vmm_nvram_load(const char *root, const char *work, struct vmm_fw *fw)
{
	char dir[PATH_MAX - 64], path[PATH_MAX], store[PATH_MAX], *t, *v;
	char bad[PATH_MAX + 4];
	size_t len = 0;
	int r, m;

	snprintf(path, sizeof path, "%s/usr/share/OVMF/OVMF_VARS_4M.fd", root);
	if ((t = read_file(path, VARS_MAX, &fw->vars_len)) == NULL) {
		warn("%s", path);
		return -1;
	}
	m = nvram_dir(root, dir, sizeof dir, 1);
	snprintf(store, sizeof store, "%s/%s.vars", dir, fw->id);
	snprintf(path, sizeof path, "%s/new.vars", dir);
	/* what an install wrote before its disk had a GUID: the disk's */
	if (strcmp(fw->id, "new") != 0 && access(store, F_OK) < 0 &&
	    rename(path, store) == 0)
		info("%s: the install's variables, from %s", store, path);
	v = read_file(store, VARS_MAX, &len);
	if (v == NULL && errno != ENOENT)
		warn("%s: using the template", store);
	if (v != NULL && !vars_ok((uint8_t *)v, len, fw->vars_len)) {
		snprintf(bad, sizeof bad, "%s.bad", store);
		warnx("%s: not a UEFI variable store: set aside as %s, the "
		    "guest starts with fresh variables", store, bad);
		if (rename(store, bad) < 0)
			warn("%s", bad);
		free(v);
		v = NULL;
	}
	if ((r = write_file_atomic(work, v ? v : t, fw->vars_len, 0600)) < 0)
		warn("%s", work);
	medium_put(root, m);
	free(v);
	free(t);
	return r;
}

/* WORK back to the guest's stored variables, if it is a variable store. */
void
vmm_nvram_save(const char *root, const char *work, const struct vmm_fw *fw)
{
	char dir[PATH_MAX - 64], store[PATH_MAX], *v;
	int m = nvram_dir(root, dir, sizeof dir, 0);
	size_t len = 0;

	snprintf(store, sizeof store, "%s/%s.vars", dir, fw->id);
	if ((v = read_file(work, VARS_MAX, &len)) == NULL ||
	    !vars_ok((uint8_t *)v, len, fw->vars_len))
		warnx("%s: not a UEFI variable store: %s not updated", work,
		    store);
	else if (write_file_atomic(store, v, len, 0600) < 0)
		warn("%s", store);
	medium_put(root, m);
	free(v);
}
