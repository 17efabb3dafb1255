# SPDX-License-Identifier: ISC
# modtree.sh - a trimmed copy of Debian's module tree, for boot tests.
#
#   modtree DIR NAME...   copy into DIR/lib/modules/KVER the modules NAME...
#                         and all they depend on (modules.dep holds the whole
#                         chain), with depmod -b's modules.dep, modules.alias
#                         and their .bin indexes of them and modules.builtin
#                         as it is; print the SRC:DEST words boot_initrd takes
#
# KVER is the kernel boot.sh boots ($KERNEL), never the host's uname -r.
MODKVER=${KERNEL##*/vmlinuz-}
MODSRC=/lib/modules/$MODKVER

modtree() {
	_root=$1; _t=$1/lib/modules/$MODKVER; shift
	mkdir -p "$_t"
	awk -v want="$*" '
		BEGIN { n = split(want, w, " ")
			for (i = 1; i <= n; i++) { gsub("-", "_", w[i]); W[w[i]] = 1 } }
		{ b = $1; sub(":$", "", b); sub(".*/", "", b); sub("[.]ko.*", "", b)
		  gsub("-", "_", b)
		  if (b in W) for (i = 1; i <= NF; i++) { p = $i; sub(":$", "", p); print p } }
	' "$MODSRC/modules.dep" | sort -u >"$_t/list"
	# depmod's own tables and indexes of a tree of links to them
	sed "s|^|$MODSRC/|" "$_t/list" | xargs cp -s --parents -t "$_root"
	cp "$MODSRC/modules.order" "$MODSRC/modules.builtin" \
	    "$MODSRC/modules.builtin.modinfo" "$_t/"
	PATH=$PATH:/usr/sbin:/sbin depmod -b "$_root" "$MODKVER"
	for _f in modules.dep modules.alias modules.builtin modules.dep.bin \
	    modules.alias.bin; do
		echo "$_t/$_f:lib/modules/$MODKVER/$_f"
	done
	sed "s|.*|$MODSRC/&:lib/modules/$MODKVER/&|" "$_t/list"
}
