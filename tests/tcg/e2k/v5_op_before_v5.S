! v5_op_before_v5 -- a v5 operation run on a CPU of iset v3 or v4: the
! 128-bit load "ldqp,0 %dr0, 0x0, %qpr2" is not defined before v5, so
! exc_illegal_opcode => SIGILL, status 128 + 4 (ISA.md 4.1, 5.1, 10.3).
! gas refuses ldqp for elbrus-v3/v4, so the bundle is written out as
! e2k-as -mcpu=elbrus-v5 encodes it: HS (lng 1, ALS0 + ALES0), ALS0,
! ALES0 = 0x02c0 (EXT1, opce 0xc0) in the high half of word 3, padding.
! v5_op_on_v5 runs the very same words on v5/v6 and must survive them.

	.include "e2k-user.inc"
	.include "quad-op.inc"

	START
	PRINT	"before\n"
	QUAD_LOAD_WORDS
	PRINT	"after\n"
	EXIT	0

	.include "e2k-lib.inc"
