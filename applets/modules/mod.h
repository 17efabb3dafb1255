/* SPDX-License-Identifier: ISC */
/*
 * mod.h - what insmod, modprobe and coldplug share (applets/modules/mod.c):
 * the parsers of modules.dep, modules.alias, modules.builtin, /proc/modules
 * and modprobe.d, a shell-glob matcher, and the load-with-dependencies core.
 */
#ifndef MOD_H
#define MOD_H

#include <stddef.h>

struct span {
	const char *p;
	size_t len;
};

/* One "options NAME ..." or "blacklist NAME" line of a modprobe.d file. */
struct conf_line {
	char kind;		/* 'o' options, 'b' blacklist, 0 anything else */
	struct span name, rest;
};

/* The pure parsers: bytes in, spans into the same bytes out. */
int name_eq(const char *a, size_t alen, const char *b, size_t blen);
struct span mod_name(const char *path, size_t len);
int glob_match(const char *pat, size_t plen, const char *s, size_t slen);
int line_find(const char *buf, size_t len, const char *name, size_t nlen,
    struct span *line);
int word_next(const char **p, const char *end, struct span *w);
int alias_next(const char **p, const char *end, struct span *pat,
    struct span *mod);
int conf_next(const char **p, const char *end, struct conf_line *c);

/* A set of module names or aliases, "\nname\n..." with '-' read as '_'. */
struct nameset {
	char *buf;
	size_t len, cap;
};
int set_has(const struct nameset *s, const char *name, size_t len);
int set_add(struct nameset *s, const char *name, size_t len);

struct modctx {
	char dir[512];		/* MODROOT/lib/modules/RELEASE */
	char root[256];		/* MODROOT, "" on a real system */
	char *dep, *alias, *builtin, *procmods, *conf, *cmdline;
	size_t deplen, aliaslen, builtinlen, procmodslen, conflen, cmdlinelen;
	struct nameset loaded, failed;	/* by this run */
	int dry, verbose, quiet;
	int summary;		/* failures into nohw/fail, not on stderr */
	int log_loads;		/* a line per module loaded (hotplug) */
	unsigned nloaded, nnohw, nfail;
	char nohw[256], fail[512];	/* "name (reason), ..." */
};

int mod_open(struct modctx *c);
int mod_refresh(struct modctx *c);
int mod_probe(struct modctx *c, const char *name, const char *params);
int mod_remove(struct modctx *c, const char *name);
int mod_insmod(const char *path, const char *params, const char **why);
char *mod_inflate(const char *gz, size_t len, size_t max, size_t *outlen);
const char *mod_strerror(int e);
int mod_nohw(int e);
char *mod_join(char **argv, int n);

#endif
