! sreg_priv -- a user write to the privileged %usd.lo (user data stack
! descriptor) raises exc_priv_action => SIGILL, status 128 + 4 (ISA.md 12,
! 10.3).  A read of the user register %pfpfr just before must work.

	.include "e2k-user.inc"

	START
	{
	  rrd,0 %pfpfr, %dr0
	  nop 4
	}
	PRINT	"before\n"
	{
	  rwd,0 %dr0, %usd.lo
	  nop 5
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
