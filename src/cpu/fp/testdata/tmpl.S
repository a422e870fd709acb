    .text
    .global tmpl_start, tmpl_insn, tmpl_end
    // x0 -> struct { u64 fpcr, nzcv, x0, x1; u64 v[4][2]; } in; out written to same struct:
    // v0 (2 words) at 32, x0 at 8*? we store: q0 -> [x8,#96], x0 -> [x8,#112], fpsr -> [x8,#120], nzcv -> [x8,#128]
tmpl_start:
    mov x8, x0
    ldr x9, [x8, #0]
    msr fpcr, x9
    msr fpsr, xzr
    ldr x9, [x8, #8]
    msr nzcv, x9
    ldr q0, [x8, #32]
    ldr q1, [x8, #48]
    ldr q2, [x8, #64]
    ldr q3, [x8, #80]
    ldr x0, [x8, #16]
    ldr x1, [x8, #24]
tmpl_insn:
    nop
    str q0, [x8, #96]
    str x0, [x8, #112]
    mrs x9, fpsr
    str x9, [x8, #120]
    mrs x9, nzcv
    str x9, [x8, #128]
    mov x9, #0
    msr fpcr, x9
    ret
tmpl_end:
