! int_v6 -- v6 integer additions: clmull/clmulh (the low/high 64 bits of the
! carry-less product), qpcext_0x7f/0x80 (src2 low, the byte repeated high),
! pmrgp and qpmrgp (merged on a 64-bit register and on
! both halves of a quad register, selected by the channel's MRGC, ISA.md 4.7).
! Expected values by hand (carry-less squares), the third clmul pair
! re-checked with a Python carry-less multiply.

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

	START
	{
	  addd,0 0, 0x8000000000000001, %dr0
	  addd,1 0, 0x123456789abcdef0, %dr1
	}
	{
	  addd,0 0, 0xfedcba9876543210, %dr2
	  addd,1 0, 0xff, %dr9
	}
	{
	  clmull,0 %dr0, 3, %dr3
	  clmulh,1 %dr0, 3, %dr4
	  clmull,3 %dr9, %dr9, %dr5
	  clmulh,4 %dr9, %dr9, %dr6
	}
	{
	  clmull,0 %dr1, %dr2, %dr7
	  clmulh,1 %dr1, %dr2, %dr8
	}
	CHECK	"clmull", %dr3, 0x8000000000000003
	CHECK	"clmulh", %dr4, 1
	CHECK	"clmull 0xff^2", %dr5, 0x5555
	CHECK	"clmulh 0xff^2", %dr6, 0
	CHECK	"clmull wide", %dr7, 0x0a0789828c810f00
	CHECK	"clmulh wide", %dr8, 0x0e038d8688850b04
	{
	  addd,0 0, .Lin, %dr20
	  addd,1 0, .Lout, %dr21
	  cmpesb,3 0, 0, %pred0			! true
	  cmpesb,4 0, 1, %pred1			! false
	}
	{
	  ldqp,0 %dr20, 0, %qpr10
	  ldqp,3 %dr20, 16, %qpr11
	}
	{
	  pmrgp,0 %dr1, %dr2, %dr12, %pred0
	  pmrgp,1 %dr1, %dr2, %dr13, %pred1
	  qpmrgp,3 %qpr10, %qpr11, %qpr14, %pred0
	  qpmrgp,4 %qpr10, %qpr11, %qpr15, ~%pred0
	}
	CHECK	"pmrgp true: src2", %dr12, 0xfedcba9876543210
	CHECK	"pmrgp false: src1", %dr13, 0x123456789abcdef0
	QOUT	%qpr14
	CHECK	"qpmrgp true lo", %dr22, 3
	CHECK	"qpmrgp true hi", %dr23, 4
	QOUT	%qpr15
	CHECK	"qpmrgp ~true lo", %dr22, 1
	CHECK	"qpmrgp ~true hi", %dr23, 2
	{
	  qpcext_0x7f,0 %dr9, %qpr16
	  qpcext_0x80,1 %dr9, %qpr17
	}
	QOUT	%qpr16
	CHECK	"qpcext_0x7f lo", %dr22, 0xff
	CHECK	"qpcext_0x7f hi", %dr23, 0x7f7f7f7f7f7f7f7f
	QOUT	%qpr17
	CHECK	"qpcext_0x80 hi", %dr23, 0x8080808080808080
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	16
.Lin:
	.quad	1, 2, 3, 4
.Lout:
	.quad	0, 0
