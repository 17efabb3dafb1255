#!/usr/bin/perl
# SPDX-License-Identifier: ISC
# qmp.pl SOCKET COMMAND... - talk to a QEMU's QMP socket for the display
# tests (core Perl only). Commands, run in order:
#   keys K[,K...]      press the qcodes K together, then release them
#                      (shift,b: Shift-B); "@DEV:K" sends to device DEV
#   mouse DX DY [BTN]  a relative move, then BTN (left) pressed and released
#   dump FILE          screendump FILE (PPM)
#   pixel FILE X Y     print the PPM's pixel at X,Y as "R G B" (no QMP)
#   size FILE          print the PPM's "W H" (no QMP)
#   raw JSON           any command; its reply on stdout
# Exit 1 when QEMU answers an error (printed on stderr).
use strict;
use warnings;
use IO::Socket::UNIX;

my $path = shift;
my $q;

sub qmp {
	my ($cmd) = @_;
	unless ($q) {
		$q = IO::Socket::UNIX->new(Peer => $path) or die "qmp.pl: $path: $!\n";
		<$q>;					# the greeting
		print $q qq({"execute":"qmp_capabilities"}\n);
		<$q>;
	}
	print $q "$cmd\n";
	while (my $l = <$q>) {
		next if $l =~ /^\{"event"/;
		die "qmp.pl: $cmd: $l" if $l =~ /"error"/;
		return $l;
	}
	die "qmp.pl: $path: closed\n";
}

sub ev {	# input-send-event with EVENTS, to DEV if given
	my ($dev, @e) = @_;
	my $d = $dev ? qq("device":"$dev",) : '';
	qmp(qq({"execute":"input-send-event","arguments":{$d"events":[) .
	    join(',', @e) . ']}}');
	select(undef, undef, undef, 0.1);	# let the guest poll it
}

sub key { my ($k, $down) = @_;
	qq({"type":"key","data":{"down":$down,"key":{"type":"qcode","data":"$k"}}}) }

sub ppm {
	my ($f) = @_;
	open(my $fh, '<:raw', $f) or die "qmp.pl: $f: $!\n";
	local $/;
	my $b = <$fh>;
	$b =~ s/^P6\s+(\d+)\s+(\d+)\s+255\s//s or die "qmp.pl: $f: not a PPM\n";
	return ($1, $2, $b);
}

while (@ARGV) {
	my $c = shift;
	if ($c eq 'keys') {
		my $dev = $ARGV[0] =~ s/^@([^:]+)://s ? $1 : '';
		my @k = split /,/, shift;
		# one batch: no gap in which the guest's autorepeat could start
		ev($dev, (map { key($_, 'true') } @k),
		    map { key($_, 'false') } reverse @k);
	} elsif ($c eq 'mouse') {
		my ($dx, $dy) = (shift, shift);
		ev('', qq({"type":"rel","data":{"axis":"x","value":$dx}}),
		    qq({"type":"rel","data":{"axis":"y","value":$dy}}));
		if (@ARGV && $ARGV[0] =~ /^(left|right|middle)$/) {
			my $b = shift;
			ev('', qq({"type":"btn","data":{"down":true,"button":"$b"}}));
			ev('', qq({"type":"btn","data":{"down":false,"button":"$b"}}));
		}
	} elsif ($c eq 'dump') {
		qmp(qq({"execute":"screendump","arguments":{"filename":") .
		    shift . '"}}');
	} elsif ($c eq 'pixel') {
		my ($f, $x, $y) = (shift, shift, shift);
		my ($w, $h, $b) = ppm($f);
		print join(' ', unpack('C3', substr($b, ($y * $w + $x) * 3, 3))), "\n";
	} elsif ($c eq 'size') {
		my ($w, $h) = ppm(shift);
		print "$w $h\n";
	} elsif ($c eq 'raw') {
		print qmp(shift);
	} else {
		die "qmp.pl: unknown command $c\n";
	}
}
