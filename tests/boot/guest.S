/* SPDX-License-Identifier: ISC */
/*
 * guest.S - the boot tests' guest: a 512-byte boot sector that prints one
 * line on COM1 and powers the machine off. The BIOS loads it at 0x7c00 in
 * real mode (the 0xaa55 signature ends the sector). -DFILLER=N prints N
 * 64-byte lines first, as fast as the CPU goes (never waiting for the UART's
 * THRE), for tests/boot/vmm.t's console that takes nothing.
 * Power off: PIIX4 PM1a_CNT, which SeaBIOS maps at 0x604 on QEMU's pc
 * machine; SLP_EN (bit 13) with SLP_TYP 0 is QEMU's soft-off (S5), see
 * QEMU hw/acpi/core.c acpi_pm1_cnt_write.
 */
#ifndef FILLER
#define FILLER	0
#endif
	.code16
	.text
	.globl	_start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %ss
	movw	$0x7c00, %sp
	cld
	movw	$0x3f8, %dx		/* COM1 THR: QEMU needs no UART setup */
	movw	$FILLER, %cx
	jcxz	2f
1:	movw	$filler, %si
	call	puts
	loop	1b
2:	movw	$msg, %si
	call	puts
	movw	$0x604, %dx
	movw	$0x2000, %ax
	outw	%ax, %dx
3:	hlt
	jmp	3b
puts:	lodsb
	testb	%al, %al
	jz	4f
	outb	%al, %dx
	jmp	puts
4:	ret
filler:	.asciz	"halbox test guest: filler, filler, filler, filler, filler, 64\r\n"
msg:	.asciz	"halbox test guest: hello from the inner VM\r\n"
	.org	510
	.word	0xaa55
