! packed_fp -- 64-bit packed FP (ISA.md 4.6): pfcmp* lane masks with a NaN
! lane, the double forms pfcmp*d/pfmind/pfmaxd/pfdivd, pfhadds/pfhsubs,
! pfaddsubs (lane 0 subtracts, lane 1 adds), int<->fp lane conversions and
! pfstoifs with an explicit rounding mode, and the PFCMB combined operations
! (t = op1(src1, src2); dst = op2(src3, t), ISA.md 4.5).  All values are
! exact in binary32/64, so the expected bits were worked out by hand (and
! re-checked by packing the floats with Python's struct).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x7fc000003fc00000, %dr0	! X = { 1.5, NaN }
	  addd,1 0, 0x400000003fc00000, %dr1	! Y = { 1.5, 2.0 }
	}
	{
	  pfcmpeqs,0 %dr0, %dr1, %dr2
	  pfcmplts,1 %dr0, %dr1, %dr3
	  pfcmpuods,3 %dr0, %dr1, %dr4
	  pfcmpnles,4 %dr0, %dr1, %dr5
	}
	{
	  pfcmpneqs,0 %dr0, %dr1, %dr6
	  pfcmpods,1 %dr0, %dr1, %dr7
	  pfcmples,3 %dr1, %dr0, %dr8
	}
	CHECK	"pfcmpeqs", %dr2, 0x00000000ffffffff
	CHECK	"pfcmplts", %dr3, 0
	CHECK	"pfcmpuods", %dr4, 0xffffffff00000000
	CHECK	"pfcmpnles", %dr5, 0xffffffff00000000
	CHECK	"pfcmpneqs", %dr6, 0xffffffff00000000
	CHECK	"pfcmpods", %dr7, 0x00000000ffffffff
	CHECK	"pfcmples", %dr8, 0x00000000ffffffff
	{
	  addd,0 0, 0xbfe0000000000000, %dr10	! -0.5
	  addd,1 0, 0x4000000000000000, %dr11	! 2.0
	}
	{
	  addd,0 0, 0x7ff8000000000000, %dr12	! NaN
	  addd,1 0, 0x4008000000000000, %dr13	! 3.0
	}
	{
	  pfmaxd,0 %dr10, %dr11, %dr2
	  pfmind,1 %dr10, %dr11, %dr3
	  pfcmpled,3 %dr10, %dr11, %dr4
	  pfcmpeqd,4 %dr12, %dr12, %dr5
	}
	{
	  pfdivd,5 %dr13, %dr10, %dr6
	  pfcmpuodd,0 %dr12, %dr10, %dr7
	}
	CHECK	"pfmaxd", %dr2, 0x4000000000000000
	CHECK	"pfmind", %dr3, 0xbfe0000000000000
	CHECK	"pfcmpled", %dr4, -1
	CHECK	"pfcmpeqd NaN", %dr5, 0
	CHECK	"pfdivd", %dr6, 0xc018000000000000
	CHECK	"pfcmpuodd", %dr7, -1
	{
	  addd,0 0, 0x40400000c0000000, %dr14	! Z = { -2.0, 3.0 }
	  addd,1 0, 0x3e8000003f800000, %dr15	! W = { 1.0, 0.25 }
	}
	{
	  addd,0 0, 0x3f8000003f000000, %dr16	! V = { 0.5, 1.0 }
	}
	{
	  pfhadds,0 %dr14, %dr15, %dr2
	  pfhsubs,1 %dr14, %dr15, %dr3
	  pfaddsubs,3 %dr14, %dr15, %dr4
	}
	CHECK	"pfhadds", %dr2, 0x3fa000003f800000
	CHECK	"pfhsubs", %dr3, 0x3f400000c0a00000
	CHECK	"pfaddsubs", %dr4, 0x40500000c0400000
	{
	  addd,0 0, 0x00000007fffffffd, %dr17	! { -3, 7 }
	  addd,1 0, 0xbfc0000040200000, %dr18	! { 2.5, -1.5 }
	}
	{
	  pistofs,0 %dr17, %dr2
	  pfstois,1 %dr18, %dr3
	  pfstoifs,3 3, %dr18, %dr4
	}
	CHECK	"pistofs", %dr2, 0x40e00000c0400000
	CHECK	"pfstois rounds to even", %dr3, 0xfffffffe00000002
	CHECK	"pfstoifs toward zero", %dr4, 0xbf80000040000000
	{
	  pfmul_adds,0 %dr14, %dr15, %dr16, %dr2
	  pfmul_rsubs,1 %dr14, %dr15, %dr16, %dr3
	  pfadd_hadds,3 %dr14, %dr15, %dr16, %dr4
	}
	{
	  addd,0 0, 0x3fe0000000000000, %dr19	! 0.5
	  addd,1 0, 0x3ff0000000000000, %dr20	! 1.0
	}
	{
	  pfmul_subd,0 %dr13, %dr19, %dr20, %dr5
	}
	CHECK	"pfmul_adds: src3 + src1*src2", %dr2, 0x3fe00000bfc00000
	CHECK	"pfmul_rsubs: src1*src2 - src3", %dr3, 0xbe800000c0200000
	CHECK	"pfadd_hadds: hadd(src3, src1+src2)", %dr4, 0x401000003fc00000
	CHECK	"pfmul_subd: src3 - src1*src2", %dr5, 0xbfe0000000000000
	{
	  pfsub_hadds,0 %dr14, %dr15, %dr16, %dr2
	  pfaddsub_adds,1 %dr14, %dr15, %dr16, %dr3
	  pfhadd_subs,3 %dr14, %dr15, %dr16, %dr4
	}
	CHECK	"pfsub_hadds: hadd(src3, src1-src2)", %dr2, 0xbe8000003fc00000
	CHECK	"pfaddsub_adds: src3 + addsub(src1, src2)", %dr3, 0x40880000c0200000
	CHECK	"pfhadd_subs: src3 - hadd(src1, src2)", %dr4, 0xbe800000bf000000
	FINISH

	.include "e2k-lib.inc"
