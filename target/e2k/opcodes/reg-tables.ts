// E2K register name tables for the assembler and disassembler (facts from MCST binutils'
// state-regs / mu-regs / aau-regs definitions, re-expressed as rows).
//
// STATE: name (without %)  number(hex)  isets  flags: w = gas adds `wait all_e` after a brace-less
//        rws/rwd, n = gas adds `nop 4` after a brace-less rrs/rrd ("-" = no)
// MMU:   name  address(hex, src2 literal)  first iset  MAS opc(hex; MAS = opc<<3|7)
//        read channel ("-" = write-only)  writable from iset (0 = never)
// AAU:   name  class(hex)  register number field: dN = opce1[15:11], iN = opce1[10:7], "-" none
export const STATE_REG_TABLE = `
psr	00	1-6	w-
wd	01	1-6	--
core_mode	04	3-6	--
cwd	06	1-6	w-
psp.hi	07	1-6	w-
psp.lo	09	1-6	w-
pshtp	0b	1-6	w-
pcsp.hi	0d	1-6	w-
pcsp.lo	0f	1-6	w-
pcshtp	13	1-6	--
ctpr1	15	1-6	--
ctpr1.lo	15	6-6	--
ctpr2	16	1-6	--
ctpr2.lo	16	6-6	--
ctpr3	17	1-6	--
ctpr3.lo	17	6-6	--
ctpr1.hi	19	6-6	--
ctpr2.hi	1a	6-6	--
ctpr3.hi	1b	6-6	--
usbr	1e	1-6	--
sbr	1e	1-6	--
cutd	21	1-6	w-
oscutd	22	6-6	w-
eir	23	1-6	--
tsd	24	1-2	--
cuir	25	1-6	--
oscud.hi	26	1-6	w-
oscud.lo	27	1-6	w-
osgd.hi	28	1-6	w-
osgd.lo	29	1-6	w-
osem	2a	1-6	w-
oscuir	2b	6-6	--
usd.hi	2c	1-6	w-
usd.lo	2d	1-6	w-
tr	2e	1-2	--
osr0	2f	1-6	--
cud.hi	30	1-6	-n
cud.lo	31	1-6	-n
gd.hi	32	1-6	-n
gd.lo	33	1-6	-n
cs.hi	34	1-6	w-
cs.lo	35	1-6	w-
ds.hi	36	1-6	w-
ds.lo	37	1-6	w-
es.hi	38	1-6	w-
es.lo	39	1-6	w-
fs.hi	3a	1-6	w-
fs.lo	3b	1-6	w-
gs.hi	3c	1-6	w-
gs.lo	3d	1-6	w-
ss.hi	3e	1-6	w-
ss.lo	3f	1-6	w-
dibcr	40	1-6	--
dimcr	41	1-6	--
dibsr	42	1-6	--
dtcr	43	1-6	--
dimtp.hi	46	6-6	--
dimtp.lo	47	6-6	--
dibar0	48	1-6	--
dibar1	49	1-6	--
dibar2	4a	1-6	--
dibar3	4b	1-6	--
dimar0	4c	1-6	--
dimar1	4d	1-6	--
dtarf	4e	1-6	--
dtart	4f	1-6	--
cr0.hi	51	1-6	--
cr0.lo	53	1-6	--
cr1.hi	55	1-6	--
cr1.lo	57	1-6	--
sh_psp.hi	58	6-6	--
sh_psp.lo	59	6-6	--
bu_psp.hi	5a	6-6	--
bu_psp.lo	5b	6-6	--
sh_pcsp.hi	5c	6-6	--
sh_pcsp.lo	5d	6-6	--
sh_pshtp	5e	6-6	--
sh_pcshtp	5f	6-6	--
virt_ctrl_cu	60	6-6	--
hceb	61	6-6	--
hcem	62	6-6	--
g_preempt_tmr	63	6-6	--
intc_info_cu	64	6-6	--
intc_ptr_cu	65	6-6	--
sh_psr	66	6-6	--
sh_core_mode	67	6-6	--
sh_oscud.hi	68	6-6	--
sh_oscud.lo	69	6-6	--
sh_osgd.hi	6a	6-6	--
sh_osgd.lo	6b	6-6	--
sh_oscutd	6c	6-6	--
sh_oscuir	6d	6-6	--
sh_osr0	6e	6-6	--
sh_sclkm3	6f	6-6	--
sclkm1	70	3-6	--
sclkm2	71	3-6	--
sclkm3	72	3-6	--
bu_pcsp.hi	74	6-6	--
bu_pcsp.lo	75	6-6	--
sh_wd	76	6-6	--
cu_hw0	78	2-6	--
cu_hw1	79	5-6	--
upsr	80	1-6	--
ip	81	1-6	--
nip	82	1-6	--
lsr	83	1-6	--
pfpfr	84	1-6	--
fpcr	85	1-6	--
fpsr	86	1-6	--
ilcr	87	1-6	--
br	88	1-6	--
bgr	89	1-6	--
idr	8a	2-6	--
clkr	90	1-6	--
rndpr	91	3-6	--
sclkr	92	3-6	--
tir.hi	9c	1-6	--
tir.lo	9d	1-6	--
rpr.lo	a0	1-6	--
rpr	a0	1-6	--
sbbp	a1	1-6	--
rpr.hi	a2	1-6	--
upsrm	c0	3-6	--
lsr1	c3	5-6	--
ilcr1	c7	5-6	--
`;

