! cmp_merge -- compares into predicates (the overflow, parity and unsigned
! cases, cmpand), read back with merges/merged (selector true -> src2) and
! with predicated ALU operations, including ~%pred (ISA.md 4.4, 4.7).

	.include "e2k-user.inc"

	! PV pred, reg: reg = pred ? 1 : 0 (merged; ALC0)
	.macro	PV p, r
	{
	  merged,0 0, 1, \r, \p
	}
	.endm

	START
	{
	  addd,0 0, 0x8000000000000000, %dr0
	  addd,1 0, 1, %dr1
	}
	{
	  addd,0 0, 5, %dr2
	  addd,1 0, 3, %dr3
	  addd,2 0, 0xffffffff, %dr4
	  addd,3 0, 7, %dr5
	  addd,4 0, 2, %dr6
	}
	{
	  cmpodb,0 %dr0, %dr1, %pred0		! min - 1 overflows
	  cmpodb,1 %dr2, %dr3, %pred1		! 5 - 3 does not
	  cmppdb,3 %dr2, %dr6, %pred2		! 5 - 2 = 3: two 1 bits, even
	  cmppdb,4 %dr5, 0, %pred3		! 7: three 1 bits, odd
	  nop 2
	}
	PV	%pred0, %dr10
	PV	%pred1, %dr11
	PV	%pred2, %dr12
	PV	%pred3, %dr13
	CHECK	"cmpodb min-1", %dr10, 1
	CHECK	"cmpodb 5-3", %dr11, 0
	CHECK	"cmppdb 5-2 even", %dr12, 1
	CHECK	"cmppdb 7-0 odd", %dr13, 0
	{
	  cmpbsb,0 %r1, %r4, %pred4		! 1 <u 0xffffffff
	  cmplsb,1 %r1, %r4, %pred5		! 1 <s -1: false
	  cmpbedb,3 %dr2, 5, %pred6		! 5 <=u 5
	  cmpledb,4 %dr0, %dr1, %pred7		! min <=s 1
	  nop 2
	}
	PV	%pred4, %dr10
	PV	%pred5, %dr11
	PV	%pred6, %dr12
	PV	%pred7, %dr13
	CHECK	"cmpbsb 1 ffffffff", %dr10, 1
	CHECK	"cmplsb 1 -1", %dr11, 0
	CHECK	"cmpbedb 5 5", %dr12, 1
	CHECK	"cmpledb min 1", %dr13, 1
	{
	  cmpsdb,0 %dr1, %dr2, %pred8		! 1 - 5 < 0
	  cmpssb,1 %r4, %r1, %pred9		! -1 - 1 < 0 (32-bit)
	  cmpsdb,3 %dr4, %dr1, %pred10		! 0xffffffff - 1 > 0 (64-bit)
	  cmpesb,4 %r4, %r0, %pred11		! 0xffffffff == 0: false
	  nop 2
	}
	PV	%pred8, %dr10
	PV	%pred9, %dr11
	PV	%pred10, %dr12
	PV	%pred11, %dr13
	CHECK	"cmpsdb 1-5", %dr10, 1
	CHECK	"cmpssb -1-1", %dr11, 1
	CHECK	"cmpsdb ffffffff-1", %dr12, 0
	CHECK	"cmpesb", %dr13, 0
	{
	  addd,0 0, 0xf0, %dr7
	  addd,1 0, 0x0f, %dr8
	  addd,2 0, 0xffffffffffffffff, %dr9
	}
	{
	  cmpandedb,0 %dr7, %dr8, %pred12	! 0xf0 & 0x0f == 0
	  cmpandsdb,1 %dr0, %dr9, %pred13	! min & -1 < 0
	  cmpandledb,3 %dr1, %dr1, %pred14	! 1 <= 0: false
	  cmpandpdb,4 %dr7, %dr9, %pred15	! 0xf0: four bits, even
	  nop 2
	}
	PV	%pred12, %dr10
	PV	%pred13, %dr11
	PV	%pred14, %dr12
	PV	%pred15, %dr13
	CHECK	"cmpandedb", %dr10, 1
	CHECK	"cmpandsdb", %dr11, 1
	CHECK	"cmpandledb 1&1", %dr12, 0
	CHECK	"cmpandpdb f0", %dr13, 1
	! merges with inverted selectors; predicated ALU ops
	{
	  addd,0 0, 0x111, %dr14
	  addd,1 0, 0x222, %dr15
	  addd,2 0, 0, %dr16
	  addd,3 0, 0, %dr17
	}
	{
	  merged,0 %dr14, %dr15, %dr18, ~%pred0	! pred0 = 1 -> src1
	  merges,1 %r14, %r15, %r19, ~%pred1	! pred1 = 0 -> src2
	  merged,3 %dr14, %dr15, %dr20, %pred1	! -> src1
	  merges,4 %r14, %r15, %r21, %pred0	! -> src2
	}
	{
	  addd,0 0, 7, %dr16 ? %pred0
	  addd,1 0, 8, %dr17 ? %pred1
	  addd,3 0, 9, %dr17 ? ~%pred0
	  addd,4 0, 6, %dr22 ? ~%pred1
	}
	CHECK	"merged ~p true", %dr18, 0x111
	CHECKW	"merges ~p false", %r19, 0x222
	CHECK	"merged p false", %dr20, 0x111
	CHECKW	"merges p true", %r21, 0x222
	CHECK	"addd ? p (true)", %dr16, 7
	CHECK	"addd ? p, ? ~p (both false)", %dr17, 0
	CHECK	"addd ? ~p (true)", %dr22, 6
	FINISH

	.include "e2k-lib.inc"
