! v5_op_on_v5 -- the control for v5_op_before_v5: the same hand-encoded
! ldqp bundle on iset v5 and v6, where it is a valid 128-bit load, so the
! program goes on and exits 0 (shows the SIGILL there comes from the iset).

	.include "e2k-user.inc"
	.include "quad-op.inc"

	START
	PRINT	"before\n"
	QUAD_LOAD_WORDS
	PRINT	"after\n"
	EXIT	0

	.include "e2k-lib.inc"
