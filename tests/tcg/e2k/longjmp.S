! longjmp -- the setjmp/longjmp protocol of glibc on E2K (LINUX-ABI.md 4.1):
! my_setjmp stores what glibc's setjmp reads with rrd (%cr0.hi, %cr1.lo,
! %pcsp.hi, %cr1.hi's rotation, %usd.lo) and returns 0; my_longjmp calls
! e2k_longjmp2 (230) and returns the value it gives, which lands in
! my_setjmp's caller as a second return from my_setjmp.  The jump leaves two
! procedures (called with wbs = 8 and 12) that moved the data stack; the
! caller's registers below its wbs, its stack pointer and its rotation (changed
! after setjmp) come back, and calls and returns keep working afterwards.  A jmp_buf naming no
! frame of the chain stack gets -EINVAL.  Last, a longjmp out of a SIGSEGV
! handler back to the code before the fault, twice: the jmp_buf's saved mask
! (marked by the SIGKILL bit, as the kernel reads it) unblocks SIGSEGV again.

	.include "e2k-user.inc"

	.include "signals.inc"

	START
	{
	  setbn rsz = 1, rbs = 20, rcur = 1
	}
	{
	  getsp,0 0, %dr11		! stack pointer at setjmp time
	  addd,1 0, 0x1111, %dr10	! a register below wbs = 12
	  addd,2 0, 0, %dr12		! how many times setjmp returned
	}
	{
	  addd,0 0, jb, %dr24
	}
	CALLP	my_setjmp
	{
	  addd,0 %dr12, 1, %dr12
	  addd,1 0, %dr24, %dr13		! this return's value
	}
	{
	  cmpedb,0 %dr13, 0, %pred0
	  nop 2
	}
	ibranch	.Lsecond ? ~%pred0
	CHECK	"setjmp returns 0 first", %dr13, 0
	! deep1 (wbs = 8) -> deep2 (wbs = 12) -> my_longjmp(jb, 42)
	{
	  addd,0 0, jb, %dr16
	  addd,1 0, 0x2222, %dr10		! changed after setjmp: indeterminate in C
	  disp %ctpr1, deep1
	}
	{
	  addd,0 0, 0x1111, %dr10
	  nop 3
	}
	{
	  setbn rsz = 2, rbs = 4, rcur = 0	! changed after setjmp: longjmp brings back setjmp's
	}
	{
	  call %ctpr1, wbs = 8
	}
	PRINT	"not reached\n"
	EXIT	1
.Lsecond:
	CHECK	"longjmp: setjmp returns 42", %dr13, 42
	CHECK	"setjmp returned twice", %dr12, 2
	CHECK	"a register below wbs survives", %dr10, 0x1111
	{
	  getsp,0 0, %dr14
	}
	CHECK	"the stack pointer is back", %dr14, %dr11
	{
	  rrd,0 %br, %dr15
	}
	{
	  andd,0 %dr15, 0xfffff, %dr15
	}
	CHECK	"the rotation is back", %dr15, (1 << 6) | 20 | (1 << 12)
	! a jmp_buf whose %pcsp.hi names a frame deeper than the chain stack: -EINVAL
	{
	  addd,0 0, jb, %dr4
	  addd,1 0, 0x7fffffe0, %dr5
	}
	{
	  std,2 %dr5, [ %dr4 + 0x20 ]
	  addd,0 0, jb, %dr25
	  addd,1 0, 7, %dr26
	}
	SYSCALL	NR_e2k_longjmp2
	CHECK	"a bad jmp_buf: -EINVAL", %dr24, -22
	! out of a SIGSEGV handler: the handler's frames go with the jump
	! The jmp_buf's mask word has the SIGKILL bit (a mask saved by sigsetjmp, here
	! empty), so the jump also unblocks SIGSEGV and a second fault is caught too.
	SIGACTION SIGSEGV, on_segv, SA_SIGINFO
	{
	  addd,0 0, jb2, %dr4
	  addd,1 0, 1 << (9 - 1), %dr5
	  addd,2 0, 0, %dr14		! faults caught so far
	}
	{
	  std,2 %dr5, [ %dr4 + 0 ]
	}
.Lfault_again:
	{
	  addd,0 0, jb2, %dr24
	}
	CALLP	my_setjmp
	{
	  cmpedb,0 %dr24, 0, %pred0
	  addd,1 0, %dr24, %dr13
	  nop 2
	}
	ibranch	.Lfrom_handler ? ~%pred0
	{
	  addd,0 0, 0x10, %dr9
	}
	{
	  ldd,0 [ %dr9 + 0 ], %dr10
	  nop 2
	}
	PRINT	"not reached after the fault\n"
	EXIT	1
.Lfrom_handler:
	{
	  addd,0 %dr14, 1, %dr14
	}
	{
	  cmpbdb,0 %dr14, 2, %pred1
	  nop 2
	}
	ibranch	.Lfault_again ? %pred1
	CHECK	"longjmp from the SIGSEGV handler: 7", %dr13, 7
	CHECK	"the mask was restored: the second fault was caught", %dr14, 2
	FINISH

! SIGSEGV handler: longjmp(jb2, 7)
	PROC	on_segv
	{
	  addd,0 0, jb2, %dr24
	  addd,1 0, 7, %dr25
	}
	CALLP	my_longjmp
	PRINT	"on_segv: not reached\n"
	EXIT	1
	ENDPROC	on_segv

! my_setjmp(%dr0 = jmp_buf) -> 0, as glibc's setjmp
	PROC	my_setjmp
	{
	  rrd,0 %cr0.hi, %dr1
	}
	{
	  rrd,0 %cr1.lo, %dr2
	}
	{
	  rrd,0 %pcsp.hi, %dr3
	}
	{
	  rrd,0 %cr1.hi, %dr4
	}
	{
	  rrd,0 %usd.lo, %dr5
	  andd,1 %dr4, 0xfffffff, %dr4
	}
	{
	  std,2 %dr1, [ %dr0 + 0x08 ]
	  std,5 %dr2, [ %dr0 + 0x10 ]
	}
	{
	  std,2 %dr3, [ %dr0 + 0x20 ]
	  stw,5 %dr4, [ %dr0 + 0x2c ]
	}
	{
	  std,2 %dr5, [ %dr0 + 0x30 ]
	  addd,0 0, 0, %dr0
	}
	RETP
	ENDPROC	my_setjmp

! my_longjmp(%dr0 = jmp_buf, %dr1 = value): does not return to its caller
	PROC	my_longjmp
	{
	  addd,0 0, %dr0, %dr25
	  addd,1 0, %dr1, %dr26
	}
	SYSCALL	NR_e2k_longjmp2
	{
	  addd,0 0, %dr24, %dr0
	}
	RETP
	ENDPROC	my_longjmp

! deep1(%dr0 = jmp_buf): moves the stack, clobbers its registers, calls deep2
	PROC	deep1
	{
	  getsp,0 -64, %dr5
	  addd,1 0, 0x3333, %dr10
	  addd,2 0, %dr0, %dr24
	}
	CALLP	deep2
	PRINT	"deep1: not reached\n"
	EXIT	1
	ENDPROC	deep1

	PROC	deep2
	{
	  getsp,0 -128, %dr5
	  addd,1 0, %dr0, %dr24
	  addd,2 0, 42, %dr25
	}
	CALLP	my_longjmp
	PRINT	"deep2: not reached\n"
	EXIT	1
	ENDPROC	deep2

	.data
	.align	8
jb:	.skip	80
jb2:	.skip	80

	.include "e2k-lib.inc"
