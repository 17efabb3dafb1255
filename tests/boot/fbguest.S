/* SPDX-License-Identifier: ISC */
/*
 * fbguest.S - tests/boot/fbvnc.t's inner guest, a 512-byte boot sector:
 * VGA text mode with every cell blue (attribute 0x1f), the PS/2 mouse
 * enabled, "fbguest: ready" on COM1; then each byte the i8042 gives is
 * echoed to COM1 in hex ("k1e " a key, "mfa " the mouse), and Enter's
 * make code (0x1c) switches to mode 13h, left half red (colour 4), right
 * half green (colour 2), and says "fbguest: mode 13h". Polled with
 * interrupts off: nothing else reads the controller.
 */
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
	movw	$0xb800, %ax		/* text mode: 80x25 cells, blue */
	movw	%ax, %es
	xorw	%di, %di
	movw	$0x1f20, %ax
	movw	$2000, %cx
	rep stosw
	movb	$0xa8, %al		/* i8042: enable the aux port */
	call	cmd
	movb	$0xd4, %al		/* next data byte to the mouse: */
	call	cmd
	movb	$0xf4, %al		/* enable data reporting */
	outb	%al, $0x60
	movw	$ready, %si
	call	puts
poll:	inb	$0x64, %al
	testb	$1, %al			/* output buffer full */
	jz	poll
	movb	%al, %bl
	inb	$0x60, %al
	movb	%al, %bh
	movb	$'k', %al
	testb	$0x20, %bl		/* from the aux port: the mouse */
	jz	1f
	movb	$'m', %al
1:	call	putc
	movb	%bh, %al
	shrb	$4, %al
	call	hex
	movb	%bh, %al
	call	hex
	movb	$' ', %al
	call	putc
	testb	$0x20, %bl		/* a key, and Enter's make code */
	jnz	poll
	cmpb	$0x1c, %bh
	jne	poll
	movw	$0x13, %ax
	int	$0x10
	movw	$0xa000, %ax
	movw	%ax, %es
	xorw	%di, %di
	movw	$200, %dx
2:	movb	$4, %al
	movw	$160, %cx
	rep stosb
	movb	$2, %al
	movw	$160, %cx
	rep stosb
	decw	%dx
	jnz	2b
	movw	$mode13, %si
	call	puts
	jmp	poll

cmd:	movb	%al, %ah		/* to the controller once it listens */
1:	inb	$0x64, %al
	testb	$2, %al
	jnz	1b
	movb	%ah, %al
	outb	%al, $0x64
	ret
hex:	andb	$15, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	putc
	addb	$'a' - '9' - 1, %al
putc:	movw	$0x3f8, %dx		/* COM1: QEMU needs no UART setup */
	outb	%al, %dx
	ret
puts:	lodsb
	testb	%al, %al
	jz	1f
	call	putc
	jmp	puts
1:	ret
ready:	.asciz	"\r\nfbguest: ready\r\n"
mode13:	.asciz	"\r\nfbguest: mode 13h\r\n"
	.org	510
	.word	0xaa55
