! int_arith -- integer add/sub/mul, widening and high multiplies, divide and
! remainder (32/64, signed/unsigned, 64/32 forms), and a speculative (,sm)
! division by zero, which must not trap (ISA.md 4.4, 4.8).
! Expected values: two's complement arithmetic by hand (README.md).

	.include "e2k-user.inc"

	START
	! ---- add / sub, wrap-around
	{
	  addd,0 0, 0x7fffffffffffffff, %dr0
	  addd,1 0, 0x8000000000000000, %dr1
	}
	{
	  addd,2 0, 0xfffffffe, %dr2
	}
	{
	  addd,0 %dr0, 1, %dr3
	  subd,1 %dr1, 1, %dr4
	  adds,2 %r2, 3, %r5
	  subs,3 0, %r2, %r6
	  subd,4 0, %dr1, %dr7
	  addd,5 %dr0, %dr1, %dr8
	}
	CHECK	"addd max+1", %dr3, 0x8000000000000000
	CHECK	"subd min-1", %dr4, 0x7fffffffffffffff
	CHECKW	"adds 0xfffffffe+3", %r5, 1
	CHECKW	"subs 0-0xfffffffe", %r6, 2
	CHECK	"subd 0-min", %dr7, 0x8000000000000000
	CHECK	"addd max+min", %dr8, 0xffffffffffffffff
	! ---- multiplies
	{
	  addd,0 0, 0xffffffff, %dr10
	  addd,1 0, 0x12345678, %dr11
	}
	{
	  addd,2 0, 0xfffffffffffffffd, %dr12
	  addd,3 0, 0x100000001, %dr13
	}
	{
	  muls,0 %r10, %r10, %r14
	  muld,1 %dr12, %dr12, %dr15
	  umulx,3 %r10, %r10, %dr16
	  smulx,4 %r10, %r10, %dr17
	}
	{
	  umulx,0 %r10, %r11, %dr18
	  smulx,1 %r10, %r11, %dr19
	  muld,3 %dr13, %dr13, %dr20
	  muld,4 %dr12, 7, %dr21
	}
	CHECKW	"muls -1*-1", %r14, 1
	CHECK	"muld -3*-3", %dr15, 9
	CHECK	"umulx ffffffff^2", %dr16, 0xfffffffe00000001
	CHECK	"smulx -1*-1", %dr17, 1
	CHECK	"umulx ffffffff*12345678", %dr18, 0x12345677edcba988
	CHECK	"smulx -1*12345678", %dr19, 0xffffffffedcba988
	CHECK	"muld 100000001^2", %dr20, 0x200000001
	CHECK	"muld -3*7", %dr21, 0xffffffffffffffeb
	{
	  addd,0 0, 0xffffffffffffffff, %dr0
	  addd,1 0, 0x8000000000000000, %dr1
	}
	{
	  addd,2 0, 0x123456789abcdef0, %dr2
	  addd,3 0, 0x10, %dr3
	}
	{
	  umulhd,0 %dr0, %dr0, %dr4
	  smulhd,1 %dr0, %dr0, %dr5
	  umulhd,3 %dr1, %dr1, %dr6
	  smulhd,4 %dr1, %dr1, %dr7
	}
	{
	  umulhd,0 %dr2, %dr3, %dr8
	  smulhd,1 %dr1, %dr3, %dr9
	  smulhd,3 %dr0, %dr2, %dr10
	  umulhd,4 %dr0, %dr2, %dr11
	}
	CHECK	"umulhd max^2", %dr4, 0xfffffffffffffffe
	CHECK	"smulhd -1*-1", %dr5, 0
	CHECK	"umulhd 2^63*2^63", %dr6, 0x4000000000000000
	CHECK	"smulhd min*min", %dr7, 0x4000000000000000
	CHECK	"umulhd x*16", %dr8, 0x1
	CHECK	"smulhd min*16", %dr9, 0xfffffffffffffff8
	CHECK	"smulhd -1*x", %dr10, 0xffffffffffffffff
	CHECK	"umulhd max*x", %dr11, 0x123456789abcdeef
	! ---- divide / remainder (ALC5 only)
	{
	  addd,0 0, 0xfffffff9, %dr0		! -7 as 32 bit
	  addd,1 0, 2, %dr1
	}
	{
	  addd,2 0, 0xfffffffffffffff9, %dr2	! -7 as 64 bit
	  addd,3 0, 0x80000000, %dr3
	}
	{
	  addd,4 0, 0xffffffff, %dr4
	  addd,5 0, 0x8000000000000000, %dr5
	}
	{
	  sdivs,5 %r0, %r1, %r6
	}
	{
	  udivs,5 %r0, %r1, %r7
	}
	{
	  sdivd,5 %dr2, %dr1, %dr8
	}
	{
	  udivd,5 %dr2, %dr1, %dr9
	}
	{
	  sdivd,5 %dr2, 0xfffffffffffffffe, %dr10
	}
	{
	  udivs,5 %r4, %r3, %r11
	}
	{
	  sdivs,5 %r3, %r4, %r12
	}
	CHECKW	"sdivs -7/2", %r6, 0xfffffffd
	CHECKW	"udivs fffffff9/2", %r7, 0x7ffffffc
	CHECK	"sdivd -7/2", %dr8, 0xfffffffffffffffd
	CHECK	"udivd -7/2", %dr9, 0x7ffffffffffffffc
	CHECK	"sdivd -7/-2", %dr10, 3
	CHECKW	"udivs ffffffff/80000000", %r11, 1
	CHECKW	"sdivs min/-1", %r12, 0x80000000
	! 64/32: dividend 64 bit (src1), divisor 32 bit, 32-bit result
	{
	  addd,0 0, 0x100000005, %dr13
	  addd,1 0, 0x10, %dr14
	}
	{
	  addd,2 0, 0xfffffffffffffff1, %dr15	! -15
	  addd,3 0, 4, %dr16
	}
	{
	  udivx,5 %dr13, %r14, %r17
	}
	{
	  umodx,5 %dr13, %r14, %r18
	}
	{
	  sdivx,5 %dr15, %r16, %r19
	}
	{
	  smodx,5 %dr15, %r16, %r20
	}
	CHECKW	"udivx 100000005/16", %r17, 0x10000000
	CHECKW	"umodx 100000005%16", %r18, 5
	CHECKW	"sdivx -15/4", %r19, 0xfffffffd
	CHECKW	"smodx -15%4", %r20, 0xfffffffd
	! ---- speculative division by zero: no trap, execution continues
	{
	  addd,0 0, 0, %dr21
	  addd,1 0, 99, %dr22
	}
	{
	  sdivd,5,sm %dr22, %dr21, %dr23
	}
	{
	  udivs,5,sm %r22, %r21, %r23
	}
	{
	  udivd,5,sm %dr22, %dr21, %dr23
	}
	CHECK	"alive after ,sm division by zero", %dr22, 99
	FINISH

	.include "e2k-lib.inc"
