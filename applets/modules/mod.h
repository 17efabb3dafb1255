/* SPDX-License-Identifier: ISC */
/* mod.h - the module loader that insmod, modprobe and coldplug share. */
#ifndef MOD_H
#define MOD_H

#include "../../multicall/span.h"

/* A set of module names or aliases, "name\n...", '-' read as '_'. */
struct nameset {
	char *buf;
	size_t len, cap;
};
int set_has(const struct nameset *s, const char *name, size_t len);
int set_add(struct nameset *s, const char *name, size_t len);

/* What one run loaded and could not; coldplug adds up its workers'. */
struct modsum {
	unsigned nloaded, nnohw, nfail;
	char nohw[256], fail[512];	/* "name (reason), ..." */
};

struct modctx {
	char dir[512];		/* MODROOT/lib/modules/RELEASE */
	char root[256];		/* MODROOT, "" on a real system */
	struct span dep, alias, builtin, procmods, conf, cmdline; /* malloc'd */
	struct span abin, dbin;	/* modules.{alias,dep}.bin mapped, or {0} */
	const char *absent;	/* the index that is not there, for -v */
	struct nameset loaded, failed;	/* by this run */
	struct nameset visited;	/* by one name's walk (kmod's) */
	int dry, verbose, quiet;
	int show;		/* -D: loaded modules too, and built-ins */
	int summary;		/* failures into sum, not on stderr */
	int log_loads;		/* a line per module loaded (hotplug) */
	struct modsum sum;
};

int mod_open(struct modctx *c, const char *top, const char *release);
int mod_refresh(struct modctx *c);
int mod_probe(struct modctx *c, const char *name, size_t nlen,
    const char *params);
int mod_remove(struct modctx *c, const char *name);
void mod_sum_add(struct modsum *to, const struct modsum *s);
int mod_insmod(const char *path, const char *params, const char **why);
char *mod_join(char **argv, int n);

#endif
