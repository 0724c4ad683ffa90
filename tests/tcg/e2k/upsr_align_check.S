! upsr_align_check -- a misaligned 4-byte load works while %upsr.ac (bit 2)
! is clear; after the program sets it, the same load raises
! exc_addr_not_aligned => SIGBUS, status 128 + 7 (ISA.md 5.3, 10.3, 12).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Lbuf, %dr0
	}
	{
	  ldw,0 %dr0, 1, %dr1
	}
	CHECKW	"ldw at +1 with ac = 0", %r1, 0x04030201
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
	  ldw,0 %dr0, 1, %dr1
	}
	{
	  addd,0 %dr1, 0, %dr3
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"

	.data
	.align	8
.Lbuf:
	.byte	0, 1, 2, 3, 4, 5, 6, 7
