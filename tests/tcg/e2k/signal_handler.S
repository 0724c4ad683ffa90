! signal_handler -- guest signal handlers (LINUX-ABI.md 5.2, 5.3): a handler is
! called like a procedure with the signal number in %dr0, &siginfo (with
! SA_SIGINFO; else &uc.uc_mcontext) in %dr1 and &ucontext in %dr2, and the
! interrupted code resumes with its registers intact.  Covered: kill(getpid())
! with SA_SIGINFO (si_signo, si_code SI_USER, si_pid); a blocked tgkill that
! runs its handler when rt_sigprocmask unblocks it (rt_sigpending shows it
! before), the mask during the handler
! (the signal itself added) and after it (restored); a SIGSEGV from a load at
! 0x10 whose handler reads si_addr/si_code (SEGV_MAPERR) and resumes elsewhere
! by rewriting uc_mcontext.cr0_hi; sigaltstack with an SA_ONSTACK handler
! (its stack pointer inside the alternate stack, SS_ONSTACK while there);
! SA_RESETHAND: the second SIGUSR1 takes the default action (killed, status
! 128 + 10).

	.include "e2k-user.inc"

	.include "signals.inc"
	.equ	ALTSTACK_SIZE, 16384

! rt_sigprocmask(\how, &\bits, &oldmask)
	.macro	SIGMASK how, bits
	{
	  addd,0 0, maskbuf, %dr4
	  addd,1 0, \bits, %dr5
	}
	{
	  std,2 %dr5, [ %dr4 + 0 ]
	  addd,0 0, \how, %dr25
	  addd,1 0, maskbuf, %dr26
	}
	{
	  addd,0 0, oldmask, %dr27
	  addd,1 0, 8, %dr28
	}
	SYSCALL	NR_rt_sigprocmask
	.endm

	START
	! 1. SIGUSR1 with SA_SIGINFO from kill(getpid(), SIGUSR1)
	SIGACTION SIGUSR1, on_usr1, SA_SIGINFO
	CHECK	"rt_sigaction", %dr24, 0
	SYSCALL	NR_getpid
	{
	  addd,0 0, %dr24, %dr21
	  addd,1 0, %dr24, %dr25
	  addd,2 0, SIGUSR1, %dr26
	  addd,3 0, 0x5eed, %dr20
	}
	SYSCALL	NR_kill
	CHECK	"kill returns 0", %dr24, 0
	CHECK	"registers survive the handler", %dr20, 0x5eed
	LOADD	usr1_count, %dr8
	CHECK	"SIGUSR1 handler ran once", %dr8, 1
	LOADD	usr1_sig, %dr8
	CHECK	"%dr0 = signal number", %dr8, SIGUSR1
	LOADD	usr1_signo, %dr8
	CHECK	"si_signo", %dr8, SIGUSR1
	LOADD	usr1_code, %dr8
	CHECK	"si_code SI_USER", %dr8, 0
	LOADD	usr1_pid, %dr8
	CHECK	"si_pid", %dr8, %dr21

	! 2. SIGUSR2 (no SA_SIGINFO) blocked, sent by tgkill, taken on unblock
	SIGACTION SIGUSR2, on_usr2, 0
	SIGMASK	SIG_BLOCK, 1 << (SIGUSR2 - 1)
	SYSCALL	NR_gettid
	{
	  addd,0 0, %dr21, %dr25
	  addd,1 0, %dr24, %dr26
	  addd,2 0, SIGUSR2, %dr27
	}
	SYSCALL	NR_tgkill
	CHECK	"tgkill returns 0", %dr24, 0
	LOADD	usr2_count, %dr8
	CHECK	"blocked: handler not run", %dr8, 0
	{
	  addd,0 0, pendbuf, %dr25
	  addd,1 0, 8, %dr26
	}
	SYSCALL	NR_rt_sigpending
	CHECK	"rt_sigpending", %dr24, 0
	LOADD	pendbuf, %dr8
	CHECK	"rt_sigpending shows SIGUSR2", %dr8, 1 << (SIGUSR2 - 1)
	SIGMASK	SIG_UNBLOCK, 1 << (SIGUSR2 - 1)
	LOADD	usr2_count, %dr8
	CHECK	"unblocked: handler ran", %dr8, 1
	LOADD	usr2_sig, %dr8
	CHECK	"%dr0 = SIGUSR2", %dr8, SIGUSR2
	LOADD	usr2_mc, %dr8
	CHECK	"%dr1 = &uc.uc_mcontext without SA_SIGINFO", %dr8, 40
	LOADD	usr2_mask, %dr8
	CHECK	"mask in the handler has SIGUSR2", %dr8, 1 << (SIGUSR2 - 1)
	SIGMASK	SIG_BLOCK, 0
	LOADD	oldmask, %dr8
	CHECK	"mask restored after the handler", %dr8, 0

	! 3. SIGSEGV: the handler moves the resume address past the fault
	SIGACTION SIGSEGV, on_segv, SA_SIGINFO
	{
	  addd,0 0, 0x10, %dr9
	  addd,1 0, 0, %dr10
	}
	{
	  ldd,0 [ %dr9 + 0 ], %dr10
	  nop 2
	}
	PRINT	"not reached\n"
	.global	segv_resume
