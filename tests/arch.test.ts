// The layer graph of DESIGN.md §1, enforced over the TypeScript sources under src/:
//
//   cli/, web/ -> mod.ts -> kernel/ -> cpu/ mm/ loader/ fs/ tty/ -> abi/linux/
//   host/node, host/browser implement the ports kernel/ports.ts declares
//
// - Only src/host/node and src/cli may import Node builtins (`node:*` or a bare builtin
//   name); test files (*.test.ts) may too.
// - Every import must point down (or sideways where the table below allows it), never up.
//   Test files are exempt from the layer rule (an fs test may mount the real host fs), not
//   from the builtin rule's scope or the `.js` suffix; they may also import the shared test
//   support under tests/ (no other file under src/ may leave src/).
// - Contract modules: kernel/errno.ts (the Errno every layer throws) and kernel/ports.ts
//   (the interfaces host/ implements) are leaves that the layers below kernel may import.
//   They must stay leaves: they may import nothing but abi/ and types/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

type Layer =
  | 'abi'
  | 'types'
  | 'cpu'
  | 'mm'
  | 'loader'
  | 'fs'
  | 'tty'
  | 'kernel'
  | 'host/node'
  | 'host/browser'
  | 'mod'
  | 'cli'
  | 'web';

/** For each layer, the layers it may import (itself included). */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  abi: ['abi', 'types'],
  types: ['types'],
  // The CPU knows nothing of Linux processes: only its own files and the ABI constants.
  cpu: ['cpu', 'abi', 'types'],
  // Address spaces fill the CPU's software TLB, so mm may use cpu's state layout.
  mm: ['mm', 'cpu', 'abi', 'types'],
  loader: ['loader', 'mm', 'cpu', 'fs', 'abi', 'types'],
  // The file system never reaches up into the kernel (DESIGN.md: fs may not import kernel).
  fs: ['fs', 'mm', 'abi', 'types'],
  tty: ['tty', 'fs', 'mm', 'abi', 'types'],
  kernel: ['kernel', 'cpu', 'mm', 'loader', 'fs', 'tty', 'abi', 'types'],
  'host/node': ['host/node', 'kernel', 'fs', 'tty', 'mm', 'abi', 'types'],
  'host/browser': ['host/browser', 'kernel', 'fs', 'tty', 'mm', 'abi', 'types'],
  mod: ['mod', 'kernel', 'cpu', 'mm', 'loader', 'fs', 'tty', 'abi', 'types'],
  cli: ['cli', 'mod', 'host/node', 'kernel', 'cpu', 'mm', 'loader', 'fs', 'tty', 'abi', 'types'],
  web: ['web', 'mod', 'host/browser', 'kernel', 'cpu', 'mm', 'loader', 'fs', 'tty', 'abi', 'types'],
};

const NODE_ALLOWED: ReadonlySet<Layer> = new Set<Layer>(['host/node', 'cli']);

/** Leaf contract modules any layer may import (paths relative to src/, without extension). */
const CONTRACTS: ReadonlySet<string> = new Set(['kernel/errno', 'kernel/ports']);

function findRoot(): string {
  if (process.env['FLINT_ROOT']) return resolve(process.env['FLINT_ROOT']);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The layer of a path relative to src/ (forward slashes), or null if it is not in one. */
export function layerOf(rel: string): Layer | null {
  if (/^mod(\.test)?\.[jt]s$/.test(rel)) return 'mod';
  const [top, second] = rel.split('/');
  if (top === 'host') {
    if (second === 'node') return 'host/node';
    if (second === 'browser') return 'host/browser';
    return null;
  }
  switch (top) {
    case 'abi':
    case 'types':
    case 'cpu':
    case 'mm':
    case 'loader':
    case 'fs':
    case 'tty':
    case 'kernel':
    case 'cli':
    case 'web':
      return top;
    default:
      return null;
  }
}

/** Module specifiers of static imports, re-exports, `import x = require()` and dynamic import(). */
export function importsOf(source: string): string[] {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\s*from\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,$]*?\s*from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of noComments.matchAll(re)) if (m[1] !== undefined) specs.push(m[1]);
  return specs;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0] ?? m]));

interface Violation {
  readonly file: string;
  readonly spec: string;
  readonly why: string;
}

