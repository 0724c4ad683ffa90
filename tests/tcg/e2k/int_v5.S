! int_v5 -- v5 integer additions: addcd/subcd with a carry-in (src3 bit 0)
! and their _c forms giving the carry/borrow out (the full 65-bit carry:
! the "src2 + carry wraps" cases are included, see translate.cpp [U]), and
! getfzs/getfzd (getf whose sign extends from the field's own top bit, then
! the low [15:13] bits cleared; QEMU fork).  Expected values by hand.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, -1, %dr0
	  addd,1 0, 0, %dr1
	  addd,3 0, 1, %dr2
	  addd,4 0, 5, %dr3
	}
	{
	  addd,0 0, 3, %dr4
	}
	{
	  addcd,1 %dr0, %dr1, %r2, %dr5		! ~0 + 0 + 1
	  addcd_c,4 %dr0, %dr1, %r2, %dr6
	}
	{
	  addcd,1 %dr3, %dr0, %r2, %dr7		! 5 + ~0 + 1: src2 + carry wraps
	  addcd_c,4 %dr3, %dr0, %r2, %dr8
	}
	{
	  addcd_c,1 %dr3, %dr4, %r1, %dr9	! 5 + 3 + 0: no carry
	  subcd,4 %dr1, %dr1, %r2, %dr10	! 0 - 0 - 1
	}
	{
	  subcd_c,1 %dr1, %dr1, %r2, %dr11
	  subcd_c,4 %dr3, %dr4, %r2, %dr12	! 5 - 3 - 1: no borrow
	}
	{
	  subcd,1 %dr4, %dr0, %r2, %dr13	! 3 - ~0 - 1
	  subcd_c,4 %dr4, %dr0, %r2, %dr14
	}
	CHECK	"addcd carry in", %dr5, 0
	CHECK	"addcd_c carry out", %dr6, 1
	CHECK	"addcd wraps", %dr7, 5
	CHECK	"addcd_c when src2 + carry wraps", %dr8, 1
	CHECK	"addcd_c no carry", %dr9, 0
	CHECK	"subcd borrow in", %dr10, -1
	CHECK	"subcd_c borrow out", %dr11, 1
	CHECK	"subcd_c no borrow", %dr12, 0
	CHECK	"subcd wraps", %dr13, 3
	CHECK	"subcd_c when src2 + borrow wraps", %dr14, 1
	{
	  addd,0 0, 0x8000000000000f00, %dr15
	  addd,1 0, 0x12345678, %dr16
	}
	{
	  getfzd,0 %dr15, 0x5108, %dr17		! off 8 len 4 sign, 2 low zeros
	  getfzd,1 %dr15, 0x1108, %dr18		! the same without zeros
	  getfzs,3 %r16, 0x6204, %r19		! off 4 len 8, 3 low zeros
	  getfzs,4 %r15, 0x1108, %r20		! off 8 len 4 sign
	}
	{
	  getfzd,0 %dr15, 0x0108, %dr21		! unsigned field
	}
	CHECK	"getfzd sign and low zeros", %dr17, 0xfffffffffffffffc
	CHECK	"getfzd sign", %dr18, -1
	CHECKW	"getfzs low zeros", %dr19, 0x60
	CHECKW	"getfzs sign", %dr20, 0xffffffff
	CHECK	"getfzd unsigned", %dr21, 0xf
	FINISH

	.include "e2k-lib.inc"