segv_resume:
	LOADD	segv_count, %dr8
	CHECK	"SIGSEGV handler ran once", %dr8, 1
	LOADD	segv_addr, %dr8
	CHECK	"si_addr", %dr8, 0x10
	LOADD	segv_code, %dr8
	CHECK	"si_code SEGV_MAPERR", %dr8, 1
	CHECK	"the faulting load wrote nothing", %dr10, 0

	! 4. sigaltstack: an SA_ONSTACK handler runs on the alternate stack
	{
	  addd,0 0, ss, %dr25
	  addd,1 0, oldss, %dr26
	}
	{
	  addd,0 0, altstack, %dr5
	  addd,1 0, ALTSTACK_SIZE, %dr6
	}
	{
	  addd,2 0, ss, %dr4
	}
	{
	  std,2 %dr5, [ %dr4 + 0 ]
	  std,5 %dr6, [ %dr4 + 16 ]
	}
	SYSCALL	NR_sigaltstack
	CHECK	"sigaltstack", %dr24, 0
	{
	  addd,0 0, oldss, %dr4
	}
	{
	  ldw,0 [ %dr4 + 8 ], %dr8
	  nop 2
	}
	CHECK	"no alternate stack before: SS_DISABLE", %dr8, 2
	SIGACTION SIGUSR2, on_alt, SA_ONSTACK
	{
	  addd,0 0, %dr21, %dr25
	  addd,1 0, SIGUSR2, %dr26
	}
	SYSCALL	NR_kill
	LOADD	alt_sp, %dr8
	{
	  addd,0 0, altstack, %dr5
	}
	{
	  subd,0 %dr8, %dr5, %dr8
	}
	{
	  subd,0 %dr8, 1, %dr8
	}
	{
	  shrd,0 %dr8, 14, %dr8
	}
	CHECK	"the handler's stack is the alternate one", %dr8, 0
	LOADD	alt_flags, %dr8
	CHECK	"sigaltstack in the handler: SS_ONSTACK", %dr8, 1
	{
	  addd,0 0, 0, %dr25
	  addd,1 0, oldss, %dr26
	}
	SYSCALL	NR_sigaltstack
	{
	  addd,0 0, oldss, %dr4
	}
	{
	  ldw,0 [ %dr4 + 8 ], %dr8
	  nop 2
	}
	CHECK	"after the handler: enabled, not on it", %dr8, 0

	! 5. SA_RESETHAND: one run of the handler, then the default action
	SIGACTION SIGUSR1, on_usr1, SA_SIGINFO | SA_RESETHAND
	{
	  addd,0 0, %dr21, %dr25
	  addd,1 0, SIGUSR1, %dr26
	}
	SYSCALL	NR_kill
	LOADD	usr1_count, %dr8
	CHECK	"SA_RESETHAND: handler ran", %dr8, 2
	PRINT	"second SIGUSR1\n"
	{
	  addd,0 0, %dr21, %dr25
	  addd,1 0, SIGUSR1, %dr26
	}
	SYSCALL	NR_kill
	PRINT	"still alive (wrong)\n"
	EXIT	0

