! quad -- v5 128-bit registers: ldqp/stqp round trip, and the quad-packed
! qpand, qpxor, qpaddw (two independent 64-bit halves of the p* operation,
! ISA.md 4.6), read back through memory with stqp + ldd.

	.include "e2k-user.inc"

	! QOUT qreg, lo, hi: store \qreg to .Lout, load its halves
	.macro	QOUT q, lo, hi
	{
	  stqp,2 \q, %dr0, 0
	}
	{
	  ldd,0 %dr0, 0, \lo
	  ldd,3 %dr0, 8, \hi
	}
	.endm

	START
	{
	  addd,0 0, .Lout, %dr0
	  addd,1 0, .Lq1, %dr1
	}
	{
	  ldqp,0 %dr1, 0, %qpr2
	  ldqp,3 %dr1, 16, %qpr3
	}
	QOUT	%qpr2, %dr4, %dr5
	CHECK	"ldqp/stqp low", %dr4, 0x00000001ffffffff
	CHECK	"ldqp/stqp high", %dr5, 0x7fffffff00000002
	{
	  qpand,0 %qpr2, %qpr3, %qpr4
	  qpxor,1 %qpr2, %qpr3, %qpr5
	  qpaddw,3 %qpr2, %qpr3, %qpr6
	}
	QOUT	%qpr4, %dr8, %dr9
	QOUT	%qpr5, %dr10, %dr11
	QOUT	%qpr6, %dr12, %dr13
	CHECK	"qpand low", %dr8, 0x0000000100000001
	CHECK	"qpand high", %dr9, 0x0000000100000002
	CHECK	"qpxor low", %dr10, 0x00000000fffffffe
	CHECK	"qpxor high", %dr11, 0x7ffffffefffffffc
	CHECK	"qpaddw low", %dr12, 0x0000000200000000
	CHECK	"qpaddw high", %dr13, 0x8000000000000000
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	16
.Lq1:
	.quad	0x00000001ffffffff, 0x7fffffff00000002
	.quad	0x0000000100000001, 0x00000001fffffffe
.Lout:
	.quad	0, 0
