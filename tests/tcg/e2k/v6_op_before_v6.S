! v6_op_before_v6 -- a v6 operation (pcmpeqbop,0 %dr0, %dr1, %pred0) run on
! a CPU of iset v3..v5: not defined there => exc_illegal_opcode => SIGILL
! (ISA.md 4.1, 10.3).  The bundle is written out as e2k-as -mcpu=elbrus-v6
! encodes it (ALS0 + ALES0 = 0x02c0).

	.include "e2k-user.inc"

	START
	PRINT	"before\n"
	.align	8
	.word	0x04100011, 0x28808100, 0x02c00000, 0x00000000
	PRINT	"after\n"
	EXIT	0

	.include "e2k-lib.inc"
