// A kernel without a machine around it, for unit tests of the task table, signals and
// terminals: an empty synthetic root, a console with no input, a clock that advances
// 1 µs per reading and a fixed "random" source.
import { fixedEntries, SynthDir, SynthFs } from '../../src/fs/synthetic.js';
import { Vfs } from '../../src/fs/vfs.js';
import { Kernel } from '../../src/kernel/kernel.js';

export function bareKernel(maxTasks = 4, memoryBytes = 8 << 20): Kernel {
  const fs = new SynthFs('tmp', 0x1021994, 1, 0n);
  const vfs = new Vfs(new SynthDir(fs, 1, 0o755, fixedEntries(new Map())));
  let now = 0n;
  return new Kernel({
    memoryBytes,
    maxTasks,
    vfs,
    console: { write() {}, readAvailable: () => null, onInput() {}, isTty: () => false, windowSize: () => null },
    clock: { realtimeNs: () => now, monotonicNs: () => (now += 1000n) },
    random: { fill: (b) => b.fill(1) },
    log: { line() {} },
    strace: false,
  });
}
