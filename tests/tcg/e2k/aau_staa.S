! aau_staa -- staa/ldaa through %aad/%aasti with literals and the `incr`
! post-increment (ISA.md section 13): address = aad.base + aasti + literal
! (32-bit, sign-extended); with incr the index then grows by
! aaincr << log2(access size) (16 for the two-ALC quad forms); an `incr ?
! cond` (am CDS entry, section 2.12) conditions only the index advance.
! Data layouts below; every expected value is worked out byte by byte.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Ldst, %dr1
	  addd,1 0, .Lsrc, %dr2
	}
	{
	  addd,0 0, .Lq, %dr6
	  addd,1 0, 0, %dr3
	  addd,3 0, 1, %dr4
	  addd,4 0, 2, %dr5
	}
	{
	  aaurwd,2 %dr1, %aad1
	  aaurwd,5 %dr2, %aad2
	}
	{
	  aaurwd,2 %dr6, %aad3
	  aaurw,5 %r3, %aasti1
	}
	{
	  aaurw,2 %r3, %aasti2
	  aaurw,5 %r3, %aasti3
	}
	{
	  aaurw,2 %r4, %aaincr1
	  aaurw,5 %r5, %aaincr2
	}
	{
	  addd,0 0, 0x11, %dr10
	  addd,1 0, 0x22, %dr11
	  addd,3 0, 0x33, %dr12
	  addd,4 0, 0x44, %dr13
	}
	! three dwords, each advancing aasti1 by 1 << 3
	{
	  staad,2 %dr10, %aad1 [ %aasti1 ]
	  incr,2 %aaincr1
	}
	{
	  staad,2 %dr11, %aad1 [ %aasti1 ]
	  incr,2 %aaincr1
	}
	{
	  staad,5 %dr12, %aad1 [ %aasti1 ]
	  incr,5 %aaincr1
	}
	! aasti1 = 24: a word at 24 + 8 (no advance), a byte at 24 (+2), a half at 26 (+4)
	{
	  staaw,2 %r10, %aad1 [ %aasti1 + _f32s,_lts0 8 ]
	}
	{
	  staab,2 %r11, %aad1 [ %aasti1 ]
	  incr,2 %aaincr2
	}
	{
	  staah,5 %r12, %aad1 [ %aasti1 ]
	  incr,5 %aaincr2
	}
	{
	  aaurrd,2 %aasti1, %dr14
	  ldd,0 %dr1, 0, %dr15
	  ldd,3 %dr1, 8, %dr16
	  nop 2
	}
	{
	  ldd,0 %dr1, 16, %dr17
	  ldd,3 %dr1, 24, %dr18
	}
	{
	  ldd,0 %dr1, 32, %dr19
	}
	CHECK	"staad 1", %dr15, 0x11
	CHECK	"staad 2", %dr16, 0x22
	CHECK	"staad 3 (ALC5)", %dr17, 0x33
	CHECK	"staab at 24 and staah at 26", %dr18, 0x0000000000330022
	CHECK	"staaw with a literal, no advance", %dr19, 0x11
	CHECK	"aasti1 after 3 x 8 + 2 + 4", %dr14, 30

	! loads from .Lsrc
	{
	  ldaad,2 %aad2 [ %aasti2 ], %dr20
	  incr,2 %aaincr1
	}
	{
	  ldaad,5 %aad2 [ %aasti2 ], %dr21
	  incr,5 %aaincr2
	}
	{
	  ldaaw,2 %aad2 [ %aasti2 + _f32s,_lts0 4 ], %dr22
	}
	{
	  ldaab,2 %aad2 [ %aasti2 ], %dr23
	  incr,2 %aaincr1
	}
	{
	  ldaah,5 %aad2 [ %aasti2 + _f32s,_lts0 0xffffffff ], %dr18
	}
	{
	  aaurrd,2 %aasti2, %dr19
	  nop 2
	}
	CHECK	"ldaad src[0]", %dr20, 0x0102030405060708
	CHECK	"ldaad src[1]", %dr21, 0x1112131415161718
	CHECK	"ldaaw at 24 + 4", %dr22, 0x31323334
	CHECK	"ldaab at 24", %dr23, 0x38
	CHECK	"ldaah at 25 - 1", %dr18, 0x3738
	CHECK	"aasti2 after 8 + 16 + 1", %dr19, 25

	! two-ALC quad forms: 16 bytes, index advance 16 per aaincr unit
	{
	  addd,0 0, 0x0a0b0c0d0e0f1011, %dr12
	  addd,1 0, 0x2021222324252627, %dr13
	}
	{
	  staaq,2 %qr12, %aad3 [ %aasti3 ]
	  incr,2 %aaincr1
	}
	{
	  ldaaq,2 %aad3 [ %aasti3 + _f32s,_lts0 0xfffffff0 ], %qr14
	}
	{
	  aaurrd,2 %aasti3, %dr16
	  ldd,0 %dr6, 8, %dr17
	  nop 2
	}
	CHECK	"staaq/ldaaq low", %dr14, 0x0a0b0c0d0e0f1011
	CHECK	"staaq/ldaaq high", %dr15, 0x2021222324252627
	CHECK	"staaq high dword in memory", %dr17, 0x2021222324252627
	CHECK	"aasti3 after a quad", %dr16, 16

	! a condition on `incr` holds the advance back but not the store
	{
	  cmpedb,0 %dr4, 1, %pred3
	  cmpedb,1 %dr4, 0, %pred4
	  aaurw,2 %r3, %aasti1
	  nop 2
	}
	{
	  staad,2 %dr13, %aad1 [ %aasti1 ]
	  incr,2 %aaincr1 ? ~%pred3
	}
	{
	  aaurrd,2 %aasti1, %dr7
	  ldd,0 %dr1, 0, %dr8
	  nop 2
	}
	{
	  staad,2 %dr10, %aad1 [ %aasti1 ]
	  incr,2 %aaincr1 ? ~%pred4
	}
	{
	  aaurrd,2 %aasti1, %dr9
	  nop 2
	}
	CHECK	"store under a false incr condition", %dr8, 0x2021222324252627
	CHECK	"no advance under a false incr condition", %dr7, 0
	CHECK	"advance under a true incr condition", %dr9, 8
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	16
.Ldst:
	.quad	0, 0, 0, 0, 0, 0
.Lsrc:
	.quad	0x0102030405060708, 0x1112131415161718, 0x2122232425262728, 0x3132333435363738
.Lq:
	.quad	0, 0, 0, 0
