! signal_async -- guest handlers for signals that arrive from outside the
! guest's own code (tests/linux-user/signals.test.ts): SIGUSR1 sent by another
! process while the guest spins in translated code (the CPU loop must stop and
! enter the handler), and SIGALRM from alarm(1) while the guest sleeps in
! pause(), which then returns -EINTR after the handler ran (LINUX-ABI.md 5.3).
! Every wait is bounded: the spin gives up after 2^34 iterations.

	.include "e2k-user.inc"

	.equ	NR_rt_sigaction, 174
	.equ	NR_alarm, 27
	.equ	NR_pause, 29
	.equ	SIGUSR1, 10
	.equ	SIGALRM, 14
	.equ	SA_SIGINFO, 4
	.equ	EINTR, 4

	.macro	SIGACTION sig, fn
	{
	  addd,0 0, act, %dr4
	  addd,1 0, \fn, %dr5
	}
	{
	  addd,0 0, SA_SIGINFO, %dr6
	}
	{
	  std,2 %dr5, [ %dr4 + 0 ]
	  std,5 %dr6, [ %dr4 + 8 ]
	}
	{
	  addd,0 0, \sig, %dr25
	  addd,1 0, act, %dr26
	  addd,2 0, 0, %dr27
	  addd,3 0, 8, %dr28
	}
	SYSCALL	NR_rt_sigaction
	.endm

	START
	SIGACTION SIGUSR1, on_signal
	SIGACTION SIGALRM, on_signal
	PRINT	"ready\n"
	{
	  addd,0 0, got, %dr11
	  addd,1 0, 0, %dr9
	}
	{
	  addd,0 0, 0x400000000, %dr10
	}
.Lspin:
	{
	  ldd,0 [ %dr11 + 8 * SIGUSR1 ], %dr5
	  addd,1 %dr9, 1, %dr9
	  nop 2
	}
	{
	  cmpedb,0 %dr5, 0, %pred0
	  cmpbdb,1 %dr9, %dr10, %pred1
	  nop 2
	}
	ibranch	.Lspun ? ~%pred0
	ibranch	.Lspin ? %pred1
.Lspun:
	{
	  ldd,0 [ %dr11 + 8 * SIGUSR1 ], %dr5
	  nop 2
	}
	CHECK	"SIGUSR1 from another process ran the handler", %dr5, 1
	{
	  addd,0 0, code, %dr4
	}
	{
	  ldd,0 [ %dr4 + 8 * SIGUSR1 ], %dr5
	  nop 2
	}
	CHECK	"its si_code is SI_USER", %dr5, 0
	{
	  addd,0 0, 1, %dr25
	}
	SYSCALL	NR_alarm
	SYSCALL	NR_pause
	CHECK	"pause returns -EINTR", %dr24, -EINTR
	{
	  addd,0 0, got, %dr11
	}
	{
	  ldd,0 [ %dr11 + 8 * SIGALRM ], %dr5
	  nop 2
	}
	CHECK	"SIGALRM ran the handler", %dr5, 1
	{
	  addd,0 0, code, %dr4
	}
	{
	  ldd,0 [ %dr4 + 8 * SIGALRM ], %dr5
	  nop 2
	}
	CHECK	"its si_code is SI_KERNEL", %dr5, 0x80
	FINISH

! handler(sig, info, uc): got[sig] += 1, code[sig] = si_code
	PROC	on_signal
	{
	  addd,0 0, got, %dr4
	  shld,1 %dr0, 3, %dr5
	  ldw,3 [ %dr1 + 8 ], %dr6
	}
	{
	  addd,0 %dr4, %dr5, %dr4
	  addd,1 0, code, %dr7
	  nop 2
	}
	{
	  ldd,0 [ %dr4 + 0 ], %dr8
	  addd,1 %dr7, %dr5, %dr7
	  sxt,2 6, %dr6, %dr6
	  nop 2
	}
	{
	  addd,0 %dr8, 1, %dr8
	}
	{
	  std,2 %dr8, [ %dr4 + 0 ]
	  std,5 %dr6, [ %dr7 + 0 ]
	}
	RETP
	ENDPROC	on_signal

	.data
	.align	8
act:	.skip	32
got:	.skip	8 * 32
code:	.skip	8 * 32

	.include "e2k-lib.inc"
