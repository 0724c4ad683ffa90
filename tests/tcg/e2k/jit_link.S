! jit_link -- code the program rewrites runs as rewritten, also where the JIT
! has linked one block straight to the next (docs/jit.md, "Block chaining").
!
! run() is two blocks: A ends in a conditional ct that is never taken, so
! A leaves by falling through to B, a constant next pc -- an exit the JIT
! links directly to B's code once B is translated.  B returns 1 in %dr0.
! After two calls (the second goes through the link), main copies the
! 8-byte bundle at tmpl ("addd 0, 9") over B's first bundle ("addd 0, 1"):
! the store drops B's blocks, which must undo the link, so the next calls
! return 9.  Each bundle is HS + one ALS with short literals: 8 bytes.

	.include "e2k-user.inc"

	.macro	RUN want, name
	CALLP	run
	CHECK	"\name", %dr24, \want
	.endm

	! REWRITE src: copy the 8-byte bundle at src over body
	.macro	REWRITE src
	{
	  addd,0 0, \src, %dr8
	  addd,1 0, body, %dr9
	}
	{
	  ldd,0 %dr8, 0, %dr10
	  nop 2
	}
	{
	  std,2 %dr10, %dr9, 0
	}
	.endm

	START
	! the pages holding B: read, write and execute (PROT_READ | PROT_WRITE | PROT_EXEC)
	{
	  addd,0 0, body, %dr25
	}
	{
	  andnd,0 %dr25, 0xfff, %dr25
	  addd,1 0, 0x2000, %dr26
	  addd,2 0, 7, %dr27
	}
	SYSCALL	NR_mprotect
	CHECK	"mprotect returns 0", %dr24, 0
	RUN	1, "first run"
	RUN	1, "second run (linked)"
	RUN	1, "third run"
	REWRITE	tmpl
	RUN	9, "after the rewrite"
	RUN	9, "after the rewrite, linked again"
	! and back: the original bundle is still at tmpl_orig
	REWRITE	tmpl_orig
	RUN	1, "after the second rewrite"
	RUN	1, "after the second rewrite, linked again"
	FINISH

	PROC	run
	{
	  disp %ctpr2, never
	  cmpedb,0 0, 1, %pred0
	}
	{
	  nop 3
	}
	{
	  ct %ctpr2 ? %pred0
	}
	.align	8
body:
	{
	  addd,0 0, 1, %dr0
	}
	RETP
never:
	{
	  addd,0 0, 77, %dr0
	}
	RETP
	ENDPROC	run

	! never executed: the bundles main copies over body
	.align	8
tmpl:
	{
	  addd,0 0, 9, %dr0
	}
	.align	8
tmpl_orig:
	{
	  addd,0 0, 1, %dr0
	}

	.include "e2k-lib.inc"
