! packed -- 64-bit SIMD operations on byte/half/word lanes: wrapping,
! signed- and unsigned-saturating adds and subtracts, compares to lane
! masks, min/max, multiplies (low and high halves), sum of absolute
! differences, rounding average, lane shifts, 2 x fp32 add, logic
! (ISA.md 4.6; MMX/SSE lane semantics).  Expected values by hand.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x0102030405067f80, %dr0	! A
	  addd,1 0, 0x01010101017f0180, %dr1	! B
	}
	{
	  paddb,0 %dr0, %dr1, %dr2
	  paddsb,3 %dr0, %dr1, %dr3
	}
	{
	  paddusb,0 %dr0, %dr1, %dr4
	  psubusb,3 %dr0, %dr1, %dr5
	}
	{
	  pcmpeqb,0 %dr0, %dr1, %dr6
	  pmaxub,3 %dr0, %dr1, %dr7
	}
	{
	  pminsh,0 %dr0, %dr1, %dr8
	  psadbw,1 %dr0, %dr1, %dr9
	  pavgusb,3 %dr0, %dr1, %dr10
	}
	{
	  paddh,0 %dr0, %dr1, %dr11
	}
	CHECK	"paddb wraps", %dr2, 0x0203040506858000
	CHECK	"paddsb saturates", %dr3, 0x02030405067f7f80
	CHECK	"paddusb saturates", %dr4, 0x02030405068580ff
	CHECK	"psubusb clamps at 0", %dr5, 0x0001020304007e00
	CHECK	"pcmpeqb", %dr6, 0xff000000000000ff
	CHECK	"pmaxub", %dr7, 0x01020304057f7f80
	CHECK	"pminsh", %dr8, 0x01010101017f0180
	CHECK	"psadbw", %dr9, 0x101
	CHECK	"pavgusb rounds up", %dr10, 0x0102020303434080
	CHECK	"paddh", %dr11, 0x0203040506858100
	{
	  addd,0 0, 0x00020003fffe8000, %dr12	! C
	  addd,1 0, 0x0003000400020002, %dr13	! D
	}
	{
	  pmullh,1 %dr12, %dr13, %dr14
	  pmulhh,4 %dr12, %dr13, %dr15
	}
	{
	  psllw,1 %dr0, 4, %dr16
	  psrah,4 %dr12, 1, %dr17
	  psubw,0 0, 1, %dr18
	}
	CHECK	"pmullh", %dr14, 0x0006000cfffc0000
	CHECK	"pmulhh", %dr15, 0x00000000ffffffff
	CHECK	"psllw 4", %dr16, 0x102030405067f800
	CHECK	"psrah 1", %dr17, 0x00010001ffffc000
	CHECK	"psubw borrow stays in its lane", %dr18, 0x00000000ffffffff
	{
	  addd,0 0, 0x3f80000040000000, %dr19	! [1.0f, 2.0f]
	  addd,1 0, 0x3f000000c0000000, %dr20	! [0.5f, -2.0f]
	}
	{
	  pfadds,0 %dr19, %dr20, %dr21
	  pandd,1 %dr0, %dr1, %dr22
	  pxord,3 %dr0, %dr1, %dr23
	  nop 5
	}
	{
	  pcmpgtb,0 %dr0, %dr1, %dr2
	}
	CHECK	"pfadds", %dr21, 0x3fc0000000000000
	CHECK	"pandd", %dr22, 0x0100010001060180
	CHECK	"pxord", %dr23, 0x0003020504797e00
	CHECK	"pcmpgtb signed", %dr2, 0x00ffffffff00ff00
	FINISH

	.include "e2k-lib.inc"
