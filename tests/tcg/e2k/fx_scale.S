! fx_scale -- v4+ fxscalesx x, n: x * 2^n for a signed 32-bit n (register or
! literal), one rounding, as glibc's scalbnl/ldexpl use it on v4+
! (sysdeps/e2k/fpu/s_scalbnl.c).  80-bit values as mantissa (%drN of %xrN)
! and sign + exponent (movfi).  By hand: 1.5 * 2^10 = 1536 (double
! 0x4098000000000000), 3 * 2^-2 = 0.75 (0x3fe8...), 1.5 * 2^5 = 48
! (0x4048...); 2^20000 overflows (+inf, oe pe), 2^-20000 underflows to +0
! (ue pe), 2^-16400 is the exact subnormal with mantissa 2^(16445 - 16400) =
! 2^45 (no flags), 0 * 2^(2^31 - 1) = 0, -inf stays -inf.  Precision control:
! (1 + 2^-60) * 2 is exact at 64 bits, 2.0 at 53 bits (pe) and 2 + 2^-51 at
! 53 bits rounding up (the result rounded to %fpcr.pc like fxmulxx: our choice,
! ISA.md gives no rule for fxscalesx).

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

	! SCALE x, n: %xr12 = fxscalesx(x, n), %dr13 = %fpsr flags, %dr14 = sign + exponent
	.macro	SCALE x, n
	{
	  fxscalesx,1 \x, \n, %xr12
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
	  addd,0 0, 0x3ff8000000000000, %dr0	! 1.5
	  addd,1 0, 0x4008000000000000, %dr1	! 3.0
	}
	{
	  addd,0 0, 0x3ff0000000000000, %dr2	! 1.0
	  addd,1 0, 0xfff0000000000000, %dr3	! -inf
	}
	{
	  addd,0 0, 0, %dr4			! +0.0
	  addd,1 0, 0x8000000000000008, %dr5	! mantissa of 1 + 2^-60
	  addd,3 0, 0x3fff, %dr6		! its exponent
	}
	{
	  fdtofx,0 %dr0, %xr30
	  fdtofx,1 %dr1, %xr31
	  fdtofx,3 %dr2, %xr32
	  fdtofx,4 %dr3, %xr33
	}
	{
	  fdtofx,0 %dr4, %xr34
	  movif,1 %dr5, %r6, %xr35
	  addd,3 0, 10, %dr16
	  addd,4 0, -2, %dr17
	}
	{
	  addd,0 0, 20000, %dr18
	  addd,1 0, -20000, %dr19
	  addd,3 0, -16400, %dr21
	  addd,4 0, 1, %dr22
	  nop 5
	}

	FPCR	0x3f | (3 << 8)
	SCALE	%xr30, %r16
	{
	  fxtofd,0 %xr12, %dr15
	  nop 5
	}
	CHECK	"1.5 * 2^10", %dr15, 0x4098000000000000
	CHECK	"1.5 * 2^10: no flags", %dr13, 0
	SCALE	%xr31, %r17
	{
	  fxtofd,0 %xr12, %dr15
	  nop 5
	}
	CHECK	"3 * 2^-2", %dr15, 0x3fe8000000000000
	{
	  fxscalesx,4 %xr30, 5, %xr12
	  nop 5
	}
	{
	  fxtofd,0 %xr12, %dr15
	  nop 5
	}
	CHECK	"1.5 * 2^5 (literal)", %dr15, 0x4048000000000000

	FPCR	0x3f | (3 << 8)
	SCALE	%xr32, %r18
	CHECK	"2^20000 = +inf", %dr12, 0x8000000000000000
	CHECK	"2^20000 exponent", %dr14, 0x7fff
	CHECK	"2^20000: overflow inexact", %dr13, 0x28
	FPCR	0x3f | (3 << 8)
	SCALE	%xr32, %r19
	CHECK	"2^-20000 = +0", %dr12, 0
	CHECK	"2^-20000 exponent", %dr14, 0
	CHECK	"2^-20000: underflow inexact", %dr13, 0x30
	FPCR	0x3f | (3 << 8)
	SCALE	%xr32, %r21
	CHECK	"2^-16400 subnormal", %dr12, 0x0000200000000000
	CHECK	"2^-16400 exponent", %dr14, 0
	CHECK	"2^-16400 exact: no flags", %dr13, 0
	FPCR	0x3f | (3 << 8)
	SCALE	%xr34, 0x7fffffff
	CHECK	"0 * 2^(2^31-1) = 0", %dr12, 0
	CHECK	"0 * 2^(2^31-1) exponent", %dr14, 0
	CHECK	"0 * 2^(2^31-1): no flags", %dr13, 0
	SCALE	%xr33, %r17
	CHECK	"-inf * 2^-2 mantissa", %dr12, 0x8000000000000000
	CHECK	"-inf * 2^-2 exponent", %dr14, 0xffff
	CHECK	"-inf * 2^-2: no flags", %dr13, 0

	FPCR	0x3f | (3 << 8)
	SCALE	%xr35, %r22
	CHECK	"pc=64: (1+2^-60) * 2", %dr12, 0x8000000000000008
	CHECK	"pc=64: exponent", %dr14, 0x4000
	CHECK	"pc=64: exact", %dr13, 0
	FPCR	0x3f | (2 << 8)
	SCALE	%xr35, %r22
	CHECK	"pc=53: (1+2^-60) * 2 = 2", %dr12, 0x8000000000000000
	CHECK	"pc=53: exponent", %dr14, 0x4000
	CHECK	"pc=53: inexact", %dr13, 0x20
	FPCR	0x3f | (2 << 8) | (2 << 10)
	SCALE	%xr35, %r22
	CHECK	"pc=53 up: 2 + 2^-51", %dr12, 0x8000000000000800
	{
	  rws,0 %r20, %fpcr
	  nop 5
	}
	FINISH

	.include "e2k-lib.inc"
