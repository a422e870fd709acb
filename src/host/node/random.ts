// The host's cryptographic random source for the Random port.
import { webcrypto } from 'node:crypto';
import type { Random } from '../../kernel/ports.js';

/** crypto.getRandomValues fills at most this many bytes per call. */
const MAX_CHUNK = 65536;

export class NodeRandom implements Random {
  fill(buf: Uint8Array): void {
    for (let i = 0; i < buf.length; i += MAX_CHUNK) {
      webcrypto.getRandomValues(buf.subarray(i, Math.min(buf.length, i + MAX_CHUNK)));
    }
  }
}
