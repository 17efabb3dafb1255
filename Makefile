# SPDX-License-Identifier: ISC
# Makefile - halbox: one static multicall binary, its tests and boot image.
# Every source is listed by name; nothing is generated.

CC       = musl-gcc
HOSTCC   = gcc
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes
# -fno-pie, -no-pie, -fno-jump-tables: a static binary at a fixed address
# needs no position-independent code (Debian's gcc makes it by default):
# 4.4 KB less, measured (README, "Size").
CFLAGS   = -std=c11 -Os $(WARN) -D_GNU_SOURCE -ffunction-sections \
           -fdata-sections -fno-asynchronous-unwind-tables -Iout/include \
           -fno-pie -fno-jump-tables -DHALBOX_VERSION='"$(VERSION)"'
LDFLAGS  = -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code \
           -Wl,-z,norelro -Wl,--build-id=none
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -g -O1
TESTCFLAGS = -std=c11 $(WARN) -Wno-missing-prototypes -D_GNU_SOURCE $(SAN)

CORE     = multicall/cmdline.c multicall/err.c multicall/uevent.c \
           multicall/util.c
CORE    += multicall/words.c
APPLETS  = applets/mknod.c applets/poweroff.c
APPLETS += applets/init.c applets/sh.c
APPLETS += applets/cat.c applets/dmesg.c
APPLETS += applets/modules/coldplug.c applets/modules/insmod.c \
           applets/modules/mod.c applets/modules/modprobe.c
APPLETS += applets/vmm/conf.c applets/vmm/vmm.c
APPLETS += applets/vmm/firmware.c
CORE    += multicall/net.c
APPLETS += applets/ifconfig.c applets/route.c
APPLETS += applets/udhcpc/packet.c applets/udhcpc/state.c applets/udhcpc/udhcpc.c
HEADERS  = multicall/box.h
HEADERS += applets/udhcpc/dhcp.h
HEADERS += applets/modules/mod.h
HEADERS += applets/vmm/vmm.h
HEADERS += multicall/net.h
APPLETS += applets/fbvnc/fbvnc.c applets/fbvnc/rfb.c
HEADERS += applets/fbvnc/rfb.h
SRCS     = multicall/main.c multicall/applets.c multicall/fmt.c \
           multicall/malloc.c $(CORE) \
           $(APPLETS)
UNITS    = applets cmdline fmt malloc mknod uevent util
UNITS   += modules
UNITS   += vmm
UNITS   += udhcpc
UNITS   += net
UNITS   += modindex
FUZZERS  = cmdline uevent
UNITS   += mkinitrd
FUZZERS += initrd_spec
FUZZERS += words
UNITS   += words
FUZZERS += modules
FUZZERS += vmmconf
FUZZERS += netlink
FUZZERS += dhcp
UNITS   += rfb
FUZZERS += rfb
FUZZERS += modindex
CORE    += multicall/medium.c
UNITS   += medium
FUZZERS += medium
CORE    += multicall/inflate.c
UNITS   += inflate
FUZZERS += inflate

# make install: a staging root by default, never the running system (its
# /usr/bin/sh is not halbox's sh); names already there are kept unless
# FORCE=-f. Install for real with DESTDIR= (empty) on the command line.
PREFIX   = /usr
DESTDIR  = out/root
FORCE    =
VERSION  = 0.1

all: out/halbox

deps:
	@sh build/deps.sh

# musl-gcc does not search /usr/include: a private include dir of links to
# the kernel headers.
out/include/.done:
	@mkdir -p out/include
	ln -sfn /usr/include/linux out/include/linux
	ln -sfn /usr/include/x86_64-linux-gnu/asm out/include/asm
	ln -sfn /usr/include/asm-generic out/include/asm-generic
	@touch $@

out/halbox: $(SRCS) $(HEADERS) out/include/.done Makefile
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(SRCS)

size: out/halbox
	@wc -c < out/halbox

install: out/halbox
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 out/halbox $(DESTDIR)$(PREFIX)/bin/halbox
	$(DESTDIR)$(PREFIX)/bin/halbox --install $(FORCE) $(DESTDIR)$(PREFIX)/bin

# Unit tests: the same sources under glibc with ASan and UBSan. A test
# links the shared helpers and #includes the applet file it tests, to reach
# its static functions; tests/unit/applets.c links the whole table.
out/test/%: tests/unit/%.c tests/tap.h tests/rng.h $(CORE) $(HEADERS)
	@mkdir -p out/test
	$(HOSTCC) $(TESTCFLAGS) -o $@ $< $(CORE) -lbearssl -lz
out/test/applets: tests/unit/applets.c tests/tap.h $(SRCS) $(HEADERS)
	@mkdir -p out/test
	$(HOSTCC) $(TESTCFLAGS) -o $@ $< multicall/applets.c $(CORE) $(APPLETS) -lz

