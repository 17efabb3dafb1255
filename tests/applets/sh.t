#!/bin/sh
# SPDX-License-Identifier: ISC
# sh.t - the rescue shell driven through a pipe: words, builtins, applets,
# programs, exit codes. (Not POSIX sh: no variables, pipes or redirections.)
. tests/lib.sh
plan 22
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

run() { printf '%b' "$1" | "$BOX" sh >"$d/out" 2>"$d/err"; }

run '/bin/echo "a  b"'"'c d'"' e # comment\n'; is $? 0 "a program by path: status 0"
is "$(cat "$d/out")" "a  bc d e" "words split like init.conf"
run 'echo in-bin\n'; is "$(cat "$d/out")" in-bin "a program found in /bin"
run 'mknod\n'; is $? 100 "an applet runs (mknod without arguments: usage, 100)"
run 'nosuchthing\n'; is $? 127 "an unknown command: 127"
grep -q "nosuchthing" "$d/err"; ok $? "... named in the error"
run 'cd /proc\n/bin/pwd\n'; is "$(cat "$d/out")" /proc "cd is a builtin"
run '/bin/false\nexit 4\n/bin/echo no\n'; is "$?:$(cat "$d/out")" 4: "exit N ends with N"
run '/bin/sh -c "exit 5"\n'; is $? 5 "at EOF: the last command's status"
run 'exec /bin/sh -c "echo \$\$ >'"$d"'/pid"\n/bin/echo not-reached\n'
[ ! -s "$d/out" ] && [ -s "$d/pid" ]; ok $? "exec replaces the shell"
run "/bin/echo 'open\n/bin/echo next\n"
grep -q "unterminated quote" "$d/err" && [ "$(cat "$d/out")" = next ]
ok $? "a bad line is reported and the shell goes on"
run 'help\n'; grep -q "not POSIX sh" "$d/out"; ok $? "help says what it is not"
"$BOX" sh -c '/bin/sh -c "exit 6"'; is $? 6 "sh -c LINE"
is "$("$BOX" sh -c '/bin/echo one
/bin/echo two
/bin/sh -c "exit 4"'; echo "rc $?")" "one
two
rc 4" "sh -c with three lines: each runs, the last one's status"
long=$(printf '%0300d' 0)
"$BOX" sh -c "$long" 2>"$d/err"
is "$?:$(cat "$d/err")" "126:halbox sh: $long (no such applet, nor in /bin): Filename too long" \
	"a command name too long for /bin/NAME: said so, exit 126"

# On a terminal (script(1) gives it a pty): prompt, ^H/DEL erase, ^U kill.
(sleep 0.5; printf '/bin/echo xx\bhi\025/bin/echo ox\177k\n'; sleep 0.5
	printf 'exit 3\n'; sleep 0.5) |
	script -qec "$BOX sh" /dev/null >"$d/raw"
is $? 3 "on a terminal too, exit 3 ends with 3"
tr -d '\r' <"$d/raw" >"$d/tty"
grep -qx ok "$d/tty"; ok $? "backspace, DEL and ^U edit the line (it ran '/bin/echo ok')"
grep -q '^halbox# ' "$d/tty"; ok $? "a prompt on a terminal"
# up arrow, ESC O B (down, SS3), Delete (ESC [ 3 ~), Alt-x, the Linux
# console's F1 (ESC [ [ A): none is typed
(sleep 0.5; printf '/bin/echo \033[Aar\033OBro\033[3~w\033x\033[[As\n'; sleep 0.5) |
	script -qec "$BOX sh" /dev/null | tr -d '\r' >"$d/tty"
grep -qx arrows "$d/tty"; ok $? "a key's escape sequence is not put in the line"
(sleep 0.5; printf '/bin/sleep 20\n'; sleep 0.5; printf '\003'; sleep 0.3
	printf '/bin/echo alive\n'; sleep 0.3) |
	script -qec "$BOX sh" /dev/null | tr -d '\r' >"$d/tty"
grep -qx alive "$d/tty"; ok $? "^C stops the command, the shell goes on"
{ head -c 5000 /dev/zero | tr '\0' x; printf '\n/bin/echo next\n'; } |
	"$BOX" sh >"$d/out" 2>"$d/err"
grep -q "line too long" "$d/err" && [ "$(cat "$d/out")" = next ]
ok $? "a line longer than 4 KiB is refused whole, never cut and run"
run 'exit x\n/bin/echo still\n'; grep -q still "$d/out"; ok $? "exit with a bad number does not exit"
