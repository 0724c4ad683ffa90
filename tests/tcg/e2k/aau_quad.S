! aau_quad -- v5 128-bit AAU accesses (ISA.md section 13, 2.9): staaqp/ldaaqp
! through %aad/%aasti with incr (index + aaincr << 4), movaqp of 16-byte
! elements, and movaq, which gas spreads over two mova channels (the second
! gets ind + 8; with be = 1 the halves are swapped and each byte-reversed,
! i.e. the 16 bytes are reversed as a whole).  Read back with stqp + ldd.

	.include "e2k-user.inc"

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
	  addd,1 0, .Lq, %dr1
	}
	{
	  addd,0 0, .Lw, %dr2
	  addd,1 0, 0, %dr3
	}
	{
	  aaurwd,2 %dr1, %aad7
	  aaurwd,5 %dr2, %aad8
	}
	{
	  aaurw,2 %r3, %aasti1
	  aaurw,5 %r3, %aasti2
	}
	! ldaaqp of element 1 (literal 16), then element 0 with incr (aaincr0 = 1)
	{
	  ldaaqp,2 %aad7 [ %aasti1 + _f32s,_lts0 16 ], %qpr4
	}
	{
	  ldaaqp,5 %aad7 [ %aasti1 ], %qpr5
	  incr,5 %aaincr0
	}
	{
	  staaqp,2 %qpr4, %aad8 [ %aasti2 ]
	  incr,2 %aaincr0
	}
	{
	  staaqp,5 %qpr5, %aad8 [ %aasti2 ]
	}
	{
	  aaurrd,2 %aasti1, %dr10
	  aaurrd,5 %aasti2, %dr11
	  ldd,0 %dr2, 0, %dr12
	  ldd,3 %dr2, 8, %dr13
	  nop 2
	}
	{
	  ldd,0 %dr2, 16, %dr14
	  ldd,3 %dr2, 24, %dr15
	}
	CHECK	"ldaaqp/staaqp element 1 low", %dr12, 0x2122232425262728
	CHECK	"ldaaqp/staaqp element 1 high", %dr13, 0x3132333435363738
	CHECK	"ldaaqp/staaqp element 0 low", %dr14, 0x0102030405060708
	CHECK	"ldaaqp/staaqp element 0 high", %dr15, 0x1112131415161718
	CHECK	"ldaaqp incr advances 16", %dr10, 16
	CHECK	"staaqp incr advances 16", %dr11, 16

	! prefetch of 16-byte elements (fmt 5) of .Lq on both sides
	{
	  ldisp %ctpr2, .Lapb_q
	  nop 3
	}
	{
	  bap
	}
	{
	  movaqp,0 area=0, ind=0, am=1, be=0, %qpr8
	}
	{
	  movaq,0 area=0, ind=0, am=0, be=0, %qr10
	  movaq,2 area=0, ind=0, am=0, be=1, %qr12
	}
	{
	  eap
	}
	QOUT	%qpr8, %dr16, %dr17
	CHECK	"movaqp element 0 low", %dr16, 0x0102030405060708
	CHECK	"movaqp element 0 high", %dr17, 0x1112131415161718
	CHECK	"movaq after am: element 1 low", %dr10, 0x2122232425262728
	CHECK	"movaq after am: element 1 high", %dr11, 0x3132333435363738
	CHECK	"movaq be: reversed element 0, low", %dr12, 0x1817161514131211
	CHECK	"movaq be: reversed element 0, high", %dr13, 0x0807060504030201
	FINISH

	.include "e2k-lib.inc"

	.text
	.align	16
.Lapb_q:
	{
	  fapb ct=1, dcd=0, fmt=5, mrng=16, d=7, incr=0, ind=0, asz=0, abs=0, disp=0
	  fapb dpl=0, dcd=0, fmt=5, mrng=16, d=7, incr=0, ind=0, asz=0, abs=0, disp=0
	}

	.data
	.align	16
.Lq:
	.quad	0x0102030405060708, 0x1112131415161718, 0x2122232425262728, 0x3132333435363738
.Lw:
	.quad	0, 0, 0, 0
.Lout:
	.quad	0, 0
