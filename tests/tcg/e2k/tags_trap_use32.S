! tags_trap_use32 -- a 32-bit diagnostic value (failed ldw,sm) consumed by a
! non-speculative 32-bit operation raises exc_diag_operand => SIGILL, status
! 128 + 4 (ISA.md 5.6, 10.3).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr0
	}
	{
	  ldw,0,sm %dr0, 0x10, %dr1
	}
	{
	  adds,0,sm %r1, 2, %r2
	}
	PRINT	"adds,sm of the value: no trap\n"
	{
	  adds,0 %r2, 1, %r3
	}
	{
	  addd,0 %dr3, 0, %dr4
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
