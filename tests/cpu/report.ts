// Summaries and failure reports of the differential harness.

import { disassemble } from './disasm.js';
import { fieldValue, FIELDS } from './compare.js';
import type { CaseOutcome } from './harness.js';
import { REC_FPCR, REC_FPSR, REC_NZCV, REC_SP } from './layout.js';

export interface MnemonicStats {
  name: string;
  total: number;
  fail: number;
  invalid: number;
  /** The failing case with the shortest sequence. */
  example: CaseOutcome | null;
}

export interface GroupSummary {
  group: string;
  total: number;
  pass: number;
  fail: number;
  invalid: number;
  byMnemonic: MnemonicStats[];
}

/** Per group, per first-instruction opcode class counts; keeps only one example per class. */
export class Tally {
  private readonly groups = new Map<string, GroupSummary>();
  private readonly mn = new Map<string, Map<string, MnemonicStats>>();

  add(o: CaseOutcome): void {
    const g = o.tc.group;
    let s = this.groups.get(g);
    let m = this.mn.get(g);
    if (s === undefined || m === undefined) {
      s = { group: g, total: 0, pass: 0, fail: 0, invalid: 0, byMnemonic: [] };
      m = new Map();
      this.groups.set(g, s);
      this.mn.set(g, m);
    }
    s.total++;
    s[o.verdict]++;
    const stats = (key: string): MnemonicStats => {
      let ms = m!.get(key);
      if (ms === undefined) {
        ms = { name: key, total: 0, fail: 0, invalid: 0, example: null };
        m!.set(key, ms);
      }
      return ms;
    };
    for (const name of new Set(o.tc.insns.map((i) => i.name))) stats(name).total++;
    if (o.verdict === 'pass') return;
    const ms = stats(o.tc.insns[o.culprit]?.name ?? '(empty)');
    if (o.verdict === 'fail') {
      ms.fail++;
      const better = (a: CaseOutcome, b: CaseOutcome): boolean => a.culprit < b.culprit || (a.culprit === b.culprit && a.tc.insns.length < b.tc.insns.length);
      if (ms.example === null || ms.example.verdict !== 'fail' || better(o, ms.example)) ms.example = o;
    } else {
      ms.invalid++;
      if (ms.example === null) ms.example = o;
    }
  }

  summaries(): GroupSummary[] {
    for (const [g, s] of this.groups) {
      s.byMnemonic = [...(this.mn.get(g) ?? new Map<string, MnemonicStats>()).values()].sort((a, b) => b.fail - a.fail || b.invalid - a.invalid || b.total - a.total);
    }
    return [...this.groups.values()];
  }
}

export function summarize(outcomes: readonly CaseOutcome[]): GroupSummary[] {
  const t = new Tally();
  for (const o of outcomes) t.add(o);
  return t.summaries();
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);

export function groupTable(summaries: readonly GroupSummary[]): string {
  const lines = [`${'group'.padEnd(8)} ${pad('cases', 7)} ${pad('pass', 7)} ${pad('fail', 7)} ${pad('invalid', 7)}  pass%`];
  let t = 0;
  let p = 0;
  let f = 0;
  let iv = 0;
  for (const s of summaries) {
    lines.push(`${s.group.padEnd(8)} ${pad(s.total, 7)} ${pad(s.pass, 7)} ${pad(s.fail, 7)} ${pad(s.invalid, 7)}  ${((100 * s.pass) / Math.max(1, s.total)).toFixed(1)}`);
    t += s.total;
    p += s.pass;
    f += s.fail;
    iv += s.invalid;
  }
  lines.push(`${'total'.padEnd(8)} ${pad(t, 7)} ${pad(p, 7)} ${pad(f, 7)} ${pad(iv, 7)}  ${((100 * p) / Math.max(1, t)).toFixed(1)}`);
  return lines.join('\n');
}

/**
 * Failures per opcode class, worst first: "fail F / T" means F failing cases
 * blame this class (the instruction a case stopped at, or the last instruction
 * of its shortest failing prefix) out of T cases that contain it.
 */
export function mnemonicTable(s: GroupSummary, limit = 30): string {
  const rows = s.byMnemonic.filter((m) => m.fail > 0 || m.invalid > 0).slice(0, limit);
  if (rows.length === 0) return `  ${s.group}: no failures`;
  return rows.map((m) => `  ${s.group.padEnd(7)} ${m.name.padEnd(22)} fail ${pad(m.fail, 6)} / ${pad(m.total, 6)}${m.invalid ? `  invalid ${m.invalid}` : ''}`).join('\n');
}

const REG_RE = /\b([xwvqdshb])(\d+)\b/g;

/** A readable report of one failing case: seed, words + disassembly, initial state, differences. */
export function describeFailures(outcomes: readonly CaseOutcome[]): string[] {
  const words: number[] = [];
  for (const o of outcomes) for (const i of o.tc.insns) words.push(i.word);
  const dis = disassemble(words);
  let k = 0;
  return outcomes.map((o) => {
    const lines: string[] = [];
    lines.push(`[${o.tc.group}] seed ${o.tc.seed} (0x${o.tc.seed.toString(16)}): ${o.verdict}${o.problem !== null ? ` - ${o.problem}` : ''}`);
    lines.push(`  reproduce: node dist/tests/cpu/diff_main.js --group ${o.tc.group} --case ${o.tc.seed}`);
    const xs = new Set<string>();
    const vs = new Set<number>();
    o.tc.insns.forEach((insn, i) => {
      const d = dis[k++];
      const mark = o.verdict !== 'pass' && i === o.culprit ? ' <-' : '';
      lines.push(`  +${String(i * 4).padStart(2, '0')}  ${insn.word.toString(16).padStart(8, '0')}  ${d.padEnd(40)} ; ${insn.name}${mark}`);
      for (const m of d.matchAll(REG_RE)) {
        if (m[1] === 'x' || m[1] === 'w') xs.add(`X${m[2]}`);
        else vs.add(Number(m[2]));
      }
      if (/\bsp\b/.test(d)) xs.add('SP');
    });
    const init = o.tc.init;
    const val = (name: string): string => {
      const f = FIELDS.find((x) => x[0] === name)!;
      return fieldValue(init, f[1], f[2]);
    };
    const regs = [...xs].filter((r) => r === 'SP' || Number(r.slice(1)) < 31).map((r) => `${r}=${val(r)}`);
    lines.push(`  initial: NZCV=${fieldValue(init, REC_NZCV, 8)} FPCR=${fieldValue(init, REC_FPCR, 8)} FPSR=${fieldValue(init, REC_FPSR, 8)} SP=${fieldValue(init, REC_SP, 8)}`);
    if (regs.length > 0) lines.push(`           ${regs.join(' ')}`);
    const vregs = [...vs].filter((v) => v < 32).sort((a, b) => a - b);
    if (vregs.length > 0) lines.push(`           ${vregs.map((v) => `V${v}=${val(`V${v}`)}`).join(' ')}`);
    for (const d of o.diffs.slice(0, 12)) lines.push(`  ${d.field.padEnd(18)} expected ${d.expected}  got ${d.got}`);
    if (o.diffs.length > 12) lines.push(`  ... and ${o.diffs.length - 12} more differences`);
    return lines.join('\n');
  });
}
