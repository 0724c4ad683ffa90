! fp_env -- the scalar FP environment in %pfpfr (ISA.md 4.4, 12): rounding
! control rc [14:13] (0 nearest-even, 1 down, 2 up, 3 toward zero) applied
! to fadds/faddd and to the rounding float->int conversions, the truncating
! conversion ignoring it, and the sticky exception flags [5:0] (ie 0x1,
! ze 0x4, oe 0x8, ue 0x10, pe 0x20) with every exception masked [12:7].
! Expected bit patterns: IEEE 754 by hand (README.md).

	.include "e2k-user.inc"

	! FPENV value: write %pfpfr
	.macro	FPENV v
	{
	  addd,0 0, \v, %dr20
	}
	{
	  rwd,0 %dr20, %pfpfr
	  nop 5
	}
	.endm

	! FLAGS reg: reg = %pfpfr flags [5:0]
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
	  addd,0 0, 0x3f800000, %dr0		! 1.0f
	  addd,1 0, 0x33800000, %dr1		! 2^-24: half an ulp of 1.0f
	}
	{
	  addd,2 0, 0xbf800000, %dr2		! -1.0f
	  addd,3 0, 0x40200000, %dr3		! 2.5f
	}
	{
	  addd,0 0, 0x3ff0000000000000, %dr4	! 1.0
	  addd,1 0, 0x3ca0000000000000, %dr5	! 2^-53
	}
	{
	  addd,0 0, 0xc004000000000000, %dr6	! -2.5
	}
	FPENV	MASKS | (0 << 13)
	{
	  fadds,0 %r0, %r1, %r10
	  fsubs,1 %r2, %r1, %r11
	  faddd,3 %dr4, %dr5, %dr12
	  fstois,4 %r3, %r13
	  nop 5
	}
	{
	  fdtoid,0 %dr6, %dr14
	  fstoistr,1 %r3, %r15
	  nop 5
	}
	CHECKW	"RN 1+2^-24 ties to even", %r10, 0x3f800000
	CHECKW	"RN -1-2^-24", %r11, 0xbf800000
	CHECK	"RN faddd 1+2^-53", %dr12, 0x3ff0000000000000
	CHECKW	"RN fstois 2.5 -> 2", %r13, 2
	CHECK	"RN fdtoid -2.5 -> -2", %dr14, -2
	CHECKW	"fstoistr 2.5 -> 2", %r15, 2
	FPENV	MASKS | (1 << 13)
	{
	  fadds,0 %r0, %r1, %r10
	  fsubs,1 %r2, %r1, %r11
	  faddd,3 %dr4, %dr5, %dr12
	  fstois,4 %r3, %r13
	  nop 5
	}
	{
	  fdtoid,0 %dr6, %dr14
	  fstoistr,1 %r3, %r15
	  nop 5
	}
	CHECKW	"RD 1+2^-24", %r10, 0x3f800000
	CHECKW	"RD -1-2^-24", %r11, 0xbf800001
	CHECK	"RD faddd 1+2^-53", %dr12, 0x3ff0000000000000
	CHECKW	"RD fstois 2.5 -> 2", %r13, 2
	CHECK	"RD fdtoid -2.5 -> -3", %dr14, -3
	CHECKW	"RD fstoistr 2.5 -> 2", %r15, 2
	FPENV	MASKS | (2 << 13)
	{
	  fadds,0 %r0, %r1, %r10
	  fsubs,1 %r2, %r1, %r11
	  faddd,3 %dr4, %dr5, %dr12
	  fstois,4 %r3, %r13
	  nop 5
	}
	{
	  fdtoid,0 %dr6, %dr14
	  fstoistr,1 %r3, %r15
	  nop 5
	}
	CHECKW	"RU 1+2^-24", %r10, 0x3f800001
	CHECKW	"RU -1-2^-24", %r11, 0xbf800000
	CHECK	"RU faddd 1+2^-53", %dr12, 0x3ff0000000000001
	CHECKW	"RU fstois 2.5 -> 3", %r13, 3
	CHECK	"RU fdtoid -2.5 -> -2", %dr14, -2
	CHECKW	"RU fstoistr 2.5 -> 2", %r15, 2
	FPENV	MASKS | (3 << 13)
	{
	  fadds,0 %r0, %r1, %r10
	  fsubs,1 %r2, %r1, %r11
	  faddd,3 %dr4, %dr5, %dr12
	  fstois,4 %r3, %r13
	  nop 5
	}
	{
	  fdtoid,0 %dr6, %dr14
	  nop 5
	}
	CHECKW	"RZ 1+2^-24", %r10, 0x3f800000
	CHECKW	"RZ -1-2^-24", %r11, 0xbf800000
	CHECK	"RZ faddd 1+2^-53", %dr12, 0x3ff0000000000000
	CHECKW	"RZ fstois 2.5 -> 2", %r13, 2
	CHECK	"RZ fdtoid -2.5 -> -2", %dr14, -2
	! exception flags, one operation at a time from clear flags
	{
	  addd,0 0, 0, %dr7			! +0.0f
	  addd,1 0, 0x7f000000, %dr8		! 2^127
	  addd,2 0, 0x00800000, %dr9		! smallest normal
	  addd,3 0, 0x40400000, %dr16		! 3.0f
	}
	FPENV	MASKS
	{
	  fadds,0 %r0, %r0, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECK	"1+1: no flags", %dr21, 0
	FPENV	MASKS
	{
	  fdivs,5 %r0, %r7, %r10
	  nop 7
	}
	FLAGS	%dr21
	CHECKW	"1/0 = +inf", %r10, 0x7f800000
	CHECK	"1/0: ze", %dr21, 0x4
	FPENV	MASKS
	{
	  fdivs,5 %r7, %r7, %r11
	  nop 7
	}
	FLAGS	%dr21
	CHECK	"0/0: ie", %dr21, 0x1
	FPENV	MASKS
	{
	  fmuls,0 %r8, %r8, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECKW	"2^127*2^127 = +inf", %r10, 0x7f800000
	CHECK	"overflow: oe pe", %dr21, 0x28
	FPENV	MASKS
	{
	  fmuls,0 %r9, %r1, %r10
	  nop 5
	}
	FLAGS	%dr21
	CHECKW	"2^-126 * 2^-24 = 0 (RN)", %r10, 0
	CHECK	"underflow: ue pe", %dr21, 0x30
	FPENV	MASKS
	{
	  fdivs,5 %r0, %r16, %r10
	  nop 7
	}
	FLAGS	%dr21
	CHECKW	"1/3", %r10, 0x3eaaaaab
	CHECK	"1/3: pe", %dr21, 0x20
	! flags are sticky: two operations accumulate
	FPENV	MASKS
	{
	  fdivs,5 %r0, %r7, %r10
	  nop 7
	}
	{
	  fdivs,5 %r0, %r16, %r10
	  nop 7
	}
	FLAGS	%dr21
	CHECK	"sticky ze + pe", %dr21, 0x24
	FPENV	MASKS
	FINISH

	.include "e2k-lib.inc"
