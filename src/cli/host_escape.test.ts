import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostEscape } from './host_escape.js';

function escape(): { e: HostEscape; events: string[] } {
  const events: string[] = [];
  const e = new HostEscape({ stop: () => events.push('stop'), help: () => events.push('help'), memory: () => events.push('memory') });
  return { e, events };
}

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const str = (b: Uint8Array): string => String.fromCharCode(...b);

test('input without Ctrl-A passes through untouched, Ctrl-C included', () => {
  const { e, events } = escape();
  assert.equal(str(e.filter(bytes('ls\x03\r'))), 'ls\x03\r');
  assert.deepEqual(events, []);
});

test('Ctrl-A x stops the machine, Ctrl-A h shows help and Ctrl-A m the free pages, none reaching the guest', () => {
  const { e, events } = escape();
  assert.equal(str(e.filter(bytes('a\x01xb\x01h\x01mc'))), 'abc');
  assert.deepEqual(events, ['stop', 'help', 'memory']);
});

test('Ctrl-A Ctrl-A sends one Ctrl-A, and an escape split across chunks still works', () => {
  const { e, events } = escape();
  assert.equal(str(e.filter(bytes('\x01\x01'))), '\x01');
  assert.equal(str(e.filter(bytes('q\x01'))), 'q');
  assert.equal(str(e.filter(bytes('x'))), '');
  assert.deepEqual(events, ['stop']);
});

test('an unknown key after Ctrl-A is dropped', () => {
  const { e } = escape();
  assert.equal(str(e.filter(bytes('\x01zok'))), 'ok');
});
