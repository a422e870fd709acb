// Resource limits (getrlimit(2)), with Linux's defaults for a process started
// from a login shell.
import * as r from '../../abi/linux/resource.js';

export interface Rlimit {
  cur: bigint;
  max: bigint;
}

const INF = r.RLIM_INFINITY;

export function defaultRlimits(): Rlimit[] {
  const l: Rlimit[] = Array.from({ length: r.RLIM_NLIMITS }, () => ({ cur: INF, max: INF }));
  l[r.RLIMIT_STACK] = { cur: 8n << 20n, max: INF };
  l[r.RLIMIT_CORE] = { cur: 0n, max: INF };
  l[r.RLIMIT_NPROC] = { cur: 63n, max: 63n };
  l[r.RLIMIT_NOFILE] = { cur: 1024n, max: 4096n };
  l[r.RLIMIT_MEMLOCK] = { cur: 8n << 20n, max: 8n << 20n };
  // Linux sets it to max_threads / 2, max_threads being RAM / (8 * THREAD_SIZE): 2048 for 512 MiB.
  l[r.RLIMIT_SIGPENDING] = { cur: 2048n, max: 2048n };
  l[r.RLIMIT_MSGQUEUE] = { cur: 819200n, max: 819200n };
  l[r.RLIMIT_NICE] = { cur: 0n, max: 0n };
  l[r.RLIMIT_RTPRIO] = { cur: 0n, max: 0n };
  return l;
}
