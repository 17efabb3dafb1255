/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: vmm's readers of a guest's bytes - the disk's MBR and
 * GPT (the input is the disk's start; its first 8 bytes, the disk's size),
 * the El Torito Boot Record and catalog, an OVMF variable store.
 */
#include <stdint.h>
#include <string.h>

#include "../../applets/vmm/conf.c"
#include "../../applets/vmm/firmware.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t guid[16];
	uint64_t disk = 0;
	const char *why = NULL;

	if (size < 8)
		return 0;
	memcpy(&disk, data, 8);
	if (disk_kind(data + 8, size - 8, disk, guid, &why) == DISK_UEFI &&
	    size - 8 < 1024)
		__builtin_trap();	/* MBR, header and an entry at least */
	if (why == NULL)
		__builtin_trap();
	iso_catalog(data, size);
	iso_efi(data, size);
	vars_ok(data, size, size);
	return 0;
}
