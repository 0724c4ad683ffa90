! rotate_chain -- rotation across chained blocks (ISA.md 7.2, 8): the
! translator specializes blocks on the rotation, so a one-bundle loop body
! with abn becomes a ring of blocks, one per rcur.  These checks must hold
! whatever the phase the loop is entered or left in.
!
! loopn(N): setbn rsz = 2, rbs = 8 (the area %b[0..5] is %dr16..%dr21, three
! phases), then N iterations of
!     %b[0] := %b[2] + 1 ; %r1 += %b[2] ; abn ; ct ? #NOT_LOOP_END
! with %lsr = vlc | lcnt N (no loop_mode).  abn makes the new %b[2] the old
! %b[0], so %b[2] counts 0, 1, ... N and %dr1 sums 0 .. N-1 = N(N-1)/2.
! Each iteration rcur := (rcur - 1) mod 3, so it ends at (-N) mod 3 and
! the last iteration starts at (1 - N) mod 3: N = 4, 5, 6 leave the loop
! from rcur 0, 2, 1 and end at rcur 2, 1, 0 (N = 7: from 0, ends at 2).
! A marker written through %db[0] afterwards lands in %dr(16 + 2 rcur).
! The iteration that starts with lcnt 1 is the last (#LOOP_END, ISA.md 8.2)
! and its alc counts lcnt down to 0.
!
! edges(x): %pred0 = 1, %pred1 = 0 rotating (setbp psz = 1), %b area rsz = 1,
! then one bundle "abn abnf = 0, abnt = 1; abp abpf = 1, abpt = 0;
! ct ? %pred2" with %pred2 = (x == 0): the taken edge rotates the registers
! only, the fall-through edge the predicates only.

	.include "e2k-user.inc"

	.equ	LSR_VLC, 1 << 37

	! PV pred, reg: reg = pred ? 1 : 0
	.macro	PV p, r
	{
	  merged,0 0, 1, \r, \p
	}
	.endm

	! RUN n, sum, reg: call loopn(n) and check what it returns
	.macro	RUN n, sum, reg
	{
	  addd,0 0, \n, %dr24
	}
	CALLP	loopn
	{
	  addd,0 0, %dr24, %dr8
	  addd,1 0, %dr25, %dr9
	  addd,2 0, %dr26, %dr10
	  addd,3 0, %dr27, %dr11
	}
	CHECK	"loop \n: %b[2] counted to N", %dr8, \n
	CHECK	"loop \n: sum", %dr9, \sum
	CHECK	"loop \n: marker in the register of the final rcur", %dr10, \reg
	CHECK	"loop \n: lcnt after the loop", %dr11, 0
	.endm

	START
	RUN	4, 6, 20
	RUN	5, 10, 18
	RUN	6, 15, 16
	! the same again: the ring of specialized blocks exists now
	RUN	4, 6, 20
	RUN	7, 21, 20
	{
	  addd,0 0, 0, %dr24
	}
	CALLP	edges
	{
	  addd,0 0, %dr24, %dr8
	  addd,1 0, %dr25, %dr9
	}
	CHECK	"taken edge: abn done (%b[0] = old %b[2])", %dr8, 101
	CHECK	"taken edge: abp not done (%pred0 still 1)", %dr9, 1
	{
	  addd,0 0, 1, %dr24
	}
	CALLP	edges
	{
	  addd,0 0, %dr24, %dr8
	  addd,1 0, %dr25, %dr9
	}
	CHECK	"fall-through edge: abn not done (%b[0] still 100)", %dr8, 100
	CHECK	"fall-through edge: abp done (%pred0 = old %pred1 = 0)", %dr9, 0
	FINISH

! loopn(%dr0 = N) -> %dr0 = final %b[2], %dr1 = sum, %dr2 = the number of
! the register the final %b[0] names (16, 18 or 20), %dr3 = lcnt
	PROC	loopn
	{
	  setbn rsz = 2, rbs = 8, rcur = 0
	  ord,0 %dr0, LSR_VLC, %dr4
	}
	{
	  rwd,0 %dr4, %lsr
	  addd,1 0, 0, %db[2]
	  addd,2 0, 0, %dr1
	  disp %ctpr1, .Lbody
	  nop 5
	}
.Lbody:
	{
	  alc alcf = 1, alct = 1
	  abn abnf = 1, abnt = 1
	  addd,0 %db[2], 1, %db[0]
	  addd,1 %dr1, %db[2], %dr1
	  ct %ctpr1 ? #NOT_LOOP_END
	}
	{
	  rrd,0 %lsr, %dr3
	  addd,1 0, %db[2], %dr0
	  addd,2 0, 777, %db[0]
	  nop 4
	}
	{
	  andd,0 %dr3, 0xffffffff, %dr3
	}
	! which of %dr16/%dr18/%dr20 got the marker
	{
	  cmpedb,0 %dr16, 777, %pred0
	  cmpedb,1 %dr18, 777, %pred1
	  cmpedb,3 %dr20, 777, %pred2
	  nop 2
	}
	{
	  addd,0 0, 0, %dr2
	}
	{
	  addd,0 0, 16, %dr2 ? %pred0
	}
	{
	  addd,0 0, 18, %dr2 ? %pred1
	}
	{
	  addd,0 0, 20, %dr2 ? %pred2
	}
	RETP
	ENDPROC	loopn

! edges(%dr0 = x) -> %dr0 = %b[0] afterwards, %dr1 = %pred0 afterwards
	PROC	edges
	{
	  setbn rsz = 1, rbs = 8, rcur = 0
	  setbp psz = 1
	}
	{
	  addd,2 0, 100, %db[0]
	  addd,5 0, 101, %db[2]
	  cmpedb,0 %dr0, 0, %pred2
	  cmpedb,1 %dr0, %dr0, %pred0
	  cmpedb,3 %dr0, 12345, %pred1
	  disp %ctpr1, .Ltarget
	  nop 3
	}
	{
	  abn abnf = 0, abnt = 1
	  abp abpf = 1, abpt = 0
	  ct %ctpr1 ? %pred2
	}
	{
	  nop 1
	}
.Ltarget:
	{
	  addd,0 0, %db[0], %dr0
	}
	PV	%pred0, %dr1
	RETP
	ENDPROC	edges

	.include "e2k-lib.inc"
