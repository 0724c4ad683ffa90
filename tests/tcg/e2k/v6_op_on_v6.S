! v6_op_on_v6 -- the control for v6_op_before_v6: the same hand-encoded
! pcmpeqbop bundle on iset v6, where it is valid, so the program goes on
! and exits 0 (shows the SIGILL of v6_op_before_v6 comes from the iset).

	.include "e2k-user.inc"

	START
	PRINT	"before\n"
	.align	8
	.word	0x04100011, 0x28808100, 0x02c00000, 0x00000000
	PRINT	"after\n"
	EXIT	0

	.include "e2k-lib.inc"
