! fx_sqrt -- the 80-bit square root chain as glibc's sqrtl runs it
! (sysdeps/e2k/fpu/e_sqrtl.S): fxsqrtixx x, t; fxsqrtuxx x, t, t;
! fxsqrttxx x, t, r gives r = sqrt(x), rounded with the precision [9:8] and
! rounding [11:10] of %fpcr, flags into %fpsr [5:0] (ie 0x1, pe 0x20; every
! x87 exception masked).  Wants by hand: the 64-bit mantissa of sqrt(2) is
! floor(sqrt(2 * 2^126)) = 0xb504f333f9de6484 with a remainder below half an
! ulp (integer square roots, checked with Python's math.isqrt), so nearest and
! down give ...6484, up gives ...6485; at 53 bits it is the double sqrt(2)
! 0x3ff6a09e667f3bcd, at 24 bits the single 0x3fb504f3.  IEEE: sqrt(-0) = -0,
! sqrt(+inf) = +inf, sqrt(-1) = default NaN (mantissa 0xc000000000000000) and
! ie, a quiet NaN passes without flags.

	.include "e2k-user.inc"

	! FPCR v: %fpcr = v, %fpsr = 0
	.macro	FPCR v
	{
	  addd,0 0, \v, %dr9
	}
	{
	  rws,0 %r9, %fpcr
	  nop 5
	}
	{
	  rws,0 %r8, %fpsr
	  nop 5
	}
	.endm

	! SQRT x: %xr12 = sqrt(x) by the three steps (t in %xr11),
	! %dr13 = %fpsr flags, %dr14 = sign + exponent of the result
	.macro	SQRT x
	{
	  fxsqrtixx,5 \x, %xr11
	  nop 5
	}
	{
	  fxsqrtuxx,5 \x, %xr11, %xr11
	  nop 5
	}
	{
	  fxsqrttxx,5 \x, %xr11, %xr12
	  nop 5
	}
	{
	  rrs,0 %fpsr, %r13
	  movfi,1 %xr12, %r14
	  nop 5
	}
	{
	  andd,0 %dr13, 0x3f, %dr13
	  andd,1 %dr14, 0xffff, %dr14
	}
	.endm

	START
	{
	  setwd wsz = 20, nfx = 0
	}
	{
	  rrs,0 %fpcr, %r20
	  addd,1 0, 0, %dr8
	}
	{
	  addd,0 0, 0x4002000000000000, %dr0	! 2.25
	  addd,1 0, 0x4000000000000000, %dr1	! 2.0
	}
	{
	  addd,0 0, 0xbff0000000000000, %dr2	! -1.0
	  addd,1 0, 0x8000000000000000, %dr3	! -0.0
	}
	{
	  addd,0 0, 0x7ff0000000000000, %dr4	! +inf
	  addd,1 0, 0x7ff8000000000000, %dr5	! quiet NaN
	  addd,3 0, 0, %dr6			! +0.0
	}
	{
	  fdtofx,0 %dr0, %xr30
	  fdtofx,1 %dr1, %xr31
	  fdtofx,3 %dr2, %xr32
	  fdtofx,4 %dr3, %xr33
	}
	{
	  fdtofx,0 %dr4, %xr34
	  fdtofx,1 %dr5, %xr35
	  fdtofx,3 %dr6, %xr36
	  nop 5
	}

	FPCR	0x3f | (3 << 8)
	SQRT	%xr30
	CHECK	"sqrt 2.25 = 1.5", %dr12, 0xc000000000000000
	CHECK	"sqrt 2.25 exponent", %dr14, 0x3fff
	CHECK	"sqrt 2.25 exact: no flags", %dr13, 0

	FPCR	0x3f | (3 << 8)
	SQRT	%xr31
	CHECK	"sqrt 2 nearest", %dr12, 0xb504f333f9de6484
	CHECK	"sqrt 2 exponent", %dr14, 0x3fff
	CHECK	"sqrt 2 inexact", %dr13, 0x20
	FPCR	0x3f | (3 << 8) | (2 << 10)
	SQRT	%xr31
	CHECK	"sqrt 2 up", %dr12, 0xb504f333f9de6485
	FPCR	0x3f | (3 << 8) | (1 << 10)
	SQRT	%xr31
	CHECK	"sqrt 2 down", %dr12, 0xb504f333f9de6484
	FPCR	0x3f | (3 << 8) | (3 << 10)
	SQRT	%xr31
	CHECK	"sqrt 2 toward zero", %dr12, 0xb504f333f9de6484
	FPCR	0x3f | (2 << 8)
	SQRT	%xr31
	CHECK	"sqrt 2 pc=53", %dr12, 0xb504f333f9de6800
	{
	  fxtofd,0 %xr12, %dr15
	  nop 5
	}
	CHECK	"sqrt 2 pc=53 is the double sqrt 2", %dr15, 0x3ff6a09e667f3bcd
	FPCR	0x3f | (0 << 8)
	SQRT	%xr31
	CHECK	"sqrt 2 pc=24", %dr12, 0xb504f30000000000
	CHECK	"sqrt 2 pc=24 inexact", %dr13, 0x20

	FPCR	0x3f | (3 << 8)
	SQRT	%xr32
	CHECK	"sqrt -1: invalid", %dr13, 1
	{
	  andd,0 %dr14, 0x7fff, %dr14
	}
	CHECK	"sqrt -1: NaN exponent", %dr14, 0x7fff
	CHECK	"sqrt -1: default NaN mantissa", %dr12, 0xc000000000000000

	FPCR	0x3f | (3 << 8)
	SQRT	%xr33
	CHECK	"sqrt -0 = -0", %dr12, 0
	CHECK	"sqrt -0 sign", %dr14, 0x8000
	CHECK	"sqrt -0: no flags", %dr13, 0

	FPCR	0x3f | (3 << 8)
	SQRT	%xr36
	CHECK	"sqrt +0 = +0", %dr12, 0
	CHECK	"sqrt +0 exponent", %dr14, 0

	FPCR	0x3f | (3 << 8)
	SQRT	%xr34
	CHECK	"sqrt +inf mantissa", %dr12, 0x8000000000000000
	CHECK	"sqrt +inf exponent", %dr14, 0x7fff
	CHECK	"sqrt +inf: no flags", %dr13, 0

	FPCR	0x3f | (3 << 8)
	SQRT	%xr35
	CHECK	"sqrt qNaN mantissa", %dr12, 0xc000000000000000
	CHECK	"sqrt qNaN exponent", %dr14, 0x7fff
	CHECK	"sqrt qNaN: no flags", %dr13, 0

	! a false predicate suppresses the final step
	FPCR	0x3f | (3 << 8)
	{
	  addd,0 0, 0x1234, %dr12
	  cmpesb,1 %r8, 1, %pred0
	}
	{
	  fxsqrttxx,5 %xr30, %xr30, %xr12 ? %pred0
	  nop 5
	}
	CHECK	"fxsqrttxx ? false: dst kept", %dr12, 0x1234
	{
	  rws,0 %r20, %fpcr
	  nop 5
	}
	FINISH

	.include "e2k-lib.inc"
