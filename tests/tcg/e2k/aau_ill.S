! aau_ill -- aaurw to %aaincr8: the class exists but only %aaincr0..7 do
! (ISA.md section 13), so the operation is illegal: SIGILL (128 + 4).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 3, %dr1
	}
	{
	  aaurw,2 %r1, %aaincr7
	}
	PRINT	"aaincr7 written\n"
	{
	  aaurw,2 %r1, %aaincr8
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"
