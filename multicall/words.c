/* SPDX-License-Identifier: ISC */
/*
 * words.c - the word splitter of /etc/init.conf and of the rescue shell.
 * Not sh: blanks (space, tab, CR) separate words; '...' and "..." keep
 * blanks inside one word and are removed, with nothing special inside
 * them (no escapes, no variables); quoted and bare parts next to each
 * other join ("a"'b'c is abc); '#' at the start of a word comments out
 * the rest of the line. A line ends at a newline or at the end of the
 * buffer; a quote never spans lines.
 */
#include <string.h>

#include "box.h"

/*
 * Split the line at *P (not past END) into W. 0 ok (argc 0 for a blank or
 * comment line); -1 with *WHY the reason (argc 0). Either way *P moves
 * past the line's newline, so a caller can report and go on.
 */
int
words_split(const char **p, const char *end, struct words *w,
    const char **why)
{
	const char *s = *p;
	size_t n = 0;		/* bytes of w->buf in use */
	char quote = 0;
	int inword = 0;

	w->argc = 0;
	*why = NULL;
	for (; s < end && (*s != '\n' || quote); s++) {
		if (*s == '\n' || *s == '\0') {
			*why = *s ? "unterminated quote" : "NUL byte";
			break;
		}
		if (quote && *s == quote) {
			quote = 0;
			continue;
		}
		if (!quote && span_blank(*s)) {
			if (inword)
				w->buf[n++] = '\0';
			inword = 0;
			continue;
		}
		if (!quote && !inword && *s == '#') {
			while (s < end && *s != '\n')
				s++;
			break;
		}
		if (!inword) {
			/* room for this word's NUL, and argv's NULL */
			if (n + 1 >= sizeof w->buf || w->argc == WORDS_MAX) {
				*why = n + 1 >= sizeof w->buf ?
				    "line too long" : "too many words";
				break;
			}
			w->argv[w->argc++] = w->buf + n;
			inword = 1;
		}
		if (!quote && (*s == '\'' || *s == '"')) {
			quote = *s;
			continue;
		}
		if (n + 2 > sizeof w->buf) {
			*why = "line too long";
			break;
		}
		w->buf[n++] = *s;
	}
	if (quote && *why == NULL)
		*why = "unterminated quote";
	if (inword && *why == NULL)
		w->buf[n] = '\0';
	if (*why != NULL)
		w->argc = 0;
	w->argv[w->argc] = NULL;
	while (s < end && *s++ != '\n')
		;
	*p = s;
	return *why != NULL ? -1 : 0;
}
