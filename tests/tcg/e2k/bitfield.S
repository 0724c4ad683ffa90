! bitfield -- getfs/getfd (unsigned fields, a field wrapping past bit 63,
! a signed field), insfs/insfd (zero offset), sxt in all six modes,
! bitrev, lzcnt, popcnt (ISA.md 4.4).  getf src2 = (sign << 12) |
! (length << 6) | offset.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x123456789abcdef0, %dr0
	  addd,1 0, 0x80, %dr1
	}
	{
	  getfd,0 %dr0, 0x204, %dr2		! off 4, len 8
	  getfd,1 %dr0, 0x23c, %dr3		! off 60, len 8: wraps
	  getfd,2 %dr0, 0x820, %dr4		! off 32, len 32
	  getfd,3 %dr1, 0x1104, %dr5		! off 4, len 4, signed
	  getfs,4 %r0, 0x208, %r6		! off 8, len 8
	  getfs,5 %r0, 0x21c, %r7		! off 28, len 8: wraps in 32 bits
	}
	CHECK	"getfd off4 len8", %dr2, 0xef
	CHECK	"getfd off60 len8 (rotate)", %dr3, 0x01
	CHECK	"getfd off32 len32", %dr4, 0x12345678
	CHECK	"getfd signed field", %dr5, 0xfffffffffffffff8
	CHECKW	"getfs off8 len8", %r6, 0xde
	CHECKW	"getfs off28 len8 (rotate)", %r7, 0x09
	{
	  addd,0 0, 0x1111111122222222, %dr8
	  addd,1 0, 0xaaaaaaaabbbbbbbb, %dr9
	}
	{
	  insfd,0 %dr8, 0x800, %dr9, %dr10	! len 32
	  insfd,1 %dr8, 0x100, %dr9, %dr11	! len 4
	  insfs,3 %r8, 0x300, %r9, %r12		! len 12
	}
	CHECK	"insfd len32", %dr10, 0x11111111bbbbbbbb
	CHECK	"insfd len4", %dr11, 0x111111112222222b
	CHECKW	"insfs len12", %r12, 0x22222bbb
	! sxt: mode bits [1:0] size, bit 2 zero-extend
	{
	  addd,0 0, 0xffffffff8899aabb, %dr13
	}
	{
	  sxt,0 0, %r13, %dr14
	  sxt,1 1, %r13, %dr15
	  sxt,2 2, %r13, %dr16
	  sxt,3 4, %r13, %dr17
	  sxt,4 5, %r13, %dr18
	  sxt,5 6, %r13, %dr19
	}
	CHECK	"sxt 0 (sign byte)", %dr14, 0xffffffffffffffbb
	CHECK	"sxt 1 (sign half)", %dr15, 0xffffffffffffaabb
	CHECK	"sxt 2 (sign word)", %dr16, 0xffffffff8899aabb
	CHECK	"sxt 4 (zero byte)", %dr17, 0xbb
	CHECK	"sxt 5 (zero half)", %dr18, 0xaabb
	CHECK	"sxt 6 (zero word)", %dr19, 0x8899aabb
	{
	  addd,0 0, 0x7f7f, %dr13
	}
	{
	  sxt,0 0, %r13, %dr14
	  sxt,1 1, %r13, %dr15
	}
	CHECK	"sxt 0 positive byte", %dr14, 0x7f
	CHECK	"sxt 1 positive half", %dr15, 0x7f7f
	! bit reverse, leading zeros, population count
	{
	  addd,0 0, 1, %dr20
	  addd,1 0, 0, %dr21
	}
	{
	  bitrevd,0 %dr0, %dr22
	  bitrevs,1 %r0, %r23
	  bitrevd,3 %dr20, %dr2
	  lzcntd,4 %dr21, %dr3
	}
	CHECK	"bitrevd", %dr22, 0x0f7b3d591e6a2c48
	CHECKW	"bitrevs", %r23, 0x0f7b3d59
	CHECK	"bitrevd 1", %dr2, 0x8000000000000000
	CHECK	"lzcntd 0", %dr3, 64
	{
	  addd,0 0, 0x0000800000000000, %dr4
	  addd,1 0, 0xffffffff00000001, %dr5
	}
	{
	  lzcnts,1 %r21, %r6
	  lzcntd,4 %dr4, %dr7
	}
	{
	  lzcnts,1 %r20, %r8
	  popcntd,4 %dr0, %dr9
	}
	CHECKW	"lzcnts 0", %r6, 32
	CHECK	"lzcntd bit47", %dr7, 16
	CHECKW	"lzcnts 1", %r8, 31
	CHECK	"popcntd", %dr9, 32
	{
	  popcnts,1 %r5, %r6
	  popcntd,4 %dr5, %dr7
	}
	CHECKW	"popcnts low half only", %r6, 1
	CHECK	"popcntd ffffffff00000001", %dr7, 33
	FINISH

	.include "e2k-lib.inc"
