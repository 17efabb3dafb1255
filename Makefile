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
           -fno-pie -fno-jump-tables -fno-builtin-printf -DHALBOX_VERSION='"$(VERSION)"'
# common-page-size=64: the data segment starts in the file right after
# the text, in the next page of memory (GNU ld's DATA_SEGMENT_ALIGN then
# saves file bytes, not a page of memory), not at the next 4 KiB of the
# file: no padding, and the size grows by the byte, not in 4 KB steps.
LDFLAGS  = -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code \
           -Wl,-z,norelro -Wl,--build-id=none -Wl,-z,common-page-size=64
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -g -O1
TESTCFLAGS = -std=c11 $(WARN) -Wno-missing-prototypes -D_GNU_SOURCE $(SAN)

# Every source by name, one list each: the core every applet shares, the
# applets, the unit tests (tests/unit/NAME.c) and the fuzz targets
# (tests/fuzz/NAME.c).
CORE     = multicall/cmdline.c multicall/err.c multicall/uevent.c \
           multicall/util.c multicall/words.c multicall/net.c \
           multicall/medium.c multicall/inflate.c multicall/span.c
APPLETS  = applets/mknod.c applets/poweroff.c applets/init.c applets/sh.c \
           applets/cat.c applets/dmesg.c \
           applets/modules/coldplug.c applets/modules/insmod.c \
           applets/modules/mod.c applets/modules/modprobe.c \
           applets/vmm/conf.c applets/vmm/vmm.c applets/vmm/firmware.c \
           applets/ifconfig.c applets/route.c \
           applets/udhcpc/packet.c applets/udhcpc/state.c \
           applets/udhcpc/udhcpc.c \
           applets/fbvnc/fbvnc.c applets/fbvnc/rfb.c
HEADERS  = multicall/box.h multicall/span.h multicall/net.h applets/udhcpc/dhcp.h \
           applets/modules/mod.h applets/vmm/vmm.h applets/fbvnc/rfb.h
# run.c finds applets in the table: linked with it, not with every unit test
SRCS     = multicall/main.c multicall/applets.c multicall/run.c \
           multicall/fmt.c multicall/malloc.c $(CORE) $(APPLETS)
UNITS    = applets cmdline fmt malloc mknod uevent util modules vmm udhcpc \
           net modindex mkinitrd words rfb medium inflate firmware
FUZZERS  = cmdline uevent initrd_spec words modules vmmconf netlink dhcp rfb \
           modindex medium inflate firmware nbd args dhcpstate fmt malloc \
           evdev lineedit coldplug dhcpx modchain qmp

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
TESTH    = tests/tap.h tests/rng.h tests/hb_fmt.h tests/hb_malloc.h
out/test/%: tests/unit/%.c $(TESTH) $(CORE) $(HEADERS)
	@mkdir -p out/test
	$(HOSTCC) $(TESTCFLAGS) -o $@ $< $(CORE) -lbearssl -lz
out/test/applets: tests/unit/applets.c tests/tap.h $(SRCS) $(HEADERS)
	@mkdir -p out/test
	$(HOSTCC) $(TESTCFLAGS) -o $@ $< multicall/applets.c \
		multicall/run.c $(CORE) $(APPLETS) -lz

out/test/modules out/fuzz/modules out/fuzz/modchain: applets/modules/mod.c applets/modules/mod.h
out/test/modindex out/fuzz/modindex: applets/modules/mod.c applets/modules/mod.h
out/test/vmm: applets/vmm/conf.c
out/fuzz/vmmconf out/fuzz/nbd out/fuzz/qmp: applets/vmm/conf.c
out/test/rfb out/fuzz/rfb: applets/fbvnc/rfb.c
# conf.c calls firmware.c: these link it (firmware's own include both)
out/test/vmm out/fuzz/vmmconf out/fuzz/nbd out/fuzz/qmp: CORE += applets/vmm/firmware.c
out/test/vmm out/fuzz/vmmconf out/fuzz/nbd out/fuzz/qmp: applets/vmm/firmware.c
out/test/firmware out/fuzz/firmware: applets/vmm/conf.c applets/vmm/firmware.c

# A test guest's PID 1 that powers off on the ACPI power button, for
# tests/boot/vmm.t (static, musl: it runs under Debian's kernel).
out/powerbtn: tests/vmm/powerbtn.c out/include/.done
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/vmm/powerbtn.c

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

# Fuzz targets: libFuzzer under clang; make check runs each briefly on its
# committed corpus (tests/fuzz/run.t). A UBSan finding aborts (it would
# otherwise print and let the run pass).
out/fuzz/%: tests/fuzz/%.c tests/fuzz/in.h $(TESTH) $(CORE) $(HEADERS)
	@mkdir -p out/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all \
		-o $@ $< $(CORE) -lz $(FUZZLIBS)
