! aau_staa_fault -- an array store to a read-only page (the program's own
! code) faults like an ordinary store: SIGSEGV (128 + 11), nothing stored.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, _start, %dr1
	  addd,1 0, 0, %dr2
	}
	{
	  aaurwd,2 %dr1, %aad9
	  aaurw,5 %r2, %aasti4
	}
	PRINT	"descriptor set\n"
	{
	  staad,5 %dr2, %aad9 [ %aasti4 ]
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