out/test/modules out/fuzz/modules: applets/modules/mod.c applets/modules/mod.h
out/test/modindex out/fuzz/modindex: applets/modules/mod.c applets/modules/mod.h
out/test/vmm: applets/vmm/conf.c
out/fuzz/vmmconf: applets/vmm/conf.c
out/test/rfb out/fuzz/rfb: applets/fbvnc/rfb.c
# conf.c calls firmware.c: these two link it (firmware's own include both)
out/test/vmm out/fuzz/vmmconf: CORE += applets/vmm/firmware.c
out/test/vmm out/fuzz/vmmconf: applets/vmm/firmware.c
UNITS   += firmware
FUZZERS += firmware
out/test/firmware out/fuzz/firmware: applets/vmm/conf.c applets/vmm/firmware.c

# A test guest's PID 1 that powers off on the ACPI power button, for
# tests/boot/vmm.t (static, musl: it runs under Debian's kernel).
out/powerbtn: tests/vmm/powerbtn.c out/include/.done
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/vmm/powerbtn.c
check: out/powerbtn

# A UEFI test guest for tests/boot/uefi.t, built with gnu-efi: an ELF
# shared object made position-independent, then converted to PE32+.
EFI_LIB  = /usr/lib
out/efiguest.efi: tests/vmm/efiguest.c
	@mkdir -p out
	$(HOSTCC) -std=c11 -O2 -Wall -Wextra -fpic -ffreestanding \
		-fno-stack-protector -fshort-wchar -mno-red-zone \
		-maccumulate-outgoing-args -DEFI_FUNCTION_WRAPPER \
		-I/usr/include/efi -I/usr/include/efi/x86_64 \
		-c -o out/efiguest.o tests/vmm/efiguest.c
	ld -shared -Bsymbolic -nostdlib -znocombreloc \
		-T $(EFI_LIB)/elf_x86_64_efi.lds $(EFI_LIB)/crt0-efi-x86_64.o \
		out/efiguest.o -o out/efiguest.so -L$(EFI_LIB) -lefi -lgnuefi
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .reloc --target=efi-app-x86_64 out/efiguest.so $@
check: out/efiguest.efi

# Fuzz targets: libFuzzer under clang; make check runs each briefly.
out/fuzz/%: tests/fuzz/%.c $(CORE) $(HEADERS)
	@mkdir -p out/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(CORE) -lz

# A test-only PID 1 for the module boot tests (tests/boot/coldplug.t).
out/boot/modinit: tests/boot/modinit.c
	@mkdir -p out/boot
	$(CC) -std=c11 -Os $(WARN) -D_GNU_SOURCE -static -s -o $@ $<

check: deps out/halbox $(UNITS:%=out/test/%) $(FUZZERS:%=out/fuzz/%)
	@sh tests/run.sh
check: out/boot/modinit

lint: deps out/include/.done
	$(HOSTCC) $(CFLAGS:-Iout/include=) -fsyntax-only $(SRCS)
	clang -std=c11 $(WARN) -D_GNU_SOURCE -fsyntax-only $(SRCS)
	cppcheck -q --error-exitcode=1 --std=c11 -D_GNU_SOURCE \
		--suppress=missingIncludeSystem $(SRCS)

# The boot image (README.md, "The boot image"). KVER, MODULES, QEMU and
# ACCEL come from make's command line or the environment.
out/mkinitrd: build/mkinitrd.c multicall/err.c multicall/util.c $(HEADERS)
	@mkdir -p out
	$(HOSTCC) -std=c11 -O2 $(WARN) -D_GNU_SOURCE -o $@ build/mkinitrd.c \
		multicall/err.c multicall/util.c -lz

qemu: deps
	@sh build/qemu.sh

initrd: deps out/halbox out/mkinitrd
	@sh build/initrd.sh out/initrd.img

check: out/mkinitrd

# The boot medium for a real machine (README.md, "On a real machine").
usb: initrd
	@sh build/usb.sh out/halbox-usb.img

# The host tool under the same linters as halbox.
lint: lint-mkinitrd
lint-mkinitrd:
	$(HOSTCC) $(CFLAGS:-Iout/include=) -fsyntax-only build/mkinitrd.c
	clang -std=c11 $(WARN) -D_GNU_SOURCE -fsyntax-only build/mkinitrd.c
	cppcheck -q --error-exitcode=1 --std=c11 -D_GNU_SOURCE \
		--suppress=missingIncludeSystem build/mkinitrd.c

# Figures, measured not asserted (build/bench.sh writes out/bench.md).
bench: deps out/halbox out/mkinitrd
	@sh build/bench.sh

# Build everything, then boot the HAL image with a demo guest on the terminal.
run: initrd
	@sh build/run.sh

clean:
	rm -rf out

.PHONY: all deps size install check lint run clean
.PHONY: qemu initrd lint-mkinitrd bench usb

# udhcpc: the unit test and the fuzz target include its pure parts.
UDHCPC_PURE = applets/udhcpc/packet.c applets/udhcpc/state.c \
              applets/udhcpc/dhcp.h
out/test/udhcpc: $(UDHCPC_PURE)
out/fuzz/dhcp: $(UDHCPC_PURE)

# The hostile DHCP server of tests/applets/udhcpc-evil.t (a test tool,
# not a test: it lives outside out/test).
out/tools/dhcp-evil: tests/dhcp/evil.c
	@mkdir -p out/tools
	$(HOSTCC) -std=c11 $(WARN) -D_GNU_SOURCE -O1 -o $@ tests/dhcp/evil.c
check: out/tools/dhcp-evil