/** Checks one source file (path relative to src/) and returns what it breaks. */
export function checkFile(rel: string, source: string): Violation[] {
  const out: Violation[] = [];
  const from = layerOf(rel);
  const isTest = rel.endsWith('.test.ts');
  if (from === null) {
    out.push({ file: rel, spec: '', why: 'file is outside every layer of DESIGN.md §1' });
    return out;
  }
  for (const spec of importsOf(source)) {
    if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] ?? spec)) {
      if (!isTest && !NODE_ALLOWED.has(from)) out.push({ file: rel, spec, why: `${from} may not import Node builtins` });
      continue;
    }
    if (!spec.startsWith('.')) {
      out.push({ file: rel, spec, why: 'bare package imports are not allowed in src/' });
      continue;
    }
    const target = join(dirname(rel), spec).split(sep).join('/');
    if (target.startsWith('..')) {
      // A test may use the shared test support under tests/ (a test machine, the pty driver).
      if (!(isTest && target.startsWith('../tests/'))) out.push({ file: rel, spec, why: 'import leaves src/' });
      continue;
    }
    if (!spec.endsWith('.js')) out.push({ file: rel, spec, why: 'relative imports must end in .js' });
    const to = layerOf(target);
    if (to === null) {
      out.push({ file: rel, spec, why: `target ${target} is outside every layer` });
      continue;
    }
    const contract = CONTRACTS.has(rel.replace(/\.ts$/, ''));
    if (contract && to !== 'abi' && to !== 'types') {
      out.push({ file: rel, spec, why: `contract module ${rel} may import only abi/ and types/` });
      continue;
    }
    if (isTest || CONTRACTS.has(target.replace(/\.js$/, ''))) continue;
    if (!ALLOWED[from].includes(to)) out.push({ file: rel, spec, why: `${from} may not import ${to} (the layer graph points the other way)` });
  }
  return out;
}

const srcDir = join(findRoot(), 'src');

test('src/ holds TypeScript sources to check', () => {
  assert.ok(tsFiles(srcDir).length > 0, `no .ts files under ${srcDir}`);
});

test('only src/host/node and src/cli import Node builtins, and every import points down the layer graph', () => {
  const violations: Violation[] = [];
  for (const path of tsFiles(srcDir)) {
    const rel = relative(srcDir, path).split(sep).join('/');
    if (rel.endsWith('.d.ts') && rel.startsWith('types/')) continue;
    violations.push(...checkFile(rel, readFileSync(path, 'utf8')));
  }
  assert.deepEqual(
    violations.map((v) => `${v.file}: ${v.spec ? `'${v.spec}': ` : ''}${v.why}`),
    [],
  );
});

test('the checker flags Node builtins in the kernel, upward imports and a contract module that grows dependencies', () => {
  const kernel = checkFile('kernel/x.ts', "import { readFileSync } from 'node:fs';\n");
  assert.equal(kernel.length, 1);
  const bare = checkFile('mm/x.ts', "import * as fs from 'fs';\n");
  assert.equal(bare.length, 1);
  const up = checkFile('cpu/exec/alu.ts', "import type { Kernel } from '../../kernel/kernel.js';\n");
  assert.equal(up.length, 1);
  const fsUp = checkFile('fs/pipe.ts', "export { x } from '../kernel/task/task.js';\n");
  assert.equal(fsUp.length, 1);
  const dyn = checkFile('loader/elf.ts', "const m = await import('../cli/main.js');\n");
  assert.equal(dyn.length, 1);
  const fsKernel = checkFile('fs/vfs.ts', "import type { Kernel } from '../kernel/kernel.js';\n");
  assert.equal(fsKernel.length, 1);
  const fatContract = checkFile('kernel/errno.ts', "import { Task } from './task/task.js';\n");
  assert.equal(fatContract.length, 1);
  const support = checkFile('kernel/kernel.ts', "import { testMachine } from '../../tests/support/test_machine.js';\n");
  assert.deepEqual(support.map((v) => v.why), ['import leaves src/']);
});

test('the checker accepts downward imports, contract modules, and Node builtins in host/node, cli and tests', () => {
  assert.deepEqual(checkFile('kernel/kernel.ts', "import { Cpu } from '../cpu/cpu.js';\nimport * as linux from '../abi/linux/errno.js';\n"), []);
  assert.deepEqual(checkFile('host/node/host_fs.ts', "import { promises } from 'node:fs';\nimport type { Clock } from '../../kernel/ports.js';\n"), []);
  assert.deepEqual(checkFile('cli/main.ts', "import { createMachine } from '../mod.js';\nimport { argv } from 'node:process';\n"), []);
  assert.deepEqual(checkFile('cpu/cpu.test.ts', "import { test } from 'node:test';\nimport { Cpu } from './cpu.js';\n"), []);
  assert.deepEqual(checkFile('kernel/process.test.ts', "import { testMachine } from '../../tests/support/test_machine.js';\n"), []);
  assert.deepEqual(checkFile('mod.ts', "export { createMachine } from './kernel/machine.js';\n"), []);
  assert.deepEqual(checkFile('fs/pipe.ts', "import { Errno } from '../kernel/errno.js';\nimport type { Clock } from '../kernel/ports.js';\n"), []);
});
