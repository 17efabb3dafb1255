/* SPDX-License-Identifier: ISC */
/*
 * vmm.c - vmm's parsers (config, kernel command line, meminfo, CPU list,
 * QMP lines), every config error, and QEMU's argv built against the
 * fixture trees in tests/vmm/ (run from the top of the tree).
 */
#include "../../applets/vmm/conf.c"
#include "../rng.h"
#include "../tap.h"

#define S(s)	s, sizeof(s) - 1
#define SP(s)	((struct span){ S(s) })

/* V is exactly S (span_is() takes a list of words). */
static int
val_is(struct span v, const char *s)
{
	return v.p != NULL && v.len == strlen(s) && memcmp(v.p, s, v.len) == 0;
}

/* A root with only dev/fb0, for display = auto, and a config to match. */
#define FBCONF	"accel = tcg\nmem = 64\nsmp = 1\ndisk = none\nnic = none\n"
static char fbroot[] = "/tmp/vmm-fb.XXXXXX";

static void
fb_root(void)
{
	char path[64];

	if (mkdtemp(fbroot) == NULL)
		return;
	snprintf(path, sizeof path, "%s/dev", fbroot);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/dev/fb0", fbroot);
	close(open(path, O_CREAT | O_WRONLY, 0644));
}

/* The argv for ROOT and config text CONF as one space-separated string. */
static char *
argv_of(const char *root, const char *conf, int vt, char **extra, int n)
{
	static char out[4096];
	struct vmm_conf c = { 0 };
	struct vmm_words w = { 0 };
	struct vmm_err e;
	size_t i, len = 0;
	int r;

	out[0] = '\0';
	r = vmm_conf_parse(conf, strlen(conf), &c, &e) == 0 &&
	    vmm_argv(root, &c, vt, extra, n, &w) == 0;
	for (i = 0; i < w.n; i++) {
		len += snprintf(out + len, sizeof out - len, "%s%s",
		    i ? " " : "", w.w[i]);
		free(w.w[i]);
	}
	free(w.w);
	return r ? out : NULL;
}

static int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/*
 * Feed probe vCPU ID the exits EXITS (each: exit reason, I/O direction,
 * size, port, count, data byte) in a kvm_run of LEN bytes: the last answer.
 */
static int
probe_exits(unsigned id, const unsigned (*exits)[6], size_t n, size_t len)
{
	static union { struct kvm_run run; unsigned char b[4096]; } u;
	unsigned outs = 0;
	size_t i;
	int r = 0;

	for (i = 0; i < n && r == 0; i++) {
		memset(&u, 0, sizeof u);
		u.run.exit_reason = exits[i][0];
		u.run.io.direction = exits[i][1];
		u.run.io.size = exits[i][2];
		u.run.io.port = exits[i][3];
		u.run.io.count = exits[i][4];
		u.run.io.data_offset = sizeof u.run;
		u.b[sizeof u.run] = exits[i][5];
		r = kvm_probe_exit(&u.run, len, id, &outs);
	}
	return i == n ? r : -2;	/* -2: stopped before the last exit */
}

