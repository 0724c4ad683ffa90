! aau_bap_ill -- bap starts the program %ctpr2 holds only if ldisp prepared
! it (ISA.md section 13; the fork checks the same): after an ordinary
! `disp %ctpr2` the bap is an illegal operation, SIGILL (128 + 4).

	.include "e2k-user.inc"

	START
	{
	  disp %ctpr2, .Lapb
	  nop 3
	}
	PRINT	"ctpr2 prepared by disp\n"
	{
	  bap
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
