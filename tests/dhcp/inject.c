/* SPDX-License-Identifier: ISC */
/*
 * inject.c - make a running process execute one system call of the test's
 * choosing, from its own code, under its own seccomp filter: for
 * tests/applets/udhcpc-seccomp.t, which shows that udhcpc's filter lets
 * an allowed call through and kills the process for one outside the list
 * (a test hook inside halbox would be code that production never runs).
 *
 * It attaches with PTRACE_SEIZE and interrupts the process where it waits
 * in a system call (udhcpc sleeps in poll), so the two bytes before its
 * instruction pointer are a `syscall` instruction (0f 05). It points the
 * process back at that instruction with the test's number in rax and
 * steps over it once. "i386" rewrites the two bytes to `int $0x80` first
 * (restored afterwards): the same call through the 32-bit entry, which
 * a filter that checks the arch must refuse. The process's registers and
 * code are restored before detaching, and its interrupted wait resumes.
 *
 * usage: inject PID NR        (x86_64 number, arguments 0)
 *        inject PID i386 NR   (i386 number, through int $0x80)
 * prints "returned N" (the call's result) or "killed by signal N"; exit
 * 0, or 1 when it could not do either.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t pid;

static void
fail(const char *what)
{
	fprintf(stderr, "inject: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* a decimal argument, whole, or exit: a typo must not become call 0 */
static long
number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0') {
		fprintf(stderr, "inject: %s: not a number\n", s);
		exit(1);
	}
	return v;
}

/* stop the process inside a system call: rip just after a `syscall` */
static long
stop_in_syscall(struct user_regs_struct *r)
{
	struct timespec ms10 = { 0, 10000000 };
	long text;
	int st, i;

	for (i = 0; i < 500; i++) {
		if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0)
			fail("interrupt");
		if (waitpid(pid, &st, __WALL) < 0 || !WIFSTOPPED(st))
			fail("waitpid");
		if (ptrace(PTRACE_GETREGS, pid, 0, r) < 0)
			fail("getregs");
		errno = 0;
		text = ptrace(PTRACE_PEEKTEXT, pid, r->rip - 2, 0);
		if (errno)
			fail("peektext");
		if ((text & 0xffff) == 0x050f)
			return text;
		/* running its own code just then: let it go on, retry */
		if (ptrace(PTRACE_CONT, pid, 0, 0) < 0)
			fail("cont");
		nanosleep(&ms10, NULL);
	}
	errno = ETIMEDOUT;
	fail("never found in a system call");
	return 0;
}

int
main(int argc, char **argv)
{
	struct user_regs_struct saved, r;
	int i386 = argc == 4 && strcmp(argv[2], "i386") == 0, st;
	unsigned long at;
	long text;

	if (argc != 3 && !i386) {
		fprintf(stderr, "usage: inject PID [i386] NR\n");
		return 1;
	}
	pid = number(argv[1]);
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		fail("seize");
	text = stop_in_syscall(&saved);
	at = saved.rip - 2;
	r = saved;
	r.orig_rax = -1;	/* not in a call: no restart of the wait */
	r.rax = number(argv[argc - 1]);
	r.rip = at;
	r.rdi = r.rsi = r.rdx = r.r10 = r.r8 = r.r9 = 0;
	r.rbx = r.rcx = 0;	/* int $0x80's arguments */
	if (i386 && ptrace(PTRACE_POKETEXT, pid, at,
	    (text & ~0xffffL) | 0x80cd) < 0)
		fail("poketext");
	if (ptrace(PTRACE_SETREGS, pid, 0, &r) < 0 ||
	    ptrace(PTRACE_SINGLESTEP, pid, 0, 0) < 0)
		fail("step");
	if (waitpid(pid, &st, __WALL) < 0)
		fail("waitpid");
	if (WIFSIGNALED(st)) {
		printf("killed by signal %d\n", WTERMSIG(st));
		return 0;
	}
	if (!WIFSTOPPED(st) || ptrace(PTRACE_GETREGS, pid, 0, &r) < 0)
		fail("after the step");
	printf("returned %lld\n", (long long)r.rax);
	if ((i386 && ptrace(PTRACE_POKETEXT, pid, at, text) < 0) ||
	    ptrace(PTRACE_SETREGS, pid, 0, &saved) < 0 ||
	    ptrace(PTRACE_DETACH, pid, 0, 0) < 0)
		fail("restore");
	return 0;
}
