! fp_cvt -- conversions at the edges (ISA.md 4.4): float -> int of NaN and
! of out-of-range values gives the "integer indefinite" INT_MIN and raises
! ie [Q]; int -> float rounds (pe); double -> single overflows to +inf
! (oe pe).  Every exception masked in %pfpfr, flags read back per case.

	.include "e2k-user.inc"

	.macro	FPENV v
	{
	  addd,0 0, \v, %dr20
	}
	{
	  rwd,0 %dr20, %pfpfr
	  nop 5
	}
	.endm

	.macro	FLAGS r
	{
	  rrd,0 %pfpfr, \r
	  nop 4
	}
	{
	  andd,0 \r, 0x3f, \r
	}
	.endm

	.equ	MASKS, 0x1f80

	START
	{
	  addd,0 0, 0x7fc00000, %dr0		! NaN (single)
	  addd,1 0, 0x4f32d05e, %dr1		! 3.0e9f
	}
	{
	  addd,0 0, 0x43e158e460913d00, %dr2	! 1.0e19
	  addd,1 0, 0x7fffffff, %dr3
	}
	{
	  addd,0 0, 0x7e37e43c8800759c, %dr4	! 1.0e300
	  addd,1 0, -1, %dr5
	}
	FPENV	MASKS
	{
	  fstois,0 %r0, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECKW	"fstois NaN -> INT_MIN", %r10, 0x80000000
	CHECK	"fstois NaN: ie", %dr21, 0x1
	FPENV	MASKS
	{
	  fstois,0 %r1, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECKW	"fstois 3e9 -> INT_MIN", %r10, 0x80000000
	CHECK	"fstois 3e9: ie", %dr21, 0x1
	FPENV	MASKS
	{
	  fdtoid,0 %dr2, %dr10
	  nop 5
	}
	FLAGS	%dr21
	CHECK	"fdtoid 1e19 -> INT64_MIN", %dr10, 0x8000000000000000
	CHECK	"fdtoid 1e19: ie", %dr21, 0x1
	FPENV	MASKS
	{
	  istofs,0 %r3, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECKW	"istofs 0x7fffffff -> 2^31", %r10, 0x4f000000
	CHECK	"istofs 0x7fffffff: pe", %dr21, 0x20
	FPENV	MASKS
	{
	  idtofd,0 %dr5, %dr10
	  nop 5
	}
	FLAGS	%dr21
	CHECK	"idtofd -1", %dr10, 0xbff0000000000000
	CHECK	"idtofd -1: exact", %dr21, 0
	FPENV	MASKS
	{
	  fdtofs,0 %dr4, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECKW	"fdtofs 1e300 -> +inf", %r10, 0x7f800000
	CHECK	"fdtofs 1e300: oe pe", %dr21, 0x28
	FINISH

	.include "e2k-lib.inc"
