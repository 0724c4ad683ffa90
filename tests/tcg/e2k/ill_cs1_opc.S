! ill_cs1_opc -- CS1 with opcode 15 (opcodes 9..15 are reserved, ISA.md 2.8): HS = CS1 present, mdl 1, lng 0.
! The process must die with SIGILL (128 + 4) right after the first line
! (ISA.md 10.3: exc_illegal_opcode; LINUX-ABI.md: SIGILL).

	.include "e2k-user.inc"

	START
	PRINT	"before\n"
	.align	8
	.word	0x00008001, 0xf0000000
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
