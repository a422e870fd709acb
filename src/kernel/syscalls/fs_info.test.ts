import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Errno } from '../errno.js';
import { EINVAL } from '../../abi/linux/errno.js';
import { tmpfsOptions } from './fs_info.js';

const now = (): bigint => 0n;

test('tmpfs mount options set the size, inode limit and root ownership', () => {
  assert.deepEqual(tmpfsOptions('size=2m,nr_inodes=10,mode=1777,uid=5,gid=6', now, 1 << 30), {
    now, sizeBytes: 2 << 20, maxInodes: 10, rootMode: 0o1777, rootUid: 5, rootGid: 6,
  });
  assert.equal(tmpfsOptions('size=50%', now, 1 << 30).sizeBytes, 1 << 29);
  assert.equal(tmpfsOptions('noexec,size=4096', now, 0).sizeBytes, 4096);
  assert.throws(() => tmpfsOptions('size=lots', now, 0), (e: unknown) => e instanceof Errno && e.code === EINVAL);
  assert.throws(() => tmpfsOptions('mode=9', now, 0), (e: unknown) => e instanceof Errno && e.code === EINVAL);
});
