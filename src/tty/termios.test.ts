import { test } from 'node:test';
import assert from 'node:assert/strict';
import { B9600, B115200, BOTHER, CBAUD, TERMIOS2_SIZE, VMIN } from '../abi/linux/termios.js';
import { Termios } from './termios.js';

test('struct termios round-trips through decode and encode', () => {
  const t = Termios.defaults();
  t.cc[VMIN] = 7;
  t.iflag = 0x1234;
  const back = Termios.decode(t.encode());
  assert.deepEqual(back.encode(), t.encode());
});

test('the speed follows the CBAUD code, and BOTHER takes c_ospeed from termios2', () => {
  const t = Termios.defaults();
  t.cflag = (t.cflag & ~CBAUD) | B115200;
  assert.equal(Termios.decode(t.encode()).ospeed, 115200);
  t.cflag = (t.cflag & ~CBAUD) | BOTHER;
  t.ospeed = 12345;
  const b = t.encode(true);
  assert.equal(b.length, TERMIOS2_SIZE);
  assert.equal(Termios.decode(b).ospeed, 12345);
  t.cflag = (t.cflag & ~CBAUD) | B9600;
  assert.equal(Termios.decode(t.encode(true)).ospeed, 9600);
});
