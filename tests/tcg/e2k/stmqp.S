! stmqp -- v5 masked quad store: byte i of the 128-bit register goes to
! [src1 + i] when bit i of src2 (the mask) is set; other bytes keep their
! value.  Operand roles as in the QEMU fork (src1 address, src2 mask); the
! mask 0 stores nothing.  Expected values by hand.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Lbuf, %dr20
	  addd,1 0, .Lval, %dr21
	}
	{
	  ldqp,0 %dr21, 0, %qpr10
	  addd,1 0, 0x80f1, %dr22
	  addd,3 0, 0, %dr23
	}
	{
	  stmqp,2 %qpr10, [ %dr20 + %dr22 ]
	}
	{
	  stmqp,5 %qpr10, [ %dr20 + %dr23 ]
	}
	{
	  ldd,0 %dr20, 0, %dr0
	  ldd,3 %dr20, 8, %dr1
	}
	CHECK	"stmqp low bytes 0,4-7", %dr0, 0x1716151433333310
	CHECK	"stmqp high byte 15", %dr1, 0x1f33333333333333
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	16
.Lval:
	.quad	0x1716151413121110, 0x1f1e1d1c1b1a1918
.Lbuf:
	.quad	0x3333333333333333, 0x3333333333333333
