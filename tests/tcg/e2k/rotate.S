! rotate -- rotating registers and predicates (ISA.md 3.3, 7.2): with
! setbn rsz = 1, rbs = 8 the area %b[0..3] is %dr16..%dr19; each abn makes
! rcur := (rcur - 1) mod 2, so %b[i] names what %b[i - 2] named before
! (wrapping).  setbp psz = 1 makes %pred0/%pred1 rotating; abp rotates them
! the same way while %pred2 stays put.  The rotation survives calls.

	.include "e2k-user.inc"

	! PV pred, reg: reg = pred ? 1 : 0
	.macro	PV p, r
	{
	  merged,0 0, 1, \r, \p
	}
	.endm

	START
	{
	  setbn rsz = 1, rbs = 8, rcur = 0
	  setbp psz = 1
	}
	{
	  addd,0 0, 100, %db[0]
	  addd,1 0, 101, %db[1]
	  addd,2 0, 102, %db[2]
	  addd,3 0, 103, %db[3]
	}
	{
	  addd,0 0, %dr16, %dr0
	  addd,1 0, %dr17, %dr1
	  addd,2 0, %dr18, %dr2
	  addd,3 0, %dr19, %dr3
	}
	CHECK	"%b[0] is %dr16", %dr0, 100
	CHECK	"%b[1] is %dr17", %dr1, 101
	CHECK	"%b[2] is %dr18", %dr2, 102
	CHECK	"%b[3] is %dr19", %dr3, 103
	{
	  cmpedb,0 %dr0, 100, %pred0		! 1
	  cmpedb,1 %dr0, 0, %pred1		! 0
	  cmpedb,3 %dr0, 100, %pred2		! 1 (not rotating)
	  nop 2
	}
	{
	  abn abnf = 1, abnt = 1
	  abp abpf = 1, abpt = 1
	}
	{
	  addd,0 0, %db[0], %dr4
	  addd,1 0, %db[1], %dr5
	  addd,2 0, %db[2], %dr6
	  addd,3 0, %db[3], %dr7
	}
	PV	%pred0, %dr8
	PV	%pred1, %dr9
	PV	%pred2, %dr10
	CHECK	"after abn %b[0] = old %b[2]", %dr4, 102
	CHECK	"after abn %b[1] = old %b[3]", %dr5, 103
	CHECK	"after abn %b[2] = old %b[0]", %dr6, 100
	CHECK	"after abn %b[3] = old %b[1]", %dr7, 101
	CHECK	"after abp %pred0 = old %pred1", %dr8, 0
	CHECK	"after abp %pred1 = old %pred0", %dr9, 1
	CHECK	"%pred2 outside the rotating area", %dr10, 1
	! write through the rotated names, then rotate back
	{
	  addd,0 0, 200, %db[0]
	}
	{
	  abn abnf = 1, abnt = 1
	  abp abpf = 1, abpt = 1
	}
	{
	  addd,0 0, %db[0], %dr11
	  addd,1 0, %db[2], %dr12
	}
	PV	%pred0, %dr13
	CHECK	"second abn wraps back: %b[0]", %dr11, 100
	CHECK	"write to rotated %b[0] landed in %dr18", %dr12, 200
	CHECK	"second abp wraps back: %pred0", %dr13, 1
	FINISH

	.include "e2k-lib.inc"
