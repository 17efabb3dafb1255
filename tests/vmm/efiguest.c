/* SPDX-License-Identifier: ISC */
/*
 * efiguest.c - a UEFI test guest for tests/boot/uefi.t, built with gnu-efi
 * (Makefile: out/efiguest.efi). It prints on the console (OVMF copies it to
 * the serial port) the device path it was loaded from (HD(...) for a disk
 * partition, CDROM(...) for an El Torito image), then a count kept in a
 * non-volatile UEFI variable, which it increments: the count shows whether
 * NVRAM survived the previous boot. Then it powers the machine off.
 */
#include <efi.h>
#include <efilib.h>

static EFI_GUID halbox_guid =
    { 0x6862786f, 0x6861, 0x6c62,
    { 0x6f, 0x78, 0x74, 0x65, 0x73, 0x74, 0x00, 0x01 } };

EFI_STATUS
efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li = NULL;
	UINT32 boots = 0;
	UINTN size = sizeof boots;

	InitializeLib(image, st);
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
	    (void **)&li);
	Print(L"\r\nefiguest: booted from %s\r\n", li == NULL ? L"?" :
	    DevicePathToStr(DevicePathFromHandle(li->DeviceHandle)));
	if (uefi_call_wrapper(RT->GetVariable, 5, L"HalboxBoots", &halbox_guid,
	    NULL, &size, &boots) != EFI_SUCCESS)
		boots = 0;
	Print(L"efiguest: HalboxBoots=%d\r\n", boots);
	boots++;
	uefi_call_wrapper(RT->SetVariable, 5, L"HalboxBoots", &halbox_guid,
	    EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |
	    EFI_VARIABLE_RUNTIME_ACCESS, sizeof boots, &boots);
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0,
	    NULL);
	return EFI_SUCCESS;
}