int
main(void)
{
	static const struct {
		const char *conf;
		size_t line;
		const char *key, *why;
	} bad[] = {
		{ "colour = blue\n", 1, "colour", "unknown key" },
		{ "# ok\n\nmem 2G\n", 3, "mem 2G", "no '='" },
		{ " = 1\n", 1, "", "unknown key" },
		{ "mem =\n", 1, "mem", "empty value" },
		{ "mem = 2\tG\n", 1, "mem", "control character" },
		{ "accel = xen\n", 1, "accel", "kvm or tcg" },
		{ "cpu = host vmx\n", 1, "cpu", "model name" },
		{ "nic = e1000;reboot\n", 1, "nic", "model name" },
		{ "disk = sda\n", 1, "disk", "absolute path" },
		{ "disk = /dev/sda,if=none\n", 1, "disk", "absolute path" },
		{ "disk = nbd://nas.lan/guest\n", 1, "disk", "nbd:// URL" },
		{ "disk = nbd://10.0.2.2:10809/a,b\n", 1, "disk", "nbd:// URL" },
		{ "qemu = qemu-system-x86_64\n", 1, "qemu", "absolute path" },
		{ "firmware = usr/share\n", 1, "firmware", "absolute path" },
		{ "display = sdl\n", 1, "display", "auto, fb, curses" },
		{ "mem = 2P\n", 1, "mem", "MiB" },
		{ "mem = 5T\n", 1, "mem", "MiB" },
		{ "mem = 8\n", 1, "mem", "MiB" },
		{ "mem = 5000G\n", 1, "mem", "MiB" },
		{ "mem = -1\n", 1, "mem", "MiB" },
		{ "net = hostfwd=tcp::22-:22 restrict=on\n", 1, "net", "blanks" },
		{ "on_exit = halt\n", 1, "on_exit", "poweroff, reboot" },
		{ "shutdown_timeout = 3601\n", 1, "shutdown_timeout", "0 to 3600" },
		{ "shutdown_timeout = 1m\n", 1, "shutdown_timeout", "0 to 3600" },
		{ "smp = 0\n", 1, "smp", "1 to 255" },
		{ "smp = 256\n", 1, "smp", "1 to 255" },
		{ "smp = 99999999999999999999999\n", 1, "smp", "1 to 255" },
		{ "mem = 1G\nsmp = 2\nSMP = 2\n", 3, "SMP", "unknown key" },
		{ "args = -a \x1b[2J\n", 1, "args", "control character" },
	};
	static const char good[] = "# vmm.conf\n"
	    "\t# indented comment\n"
	    "  mem\t=  2G  \r\n"
	    "smp=3\n"
	    "\n"
	    "args = -rtc base=utc  -usb\n"
	    "mem = 3G\n"
	    "net = hostfwd=tcp::2222-:22,hostfwd=tcp::80-:80";
	static const char cmd[] = "BOOT_IMAGE=/vmlinuz vmm.mem=1G quiet "
	    "vmm.args=\"-usb -device usb-tablet\" vmmx.smp=9 vmm.smp=2 -- "
	    "vmm.smp=7";
	struct vmm_conf c = { 0 };
	struct vmm_err e;
	unsigned long n;
	char name[160], buf[64], path[64], *a, *extra[] = { "-snapshot", "-S" };
	size_t i, j;
	int r;

	rng_init();
	ok(vmm_conf_parse(S(good), &c, &e) == 0, "a good vmm.conf parses");
	ok(val_is(c.v[K_MEM], "3G"), "later lines win; blanks and CR trimmed");
	ok(val_is(c.v[K_SMP], "3") && val_is(c.v[K_ARGS], "-rtc base=utc  -usb"),
	    "key=value without blanks; inner blanks kept");
	ok(val_is(c.v[K_NET], "hostfwd=tcp::2222-:22,hostfwd=tcp::80-:80"),
	    "the last line needs no newline");
	ok(c.v[K_QEMU].p == NULL && c.v[K_DISK].p == NULL, "unset keys stay unset");
	ok(vmm_conf_parse("", 0, &c, &e) == 0, "an empty file is fine");
	ok(vmm_cmdline(S(cmd), &c, &e) == 0, "kernel command line parses");
	ok(val_is(c.v[K_MEM], "1G") && val_is(c.v[K_SMP], "2"),
	    "vmm.KEY=VALUE overrides vmm.conf; words after -- are not ours");
	ok(val_is(c.v[K_ARGS], "-usb -device usb-tablet"), "quoted value");
	ok(vmm_cmdline(S("quiet vmm.colour=blue"), &c, &e) < 0 &&
	    val_is(e.key, "vmm.colour") && e.line == 0 &&
	    strcmp(e.why, "unknown key") == 0, "vmm.colour: unknown key");
	ok(vmm_cmdline(S("vmm.mem"), &c, &e) < 0 && val_is(e.key, "vmm.mem"),
	    "vmm.mem without a value");
	ok(vmm_cmdline(S("vmm.smp=x"), &c, &e) < 0 && val_is(e.key, "vmm.smp") &&
	    val_is(e.val, "x"), "vmm.smp=x: bad value, named with its key");

	for (i = 0; i < LEN(bad); i++) {
		memset(&c, 0, sizeof c);
		r = vmm_conf_parse(bad[i].conf, strlen(bad[i].conf), &c, &e);
		snprintf(name, sizeof name, "error: line %zu, %s: %s", bad[i].line,
		    bad[i].key, bad[i].why);
		ok(r < 0 && e.line == bad[i].line && val_is(e.key, bad[i].key) &&
		    strstr(e.why, bad[i].why) != NULL, name);
	}

	ok(span_is(SP("tcg"), "kvm tcg") && !span_is(SP("kv"), "kvm tcg") &&
	    !span_is(SP("kvm tcg"), "kvm tcg") &&
	    !span_is((struct span){ NULL, 0 }, "kvm"), "span_is: one of words");
	ok(span_uint(SP("3600"), 10, 3600, &n) == 0 && n == 3600 &&
	    span_uint(SP("3601"), 10, 3600, &n) < 0 &&
	    span_uint(SP("7"), 10, 5, &n) < 0 &&
	    span_uint(SP("18446744073709551616"), 10, -1UL, &n) < 0 &&
	    span_uint(SP("+1"), 10, 9, &n) < 0 &&
	    span_uint(SP(""), 10, 9, &n) < 0,
	    "span_uint: bounds, overflow, sign, empty");
	ok(vmm_mem_mib(SP("2G"), &n) == 0 && n == 2048, "2G");
	ok(vmm_mem_mib(SP("2g"), &n) == 0 && n == 2048 &&
	    vmm_mem_mib(SP("512m"), &n) == 0 && n == 512 &&
	    vmm_mem_mib(SP("4T"), &n) == 0 && n == 4194304 &&
	    vmm_mem_mib(SP("1t"), &n) == 0 && n == 1048576,
	    "2g, 512m, 4T, 1t: QEMU's suffixes, either case");
	memset(&c, 0, sizeof c);
	ok(vmm_conf_parse(S("\xef\xbb\xbfmem = 1G\nsmp = 2\nmem = 2G\n"), &c,
	    &e) == 0 && val_is(c.v[K_MEM], "2G"), "a UTF-8 BOM is skipped");
	ok(c.line[K_MEM] == 3 && c.again[K_MEM] == 1 && c.line[K_SMP] == 2 &&
	    c.again[K_SMP] == 0, "each key's line, and an earlier one setting it");
	ok(vmm_cmdline(S("vmm.smp=3"), &c, &e) == 0 && c.cmdline[K_SMP] &&
	    !c.cmdline[K_MEM], "set by the kernel command line: marked");
	ok(vmm_mem_mib(SP("700"), &n) == 0 && n == 700, "700");
	memset(&c, 0, sizeof c);
	ok(vmm_conf_parse(S("net = bridge-only\n"), &c, &e) == 0 &&
	    vmm_cmdline(S("vmm.net=bridge"), &c, &e) == 0 &&
	    val_is(c.v[K_NET], "bridge") &&
	    span_is(c.v[K_NET], "bridge bridge-only"),
	    "net = bridge, bridge-only: words of the net key");
	ok(vmm_meminfo(S("MemFree: 5 kB\nMemTotal:  8039228 kB\n"), &n) == 0 &&
	    n == 8039228, "MemTotal, not the first line");
	ok(vmm_meminfo(S("MemTotal: 8039228 MB\n"), &n) < 0 &&
	    vmm_meminfo(S("MemTotal:\n"), &n) < 0 &&
	    vmm_meminfo(S("MemTotal: 99999999999999999999999 kB"), &n) < 0 &&
	    vmm_meminfo(S("MemFree: 1 kB\n"), &n) < 0,
	    "meminfo: wrong unit, no number, overflow, no MemTotal");
	ok(vmm_cpus(S("0-3\n"), &n) == 0 && n == 4, "cpus 0-3");
	ok(vmm_cpus(S("0,2-5,7\n"), &n) == 0 && n == 6, "cpus 0,2-5,7");
	ok(vmm_cpus(S("0"), &n) == 0 && n == 1, "cpus 0");
	ok(vmm_cpus(S("3-1"), &n) < 0 && vmm_cpus(S("0,"), &n) < 0 &&
	    vmm_cpus(S(""), &n) < 0 && vmm_cpus(S("0-"), &n) < 0 &&
	    vmm_cpus(S("a"), &n) < 0 && vmm_cpus(S("0 1"), &n) < 0,
	    "cpus: bad lists refused");
	ok(vmm_qmp_line(S("{\"return\": {}}\r")) == 1, "QMP return");
	ok(vmm_qmp_line(S("{\"error\": {\"class\": \"x\"}}")) == -1, "QMP error");
	ok(vmm_qmp_line(S("{\"QMP\": {\"version\": {}}}")) == 0 &&
	    vmm_qmp_line(S("{\"timestamp\": {}, \"event\": \"POWERDOWN\"}")) == 0 &&
	    vmm_qmp_line(S("{\"ret")) == 0 && vmm_qmp_line("", 0) == 0,
	    "QMP greeting, event, short lines: neither");
	{
		char q[64] = "{\"QMP\": {}}\r\n{\"event\": \"X\"}\r\n{\"ret";
		size_t qlen = strlen(q);

		ok(vmm_qmp_take(q, &qlen) == 0 && qlen == 5 &&
		    memcmp(q, "{\"ret", 5) == 0,
		    "QMP take: greeting and event out, partial line kept");
		memcpy(q + qlen, "urn\": {}}\r\n{\"e", 14);
		qlen += 14;
		ok(vmm_qmp_take(q, &qlen) == 1 && qlen == 3 &&
		    memcmp(q, "{\"e", 3) == 0,
		    "QMP take: the reply, what follows it kept");
	}

	/* Random bytes: the parsers stay inside their buffers (ASan). */
	for (i = 0; i < 2000; i++) {
		rng_bytes(buf, sizeof buf);
		for (j = 0; j < sizeof buf; j++)
			if (rng_below(3) == 0)
				buf[j] = "= \n#mvs.0-,"[rng_below(11)];
		memset(&c, 0, sizeof c);
		vmm_conf_parse(buf, sizeof buf, &c, &e);
		vmm_cmdline(buf, sizeof buf, &c, &e);
		vmm_cpus(buf, sizeof buf, &n);
		vmm_meminfo(buf, sizeof buf, &n);
	}
	ok(1, "2000 random configs parsed without a sanitizer report");

	a = argv_of("tests/vmm/pc", "", 0, NULL, 0);
	ok(has(a, "-accel tcg -cpu max "), "pc: no /dev/kvm: TCG, -cpu max");
	ok(has(a, " -smp 4 "), "pc: 0-3 online: 4 CPUs");
	ok(has(a, " -m 7349M "), "pc: 7850 MiB less the 501 MiB reserve");
	ok(has(a, "file=tests/vmm/pc/dev/sda,format=raw,if=ide,index=0,"),
	    "pc: sda, the first fixed disk (loop, ram, zram, sr, fd, dm, nbd "
	    "and removable sdc skipped)");
	ok(has(a, "-netdev user,id=net0 -device rtl8139,netdev=net0 "
	    "-device virtio-rng-pci"), "pc: rtl8139 on user networking, RNG");
	ok(has(a, "-nographic -serial mon:stdio -qmp unix:tests/vmm/pc/run/"
	    "vmm.qmp,server=on,wait=off"), "pc: not on a VT: -nographic, QMP");
	ok(has(a, "/bin/qemu-system-x86_64 -nodefaults -L /usr/share/qemu "),
	    "pc: default QEMU and firmware");
	a = argv_of("tests/vmm/pc", "", 1, extra, 2);
	ok(has(a, "-vga std -display curses,charset=ASCII -qmp"),
	    "pc on a VT: curses, a charset the static QEMU has built in");
	ok(has(a, "wait=off -snapshot -S"), "extra words last, verbatim");
	a = argv_of("tests/vmm/pc", "accel = kvm\nsmp = 2\nmem = 1G\n"
	    "disk = /tmp/x.img\nnic = none\ndisplay = vnc\nargs = -a  b\n"
	    "qemu = /q\nfirmware = /fw\n", 0, NULL, 0);
	ok(has(a, "/q -nodefaults -L /fw -accel kvm -cpu host -smp 2 -m 1024M "
	    "-drive file=/tmp/x.img,format=raw"), "every probe overridden");
	ok(has(a, "-device virtio-rng-pci -vga std -object secret,id=vncpw,"
	    "file=tests/vmm/pc/run/vmm.vncpw -display vnc=:0,password-secret="
	    "vncpw -serial") && !has(a, "-netdev"),
	    "nic = none; display = vnc: the password from a file");
	ok(has(a, "wait=off -a b"), "args split at blanks");
	fb_root();
	a = argv_of(fbroot, FBCONF, 1, NULL, 0);
	ok(has(a, "-vga std -display vnc=unix:") &&
	    has(a, "/run/vmm.vnc -serial mon:stdio -qmp"),
	    "a VT with /dev/fb0: display fb, VNC on a UNIX socket only");
	a = argv_of(fbroot, FBCONF, 0, NULL, 0);
	ok(has(a, "-nographic"), "/dev/fb0 but a serial console: serial");
	a = argv_of(fbroot, FBCONF "display = none\n", 1, NULL, 0);
	ok(has(a, "-vga std -display none -serial mon:stdio"), "display = none");
	snprintf(path, sizeof path, "%s/dev/fb0", fbroot);
	unlink(path);
	snprintf(path, sizeof path, "%s/dev", fbroot);
	rmdir(path);
	rmdir(fbroot);
	a = argv_of("tests/vmm/pc", "disk = none\ncpu = qemu64\n", 0, NULL, 0);
	ok(!has(a, "-drive") && has(a, "-cpu qemu64"), "disk = none; cpu set");
	a = argv_of("tests/vmm/usb", "", 0, NULL, 0);
	ok(has(a, "-accel tcg"), "usb: a dev/kvm that is not KVM: TCG");
	ok(has(a, "-smp 6 -m 1650M"), "usb: 0,2-5,7: 6 CPUs; 1967-317 MiB");
	ok(has(a, "file=tests/vmm/usb/dev/nvme0n1,"),
	    "usb: removable sda and mmcblk0 skipped, nvme0n1 before sdb");
	ok(argv_of("tests/vmm/bad", "disk = none\n", 0, NULL, 0) == NULL,
	    "no /proc, no /sys: the probes fail");
	ok(argv_of("tests/vmm/tiny", "disk = none\n", 0, NULL, 0) == NULL,
	    "256 MiB of RAM: too little after the reserve");
	ok(argv_of("tests/vmm/pc", "cpu = host,+vmx\n", 0, NULL, 0) == NULL &&
	    argv_of("tests/vmm/pc", "accel = tcg\ncpu = host\n", 0, NULL, 0) ==
	    NULL && argv_of("tests/vmm/pc", "accel = kvm\ncpu = host\n", 0, NULL,
	    0) != NULL, "cpu = host refused under TCG only");
	ok(has(argv_of("tests/vmm/pc", "nic = e1000\n", 0, NULL, 0),
	    " e1000,romfile=,netdev=net0 ") &&
	    has(argv_of("tests/vmm/pc", "nic = e1000,romfile=\n", 0, NULL, 0),
	    " e1000,romfile=,netdev=net0 ") &&
	    has(argv_of("tests/vmm/pc", "nic = virtio-net-pci\nfirmware = /x\n",
	    0, NULL, 0), " virtio-net-pci,romfile=,netdev=net0 ") &&
	    has(argv_of("tests/vmm/pc", "nic = usb-net\n", 0, NULL, 0),
	    " usb-net,netdev=net0 ") &&
	    has(argv_of("tests/vmm/pc", "", 0, NULL, 0),
	    " rtl8139,netdev=net0 "),
	    "a NIC whose boot ROM is missing gets romfile=, once");
	ok(reserve_mib(1024) == 288 && reserve_mib(32768) == 1280,
	    "reserve: 256 MiB + 1/32");

	/* The KVM probe guest's exits, as vCPU 1 (it writes 1, 2, 3). */
#define IO(port, val)	{ KVM_EXIT_IO, KVM_EXIT_IO_OUT, 1, port, 1, val }
#define HLT		{ KVM_EXIT_HLT, 0, 0, 0, 0, 0 }
	{
		const size_t L = sizeof(struct kvm_run) + 1;
		const unsigned good3[][6] = { IO(0x3f8, 1), IO(0x3f8, 2),
		    IO(0x3f8, 3), HLT };
		const unsigned early[][6] = { IO(0x3f8, 1), HLT };
		const unsigned four[][6] = { IO(0x3f8, 1), IO(0x3f8, 2),
		    IO(0x3f8, 3), IO(0x3f8, 4) };
		const unsigned other[][6] = { IO(0x3f8, 0) };
		const unsigned port[][6] = { IO(0x80, 1) };
		const unsigned in[][6] = { { KVM_EXIT_IO, KVM_EXIT_IO_IN, 1,
		    0x3f8, 1, 1 } };
		const unsigned wide[][6] = { { KVM_EXIT_IO, KVM_EXIT_IO_OUT, 2,
		    0x3f8, 1, 1 } };
		const unsigned rep[][6] = { { KVM_EXIT_IO, KVM_EXIT_IO_OUT, 1,
		    0x3f8, 2, 1 } };
		const unsigned shut[][6] = { { KVM_EXIT_SHUTDOWN, 0, 0, 0, 0,
		    0 } };
		const unsigned fail[][6] = { { KVM_EXIT_FAIL_ENTRY, 0, 0, 0, 0,
		    0 } };
		const unsigned intr[][6] = { IO(0x3f8, 1), { KVM_EXIT_INTR, 0,
		    0, 0, 0, 0 } };

		ok(probe_exits(1, good3, 4, L) == 1,
		    "probe: three OUTs of 1, 2, 3 to 0x3f8, then HLT: ran");
		ok(probe_exits(1, early, 2, L) == -1, "probe: HLT too early");
		ok(probe_exits(1, four, 4, L) == -1, "probe: a fourth OUT");
		ok(probe_exits(1, other, 1, L) == -1,
		    "probe: another vCPU's byte (0 is vCPU 0's)");
		ok(probe_exits(1, port, 1, L) == -1 &&
		    probe_exits(1, in, 1, L) == -1 &&
		    probe_exits(1, wide, 1, L) == -1 &&
		    probe_exits(1, rep, 1, L) == -1,
		    "probe: another port, an IN, a 2-byte or repeated OUT");
		ok(probe_exits(1, shut, 1, L) == -1 &&
		    probe_exits(1, fail, 1, L) == -1 &&
		    probe_exits(1, intr, 2, L) == -1,
		    "probe: triple fault, failed entry, interrupted: not run");
		ok(probe_exits(1, good3, 1, L - 1) == -1,
		    "probe: data_offset past the mapped kvm_run");
	}
	{
		char why[PATH_MAX + 64];
		long ms = PROBE_MS, zero = 0;
		int fd;

		ok(kvm_works("tests/vmm/pc", 2, &ms, why, sizeof why) == 0 &&
		    strcmp(why, "tests/vmm/pc/dev/kvm: No such file or "
		    "directory") == 0, "kvm: no /dev/kvm: says so");
		ok(kvm_works("tests/vmm/usb", 2, &ms, why, sizeof why) == 0 &&
		    strcmp(why, "tests/vmm/usb/dev/kvm: not KVM API 12") == 0,
		    "kvm: a dev/kvm that is not KVM: says so");
		if ((fd = open("/dev/kvm", O_RDWR)) >= 0) {
			close(fd);
			/* a probe given no time: the child is not waited for */
			ok(kvm_works("", 3, &zero, why, sizeof why) == 0 &&
			    strcmp(why, "a 3-vCPU probe guest did not finish "
			    "in 0 ms") == 0, "kvm: a guest that takes too long");
			ms = PROBE_MS;
			r = kvm_works("", 2, &ms, why, sizeof why);
			printf("# this machine's /dev/kvm: %s (%ld ms)\n",
			    r ? "the probe guest ran" : why, ms);
			ok(r == 1 ? why[0] == '\0' : why[0] != '\0',
			    "kvm: this machine's /dev/kvm: a verdict, a reason");
		} else {
			ok(1, "# SKIP no /dev/kvm here");
			ok(1, "# SKIP no /dev/kvm here");
		}
	}
	{
		static const struct {
			const char *url;
			int r;
			unsigned char ip[4];
			unsigned long port;
			const char *sock;
		} nbd[] = {
			{ "nbd://10.0.2.2:10809/guest", 0, { 10, 0, 2, 2 },
			    10809, NULL },
			{ "nbd://192.168.1.250/", 0, { 192, 168, 1, 250 },
			    10809, NULL },
			{ "nbd://1.2.3.4:1/a/b-c_d.e~f", 0, { 1, 2, 3, 4 }, 1,
			    NULL },
			{ "nbd+unix:///disk?socket=/run/nbd.sock", 0, { 0 },
			    10809, "/run/nbd.sock" },
			{ "nbd+unix:///?socket=/s", 0, { 0 }, 10809, "/s" },
			{ "nbd://10.0.2.2", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2/x", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.256/x", -1, { 0 }, 0, NULL },
			{ "nbd://010.0.2.2/x", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.2:0/x", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.2:65536/x", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.2:/x", -1, { 0 }, 0, NULL },
			{ "nbd://nas/x", -1, { 0 }, 0, NULL },
			{ "nbd://[::1]/x", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.2/x,y", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.2/x?y", -1, { 0 }, 0, NULL },
			{ "nbd://10.0.2.2/%41", -1, { 0 }, 0, NULL },
			{ "nbd+unix:///x", -1, { 0 }, 0, NULL },
			{ "nbd+unix:///x?socket=s", -1, { 0 }, 0, NULL },
			{ "nbd+unix://h/x?socket=/s", -1, { 0 }, 0, NULL },
			{ "nbd+unix:///x?socket=/s,t", -1, { 0 }, 0, NULL },
			{ "nbds://10.0.2.2/x", -1, { 0 }, 0, NULL },
			{ "nbd://1.2.3.4:80\0/x", -1, { 0 }, 0, NULL },
		};
		char longsock[200] = "nbd+unix:///x?socket=/";
		struct vmm_nbd u;
		char what[64];

		for (i = 0; i < LEN(nbd); i++) {
			/* the \0 case: its length is past the NUL */
			r = vmm_nbd(nbd[i].url, strlen(nbd[i].url) +
			    (i == LEN(nbd) - 1 ? 5 : 0), &u);
			snprintf(what, sizeof what, "nbd: %s", nbd[i].url);
			ok(r == nbd[i].r && (r < 0 || (memcmp(u.ip, nbd[i].ip,
			    4) == 0 && u.port == nbd[i].port &&
			    (nbd[i].sock ? val_is(u.sock, nbd[i].sock) :
			    u.sock.p == NULL))), what);
		}
		memset(longsock + strlen(longsock), 'a', 107 - 1);
		ok(vmm_nbd(longsock, strlen(longsock), &u) == 0 &&
		    u.sock.len == 107, "nbd: a 107-byte socket path fits");
		strcat(longsock, "b");
		ok(vmm_nbd(longsock, strlen(longsock), &u) < 0,
		    "nbd: 108 bytes do not (sun_path's NUL)");
		a = argv_of("tests/vmm/pc", "disk = nbd://10.0.2.2:10809/g\n"
		    "firmware = auto\n", 0, NULL, 0);
		ok(has(a, " -drive file=nbd://10.0.2.2:10809/g,format=raw,"
		    "if=ide,"), "nbd: the URL is QEMU's -drive file=");
	}
	return done();
}
