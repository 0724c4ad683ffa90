! frcp -- frcps / frsqrts (ISA.md 4.4) in the QEMU fork's model: 1/x and
! 1/sqrt(x) with the square root rounded to single first, every step rounded
! by %pfpfr.rc, flags into %pfpfr [5:0] (ie 0x1, ze 0x4, pe 0x20; all masked).
! Hardware returns an estimate of unverified precision; these wants are the
! model's.  By hand: 1/3 = 0.0101...b, mantissa 0xaaaaaa + 2/3 ulp, so nearest
! 0x3eaaaaab, toward zero 0x3eaaaaaa; sqrt(2) in single is 0x3fb504f3 (integer
! square root of 2 * 2^46 rounded), and 1/0x3fb504f3 rounds to 0x3f3504f3
! (exact fractions in Python); 1/(+-0) = +-inf with ze, 1/inf = 0.

	.include "e2k-user.inc"

	! FPENV v: %pfpfr = v
	.macro	FPENV v
	{
	  addd,0 0, \v, %dr20
	}
	{
	  rwd,0 %dr20, %pfpfr
	  nop 5
	}
	.endm

	! OP1 op, x: %dr10 = op(x) (32 bits), %dr11 = the %pfpfr flags it raised
	.macro	OP1 op, x
	FPENV	MASKS
	{
	  \op,5 \x, %r10
	  nop 5
	}
	{
	  rrd,0 %pfpfr, %dr11
	  nop 5
	}
	{
	  andd,0 %dr11, 0x3f, %dr11
	  andd,1 %dr10, 0xffffffff, %dr10
	}
	.endm

	.equ	MASKS, 0x1f80

	START
	{
	  rrd,0 %pfpfr, %dr21
	}
	{
	  addd,0 0, 0x40800000, %dr0		! 4.0f
	  addd,1 0, 0x40400000, %dr1		! 3.0f
	}
	{
	  addd,0 0, 0x80000000, %dr2		! -0.0f
	  addd,1 0, 0x7f800000, %dr3		! +inf
	}
	{
	  addd,0 0, 0x40000000, %dr4		! 2.0f
	  addd,1 0, 0xbf800000, %dr5		! -1.0f
	  addd,3 0, 0, %dr6			! +0.0f
	}

	OP1	frcps, %r0
	CHECK	"frcps 4 = 0.25", %dr10, 0x3e800000
	CHECK	"frcps 4: no flags", %dr11, 0
	OP1	frcps, %r1
	CHECK	"frcps 3 nearest", %dr10, 0x3eaaaaab
	CHECK	"frcps 3: inexact", %dr11, 0x20
	FPENV	MASKS | (3 << 13)
	{
	  frcps,5 %r1, %r10
	  nop 5
	}
	{
	  andd,0 %dr10, 0xffffffff, %dr10
	}
	CHECK	"frcps 3 toward zero", %dr10, 0x3eaaaaaa
	OP1	frcps, %r6
	CHECK	"frcps +0 = +inf", %dr10, 0x7f800000
	CHECK	"frcps +0: divide by zero", %dr11, 4
	OP1	frcps, %r2
	CHECK	"frcps -0 = -inf", %dr10, 0xff800000
	CHECK	"frcps -0: divide by zero", %dr11, 4
	OP1	frcps, %r3
	CHECK	"frcps +inf = 0", %dr10, 0
	CHECK	"frcps +inf: no flags", %dr11, 0
	OP1	frcps, 0x3e000000		! literal 0.125f
	CHECK	"frcps literal 0.125 = 8", %dr10, 0x41000000

	OP1	frsqrts, %r0
	CHECK	"frsqrts 4 = 0.5", %dr10, 0x3f000000
	CHECK	"frsqrts 4: no flags", %dr11, 0
	OP1	frsqrts, %r4
	CHECK	"frsqrts 2", %dr10, 0x3f3504f3
	CHECK	"frsqrts 2: inexact", %dr11, 0x20
	OP1	frsqrts, %r5
	CHECK	"frsqrts -1: invalid", %dr11, 1
	{
	  andd,0 %dr10, 0x7fc00000, %dr10
	}
	CHECK	"frsqrts -1: quiet NaN", %dr10, 0x7fc00000
	OP1	frsqrts, %r6
	CHECK	"frsqrts +0 = +inf", %dr10, 0x7f800000
	CHECK	"frsqrts +0: divide by zero", %dr11, 4
	OP1	frsqrts, %r3
	CHECK	"frsqrts +inf = 0", %dr10, 0
	CHECK	"frsqrts +inf: no flags", %dr11, 0

	{
	  rwd,0 %dr21, %pfpfr
	  nop 5
	}
	FINISH

	.include "e2k-lib.inc"
