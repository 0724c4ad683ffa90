! ill_cs0_ldisp_ctpr1 -- CS0 ctpr 1, opc 1 (ldisp exists only for %ctpr2, ISA.md 2.7: other ctpr/opc combinations are illegal).
! The process must die with SIGILL (128 + 4) right after the first line
! (ISA.md 10.3: exc_illegal_opcode; LINUX-ABI.md: SIGILL).

	.include "e2k-user.inc"

	START
	PRINT	"before\n"
	.align	8
	.word	0x00004001, 0x50000000
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
