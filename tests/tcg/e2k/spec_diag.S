! spec_diag -- the diagnostic value of a speculative load from an unmapped
! address: its tag is non-numeric (0x5 for 64 bits, 0x1 for 32 bits, ISA.md
! 5.5), ,sm operations propagate it without faulting (4.8, 5.6), and a
! non-speculative operation consuming it raises exc_diag_operand =>
! SIGILL, status 128 + 4 (5.6, 10.3).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr0
	}
	{
	  ldd,0,sm %dr0, 0x10, %dr1
	  ldw,3,sm %dr0, 0x20, %dr2
	}
	{
	  addd,0,sm %dr1, 1, %dr3
	}
	{
	  gettagd,2 %dr1, %r4
	  gettags,5 %r2, %r5
	}
	{
	  gettagd,2 %dr3, %r6
	}
	CHECKW	"tag of the 64-bit diagnostic value", %r4, 5
	CHECKW	"tag of the 32-bit diagnostic value", %r5, 1
	CHECKW	"addd,sm propagates the tag", %r6, 5
	PRINT	"using the diagnostic value\n"
	{
	  addd,0 %dr1, 1, %dr7
	}
	{
	  addd,0 %dr7, 0, %dr8
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
