! fma_v6 -- v6 operations: fused multiply-add (fmas/fmad, fmsd, fnmad,
! fnmss) with operands whose product is not representable, so only a single
! rounding gives a non-zero result (a*b = 1 - 2^-60, resp. 1 - 2^-26); the
! quad forms qpfmad and the alternating qpfmass/qpfmsas/qpfmasd (even lanes
! the first op, ISA.md 4.5, QEMU fork); qpsrad; quad compares to predicates
! (qpcmp*op = some lane, *ap = every lane, ISA.md 4.6).  Expected values by
! hand (powers of two), re-checked with Python's struct.

	.include "e2k-user.inc"

	.macro	QOUT q
	{
	  stqp,2 \q, %dr21, 0
	}
	{
	  ldd,0 %dr21, 0, %dr22
	  ldd,3 %dr21, 8, %dr23
	}
	.endm

	.macro	QCHECK name, q, lo, hi
	QOUT	\q
	CHECK	"\name lo", %dr22, \lo
	CHECK	"\name hi", %dr23, \hi
	.endm

	! PV pred, reg: reg = pred ? 1 : 0
	.macro	PV p, r
	{
	  merged,0 0, 1, \r, \p
	}
	.endm

	START
	{
	  addd,0 0, 0x3ff0000000400000, %dr0	! 1 + 2^-30
	  addd,1 0, 0x3fefffffff800000, %dr1	! 1 - 2^-30
	}
	{
	  addd,0 0, 0xbff0000000000000, %dr2	! -1.0
	  addd,1 0, 0x3ff0000000000000, %dr3	! 1.0
	}
	{
	  addd,0 0, 0x3f800400, %dr4		! 1 + 2^-13
	  addd,1 0, 0x3f7ff800, %dr5		! 1 - 2^-13
	  addd,3 0, 0xbf800000, %dr6		! -1.0f
	}
	{
	  fmad,0 %dr0, %dr1, %dr2, %dr7
	  fmsd,1 %dr0, %dr1, %dr3, %dr8
	  fnmad,3 %dr0, %dr1, %dr3, %dr9
	  fmas,4 %r4, %r5, %r6, %r10
	}
	{
	  fnmss,0 %r4, %r5, %r6, %r11
	}
	CHECK	"fmad: one rounding", %dr7, 0xbc30000000000000
	CHECK	"fmsd", %dr8, 0xbc30000000000000
	CHECK	"fnmad", %dr9, 0x3c30000000000000
	CHECKW	"fmas: one rounding", %dr10, 0xb2800000
	CHECKW	"fnmss", %dr11, 0x32800000
	{
	  addd,0 0, .Lin, %dr20
	  addd,1 0, .Lout, %dr21
	}
	{
	  ldqp,0 %dr20, 0, %qpr12		! { 1 + 2^-30, 2.0 }
	  ldqp,3 %dr20, 16, %qpr13		! { 1 - 2^-30, 3.0 }
	}
	{
	  ldqp,0 %dr20, 32, %qpr14		! { -1.0, 1.0 }
	  ldqp,3 %dr20, 48, %qpr15		! 4 x 2.0f
	}
	{
	  ldqp,0 %dr20, 64, %qpr16		! 4 x 3.0f
	  ldqp,3 %dr20, 80, %qpr17		! 4 x 1.0f
	}
	{
	  qpfmad,0 %qpr12, %qpr13, %qpr14, %qpr18
	  qpfmass,1 %qpr15, %qpr16, %qpr17, %qpr19
	}
	QCHECK	"qpfmad", %qpr18, 0xbc30000000000000, 0x401c000000000000
	QCHECK	"qpfmass", %qpr19, 0x40a0000040e00000, 0x40a0000040e00000
	{
	  qpfmsas,0 %qpr15, %qpr16, %qpr17, %qpr18
	  ldqp,3 %dr20, 96, %qpr12		! { 2.0, 2.0 }
	}
	{
	  ldqp,0 %dr20, 112, %qpr13		! { 3.0, 3.0 }
	  ldqp,3 %dr20, 128, %qpr14		! { 1.0, 1.0 }
	}
	{
	  qpfmasd,0 %qpr12, %qpr13, %qpr14, %qpr19
	}
	QCHECK	"qpfmsas", %qpr18, 0x40e0000040a00000, 0x40e0000040a00000
	QCHECK	"qpfmasd", %qpr19, 0x401c000000000000, 0x4014000000000000
	{
	  ldqp,0 %dr20, 144, %qpr2		! Q1
	  ldqp,3 %dr20, 160, %qpr3		! Q2
	}
	{
	  qpsrad,0 %qpr2, 4, %qpr12
	  qpsrad,1 %qpr2, 100, %qpr13
	}
	QCHECK	"qpsrad", %qpr12, 0xf80007fff0100ff8, 0x0010203040506070
	QCHECK	"qpsrad count > 63", %qpr13, -1, 0
	{
	  qpcmpeqbop,0 %qpr2, %qpr2, %pred0
	  qpcmpeqbap,3 %qpr2, %qpr2, %pred1
	}
	{
	  qpcmpeqbop,0 %qpr2, %qpr3, %pred2
	  qpcmpgtdop,3 %qpr3, %qpr2, %pred3
	}
	{
	  qpcmpgthap,0 %qpr3, %qpr2, %pred4
	  qpcmpgtdop,3 %qpr2, %qpr3, %pred5
	}
	{
	  addd,0 0, 0, %dr0
	  addd,1 0, 0, %dr1
	  addd,3 0, 0, %dr2
	  addd,4 0, 0, %dr3
	}
	{
	  addd,0 0, 0, %dr4
	  addd,1 0, 0, %dr5
	}
	PV	%pred0, %dr0
	PV	%pred1, %dr1
	PV	%pred2, %dr2
	PV	%pred3, %dr3
	PV	%pred4, %dr4
	PV	%pred5, %dr5
	CHECK	"qpcmpeqbop equal", %dr0, 1
	CHECK	"qpcmpeqbap equal", %dr1, 1
	CHECK	"qpcmpeqbop no byte equal", %dr2, 0
	CHECK	"qpcmpgtdop one half greater", %dr3, 1
	CHECK	"qpcmpgthap not every half", %dr4, 0
	CHECK	"qpcmpgtdop none greater", %dr5, 0
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	16
.Lin:
	.quad	0x3ff0000000400000, 0x4000000000000000
	.quad	0x3fefffffff800000, 0x4008000000000000
	.quad	0xbff0000000000000, 0x3ff0000000000000
	.quad	0x4000000040000000, 0x4000000040000000
	.quad	0x4040000040400000, 0x4040000040400000
	.quad	0x3f8000003f800000, 0x3f8000003f800000
	.quad	0x4000000000000000, 0x4000000000000000
	.quad	0x4008000000000000, 0x4008000000000000
	.quad	0x3ff0000000000000, 0x3ff0000000000000
	.quad	0x80007fff0100ff80, 0x0102030405060708	! Q1
	.quad	0x0005fffb0080007f, 0x7f80ff0102fe0380	! Q2
.Lout:
	.quad	0, 0
