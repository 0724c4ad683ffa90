! tags_trap_branch -- a compare of a diagnostic value writes a tagged
! predicate; a conditional branch on it raises exc_diag_ct_cond => SIGILL,
! status 128 + 4 (ISA.md 5.6, 10.3).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr0
	}
	{
	  ldd,0,sm %dr0, 0x10, %dr1
	}
	{
	  cmpedb,0 %dr1, 0, %pred1
	  nop 2
	}
	PRINT	"compare done, branching\n"
	ibranch	.Lthere ? %pred1
	PRINT	"fell through (wrong)\n"
	EXIT	0
.Lthere:
	PRINT	"taken (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
