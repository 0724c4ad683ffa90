! mem_mas -- loads and stores with a MAS (CS1 opc 6): MAS.be (bit 3) makes
! the access big-endian, MAS.na (bit 4) is only an alignment hint; mod 0
! is an ordinary access (ISA.md 5.2).

	.include "e2k-user.inc"

	START
	{
	  addd,0 0, .Lbuf, %dr0
	  addd,1 0, .Lscratch, %dr1
	}
	{
	  ldw,0 %dr0, 0, %dr10, mas = 0x8
	  ldd,2 %dr0, 8, %dr11, mas = 0x8
	}
	CHECK	"ldw big-endian (mas 0x8)", %dr10, 0x11223344
	CHECK	"ldd big-endian (mas 0x8)", %dr11, 0x8899aabbccddeeff
	{
	  ldh,3 %dr0, 1, %dr12, mas = 0x18
	  ldb,5 %dr0, 2, %dr13, mas = 0x8
	}
	CHECK	"ldh unaligned big-endian (mas 0x18)", %dr12, 0x2233
	CHECK	"ldb big-endian (mas 0x8)", %dr13, 0x33
	{
	  std,2 %dr11, %dr1, 0, mas = 0x8
	}
	{
	  ldd,0 %dr1, 0, %dr14
	}
	CHECK	"std big-endian (mas 0x8)", %dr14, 0xffeeddccbbaa9988
	{
	  ldd,0 %dr0, 1, %dr15, mas = 0x10
	}
	CHECK	"ldd unaligned with mas.na", %dr15, 0x8888776655443322
	FINISH

	.include "e2k-lib.inc"

	.data
	.align	8
.Lbuf:
	.quad	0x8877665544332211, 0xffeeddccbbaa9988
.Lscratch:
	.quad	0
