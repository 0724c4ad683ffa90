! ill_hs_mdl -- HS announces CS1 but mdl 0 leaves no room for it in F1 (ISA.md 2.3: pos != F1 => invalid bundle).
! The process must die with SIGILL (128 + 4) right after the first line
! (ISA.md 10.3: exc_illegal_opcode; LINUX-ABI.md: SIGILL).

	.include "e2k-user.inc"

	START
	PRINT	"before\n"
	.align	8
	.word	0x00008000, 0x00000000
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
