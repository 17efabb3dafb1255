/* SPDX-License-Identifier: ISC */
/* applets.c - the hand-written applet table is sorted and complete. */
#include <string.h>

#include "../../multicall/box.h"
#include "../tap.h"

int
main(void)
{
	size_t i;
	int sorted = 1, usage = 1;

	for (i = 0; i < napplets; i++) {
		if (i > 0 && strcmp(applets[i - 1].name, applets[i].name) >= 0)
			sorted = 0;
		if (applets[i].usage == NULL ||
		    strncmp(applets[i].usage, applets[i].name,
		    strlen(applets[i].name)) != 0)
			usage = 0;
	}
	ok(sorted, "applet table is sorted and has no duplicates");
	ok(usage, "every usage string starts with its applet's name");
	ok(applet_find("mknod") && applet_find("mknod")->main == mknod_main,
	    "applet_find finds mknod");
	ok(applet_find("/bin/reboot") != NULL, "applet_find takes a path");
	ok(applet_find("/sbin/") == NULL, "an empty basename is no applet");
	ok(applet_find("mknodx") == NULL && applet_find("") == NULL,
	    "unknown names are not found");
	return done();
}
