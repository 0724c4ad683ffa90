! sreg -- user-visible state registers through rrs/rrd/rws/rwd (ISA.md 12):
! %ip reads the address of its own bundle, %pfpfr and %fpcr keep what is
! written to them, rrs gives the low 32 bits, %upsr can be written back
! unchanged.  (A privileged write is in sreg_priv; %lsr in loop_*.)

	.include "e2k-user.inc"

	START
	.align	8
.Lhere:
	{
	  rrd,0 %ip, %dr0
	}
	{
	  addd,0 0, .Lhere, %dr1
	}
	CHECK	"rrd %ip = own bundle", %dr0, %dr1
	! %pfpfr: masks [12:7] all set, rounding [14:13] = 3 (toward zero)
	{
	  rrd,0 %pfpfr, %dr10
	}
	{
	  addd,0 0, 0x7f80, %dr2
	}
	{
	  rwd,0 %dr2, %pfpfr
	  nop 5
	}
	{
	  rrd,0 %pfpfr, %dr3
	  nop 4
	}
	{
	  rrs,0 %pfpfr, %r4
	  nop 4
	}
	{
	  rwd,0 %dr10, %pfpfr
	  nop 5
	}
	CHECK	"rwd/rrd %pfpfr", %dr3, 0x7f80
	CHECKW	"rrs %pfpfr", %r4, 0x7f80
	! %fpcr: x87 control word, rounding [11:10] = 1 (down), all masks
	{
	  rrs,0 %fpcr, %r11
	}
	{
	  addd,0 0, 0x73f, %dr5
	}
	{
	  rws,0 %r5, %fpcr
	  nop 5
	}
	{
	  rrs,0 %fpcr, %r6
	  nop 4
	}
	{
	  rws,0 %r11, %fpcr
	  nop 5
	}
	CHECKW	"rws/rrs %fpcr", %r6, 0x73f
	! %upsr written back unchanged reads the same
	{
	  rrd,0 %upsr, %dr7
	  nop 4
	}
	{
	  rwd,0 %dr7, %upsr
	  nop 5
	}
	{
	  rrd,0 %upsr, %dr8
	  nop 4
	}
	CHECK	"%upsr round trip", %dr8, %dr7
	FINISH

	.include "e2k-lib.inc"
