R = {'s':'s','d':'d','h':'h'}
L = []
for r in 'sdh':
    for op in ['fadd','fsub','fmul','fdiv','fmax','fmin','fmaxnm','fminnm','fnmul']:
        L.append(f'{op} {r}0, {r}1, {r}2')
    for op in ['fmadd','fmsub','fnmadd','fnmsub']:
        L.append(f'{op} {r}0, {r}1, {r}2, {r}3')
    for op in ['fsqrt','fabs','fneg','fmov','frintn','frintp','frintm','frintz','frinta','frintx','frinti']:
        L.append(f'{op} {r}0, {r}1')
    if r != 'h':
        for op in ['frint32z','frint32x','frint64z','frint64x']:
            L.append(f'{op} {r}0, {r}1')
    for t in 'sdh':
        if t != r: L.append(f'fcvt {t}0, {r}1')
    L += [f'fcmp {r}1, {r}2', f'fcmpe {r}1, {r}2', f'fcmp {r}1, #0.0', f'fcmpe {r}1, #0.0',
          f'fccmp {r}1, {r}2, #5, eq', f'fccmpe {r}1, {r}2, #10, ne', f'fcsel {r}0, {r}1, {r}2, ge',
          f'fmov {r}0, #1.0', f'fmov {r}0, #-0.125', f'fmov {r}0, #31.0', f'fmov {r}0, #0.1875']
    for g in 'wx':
        for cv in ['fcvtns','fcvtnu','fcvtps','fcvtpu','fcvtms','fcvtmu','fcvtzs','fcvtzu','fcvtas','fcvtau']:
            L.append(f'{cv} {g}0, {r}1')
        for fb in ([1, 5, 31, 32] if g == 'w' else [1, 20, 33, 64]):
            L.append(f'fcvtzs {g}0, {r}1, #{fb}'); L.append(f'fcvtzu {g}0, {r}1, #{fb}')
            L.append(f'scvtf {r}0, {g}1, #{fb}'); L.append(f'ucvtf {r}0, {g}1, #{fb}')
        L.append(f'scvtf {r}0, {g}1'); L.append(f'ucvtf {r}0, {g}1')
L += ['fmov w0, s1','fmov s0, w1','fmov x0, d1','fmov d0, x1','fmov w0, h1','fmov x0, h1','fmov h0, w1','fmov h0, x1',
      'fmov x0, v1.d[1]','fmov v0.d[1], x1','fjcvtzs w0, d1']
open('insns.s','w').write('\n'.join(L)+'\n')
open('insns.txt','w').write('\n'.join(L)+'\n')
