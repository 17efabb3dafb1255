/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: what modprobe makes of its tables, end to end, as a
 * dry run (modprobe -n): the walk of modules.dep lines with their
 * softdeps, aliases and built-ins (mod_probe), removal against
 * /proc/modules (mod_remove), modprobe.d and command-line parameters
 * (params_for) and blacklists (blacklisted). The input is the tables
 * modules.dep, modules.alias, modules.builtin, /proc/modules, modprobe.d
 * and /proc/cmdline, in that order, separated by NUL bytes.
 *
 * Kept out, as the loader reports them with a line (to the kernel log
 * too, which a fuzzer must not flood): a modules.dep line with no ':',
 * and paths or parameters longer than their buffers (inputs over 1000
 * bytes). tests/unit/modules.c tests those lines.
 */
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "../../applets/modules/mod.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a broken promise: its line, then a trap (libFuzzer ignores returns) */
#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); __builtin_trap(); } } while (0)

/* Every line of modules.dep that names a module has its ':'. */
static int
dep_wellformed(struct span dep)
{
	struct span l;

	while (span_line(&dep, &l))
		if (mod_name(l.p, l.len).len > 0 && !memchr(l.p, ':', l.len))
			return 0;
	return 1;
}

/*
 * NAME's parameters: NUL-terminated within PARAMS_MAX, EXTRA last, each
 * of its modprobe.d options in them; the same for NAME spelt with '_'
 * for '-' (ALT), as kmod reads names.
 */
static void
check_params(const struct modctx *c, const char *name, const char *alt)
{
	char out[PARAMS_MAX], again[PARAMS_MAX];
	struct span cur = c->conf;
	struct conf_line cl;
	size_t n;
	int r = params_for(c, span_str(name), "x=1", out);

	CHECK(r == 0 || r == -1);
	CHECK(memchr(out, '\0', sizeof out) != NULL);
	CHECK(params_for(c, span_str(alt), "x=1", again) == r);
	CHECK(strcmp(out, again) == 0);
	if (r < 0)
		return;
	n = strlen(out);
	CHECK(n >= 3 && strcmp(out + n - 3, "x=1") == 0);
	while (conf_next(&cur, &cl))
		if (cl.kind == 'o' &&
		    name_eq(cl.name.p, cl.name.len, name, strlen(name)))
			CHECK(memmem(out, n, cl.rest.p, cl.rest.len) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[][2] = {
		{ "kvm-amd", "kvm_amd" }, { "a", "a" }, { "b-c", "b_c" },
		{ "pci:v00001AF4d*", "pci:v00001AF4d*" },
	};
	static int null = -1;
	const char *p = (const char *)data, *end = p + size, *nul;
	struct span *tab[6];
	struct modctx c;
	size_t i;
	int r;

	if (size > 1000)
		return 0;
	/* the dry run's "insmod ..." and "rmmod ..." lines: not wanted */
	if (null < 0 && (null = open("/dev/null", O_WRONLY)) >= 0)
		dup2(null, 1);
	memset(&c, 0, sizeof c);
	tab[0] = &c.dep, tab[1] = &c.alias, tab[2] = &c.builtin;
	tab[3] = &c.procmods, tab[4] = &c.conf, tab[5] = &c.cmdline;
	for (i = 0; i < 6; i++) {
		if ((nul = memchr(p, '\0', end - p)) == NULL)
			nul = end;
		*tab[i] = (struct span){ p, nul - p };
		p = nul < end ? nul + 1 : end;
	}
	if (!dep_wellformed(c.dep))
		return 0;
	snprintf(c.dir, sizeof c.dir, "/lib/modules/fuzz");
	c.dry = c.quiet = c.summary = 1;
	for (i = 0; i < LEN(names); i++) {
		r = blacklisted(&c, span_str(names[i][0]));
		CHECK(r == 0 || r == 1);
		CHECK(blacklisted(&c, span_str(names[i][1])) == r);
		check_params(&c, names[i][0], names[i][1]);
		r = mod_probe(&c, names[i][0], strlen(names[i][0]), "y=2");
		CHECK(r >= -1 && r <= 1);
		/* a dry run loads nothing, and so fails nothing */
		CHECK(c.sum.nloaded == 0 && c.sum.nfail == 0 && c.sum.nnohw == 0);
		if (mod_name(names[i][0], strlen(names[i][0])).len ==
		    strlen(names[i][0])) {
			r = mod_remove(&c, names[i][0]);
			CHECK(r == 0 || r == 1);
		}
	}
	free(c.loaded.buf);
	free(c.failed.buf);
	free(c.visited.buf);
	return 0;
}
