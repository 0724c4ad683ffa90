! upsr_align_ldd -- with %upsr.ac set, an ldd at 4 mod 8 raises exc_addr_not_aligned => SIGBUS,
! status 128 + 7 (ISA.md 5.3, 10.3).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Lbuf, %dr0
	  addd,1 0, 0x55, %dr1
	}
	{
	  rrd,0 %upsr, %dr2
	  nop 4
	}
	{
	  ord,0 %dr2, 4, %dr2
	}
	{
	  rwd,0 %dr2, %upsr
	  nop 5
	}
	PRINT	"ac set\n"
	{
	  ldd,0 %dr0, 4, %dr3
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"

	.data
	.align	16
.Lbuf:
	.quad	0, 0, 0