export const MMU_REG_TABLE = `
mmu_cr	0	1	8	2	1
cont	10	1	8	2	1
pid	10	6	8	2	1
cr3_rg	20	1	8	2	1
u2_pptb	20	6	8	2	1
elb_ptb	30	1	8	2	1
u_vptb	30	6	8	2	1
root_ptb	40	1	8	2	1
u_pptb	40	6	8	2	1
trap_point	50	1	8	2	1
trap_count	60	1	8	2	6
mpt_b	70	1	8	2	1
pci_l_b	80	1	8	2	1
us_cl_d	90	1	8	2	1
ph_h_b	a0	1	8	2	1
used_4kb_dtlb	b0	2	8	2	1
used_dtlb_mpt_dw	c0	2	8	2	1
apic_base	d0	1	8	2	1
mu_hw0	e0	2	8	2	1
cont_second	f0	3	8	2	1
pid2	f0	6	8	2	1
mtrr0	100	1	8	2	1
mtrr1	110	1	8	2	1
mtrr2	120	1	8	2	1
mtrr3	130	1	8	2	1
mtrr4	140	1	8	2	1
mtrr5	150	1	8	2	1
mtrr6	160	1	8	2	1
mtrr7	170	1	8	2	1
mtrr8	180	1	8	2	1
mtrr9	190	1	8	2	1
mtrr10	1a0	1	8	2	1
mtrr11	1b0	1	8	2	1
mtrr12	1c0	1	8	2	1
mtrr13	1d0	1	8	2	1
mtrr14	1e0	1	8	2	1
mtrr15	1f0	1	8	2	1
mtrr16	200	1	8	2	1
mtrr17	210	1	8	2	1
mtrr18	220	1	8	2	1
mtrr19	230	1	8	2	1
mtrr20	240	1	8	2	1
mtrr21	250	1	8	2	1
mtrr22	260	1	8	2	1
mtrr23	270	1	8	2	1
mtrr24	280	1	8	2	1
mtrr25	290	1	8	2	1
mtrr26	2a0	1	8	2	1
mtrr27	2b0	1	8	2	1
mtrr28	2c0	1	8	2	1
mtrr29	2d0	1	8	2	1
mtrr30	2e0	1	8	2	1
mtrr31	2f0	1	8	2	1
mtrr32	300	1	8	2	1
pat	310	3	8	2	1
ph_hi_l_b	320	3	8	2	1
ph_hi_h_b	330	3	8	2	1
os_vptb	340	6	8	2	1
os_pptb	350	6	8	2	1
pdpte0	380	1	8	2	1
pdpte1	390	1	8	2	1
pdpte2	3a0	1	8	2	1
pdpte3	3b0	1	8	2	1
tlu_cache	3c0	3	8	2	1
tlu_cmd_mem	3e0	3	8	2	1
virt_ctrl_mu	400	6	8	2	1
gid	410	6	8	2	1
gp_vptb	420	6	8	2	1
gp_pptb	430	6	8	2	1
intc_info_mu	440	6	8	2	1
intc_ptr_mu	450	6	8	2	1
sh_os_vptb	460	6	8	2	1
sh_os_pptb	470	6	8	2	1
g_w_imask_mmu_cr	480	6	8	2	1
sh_pid	490	6	8	2	1
sh_mmu_cr	4a0	6	8	2	1
os_vab	4c0	6	8	2	1
sh_os_vab	4d0	6	8	2	1
us_cl_b	24	1	d	5	6
us_cl_up	124	1	d	5	6
us_cl_m0	4	1	d	5	6
us_cl_m1	84	1	d	5	6
us_cl_m2	104	1	d	5	6
us_cl_m3	184	1	d	5	6
mlta0	5	1	d	2	0
mltb0	25	1	d	2	0
mltc0	45	1	d	2	0
mlta1	85	1	d	2	0
mltb1	a5	1	d	2	0
mltc1	c5	1	d	2	0
mlta2	105	1	d	2	0
mltb2	125	1	d	2	0
mltc2	145	1	d	2	0
mlta3	185	1	d	2	0
mltb3	1a5	1	d	2	0
mltc3	1c5	1	d	2	0
mlta4	205	1	d	2	0
mltb4	225	1	d	2	0
mltc4	245	1	d	2	0
mlta5	285	1	d	2	0
mltb5	2a5	1	d	2	0
mltc5	2c5	1	d	2	0
mlta6	305	1	d	2	0
mltb6	325	1	d	2	0
mltc6	345	1	d	2	0
mlta7	385	1	d	2	0
mltb7	3a5	1	d	2	0
mltc7	3c5	1	d	2	0
mlta8	405	1	d	2	0
mltb8	425	1	d	2	0
mltc8	445	1	d	2	0
mlta9	485	1	d	2	0
mltb9	4a5	1	d	2	0
mltc9	4c5	1	d	2	0
mlta10	505	1	d	2	0
mltb10	525	1	d	2	0
mltc10	545	1	d	2	0
mlta11	585	1	d	2	0
mltb11	5a5	1	d	2	0
mltc11	5c5	1	d	2	0
mlta12	605	1	d	2	0
mltb12	625	1	d	2	0
mltc12	645	1	d	2	0
mlta13	685	1	d	2	0
mltb13	6a5	1	d	2	0
mltc13	6c5	1	d	2	0
mlta14	705	1	d	2	0
mltb14	725	1	d	2	0
mltc14	745	1	d	2	0
mlta15	785	1	d	2	0
mltb15	7a5	1	d	2	0
mltc15	7c5	1	d	2	0
ddbcr	87	1	d	5	1
ddmcr	107	1	d	5	1
ddbsr	a7	1	d	5	1
ddbar0	7	1	d	5	1
ddbar1	27	1	d	5	1
ddbar2	47	1	d	5	1
ddbar3	67	1	d	5	1
ddmar0	c7	1	d	5	1
ddmar1	e7	1	d	5	1
l2_b0_bist_sig1	0	2	b	2	0
l2_b0_bist_sig2	100	2	b	2	1
l2_b0_bisr_ctrl	200	2	b	2	1
l2_b0_ctrl	300	2	b	2	1
l2_b0_ecc_dbg	400	2	b	2	1
l2_b0_err	500	2	b	2	1
l2_b1_bist_sig1	40	2	b	2	0
l2_b1_bist_sig2	140	2	b	2	1
l2_b1_bisr_ctrl	240	2	b	2	1
l2_b1_ctrl	340	2	b	2	1
l2_b1_ecc_dbg	440	2	b	2	1
l2_b1_err	540	2	b	2	1
l2_b2_bist_sig1	80	2	b	2	0
l2_b2_bist_sig2	180	2	b	2	1
l2_b2_bisr_ctrl	280	2	b	2	1
l2_b2_ctrl	380	2	b	2	1
l2_b2_ecc_dbg	480	2	b	2	1
l2_b2_err	580	2	b	2	1
l2_b3_bist_sig1	c0	2	b	2	0
l2_b3_bist_sig2	1c0	2	b	2	1
l2_b3_bisr_ctrl	2c0	2	b	2	1
l2_b3_ctrl	3c0	2	b	2	1
l2_b3_ecc_dbg	4c0	2	b	2	1
l2_b3_err	5c0	2	b	2	1
dam_inv	0	1	3	-	1
mlt_inv	1	3	3	-	1
ldstgt_inv	2	3	3	-	1
`;

