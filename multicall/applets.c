/* SPDX-License-Identifier: ISC */
/*
 * applets.c - the applet table, written by hand and kept sorted so that
 * applet_find() can bsearch it (tests/unit/applets.c checks the order).
 * Adding an applet: one line here, one prototype in box.h, one file in the
 * Makefile's APPLETS.
 */
#include <stdlib.h>
#include <string.h>

#include "box.h"

const struct applet applets[] = {
	{ "cat",	cat_main,	cat_usage },
	{ "coldplug",	coldplug_main,	coldplug_usage },
	{ "dmesg",	dmesg_main,	dmesg_usage },
	{ "fbvnc",	fbvnc_main,	fbvnc_usage },
	{ "halt",	poweroff_main,	halt_usage },
	{ "ifconfig",	ifconfig_main,	ifconfig_usage },
	{ "init",	init_main,	init_usage },
	{ "insmod",	insmod_main,	insmod_usage },
	{ "mknod",	mknod_main,	mknod_usage },
	{ "modprobe",	modprobe_main,	modprobe_usage },
	{ "poweroff",	poweroff_main,	poweroff_usage },
	{ "reboot",	poweroff_main,	reboot_usage },
	{ "route",	route_main,	route_usage },
	{ "sh",		sh_main,	sh_usage },
	{ "udhcpc",	udhcpc_main,	udhcpc_usage },
	{ "vmm",	vmm_main,	vmm_usage },
};
const size_t napplets = LEN(applets);

static int
cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct applet *)elem)->name);
}

const struct applet *
applet_find(const char *name)
{
	const char *slash = strrchr(name, '/');

	if (slash != NULL)
		name = slash + 1;
	return bsearch(name, applets, napplets, sizeof applets[0], cmp);
}
