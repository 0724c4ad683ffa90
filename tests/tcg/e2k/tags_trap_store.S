! tags_trap_store -- an ordinary std of a diagnostic value raises
! exc_diag_operand => SIGILL, status 128 + 4, and stores nothing. Memory of a
! 64-bit process cannot keep the tag; the hardware rule for stores is not
! documented (ISA.md 5.5 [U]), this emulator traps rather than lose the tag.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr0
	  addd,1 0, .Lbuf, %dr5
	}
	{
	  ldd,0,sm %dr0, 0x10, %dr1
	}
	PRINT	"storing the diagnostic value\n"
	{
	  std,2 %dr1, %dr5, 0
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"

	.data
	.align	8
.Lbuf:
	.quad	0
