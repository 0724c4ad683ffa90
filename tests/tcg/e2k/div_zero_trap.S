! div_zero_trap -- a non-speculative *unsigned* 64-bit division by zero
! raises exc_div, which Linux delivers as SIGFPE (ISA.md 4.4: "non-sm =>
! exc_div"); the process dies with status 128 + 8.  The same division with
! ,sm just before it does not trap.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 1000, %dr0
	  addd,1 0, 0, %dr1
	}
	{
	  udivd,5,sm %dr0, %dr1, %dr2
	}
	PRINT	"sm division passed\n"
	{
	  udivd,5 %dr0, %dr1, %dr2
	}
	{
	  addd,0 %dr2, 1, %dr2
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
