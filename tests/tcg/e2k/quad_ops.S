! quad_ops -- v5 quad-packed (128-bit) operations beyond the plain halves of
! quad.S (ISA.md 4.6): shifts by a 64-bit count, packs and horizontal adds
! that cross the halves, qpshufb/qppermb/qpmerge, plog/qplog truth tables,
! sign masks, qpswitch*, qphminposuh, qpmulubhh, quad FP (NaN lane, hadd,
! addsub, widening/narrowing conversions) and a QPFCMB combined operation.
! Lane rules where ISA.md is silent follow the QEMU fork (noted in packed.cpp).
! Expected values: by hand for a sample of lanes, all lanes cross-checked
! with an independent Python model of these rules.

	.include "e2k-user.inc"

	! QOUT qreg: store \qreg to .Lout, load its halves into %dr22 (lo), %dr23 (hi)
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

	START
	{
	  addd,0 0, .Lin, %dr20
	  addd,1 0, .Lout, %dr21
	}
	{
	  ldqp,0 %dr20, 0, %qpr2		! Q1
	  ldqp,3 %dr20, 16, %qpr3		! Q2
	}
	{
	  ldqp,0 %dr20, 32, %qpr4		! qppermb controls
	  ldqp,3 %dr20, 48, %qpr5		! qpshufb controls
	}
	{
	  ldqp,0 %dr20, 64, %qpr6		! qpmerge / qplog third operand
	  ldqp,3 %dr20, 80, %qpr7		! F1 = { 1.5, NaN, -2, 3 }
	}
	{
	  ldqp,0 %dr20, 96, %qpr8		! F2 = { 1.5, 2, 1, 0.25 }
	  ldqp,3 %dr20, 112, %qpr9		! G1 = { 3.0, 0.5 }
	}
	{
	  ldqp,0 %dr20, 128, %qpr10		! G2 = { 2.0, -0.5 }
	}
	{
	  qpsllh,0 %qpr2, 4, %qpr11
	  qpsrlw,1 %qpr2, 8, %qpr12
	  qpsrah,3 %qpr2, 20, %qpr13
	  qpslld,4 %qpr2, 64, %qpr14
	}
	{
	  qpsrcw,0 %qpr2, 8, %qpr15
	}
	QCHECK	"qpsllh", %qpr11, 0x0000fff01000f800, 0x1020304050607080
	QCHECK	"qpsrlw", %qpr12, 0x0080007f000100ff, 0x0001020300050607
	QCHECK	"qpsrah >= 16", %qpr13, 0xffff00000000ffff, 0
	QCHECK	"qpslld 64", %qpr14, 0, 0
	QCHECK	"qpsrcw", %qpr15, 0xff80007f800100ff, 0x0401020308050607
	{
	  qpacksshb,1 %qpr2, %qpr3, %qpr11
	  qphaddh,0 %qpr2, %qpr3, %qpr12
	  qpsignb,3 %qpr2, %qpr3, %qpr13
	  qpmullw,4 %qpr2, %qpr3, %qpr14
	}
	{
	  qpmaddh,1 %qpr2, %qpr3, %qpr15
	}
	QCHECK	"qpacksshb", %qpr11, 0x7f807f7f05fb7f7f, 0x7f7f7f7f807f7f80
	QCHECK	"qphaddh", %qpr12, 0x04060c0effff0080, 0x7e81067e000000ff
	QCHECK	"qpsignb", %qpr13, 0x0000810100000080, 0x01fefd0405fa07f8
	QCHECK	"qpmullw", %qpr14, 0x7ff780053f7ec080, 0x8002ff049f089c00
	QCHECK	"qpmaddh", %qpr15, 0xfffb000500004080, 0x007d7e040027a3f4
	{
	  qpmerge,0 %qpr2, %qpr3, %qpr6, %qpr11
	  qpshufb,1 %qpr2, %qpr3, %qpr5, %qpr12
	  qppermb,3 %qpr2, %qpr3, %qpr4, %qpr13
	  qplog_mjr,4 %dr2, %dr3, %dr6, %dr14
	}
	QCHECK	"qpmerge", %qpr11, 0x0000ffff00000080, 0x0180030105fe0780
	QCHECK	"qpshufb", %qpr12, 0x7f80ff0102fe0380, 0x80ff0001ff7f0080
	QCHECK	"qppermb", %qpr13, 0x018003808000087f, 0x00fd7f3f0000ffff
	QCHECK	"qplog_mjr", %qpr14, 0x8000fffb00008000, 0x0180030000860380
	{
	  addd,0 0, 0x7f80ff0102fe0380, %dr16
	  addd,1 0, 0xa55a, %dr17
	}
	{
	  plog_sel3,0 %dr2, %dr3, %dr16, %dr18
	  plog_0x1e,1 %dr2, %dr3, %dr16, %dr19
	  qpsgn2mskb,3 %qpr2, %r15
	  qpmsk2sgnb,4 %qpr2, %r17, %qpr11
	}
	CHECK	"plog_sel3", %dr18, 0x8000ffff0180fc00
	CHECK	"plog_0x1e", %dr19, 0xff85800403fefc7f
	CHECKW	"qpsgn2mskb", %dr15, 0x93
	QCHECK	"qpmsk2sgnb", %qpr11, 0x00807fff8100ff00, 0x8102830405860788
	{
	  qpswitchd,0 %qpr2, %qpr12
	  qpswitchw,1 %qpr2, %qpr13
	  qphminposuh,4 %qpr2, %qpr3, %dr18
	}
	{
	  qpmulubhh,1 %dr16, %qpr2, %qpr14
	}
	QCHECK	"qpswitchd", %qpr12, 0x0102030405060708, 0x80007fff0100ff80
	QCHECK	"qpswitchw", %qpr13, 0x0100ff8080007fff, 0x0506070801020304
	CHECK	"qphminposuh", %dr18, 0xb0005
	QCHECK	"qpmulubhh", %qpr14, 0xff007eff0003ffc0, 0x0080018205010007
	{
	  qpfadds,0 %qpr7, %qpr8, %qpr11
	  qpfcmpeqs,1 %qpr7, %qpr8, %qpr12
	  qpfhadds,3 %qpr7, %qpr8, %qpr13
	  qpfmuld,4 %qpr9, %qpr10, %qpr14
	}
	{
	  qpfaddsubd,0 %qpr9, %qpr10, %qpr15
	  addd,1 0, 0xc040000040200000, %dr16	! { 2.5, -3.0 }
	}
	{
	  qpfstoid,0 %dr16, %qpr16
	  qpfdtois,1 %qpr9, %dr17
	  qpfmul_adds,3 %qpr8, %qpr8, %qpr8, %qpr18
	}
	QCHECK	"qpfadds", %qpr11, 0x7fc0000040400000, 0x40500000bf800000
	QCHECK	"qpfcmpeqs", %qpr12, 0x00000000ffffffff, 0
	QCHECK	"qpfhadds", %qpr13, 0x3f8000007fc00000, 0x3fa0000040600000
	QCHECK	"qpfmuld", %qpr14, 0x4018000000000000, 0xbfd0000000000000
	QCHECK	"qpfaddsubd", %qpr15, 0x3ff0000000000000, 0
	QCHECK	"qpfstoid", %qpr16, 2, -3
	CHECK	"qpfdtois", %dr17, 3
	QCHECK	"qpfmul_adds", %qpr18, 0x40c0000040700000, 0x3ea0000040000000
	{
	  ldqp,0 %dr20, 144, %qpr11		! words { -3, 7, 1, -1 }
	  ldqp,3 %dr20, 160, %qpr12		! { -5, 2^40 }
	  addd,1 0, 0x04030201, %dr17
	}
	{
	  qpistofs,0 %qpr11, %qpr13
	  qpidtofd,1 %qpr12, %qpr14
	  qpacksswh,4 %qpr2, %qpr3, %qpr16
	}
	{
	  qpmpsadbh,1 %qpr2, %r17, %qpr18
	}
	QCHECK	"qpistofs", %qpr13, 0x40e00000c0400000, 0xbf8000003f800000
	QCHECK	"qpidtofd", %qpr14, 0xc014000000000000, 0x4270000000000000
	QCHECK	"qpacksswh", %qpr16, 0x7fff7fff7fff7fff, 0x7fff7fff80007fff
	QCHECK	"qpmpsadbh", %qpr18, 0x017d017901fd0182, 0x0008000a000c0010
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	16
.Lin:
	.quad	0x80007fff0100ff80, 0x0102030405060708	! Q1
	.quad	0x0005fffb0080007f, 0x7f80ff0102fe0380	! Q2
	.quad	0x1f10090817011800, 0x8c2b4a6907160514	! qppermb controls
	.quad	0x0f0e0d0c0b0a0908, 0x0001020304050607	! qpshufb controls
	.quad	0x8000800080008000, 0x0080008000800080	! qpmerge mask
	.quad	0x7fc000003fc00000, 0x40400000c0000000	! F1
	.quad	0x400000003fc00000, 0x3e8000003f800000	! F2
	.quad	0x4008000000000000, 0x3fe0000000000000	! G1
	.quad	0x4000000000000000, 0xbfe0000000000000	! G2
	.quad	0x00000007fffffffd, 0xffffffff00000001	! words -3 7 1 -1
	.quad	0xfffffffffffffffb, 0x0000010000000000	! -5, 2^40
.Lout:
	.quad	0, 0
