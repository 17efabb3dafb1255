# SPDX-License-Identifier: ISC
# modtree.sh - a trimmed copy of Debian's module tree, for boot tests.
#
#   modtree DIR NAME...   copy into DIR/lib/modules/KVER the modules NAME...
#                         and all they depend on (modules.dep holds the whole
#                         chain), with modules.dep and modules.alias cut
#                         down to them and modules.builtin as it is; print
#                         the SRC:DEST words boot_initrd takes
#
# KVER is the kernel boot.sh boots ($KERNEL), never the host's uname -r.
MODKVER=${KERNEL##*/vmlinuz-}
MODSRC=/lib/modules/$MODKVER

modtree() {
	_t=$1/lib/modules/$MODKVER; shift
	mkdir -p "$_t"
	awk -v want="$*" '
		BEGIN { n = split(want, w, " ")
			for (i = 1; i <= n; i++) { gsub("-", "_", w[i]); W[w[i]] = 1 } }
		{ b = $1; sub(":$", "", b); sub(".*/", "", b); sub("[.]ko.*", "", b)
		  gsub("-", "_", b)
		  if (b in W) for (i = 1; i <= NF; i++) { p = $i; sub(":$", "", p); print p } }
	' "$MODSRC/modules.dep" | sort -u >"$_t/list"
	grep -F -f "$_t/list" "$MODSRC/modules.dep" |
		awk 'NR == FNR { L[$1 ":"] = 1; next } $1 in L' "$_t/list" - \
		>"$_t/modules.dep"
	sed 's|.*/||; s|[.]ko.*||; s|-|_|g' "$_t/list" >"$_t/names"
	awk 'NR == FNR { N[$1] = 1; next } $3 in N' "$_t/names" \
		"$MODSRC/modules.alias" >"$_t/modules.alias"
	cp "$MODSRC/modules.builtin" "$_t/"
	for _f in modules.dep modules.alias modules.builtin; do
		echo "$_t/$_f:lib/modules/$MODKVER/$_f"
	done
	sed "s|.*|$MODSRC/&:lib/modules/$MODKVER/&|" "$_t/list"
}
