// E2K operations that are not ALS rows: control transfer (SS/CS0/CS1), stubs, set*, PLU, AAU
// mova/fapb, and header bits. The encoder dispatches on `kind`; `shape` documents the syntax.
//
// One row per mnemonic, tab-separated: name  isets ("3-" = v3 and later)  kind  shape
export const CONTROL_TABLE = `
ct	1-	ct	ct %ctprN [? cond]
call	1-	call	call %ctprN, wbs=W [? cond]
ibranch	1-	ibranch	ibranch target [? cond]
rbranch	1-	ibranch	rbranch target (? %MLOCK implied)
done	1-	done	done [? cond]
iret	6-	done	iret [? cond]
hret	6-	done	hret [? cond]
glaunch	6-	done	glaunch [? cond]
hcall	6-	hicall	hcall N, wbs=W [? cond]
icall	6-	hicall	icall target, wbs=W [? cond]
disp	1-	cs0	disp %ctprN, target
ldisp	1-	cs0	ldisp %ctpr2, target
sdisp	1-	cs0	sdisp %ctprN, N
return	1-	cs0	return %ctpr3
gettsd	3-	cs0	gettsd %ctprN
pref	1-	pref	pref %iprN, disp=D[, ipd=I]
ipd	1-	ss	ipd N
alc	1-	ss	alc alcf=F, alct=T | alc N
abn	1-	ss	abn abnf=F, abnt=T | abn N
abp	1-	ss	abp abpf=F, abpt=T | abp N
abg	1-	ss	abg N
bap	1-	ss	bap
eap	1-	ss	eap
crp	1-	rp	crp [? cond]
srp	1-	rp	srp [? cond]
slrp	3-	rp	slrp [? cond]
vfdi	1-	ss	vfdi
flushts	3-	flushts	flushts
setwd	1-	setcmd	setwd wsz=W[, nfx=F][, dbl=D]
setbn	1-	setcmd	setbn rsz=R, rbs=B, rcur=C
setbp	1-	setcmd	setbp psz=P
settr	1-	setcmd	settr type=T
vfrpsz	1-	setcmd	vfrpsz rpsz=N
setei	1-	setcmd	setei N
setsft	1-	setcmd	setsft
wait	1-	wait	wait flag=0|1, ...
flushr	1-	flush	flushr
flushc	1-	flush	flushc
fillr	6-	flush	fillr
fillc	6-	flush	fillc
nop	1-	hs	nop [N]
loop_mode	1-	hs	loop_mode
set_mark	1-	hs	set_mark
pass	1-	pls	pass src, @pN | pass @pN, %predM
andp	1-	pls	andp [~]@pA, [~]@pB, @pC
landp	1-	pls	landp [~]@pA, [~]@pB, @pC
movep	1-	pls	movep [~]@pA, [~]@pB, @pC
clpandp	1-	clp	clpandp [~]%predA, [~]%predB, %predC (brace-less only)
clplandp	1-	clp	clplandp [~]%predA, [~]%predB, %predC (brace-less only)
movab	1-	mova	movab,CH area=A, ind=I, am=M, be=B, dst
movah	1-	mova	movah,CH ...
movaw	1-	mova	movaw,CH ...
movad	1-	mova	movad,CH ...
movaq	1-	mova	movaq,CH ... (two channels)
movaqp	1-	mova	movaqp,CH ...
incr	1-	incr	incr,CH %aaincrN [? cond]
fapb	1-	fapb	fapb field=value, ...
`;

// `wait` flags (CS1 WAIT): name  bit  first iset. gas also sets st_c with sas/las and ld_c with
// sal/lal unless they are written as 0 (then it is an error).
export const WAIT_FLAG_TABLE = `
all_c	0	1
all_e	1	1
st_c	2	1
ld_c	3	1
fl_c	4	1
ma_c	5	1
trap	6	1
sas	7	5
sal	8	5
las	9	6
lal	10	6
mt	11	6
int	12	6
mem_mod	13	6
`;

// mova operations (AAS opc field [14:12]): name  opc  first iset
export const MOVA_TABLE = `
movab	1	1
movah	2	1
movaw	3	1
movad	4	1
movaq	5	1
movaqp	7	1
`;
