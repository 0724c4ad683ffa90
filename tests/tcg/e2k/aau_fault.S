! aau_fault -- an array load faults like an ordinary load (ISA.md section 13,
! 5.4): ldaad through %aad2 with base 0 and literal 0x100 reads the unmapped
! page 0, and the process dies of SIGSEGV (128 + 11).  The same address read
! by a mova element only gives the diagnostic value (aau_apb).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr1
	}
	{
	  aaurwd,2 %dr1, %aad2
	  aaurw,5 %r1, %aasti0
	}
	PRINT	"descriptor set\n"
	{
	  ldaad,2 %aad2 [ %aasti0 + _f32s,_lts0 0x100 ], %dr2
	}
	{
	  addd,0 %dr2, 1, %dr2
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
