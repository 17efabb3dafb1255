/* SPDX-License-Identifier: ISC */
/*
 * medium.c - the HAL's boot medium: the FAT file system labelled HALBOX
 * that `make usb` writes (README.md, "On a real machine"). init copies its
 * vmm.conf, vmm keeps the guest off its disk. A block device's first
 * sector is untrusted: fat_label() reads only inside buf[0..len).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "box.h"

/* Microsoft's FAT specification (fatgen103), "Boot Sector and BPB". */
#define BPB_BYTSPERSEC	11	/* u16: 512, 1024, 2048 or 4096 */
#define BPB_SECPERCLUS	13	/* u8: a power of 2 */
#define BPB_RSVDSECCNT	14	/* u16: never 0 */
#define BPB_NUMFATS	16	/* u8: at least 1 */
#define BPB_FATSZ16	22	/* u16: 0 on FAT32 only */
#define BS_BOOTSIG16	38	/* 0x29: volume id and label follow */
#define BS_VOLLAB16	43
#define BS_BOOTSIG32	66	/* the same fields, after FAT32's longer BPB */
#define BS_VOLLAB32	71
#define VOLLAB_LEN	11	/* blank-padded */
#define SIG_OFF		510	/* 0x55 0xaa, whatever the sector size */

/*
 * The volume label in a FAT boot sector BUF, LEN, trailing blanks removed,
 * in LABEL. 0, or -1 if BUF is not a FAT12/16/32 boot sector with an
 * extended boot signature (exFAT and NTFS fail the BPB checks: their
 * bytes per sector or reserved sectors are 0).
 */
int
fat_label(const unsigned char *buf, size_t len, char label[12])
{
	unsigned bps, spc, lab, n;

	if (len < SIG_OFF + 2 || buf[SIG_OFF] != 0x55 || buf[SIG_OFF + 1] != 0xaa)
		return -1;
	bps = buf[BPB_BYTSPERSEC] | buf[BPB_BYTSPERSEC + 1] << 8;
	spc = buf[BPB_SECPERCLUS];
	if ((buf[0] != 0xeb && buf[0] != 0xe9) || bps < 512 || bps > 4096 ||
	    (bps & (bps - 1)) != 0 || spc == 0 || (spc & (spc - 1)) != 0 ||
	    (buf[BPB_RSVDSECCNT] | buf[BPB_RSVDSECCNT + 1]) == 0 ||
	    buf[BPB_NUMFATS] == 0)
		return -1;
	if ((buf[BPB_FATSZ16] | buf[BPB_FATSZ16 + 1]) == 0)
		lab = buf[BS_BOOTSIG32] == 0x29 ? BS_VOLLAB32 : 0;
	else
		lab = buf[BS_BOOTSIG16] == 0x29 ? BS_VOLLAB16 : 0;
	if (lab == 0)
		return -1;
	for (n = VOLLAB_LEN; n > 0 && buf[lab + n - 1] == ' '; n--)
		;
	memcpy(label, buf + lab, n);
	label[n] = '\0';
	return 0;
}

/*
 * The first (by name) block device under ROOT whose FAT label is
 * MEDIUM_LABEL: its name in PART ("sdb1", or "sdb" for a file system over
 * the whole disk) and its disk's in DISK ("sdb"). 0, or -1 if none.
 * sysfs links a partition below its disk (block/sdb/sdb1) and a disk below
 * a "block" directory (block/sdb): the parent names the disk.
 */
int
medium_find(const char *root, char part[256], char disk[256])
{
	char path[PATH_MAX], link[PATH_MAX], label[VOLLAB_LEN + 1], *p;
	unsigned char sec[SIG_OFF + 2];
	struct dirent *de;
	ssize_t n;
	DIR *d;
	int fd;

	part[0] = '\0';
	snprintf(path, sizeof path, "%s/sys/class/block", root);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    (part[0] != '\0' && strcmp(de->d_name, part) > 0))
			continue;
		/* O_NONBLOCK: an empty CD drive answers at once */
		snprintf(path, sizeof path, "%s/dev/%s", root, de->d_name);
		if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
			continue;
		n = pread(fd, sec, sizeof sec, 0);
		close(fd);
		if (n < 0 || fat_label(sec, n, label) < 0 ||
		    strcmp(label, MEDIUM_LABEL) != 0)
			continue;
		snprintf(path, sizeof path, "%s/sys/class/block/%s", root,
		    de->d_name);
		if ((n = readlink(path, link, sizeof link - 1)) < 0)
			continue;
		link[n] = '\0';
		if ((p = strrchr(link, '/')) == NULL)
			continue;
		*p = '\0';
		p = strrchr(link, '/');
		p = p != NULL ? p + 1 : link;
		if (strcmp(p, "block") == 0)
			p = de->d_name;
		if (strlen(p) > NAME_MAX)
			continue;
		strcpy(part, de->d_name);
		strcpy(disk, p);
	}
	closedir(d);
	return part[0] != '\0' ? 0 : -1;
}
