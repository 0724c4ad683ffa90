! upsr_align_ok -- with %upsr.ac (bit 2) set, aligned loads and stores of
! every size work, 1-byte accesses are never misaligned, MAS.na marks a
! deliberately misaligned access that is not checked, a misaligned ldw,sm
! yields a diagnostic value instead of trapping, and after %upsr.ac is
! cleared misaligned accesses work again (ISA.md 5.2, 5.3, 5.6, 12).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Lbuf, %dr0
	  addd,1 0, .Lout, %dr1
	}
	{
	  rrd,0 %upsr, %dr2
	  nop 4
	}
	{
	  ord,0 %dr2, 4, %dr3
	}
	{
	  rwd,0 %dr3, %upsr
	  nop 5
	}
	{
	  ldb,0 %dr0, 3, %dr4
	  ldh,2 %dr0, 2, %dr5
	  ldw,3 %dr0, 4, %dr6
	  ldd,5 %dr0, 8, %dr7
	}
	CHECK	"aligned ldb", %dr4, 0x03
	CHECK	"aligned ldh", %dr5, 0x0302
	CHECK	"aligned ldw", %dr6, 0x07060504
	CHECK	"aligned ldd", %dr7, 0x0f0e0d0c0b0a0908
	{
	  stb,2 %dr4, %dr1, 1
	  sth,5 %dr5, %dr1, 2
	}
	{
	  stw,2 %dr6, %dr1, 4
	  std,5 %dr7, %dr1, 8
	}
	{
	  ldd,0 %dr1, 0, %dr8
	  ldd,2 %dr1, 8, %dr9
	}
	CHECK	"aligned stb, sth, stw", %dr8, 0x0706050403020300
	CHECK	"aligned std", %dr9, 0x0f0e0d0c0b0a0908
	{
	  ldb,0 %dr0, 7, %dr10
	}
	{
	  stb,2 %dr10, %dr1, 3
	}
	{
	  ldb,0 %dr1, 3, %dr11
	}
	CHECK	"ldb/stb at odd addresses", %dr11, 0x07
	{
	  ldd,0 %dr0, 1, %dr12, mas = 0x10
	}
	CHECK	"misaligned ldd with MAS.na", %dr12, 0x0807060504030201
	{
	  ldw,0,sm %dr0, 1, %dr13
	}
	{
	  gettags,2 %r13, %r14
	}
	CHECKW	"misaligned ldw,sm: diagnostic value", %r14, 1
	{
	  addd,0 0, 0, %dr13
	}
	{
	  rwd,0 %dr2, %upsr
	  nop 5
	}
	{
	  ldw,0 %dr0, 1, %dr15
	  ldd,2 %dr0, 3, %dr16
	}
	CHECK	"misaligned ldw after clearing ac", %dr15, 0x04030201
	CHECK	"misaligned ldd after clearing ac", %dr16, 0x0a09080706050403
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	8
.Lbuf:
	.byte	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
.Lout:
	.quad	0, 0
