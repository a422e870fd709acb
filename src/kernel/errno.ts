// The one error type of the kernel. Handlers throw it; syscalls/dispatch.ts is
// the one place that turns it into a negative return value (-errno).
import { errnoName } from '../abi/linux/errno.js';

export class Errno extends Error {
  constructor(
    readonly code: number,
    /** A one-line explanation for humans (never shown to the guest). */
    readonly detail?: string,
  ) {
    super(detail ? `${errnoName(code)}: ${detail}` : errnoName(code));
  }
}
