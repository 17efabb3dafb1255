/* SPDX-License-Identifier: ISC */
/*
 * hb_fmt.h - halbox's printf family (multicall/fmt.c) compiled into a
 * test as fmt_vsnprintf, fmt_snprintf, fmt_vdprintf, fmt_dprintf and
 * fmt_printf, so that the test keeps the C library's to compare with.
 */
#define vsnprintf fmt_vsnprintf
#define snprintf fmt_snprintf
#define vdprintf fmt_vdprintf
#define dprintf fmt_dprintf
#define printf fmt_printf
#include "../multicall/fmt.c"
#undef vsnprintf
#undef snprintf
#undef vdprintf
#undef dprintf
#undef printf
