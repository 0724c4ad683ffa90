! fcmp_flags -- compares to a flags word (fcmp{od,ud}{s,d}f and the 80-bit
! fxcmp{od,ud}{s,d,x}f): greater 0x00, less 0x01, equal 0x40, unordered 0x45
! (the x86 comis layout; values from the QEMU fork).  Expected by hand.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x3f800000, %dr0		! 1.0f
	  addd,1 0, 0x40000000, %dr1		! 2.0f
	  addd,3 0, 0x7fc00000, %dr2		! NaN f
	}
	{
	  addd,0 0, 0x3ff8000000000000, %dr3	! 1.5
	  addd,1 0, 0x7ff8000000000000, %dr4	! NaN
	}
	{
	  fcmpodsf,0 %r0, %r1, %r5
	  fcmpodsf,1 %r1, %r0, %r6
	  fcmpudsf,3 %r0, %r0, %r7
	  fcmpodsf,4 %r0, %r2, %r8
	}
	{
	  fcmpoddf,0 %dr3, %dr3, %r9
	  fcmpuddf,1 %dr4, %dr3, %r10
	  fdtofx,3 %dr3, %xr11
	  fdtofx,4 %dr4, %xr12
	}
	{
	  fxcmpodxf,0 %dr11, %dr12, %r13
	  fxcmpuddf,1 %dr11, %dr3, %r14
	  fxcmpodsf,3 %dr11, %r1, %r15
	}
	CHECKW	"fcmpodsf less", %dr5, 0x01
	CHECKW	"fcmpodsf greater", %dr6, 0x00
	CHECKW	"fcmpudsf equal", %dr7, 0x40
	CHECKW	"fcmpodsf unordered", %dr8, 0x45
	CHECKW	"fcmpoddf equal", %dr9, 0x40
	CHECKW	"fcmpuddf unordered", %dr10, 0x45
	CHECKW	"fxcmpodxf unordered", %dr13, 0x45
	CHECKW	"fxcmpuddf equal", %dr14, 0x40
	CHECKW	"fxcmpodsf less", %dr15, 0x01
	FINISH

	.include "e2k-lib.inc"
