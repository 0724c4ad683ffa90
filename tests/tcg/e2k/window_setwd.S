! window_setwd -- setwd and the window shift of call/return (ISA.md 3.3, 3.5, 7.1).
! Registers a setwd makes visible are undefined on hardware; this emulator
! defines them as zero so that runs are reproducible, whichever way they left
! the window: a shrinking setwd, a call (the caller's registers above its
! wbs), or a return from a callee with a larger window.  setwd acts on the
! operands of its own bundle, and its dbl bit decides whether 32-bit results
! keep (dbl = 0) or clear (dbl = 1) the upper half of the register (3.5).

	.include "e2k-user.inc"

	START
	! shrink, then grow again: %dr20 left the window and comes back as zero
	{
	  addd,0 0, 0x55, %dr20
	}
	{
	  setwd wsz = 8, nfx = 1
	}
	{
	  setwd wsz = 16, nfx = 1
	}
	CHECK	"shrink then grow reads zero", %dr20, 0
	! setwd in the same bundle as an operand it makes legal
	{
	  setwd wsz = 8, nfx = 1
	}
	{
	  setwd wsz = 16, nfx = 1
	  addd,0 0, 0x31, %dr31
	}
	CHECK	"setwd acts on its own bundle", %dr31, 0x31
	! a call: the caller's %dr20 (above wbs = 12 quads) is not the callee's
	! %dr20; peek returns its own %dr20, newly visible after its setwd
	{
	  addd,0 0, 0x99, %dr20
	}
	CALLP	peek
	CHECK	"callee's new registers read zero", %dr24, 0
	CHECK	"caller's register survives the call", %dr20, 0x99
	! a callee with a 64-register window leaves values in %dr40 and %dr60 of
	! its own; after the return the caller grows to 64 registers
	! (and back to 32 before the next call: lib_check takes 8 parameters)
	CALLP	big
	{
	  setwd wsz = 32, nfx = 1
	}
	{
	  addd,0 0, %dr40, %dr10
	  addd,1 0, %dr60, %dr11
	  addd,2 0, %dr24, %dr12
	}
	{
	  setwd wsz = 16, nfx = 1
	}
	CHECK	"after a larger callee: %dr40 zero", %dr10, 0
	CHECK	"after a larger callee: %dr60 zero", %dr11, 0
	CHECK	"callee's result in the overlap", %dr12, 0x77
	! dbl: a 32-bit result keeps the upper half with dbl = 0 ...
	{
	  addd,0 0, -1, %dr5
	}
	{
	  adds,0 0, 1, %r5
	}
	CHECK	"dbl = 0 keeps the upper half", %dr5, 0xffffffff00000001
	! ... and clears it with dbl = 1, from the setwd's own bundle on
	{
	  addd,0 0, -1, %dr5
	}
	{
	  setwd wsz = 16, nfx = 1, dbl = 1
	  adds,0 0, 2, %r5
	}
	CHECK	"dbl = 1 clears it", %dr5, 2
	{
	  setwd wsz = 16, nfx = 1, dbl = 0
	}
	{
	  addd,0 0, -1, %dr5
	}
	{
	  adds,0 0, 3, %r5
	}
	CHECK	"dbl = 0 again", %dr5, 0xffffffff00000003
	FINISH

	PROC	peek
	{
	  addd,0 0, %dr20, %dr0
	}
	RETP
	ENDPROC	peek

	PROC	big
	{
	  setwd wsz = 32, nfx = 1
	}
	{
	  addd,0 0, 0x1234, %dr40
	  addd,1 0, 0x5678, %dr60
	  addd,2 0, 0x77, %dr0
	}
	RETP
	ENDPROC	big

	.include "e2k-lib.inc"
