! window_setwd_psize -- a setwd may not make the window smaller than the
! parameter area the caller passed (ISA.md 3.3): _start is entered with 4
! quads of parameters (psize = 8 registers), so "setwd wsz = 3" (6
! registers) is an illegal operation => SIGILL, status 128 + 4.  A setwd
! down to exactly the parameter area is legal.

	.include "e2k-user.inc"

	.text
	.global	_start
	.type	_start, @function
	.align	8
_start:
	{
	  setwd wsz = 4, nfx = 1
	}
	{
	  setwd wsz = 16, nfx = 1
	}
	PRINT	"wsz = 4 ok\n"
	{
	  setwd wsz = 3, nfx = 1
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