# fmt and malloc #include their file renamed (tests/hb_fmt.h,
# tests/hb_malloc.h: linked, it would replace libc's); fmt passes typed
# variadic arguments through libffi
out/fuzz/fmt: multicall/fmt.c
out/fuzz/fmt: FUZZLIBS = -lffi
out/fuzz/malloc: multicall/malloc.c
# evdev #includes init.c and lineedit sh.c, which run commands through
# run.c, which finds applets in the table: the whole program, the
# included file but once
out/fuzz/evdev out/fuzz/lineedit: $(SRCS)
out/fuzz/evdev: CORE += multicall/run.c multicall/applets.c \
	$(filter-out applets/init.c,$(APPLETS))
out/fuzz/coldplug: CORE += applets/modules/mod.c
out/fuzz/coldplug: applets/modules/coldplug.c applets/modules/mod.c \
	applets/modules/mod.h
out/fuzz/lineedit: CORE += multicall/run.c multicall/applets.c \
	$(filter-out applets/sh.c,$(APPLETS))

# make fuzz: every target for FUZZ_SECONDS (or FUZZ_RUNS executions) from
# its committed corpus, executions and coverage printed per target
# (tests/fuzz/fuzz.sh).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
fuzz: $(FUZZERS:%=out/fuzz/%)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) \
		sh tests/fuzz/fuzz.sh $(FUZZERS)

# A test-only PID 1 for the module boot tests (tests/boot/coldplug.t).
out/boot/modinit: tests/boot/modinit.c
	@mkdir -p out/boot
	$(CC) -std=c11 -Os $(WARN) -D_GNU_SOURCE -static -s -o $@ $<

# The boot image (README.md, "The boot image"). KVER, MODULES, QEMU and
# ACCEL come from make's command line or the environment.
out/mkinitrd: build/mkinitrd.c multicall/err.c multicall/util.c \
              multicall/span.c $(HEADERS)
	@mkdir -p out
	$(HOSTCC) -std=c11 -O2 $(WARN) -D_GNU_SOURCE -o $@ build/mkinitrd.c \
		multicall/err.c multicall/util.c multicall/span.c -lz

qemu: deps
	@sh build/qemu.sh

initrd: deps out/halbox out/mkinitrd
	@sh build/initrd.sh out/initrd.img

# The boot medium for a real machine (README.md, "On a real machine").
usb: initrd
	@sh build/usb.sh out/halbox-usb.img

# Figures, measured not asserted (build/bench.sh writes out/bench.md).
bench: deps out/halbox out/mkinitrd
	@sh build/bench.sh

# The tree a TFTP server hands a fleet (README.md, "Fleets"): APPEND sets
# every machine's kernel command line, FLEET=FILE adds per-MAC words.
netboot: initrd
	@sh build/netboot.sh

# Build everything, then boot the HAL image with a demo guest on the terminal.
run: initrd
	@sh build/run.sh

# Every test (tests/run.sh), with what the tests build first.
check: deps out/halbox $(UNITS:%=out/test/%) $(FUZZERS:%=out/fuzz/%) \
       out/powerbtn out/efiguest.efi out/boot/modinit out/mkinitrd \
       out/tools/dhcp-evil out/tools/syscall-inject out/halbox-asan
	@UNITS="$(UNITS)" FUZZERS="$(FUZZERS)" sh tests/run.sh

# halbox and the host tool under gcc, clang and cppcheck. It installs
# nothing: make deps first on a fresh machine.
LINTED   = $(SRCS) build/mkinitrd.c
lint: out/include/.done
	$(HOSTCC) $(CFLAGS:-Iout/include=) -fsyntax-only $(LINTED)
	clang -std=c11 $(WARN) -D_GNU_SOURCE -fsyntax-only $(LINTED)
	cppcheck -q --error-exitcode=1 --std=c11 -D_GNU_SOURCE \
		--suppress=missingIncludeSystem --inline-suppr $(LINTED)

# gcc's static analyzer, a file at a time (it runs with code generation).
# malloc.c is left out: it defines malloc() and free() themselves, which
# the analyzer takes for libc's, and reports its free lists as leaks.
ANALYZE  = $(filter-out multicall/malloc.c,$(LINTED))
lint: lint-analyzer
lint-analyzer: out/include/.done
	@for f in $(ANALYZE); do \
		echo "$(HOSTCC) -fanalyzer $$f"; \
		$(HOSTCC) $(CFLAGS:-Iout/include=) -fanalyzer -S -o /dev/null \
			$$f || exit 1; \
	done

