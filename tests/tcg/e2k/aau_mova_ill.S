! aau_mova_ill -- while a prefetch program runs, a mova of an area the
! program has no entry for is an illegal operation (as in the fork): SIGILL
! (128 + 4).  The left area 0 exists and reads fine first.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Larr, %dr1
	  ldisp %ctpr2, .Lapb
	}
	{
	  aaurwd,2 %dr1, %aad1
	  nop 3
	}
	{
	  bap
	}
	{
	  movad,0 area=0, ind=0, am=0, be=0, %dr2
	}
	CHECK	"left area 0", %dr2, 42
	{
	  movad,2 area=0, ind=0, am=0, be=0, %dr3
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"

	.text
	.align	16
.Lapb:
	{
	  fapb ct=1, dcd=0, fmt=4, mrng=8, d=1, incr=0, ind=0, asz=0, abs=0, disp=0
	  fapb dpl=0, fmt=0
	}

	.data
	.align	8
.Larr:
	.quad	42
