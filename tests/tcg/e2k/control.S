! control -- calls through a %ctpr loaded with movtd (indirect call), a
! conditional call that is not taken, a disp whose ct is not taken followed
! by a taken ibranch, a jump table through movtd, mutual recursion and a
! 20000-deep recursion (register window spill/fill far beyond the
! hardware stack), results passed back through the window overlap
! (ISA.md 6, 7.1).

	.include "e2k-user.inc"

	START
	! indirect call: movtd of a procedure address into %ctpr1
	{
	  addd,0 0, add3, %dr0
	  addd,1 0, 40, %dr24
	  addd,2 0, 2, %dr25
	}
	{
	  movtd,0 %dr0, %ctpr1
	  addd,1 0, 0x10000, %dr26
	  nop 3
	}
	{
	  call %ctpr1, wbs = 12
	}
	CHECK	"indirect call via movtd", %dr24, 0x1002a
	! conditional call not taken: %dr24 keeps its value
	{
	  addd,0 0, 0, %dr1
	}
	{
	  cmpedb,0 %dr1, 1, %pred0		! false
	  addd,1 0, 5, %dr24
	  nop 2
	}
	{
	  disp %ctpr2, add3
	  nop 3
	}
	{
	  call %ctpr2, wbs = 12 ? %pred0
	}
	{
	  addd,0 0, %dr24, %dr8
	  addd,1 0, 1, %dr25
	  addd,2 0, 1, %dr26
	}
	{
	  call %ctpr2, wbs = 12 ? ~%pred0
	}
	{
	  addd,0 0, %dr24, %dr9
	}
	CHECK	"call ? false not taken", %dr8, 5
	CHECK	"call ? ~false taken, same ctpr", %dr9, 7
	! ct not taken, then ibranch taken
	{
	  addd,0 0, 0, %dr2
	  disp %ctpr2, .Lwrong
	  nop 3
	}
	{
	  ct %ctpr2 ? %pred0
	}
	{
	  addd,0 %dr2, 1, %dr2
	}
	ibranch	.Lright ? ~%pred0
.Lwrong:
	{
	  addd,0 %dr2, 100, %dr2
	}
.Lright:
	CHECK	"ct not taken, ibranch taken", %dr2, 1
	! jump table: index 2 of 3
	{
	  addd,0 0, .Ltable, %dr3
	  addd,1 0, 16, %dr4
	}
	{
	  ldd,0 %dr3, %dr4, %dr5
	}
	{
	  movtd,0 %dr5, %ctpr3
	  addd,1 0, 0, %dr6
	  nop 3
	}
	{
	  ct %ctpr3
	}
.Lcase0:
	{
	  addd,0 %dr6, 1, %dr6
	}
.Lcase1:
	{
	  addd,0 %dr6, 10, %dr6
	}
.Lcase2:
	{
	  addd,0 %dr6, 100, %dr6
	}
	CHECK	"jump table case 2", %dr6, 100
	! mutual recursion: is_odd(1001)
	{
	  addd,0 0, 1001, %dr24
	}
	CALLP	is_odd
	CHECK	"is_odd(1001)", %dr24, 1
	{
	  addd,0 0, 1000, %dr24
	}
	CALLP	is_odd
	CHECK	"is_odd(1000)", %dr24, 0
	! deep recursion with a value kept in the caller's window across it
	{
	  addd,0 0, 20000, %dr24
	  addd,1 0, 0x5a5a, %dr7
	}
	CALLP	sumto
	CHECK	"sumto(20000)", %dr24, 200010000
	CHECK	"caller register survives the deep recursion", %dr7, 0x5a5a
	FINISH

! add3(a, b, c) -> a + b + c
	PROC	add3
	{
	  addd,0 %dr0, %dr1, %dr0
	}
	{
	  addd,0 %dr0, %dr2, %dr0
	}
	RETP
	ENDPROC	add3

! is_odd(n) = n == 0 ? 0 : is_even(n - 1); is_even(n) = n == 0 ? 1 : is_odd(n - 1)
	PROC	is_odd
	{
	  cmpedb,0 %dr0, 0, %pred0
	  subd,1 %dr0, 1, %dr24
	  addd,2 0, 0, %dr1
	  nop 2
	}
	ibranch	.Lodd_done ? %pred0
	CALLP	is_even
	{
	  addd,0 0, %dr24, %dr1
	}
.Lodd_done:
	{
	  addd,0 0, %dr1, %dr0
	}
	RETP
	ENDPROC	is_odd

	PROC	is_even
	{
	  cmpedb,0 %dr0, 0, %pred0
	  subd,1 %dr0, 1, %dr24
	  addd,2 0, 1, %dr1
	  nop 2
	}
	ibranch	.Leven_done ? %pred0
	CALLP	is_odd
	{
	  addd,0 0, %dr24, %dr1
	}
.Leven_done:
	{
	  addd,0 0, %dr1, %dr0
	}
	RETP
	ENDPROC	is_even

! sumto(n) = n + sumto(n - 1), sumto(0) = 0
	PROC	sumto
	{
	  cmpedb,0 %dr0, 0, %pred0
	  subd,1 %dr0, 1, %dr24
	  nop 2
	}
	ibranch	.Lsum_done ? %pred0
	CALLP	sumto
	{
	  addd,0 %dr0, %dr24, %dr0
	}
.Lsum_done:
	RETP
	ENDPROC	sumto

	.include "e2k-lib.inc"

	.data
	.align	8
.Ltable:
	.quad	.Lcase0, .Lcase1, .Lcase2
