! tags_trap_after_call -- a tag made by puttagd survives a call and return
! (the caller's window is spilled to the procedure stack and filled back);
! a non-speculative use after the return raises exc_diag_operand => SIGILL,
! status 128 + 4 (ISA.md 5.6, 7.3).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x1234, %dr2
	}
	{
	  puttagd,2 %dr2, 5, %dr3
	}
	CALLP	callee
	PRINT	"returned\n"
	{
	  addd,0 %dr3, 1, %dr4
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	PROC	callee
	{
	  addd,0 0, 1, %dr3
	}
	PRINT	"in the callee\n"
	RETP
	ENDPROC	callee

	.include "e2k-lib.inc"
