! fp80_pc -- 80-bit arithmetic under the precision control of %fpcr
! (pc [9:8]: 3 = 64-bit mantissa, 2 = double, 0 = single; ISA.md 4.4):
! (1 + 2^-60) - 1 is 2^-60 at extended precision but 0 when each fp80
! result is rounded to double or single precision; rounding control
! rc [11:10] = 2 (up) makes 1 + 2^-60 round up to 1 + 2^-52 at double
! precision.  All x87 exceptions masked (0x3f).

	.include "e2k-user.inc"

	! SUB1 pc_rc: %dr12 = fxtofd((fdtofx(1) + fdtofx(2^-60)) - fdtofx(1)) with %fpcr = 0x3f | pc_rc
	.macro	SUB1 ctl
	{
	  addd,0 0, 0x3f | \ctl, %dr9
	}
	{
	  rws,0 %r9, %fpcr
	  nop 5
	}
	{
	  fdtofx,0 %dr0, %xr2
	  fdtofx,1 %dr1, %xr3
	  nop 5
	}
	{
	  fxaddxx,0 %xr2, %xr3, %xr4
	  nop 5
	}
	{
	  fxtofd,0 %xr4, %dr13
	  fxsubxx,1 %xr4, %xr2, %xr5
	  nop 5
	}
	{
	  fxtofd,0 %xr5, %dr12
	  nop 5
	}
	.endm

	START
	{
	  setwd wsz = 16, nfx = 0
	}
	{
	  rrs,0 %fpcr, %r20
	}
	{
	  addd,0 0, 0x3ff0000000000000, %dr0	! 1.0
	  addd,1 0, 0x3c30000000000000, %dr1	! 2^-60
	}
	SUB1	(3 << 8)
	CHECK	"pc=64: (1+2^-60)-1 = 2^-60", %dr12, 0x3c30000000000000
	SUB1	(2 << 8)
	CHECK	"pc=53: (1+2^-60)-1 = 0", %dr12, 0
	SUB1	(0 << 8)
	CHECK	"pc=24: (1+2^-60)-1 = 0", %dr12, 0
	SUB1	(2 << 8) | (2 << 10)
	CHECK	"pc=53 rc=up: 1+2^-60 = 1+2^-52", %dr13, 0x3ff0000000000001
	CHECK	"pc=53 rc=up: (1+2^-60)-1 = 2^-52", %dr12, 0x3cb0000000000000
	{
	  rws,0 %r20, %fpcr
	  nop 5
	}
	FINISH

	.include "e2k-lib.inc"
