! mem -- loads of 1/2/4/8 bytes (zero-extended into the whole register),
! stores of every size merging into memory, reg+reg / reg+imm / literal
! address forms, unaligned loads and stores (big-endian MAS in mem_mas),
! loads on ALC0/2/3/5 and stores on ALC2/5,
! and speculative (,sm) loads of an unmapped address: no fault (ISA.md
! 5.1-5.6; the diagnostic value itself is checked in spec_diag).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Lbuf, %dr0
	  addd,1 0, 8, %dr1
	  addd,2 0, -1, %dr2
	  addd,3 0, -1, %dr3
	}
	{
	  ldb,0 %dr0, 7, %dr2
	  ldh,2 %dr0, 6, %dr3
	  ldw,3 %dr0, 4, %dr4
	  ldd,5 %dr0, 0, %dr5
	}
	CHECK	"ldb zero-extends", %dr2, 0x88
	CHECK	"ldh zero-extends", %dr3, 0x8877
	CHECK	"ldw zero-extends", %dr4, 0x88776655
	CHECK	"ldd", %dr5, 0x8877665544332211
	{
	  ldd,0 %dr0, %dr1, %dr6
	  ldd,2 0, .Lbuf, %dr7
	  ldw,3 %dr1, %dr0, %dr8
	  ldd,5 %dr0, 3, %dr9
	}
	CHECK	"ldd reg+reg", %dr6, 0xffeeddccbbaa9988
	CHECK	"ldd literal address", %dr7, 0x8877665544332211
	CHECK	"ldw reg+reg swapped", %dr8, 0xbbaa9988
	CHECK	"ldd unaligned +3", %dr9, 0xaa99888877665544
	! stores
	{
	  addd,0 0, .Lscratch, %dr12
	  addd,1 0, 0x0123456789abcdef, %dr13
	}
	{
	  std,2 %dr13, %dr12, 0
	  std,5 %dr13, %dr12, 8
	}
	{
	  stb,2 %dr1, %dr12, 0
	  sth,5 %dr2, %dr12, 2
	}
	{
	  stw,2 %dr1, %dr12, 4
	}
	{
	  ldd,0 %dr12, 0, %dr14
	}
	CHECK	"stb/sth/stw merge", %dr14, 0x000000080088cd08
	{
	  std,5 %dr5, %dr12, 9
	}
	{
	  ldd,0 %dr12, 8, %dr15
	  ldd,3 %dr12, 9, %dr16
	  ldb,5 %dr12, 8, %dr17
	}
	CHECK	"std unaligned +9, ldd +8", %dr15, 0x77665544332211ef
	CHECK	"std unaligned +9, ldd +9", %dr16, 0x8877665544332211
	CHECK	"byte before the unaligned std", %dr17, 0xef
	! speculative loads of unmapped page 0 and of a kernel address: no fault
	{
	  addd,0 0, 0, %dr18
	  addd,1 0, 0x123, %dr19
	  addd,2 0, 0x456, %dr20
	}
	{
	  ldd,0,sm %dr18, 0x10, %dr19
	  ldw,3,sm 0, 0xfffffffffffff000, %dr20
	  ldd,5,sm %dr0, 8, %dr21
	}
	CHECK	"alive after ,sm loads of unmapped addresses", %dr18, 0
	CHECK	",sm load of a mapped address", %dr21, 0xffeeddccbbaa9988
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	8
.Lbuf:
	.quad	0x8877665544332211, 0xffeeddccbbaa9988
.Lscratch:
	.quad	0, 0, 0
