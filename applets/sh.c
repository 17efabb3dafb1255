/* SPDX-License-Identifier: ISC */
/*
 * sh - the rescue shell: a tiny command runner for the console
 *
 * usage: sh [-c LINE]
 * Not POSIX sh: one command per line, split like /etc/init.conf (blanks
 * separate words, '...' and "..." group them, '#' comments); no
 * variables, globs, pipes, redirections or job control. A command is a
 * halbox applet, a path, or a program in /bin. Builtins: cd [DIR],
 * exit [N], exec COMMAND..., help. On a terminal: a prompt and line
 * editing (backspace, ^U kills the line, ^D on an empty line ends), and
 * ^C stops the command running, not the shell.
 * Exit: the last command's status, or N from exit; 100 usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "../multicall/box.h"

const char sh_usage[] = "sh [-c LINE]\n"
	"-c LINE  run its lines and exit (default: read lines from stdin)\n"
	"Not POSIX sh: builtins cd, exit, exec, help; see the README";

#define PROMPT	"halbox# "

enum { ED_MORE, ED_ECHO, ED_LINE, ED_END };

/* The line editor: the line typed so far, no I/O. */
struct edit {
	char *buf;
	size_t size, n;		/* the line is buf[0..n), n < size */
	size_t erase;		/* characters the last byte rubbed out */
	int esc;		/* in a key's escape sequence: 1 after ESC, 2 after
				   ESC [ or ESC O (CSI, SS3), 3 after ESC [ [ */
};

/*
 * One byte C typed: ED_LINE (Enter: the line is done), ED_END (^D on an
 * empty line: the input is), ED_ECHO (C is now the line's last byte),
 * else ED_MORE; either after e->erase characters rubbed out (backspace,
 * ^U the line). A key's escape sequence (arrows, F keys: ESC, then [ or
 * O and bytes up to a final one in 0x40-0x7e; or ESC and one byte) is
 * not the line's: swallowed, not echoed.
 */
static int
edit_key(struct edit *e, char c)
{
	e->erase = 0;
	if (e->esc) {
		if (e->esc == 1 && (c == '[' || c == 'O'))
			e->esc = 2;
		else if (e->esc == 2 && c == '[')	/* Linux console F1-F5 */
			e->esc = 3;			/* ESC [ [ A..E */
		else if (e->esc != 2 || (c >= 0x40 && c <= 0x7e))
			e->esc = 0;
		return ED_MORE;
	}
	if (c == 4 && e->n == 0)
		return ED_END;
	if (c == '\n' || c == '\r')
		return ED_LINE;
	if (c == 0x1b)
		e->esc = 1;
	else if (c == 0x7f || c == '\b')
		e->erase = e->n > 0;
	else if (c == 0x15)
		e->erase = e->n;
	else if ((unsigned char)c >= ' ' && e->n + 1 < e->size) {
		e->buf[e->n++] = c;
		return ED_ECHO;
	}
	e->n -= e->erase;
	return ED_MORE;
}

/* A line from a terminal with the echo and erasing done here. */
static ssize_t
line_edit(char *buf, size_t size)
{
	struct termios old, raw;
	struct edit e = { .buf = buf, .size = size };
	int a = ED_MORE;
	char c;

	tcgetattr(0, &old);
	raw = old;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	while (a != ED_LINE) {
		if (read(0, &c, 1) != 1 || (a = edit_key(&e, c)) == ED_END) {
			e.n = (size_t)-1;		/* EOF or ^D: the end */
			break;
		}
		for (; e.erase > 0; e.erase--)
			(void)!write(1, "\b \b", 3);
		if (a == ED_ECHO)
			(void)!write(1, &c, 1);
	}
	(void)!write(1, "\n", 1);
	tcsetattr(0, TCSANOW, &old);
	return (ssize_t)e.n;
}

/*
 * A line from a pipe or file, a byte at a time: never read past it.
 * SIZE back for a line too long for BUF (read to its end all the same).
 */
static ssize_t
line_read(char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	char c;

	while ((r = read(0, &c, 1)) == 1 && c != '\n')
		if (n < size)
			buf[n++] = c;
	return r <= 0 && n == 0 ? -1 : (ssize_t)n;
}

/*
 * On a terminal, ^C (and the quit key) stop the command, not the shell:
 * the shell catches them and does nothing, and exec(2) sets a caught
 * signal back to its default (POSIX exec), so every command run, with
 * the exec builtin too, gets them as usual.
 */
static void
caught(int sig)
{
	(void)sig;
}

static int
run(char **argv)
{
	const char *dir = argv[1] ? argv[1] : "/";
	unsigned long code;
	size_t i;
	pid_t pid;

	if (strcmp(argv[0], "cd") == 0) {
		if (chdir(dir) == 0)
			return 0;
		warn("cd %s", dir);
		return 1;
	}
	if (strcmp(argv[0], "exit") == 0) {
		code = 0;
		if (argv[1] && parse_uint(argv[1], 10, 255, &code) < 0) {
			warnx("exit: bad number '%s'", argv[1]);
			return EXIT_USAGE;
		}
		_exit((int)code);
	}
	if (strcmp(argv[0], "help") == 0) {
		printf("builtins: cd exit exec help\napplets:");
		for (i = 0; i < napplets; i++)
			printf(" %s", applets[i].name);
		printf("\nnot POSIX sh: one command per line, '...' \"...\""
		    " quoting, no variables, pipes or redirections\n");
		return 0;
	}
	if (strcmp(argv[0], "exec") == 0 && argv[1] != NULL)
		return run_exec(argv + 1);	/* back at the prompt if it fails */
	if ((pid = fork()) == 0)
		_exit(run_exec(argv));
	if (pid < 0) {
		warn("fork");
		return EXIT_SYSCALL;
	}
	return run_wait(pid);
}

int
sh_main(int argc, char **argv)
{
	char line[4096];
	const char *p, *why;
	struct words w;
	int tty = isatty(0), status = 0;
	ssize_t n;

	/* -c LINES: every line, in turn, as typed at the prompt */
	if (argc > 1 && getopt_box(argc, argv, "c:") == 'c' && argc == 3) {
		for (p = optarg; *p != '\0';) {
			if (words_split(&p, p + strlen(p), &w, &why) < 0)
				diex(EXIT_USAGE, "-c: %s", why);
			if (w.argc > 0)
				status = run(w.argv);
		}
		return status;
	}
	if (argc != 1)
		usage();
	if (tty) {
		signal(SIGINT, caught);
		signal(SIGQUIT, caught);
	}
	for (;;) {
		if (tty)
			(void)!write(1, PROMPT, sizeof PROMPT - 1);
		if ((n = tty ? line_edit(line, sizeof line) :
		    line_read(line, sizeof line)) < 0)
			return status;
		p = line;
		if ((size_t)n == sizeof line)
			warnx("line too long");
		else if (words_split(&p, line + n, &w, &why) < 0)
			warnx("%s", why);
		else if (w.argc > 0)
			status = run(w.argv);
	}
}
