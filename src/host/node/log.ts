// Diagnostics to the host's stderr, written synchronously so they interleave
// exactly with the guest's own output.
import { writeSync } from 'node:fs';
import type { Log } from '../../kernel/ports.js';

export class StderrLog implements Log {
  line(text: string): void {
    writeSync(2, text.endsWith('\n') ? text : text + '\n');
  }
}
