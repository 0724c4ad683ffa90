! tags_qp -- 128-bit register tags (v5+, ISA.md 5.5): a failed ldqp,sm tags
! both halves (0x55), puttagqp sets and clears the tag of a quad register,
! qpand,sm passes the tag on, and with %upsr.ac an ldqp at 8 mod 16 raises
! exc_addr_not_aligned => SIGBUS, status 128 + 7 (16-byte accesses are
! checked for 16-byte alignment: an unverified choice, ISA.md 5.3).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0, %dr0
	  addd,1 0, .Lbuf, %dr1
	  addd,2 0, 0x50, %dr2
	}
	{
	  ldqp,0,sm %dr0, 0x10, %qpr4
	}
	{
	  gettagd,2 %dr4, %r8
	}
	CHECKW	"ldqp,sm: tag of the low half", %r8, 5
	{
	  puttagqp,0 %qpr4, 0, %qpr6
	}
	{
	  gettagd,2 %dr6, %r9
	}
	CHECKW	"puttagqp 0: no tag", %r9, 0
	CHECK	"puttagqp 0: the diagnostic value", %dr6, 0x4afafafa4afafafa
	{
	  ldqp,0 %dr1, 0, %qpr10
	}
	{
	  puttagqp,0 %qpr10, %r2, %qpr12
	}
	{
	  gettagd,2 %dr12, %r9
	}
	CHECKW	"puttagqp 0x50: low half untagged", %r9, 0
	{
	  qpand,0,sm %qpr12, %qpr10, %qpr14
	}
	{
	  gettagd,2 %dr14, %r9
	}
	CHECKW	"qpand,sm of a tagged high half: tagged", %r9, 5
	{
	  addd,0 0, 0, %dr4
	  addd,1 0, 0, %dr14
	}
	{
	  rrd,0 %upsr, %dr3
	  nop 4
	}
	{
	  ord,0 %dr3, 4, %dr3
	}
	{
	  rwd,0 %dr3, %upsr
	  nop 5
	}
	{
	  ldqp,0 %dr1, 16, %qpr10
	}
	PRINT	"aligned ldqp with ac set\n"
	{
	  ldqp,0 %dr1, 8, %qpr10
	}
	PRINT	"still alive (wrong)\n"
	EXIT	0

	.include "e2k-lib.inc"

	.data
	.align	16
.Lbuf:
	.quad	1, 2, 3, 4