! handler(sig, info, uc) with SA_SIGINFO
	PROC	on_usr1
	{
	  addd,0 0, usr1_count, %dr4
	  ldw,3 [ %dr1 + 0 ], %dr5
	  ldw,5 [ %dr1 + 8 ], %dr6
	}
	{
	  ldw,0 [ %dr1 + 16 ], %dr7
	  ldd,3 [ %dr4 + 0 ], %dr8
	  nop 2
	}
	{
	  addd,0 %dr8, 1, %dr8
	  sxt,1 6, %dr6, %dr6
	}
	{
	  std,2 %dr8, [ %dr4 + 0 ]
	  std,5 %dr0, [ %dr4 + 8 ]
	}
	{
	  std,2 %dr5, [ %dr4 + 16 ]
	  std,5 %dr6, [ %dr4 + 24 ]
	}
	{
	  std,2 %dr7, [ %dr4 + 32 ]
	}
	RETP
	ENDPROC	on_usr1

! handler(sig, &uc.uc_mcontext, uc): records the offset %dr1 - %dr2 and the mask
	PROC	on_usr2
	{
	  addd,0 0, usr2_count, %dr4
	  subd,1 %dr1, %dr2, %dr5
	}
	{
	  ldd,0 [ %dr4 + 0 ], %dr8
	  nop 2
	}
	{
	  addd,0 %dr8, 1, %dr8
	}
	{
	  std,2 %dr8, [ %dr4 + 0 ]
	  std,5 %dr0, [ %dr4 + 8 ]
	}
	{
	  std,2 %dr5, [ %dr4 + 16 ]
	}
	SIGMASK	SIG_BLOCK, 0
	LOADD	oldmask, %dr8
	{
	  addd,0 0, usr2_mask, %dr4
	}
	{
	  std,2 %dr8, [ %dr4 + 0 ]
	}
	RETP
	ENDPROC	on_usr2

! handler on the alternate stack: records its stack pointer and sigaltstack's ss_flags
	PROC	on_alt
	{
	  getsp,0 0, %dr5
	  addd,1 0, alt_sp, %dr4
	}
	{
	  std,2 %dr5, [ %dr4 + 0 ]
	  addd,0 0, 0, %dr25
	  addd,1 0, oldss, %dr26
	}
	SYSCALL	NR_sigaltstack
	{
	  addd,0 0, oldss, %dr4
	  addd,1 0, alt_flags, %dr6
	}
	{
	  ldw,0 [ %dr4 + 8 ], %dr5
	  nop 2
	}
	{
	  std,2 %dr5, [ %dr6 + 0 ]
	}
	RETP
	ENDPROC	on_alt

! handler(sig, info, uc): records si_addr/si_code, resumes at segv_resume
	PROC	on_segv
	{
	  addd,0 0, segv_count, %dr4
	  ldd,3 [ %dr1 + 16 ], %dr5
	  ldw,5 [ %dr1 + 8 ], %dr6
	}
	{
	  ldd,0 [ %dr4 + 0 ], %dr8
	  addd,1 0, segv_resume, %dr7
	  nop 2
	}
	{
	  addd,0 %dr8, 1, %dr8
	}
	{
	  std,2 %dr8, [ %dr4 + 0 ]
	  std,5 %dr5, [ %dr4 + 8 ]
	}
	{
	  std,2 %dr6, [ %dr4 + 16 ]
	  std,5 %dr7, [ %dr2 + 48 ]	! uc_mcontext (40) + cr0_hi (8)
	}
	RETP
	ENDPROC	on_segv

	.data
	.align	8
maskbuf: .skip	8
pendbuf: .skip	8
oldmask: .skip	8
usr1_count: .skip 8
usr1_sig: .skip	8
usr1_signo: .skip 8
usr1_code: .skip 8
usr1_pid: .skip	8
usr2_count: .skip 8
usr2_sig: .skip	8
usr2_mc: .skip	8
usr2_mask: .skip 8
segv_count: .skip 8
segv_addr: .skip 8
segv_code: .skip 8
ss:	.skip	24
oldss:	.skip	24
alt_sp:	.skip	8
alt_flags: .skip 8
	.align	16
altstack: .skip	ALTSTACK_SIZE

	.include "e2k-lib.inc"
