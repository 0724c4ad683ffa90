! loop_mode -- a one-bundle loop in loop mode (HS.lm, gas "loop_mode"),
! ISA.md 8.1-8.3: %lsr = vlc | pcnt 2 | lcnt 5 (ecnt 0, strmd 0) runs the
! bundle 5 times (#LOOP_END = lcnt < 2 before alc); its store is
! suppressed while pcnt != 0 (the first two iterations, alc counts pcnt
! down) and in the epilogue when strmd == 0 and #LOOP_END (the last one);
! the ALU ops always run.  Afterwards lcnt is 0 and %lcntex is true.

	.include "e2k-user.inc"

	.equ	LSR_VLC, 1 << 37

	START
	{
	  addd,0 0, .Lslots, %dr1
	  addd,1 0, 1, %dr3
	}
	{
	  addd,0 0, LSR_VLC | (2 << 48) | 5, %dr2
	}
	{
	  rwd,0 %dr2, %lsr
	  nop 5
	}
	{
	  disp %ctpr1, .Lloop
	  nop 3
	}
.Lloop:
	{
	  loop_mode
	  std,2 %dr3, %dr1, 0
	  addd,0 %dr1, 8, %dr1
	  addd,1 %dr3, 1, %dr3
	  alc alcf = 1, alct = 1
	  ct %ctpr1 ? %NOT_LOOP_END
	}
	{
	  rrd,0 %lsr, %dr4
	  addd,1 0, .Lslots, %dr5
	  nop 4
	}
	{
	  pass %lcntex, @p0
	  andp @p0, @p0, @p4
	  pass @p4, %pred3
	  nop 2
	}
	{
	  addd,0 0, 0, %dr6
	}
	{
	  addd,0 0, 1, %dr6 ? %pred3
	}
	{
	  ldd,0 %dr5, 0, %dr10
	  ldd,2 %dr5, 8, %dr11
	  ldd,3 %dr5, 16, %dr12
	  ldd,5 %dr5, 24, %dr13
	}
	{
	  ldd,0 %dr5, 32, %dr14
	  andd,1 %dr4, 0xffffffff, %dr4
	}
	CHECK	"5 iterations", %dr3, 6
	CHECK	"prologue store 1 suppressed", %dr10, 0xee
	CHECK	"prologue store 2 suppressed", %dr11, 0xee
	CHECK	"store 3", %dr12, 3
	CHECK	"store 4", %dr13, 4
	CHECK	"epilogue store 5 suppressed (strmd 0)", %dr14, 0xee
	CHECK	"lcnt after the loop", %dr4, 0
	CHECK	"%lcntex after the loop", %dr6, 1
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	8
.Lslots:
	.quad	0xee, 0xee, 0xee, 0xee, 0xee