export const AAU_REG_TABLE = `
aadr0	10	d0
aadr1	10	d1
aadr2	10	d2
aadr3	10	d3
aadr4	10	d4
aadr5	10	d5
aadr6	10	d6
aadr7	10	d7
aadr8	10	d8
aadr9	10	d9
aadr10	10	d10
aadr11	10	d11
aadr12	10	d12
aadr13	10	d13
aadr14	10	d14
aadr15	10	d15
aadr16	10	d16
aadr17	10	d17
aadr18	10	d18
aadr19	10	d19
aadr20	10	d20
aadr21	10	d21
aadr22	10	d22
aadr23	10	d23
aadr24	10	d24
aadr25	10	d25
aadr26	10	d26
aadr27	10	d27
aadr28	10	d28
aadr29	10	d29
aadr30	10	d30
aadr31	10	d31
aasti_tag	11	-
aaind_tag	12	-
aaincr_tag	13	-
aasr	1b	-
aad0	0	d0
aad1	0	d1
aad2	0	d2
aad3	0	d3
aad4	0	d4
aad5	0	d5
aad6	0	d6
aad7	0	d7
aad8	0	d8
aad9	0	d9
aad10	0	d10
aad11	0	d11
aad12	0	d12
aad13	0	d13
aad14	0	d14
aad15	0	d15
aad16	0	d16
aad17	0	d17
aad18	0	d18
aad19	0	d19
aad20	0	d20
aad21	0	d21
aad22	0	d22
aad23	0	d23
aad24	0	d24
aad25	0	d25
aad26	0	d26
aad27	0	d27
aad28	0	d28
aad29	0	d29
aad30	0	d30
aad31	0	d31
aasti0	1	i0
aasti1	1	i1
aasti2	1	i2
aasti3	1	i3
aasti4	1	i4
aasti5	1	i5
aasti6	1	i6
aasti7	1	i7
aasti8	1	i8
aasti9	1	i9
aasti10	1	i10
aasti11	1	i11
aasti12	1	i12
aasti13	1	i13
aasti14	1	i14
aasti15	1	i15
aaind0	2	i0
aaind1	2	i1
aaind2	2	i2
aaind3	2	i3
aaind4	2	i4
aaind5	2	i5
aaind6	2	i6
aaind7	2	i7
aaind8	2	i8
aaind9	2	i9
aaind10	2	i10
aaind11	2	i11
aaind12	2	i12
aaind13	2	i13
aaind14	2	i14
aaind15	2	i15
aaincr0	3	i0
aaincr1	3	i1
aaincr2	3	i2
aaincr3	3	i3
aaincr4	3	i4
aaincr5	3	i5
aaincr6	3	i6
aaincr7	3	i7
aaincr8	3	i8
aaincr9	3	i9
aaincr10	3	i10
aaincr11	3	i11
aaincr12	3	i12
aaincr13	3	i13
aaincr14	3	i14
aaincr15	3	i15
aaldi0	4	d0
aaldi1	4	d1
aaldi2	4	d2
aaldi3	4	d3
aaldi4	4	d4
aaldi5	4	d5
aaldi6	4	d6
aaldi7	4	d7
aaldi8	4	d8
aaldi9	4	d9
aaldi10	4	d10
aaldi11	4	d11
aaldi12	4	d12
aaldi13	4	d13
aaldi14	4	d14
aaldi15	4	d15
aaldi16	4	d16
aaldi17	4	d17
aaldi18	4	d18
aaldi19	4	d19
aaldi20	4	d20
aaldi21	4	d21
aaldi22	4	d22
aaldi23	4	d23
aaldi24	4	d24
aaldi25	4	d25
aaldi26	4	d26
aaldi27	4	d27
aaldi28	4	d28
aaldi29	4	d29
aaldi30	4	d30
aaldi31	4	d31
aalda0	5	d0
aalda1	5	d1
aalda2	5	d2
aalda3	5	d3
aalda4	5	d4
aalda5	5	d5
aalda6	5	d6
aalda7	5	d7
aalda8	5	d8
aalda9	5	d9
aalda10	5	d10
aalda11	5	d11
aalda12	5	d12
aalda13	5	d13
aalda14	5	d14
aalda15	5	d15
aalda16	5	d16
aalda17	5	d17
aalda18	5	d18
aalda19	5	d19
aalda20	5	d20
aalda21	5	d21
aalda22	5	d22
aalda23	5	d23
aalda24	5	d24
aalda25	5	d25
aalda26	5	d26
aalda27	5	d27
aalda28	5	d28
aalda29	5	d29
aalda30	5	d30
aalda31	5	d31
aafstr	8	-
aaldv	9	-
aaldm	a	-
aabf0	c	i0
aabf1	c	i1
aabf2	c	i2
aabf3	c	i3
aabf4	c	i4
aabf5	c	i5
aabf6	c	i6
aabf7	c	i7
aabf8	c	i8
aabf9	c	i9
aabf10	c	i10
aabf11	c	i11
aabf12	c	i12
aabf13	c	i13
aabf14	c	i14
aabf15	c	i15
`;
