// The boot console's host escape, as QEMU's -nographic has it: Ctrl-A
// followed by a key is a command to Flint, not input for the guest.
//   Ctrl-A x       stop the machine
//   Ctrl-A h (?)   show the keys
//   Ctrl-A m       show the machine's free memory pages (the accounting checkpoint)
//   Ctrl-A Ctrl-A  a literal Ctrl-A for the guest
// Any other key after Ctrl-A is dropped, as QEMU drops it.

export const CTRL_A = 0x01;

export const ESCAPE_HELP =
  '\r\nFlint console keys:\r\n' +
  '  Ctrl-A x       stop the machine (exit flint)\r\n' +
  '  Ctrl-A h       show this help\r\n' +
  '  Ctrl-A m       show the free memory pages\r\n' +
  '  Ctrl-A Ctrl-A  send Ctrl-A to the guest\r\n';

export interface EscapeActions {
  stop(): void;
  help(): void;
  memory(): void;
}

export class HostEscape {
  /** The previous byte was a Ctrl-A (possibly in an earlier chunk). */
  private armed = false;

  constructor(private readonly actions: EscapeActions) {}

  /** The guest's share of `chunk`; commands in it are carried out. */
  filter(chunk: Uint8Array): Uint8Array {
    if (!this.armed && !chunk.includes(CTRL_A)) return chunk;
    const out: number[] = [];
    for (const b of chunk) {
      if (!this.armed) {
        if (b === CTRL_A) this.armed = true;
        else out.push(b);
        continue;
      }
      this.armed = false;
      if (b === CTRL_A) out.push(CTRL_A);
      else if (b === 0x78 || b === 0x58) this.actions.stop();
      else if (b === 0x68 || b === 0x3f) this.actions.help();
      else if (b === 0x6d) this.actions.memory();
    }
    return Uint8Array.from(out);
  }
}
