! aau_apb -- array prefetch (ISA.md section 13, 8): `ldisp %ctpr2` names an
! fapb program, `bap` starts it, `mova*` in the loop read the elements of
! an area, `eap` stops it.  Model (the fork's): area i of mova channels 0/1
! is the left (ct) entry i of the program, of channels 2/3 the right (dpl)
! one; the element address is aad[d].base + index + disp + the mova's ind,
! the index starting at %aaind[ind] and growing by element size x
! %aaincr[incr] on each mova with am = 1.  An element that cannot be loaded
! (unmapped, or no program running) reads 0xeaed0f70eaed0f70 and never
! faults.
!
! The loop is software-pipelined the way lcc writes it: one loop-mode bundle,
! stage 1 = movad into %db[0], stage 2 = add of %db[2] (what the previous
! iteration's movad wrote, after abn) under %pcnt0, so with lcnt 5, ecnt 1,
! pcnt 1 it runs 6 times and adds elements 0..4: 10+20+30+40+50 = 150.

	.include "e2k-user.inc"

	.equ	LSR_VLC, 1 << 37

	START
	{
	  addd,0 0, .Larr, %dr1
	  addd,1 0, 0, %dr3
	  addd,3 0, 1, %dr2
	}
	{
	  aaurwd,2 %dr1, %aad4
	  aaurw,5 %r2, %aaincr3
	}
	{
	  aaurw,2 %r3, %aaind5
	}
	{
	  setbn rsz = 1, rbs = 8, rcur = 0
	}
	{
	  addd,0 0, LSR_VLC | (1 << 48) | (1 << 32) | 5, %dr5
	  ldisp %ctpr2, .Lapb_sum
	}
	{
	  rwd,0 %dr5, %lsr
	  nop 3
	}
	{
	  bap
	  disp %ctpr1, .Lloop
	  nop 3
	}
	{
	  aaurrd,2 %aasr, %dr6
	  nop 2
	}
.Lloop:
	{
	  loop_mode
	  movad,0 area=0, ind=0, am=1, be=0, %db[0]
	  addd,0 %dr3, %db[2], %dr3 ? %pcnt0
	  alc alcf = 1, alct = 1
	  abn abnf = 1, abnt = 1
	  ct %ctpr1 ? %NOT_LOOP_END
	}
	{
	  eap
	}
	{
	  movad,0 area=0, ind=0, am=0, be=0, %dr7
	  aaurrd,2 %aasr, %dr8
	  nop 2
	}
	CHECK	"pipelined APB sum of 5 elements", %dr3, 150
	CHECK	"aasr.lds active after bap", %dr6, 3 << 7
	CHECK	"aasr.lds stopped after eap", %dr8, 5 << 7
	CHECK	"mova after eap: diagnostic value", %dr7, 0xeaed0f70eaed0f70

	! second program: left area 0 reads words through aad6 (base 0, unmapped),
	! right area 0 dwords of .Larr from %aaind0 (0) + disp 16, stepping by
	! %aaincr0 (1) elements
	{
	  addd,0 0, 0, %dr10
	  addd,1 0, 8, %dr11
	  ldisp %ctpr2, .Lapb_two
	}
	{
	  aaurwd,2 %dr10, %aad6
	  aaurw,5 %r11, %aaind5
	  nop 3
	}
	{
	  bap
	}
	{
	  movaw,0 area=0, ind=0, am=1, be=0, %dr12
	  movad,2 area=0, ind=0, am=1, be=0, %dr13
	}
	{
	  movad,2 area=0, ind=8, am=0, be=0, %dr14
	  movad,3 area=0, ind=0, am=0, be=1, %dr15
	}
	{
	  movaw,1 area=0, ind=4, am=0, be=0, %dr16
	  eap
	}
	CHECK	"unmapped element: diagnostic value, no fault", %dr12, 0xeaed0f70eaed0f70
	CHECK	"right area: element at disp 16", %dr13, 30
	CHECK	"after am: next element + ind 8", %dr14, 50
	CHECK	"be = 1: byte-reversed element", %dr15, 0x2800000000000000
	CHECK	"other channel of the left side, advanced area", %dr16, 0xeaed0f70eaed0f70

	! third: a pipelined copy, movad -> %db[0], staad of %db[2] with incr in
	! the same loop-mode bundle.  lcnt 3, ecnt 1, pcnt 1, strmd 1: 4 runs; the
	! store of run 1 (prologue) is suppressed and does not advance %aasti6,
	! runs 2..4 store elements 0..2 (run 4 is #LOOP_END but strmd is 1).
	{
	  addd,0 0, .Lcopy, %dr1
	  addd,1 0, 0, %dr2
	  ldisp %ctpr2, .Lapb_sum
	}
	{
	  aaurwd,2 %dr1, %aad5
	  aaurw,5 %r2, %aasti6
	}
	{
	  aaurw,2 %r2, %aaind5
	  addd,0 0, LSR_VLC | (1 << 53) | (1 << 48) | (1 << 32) | 3, %dr5
	}
	{
	  rwd,0 %dr5, %lsr
	  nop 3
	}
	{
	  bap
	  disp %ctpr1, .Lcopy_loop
	  nop 3
	}
.Lcopy_loop:
	{
	  loop_mode
	  movad,0 area=0, ind=0, am=1, be=0, %db[0]
	  staad,2 %db[2], %aad5 [ %aasti6 ]
	  incr,2 %aaincr3
	  alc alcf = 1, alct = 1
	  abn abnf = 1, abnt = 1
	  ct %ctpr1 ? %NOT_LOOP_END
	}
	{
	  eap
	  aaurrd,2 %aasti6, %dr17
	  ldd,0 %dr1, 0, %dr18
	  ldd,3 %dr1, 8, %dr19
	  nop 2
	}
	{
	  ldd,0 %dr1, 16, %dr20
	  ldd,3 %dr1, 24, %dr21
	}
	CHECK	"copy: element 0 (prologue store suppressed)", %dr18, 10
	CHECK	"copy: element 1", %dr19, 20
	CHECK	"copy: element 2 (epilogue store, strmd 1)", %dr20, 30
	CHECK	"copy: nothing stored past the end", %dr21, 0xee
	CHECK	"copy: aasti6 advanced 3 times", %dr17, 24
	FINISH

	.include "e2k-lib.inc"

	.text
	.align	16
.Lapb_sum:
	{
	  fapb ct=1, dcd=0, fmt=4, mrng=8, d=4, incr=3, ind=5, asz=0, abs=0, disp=0
	  fapb dpl=0, fmt=0
	}
.Lapb_two:
	{
	  fapb ct=1, dcd=0, fmt=3, mrng=8, d=6, incr=3, ind=5, asz=0, abs=0, disp=4
	  fapb dpl=0, dcd=0, fmt=4, mrng=8, d=4, incr=0, ind=0, asz=0, abs=0, disp=16
	}

	.data
	.align	8
.Larr:
	.quad	10, 20, 30, 40, 50, 1000
.Lcopy:
	.quad	0xee, 0xee, 0xee, 0xee
