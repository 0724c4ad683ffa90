! plu -- predicate logic unit: pass (%pred -> @p0..@p3), andp and landp with
! every inversion, cascaded CLPs (@p4 feeding @p5/@p6), pass back to %pred;
! predicates are read before the bundle writes them; RLP-disabled (? %pred)
! operations have no effect at all: no store, no fault, no division trap
! (ISA.md 2.11, 2.12, 4.7).

	.include "e2k-user.inc"

	! PV pred, reg: reg = pred ? 1 : 0
	.macro	PV p, r
	{
	  merged,0 0, 1, \r, \p
	}
	.endm

	START
	{
	  addd,0 0, 1, %dr0
	  addd,1 0, 0, %dr1
	}
	{
	  cmpedb,0 %dr0, 1, %pred0		! a = 1
	  cmpedb,1 %dr1, 1, %pred1		! b = 0
	  cmpedb,3 %dr0, 1, %pred2		! c = 1
	  cmpedb,4 %dr0, 0, %pred3		! d = 0
	  nop 2
	}
	{
	  pass %pred0, @p0
	  pass %pred1, @p1
	  pass %pred2, @p2
	  pass %pred3, @p3
	  andp @p0, ~@p1, @p4			! a & ~b = 1
	  landp ~@p2, ~@p3, @p5			! ~c & ~d = 0
	  andp @p4, @p5, @p6			! 1 & 0 = 0
	  pass @p4, %pred4
	  pass @p5, %pred5
	  pass @p6, %pred6
	}
	{
	  pass %pred0, @p0
	  pass %pred1, @p1
	  landp @p0, @p1, @p4			! a & b = 0
	  andp ~@p0, @p1, @p5			! ~a & b = 0
	  landp ~@p4, ~@p5, @p6			! ~0 & ~0 = 1
	  pass @p4, %pred7
	  pass @p5, %pred8
	  pass @p6, %pred9
	  nop 2
	}
	PV	%pred4, %dr10
	PV	%pred5, %dr11
	PV	%pred6, %dr12
	PV	%pred7, %dr13
	PV	%pred8, %dr14
	PV	%pred9, %dr15
	CHECK	"andp a ~b", %dr10, 1
	CHECK	"landp ~c ~d", %dr11, 0
	CHECK	"andp cascaded @p4 @p5", %dr12, 0
	CHECK	"landp a b", %dr13, 0
	CHECK	"andp ~a b", %dr14, 0
	CHECK	"landp cascaded ~@p4 ~@p5", %dr15, 1
	! the same predicates through the other ELP pair and another CLP slot
	{
	  pass %pred2, @p2
	  pass %pred3, @p3
	  andp @p2, ~@p3, @p5			! c & ~d = 1
	  landp ~@p2, @p3, @p6			! ~c & d = 0
	  pass @p6, %pred20
	  pass @p5, %pred31
	  nop 2
	}
	PV	%pred20, %dr10
	PV	%pred31, %dr11
	CHECK	"landp ~c d -> pred20", %dr10, 0
	CHECK	"andp c ~d -> pred31", %dr11, 1
	! read before write: invert %pred0 while an RLP of the same bundle
	! still sees the old value
	{
	  addd,0 0, 0, %dr16
	  addd,1 0, 0, %dr17
	}
	{
	  pass %pred0, @p0
	  andp ~@p0, ~@p0, @p4
	  pass @p4, %pred0
	  addd,0 0, 1, %dr16 ? %pred0
	  addd,3 0, 1, %dr17 ? ~%pred0
	  nop 2
	}
	PV	%pred0, %dr18
	CHECK	"RLP reads %pred0 before the PLU writes it", %dr16, 1
	CHECK	"RLP ~%pred0 (old value)", %dr17, 0
	CHECK	"%pred0 inverted", %dr18, 0
	! disabled operations: no store to page 0, no load fault, no SIGFPE
	{
	  addd,0 0, 0, %dr19
	  addd,1 0, 77, %dr20
	}
	{
	  std,2 %dr20, %dr19, 0 ? %pred1
	  ldd,0 %dr19, 8, %dr20 ? %pred1
	}
	{
	  sdivd,5 %dr20, %dr19, %dr20 ? ~%pred2
	}
	CHECK	"disabled store/load/div leave %dr20", %dr20, 77
	FINISH

	.include "e2k-lib.inc"