# clang's static analyzer and clang-tidy over every C file: halbox, build/
# and tests/, a file at a time, every finding printed before lint fails.
# A suppression is a NOLINT with its reason at the line, or a check turned
# off here with its reason. conpause.c and efiguest.c need their own flags.
TESTS_C  = $(UNITS:%=tests/unit/%.c) $(FUZZERS:%=tests/fuzz/%.c) \
           tests/dhcp/evil.c tests/dhcp/inject.c tests/boot/modinit.c \
           tests/vmm/powerbtn.c tests/boot/conpause.c tests/vmm/efiguest.c
EFI_C    = -ffreestanding -fshort-wchar -mno-red-zone -DEFI_FUNCTION_WRAPPER \
           -I/usr/include/efi -I/usr/include/efi/x86_64
# snprintf cuts at the buffer by design: 106 of this check's 119 reports
TIDY_OFF = cert-err33-c
# (buf, len) and (index, flags) pairs are the API's shape, not a bug
TIDY_OFF += bugprone-easily-swappable-parameters
# tests #include the applet file they test, to reach its static functions
TIDY_OFF += bugprone-suspicious-include
# int products of bounded counts (pixels, records) cannot overflow
TIDY_OFF += bugprone-implicit-widening-of-multiplication-result
# integer narrowing is modulo in gcc and clang; to floats is still checked
TIDY_OPT = {key: bugprone-narrowing-conversions.WarnOnIntegerNarrowingConversion, value: false}
TIDY     = clang-tidy --quiet --warnings-as-errors='*' \
           -checks='-*,bugprone-*,cert-*$(TIDY_OFF:%=,-%)' \
           -config='{CheckOptions: [$(TIDY_OPT)]}'
ANALYZER = clang --analyze -Xclang -analyzer-werror \
           -Xanalyzer -analyzer-output=text -o /dev/null
lint: lint-clang
lint-clang: out/include/.done
	@for f in build/*.c tests/*/*.c; do \
		case " $(TESTS_C) $(LINTED) " in *" $$f "*) ;; \
		*) echo "lint: $$f is in no list of the Makefile"; exit 1 ;; \
		esac; \
	done
	@fail=0; \
	for f in $(LINTED) $(TESTS_C); do \
		case $$f in \
		*/conpause.c) fl="-std=c11 -D_GNU_SOURCE -DQEMU=\"qemu\"" ;; \
		*/efiguest.c) fl="-std=c11 $(EFI_C)" ;; \
		*) fl="-std=c11 -D_GNU_SOURCE" ;; \
		esac; \
		echo "clang --analyze, clang-tidy $$f"; \
		$(ANALYZER) $$fl $$f || fail=1; \
		$(TIDY) $$f -- $$fl 2>/dev/null || fail=1; \
	done; \
	exit $$fail

clean:
	rm -rf out

.PHONY: all deps size install check lint qemu initrd bench run clean
.PHONY: netboot usb fuzz lint-analyzer lint-clang

# udhcpc: the unit test and the fuzz target include its pure parts.
UDHCPC_PURE = applets/udhcpc/packet.c applets/udhcpc/state.c \
              applets/udhcpc/dhcp.h
out/test/udhcpc: $(UDHCPC_PURE)
out/fuzz/dhcp out/fuzz/dhcpstate: $(UDHCPC_PURE)
# dhcpx: -x's x_parse (all of udhcpc.c)
out/fuzz/dhcpx: applets/udhcpc/udhcpc.c $(UDHCPC_PURE)
# args: the parsers of mknod, ifconfig and udhcpc (all of udhcpc.c)
out/fuzz/args: applets/mknod.c applets/ifconfig.c applets/udhcpc/udhcpc.c \
	$(UDHCPC_PURE)

# The hostile DHCP server of tests/applets/udhcpc-evil.t (a test tool,
# not a test: it lives outside out/test).
out/tools/dhcp-evil: tests/dhcp/evil.c
	@mkdir -p out/tools
	$(HOSTCC) -std=c11 $(WARN) -D_GNU_SOURCE -O1 -o $@ tests/dhcp/evil.c

# tests/applets/udhcpc-seccomp.t: a system call made by udhcpc's own code
out/tools/syscall-inject: tests/dhcp/inject.c
	@mkdir -p out/tools
	$(HOSTCC) -std=c11 $(WARN) -D_GNU_SOURCE -O1 -o $@ tests/dhcp/inject.c

# halbox under ASan and UBSan (glibc; its own malloc and printf left out,
# the sanitizers' and glibc's in their place): tests/applets/udhcpc-evil.t
# runs the hostile-server suite against it too (BOX=out/halbox-asan).
ASAN_SRCS = $(filter-out multicall/malloc.c multicall/fmt.c,$(SRCS))
out/halbox-asan: $(SRCS) $(HEADERS) Makefile
	@mkdir -p out
	$(HOSTCC) -std=c11 $(WARN) -D_GNU_SOURCE -DHALBOX_VERSION='"$(VERSION)"' \
		$(SAN) -o $@ $(ASAN_SRCS)
