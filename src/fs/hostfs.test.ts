import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nfs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Errno } from '../kernel/errno.js';
import * as E from '../abi/linux/errno.js';
import { O_CREAT, O_RDONLY, O_WRONLY } from '../abi/linux/fcntl.js';
import { NodeHostFs } from '../host/node/host_fs.js';
import { HostFs } from './hostfs.js';
import { Vfs } from './vfs.js';

/** host: OUT/secret (outside) and OUT/root (the guest's /), with OUT/root/etc/secret inside. */
function confined(): { out: string; root: string; vfs: Vfs } {
  const out = nfs.realpathSync(nfs.mkdtempSync(path.join(os.tmpdir(), 'flint-conf-')));
  const root = path.join(out, 'root');
  nfs.mkdirSync(path.join(root, 'etc'), { recursive: true });
  nfs.writeFileSync(path.join(out, 'secret'), 'outside');
  nfs.writeFileSync(path.join(root, 'secret'), 'inside');
  nfs.writeFileSync(path.join(root, 'etc', 'secret'), 'inside-etc');
  return { out, root, vfs: new Vfs(new HostFs(new NodeHostFs(), root).root()) };
}

function read(vfs: Vfs, p: string): string {
  const f = vfs.open(vfs.root, vfs.root, p, O_RDONLY, 0, 0);
  const s = new TextDecoder().decode(f.read(100));
  f.release();
  return s;
}

test('.. cannot climb out of the root directory', () => {
  const { vfs } = confined();
  assert.equal(read(vfs, '/../secret'), 'inside');
  assert.equal(read(vfs, '../../../../secret'), 'inside');
  assert.equal(read(vfs, '/etc/../../../secret'), 'inside');
});

test('an absolute symlink resolves inside the root', () => {
  const { out, root, vfs } = confined();
  nfs.symlinkSync(path.join(out, 'secret'), path.join(root, 'abs'));
  nfs.symlinkSync('/etc/secret', path.join(root, 'abs2'));
  let code = 0;
  try {
    read(vfs, '/abs');
  } catch (e) {
    code = e instanceof Errno ? e.code : -1;
  }
  assert.equal(code, E.ENOENT);
  assert.equal(read(vfs, '/abs2'), 'inside-etc');
});

test('a relative symlink climbing out stays inside the root', () => {
  const { root, vfs } = confined();
  nfs.symlinkSync('../../../../secret', path.join(root, 'etc', 'rel'));
  nfs.symlinkSync('..', path.join(root, 'up'));
  assert.equal(read(vfs, '/etc/rel'), 'inside');
  assert.equal(read(vfs, '/up/up/up/secret'), 'inside');
});

test('creating through a symlink that points out of the root creates inside', () => {
  const { out, root, vfs } = confined();
  nfs.symlinkSync(path.join(out, 'made'), path.join(root, 'trap'));
  nfs.symlinkSync('/../../made', path.join(root, 'trap2'));
  let code = 0;
  try {
    vfs.open(vfs.root, vfs.root, '/trap', O_CREAT | O_WRONLY, 0o644, 0);
  } catch (e) {
    code = e instanceof Errno ? e.code : -1;
  }
  assert.equal(code, E.ENOENT);
  vfs.open(vfs.root, vfs.root, '/trap2', O_CREAT | O_WRONLY, 0o644, 0).release();
  assert.equal(nfs.existsSync(path.join(out, 'made')), false);
  assert.equal(nfs.existsSync(path.join(root, 'made')), true);
});

test('host errors arrive as Linux errno values', () => {
  const { root, vfs } = confined();
  nfs.mkdirSync(path.join(root, 'full'));
  nfs.writeFileSync(path.join(root, 'full', 'x'), '');
  let code = 0;
  try {
    vfs.rmdir(vfs.root, vfs.root, '/full');
  } catch (e) {
    code = e instanceof Errno ? e.code : -1;
  }
  assert.equal(code, E.ENOTEMPTY);
});

test('an unlinked file stays readable through its open file', () => {
  const { vfs } = confined();
  const f = vfs.open(vfs.root, vfs.root, '/secret', O_RDONLY, 0, 0);
  vfs.unlink(vfs.root, vfs.root, '/secret');
  assert.equal(new TextDecoder().decode(f.read(100)), 'inside');
  assert.equal(f.stat().nlink, 0);
  f.release();
});
