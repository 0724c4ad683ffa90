! tags_basic -- register tags (ISA.md 5.5, 5.6): the tag of every width after
! a failed speculative load, propagation through ,sm ALU operations, an ,sm
! division by zero, movtd carrying the tag, puttag/gettag round trips, a
! compare on a tagged operand (tagged predicate, harmless until a branch
! uses it), tags surviving a call and return (window spill) and overwritten
! registers losing their tags.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr0
	  addd,1 0, .Lbuf, %dr20
	}
	! failed speculative loads of every width (page 0 is never mapped)
	{
	  ldb,0,sm %dr0, 0x10, %dr1
	  ldh,2,sm %dr0, 0x20, %dr2
	  ldw,3,sm %dr0, 0x30, %dr3
	  ldd,5,sm %dr0, 0x40, %dr4
	}
	{
	  gettags,2 %r1, %r5
	  gettags,5 %r2, %r6
	}
	{
	  gettags,2 %r3, %r7
	  gettagd,5 %dr4, %r8
	}
	{
	  gettagd,2 %dr3, %r9
	  gettags,5 %r4, %r10
	}
	CHECKW	"ldb,sm: tag 1", %r5, 1
	CHECKW	"ldh,sm: tag 1", %r6, 1
	CHECKW	"ldw,sm: tag 1", %r7, 1
	CHECKW	"ldd,sm: gettagd 5", %dr8, 5
	CHECKW	"ldw,sm: gettagd 1", %r9, 1
	CHECKW	"ldd,sm: gettags (low half) 1", %r10, 1
	{
	  puttagd,2 %dr4, 0, %dr10
	}
	CHECK	"the diagnostic value", %dr10, 0x4afafafa4afafafa
	! a speculative load that succeeds is an ordinary number
	{
	  ldd,0,sm %dr20, 0, %dr11
	}
	{
	  gettagd,2 %dr11, %r12
	}
	CHECKW	"ldd,sm that succeeds: tag 0", %r12, 0
	CHECK	"ldd,sm that succeeds: value", %dr11, 0x1122334455667788
	! propagation: the result's tag is the OR of the sources' tags
	{
	  ord,0,sm %dr4, 1, %dr13
	  adds,1,sm %r3, 1, %r14
	  shld,3,sm %dr11, %dr4, %dr15
	  andd,4,sm %dr11, 0, %dr16
	}
	{
	  gettagd,2 %dr13, %r17
	  gettags,5 %r14, %r18
	}
	{
	  gettagd,2 %dr15, %r19
	  gettagd,5 %dr16, %r21
	}
	CHECKW	"ord,sm of a tagged source", %r17, 5
	CHECKW	"adds,sm of a tagged source", %r18, 1
	CHECKW	"shld,sm, tagged src2", %r19, 5
	CHECKW	"andd,sm of clean sources", %r21, 0
	{
	  addd,0,sm %dr3, %dr4, %dr13
	}
	{
	  gettagd,2 %dr13, %r17
	}
	CHECKW	"addd,sm: OR of tags 1 and 5", %r17, 5
	! an ,sm division by zero gives a diagnostic value instead of trapping
	{
	  sdivd,5,sm %dr11, 0, %dr22
	}
	{
	  gettagd,2 %dr22, %r23
	}
	CHECKW	"sdivd,sm by zero", %r23, 5
	! movtd moves the tag with the value and does not trap
	{
	  movtd,0 %dr4, %dr1
	}
	{
	  gettagd,2 %dr1, %r5
	}
	CHECKW	"movtd keeps the tag", %r5, 5
	! puttag/gettag round trips
	{
	  puttagd,2 %dr11, 5, %dr6
	  puttags,5 %r11, 1, %r7
	}
	{
	  gettagd,2 %dr6, %r8
	  gettags,5 %r7, %r9
	}
	CHECKW	"puttagd 5", %r8, 5
	CHECKW	"puttags 1", %r9, 1
	{
	  puttagd,2 %dr6, 0, %dr10
	}
	CHECK	"puttagd 0 gives back the value", %dr10, 0x1122334455667788
	! a compare of a tagged operand writes a tagged predicate; no trap unless
	! a transfer uses it, and a clean compare overwrites it
	{
	  cmpedb,0 %dr4, 0, %pred0
	}
	{
	  cmpedb,0 %dr0, 0, %pred0
	  nop 2
	}
	ibranch	.Lpred_ok ? %pred0
	PRINT	"clean predicate not taken (wrong)\n"
.Lpred_ok:
	PRINT	"ok branch on a recompared predicate\n"
	! tags of the caller's registers survive a call (the window is spilled)
	{
	  puttagd,2 %dr11, 5, %dr3
	}
	CALLP	clobber
	{
	  gettagd,2 %dr3, %r5
	  gettagd,5 %dr4, %r6
	}
	CHECKW	"tag of %dr3 after a call", %r5, 5
	CHECKW	"tag of %dr4 after a call", %r6, 5
	! overwriting every tagged register clears the tags
	{
	  addd,0 0, 1, %dr1
	  addd,1 0, 2, %dr2
	  addd,2 0, 3, %dr3
	  addd,3 0, 4, %dr4
	  addd,4 0, 6, %dr6
	  addd,5 0, 7, %dr7
	}
	{
	  addd,0 0, 13, %dr13
	  addd,1 0, 14, %dr14
	  addd,2 0, 15, %dr15
	  addd,3 0, 22, %dr22
	}
	{
	  gettagd,2 %dr1, %r5
	  gettagd,5 %dr4, %r6
	}
	{
	  gettagd,2 %dr13, %r8
	  gettagd,5 %dr22, %r9
	}
	CHECKW	"%dr1 overwritten: tag 0", %r5, 0
	CHECKW	"%dr4 overwritten: tag 0", %r6, 0
	CHECKW	"%dr13 overwritten: tag 0", %r8, 0
	CHECKW	"%dr22 overwritten: tag 0", %r9, 0
	{
	  addd,0 %dr4, %dr3, %dr5
	}
	CHECK	"ordinary use after the overwrite", %dr5, 7
	FINISH

! A procedure with its own tagged registers, overwritten before it returns.
	PROC	clobber
	{
	  addd,0 0, 0, %dr6
	}
	{
	  ldd,0,sm %dr6, 0x10, %dr3
	  ldd,2,sm %dr6, 0x10, %dr4
	}
	{
	  gettagd,2 %dr3, %r5
	}
	{
	  addd,0 0, 0, %dr3
	  addd,1 0, 0, %dr4
	}
	RETP
	ENDPROC	clobber

	.include "e2k-lib.inc"

	.data
	.align	8
.Lbuf:
	.quad	0x1122334455667788
