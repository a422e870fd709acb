// A machine for tests that run guest binaries in-process: the host's file system as
// the guest's /, a console that captures output and has no input, a real clock and
// a fixed "random" source, and the kernel's log lines collected in an array.
import { createHostVfs } from '../../src/fs/host_root.js';
import type { StdioConsole } from '../../src/fs/console_file.js';
import { NodeHostFs } from '../../src/host/node/host_fs.js';
import { createMachine, type Machine, type MachineOptions } from '../../src/mod.js';

export class CaptureConsole implements StdioConsole {
  out = '';
  write(_fd: number, data: Uint8Array): void {
    this.out += new TextDecoder().decode(data);
  }
  readAvailable(): Uint8Array | null {
    return null;
  }
  onInput(): void {}
  isTty(): boolean {
    return false;
  }
  windowSize(): null {
    return null;
  }
}

export const testClock = {
  realtimeNs: (): bigint => BigInt(Date.now()) * 1_000_000n,
  monotonicNs: (): bigint => process.hrtime.bigint(),
};

export const testRandom = { fill: (b: Uint8Array): void => void b.fill(7) };

export interface TestMachine {
  m: Machine;
  console: CaptureConsole;
  log: string[];
}

/** A 64 MiB machine over the host's file system; `options` may set maxTasks, verboseFork, strace. */
export function testMachine(options: Pick<MachineOptions, 'maxTasks' | 'verboseFork' | 'strace'> = {}): TestMachine {
  const console = new CaptureConsole();
  const log: string[] = [];
  const vfs = createHostVfs({ port: new NodeHostFs(), root: '/', console, random: testRandom, clock: testClock });
  const m = createMachine({
    vfs, console, clock: testClock, random: testRandom, log: { line: (s) => log.push(s) }, memoryBytes: 64 << 20, ...options,
  });
  return { m, console, log };
}
