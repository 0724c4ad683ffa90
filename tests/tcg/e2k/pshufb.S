! pshufb -- byte permutation (PFCMB1, v2+, ISA.md 4.6): result byte i comes
! from byte (c & 7) of src1 when bit 3 of the control byte c = src3.byte[i]
! is set, else of src2; bit 7 set with c[6:4] = 0 gives 0x00.

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, 0x0102030405067f80, %dr0	! src1
	  addd,1 0, 0x1112131415161718, %dr1	! src2
	}
	{
	  addd,0 0, 0x0001020304050607, %dr2	! reverse src2
	  addd,1 0, 0x08090a0b0c0d0e0f, %dr3	! reverse src1
	}
	{
	  addd,0 0, 0x8008800880088008, %dr4	! zero / src1.byte0
	}
	{
	  pshufb,0 %dr0, %dr1, %dr2, %dr5
	  pshufb,1 %dr0, %dr1, %dr3, %dr6
	  pshufb,3 %dr0, %dr1, %dr4, %dr7
	}
	CHECK	"pshufb reverse src2", %dr5, 0x1817161514131211
	CHECK	"pshufb reverse src1", %dr6, 0x807f060504030201
	CHECK	"pshufb zero bytes", %dr7, 0x0080008000800080
	FINISH

	.include "e2k-lib.inc"
