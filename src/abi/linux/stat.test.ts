import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S_IFREG, dirent64Size, encodeDirent64, encodeStat, encodeStatFs, encodeStatx, makeDev, devMajor, devMinor } from './stat.js';
import type { Stat } from './stat.js';

const sample: Stat = {
  dev: 0x801, ino: 0x123456789, mode: S_IFREG | 0o644, nlink: 2, uid: 1000, gid: 100, rdev: 0, size: 5000,
  blksize: 4096, blocks: 16, atimeNs: 1_700_000_000_123_456_789n, mtimeNs: 5n, ctimeNs: -1n,
};

test('struct stat is 128 bytes with asm-generic field offsets', () => {
  const b = encodeStat(sample);
  const v = new DataView(b.buffer);
  assert.equal(b.length, 128);
  assert.equal(v.getBigUint64(0, true), 0x801n);
  assert.equal(v.getBigUint64(8, true), 0x123456789n);
  assert.equal(v.getUint32(16, true), 0o100644);
  assert.equal(v.getUint32(20, true), 2);
  assert.equal(v.getUint32(24, true), 1000);
  assert.equal(v.getUint32(28, true), 100);
  assert.equal(v.getBigInt64(48, true), 5000n);
  assert.equal(v.getInt32(56, true), 4096);
  assert.equal(v.getBigInt64(64, true), 16n);
  assert.equal(v.getBigInt64(72, true), 1_700_000_000n);
  assert.equal(v.getBigUint64(80, true), 123_456_789n);
  assert.equal(v.getBigInt64(88, true), 0n);
  assert.equal(v.getBigUint64(96, true), 5n);
  // -1 ns is one nanosecond before the epoch: tv_sec -1, tv_nsec 999999999.
  assert.equal(v.getBigInt64(104, true), -1n);
  assert.equal(v.getBigUint64(112, true), 999_999_999n);
});

test('struct statx puts mode at 28, ino at 32 and times as 16-byte timestamps', () => {
  const b = encodeStatx({ ...sample, dev: makeDev(8, 1) }, 0x7ff);
  const v = new DataView(b.buffer);
  assert.equal(b.length, 256);
  assert.equal(v.getUint32(0, true), 0x7ff);
  assert.equal(v.getUint32(4, true), 4096);
  assert.equal(v.getUint32(16, true), 2);
  assert.equal(v.getUint16(28, true), 0o100644);
  assert.equal(v.getBigUint64(32, true), 0x123456789n);
  assert.equal(v.getBigUint64(40, true), 5000n);
  assert.equal(v.getBigInt64(64, true), 1_700_000_000n);
  assert.equal(v.getUint32(72, true), 123_456_789);
  assert.equal(v.getBigInt64(112, true), 0n);
  assert.equal(v.getUint32(120, true), 5);
  assert.equal(v.getUint32(136, true), 8);
  assert.equal(v.getUint32(140, true), 1);
});

test('dev_t encodes major and minor as new_encode_dev', () => {
  const d = makeDev(136, 300);
  assert.equal(devMajor(d), 136);
  assert.equal(devMinor(d), 300);
  assert.equal(makeDev(1, 3), 0x103);
});

test('struct statfs is 120 bytes with f_namelen at 64', () => {
  const b = encodeStatFs({ type: 0xef53, bsize: 4096, blocks: 10, bfree: 5, bavail: 4, files: 3, ffree: 2, fsid: [7, 8], namelen: 255, frsize: 4096, flags: 32 });
  const v = new DataView(b.buffer);
  assert.equal(b.length, 120);
  assert.equal(v.getBigInt64(0, true), 0xef53n);
  assert.equal(v.getBigInt64(48, true), 2n);
  assert.equal(v.getInt32(56, true), 7);
  assert.equal(v.getInt32(60, true), 8);
  assert.equal(v.getBigInt64(64, true), 255n);
  assert.equal(v.getBigInt64(80, true), 32n);
});

test('linux_dirent64 records are 8-aligned with the name NUL-terminated at 19', () => {
  assert.equal(dirent64Size(1), 24);
  assert.equal(dirent64Size(4), 24);
  assert.equal(dirent64Size(5), 32);
  const out = new Uint8Array(32).fill(0xaa);
  const n = encodeDirent64(out, 0, 42, 7, 8, new TextEncoder().encode('hello'));
  const v = new DataView(out.buffer);
  assert.equal(n, 32);
  assert.equal(v.getBigUint64(0, true), 42n);
  assert.equal(v.getBigInt64(8, true), 7n);
  assert.equal(v.getUint16(16, true), 32);
  assert.equal(out[18], 8);
  assert.equal(new TextDecoder().decode(out.subarray(19, 24)), 'hello');
  assert.deepEqual([...out.subarray(24)], [0, 0, 0, 0, 0, 0, 0, 0]);
});
