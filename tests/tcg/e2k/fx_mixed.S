! fx_mixed -- 80-bit operations with 32/64-bit operands and results
! (fx<op><src2><result>: src1 80-bit, src2 widened exactly, the result rounded
! to single/double; ISA.md 4.4, operand letters as in the QEMU fork), 80-bit
! to/from integer conversions (nearest-even and tr) and fxcmp*{s,d,x}b into
! predicates incl. unordered.  Values are exact binary fractions; expected
! bits by hand (re-checked with Python's struct).

	.include "e2k-user.inc"

	! PV pred, reg: reg = pred ? 1 : 0
	.macro	PV p, r
	{
	  merged,0 0, 1, \r, \p
	}
	.endm

	START
	{
	  addd,0 0, 0x3ff8000000000000, %dr0	! 1.5
	  addd,1 0, 0x3fd0000000000000, %dr1	! 0.25
	}
	{
	  addd,0 0, 0x3fe0000000000000, %dr2	! 0.5
	  addd,1 0, 0x7ff8000000000000, %dr3	! NaN
	}
	{
	  addd,0 0, 0x4004000000000000, %dr4	! 2.5
	  addd,1 0, 0xc00c000000000000, %dr5	! -3.5
	}
	{
	  fdtofx,0 %dr0, %xr10
	  fdtofx,1 %dr1, %xr11
	  fdtofx,3 %dr2, %xr12
	  fdtofx,4 %dr3, %xr13
	}
	{
	  fdtofx,0 %dr4, %xr14
	  fdtofx,1 %dr5, %xr15
	  addd,3 0, 0x40100000, %dr6		! 2.25f
	  addd,4 0, 0x4000000000000000, %dr7	! 2.0
	}
	{
	  fxaddsx,0 %xr10, %r6, %xr16
	  fxmuldd,1 %xr10, %dr7, %dr17
	  fxsubxs,3 %xr10, %xr11, %r18
	  fxrsubss,4 %xr10, 0x3f800000, %r19
	}
	{
	  fxdivxd,5 %xr10, %xr12, %dr20
	  fxtofd,0 %xr16, %dr21
	}
	CHECK	"fxaddsx", %dr21, 0x400e000000000000
	CHECK	"fxmuldd", %dr17, 0x4008000000000000
	CHECKW	"fxsubxs", %dr18, 0x3fa00000
	CHECKW	"fxrsubss", %dr19, 0xbf000000
	CHECK	"fxdivxd", %dr20, 0x4008000000000000
	{
	  fxtois,0 %xr14, %r6
	  fxtoistr,1 %xr15, %r7
	  fxtoid,3 %xr15, %dr8
	  fxtoidtr,4 %xr14, %dr9
	}
	CHECKW	"fxtois 2.5 to even", %dr6, 2
	CHECKW	"fxtoistr -3.5", %dr7, 0xfffffffd
	CHECK	"fxtoid -3.5 to even", %dr8, -4
	CHECK	"fxtoidtr 2.5", %dr9, 2
	{
	  addd,0 0, -7, %dr6
	  addd,1 0, 0x4000000000000000, %dr7	! 2^62
	}
	{
	  istofx,0 %r6, %xr16
	  idtofx,1 %dr7, %xr17
	}
	{
	  fxtofd,0 %xr16, %dr18
	  fxtofd,1 %xr17, %dr19
	}
	CHECK	"istofx", %dr18, 0xc01c000000000000
	CHECK	"idtofx", %dr19, 0x43d0000000000000
	{
	  addd,0 0, 0x40000000, %dr6		! 2.0f
	}
	{
	  fxcmpltsb,0 %r10, %r6, %pred0		! 1.5 < 2.0f
	  fxcmpeqdb,1 %dr10, %dr0, %pred1	! 1.5 == 1.5
	  fxcmpuodxb,3 %dr10, %dr13, %pred2	! 1.5 ? NaN
	  fxcmpltxb,4 %dr10, %dr12, %pred3	! 1.5 < 0.5
	}
	{
	  fxcmpeqxb,0 %dr13, %dr13, %pred4	! NaN == NaN
	}
	{
	  addd,0 0, 0, %dr0
	  addd,1 0, 0, %dr1
	  addd,3 0, 0, %dr2
	  addd,4 0, 0, %dr3
	}
	{
	  addd,0 0, 0, %dr4
	}
	PV	%pred0, %dr0
	PV	%pred1, %dr1
	PV	%pred2, %dr2
	PV	%pred3, %dr3
	PV	%pred4, %dr4
	CHECK	"fxcmpltsb", %dr0, 1
	CHECK	"fxcmpeqdb", %dr1, 1
	CHECK	"fxcmpuodxb NaN", %dr2, 1
	CHECK	"fxcmpltxb false", %dr3, 0
	CHECK	"fxcmpeqxb NaN", %dr4, 0
	FINISH

	.include "e2k-lib.inc"
