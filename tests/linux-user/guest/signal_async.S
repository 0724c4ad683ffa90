! signal_async -- guest handlers for signals that arrive from outside the
! guest's own code (tests/linux-user/signals.test.ts): SIGUSR1 sent by another
! process while the guest spins in translated code (the CPU loop must stop and
! enter the handler), and SIGALRM from alarm(1) while the guest sleeps in
! pause(), which then returns -EINTR after the handler ran (LINUX-ABI.md 5.3),
! and once more from a 20 ms setitimer(ITIMER_REAL).
! Every wait is bounded: the spin gives up after 2^34 iterations.

	.include "e2k-user.inc"

	.include "signals.inc"
	.equ	EINTR, 4

	START
	SIGACTION SIGUSR1, on_signal, SA_SIGINFO
	SIGACTION SIGALRM, on_signal, SA_SIGINFO
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
	LOADD	code, %dr5, 8 * SIGUSR1
	CHECK	"its si_code is SI_USER", %dr5, 0
	{
	  addd,0 0, 1, %dr25
	}
	SYSCALL	NR_alarm
	SYSCALL	NR_pause
	CHECK	"pause returns -EINTR", %dr24, -EINTR
	LOADD	got, %dr5, 8 * SIGALRM
	CHECK	"SIGALRM ran the handler", %dr5, 1
	LOADD	code, %dr5, 8 * SIGALRM
	CHECK	"its si_code is SI_KERNEL", %dr5, 0x80
	! setitimer(ITIMER_REAL, {no interval, 20 ms}, NULL), then pause again
	{
	  addd,0 0, itv, %dr4
	  addd,1 0, 20000, %dr5
	}
	{
	  std,2 %dr5, [ %dr4 + 24 ]		! it_value.tv_usec
	  addd,0 0, 0, %dr25		! ITIMER_REAL
	  addd,1 0, itv, %dr26
	  addd,3 0, 0, %dr27
	}
	SYSCALL	NR_setitimer
	CHECK	"setitimer", %dr24, 0
	SYSCALL	NR_pause
	LOADD	got, %dr5, 8 * SIGALRM
	CHECK	"the itimer's SIGALRM ran the handler", %dr5, 2
	{
	  addd,0 0, 0, %dr25
	  addd,1 0, itv, %dr26
	}
	SYSCALL	NR_getitimer
	CHECK	"getitimer", %dr24, 0
	LOADD	itv, %dr5, 24
	CHECK	"the timer has expired", %dr5, 0
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
got:	.skip	8 * 32
code:	.skip	8 * 32
itv:	.skip	32

	.include "e2k-lib.inc"
