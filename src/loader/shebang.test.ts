import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENOEXEC } from '../abi/linux/errno.js';
import { Errno } from '../kernel/errno.js';
import { isShebang, parseShebang, scriptArgv } from './shebang.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));

test('a #! line gives the interpreter and no argument', () => {
  const sb = parseShebang(enc('#!/bin/sh\necho hi\n'));
  assert.equal(dec(sb.interp), '/bin/sh');
  assert.equal(sb.arg, null);
});

test('everything after the interpreter is one argument, blanks trimmed', () => {
  const sb = parseShebang(enc('#! /usr/bin/env  python3 -u  \n'));
  assert.equal(dec(sb.interp), '/usr/bin/env');
  assert.equal(dec(sb.arg), 'python3 -u');
});

test('a carriage return stays part of the line, as on Linux', () => {
  assert.equal(dec(parseShebang(enc('#!/bin/sh\r\n')).interp), '/bin/sh\r');
});

test('the interpreter receives the script path in place of argv[0]', () => {
  const sb = parseShebang(enc('#!/bin/awk -f\n'));
  const argv = scriptArgv(sb, enc('./s.awk'), [enc('s.awk'), enc('x')]).map(dec);
  assert.deepEqual(argv, ['/bin/awk', '-f', './s.awk', 'x']);
});

test('#! with no interpreter is ENOEXEC', () => {
  assert.throws(() => parseShebang(enc('#!   \n')), (e) => e instanceof Errno && e.code === ENOEXEC);
});

test('an interpreter name cut off by the 256-byte limit is ENOEXEC', () => {
  assert.throws(() => parseShebang(enc('#!/' + 'a'.repeat(300))), (e) => e instanceof Errno && e.code === ENOEXEC);
});

test('only files starting with #! are scripts', () => {
  assert.equal(isShebang(enc('#!x')), true);
  assert.equal(isShebang(enc('# x')), false);
  assert.equal(isShebang(enc('#')), false);
});
