! packed_lanes -- 64-bit packed lane shuffles and lane arithmetic (ISA.md 4.6):
! saturating packs, interleaving unpacks, sign masks, multiply-adds, rounded
! and mixed-sign multiplies, horizontal adds, psign, phminposuh, the lit8
! forms (pextrh, pinsh, pshufw, pshufh, psll/psrl q[hl]) and pmerge.
! Lane order where ISA.md is silent follows the QEMU fork's facts (packs and
! movmsk put src2 in the low half, horizontal adds put src1 in the low half).
! Expected values: by hand, cross-checked with an independent Python lane model.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x80007fff0100ff80, %dr0	! A halves: -128 256 32767 -32768
	  addd,1 0, 0x0005fffb0080007f, %dr1	! B halves: 127 128 -5 5
	}
	{
	  addd,3 0, 0x7f80ff0102fe0380, %dr2	! C bytes: 80 03 fe 02 01 ff 80 7f
	  addd,4 0, 0x0102030405060708, %dr3	! D
	}
	{
	  addd,0 0, 0x8000000180000000, %dr4	! W1 words: INT_MIN, INT_MIN+1
	  addd,1 0, 0xffffffff00010000, %dr5	! W2 words: 65536, -1
	}
	{
	  packsshb,1 %dr0, %dr1, %dr6
	  packushb,4 %dr0, %dr1, %dr7
	}
	{
	  packsswh,1 %dr4, %dr5, %dr8
	  packuswh,4 %dr4, %dr5, %dr9
	}
	CHECK	"packsshb", %dr6, 0x807f7f8005fb7f7f
	CHECK	"packushb", %dr7, 0x00ffff000500807f
	CHECK	"packsswh", %dr8, 0x80008000ffff7fff
	CHECK	"packuswh", %dr9, 0x000000000000ffff
	{
	  punpcklbh,1 %dr2, %dr3, %dr6
	  punpckhbh,4 %dr2, %dr3, %dr7
	}
	{
	  punpcklhw,1 %dr0, %dr1, %dr8
	  punpckhwd,4 %dr0, %dr1, %dr9
	}
	CHECK	"punpcklbh", %dr6, 0x0205fe0603078008
	CHECK	"punpckhbh", %dr7, 0x7f018002ff030104
	CHECK	"punpcklhw", %dr8, 0x01000080ff80007f
	CHECK	"punpckhwd", %dr9, 0x80007fff0005fffb
	{
	  pmovmskb,1 %dr2, %dr0, %dr6
	  pmovmskps,4 %dr4, %dr5, %dr7
	}
	{
	  pmovmskpd,1 %dr4, %dr3, %dr8
	}
	CHECK	"pmovmskb", %dr6, 0x6593
	CHECK	"pmovmskps", %dr7, 0xe
	CHECK	"pmovmskpd", %dr8, 0x2
	{
	  addd,0 0, 0x8000800080008000, %dr10
	  addd,1 0, 0x7f7f7f7f80808080, %dr11
	}
	{
	  addd,3 0, -1, %dr12
	}
	{
	  pmaddh,1 %dr0, %dr1, %dr6
	  pmaddh,4 %dr10, %dr10, %dr7
	}
	{
	  pmaddubsh,1 %dr2, %dr3, %dr8
	  pmaddubsh,4 %dr11, %dr12, %dr9
	}
	CHECK	"pmaddh", %dr6, 0xfffb000500004080
	CHECK	"pmaddh -32768^2 twice wraps", %dr7, 0x8000000080000000
	CHECK	"pmaddubsh", %dr8, 0xff7f0001fffefc15
	CHECK	"pmaddubsh saturates", %dr9, 0x7fff7fff80008000
	{
	  pmulhrsh,1 %dr0, %dr1, %dr6
	  pmulubhh,4 %dr2, %dr1, %dr7
	}
	{
	  mpsadbh,1 %dr3, %dr2, %dr8
	  phminposuh,4 %dr0, %dr1, %dr9
	}
	CHECK	"pmulhrsh", %dr6, 0xfffbfffb00010000
	CHECK	"pmulubhh", %dr7, 0x0000fffb00020040
	CHECK	"mpsadbh", %dr8, 0x0177017701770177
	CHECK	"phminposuh", %dr9, 0x70005
	{
	  xord,0 %dr3, 0x00ff00ff00ff0000, %dr13
	}
	{
	  phaddh,0 %dr0, %dr1, %dr6
	  phsubsh,3 %dr0, %dr1, %dr7
	}
	{
	  phaddw,0 %dr4, %dr5, %dr8
	  psignb,3 %dr2, %dr13, %dr9
	}
	{
	  psignh,0 %dr1, %dr0, %dr10
	}
	CHECK	"phaddh", %dr6, 0x000000ffffff0080
	CHECK	"phsubsh saturates", %dr7, 0xfff6ffff7ffffe80
	CHECK	"phaddw", %dr8, 0x0000ffff00000001
	CHECK	"psignb", %dr9, 0x7f80ffff02020380
	CHECK	"psignh", %dr10, 0xfffbfffb0080ff81
	{
	  pextrh,1 %dr0, %dr1, 2, %dr6
	  pextrh,4 %dr0, %dr1, 5, %dr7
	}
	{
	  pinsh,1 %dr0, %dr1, 1, %dr8
	  pshufw,4 %dr0, %dr1, 0xd, %dr9
	}
	{
	  pshufh,1 %dr1, 0x1b, %dr10
	}
	CHECKW	"pextrh 2 (src2)", %dr6, 0xfffb
	CHECKW	"pextrh 5 (src1)", %dr7, 0x100
	CHECK	"pinsh 1", %dr8, 0x80007fff007fff80
	CHECK	"pshufw", %dr9, 0x80007fff0005fffb
	CHECK	"pshufh", %dr10, 0x007f0080fffb0005
	{
	  psllqh,1 %dr0, %dr1, 3, %dr6
	  psllql,4 %dr0, %dr1, 3, %dr7
	}
	{
	  psrlqh,1 %dr0, %dr1, 3, %dr8
	  psrlql,4 %dr0, %dr1, 3, %dr9
	}
	{
	  psrlql,1 %dr0, %dr1, 9, %dr10
	}
	CHECK	"psllqh", %dr6, 0xff0100ff800005ff
	CHECK	"psllql", %dr7, 0xfb0080007f000000
	CHECK	"psrlqh", %dr8, 0x00000080007fff01
	CHECK	"psrlql", %dr9, 0x00ff800005fffb00
	CHECK	"psrlql 9 bytes", %dr10, 0x0080007fff0100ff
	{
	  pmerge,0 %dr0, %dr1, %dr2, %dr6
	}
	CHECK	"pmerge by byte signs", %dr6, 0x8005ffff0180ff7f
	FINISH

	.include "e2k-lib.inc"
