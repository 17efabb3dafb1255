/* SPDX-License-Identifier: ISC */
/*
 * words.c - the init.conf / sh word splitter: quoting, comments, line
 * ends, limits, and random lines against a straightforward model.
 */
#include <string.h>

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

/* Split S (one or more lines); the words of every line, joined by '|'. */
static const char *
split(const char *s, int *rc)
{
	static char out[8192];
	const char *p = s, *end = s + strlen(s), *why;
	struct words w;
	int i;

	out[0] = '\0';
	*rc = 0;
	while (p < end) {
		if (words_split(&p, end, &w, &why) < 0) {
			*rc = -1;
			strcat(out, why);
		}
		for (i = 0; i < w.argc; i++) {
			strcat(out, w.argv[i]);
			strcat(out, "|");
		}
		strcat(out, "/");
	}
	return out;
}

/*
 * Random words (blanks, quotes, '#' included), each written bare, in '...'
 * or in "..." when that can hold it, joined by random blanks: the split
 * gives the words back.
 */
static void
model(void)
{
	static const char alphabet[] = "ab #'\"\t-/=";
	char words[8][16], line[512], name[64];
	const char *p, *why;
	struct words w;
	size_t nw, i, j, len, n;
	int round, good = 1;

	rng_init();
	for (round = 0; round < 2000 && good; round++) {
		n = 0;
		nw = rng_below(8);
		for (i = 0; i < nw; i++) {
			len = rng_below(sizeof words[i]);
			for (j = 0; j < len; j++)
				words[i][j] = alphabet[rng_below(sizeof alphabet - 1)];
			words[i][len] = '\0';
			line[n++] = " \t"[rng_below(2)];
			if (strchr(words[i], '\'') == NULL && rng_below(2))
				n += sprintf(line + n, "'%s'", words[i]);
			else if (strchr(words[i], '"') == NULL)
				n += sprintf(line + n, "\"%s\"", words[i]);
			else	/* both quotes: one part in each */
				for (j = 0; j < len; j++)
					n += sprintf(line + n, words[i][j] == '"' ?
					    "'%c'" : "\"%c\"", words[i][j]);
		}
		p = line;
		good = words_split(&p, line + n, &w, &why) == 0 &&
		    (size_t)w.argc == nw && p == line + n;
		for (i = 0; good && i < nw; i++)
			good = strcmp(w.argv[i], words[i]) == 0;
	}
	snprintf(name, sizeof name, "%d random quoted lines split back", round);
	ok(good, name);
}

int
main(void)
{
	static const struct { const char *in, *want; int rc; } t[] = {
		{ "a b\tc", "a|b|c|/", 0 },
		{ "  lead  trail  ", "lead|trail|/", 0 },
		{ "'a b' \"c d\"", "a b|c d|/", 0 },
		{ "x'y z'\"w\"v", "xy zwv|/", 0 },
		{ "'' \"\"", "||/", 0 },
		{ "\"it's\" 'say \"hi\"'", "it's|say \"hi\"|/", 0 },
		{ "a#b #c d", "a#b|/", 0 },
		{ "# all comment", "/", 0 },
		{ "'#not' \"#comment\"", "#not|#comment|/", 0 },
		{ "a\nb c\n\nd", "a|/b|c|//d|/", 0 },
		{ "a\r\n", "a|/", 0 },
		{ "'back\\slash' \\n", "back\\slash|\\n|/", 0 },
		{ "'open", "unterminated quote/", -1 },
		{ "\"open\nnext", "unterminated quote/next|/", -1 },
	};
	char line[8192], name[128];
	const char *p, *why, *got;
	struct words w;
	size_t i;
	int rc;

	for (i = 0; i < LEN(t); i++) {
		got = split(t[i].in, &rc);
		snprintf(name, sizeof name, "case %zu: '%.100s'", i, got);
		ok(strcmp(got, t[i].want) == 0 && rc == t[i].rc, name);
	}

	p = "a\0b c";
	got = p;
	ok(words_split(&p, got + 5, &w, &why) == -1 && strcmp(why, "NUL byte")
	    == 0 && w.argc == 0 && p == got + 5,
	    "a NUL byte is an error; the cursor passes the line");

	memset(line, 'x', sizeof line);
	p = line;
	ok(words_split(&p, line + sizeof w.buf - 1, &w, &why) == 0 &&
	    w.argc == 1 && strlen(w.argv[0]) == sizeof w.buf - 1,
	    "a word of sizeof buf - 1 bytes fits");
	p = line;
	ok(words_split(&p, line + sizeof w.buf, &w, &why) == -1 &&
	    strcmp(why, "line too long") == 0 && p == line + sizeof w.buf,
	    "one byte more is 'line too long', cursor at the end");
	for (i = 0; i < 2 * (WORDS_MAX + 1); i += 2) {
		line[i] = 'a';
		line[i + 1] = ' ';
	}
	p = line;
	ok(words_split(&p, line + 2 * WORDS_MAX, &w, &why) == 0 &&
	    w.argc == WORDS_MAX && w.argv[WORDS_MAX] == NULL,
	    "WORDS_MAX words fit, argv NULL-terminated");
	p = line;
	ok(words_split(&p, line + 2 * WORDS_MAX + 1, &w, &why) == -1 &&
	    strcmp(why, "too many words") == 0, "one more is 'too many words'");
	model();
	return done();
}
