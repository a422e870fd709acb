// Host errors to Linux errno: Node reports the host's errno name in `code`
// ("ENOENT"); the guest gets Linux's number for that name.
import * as linux from '../../abi/linux/errno.js';
import { Errno } from '../../kernel/errno.js';

const BY_NAME = new Map<string, number>();
for (const [name, value] of Object.entries(linux)) {
  if (typeof value === 'number' && /^E[A-Z0-9]+$/.test(name)) BY_NAME.set(name, value);
}
BY_NAME.set('ENOTSUP', linux.EOPNOTSUPP);
BY_NAME.set('EWOULDBLOCK', linux.EAGAIN);

/** The Errno for a host exception; anything without a known code becomes EIO. */
export function hostErrno(e: unknown): Errno {
  if (e instanceof Errno) return e;
  const code = e !== null && typeof e === 'object' && 'code' in e ? String(e.code) : '';
  return new Errno(BY_NAME.get(code) ?? linux.EIO, code || String(e));
}

/** Run a host call, translating its exception. */
export function hostCall<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw hostErrno(e);
  }
}
