import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGCHLD, SIGRTMIN, SIGSEGV, SIGTERM, SIGUSR1, SIGUSR2 } from '../../abi/linux/signal.js';
import { SEGV_MAPERR, SI_QUEUE, SI_TKILL, SI_USER } from '../../abi/linux/siginfo.js';
import { faultSigInfo, kernelSigInfo, type SigInfo, userSigInfo } from './siginfo.js';
import { SigQueue, sigpendingVerdict } from './sigqueue.js';

function queued(sig: number, value: number): SigInfo {
  return { kind: 'rt', signo: sig, code: SI_QUEUE, pid: 1, uid: 0, value: BigInt(value) };
}

test('a standard signal is pending once and keeps the first siginfo', () => {
  const q = new SigQueue();
  assert.equal(q.add(userSigInfo(SIGUSR1, 5, 0, SI_TKILL)), 'queued');
  assert.equal(q.add(userSigInfo(SIGUSR1, 6, 0, SI_USER)), 'merged');
  assert.equal(q.size, 1);
  assert.deepEqual(q.take(SIGUSR1), userSigInfo(SIGUSR1, 5, 0, SI_TKILL));
  assert.equal(q.take(SIGUSR1), null);
  assert.equal(q.mask, 0n);
});

test('real-time signals queue every instance in order and the bit stays until the last is taken', () => {
  const q = new SigQueue();
  for (let i = 1; i <= 3; i++) q.add(queued(SIGRTMIN + 1, i));
  q.add(queued(SIGRTMIN, 9));
  assert.equal(q.size, 4);
  const order: number[] = [];
  for (let info = q.dequeue(0n); info !== null; info = q.dequeue(0n)) {
    order.push((info.signo - SIGRTMIN) * 100 + (info.kind === 'rt' ? Number(info.value) : 0));
  }
  assert.deepEqual(order, [9, 101, 102, 103]);
  assert.equal(q.mask, 0n);
});

test('past RLIMIT_SIGPENDING sigqueue fails, kill and kernel signals are still generated, a queued standard signal loses its siginfo', () => {
  const none = (): number => 0;
  const full = (): number => 5;
  assert.equal(sigpendingVerdict(queued(SIGRTMIN, 1), none, 5n), 'queue');
  assert.equal(sigpendingVerdict(queued(SIGRTMIN, 1), () => 4, 5n), 'queue');
  assert.equal(sigpendingVerdict(queued(SIGRTMIN, 1), full, 5n), 'fail');
  assert.equal(sigpendingVerdict(userSigInfo(SIGRTMIN, 1, 0, SI_TKILL), full, 5n), 'fail');
  assert.equal(sigpendingVerdict(userSigInfo(SIGRTMIN, 1, 0, SI_USER), full, 5n), 'lose');
  assert.equal(sigpendingVerdict(userSigInfo(SIGTERM, 1, 0, SI_USER), full, 5n), 'queue');
  assert.equal(sigpendingVerdict(kernelSigInfo(SIGCHLD), full, 0n), 'queue');
  assert.equal(sigpendingVerdict({ ...queued(SIGUSR1, 3), signo: SIGUSR1 }, full, 5n), 'lose');
  const q = new SigQueue();
  assert.equal(q.add(queued(SIGRTMIN, 1)), 'queued');
  assert.equal(q.add(queued(SIGRTMIN, 2), 'fail'), 'full');
  assert.equal(q.add(userSigInfo(SIGUSR1, 7, 0, SI_QUEUE), 'lose'), 'lost');
  assert.equal(q.size, 1);
  assert.equal(q.add(userSigInfo(SIGUSR1, 8, 0), 'queue'), 'merged');
  const lost = q.take(SIGUSR1);
  assert.ok(lost !== null && lost.kind === 'kill' && lost.code === SI_USER && lost.pid === 0);
});

test('dequeue skips blocked signals and takes synchronous faults before lower numbers', () => {
  const q = new SigQueue();
  q.add(userSigInfo(SIGUSR2, 1, 0));
  q.add(userSigInfo(SIGUSR1, 1, 0));
  q.add(faultSigInfo(SIGSEGV, SEGV_MAPERR, 0x10));
  assert.equal(q.next(0n), SIGSEGV);
  assert.equal(q.next(1n << BigInt(SIGSEGV - 1)), SIGUSR1);
  assert.equal(q.next((1n << BigInt(SIGSEGV - 1)) | (1n << BigInt(SIGUSR1 - 1))), SIGUSR2);
  assert.equal(q.dequeue(~0n), null);
});

test('discarding a mask forgets all of its instances', () => {
  const q = new SigQueue();
  q.add(queued(SIGRTMIN, 1));
  q.add(queued(SIGRTMIN, 2));
  q.add(userSigInfo(SIGCHLD, 3, 0));
  q.discard(1n << BigInt(SIGRTMIN - 1));
  assert.equal(q.size, 1);
  assert.equal(q.mask, 1n << BigInt(SIGCHLD - 1));
});

test('a pending bit without a queued siginfo yields an SI_USER siginfo', () => {
  const q = new SigQueue();
  q.mask = 1n << BigInt(SIGTERM - 1);
  assert.deepEqual(q.take(SIGTERM), { kind: 'kill', signo: SIGTERM, code: SI_USER, pid: 0, uid: 0 });
});

test('setting the pending mask discards cleared signals with their siginfo and keeps the rest', () => {
  const q = new SigQueue();
  q.add(queued(SIGRTMIN, 1));
  q.add(userSigInfo(SIGUSR1, 3, 0));
  q.setMask(q.mask & ~(1n << BigInt(SIGRTMIN - 1)));
  assert.equal(q.size, 1);
  q.setMask(q.mask | (1n << BigInt(SIGUSR2 - 1)));
  assert.equal(q.has(1n << BigInt(SIGUSR2 - 1)), true);
  assert.deepEqual(q.take(SIGUSR1), userSigInfo(SIGUSR1, 3, 0));
  assert.equal(q.take(SIGUSR2)?.signo, SIGUSR2);
  assert.equal(q.mask, 0n);
});
