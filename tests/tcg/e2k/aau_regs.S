! aau_regs -- aaurw/aaurr round trips of every AAU register class (ISA.md
! section 13).  Expected values by hand from the rules there:
!   * %aadN (64-bit write): base = value[47:0], mb/ed (bits 57, 58) kept from
!     the value, rw (bits 60:59) = 3, every other bit 0; the 128-bit write also
!     sets the high word to value_hi & 0xffffffff00000000 (size); the 32-bit
!     write sets base = the 32-bit value and keeps the old mb/ed.
!   * %aasti/%aaind/%aaincr and %aafstr/%aasr are 32 bits wide; %aaind0 reads
!     0 and %aaincr0 reads 1 whatever is written to them.
!   * the tag registers keep 16 (aasti), 15 (aaind, no bit 0) and 7 (aaincr,
!     no bit 0) bits.
!   * an aaurr in the same bundle as an aaurw of the same register reads the
!     value from before the bundle.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0xffff123456789abc, %dr1
	  addd,1 0, 0x0011223344556677, %dr4
	}
	{
	  addd,0 0, 0x00000100deadbeef, %dr5
	}
	{
	  aaurwd,2 %dr1, %aad3
	}
	{
	  aaurwq,2 %qr4, %aad5
	}
	{
	  addd,0 0, 0xffffffff89abcdef, %dr10
	  nop 2
	}
	{
	  aaurw,2 %r10, %aad7
	  aaurwd,5 %dr1, %aadr9
	}
	{
	  aaurrd,2 %aad3, %dr2
	  aaurrd,5 %aad7, %dr3
	  nop 2
	}
	{
	  aaurrq,2 %aad5, %qr8
	}
	{
	  aaurrd,2 %aadr9, %dr11
	  aaurr,5 %aad3, %r12
	  nop 2
	}
	{
	  andd,0 %dr12, 0xffffffff, %dr12
	}
	CHECK	"aad 64-bit write: base, mb/ed kept, rw = 3", %dr2, 0x1e00123456789abc
	CHECK	"aad 128-bit write: low word", %dr8, 0x1800223344556677
	CHECK	"aad 128-bit write: size word", %dr9, 0x0000010000000000
	CHECK	"aad 32-bit write: base", %dr3, 0x1800000089abcdef
	CHECK	"aadr 64-bit round trip", %dr11, 0x1e00123456789abc
	CHECK	"aaurr 32-bit read of an aad", %dr12, 0x56789abc

	! index registers
	{
	  addd,0 0, 0x1234abcd, %dr1
	  addd,1 0, 0xffffffff00000010, %dr2
	}
	{
	  addd,3 0, 77, %dr3
	  addd,4 0, 0x80000001, %dr4
	}
	{
	  aaurw,2 %r1, %aasti3
	  aaurwd,5 %dr2, %aasti15
	}
	{
	  aaurw,2 %r3, %aaind0
	  aaurw,5 %r4, %aaind6
	}
	{
	  aaurw,2 %r3, %aaincr0
	  aaurw,5 %r4, %aaincr7
	}
	{
	  aaurrd,2 %aasti3, %dr10
	  aaurrd,5 %aasti15, %dr11
	  nop 2
	}
	{
	  aaurrd,2 %aaind0, %dr12
	  aaurrd,5 %aaind6, %dr13
	  nop 2
	}
	{
	  aaurrd,2 %aaincr0, %dr14
	  aaurrd,5 %aaincr7, %dr15
	  nop 2
	}
	CHECK	"aasti3", %dr10, 0x1234abcd
	CHECK	"aasti15 keeps 32 bits", %dr11, 0x10
	CHECK	"aaind0 reads 0", %dr12, 0
	CHECK	"aaind6", %dr13, 0x80000001
	CHECK	"aaincr0 reads 1", %dr14, 1
	CHECK	"aaincr7", %dr15, 0x80000001

	! prefetch registers, status and tags
	{
	  addd,0 0, 0x0123456789abcdef, %dr1
	  addd,1 0, 0xfedcba9876543210, %dr2
	}
	{
	  addd,3 0, 0xffff, %dr3
	  addd,4 0, 0, %dr6
	}
	{
	  aaurwd,2 %dr1, %aaldi31
	  aaurwd,5 %dr2, %aalda0
	}
	{
	  aaurwd,2 %dr2, %aabf15
	  aaurwd,5 %dr1, %aafstr
	}
	{
	  aaurwd,2 %dr1, %aaldv
	  aaurwd,5 %dr2, %aaldm
	}
	{
	  aaurwd,2 %dr3, %aasti_tag
	  aaurwd,5 %dr3, %aaind_tag
	}
	{
	  aaurwd,2 %dr3, %aaincr_tag
	  aaurwd,5 %dr6, %aasr
	}
	{
	  aaurrd,2 %aaldi31, %dr10
	  aaurrd,5 %aalda0, %dr11
	  nop 2
	}
	{
	  aaurrd,2 %aabf15, %dr12
	  aaurrd,5 %aafstr, %dr13
	  nop 2
	}
	{
	  aaurrd,2 %aaldv, %dr14
	  aaurrd,5 %aaldm, %dr15
	  nop 2
	}
	{
	  aaurrd,2 %aasti_tag, %dr16
	  aaurrd,5 %aaind_tag, %dr17
	  nop 2
	}
	{
	  aaurrd,2 %aaincr_tag, %dr18
	  aaurrd,5 %aasr, %dr19
	  nop 2
	}
	CHECK	"aaldi31", %dr10, 0x0123456789abcdef
	CHECK	"aalda0", %dr11, 0xfedcba9876543210
	CHECK	"aabf15", %dr12, 0xfedcba9876543210
	CHECK	"aafstr keeps 32 bits", %dr13, 0x89abcdef
	CHECK	"aaldv", %dr14, 0x0123456789abcdef
	CHECK	"aaldm", %dr15, 0xfedcba9876543210
	CHECK	"aasti_tag", %dr16, 0xffff
	CHECK	"aaind_tag has no bit 0", %dr17, 0xfffe
	CHECK	"aaincr_tag has bits 1..7", %dr18, 0xfe
	CHECK	"aasr", %dr19, 0

	! an aaurr sees the register as it was before the bundle
	{
	  addd,0 0, 5, %dr1
	  addd,1 0, 9, %dr2
	}
	{
	  aaurw,2 %r1, %aasti2
	}
	{
	  aaurw,2 %r2, %aasti2
	  aaurrd,5 %aasti2, %dr3
	}
	{
	  aaurrd,2 %aasti2, %dr4
	  nop 2
	}
	CHECK	"aaurr in the aaurw bundle reads the old value", %dr3, 5
	CHECK	"and the next bundle the new one", %dr4, 9
	FINISH

	.include "e2k-lib.inc"
