! logic_shift -- and/andn/or/orn/xor/xorn, shifts and rotates 32/64 bit,
! including counts at and above the operand width.  ISA.md 4.4 records
! "count mod width" for counts >= width as the Q behaviour ([U] for hardware);
! those cases are named "mod" below.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0xf0f0f0f0ff00ff00, %dr0
	  addd,1 0, 0x0ff00ff012345678, %dr1
	}
	{
	  andd,0 %dr0, %dr1, %dr2
	  andnd,1 %dr0, %dr1, %dr3
	  ord,2 %dr0, %dr1, %dr4
	  ornd,3 %dr0, %dr1, %dr5
	  xord,4 %dr0, %dr1, %dr6
	  xornd,5 %dr0, %dr1, %dr7
	}
	CHECK	"andd", %dr2, 0x00f000f012005600
	CHECK	"andnd", %dr3, 0xf000f000ed00a900
	CHECK	"ord", %dr4, 0xfff0fff0ff34ff78
	CHECK	"ornd", %dr5, 0xf0fff0ffffcbff87
	CHECK	"xord", %dr6, 0xff00ff00ed34a978
	CHECK	"xornd", %dr7, 0x00ff00ff12cb5687
	{
	  ands,0 %r0, %r1, %r8
	  andns,1 %r0, %r1, %r9
	  ors,2 %r0, %r1, %r10
	  orns,3 %r0, %r1, %r11
	  xors,4 %r0, %r1, %r12
	  xorns,5 %r0, %r1, %r13
	}
	CHECKW	"ands", %r8, 0x12005600
	CHECKW	"andns", %r9, 0xed00a900
	CHECKW	"ors", %r10, 0xff34ff78
	CHECKW	"orns", %r11, 0xffcbff87
	CHECKW	"xors", %r12, 0xed34a978
	CHECKW	"xorns", %r13, 0x12cb5687
	! shifts, 64 bit
	{
	  addd,0 0, 0x8000000000000001, %dr0
	}
	{
	  shld,0 %dr0, 1, %dr1
	  shrd,1 %dr0, 63, %dr2
	  sard,2 %dr0, 63, %dr3
	  scld,3 %dr0, 1, %dr4
	  scrd,4 %dr0, 1, %dr5
	  sard,5 %dr0, 4, %dr6
	}
	CHECK	"shld 1", %dr1, 2
	CHECK	"shrd 63", %dr2, 1
	CHECK	"sard 63", %dr3, 0xffffffffffffffff
	CHECK	"scld 1", %dr4, 3
	CHECK	"scrd 1", %dr5, 0xc000000000000000
	CHECK	"sard 4", %dr6, 0xf800000000000000
	{
	  shld,0 %dr0, 0, %dr1
	  scld,1 %dr0, 64, %dr2
	  scrd,2 %dr0, 68, %dr3
	  shld,3 %dr0, 65, %dr4
	  shrd,4 %dr0, 127, %dr5
	  scld,5 %dr0, 32, %dr6
	}
	CHECK	"shld 0", %dr1, 0x8000000000000001
	CHECK	"scld 64 (mod)", %dr2, 0x8000000000000001
	CHECK	"scrd 68 (mod)", %dr3, 0x1800000000000000
	CHECK	"shld 65 (mod)", %dr4, 2
	CHECK	"shrd 127 (mod)", %dr5, 1
	CHECK	"scld 32", %dr6, 0x0000000180000000
	! shifts, 32 bit, and the upper half of the destination
	{
	  addd,0 0, 0xffffffff80000003, %dr0
	}
	{
	  shls,0 %r0, 4, %r1
	  shrs,1 %r0, 31, %r2
	  sars,2 %r0, 1, %r3
	  scls,3 %r0, 4, %r4
	  scrs,4 %r0, 2, %r5
	  sars,5 %r0, 31, %r6
	}
	CHECKW	"shls 4", %r1, 0x00000030
	CHECKW	"shrs 31", %r2, 1
	CHECKW	"sars 1", %r3, 0xc0000001
	CHECKW	"scls 4", %r4, 0x00000038
	CHECKW	"scrs 2", %r5, 0xe0000000
	CHECKW	"sars 31", %r6, 0xffffffff
	{
	  scls,0 %r0, 32, %r1
	  scrs,1 %r0, 33, %r2
	  shls,2 %r0, 33, %r3
	  sars,3 %r0, 63, %r4
	}
	CHECKW	"scls 32 (mod)", %r1, 0x80000003
	CHECKW	"scrs 33 (mod)", %r2, 0xc0000001
	CHECKW	"shls 33 (mod)", %r3, 6
	CHECKW	"sars 63 (mod)", %r4, 0xffffffff
	! register count operand
	{
	  addd,0 0, 12, %dr7
	  addd,1 0, 0xabc, %dr8
	}
	{
	  shld,0 %dr8, %dr7, %dr9
	}
	{
	  shrd,1 %dr9, %dr7, %dr10
	}
	CHECK	"shld reg", %dr9, 0xabc000
	CHECK	"shrd reg", %dr10, 0xabc
	FINISH

	.include "e2k-lib.inc"
