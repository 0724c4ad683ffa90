! window_bounds -- %dr40 lies outside the 32-register window that
! "setwd wsz = 16" opens: exc_window_bounds (ISA.md 3.3, 10.3) => SIGSEGV
! (LINUX-ABI.md: window_bounds -> SIGSEGV), status 128 + 11.  %dr31, the
! last register of the window, works.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 31, %dr31
	}
	CHECK	"%dr31 inside the window", %dr31, 31
	PRINT	"before\n"
	{
	  addd,0 0, 1, %dr40
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
